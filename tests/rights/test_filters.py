from __future__ import annotations

import datetime as dt

import pytest

from ipcenter.core.errors import ValidationError
from ipcenter.rights.filters import parse_patent_filters
from ipcenter.rights.vocab import PatentType, RightStatus


def test_parses_every_filter() -> None:
    filters = parse_patent_filters(
        {
            "type": "utility_model",
            "jurisdiction": "cn",
            "status": "in_force",
            "applicant": " 伊利 ",
            "ipc": "a23c9/12",
            "filed_from": "2010-01-01",
            "filed_to": "2020-12-31",
            "page": "2",
            "page_size": "10",
        }
    )
    assert filters.patent_type is PatentType.UTILITY_MODEL
    assert filters.jurisdiction == "CN"
    assert filters.status is RightStatus.IN_FORCE
    assert filters.applicant == "伊利"
    assert filters.ipc_prefix == "A23C 9/12"
    assert (filters.filed_from, filters.filed_to) == (dt.date(2010, 1, 1), dt.date(2020, 12, 31))
    assert (filters.page, filters.page_size) == (2, 10)


def test_empty_values_mean_no_filter() -> None:
    filters = parse_patent_filters({"type": "", "status": "  "})
    assert filters.patent_type is None and filters.status is None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"type": "patent"}, "type"),
        ({"status": "alive"}, "status"),
        ({"jurisdiction": "CHN"}, "jurisdiction"),
        ({"ipc": "Z99"}, "ipc"),
        ({"filed_from": "2020-13-01"}, "filed_from"),
        ({"filed_from": "2021-01-01", "filed_to": "2020-01-01"}, "filed_from"),
        ({"page": "0"}, "page"),
        ({"page_size": "5000"}, "page_size"),
    ],
)
def test_bad_values_name_their_field(params: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_patent_filters(params)
    assert caught.value.params["field"] == field
    assert field in str(caught.value)

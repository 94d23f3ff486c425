"""Writing canonical records: normalisation on the way in, clear errors for bad input."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.orm import Session

from ipcenter.accounts import create_organisation
from ipcenter.core.errors import ValidationError
from ipcenter.core.scoping import OrgScope
from ipcenter.rights import (
    CheckDigitMismatch,
    PatentIn,
    add_patent,
    find_patent,
    patent_public,
)


def org(session: Session) -> int:
    return create_organisation(session, key="centre", name="中心", kind="centre", actor="t").id


def patent(**changes: Any) -> PatentIn:
    # CN117834529A / 202310104843.5: the Huawei example of registry_stats.md §4.2.
    data: dict[str, Any] = {
        "jurisdiction": "CN",
        "application_number": "CN 202310104843.5",
        "filing_date": "2023-01-31",
        "publications": [{"number": "CN 117834529 A", "date": "2024-04-05"}],
        "titles": {"zh": "示例"},
        "parties": [{"role": "applicant", "name": "ＡＢＣ 有限责任公司", "region_code": "150100"}],
        "ipc": ["A23C9/12"],
        "legal_events": [{"date": "2024-04-05", "code": "PB01", "text": "公布"}],
    }
    data.update(changes)
    return PatentIn.model_validate(data)


def test_numbers_names_and_symbols_are_normalised(session: Session) -> None:
    record = add_patent(session, patent(), org_id=org(session))
    assert record.application_number == "202310104843.5"
    assert record.patent_type == "invention"  # type digit 1 of the application number
    assert [p.number for p in record.publications] == ["CN117834529A"]
    assert record.parties[0].name_normalised == "ABC有限公司"
    assert [c.symbol for c in record.classifications] == ["A23C 9/12"]
    assert record.publication_date == dt.date(2024, 4, 5)


@pytest.mark.parametrize(
    "spelling",
    ["CN117834529A", "CN 117834529 A", "CN117834529", "202310104843.5", "ZL202310104843.5"],
)
def test_found_by_any_common_spelling(session: Session, spelling: str) -> None:
    add_patent(session, patent(), org_id=org(session))
    found = find_patent(session, spelling, scope=OrgScope.everything())
    assert found.application_number == "202310104843.5"


def test_public_shape_has_the_documented_keys(session: Session) -> None:
    record = add_patent(session, patent(), org_id=org(session))
    shape = patent_public(record, lang="zh_CN", as_of=dt.date(2024, 6, 1))
    assert shape.publication_number == "CN117834529A" and shape.kind == "A"
    assert shape.status == "pending" and shape.title == "示例"
    assert shape.last_day_in_force == dt.date(2043, 1, 30)


def test_bad_check_digit_is_refused(session: Session) -> None:
    with pytest.raises(CheckDigitMismatch) as caught:
        add_patent(session, patent(application_number="202310104843.4"), org_id=org(session))
    assert caught.value.params["expected"] == "5"


def test_type_contradicting_the_application_number_is_refused(session: Session) -> None:
    with pytest.raises(ValidationError) as caught:
        add_patent(session, patent(type="design"), org_id=org(session))
    assert caught.value.params["field"] == "type"


def test_grant_before_filing_is_refused(session: Session) -> None:
    with pytest.raises(ValidationError) as caught:
        add_patent(session, patent(grant_date="2020-01-01"), org_id=org(session))
    assert caught.value.params["field"] == "grant_date"


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValueError, match="colour"):
        patent(colour="blue")


@pytest.mark.parametrize(
    ("number", "expected"),
    [("US8926509B2", "invention"), ("USD435854S", "design")],  # WIPO ST.16 kinds, USPTO samples
)
def test_type_from_kind_code_outside_cn(session: Session, number: str, expected: str) -> None:
    record = add_patent(
        session,
        PatentIn.model_validate(
            {
                "jurisdiction": "US",
                "application_number": "13/123,456",
                "publications": [{"number": number}],
            }
        ),
        org_id=org(session),
    )
    assert record.patent_type == expected


def test_type_that_cannot_be_told_is_asked_for(session: Session) -> None:
    with pytest.raises(ValidationError) as caught:
        add_patent(
            session,
            PatentIn.model_validate({"jurisdiction": "EP", "application_number": "03123456"}),
            org_id=org(session),
        )
    assert caught.value.params["field"] == "type"

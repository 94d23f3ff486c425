"""Dates in the spellings exports use, and multi-value cells."""

from __future__ import annotations

import datetime as dt

import pytest

from ipcenter.ingest.cells import CellError, parse_date, split_values

D = dt.date


@pytest.mark.parametrize(
    ("value", "order", "expected"),
    [
        ("2023-01-05", "", D(2023, 1, 5)),
        ("2023/1/5", "", D(2023, 1, 5)),
        ("2023.01.05", "", D(2023, 1, 5)),
        ("20230105", "", D(2023, 1, 5)),
        ("2023年1月5日", "", D(2023, 1, 5)),
        ("２０２３－０１－０５", "", D(2023, 1, 5)),  # full-width
        ("2004-10-01T23:59:59.000Z", "", D(2004, 10, 1)),
        ("2023-01-05 00:00:00", "", D(2023, 1, 5)),
        ("21.08.2009", "dmy", D(2009, 8, 21)),  # PATENTSCOPE
        ("25/04/13", "dmy", D(2013, 4, 25)),  # Lens 2015
        ("24/10/85", "dmy", D(1985, 10, 24)),  # two-digit year: never in the future
        ("01/02/2020", "mdy", D(2020, 1, 2)),
        (44931, "", D(2023, 1, 5)),  # Excel serial (days since 1899-12-30)
        ("44931", "", D(2023, 1, 5)),
        (dt.datetime(2023, 1, 5, 8, 0), "", D(2023, 1, 5)),
        ("", "", None),
        (None, "", None),
    ],
)
def test_dates(value: object, order: str, expected: D | None) -> None:
    assert parse_date(value, order) == expected


@pytest.mark.parametrize("value", ["2023-02-30", "20231301", "soon", "12", 3.5, "1/2/3/4"])
def test_bad_dates_raise_with_a_reason(value: object) -> None:
    with pytest.raises(CellError) as caught:
        parse_date(value)
    assert caught.value.reason in (
        "cannot read {value!r} as a date",
        "{value!r} is not a calendar date",
    )


@pytest.mark.parametrize(
    ("text", "separator", "expected"),
    [
        ("A;;B;;A", ";;", ["A", "B"]),
        (
            "张杰; 俞伟祖；任宪峰 | 王慧|郑利君;李洪亮",
            "cn",
            ["张杰", "俞伟祖", "任宪峰", "王慧", "郑利君", "李洪亮"],
        ),
        ("Pizza Hut, Inc., Jeff Rader", "names,", ["Pizza Hut, Inc.", "Jeff Rader"]),
        ("", "cn", []),
        ("one", "", ["one"]),
    ],
)
def test_multi_value_cells(text: str, separator: str, expected: list[str]) -> None:
    assert split_values(text, separator) == expected

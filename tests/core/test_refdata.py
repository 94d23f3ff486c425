from __future__ import annotations

import datetime as dt
from importlib import resources

import pytest

from ipcenter.core.errors import ConfigurationError
from ipcenter.core.refdata import RefTable, _parse, load_table


def shipped_tables() -> list[str]:
    root = resources.files("ipcenter") / "data"
    names = []
    for folder in root.iterdir():
        if folder.is_dir() and folder.name != "demo":
            names += [
                f"{folder.name}/{f.name}"
                for f in folder.iterdir()
                if f.name.endswith((".csv", ".json"))
            ]
    return sorted(names)


@pytest.mark.parametrize("name", shipped_tables())
def test_every_shipped_table_cites_a_source_on_every_row(name: str) -> None:
    table = load_table(name)
    assert table.rows, f"{name} is empty"
    assert all(row["source"].strip() for row in table.rows)


def test_validity_periods_select_rows() -> None:
    table = RefTable(
        name="t",
        rows=(
            {"v": "old", "valid_from": "", "valid_to": "2021-06-01", "source": "s"},
            {"v": "new", "valid_from": "2021-06-01", "valid_to": "", "source": "s"},
        ),
    )
    assert [r["v"] for r in table.valid_on(dt.date(2021, 5, 31))] == ["old"]
    assert [r["v"] for r in table.valid_on(dt.date(2021, 6, 1))] == ["new"]


def test_comment_lines_are_skipped() -> None:
    rows = _parse("x.csv", "# a note\na,source\n1,law\n")
    assert rows == [{"a": "1", "source": "law"}]


def test_missing_table_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError):
        load_table("rights/no_such_table.csv")

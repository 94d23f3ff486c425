"""The Mexican rows of patentscope_pizza.csv through the whole import, twice, and found again.

The file imported is the sample's own header and its 23 rows whose Publication Number starts
"mx" (8 ``mxMX/a/…``, 15 ``mxPA/a/…``, counted in the file; see test_patentscope.py), byte for
byte: the whole 10,000-row sample takes about 30 s to import twice on this machine.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ipcenter.cli import app
from tests.ingest.tabular_helpers import SAMPLES
from tests.ingest.test_cli_ingest import cli  # noqa: F401 - the fixture
from tests.ingest.test_patentscope import MX_SERIES, PA_SERIES

SAMPLE = SAMPLES / "patentscope_pizza.csv"


def _mexican_rows(tmp_path: Path) -> Path:
    lines = SAMPLE.read_bytes().split(b"\r")  # the sample ends its lines with CR alone
    rows = [line for line in lines[1:] if line[:2].lower() == b"mx"]
    assert len(rows) == 23
    path = tmp_path / "patentscope_mexican.csv"
    path.write_bytes(b"\r".join([lines[0], *rows]) + b"\r")
    return path


def _show(runner: CliRunner, number: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["patents", "show", number, "--json"])
    assert result.exit_code == 0, result.stdout + result.stderr
    shown: dict = json.loads(result.stdout)  # type: ignore[type-arg]
    return shown


def test_imported_once_and_found_by_their_numbers(
    cli: CliRunner,  # noqa: F811
    tmp_path: Path,
) -> None:
    """23 records stored, none quarantined; the second import changes nothing. Line 3498
    (``mxMX/a/2007/009111``, 14.05.2009, BLENDABLE CHEESE SNACK) is found by the number as
    exported, in IMPI's spelling and by its DOCDB publication number; line 988
    (``mxPA/a/2005/008192``, PIZZA AND CRUST HAVING AN IRREGULAR EDGE) by its application number
    however it is typed."""
    path = _mexican_rows(tmp_path)
    first = json.loads(cli.invoke(app, ["ingest", str(path), "--json"]).stdout)
    [file] = first["files"]
    assert file["format"] == "patentscope"
    assert (first["read"], first["inserted"], first["quarantined"]) == (23, 23, 0)
    again = json.loads(cli.invoke(app, ["ingest", str(path), "--json"]).stdout)
    assert (again["read"], again["inserted"], again["updated"]) == (23, 0, 0)
    assert (again["unchanged"], again["quarantined"]) == (23, 0)
    quarantine = json.loads(cli.invoke(app, ["ingest", "quarantine", "--json"]).stdout)
    assert quarantine["count"] == 0

    for number in ("mxMX/a/2007/009111", "MX/a/2007/009111", "mx/A/2007/9111", "MX2007009111"):
        cheese = _show(cli, number)
        assert cheese["application_number"] == "MX/a/2007/009111", number
        assert cheese["publication_number"] == "MX2007009111"
        assert cheese["publication_date"] == "2009-05-14"
        assert cheese["title"] == "BLENDABLE CHEESE SNACK"
    for number in ("mxPA/a/2005/008192", "PA/a/2005/008192", "pa/a/2005/8192"):
        crust = _show(cli, number)
        assert crust["application_number"] == "PA/a/2005/008192", number
        assert crust["publication_number"] is None
        assert crust["title"] == "PIZZA AND CRUST HAVING AN IRREGULAR EDGE"
    for number in [*MX_SERIES.values(), *PA_SERIES.values()]:
        assert _show(cli, number)["application_number"] == number

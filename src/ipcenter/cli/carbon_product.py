"""Product commands of ``ipcenter carbon``: batch runs over many farms, the template, the report.

``batch`` is for a dairy company's supplier farms: every JSON and XLSX file of a folder (or one
workbook holding several farms, one per row of its Farm sheet) is computed on its own, so one bad
farm is reported with its file, sheet, row and field while the others are computed. Progress goes
to stderr; stdout stays one JSON document with ``--json``. The exit status is 1 when any farm
failed, so scripts notice.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from ipcenter import carbon
from ipcenter.cli.common import JsonOption, LangOption, emit, reports_errors
from ipcenter.core.errors import IpcenterError, ValidationError
from ipcenter.core.i18n import N_, current_language, gettext, normalise_language
from ipcenter.reports import Table, table_to_xlsx

FARM_SUFFIXES = (".json", ".xlsx")
PROGRESS_WIDTH = 24
GwpOption = Annotated[
    str, typer.Option("--gwp", help="GWP100 set: AR4, AR5, AR5-feedback, AR6, AR6-split.")
]


def add_commands(group: typer.Typer) -> None:
    """Add the product commands to the ``carbon`` group."""
    group.command("batch")(batch_command)
    group.command("template")(template_command)
    group.command("report")(report_command)


# ---------------------------------------------------------------------------------------------
# batch


@dataclass
class _Item:
    """One farm to compute: where it comes from, and its input or the reason it has none."""

    file: str
    key: str
    farm: carbon.FarmInput | None
    error: IpcenterError | None = None


def farm_files(path: Path) -> list[Path]:
    """The farm files under ``path`` (itself when a file), JSON and XLSX, in name order."""
    if path.is_dir():
        return sorted(
            p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FARM_SUFFIXES
        )
    if path.is_file():
        return [path]
    raise ValidationError(field="path", value=str(path), reason=N_("does not exist"))


def _items_of(path: Path, root: Path) -> list[_Item]:
    label = str(path.relative_to(root)) if path != root else path.name
    try:
        if path.suffix.lower() == ".xlsx":
            farms = carbon.read_workbook_farms(path.read_bytes(), filename=path.name)
            return [
                _Item(
                    label,
                    farm.key,
                    farm.farm,
                    carbon.WorkbookInvalid(farm.problems) if farm.problems else None,
                )
                for farm in farms
            ]
        if path.suffix.lower() == ".json":
            return [_Item(label, "", carbon.read_farm_json(path))]
        raise ValidationError(
            field="file", value=path.name, reason=N_("must be a .json or .xlsx file")
        )
    except IpcenterError as error:
        return [_Item(label, "", None, error)]
    except OSError:
        return [
            _Item(
                label,
                "",
                None,
                ValidationError(field="file", value=label, reason=N_("cannot be read")),
            )
        ]


def _progress(done: int, total: int, item: _Item, ok: bool) -> None:
    """One line per farm on stderr (a terminal gets it redrawn in place)."""
    where = f"{item.file}{' / ' + item.key if item.key else ''}"
    status = gettext("ok") if ok else gettext("failed")
    filled = round(PROGRESS_WIDTH * done / total)
    bar = "#" * filled + "-" * (PROGRESS_WIDTH - filled)
    line = f"{bar} [{done}/{total}] {where}: {status}"
    if sys.stderr.isatty():
        typer.echo(f"\r\033[K{line}", err=True, nl=done == total)
    else:
        typer.echo(line, err=True)


@reports_errors
def batch_command(
    path: Annotated[
        Path,
        typer.Argument(help="A folder of farm files (JSON, XLSX) or one workbook of farms."),
    ],
    gwp: GwpOption = "AR6",
    save: Annotated[
        bool, typer.Option("--save", help="Store each computed farm as an assessment.")
    ] = False,
    org: Annotated[
        str | None, typer.Option("--org", help="Organisation key the assessments belong to.")
    ] = None,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="Also write the summary as an XLSX table.")
    ] = None,
    reports: Annotated[
        Path | None,
        typer.Option(
            "--reports", help="Write a footprint report (DOCX) per farm into this folder."
        ),
    ] = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Compute every farm of a folder or workbook; one bad farm never stops the others."""
    if save and not org:
        raise ValidationError(field="--org", reason=N_("is required with --save"))
    if reports is not None:
        reports.mkdir(parents=True, exist_ok=True)
    files = farm_files(path)
    root = path if path.is_dir() else path.parent
    items = [item for file in files for item in _items_of(file, root)]
    if not items:
        raise ValidationError(field="path", value=str(path), reason=N_("contains no farm files"))
    results: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    for done, item in enumerate(items, start=1):
        outcome = _compute(item, gwp=gwp, org=org if save else None, reports=reports)
        if "error" in outcome:
            failures.append(outcome)
        else:
            results.append(outcome)
        _progress(done, len(items), item, "error" not in outcome)
    summary = {
        "path": str(path),
        "gwp": gwp,
        "files": len(files),
        "farms": len(items),
        "computed": len(results),
        "failed": len(failures),
        "results": results,
        "failures": failures,
    }
    if xlsx is not None:
        xlsx.write_bytes(table_to_xlsx(_batch_table(summary)))
    emit(summary, as_json=as_json, human=_batch_text(summary))
    if failures:
        raise typer.Exit(1)


def _compute(
    item: _Item, *, gwp: str, org: str | None, reports: Path | None = None
) -> dict[str, Any]:
    head: dict[str, Any] = {"file": item.file, "farm_key": item.key}
    try:
        if item.error is not None:
            raise item.error
        assert item.farm is not None  # noqa: S101 - an item has a farm or an error
        result = carbon.footprint(item.farm, gwp=gwp)
        outcome = {
            **head,
            "farm_name": result.farm_name,
            "year": result.year,
            "fpcm_kg": result.fpcm_kg,
            "allocation_milk": result.allocation_milk,
            "total_kg_co2e": result.total_kg_co2e,
            "kg_co2e_per_kg_fpcm": result.kg_co2e_per_kg_fpcm,
            "kg_co2e_per_kg_milk": result.kg_co2e_per_kg_milk,
        }
        if org is not None:
            outcome["assessment_id"] = _save(item.farm, result, org)
        if reports is not None:
            outcome["report"] = str(_write_report(item, item.farm, result, gwp, reports))
        return outcome
    except IpcenterError as error:
        name = item.farm.farm_name if item.farm else item.key
        return {
            **head,
            "farm_name": name,
            "error": error.key,
            "message": error.render(gettext),
            "params": error.to_dict(gettext)["params"],
        }


def _write_report(
    item: _Item, farm: carbon.FarmInput, result: carbon.FootprintResult, gwp: str, folder: Path
) -> Path:
    """The farm's report with every scenario (no Monte Carlo, to keep a batch quick)."""
    stem = Path(item.file).with_suffix("").as_posix().replace("/", "_")
    name = f"{stem}-{item.key}" if item.key else stem
    try:
        comparison = carbon.compare_scenarios(farm, gwp=gwp)
    except IpcenterError:
        comparison = None  # a scenario that cannot apply leaves the section empty, not the farm
    report = carbon.build_report(farm, result, lang=current_language.get(), comparison=comparison)
    path = folder / f"{name}.docx"
    path.write_bytes(carbon.report_docx(report))
    return path


def _save(farm: carbon.FarmInput, result: carbon.FootprintResult, org_key: str) -> int:
    from ipcenter.accounts import organisation_by_key
    from ipcenter.core.db import transaction
    from ipcenter.core.scoping import OrgScope

    # One transaction per farm: a failure later in the batch keeps the farms already stored.
    with transaction() as session:
        owner = organisation_by_key(session, org_key)
        assessment = carbon.save_assessment(
            session,
            farm=farm,
            result=result,
            org_id=owner.id,
            scope=OrgScope.everything(),
            created_by="cli",
        )
        return assessment.id


def _batch_table(summary: dict[str, Any]) -> Table:
    """One row per farm, computed or failed, for the company's spreadsheet."""
    headers = [
        N_("File"),
        N_("Farm key"),
        N_("Farm name"),
        N_("Year"),
        N_("Status"),
        N_("Total (kg CO2e)"),
        N_("kg CO2e per kg FPCM"),
        N_("kg CO2e per kg raw milk"),
        N_("Allocation factor to milk"),
        "FPCM (kg)",
        N_("Problem"),
    ]
    rows: list[list[Any]] = [
        [
            r["file"],
            r["farm_key"],
            r["farm_name"],
            r["year"],
            gettext("ok"),
            round(r["total_kg_co2e"], 1),
            round(r["kg_co2e_per_kg_fpcm"], 4),
            round(r["kg_co2e_per_kg_milk"], 4),
            round(r["allocation_milk"], 4),
            round(r["fpcm_kg"], 1),
            None,
        ]
        for r in summary["results"]
    ]
    rows += [
        [
            f["file"],
            f["farm_key"],
            f["farm_name"],
            None,
            gettext("failed"),
            *[None] * 5,
            f["message"],
        ]
        for f in summary["failures"]
    ]
    return Table(title=gettext("Carbon batch"), headers=[gettext(h) for h in headers], rows=rows)


def _batch_text(summary: dict[str, Any]) -> str:
    lines = [
        gettext("{computed} of {farms} farms computed, {failed} failed (GWP {gwp}).").format(
            **summary
        )
    ]
    for row in summary["results"]:
        lines.append(
            f"  {row['farm_name']} ({row['year']}): "
            + gettext("{total} kg CO2e, {intensity} kg CO2e per kg FPCM").format(
                total=f"{row['total_kg_co2e']:,.0f}", intensity=f"{row['kg_co2e_per_kg_fpcm']:.3f}"
            )
        )
    for row in summary["failures"]:
        where = f"{row['file']}{' / ' + row['farm_key'] if row['farm_key'] else ''}"
        lines.append(f"  {gettext('Failed')}: {where}: {row['message']}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# template and report


@reports_errors
def template_command(
    out: Annotated[Path, typer.Argument(help="Where to write the .xlsx template.")],
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Write the farm input workbook (XLSX) to fill in; --lang chooses its help language."""
    language = current_language.get()
    out.write_bytes(carbon.template_workbook(language))
    emit(
        {"path": str(out), "lang": language},
        as_json=as_json,
        human=gettext("Template written to {path}.").format(path=out),
    )


@reports_errors
def report_command(
    farm_file: Annotated[Path, typer.Argument(help="Farm file: JSON or the filled-in XLSX.")],
    out: Annotated[Path, typer.Option("-o", "--output", help="Where to write the report.")],
    file_format: Annotated[
        str, typer.Option("--format", help="docx or html (print-ready).")
    ] = "docx",
    gwp: GwpOption = "AR6",
    scenarios: Annotated[
        bool, typer.Option("--scenarios/--no-scenarios", help="Compare every scenario.")
    ] = True,
    monte_carlo: Annotated[
        int, typer.Option("--monte-carlo", help="Monte Carlo draws (0: none).")
    ] = 10_000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the Monte Carlo draws.")] = 0,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Write the product carbon footprint report (GB/T 24067 / GB/T 44903-2024 layout)."""
    if file_format not in ("docx", "html"):
        raise ValidationError(
            field="--format",
            value=file_format,
            reason=N_("must be one of {allowed}"),
            allowed="docx, html",
        )
    language = normalise_language(lang) or current_language.get()
    farm = read_farm_file(farm_file)
    result = carbon.footprint(farm, gwp=gwp)
    comparison = carbon.compare_scenarios(farm, gwp=gwp) if scenarios else None
    spread = carbon.monte_carlo(farm, n=monte_carlo, seed=seed, gwp=gwp) if monte_carlo else None
    report = carbon.build_report(
        farm, result, lang=language, comparison=comparison, monte_carlo=spread
    )
    if file_format == "docx":
        out.write_bytes(carbon.report_docx(report))
    else:
        out.write_text(carbon.report_html(report), encoding="utf-8")
    emit(
        {
            "path": str(out),
            "format": file_format,
            "lang": language,
            "kg_co2e_per_kg_fpcm": result.kg_co2e_per_kg_fpcm,
        },
        as_json=as_json,
        human=gettext("Report written to {path}.").format(path=out),
    )


def read_farm_file(path: Path) -> carbon.FarmInput:
    """One farm from a JSON file or a workbook holding one farm."""
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        try:
            data = path.read_bytes()
        except OSError:
            raise ValidationError(
                field="file", value=str(path), reason=N_("cannot be read")
            ) from None
        return carbon.read_farm_workbook(data, filename=path.name)
    return carbon.read_farm_json(path)

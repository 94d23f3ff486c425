"""`ipcenter stats ...`: indicators at a snapshot date, the grants table, reference lists.

The CLI is the operator's: it sees every organisation's records (``OrgScope.everything()``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ipcenter.cli.common import JsonOption, LangOption, emit, reports_errors
from ipcenter.core.i18n import gettext

stats_app = typer.Typer(
    help="Regional IP indicators computed from the registry.", no_args_is_help=True
)

AsOfOption = Annotated[str, typer.Option("--as-of", help="Snapshot date, YYYY-MM-DD.")]
RegionOption = Annotated[
    str | None, typer.Option("--region", help="GB/T 2260 code of the region (default: mainland).")
]
LevelOption = Annotated[
    str | None,
    typer.Option(
        "--level",
        help=(
            "province, city or county: the level the region code is read at (default: its own); "
            "without --region, also list every region at that level."
        ),
    ),
]


def register(app: typer.Typer) -> None:
    app.add_typer(stats_app, name="stats")


def _format(value: float | None) -> str:
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4f}"


def _with_unit(value: float | None, unit: str) -> str:
    """The value and its unit as a bulletin writes them (a ratio as a percentage)."""
    from ipcenter import stats

    if value is None:
        return "—"
    if unit in stats.PERCENT_UNITS:
        return f"{value * 100:.1f}%"
    return f"{_format(value)} {stats.unit_label(unit)}"


@stats_app.command("refresh")
@reports_errors
def refresh(as_json: JsonOption = False, lang: LangOption = None) -> None:
    """Rebuild the derived snapshot facts (first patentee, in-force intervals) from the registry.

    Indicators rebuild them by themselves when the registry changed; this does it now, in one
    transaction, and prints what was built."""
    from ipcenter import stats
    from ipcenter.core.db import get_engine, transaction

    typer.echo(gettext("Rebuilding the statistics facts from the registry…"), err=True)
    with transaction(get_engine()) as session:
        result = stats.refresh_facts(session)
    human = gettext("{patents} patents, {intervals} in-force intervals in {seconds} s").format(
        patents=f"{result.patents:,}",
        intervals=f"{result.intervals:,}",
        seconds=f"{result.seconds:.1f}",
    )
    emit(
        {"patents": result.patents, "intervals": result.intervals, "seconds": result.seconds},
        as_json=as_json,
        human=human,
    )


@stats_app.command("indicators")
@reports_errors
def indicators(
    as_of: AsOfOption,
    region: RegionOption = None,
    level: LevelOption = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Every indicator at --as-of and one year earlier, with its definition."""
    from ipcenter import stats
    from ipcenter.core.db import get_engine, transaction
    from ipcenter.core.scoping import OrgScope

    day = stats.parse_as_of(as_of)
    with transaction(get_engine()) as session:
        report = stats.compute_indicators(
            session, as_of=day, scope=OrgScope.everything(), region_code=region, level=level
        )
    names = stats.labels()
    lines = []
    for entry in report.indicators:
        change = "" if entry.yoy is None else f" ({entry.yoy:+.1%})"
        lines.append(
            f"{names.get(entry.id, entry.id)} ({entry.id}): "
            f"{_with_unit(entry.value, entry.unit)}{change}"
            f"  [{gettext('a year earlier')}: {_with_unit(entry.previous_value, entry.unit)}]"
        )
        lines.append(f"    {entry.definition}")
        if entry.reason:
            lines.append(f"    {entry.reason}")
    for row in report.regions:
        lines.append(f"  {row.code or '—'} {row.name}: {row.valid_invention_patents:,}")
    emit(report, as_json=as_json, human="\n".join(lines))


@stats_app.command("grants")
@reports_errors
def grants(
    start: Annotated[str, typer.Option("--from", help="First day of the period, YYYY-MM-DD.")],
    end: Annotated[str, typer.Option("--to", help="Last day of the period, YYYY-MM-DD.")],
    region: RegionOption = None,
    level: LevelOption = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Grants and applications by type × region × applicant type × 职务/非职务."""
    from ipcenter import stats
    from ipcenter.core.db import get_engine, transaction
    from ipcenter.core.scoping import OrgScope

    first, last = stats.parse_as_of(start, field="from"), stats.parse_as_of(end, field="to")
    regions = stats.region_filter(region, None)
    grouped = stats.RegionFilter(
        code=regions.code, level=regions.level, group_level=level or regions.level
    )
    with transaction(get_engine()) as session:
        rows = stats.grants_table(
            session, start=first, end=last, scope=OrgScope.everything(), regions=grouped
        )
    unattributed = gettext(stats.UNATTRIBUTED)
    names = stats.labels()  # the bulletin's words for measures, types and service, not their ids

    def label(value: str) -> str:
        return names.get(value, value)

    human = "\n".join(
        f"{label(r.measure)}\t{unattributed if r.unattributed else r.region or '-'}\t"
        f"{label(r.patent_type)}\t{label(r.applicant_type)}\t{label(r.service)}\t{r.count}"
        for r in rows
    )
    emit({"rows": [r.model_dump() for r in rows]}, as_json=as_json, human=human)


@stats_app.command("sei-load")
@reports_errors
def sei_load(
    path: Annotated[Path, typer.Argument(help="CSV with the columns of sei_concordance.csv.")],
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Replace the SEI ↔ IPC concordance with a fuller one (the shipped table is partial)."""
    from ipcenter import stats
    from ipcenter.core.db import get_engine, transaction

    with transaction(get_engine()) as session:
        count = stats.load_sei_rules(session, path.read_text(encoding="utf-8-sig"))
    emit(
        {"rules": count}, as_json=as_json, human=gettext("{count} rules loaded").format(count=count)
    )


@stats_app.command("awards-load")
@reports_errors
def awards_load(
    path: Annotated[Path, typer.Argument(help="CSV: application_number,award,year,source.")],
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Add patents that won a national S&T award or a China Patent Award to the award list."""
    from ipcenter import stats
    from ipcenter.core.db import get_engine, transaction

    with transaction(get_engine()) as session:
        count = stats.load_awards(session, path.read_text(encoding="utf-8-sig"))
    emit(
        {"awards": count},
        as_json=as_json,
        human=gettext("{count} awards loaded").format(count=count),
    )


@stats_app.command("population")
@reports_errors
def population(as_json: JsonOption = False, lang: LangOption = None) -> None:
    """The shipped year-end resident population table and its coverage, with sources."""
    from ipcenter import stats

    rows = [
        {
            "region_code": p.region_code,
            "year": p.year,
            "population_10k": p.population_10k,
            "kind": p.kind,
            "source": p.source,
        }
        for p in stats.population_coverage()
    ]
    human = "\n".join(
        f"{r['region_code']} {r['year']} {r['population_10k']} ({r['kind']})" for r in rows
    )
    emit({"rows": rows}, as_json=as_json, human=human)

"""The product carbon footprint report of one farm year, in Chinese or English, as DOCX or HTML.

The sections follow the structure of a product carbon footprint study report under GB/T 24067
(ISO 14067) as specialised for livestock products by GB/T 44903-2024: general information, goal
and scope (functional unit, system boundary), allocation, data sources and data quality, the GWP
set, results by gas, source and scope, scenarios, uncertainty, and the trace of key numbers. One
list of blocks is built first and then rendered to either format, so the DOCX and the HTML always
show the same numbers. The HTML is self-contained and print-ready (A4); PDF is not offered, as
no pure-Python route renders CJK text faithfully without a browser or LaTeX.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from babel.numbers import format_decimal
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from ipcenter.carbon.choices import choice_label
from ipcenter.carbon.inputs import FarmInput
from ipcenter.carbon.results import FootprintResult, MonteCarloResult, ScenarioComparison
from ipcenter.core.i18n import N_, gettext

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
KEY_QUANTITIES = ("ge", "dmi", "ym", "enteric_ef", "vs", "nex")


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    key: str  # stable id, e.g. "results-by-source" (HTML id, test hook)
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Paragraph | Table


@dataclass(frozen=True)
class Report:
    title: str
    lang: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)


def number(value: float, digits: int, lang: str) -> str:
    """``value`` with thousands separators and exactly ``digits`` decimals, in ``lang``."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=lang)


def build_report(
    farm: FarmInput,
    result: FootprintResult,
    *,
    lang: str,
    comparison: ScenarioComparison | None = None,
    monte_carlo: MonteCarloResult | None = None,
    organisation: str = "",
    demo_fields: Sequence[str] = (),
    generated_on: dt.date | None = None,
) -> Report:
    """The report's blocks for one farm year in ``lang`` (``zh_CN`` or ``en``)."""
    builder = _Builder(lang)
    tr = builder.tr
    title = tr(N_("Product carbon footprint report: raw milk of {farm}, {year}")).format(
        farm=result.farm_name, year=result.year
    )
    builder.general(farm, result, organisation, demo_fields, generated_on or dt.date.today())
    builder.scope(farm, result)
    builder.allocation(farm, result)
    builder.data_quality(farm, result)
    builder.gwp(result)
    builder.results(result)
    builder.scenarios(comparison)
    builder.uncertainty(monte_carlo)
    builder.trace(result)
    return Report(title=title, lang=lang, blocks=tuple(builder.blocks))


class _Builder:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.blocks: list[Block] = []

    def tr(self, message: str) -> str:
        # gettext("") answers the catalogue's header (Project-Id-Version …): never ask for it.
        return gettext(message, self.lang) if message else ""

    def n(self, value: float, digits: int = 0) -> str:
        return number(value, digits, self.lang)

    def heading(self, message: str, level: int = 1) -> None:
        self.blocks.append(Heading(self.tr(message), level))

    def para(self, text: str) -> None:
        self.blocks.append(Paragraph(text))

    def table(self, key: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        self.blocks.append(
            Table(key, tuple(self.tr(h) for h in headers), tuple(tuple(r) for r in rows))
        )

    def general(
        self,
        farm: FarmInput,
        result: FootprintResult,
        organisation: str,
        demo_fields: Sequence[str],
        day: dt.date,
    ) -> None:
        tr = self.tr
        self.heading(N_("1 General information"))
        rows = [
            (tr(N_("Product")), tr(N_("Raw milk at the farm gate"))),
            (tr(N_("Farm")), result.farm_name),
            (tr(N_("Reporting period")), tr(N_("Calendar year {year}")).format(year=result.year)),
            (tr(N_("Commissioned by")), organisation or "—"),
            (tr(N_("Date of the report")), day.isoformat()),
            (
                tr(N_("Methods")),
                tr(N_("GB/T 24067, GB/T 44903-2024; IPCC 2019 Refinement Vol. 4; IDF 2022")),
            ),
            (tr(N_("Calculated with")), "ipcenter"),
        ]
        if result.scenario:
            rows.append((tr(N_("Scenario")), choice_label("scenario", result.scenario, self.lang)))
        self.table("general", (N_("Item"), N_("Value")), rows)
        if demo_fields:
            self.para(
                tr(N_("DEMO: demonstration data. Invented values: {fields}.")).format(
                    fields=", ".join(demo_fields)
                )
            )

    def scope(self, farm: FarmInput, result: FootprintResult) -> None:
        tr = self.tr
        self.heading(N_("2 Goal and scope"))
        self.heading(N_("2.1 Functional unit"), 2)
        method = choice_label("fpcm_method", result.fpcm_method, self.lang)
        self.para(
            tr(
                N_(
                    "The functional unit is 1 kg of fat- and protein-corrected milk (FPCM, "
                    "4.0 % fat and 3.3 % true protein) leaving the farm gate, computed with the "
                    "{method}. Results per kg of raw milk sold are given as well."
                )
            ).format(method=method)
        )
        self.table(
            "functional-unit",
            (N_("Quantity"), N_("Value"), N_("Unit")),
            [
                (tr(N_("Milk sold")), self.n(result.milk_sold_kg), "kg"),
                (tr(N_("Fat of milk sold")), self.n(farm.sales.milk_fat_percent, 2), "%"),
                (
                    tr(N_("True protein of milk sold")),
                    self.n(farm.sales.milk_protein_percent, 2),
                    "%",
                ),
                ("FPCM", self.n(result.fpcm_kg), "kg"),
            ],
        )
        self.heading(N_("2.2 System boundary"), 2)
        self.para(
            tr(
                N_(
                    "Cradle to farm gate: the production of purchased feed and its transport, "
                    "enteric fermentation, manure management, managed soils of the farm, fuel "
                    "burnt on the farm and purchased electricity. Processing and distribution "
                    "after the farm gate, capital goods and land-use change are outside the "
                    "boundary."
                )
            )
        )

    def allocation(self, farm: FarmInput, result: FootprintResult) -> None:
        tr = self.tr
        self.heading(N_("3 Allocation"))
        self.para(
            tr(
                N_(
                    "Emissions are shared between milk and meat by the IDF biophysical "
                    "allocation: AF_milk = 1 − 6.04 × BMR, with BMR = live weight sold less "
                    "live weight bought, divided by the FPCM sold. Manure leaving the farm is a "
                    "residual and carries no emissions."
                )
            )
        )
        meat = farm.sales.live_weight_sold_kg - farm.sales.live_weight_bought_kg
        self.table(
            "allocation",
            (N_("Quantity"), N_("Value"), N_("Unit")),
            [
                (tr(N_("Live weight sold")), self.n(farm.sales.live_weight_sold_kg), "kg"),
                (tr(N_("Live weight bought")), self.n(farm.sales.live_weight_bought_kg), "kg"),
                ("BMR", self.n(meat / result.fpcm_kg if result.fpcm_kg else 0.0, 5), "kg/kg"),
                (tr(N_("Allocation factor to milk")), self.n(result.allocation_milk, 4), "—"),
            ],
        )

    def data_quality(self, farm: FarmInput, result: FootprintResult) -> None:
        tr = self.tr
        self.heading(N_("4 Data sources and data quality"))
        self.para(
            tr(
                N_(
                    "Activity data are the farm's own records for the reporting period as "
                    "entered. Emission factors and default values come from the data tables "
                    "listed below, each row citing its source table."
                )
            )
        )
        self.heading(N_("4.1 Activity data"), 2)
        self.table(
            "activity-herd",
            (
                N_("Cohort"),
                N_("Head"),
                N_("Body weight"),
                N_("Milk yield"),
                N_("Milk fat"),
                N_("Digestibility (DE)"),
                N_("Manure system"),
            ),
            [
                (
                    cohort.label or choice_label("cohort_kind", cohort.kind, self.lang),
                    self.n(cohort.head),
                    self.n(cohort.body_weight_kg) + " kg",
                    self.n(cohort.milk_kg_day, 2) + " kg/d" if cohort.milk_kg_day else "—",
                    (
                        self.n(cohort.fat_percent, 2) + " %"
                        if cohort.milk_kg_day and cohort.fat_percent is not None
                        else "—"
                    ),
                    self.n(cohort.de_percent, 1) + " %" if cohort.de_percent else "—",
                    "; ".join(
                        f"{choice_label('manure_system', part.system, self.lang)} "
                        f"{self.n(100 * part.share, 0)} %"
                        for part in cohort.manure
                    ),
                )
                for cohort in farm.cohorts
            ],
        )
        energy, soils = farm.energy, farm.soils
        inputs = [
            (N_("Diesel"), energy.diesel_kg, "kg"),
            (N_("Petrol"), energy.petrol_kg, "kg"),
            (N_("LPG"), energy.lpg_kg, "kg"),
            (N_("Coal"), energy.coal_kg, "kg"),
            (N_("Grid electricity"), energy.electricity_kwh, "kWh"),
            (N_("Synthetic N"), soils.synthetic_n_kg, "kg N"),
            (N_("Organic N"), soils.organic_n_kg, "kg N"),
            (N_("Urea"), soils.urea_kg, "kg"),
            (N_("Limestone"), soils.limestone_kg, "kg"),
            (N_("Dolomite"), soils.dolomite_kg, "kg"),
        ]
        rows = [(tr(name), self.n(value), unit) for name, value, unit in inputs if value]
        rows += [
            (feed.name or feed.feed_id or "—", self.n(feed.tonnes, 1), tr(N_("t fresh weight")))
            for feed in farm.feeds
        ]
        rows += [
            (f"{tr(N_('Freight'))} ({item.mode})", self.n(item.tkm), "t·km")
            for item in farm.transport
        ]
        self.table("activity-inputs", (N_("Input"), N_("Amount"), N_("Unit")), rows)
        self.heading(N_("4.2 Emission factors and default values"), 2)
        used: dict[str, set[str]] = {}
        for step in result.trace:
            for row in step.rows:
                name, _sep, key = row.partition(":")
                used.setdefault(name, set()).add(key)
        self.table(
            "data-tables",
            (N_("Data table"), N_("Rows used")),
            [(name, ", ".join(sorted(keys))) for name, keys in sorted(used.items())],
        )
        self.heading(N_("4.3 Data quality"), 2)
        if result.quality_flags:
            self.table(
                "quality-flags",
                (N_("Data-quality flag"), N_("Field"), N_("Detail")),
                [
                    (choice_label("flag", flag.code, self.lang), flag.field, flag.detail or "—")
                    for flag in result.quality_flags
                ],
            )
        else:
            self.para(tr(N_("No data-quality flags were raised.")))

    def gwp(self, result: FootprintResult) -> None:
        tr = self.tr
        gwp = result.gwp
        self.heading(N_("5 Global warming potentials"))
        self.table(
            "gwp",
            (N_("GWP set"), N_("CH4, biogenic"), N_("CH4, fossil"), "N2O", N_("Source")),
            [
                (
                    gwp.name,
                    self.n(gwp.ch4_biogenic, 1),
                    self.n(gwp.ch4_fossil, 1),
                    self.n(gwp.n2o),
                    gwp.source,
                )
            ],
        )
        self.para(tr(N_("100-year GWP, kg CO2e per kg of gas.")))

    def results(self, result: FootprintResult) -> None:
        tr = self.tr
        self.heading(N_("6 Results"))
        self.table(
            "results-headline",
            (N_("Indicator"), N_("Value"), N_("Unit")),
            [
                (tr(N_("Farm total")), self.n(result.total_kg_co2e), "kg CO2e"),
                (tr(N_("Allocated to milk")), self.n(result.milk_kg_co2e), "kg CO2e"),
                (
                    tr(N_("Carbon footprint per kg FPCM")),
                    self.n(result.kg_co2e_per_kg_fpcm, 3),
                    "kg CO2e/kg FPCM",
                ),
                (
                    tr(N_("Carbon footprint per kg raw milk")),
                    self.n(result.kg_co2e_per_kg_milk, 3),
                    tr(N_("kg CO2e/kg milk")),
                ),
                (tr(N_("Per cow")), self.n(result.per_cow_kg_co2e), tr(N_("kg CO2e/cow"))),
            ],
        )
        total = result.total_kg_co2e or 1.0
        self.heading(N_("6.1 By source"), 2)
        self.table(
            "results-by-source",
            (N_("Source"), "kg CO2e", N_("Share")),
            [
                (
                    choice_label("source", key, self.lang),
                    self.n(value),
                    self.n(100 * value / total, 1) + " %",
                )
                for key, value in result.by_source.items()
                if value
            ],
        )
        self.heading(N_("6.2 By gas"), 2)
        masses = {
            "ch4_biogenic": result.gases.ch4_biogenic_kg,
            "ch4_fossil": result.gases.ch4_fossil_kg,
            "n2o": result.gases.n2o_kg,
            "co2": result.gases.co2_kg,
        }
        self.table(
            "results-by-gas",
            (N_("Gas"), N_("Mass (kg)"), "kg CO2e"),
            [
                (
                    choice_label("gas", key, self.lang),
                    self.n(masses[key], 1) if key in masses else "—",
                    self.n(value),
                )
                for key, value in result.by_gas.items()
                if value
            ],
        )
        self.heading(N_("6.3 By scope"), 2)
        self.table(
            "results-by-scope",
            (N_("Scope"), "kg CO2e", N_("Share")),
            [
                (
                    choice_label("scope", key, self.lang),
                    self.n(value),
                    self.n(100 * value / total, 1) + " %",
                )
                for key, value in result.by_scope.items()
            ],
        )

    def scenarios(self, comparison: ScenarioComparison | None) -> None:
        tr = self.tr
        self.heading(N_("7 Scenarios"))
        if comparison is None or not comparison.scenarios:
            self.para(tr(N_("No scenarios were assessed.")))
            return
        base = comparison.baseline
        rows = [
            (
                tr(N_("Baseline")),
                self.n(base.total_kg_co2e),
                self.n(base.kg_co2e_per_kg_fpcm, 3),
                "—",
                "—",
            )
        ]
        for diff in comparison.scenarios:
            rows.append(
                (
                    choice_label("scenario", diff.name, self.lang),
                    self.n(diff.result.total_kg_co2e),
                    self.n(diff.result.kg_co2e_per_kg_fpcm, 3),
                    self.n(diff.delta_total_kg_co2e),
                    self.n(diff.delta_percent, 1) + " %",
                )
            )
        self.table(
            "scenarios",
            (N_("Scenario"), "kg CO2e", "kg CO2e/kg FPCM", N_("Change (kg CO2e)"), N_("Change")),
            rows,
        )

    def uncertainty(self, monte_carlo: MonteCarloResult | None) -> None:
        tr = self.tr
        self.heading(N_("8 Uncertainty"))
        if monte_carlo is None:
            self.para(tr(N_("No uncertainty analysis was run.")))
            return
        self.para(
            tr(
                N_(
                    "Monte Carlo analysis with {n} draws (seed {seed}) of the parameters that "
                    "carry ranges: {parameters}."
                )
            ).format(
                n=self.n(monte_carlo.n),
                seed=monte_carlo.seed,
                parameters=", ".join(monte_carlo.parameters),
            )
        )
        self.table(
            "uncertainty",
            (N_("Quantity"), "P5", "P50", "P95"),
            [
                (
                    "kg CO2e/kg FPCM",
                    self.n(monte_carlo.p5, 3),
                    self.n(monte_carlo.p50, 3),
                    self.n(monte_carlo.p95, 3),
                ),
                (
                    tr(N_("Farm total (kg CO2e)")),
                    self.n(monte_carlo.total_p5_kg_co2e),
                    self.n(monte_carlo.total_p50_kg_co2e),
                    self.n(monte_carlo.total_p95_kg_co2e),
                ),
            ],
        )

    def trace(self, result: FootprintResult) -> None:
        tr = self.tr
        self.heading(N_("9 Trace of key numbers"))
        self.para(
            tr(
                N_(
                    "Each figure below is an intermediate result with the equation and the data "
                    "table rows it used; the full trace is kept with the stored assessment."
                )
            )
        )
        key_steps = [
            step
            for step in result.trace
            if step.quantity in KEY_QUANTITIES
            or step.quantity in ("fpcm", "allocation_milk")
            or step.quantity.startswith(("electricity", "fuel_co2", "feed", "transport"))
        ]
        self.table(
            "trace",
            (N_("Quantity"), N_("Cohort"), N_("Value"), N_("Unit"), N_("Equation"), N_("Data")),
            [
                (
                    step.quantity,
                    step.cohort or "—",
                    self.n(step.value, 4),
                    step.unit or "—",
                    step.equation,
                    "; ".join(step.rows) or "—",
                )
                for step in key_steps
            ],
        )


# ---------------------------------------------------------------------------------------------
# Rendering


def report_docx(report: Report) -> bytes:
    """The report as a Word document (python-docx), with a CJK-capable body font."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    # East Asian text needs its own font mapping, or Word falls back to a Latin font.
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "SimSun")
    title = document.add_heading(report.title, level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for block in report.blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            document.add_paragraph(block.text)
        else:
            table = document.add_table(rows=1, cols=len(block.headers))
            table.style = "Table Grid"
            for cell, header in zip(table.rows[0].cells, block.headers, strict=True):
                cell.text = header
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            # Row by row: python-docx's table.cell(r, c) walks the whole grid on every call.
            for row in block.rows:
                for cell, value in zip(table.add_row().cells, row, strict=True):
                    cell.text = value
            document.add_paragraph()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
       font-size: 10.5pt; color: #111; max-width: 180mm; margin: 0 auto; line-height: 1.5; }
h1 { font-size: 17pt; text-align: center; margin: 0 0 12pt; }
h2 { font-size: 13pt; margin: 16pt 0 6pt; border-bottom: 1px solid #999; break-after: avoid; }
h3 { font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 10pt; break-inside: auto; }
th, td { border: 1px solid #888; padding: 2pt 4pt; vertical-align: top; text-align: left; }
th { background: #eef3f8; }
tr { break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; }
"""


def report_html(report: Report) -> str:
    """The report as one self-contained, print-ready HTML page."""
    html_lang = "zh-CN" if report.lang == "zh_CN" else "en"
    parts = [
        "<!doctype html>",
        f'<html lang="{html_lang}"><head><meta charset="utf-8">',
        f"<title>{html.escape(report.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(report.title)}</h1>",
    ]
    for block in report.blocks:
        if isinstance(block, Heading):
            tag = f"h{block.level + 1}"
            parts.append(f"<{tag}>{html.escape(block.text)}</{tag}>")
        elif isinstance(block, Paragraph):
            parts.append(f"<p>{html.escape(block.text)}</p>")
        else:
            head = "".join(f"<th>{html.escape(h)}</th>" for h in block.headers)
            body = "".join(
                "<tr>" + "".join(_html_cell(value) for value in row) + "</tr>" for row in block.rows
            )
            parts.append(
                f'<table id="{block.key}"><thead><tr>{head}</tr></thead>'
                f"<tbody>{body}</tbody></table>"
            )
    parts.append("</body></html>")
    return "\n".join(parts)


_NUMBER = re.compile(r"^[-−]?[\d,]+(\.\d+)?( %)?$")


def _html_cell(value: str) -> str:
    numeric = bool(_NUMBER.match(value))
    return (
        f'<td class="num">{html.escape(value)}</td>'
        if numeric
        else f"<td>{html.escape(value)}</td>"
    )

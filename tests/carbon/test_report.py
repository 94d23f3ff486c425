"""The footprint report: GB/T 24067 / GB/T 44903 sections, the same numbers as the result."""

from __future__ import annotations

import io

import pytest
from docx import Document

from ipcenter.carbon import (
    build_report,
    compare_scenarios,
    footprint,
    monte_carlo,
    parse_farm,
    report_docx,
    report_html,
)
from ipcenter.carbon.report import number
from tests.carbon.workbook_helpers import CASE_A_JSON

FARM = parse_farm(CASE_A_JSON)
RESULT = footprint(FARM, gwp="AR6")
COMPARISON = compare_scenarios(FARM, gwp="AR6")
SPREAD = monte_carlo(FARM, n=500, seed=7, gwp="AR6")

HEADINGS = {
    "zh_CN": [
        "1 基本信息",
        "2 目的与范围",
        "2.1 功能单位",
        "2.2 系统边界",
        "3 分配",
        "4 数据来源与数据质量",
        "4.1 活动数据",
        "4.2 排放因子与缺省值",
        "4.3 数据质量",
        "5 全球变暖潜势",
        "6 结果",
        "6.1 按排放源",
        "6.2 按温室气体",
        "6.3 按范围",
        "7 情景分析",
        "8 不确定性",
        "9 关键数值追溯",
    ],
    "en": [
        "1 General information",
        "2 Goal and scope",
        "2.1 Functional unit",
        "2.2 System boundary",
        "3 Allocation",
        "4 Data sources and data quality",
        "4.1 Activity data",
        "4.2 Emission factors and default values",
        "4.3 Data quality",
        "5 Global warming potentials",
        "6 Results",
        "6.1 By source",
        "6.2 By gas",
        "6.3 By scope",
        "7 Scenarios",
        "8 Uncertainty",
        "9 Trace of key numbers",
    ],
}


def key_numbers(lang: str) -> list[str]:
    """The figures a reader checks, formatted as the report prints them."""
    return [
        number(RESULT.fpcm_kg, 0, lang),
        number(RESULT.allocation_milk, 4, lang),
        number(RESULT.total_kg_co2e, 0, lang),
        number(RESULT.kg_co2e_per_kg_fpcm, 3, lang),
        number(RESULT.kg_co2e_per_kg_milk, 3, lang),
        number(RESULT.by_source["enteric_ch4"], 0, lang),
        number(RESULT.by_scope["scope2"], 0, lang),
        number(SPREAD.p5, 3, lang),
        number(SPREAD.p50, 3, lang),
        number(SPREAD.p95, 3, lang),
        number(COMPARISON.scenarios[0].result.kg_co2e_per_kg_fpcm, 3, lang),
        number(FARM.energy.electricity_kwh, 0, lang),
    ]


def test_number_format_is_exact() -> None:
    assert number(1234567.891, 0, "zh_CN") == "1,234,568"
    assert number(0.76693, 3, "en") == "0.767"


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_docx_has_the_sections_and_the_result_numbers(lang: str) -> None:
    report = build_report(
        FARM, RESULT, lang=lang, comparison=COMPARISON, monte_carlo=SPREAD, organisation="Org"
    )
    document = Document(io.BytesIO(report_docx(report)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == HEADINGS[lang]
    assert document.paragraphs[0].text == report.title
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for figure in key_numbers(lang):
        assert figure in cells, figure
    # The functional unit and the GWP set are stated.
    text = "\n".join(p.text for p in document.paragraphs)
    assert "FPCM" in text
    assert "AR6" in cells and "273" in cells


def test_html_in_chinese_and_english_has_the_same_numbers() -> None:
    pages = {
        lang: report_html(
            build_report(FARM, RESULT, lang=lang, comparison=COMPARISON, monte_carlo=SPREAD)
        )
        for lang in ("zh_CN", "en")
    }
    assert '<html lang="zh-CN">' in pages["zh_CN"] and '<html lang="en">' in pages["en"]
    for lang, page in pages.items():
        for heading in HEADINGS[lang]:
            assert heading in page
        for figure in key_numbers(lang):
            assert figure in page, (lang, figure)
    assert "产品碳足迹报告" in pages["zh_CN"] and "Product carbon footprint report" in pages["en"]
    assert "@page { size: A4" in pages["en"]


def test_a_report_without_scenarios_or_uncertainty_says_so() -> None:
    page = report_html(build_report(FARM, RESULT, lang="en"))
    assert "No scenarios were assessed." in page
    assert "No uncertainty analysis was run." in page


def test_demo_values_are_declared() -> None:
    page = report_html(
        build_report(FARM, RESULT, lang="zh_CN", demo_fields=("sales.milk_sold_kg",))
    )
    assert "演示" in page and "sales.milk_sold_kg" in page


@pytest.mark.parametrize(("lang", "first_header"), [("zh_CN", "量"), ("en", "Quantity")])
def test_no_table_header_shows_the_catalogue_header(lang: str, first_header: str) -> None:
    """QA: the 8 不确定性 table showed "Project-Id-Version: ipcenter 0.1.0 …" (gettext of "")."""
    report = build_report(FARM, RESULT, lang=lang, monte_carlo=SPREAD)
    [table] = [b for b in report.blocks if getattr(b, "key", None) == "uncertainty"]
    assert table.headers == (first_header, "P5", "P50", "P95")
    cells = [
        cell.text
        for t in Document(io.BytesIO(report_docx(report))).tables
        for row in t.rows
        for cell in row.cells
    ]
    for text in (report_html(report), "\n".join(cells)):
        assert "Project-Id-Version" not in text and "Content-Type" not in text

"""The indicators as an XLSX workbook laid out like a provincial IP statistics bulletin.

Sheet 1 "主要指标": a title line, the snapshot date and region, then one row per indicator
(value, same date a year earlier, year-on-year change, unit as a bulletin writes it, definition,
note). Sheet 2 the regions one level down, with an "Unattributed" row for the patents whose first
patentee has no region at that level (so the rows add up to the total) and a note saying so;
sheet 3 the grants/applications table of the calendar year to date.
"""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ipcenter.core.i18n import gettext
from ipcenter.rights import region_label
from ipcenter.stats.grants import GrantRow
from ipcenter.stats.indicators import IndicatorReport, RegionRow
from ipcenter.stats.labels import PERCENT_UNITS, UNATTRIBUTED, UNATTRIBUTED_NOTE, unit_label

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _heading(sheet: Worksheet, title: str, subtitle: str, columns: int) -> None:
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([subtitle])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=columns)
    sheet["A2"].alignment = Alignment(horizontal="center")


def _header(sheet: Worksheet, headers: list[str], widths: list[int]) -> None:
    sheet.append(headers)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _number_format(unit: str) -> str:
    if unit in PERCENT_UNITS:
        return "0.0%"
    return "0.0000" if unit == "per_10k" else "#,##0"


def _grant_region(grant: GrantRow, lang: str) -> str:
    if grant.unattributed:
        return gettext(UNATTRIBUTED)
    return region_label(grant.region, lang) if grant.region else ""


def bulletin_xlsx(
    report: IndicatorReport,
    regions: list[RegionRow],
    grants: list[GrantRow],
    *,
    labels: dict[str, str],
    lang: str,
) -> bytes:
    """The workbook; ``labels`` maps indicator ids to their display names."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has one sheet
    sheet.title = gettext("Main indicators")[:31]
    where = region_label(report.region_code, lang) if report.region_code else gettext("Mainland")
    _heading(
        sheet,
        gettext("Intellectual property statistics bulletin"),
        gettext("{region} · as of {date}").format(region=where, date=report.as_of.isoformat()),
        7,
    )
    _header(
        sheet,
        [
            gettext("Indicator"),
            gettext("Value"),
            gettext("A year earlier"),
            gettext("Year on year"),
            gettext("Unit"),
            gettext("Definition"),
            gettext("Note"),
        ],
        [34, 14, 14, 12, 16, 80, 50],
    )
    for entry in report.indicators:
        sheet.append(
            [
                labels.get(entry.id, entry.id),
                entry.value,
                entry.previous_value,
                entry.yoy,
                unit_label(entry.unit),
                entry.definition,
                entry.reason or "",
            ]
        )
        row = sheet.max_row
        sheet.cell(row, 4).number_format = "0.0%"
        for column in (2, 3):
            sheet.cell(row, column).number_format = _number_format(entry.unit)
        sheet.cell(row, 6).alignment = Alignment(wrap_text=True, vertical="top")
    high = next((e for e in report.indicators if e.id == "high_value_invention_patents"), None)
    if high is not None:
        sheet.append([])
        sheet.append([gettext("High-value criteria (each counted separately)")])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        for flag, count in high.breakdown.get("flags", {}).items():
            sheet.append([labels.get(f"flag_{flag}", flag), count])

    regional = workbook.create_sheet(gettext("By region")[:31])
    _heading(
        regional,
        gettext("Valid invention patents by region"),
        gettext("as of {date}").format(date=report.as_of.isoformat()),
        7,
    )
    _header(
        regional,
        [
            gettext("Code"),
            gettext("Region"),
            gettext("Valid invention patents"),
            gettext("A year earlier"),
            gettext("Year on year"),
            gettext("High-value invention patents"),
            gettext("Per 10,000 residents"),
        ],
        [10, 20, 18, 16, 12, 20, 18],
    )
    for region in regions:
        regional.append(
            [
                region.code or "",
                region.name,
                region.valid_invention_patents,
                region.previous_valid_invention_patents,
                region.yoy,
                region.high_value_invention_patents,
                region.per_10k,
            ]
        )
        regional.cell(regional.max_row, 5).number_format = "0.0%"
        regional.cell(regional.max_row, 7).number_format = "0.00"
    if any(region.unattributed for region in regions):
        regional.append([])
        regional.append([gettext(UNATTRIBUTED_NOTE)])

    table = workbook.create_sheet(gettext("Grants and applications")[:31])
    start = dt.date(report.as_of.year, 1, 1)
    _heading(
        table,
        gettext("Grants and applications by type, region and applicant type"),
        f"{start.isoformat()} – {report.as_of.isoformat()}",
        6,
    )
    _header(
        table,
        [
            gettext("Measure"),
            gettext("Region"),
            gettext("Patent type"),
            gettext("Applicant type"),
            gettext("Service / non-service"),
            gettext("Count"),
        ],
        [14, 20, 16, 20, 20, 10],
    )
    for grant in grants:
        table.append(
            [
                labels.get(grant.measure, grant.measure),
                _grant_region(grant, lang),
                labels.get(grant.patent_type, grant.patent_type),
                labels.get(grant.applicant_type, grant.applicant_type),
                labels.get(grant.service, grant.service),
                grant.count,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

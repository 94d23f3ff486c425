"""The farm workbook (XLSX) users fill in: its template, drop-down lists and problem messages.

The layout is :mod:`ipcenter.carbon.workbook_layout`; reading a filled workbook back is
:mod:`ipcenter.carbon.workbook_read`. Problems name the sheet, the row, the column (its header, a
msgid rendered in the reader's language) and the input field, with the reason as a msgid.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ipcenter.carbon.choices import INPUT_VOCABULARIES, VOCABULARIES
from ipcenter.carbon.inputs import FarmInput
from ipcenter.carbon.workbook_layout import (
    COHORT_KEY,
    EXAMPLE_ROWS,
    FARM_KEY,
    FIRST_DATA_ROW,
    SHEETS,
    SHEETS_BY_KEY,
    TEMPLATE_ROWS,
    UNIT_ROW,
    Column,
    Sheet,
)
from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_, gettext
from ipcenter.core.refdata import load_table

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LISTS_SHEET = "lists"
HELP_SHEET = "说明 Help"

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_EXAMPLE_FONT = Font(italic=True, color="808080")


# ---------------------------------------------------------------------------------------------
# Problems


class WorkbookCellError(ValidationError):
    """One bad cell (or row) of a workbook; ``what`` is the column header msgid."""

    key = "carbon.workbook_cell"
    message = N_("Sheet {sheet}, row {row}, column {what} ({field}): {reason}")
    with_value = N_("Sheet {sheet}, row {row}, column {what} ({field}): {value!r} {reason}")


class WorkbookRowError(ValidationError):
    """A problem with a whole row (a cohort without a ration row, a duplicate farm key …)."""

    key = "carbon.workbook_row"
    message = N_("Sheet {sheet}, row {row} ({field}): {reason}")
    with_value = N_("Sheet {sheet}, row {row} ({field}): {value!r} {reason}")


class WorkbookInvalid(ValidationError):
    """All problems of a workbook at once, so a user fixes them in one pass."""

    key = "carbon.workbook_invalid"
    message = N_("The workbook has {count} problem(s):")

    def __init__(self, problems: Iterable[ValidationError]) -> None:
        self.problems: tuple[ValidationError, ...] = tuple(problems)
        super().__init__(field="file", count=len(self.problems))

    def render(self, translate: Callable[[str], str] | None = None) -> str:
        head = super().render(translate)
        return "\n".join([head, *(problem.render(translate) for problem in self.problems)])

    def to_dict(self, translate: Callable[[str], str] | None = None) -> dict[str, Any]:
        data = super().to_dict(translate)
        data["params"]["problems"] = [problem.render(translate) for problem in self.problems]
        return data


Problem = WorkbookCellError | WorkbookRowError


def cell_error(
    sheet: Sheet, row: int, column: Column, field_path: str, reason: str, **params: Any
) -> WorkbookCellError:
    return WorkbookCellError(
        sheet=sheet.title, row=row, what=column.header, field=field_path, reason=reason, **params
    )


def row_error(sheet: Sheet, row: int, field_path: str, reason: str, **params: Any) -> Problem:
    return WorkbookRowError(sheet=sheet.title, row=row, field=field_path, reason=reason, **params)


# ---------------------------------------------------------------------------------------------
# Drop-down lists


# cpca's table adds 990000 苏鲁交界 (a Jiangsu-Shandong border sea area) at province level; it
# is no GB/T 2260 province, so the 99 prefix is left out of the lists.
_NOT_A_PROVINCE_PREFIX = "99"


def _province_choices(lang: str) -> list[tuple[str, str]]:
    rows = load_table("regions/cn_admin_divisions.csv").rows
    return [
        (row["code"], row["name_en"] if lang == "en" and row["name_en"] else row["name_zh"])
        for row in rows
        if row["level"] == "province" and not row["code"].startswith(_NOT_A_PROVINCE_PREFIX)
    ]


def _table_choices(table: str, key: str) -> Callable[[str], list[tuple[str, str]]]:
    """Choices from a carbon data table with ``name_zh``/``name_en`` columns, one per key."""

    def choices(lang: str) -> list[tuple[str, str]]:
        named: dict[str, str] = {}
        for row in load_table(f"carbon/{table}").rows:
            named.setdefault(row[key], row["name_en"] if lang == "en" else row["name_zh"])
        return list(named.items())

    return choices


def _yes_no(lang: str) -> list[tuple[str, str]]:
    return [("yes", gettext(N_("yes"), lang)), ("no", gettext(N_("no"), lang))]


def _vocabulary_choices(name: str) -> Callable[[str], list[tuple[str, str]]]:
    def choices(lang: str) -> list[tuple[str, str]]:
        return [(key, gettext(text, lang)) for key, text in VOCABULARIES[name].items()]

    return choices


CHOICES: dict[str, Callable[[str], list[tuple[str, str]]]] = {
    "province": _province_choices,
    "yes_no": _yes_no,
    "grid": _table_choices("grid_factors.csv", "grid"),
    "feed": _table_choices("feed_factors.csv", "feed_id"),
    "transport_mode": _table_choices("transport_factors.csv", "mode"),
    **{name: _vocabulary_choices(name) for name in INPUT_VOCABULARIES},
}


def choices_for(vocabulary: str, lang: str) -> list[tuple[str, str]]:
    """``(identifier, label)`` pairs of a drop-down list; empty for a free-text column."""
    provider = CHOICES.get(vocabulary)
    return provider(lang) if provider else []


# ---------------------------------------------------------------------------------------------
# The template


def template_workbook(lang: str = "zh_CN") -> bytes:
    """The empty farm workbook in ``lang`` (help texts, list labels), headers in both languages."""
    return _workbook(lang, EXAMPLE_ROWS, example=True)


def farms_workbook(farms: Sequence[FarmInput], lang: str = "zh_CN") -> bytes:
    """The template filled with ``farms`` (one farm key each), to edit and upload again.

    A cohort without a label gets ``<kind>-<n>`` so that its rations and manure rows can name it.
    """
    rows: dict[str, list[dict[str, Any]]] = {sheet.key: [] for sheet in SHEETS}
    for number, farm in enumerate(farms, start=1):
        for key, sheet_rows in farm_rows(farm, f"F{number}").items():
            rows[key].extend(sheet_rows)
    return _workbook(lang, rows, example=False)


def _workbook(lang: str, rows: dict[str, list[dict[str, Any]]], *, example: bool) -> bytes:
    book = Workbook()
    help_sheet = book.active
    assert help_sheet is not None  # noqa: S101 - a new workbook always has one sheet
    help_sheet.title = HELP_SHEET
    _write_help(help_sheet, lang)
    lists = book.create_sheet(LISTS_SHEET)
    ranges = _write_lists(lists, lang)
    lists.sheet_state = "hidden"
    for sheet in SHEETS:
        ws = book.create_sheet(sheet.title)
        _write_sheet(ws, sheet, lang, ranges)
        _write_rows(ws, sheet, rows[sheet.key], lang, example=example)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HELP_LINES: tuple[str, ...] = (
    N_("Dairy farm carbon footprint: input workbook"),
    "",
    N_(
        "Fill in one row per farm on the Farm, Energy & inputs and Sales sheets, and as many "
        "rows as needed on the others."
    ),
    N_(
        "The farm key (first column of every sheet) ties the rows to one farm; a workbook may "
        "hold several farms."
    ),
    N_("Rations and Manure rows name their cohort by its label on the Cohorts sheet."),
    N_(
        "Row 1 and row 2 hold the headers in both languages, row 3 the units; data start on "
        "row 4. Columns marked * are required."
    ),
    N_(
        "Rows whose farm key is 示例 or example are examples and are not read; overwrite or "
        "delete them."
    ),
    N_("Percentages are percent (3.5, not 0.035); shares are fractions between 0 and 1."),
    N_("Lists: choose from the drop-down, or type the identifier (the first word of an entry)."),
    N_(
        "The example farm's herd is the IPCC worked case of the research notes; its other "
        "values are illustrative."
    ),
    N_("Macros are never run: save the workbook as .xlsx."),
    "",
)


def _write_help(ws: Any, lang: str) -> None:
    lines = [gettext(line, lang) if line else "" for line in HELP_LINES]
    lines += [f"{sheet.title}: {gettext(sheet.help, lang)}" for sheet in SHEETS]
    for number, line in enumerate(lines, start=1):
        ws.cell(row=number, column=1, value=line)
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 120


def _write_lists(ws: Any, lang: str) -> dict[str, str]:
    """One column per drop-down list; returns the range formula of each list."""
    ranges: dict[str, str] = {}
    names = sorted({c.vocabulary for s in SHEETS for c in s.columns if c.vocabulary})
    column = 0
    for name in names:
        options = choices_for(name, lang)
        if not options:
            continue
        column += 1
        letter = get_column_letter(column)
        ws.cell(row=1, column=column, value=name)
        for offset, (key, label) in enumerate(options, start=2):
            ws.cell(row=offset, column=column, value=f"{key} {label}")
        ranges[name] = f"{LISTS_SHEET}!${letter}$2:${letter}${len(options) + 1}"
    return ranges


def _write_sheet(ws: Any, sheet: Sheet, lang: str, ranges: dict[str, str]) -> None:
    first, second = ("zh_CN", "en") if lang == "zh_CN" else ("en", "zh_CN")
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        mark = " *" if column.required else ""
        for row, header_lang in ((1, first), (2, second)):
            cell = ws.cell(row=row, column=index, value=gettext(column.header, header_lang) + mark)
            cell.font = Font(bold=True)
            cell.fill = _HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        unit = gettext(column.unit, lang) if column.unit else ""
        ws.cell(row=UNIT_ROW, column=index, value=unit).font = Font(italic=True)
        if column.help:
            ws.cell(row=1, column=index).comment = Comment(gettext(column.help, lang), "ipcenter")
        ws.column_dimensions[letter].width = max(12, len(gettext(column.header, "en")) + 4)
        _add_validation(ws, column, letter, ranges, lang)
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=2)


def _write_rows(
    ws: Any, sheet: Sheet, rows: list[dict[str, Any]], lang: str, *, example: bool
) -> None:
    for offset, values in enumerate(rows):
        for index, column in enumerate(sheet.columns, start=1):
            value = values.get(column.key)
            if column.kind == "bool" and isinstance(value, bool):
                value = "yes" if value else "no"
            elif column.vocabulary and value is not None:
                value = _choice_text(column.vocabulary, str(value), lang)
            cell = ws.cell(row=FIRST_DATA_ROW + offset, column=index, value=value)
            if example:
                cell.font = _EXAMPLE_FONT


def farm_rows(farm: FarmInput, key: str) -> dict[str, list[dict[str, Any]]]:
    """The rows of each sheet that hold ``farm`` under farm key ``key`` (the reader's inverse)."""
    data = farm.model_dump(mode="json")
    location, energy, soils = data["location"], data["energy"], data["soils"]
    farm_row = {
        FARM_KEY: key,
        "farm_name": data["farm_name"],
        "year": data["year"],
        "fpcm_method": data["fpcm_method"],
        "productivity": data.get("productivity"),
        **{k: location.get(k) for k in ("province_code", "climate_zone", "ipcc_region")},
    }
    rows: dict[str, list[dict[str, Any]]] = {
        "farm": [farm_row],
        "cohorts": [],
        "rations": [],
        "manure": [],
        "feeds": [{FARM_KEY: key, **feed} for feed in data["feeds"]],
        "transport": [{FARM_KEY: key, **item} for item in data["transport"]],
        "energy": [{FARM_KEY: key, **energy, **soils}],
        "sales": [{FARM_KEY: key, **data["sales"]}],
    }
    ration_keys = [c.key for c in SHEETS_BY_KEY["rations"].columns[2:]]
    for number, cohort in enumerate(data["cohorts"], start=1):
        label = cohort["label"] or f"{cohort['kind']}-{number}"
        rows["cohorts"].append({FARM_KEY: key, **cohort, "label": label})
        rows["rations"].append(
            {FARM_KEY: key, COHORT_KEY: label, **{k: cohort.get(k) for k in ration_keys}}
        )
        for index, part in enumerate(cohort["manure"]):
            months = cohort.get("storage_months") if index == 0 else None
            rows["manure"].append(
                {FARM_KEY: key, COHORT_KEY: label, **part, "storage_months": months}
            )
    return rows


def _choice_text(vocabulary: str, key: str, lang: str) -> str:
    for option, label in choices_for(vocabulary, lang):
        if option == key:
            return f"{option} {label}"
    return key


def _add_validation(
    ws: Any, column: Column, letter: str, ranges: dict[str, str], lang: str
) -> None:
    area = f"{letter}{FIRST_DATA_ROW}:{letter}{TEMPLATE_ROWS}"
    title = gettext(column.header, lang)
    validation: DataValidation | None = None
    if column.vocabulary and column.vocabulary in ranges:
        validation = DataValidation(type="list", formula1=f"={ranges[column.vocabulary]}")
        validation.error = gettext(N_("Choose a value from the list."), lang)
    elif column.kind in ("number", "int") and column.minimum is not None:
        validation = DataValidation(
            type="decimal", operator="greaterThanOrEqual", formula1=str(column.minimum)
        )
        validation.error = gettext(N_("Enter a number of at least {limit}."), lang).format(
            limit=column.minimum
        )
    if validation is None:
        return
    validation.allow_blank = True
    validation.showErrorMessage = True
    validation.errorTitle = title
    ws.add_data_validation(validation)
    validation.add(area)

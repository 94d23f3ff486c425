"""Reading a filled-in farm workbook back into farm inputs, safely and with located problems.

Safe by construction: openpyxl in read-only mode, cell values only (formulas are read as their
cached values, macros never run), macro-enabled workbooks refused, and the archive's unpacked size
bounded before openpyxl sees it. Every problem names the sheet, the row, the column and the input
field, with its reason as a msgid, so it reads in Chinese or English. The field rules are
:func:`parse_farm`'s: each row is first checked on its own inside a minimal valid farm (so every
bad row is reported, not only the first), then the whole farm once for the rules across rows.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from openpyxl import load_workbook

from ipcenter.carbon.checking import field_problems
from ipcenter.carbon.inputs import FarmInput, parse_farm
from ipcenter.carbon.workbook import (
    WorkbookCellError,
    WorkbookInvalid,
    WorkbookRowError,
    cell_error,
    choices_for,
    row_error,
)
from ipcenter.carbon.workbook_layout import (
    COHORT_KEY,
    EXAMPLE_KEYS,
    FARM_KEY,
    FIRST_DATA_ROW,
    HEADER_ROWS,
    LOCATION_KEYS,
    SHEETS,
    SHEETS_BY_KEY,
    SOIL_KEYS,
    Column,
    Sheet,
)
from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_, gettext

# An XLSX is a zip; a small upload that unpacks to gigabytes is refused before parsing.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS_PER_SHEET = 20_000


@dataclass
class WorkbookFarm:
    """One farm of a workbook: its input when every cell is valid, else the problems found."""

    key: str
    row: int
    farm: FarmInput | None = None
    problems: list[ValidationError] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.farm.farm_name if self.farm else self.key


@dataclass
class _Place:
    sheet: Sheet
    row: int
    column: Column | None = None


@dataclass
class _Draft:
    """A farm being assembled from rows, with the cell each input field came from."""

    key: str
    row: int
    data: dict[str, Any] = field(default_factory=dict)
    places: dict[str, _Place] = field(default_factory=dict)
    cohort_index: dict[str, int] = field(default_factory=dict)
    problems: list[ValidationError] = field(default_factory=list)


def read_farm_workbook(stream: IO[bytes] | bytes, *, filename: str | None = None) -> FarmInput:
    """The one farm of a filled-in workbook; every problem of the workbook is raised at once."""
    farms = read_workbook_farms(stream, filename=filename)
    problems = [problem for farm in farms for problem in farm.problems]
    if problems:
        raise WorkbookInvalid(problems)
    if len(farms) != 1:
        raise ValidationError(
            field="file",
            reason=N_("holds {count} farms; read it with the batch command or upload page"),
            count=len(farms),
        )
    farm = farms[0].farm
    assert farm is not None  # noqa: S101 - no problems means the farm parsed
    return farm


def read_workbook_farms(
    stream: IO[bytes] | bytes, *, filename: str | None = None
) -> list[WorkbookFarm]:
    """Every farm of a workbook, each parsed on its own: one bad farm never hides the others.

    Problems with the file as a whole (not an XLSX, macros, missing sheets) raise at once.
    """
    data = stream if isinstance(stream, bytes) else stream.read()
    _check_archive(data, filename)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_vba=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ValidationError(field="file", reason=N_("is not a readable XLSX workbook")) from exc
    try:
        tables: dict[str, list[_Row]] = {sheet.key: _read_sheet(book, sheet) for sheet in SHEETS}
    finally:
        book.close()
    return _assemble(tables)


def _check_archive(data: bytes, filename: str | None) -> None:
    if filename and filename.lower().endswith((".xlsm", ".xltm", ".xlsb", ".xls")):
        raise ValidationError(
            field="file",
            value=filename,
            reason=N_("is not accepted: save the workbook as .xlsx without macros"),
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ValidationError(field="file", reason=N_("is not a readable XLSX workbook")) from None
    with archive:
        names = archive.namelist()
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise ValidationError(
                field="file", reason=N_("contains macros; save the workbook as .xlsx without them")
            )
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise ValidationError(field="file", reason=N_("unpacks to more than the size limit"))


@dataclass
class _Row:
    number: int
    values: dict[str, Any]


def _read_sheet(book: Any, sheet: Sheet) -> list[_Row]:
    ws = _find_sheet(book, sheet)
    if ws is None:
        if sheet.key in ("farm", "cohorts"):
            raise ValidationError(
                field="file", reason=N_("has no sheet {sheet}"), sheet=sheet.title
            )
        return []
    rows = ws.iter_rows(values_only=True)
    headers: list[list[Any]] = [list(next(rows, ())) for _ in range(HEADER_ROWS)]
    positions = _column_positions(sheet, headers)
    missing = [c for c in sheet.columns if c.required and c.key not in positions]
    if missing:
        raise ValidationError(
            field="file",
            reason=N_("sheet {sheet} lacks the column {what}"),
            sheet=sheet.title,
            what=missing[0].header,
        )
    found: list[_Row] = []
    for number, values in enumerate(rows, start=HEADER_ROWS + 1):
        if number < FIRST_DATA_ROW:
            continue  # the units row
        if number > MAX_ROWS_PER_SHEET:
            raise ValidationError(
                field="file",
                reason=N_("sheet {sheet} has more than {limit} rows"),
                sheet=sheet.title,
                limit=MAX_ROWS_PER_SHEET,
            )
        cells = {
            key: _clean(values[index]) for key, index in positions.items() if index < len(values)
        }
        if all(value is None for value in cells.values()):
            continue
        farm_key = cells.get(FARM_KEY)
        if isinstance(farm_key, str) and farm_key.casefold() in EXAMPLE_KEYS:
            continue
        found.append(_Row(number, cells))
    return found


def _find_sheet(book: Any, sheet: Sheet) -> Any:
    wanted = {_normal(sheet.title), *(_normal(part) for part in sheet.title.split(" ", 1))}
    for name in book.sheetnames:
        if _normal(name) in wanted:
            return book[name]
    return None


def _normal(text: Any) -> str:
    value = unicodedata.normalize("NFKC", str(text)).strip().rstrip("*").strip()
    return re.sub(r"\s+", " ", value).casefold()


def _column_positions(sheet: Sheet, headers: list[list[Any]]) -> dict[str, int]:
    names: dict[str, str] = {}
    for column in sheet.columns:
        for lang in ("zh_CN", "en"):
            names[_normal(gettext(column.header, lang))] = column.key
        names[_normal(column.key)] = column.key
    positions: dict[str, int] = {}
    for header_row in headers:
        for index, text in enumerate(header_row):
            if text is None:
                continue
            key = names.get(_normal(text))
            if key is not None:
                positions.setdefault(key, index)
    return positions


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        # Text is kept as typed (full-width punctuation in names stays); numbers and list
        # entries are normalised where they are converted.
        value = value.strip()
        return value or None
    return value


# ---------------------------------------------------------------------------------------------
# Cell values


class _BadCell(Exception):
    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params


def _convert(column: Column, value: Any) -> Any:
    if column.kind == "text":
        return _text(value)
    if column.kind == "bool":
        return _boolean(value)
    if column.kind == "choice":
        return _choice(column, value)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _BadCell(N_("must be a number"), value=str(value))
    if isinstance(value, str):
        try:
            number = float(unicodedata.normalize("NFKC", value).replace(",", ""))
        except ValueError:
            raise _BadCell(N_("must be a number"), value=value) from None
    else:
        number = float(value)
    if column.kind == "int":
        if not number.is_integer():
            raise _BadCell(N_("must be a whole number"), value=value)
        return int(number)
    return int(number) if isinstance(value, int) else number


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_TRUE = {"yes", "y", "true", "1", "是", "有"}
_FALSE = {"no", "n", "false", "0", "否", "无"}


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _normal(_text(value)).split(" ", 1)[0]
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _BadCell(N_("must be yes or no"), value=_text(value))


def _choice(column: Column, value: Any) -> str:
    text = _text(value)
    assert column.vocabulary is not None  # noqa: S101 - choice columns name their list
    options = [
        choice for lang in ("zh_CN", "en") for choice in choices_for(column.vocabulary, lang)
    ]
    if not options:
        return text
    token = _normal(text).split(" ", 1)[0]
    for key, label in options:
        if token == key or _normal(text) in (_normal(key), _normal(label)):
            return key
    raise _BadCell(
        N_("must be one of {allowed}"),
        value=text,
        allowed=", ".join(dict.fromkeys(key for key, _label in options)),
    )


# ---------------------------------------------------------------------------------------------
# Assembling farms


def _assemble(tables: dict[str, list[_Row]]) -> list[WorkbookFarm]:
    drafts: dict[str, _Draft] = {}
    orphans: list[ValidationError] = []
    farm_sheet = SHEETS_BY_KEY["farm"]
    for row in tables["farm"]:
        key = _text(row.values.get(FARM_KEY) or "")
        if not key:
            orphans.append(
                cell_error(
                    farm_sheet, row.number, farm_sheet.columns[0], FARM_KEY, N_("is required")
                )
            )
            continue
        if key in drafts:
            orphans.append(
                row_error(farm_sheet, row.number, FARM_KEY, N_("appears twice"), value=key)
            )
            continue
        draft = _Draft(key=key, row=row.number)
        drafts[key] = draft
        _fill_single(draft, farm_sheet, row)
    for sheet in SHEETS[1:]:
        seen: set[str] = set()
        for row in tables[sheet.key]:
            key = _text(row.values.get(FARM_KEY) or "")
            found = drafts.get(key)
            if found is None:
                orphans.append(
                    row_error(
                        sheet,
                        row.number,
                        FARM_KEY,
                        N_("is not a farm key of the Farm sheet"),
                        value=key,
                    )
                )
                continue
            draft = found
            if not sheet.many:
                if key in seen:
                    draft.problems.append(
                        row_error(sheet, row.number, FARM_KEY, N_("appears twice"), value=key)
                    )
                    continue
                seen.add(key)
                _fill_single(draft, sheet, row)
            elif sheet.key == "cohorts":
                _add_cohort(draft, sheet, row)
            elif sheet.key in ("rations", "manure"):
                _add_to_cohort(draft, sheet, row)
            else:
                _add_item(draft, sheet, row)
    farms: list[WorkbookFarm] = []
    for draft in drafts.values():
        _check_cohorts_complete(draft)
        farms.append(_finish(draft))
    if orphans:
        if farms:
            farms[0].problems.extend(orphans)
        else:
            raise WorkbookInvalid(orphans)
    if not farms:
        raise ValidationError(
            field="file", reason=N_("has no farm rows on sheet {sheet}"), sheet=farm_sheet.title
        )
    return farms


def _section_of(sheet: Sheet, key: str) -> str:
    """Where a one-row-per-farm sheet's column goes in the farm input (``""`` = top level)."""
    if sheet.key == "farm":
        return "location." if key in LOCATION_KEYS else ""
    if sheet.key == "energy":
        return "soils." if key in SOIL_KEYS else "energy."
    return f"{sheet.key}."


def _values(draft: _Draft, sheet: Sheet, row: _Row, prefix: str | None = None) -> dict[str, Any]:
    """The row's converted values; bad cells become problems with their input field path.

    ``prefix`` is the path of the row's object (``cohorts[2].``); None for the sheets with one
    row per farm, whose columns go to the sections :func:`_section_of` says.
    """
    converted: dict[str, Any] = {}
    for column in sheet.columns:
        if column.key in (FARM_KEY, COHORT_KEY):
            continue
        raw = row.values.get(column.key)
        path = (prefix if prefix is not None else _section_of(sheet, column.key)) + column.key
        if raw is None:
            continue
        try:
            converted[column.key] = _convert(column, raw)
        except _BadCell as bad:
            draft.problems.append(
                cell_error(sheet, row.number, column, path, bad.reason, **bad.params)
            )
            continue
        draft.places[path] = _Place(sheet, row.number, column)
    return converted


def _fill_single(draft: _Draft, sheet: Sheet, row: _Row) -> None:
    if sheet.key == "farm":
        values = _values(draft, sheet, row)
        location = {k: values.pop(k) for k in list(values) if k in LOCATION_KEYS}
        draft.data.update(values)
        if location:
            draft.data["location"] = location
        draft.places["location"] = _Place(sheet, row.number)
        draft.places["input"] = _Place(sheet, row.number)
        return
    if sheet.key == "energy":
        values = _values(draft, sheet, row)
        soils = {k: values.pop(k) for k in list(values) if k in SOIL_KEYS}
        draft.data["energy"] = values
        draft.data["soils"] = soils
        draft.places["energy"] = draft.places["soils"] = _Place(sheet, row.number)
        return
    draft.data[sheet.key] = _values(draft, sheet, row)
    draft.places[sheet.key] = _Place(sheet, row.number)


def _add_cohort(draft: _Draft, sheet: Sheet, row: _Row) -> None:
    cohorts: list[dict[str, Any]] = draft.data.setdefault("cohorts", [])
    index = len(cohorts)
    prefix = f"cohorts[{index}]."
    values = _values(draft, sheet, row, prefix)
    label = values.get("label")
    if label is not None and label in draft.cohort_index:
        draft.problems.append(
            row_error(sheet, row.number, f"{prefix}label", N_("appears twice"), value=label)
        )
        return
    if label is not None:
        draft.cohort_index[label] = index
    cohorts.append(values)
    draft.places[f"cohorts[{index}]"] = _Place(sheet, row.number)
    draft.places.setdefault("cohorts", _Place(sheet, row.number))


def _add_to_cohort(draft: _Draft, sheet: Sheet, row: _Row) -> None:
    label = _text(row.values.get(COHORT_KEY) or "")
    index = draft.cohort_index.get(label)
    if index is None:
        draft.problems.append(
            row_error(
                sheet,
                row.number,
                COHORT_KEY,
                N_("is not a cohort label of the Cohorts sheet"),
                value=label,
            )
        )
        return
    cohort = draft.data["cohorts"][index]
    prefix = f"cohorts[{index}]."
    if sheet.key == "rations":
        if f"{prefix}rations" in draft.places:
            draft.problems.append(
                row_error(sheet, row.number, COHORT_KEY, N_("has a second ration row"), value=label)
            )
            return
        draft.places[f"{prefix}rations"] = _Place(sheet, row.number)
        cohort.update(_values(draft, sheet, row, prefix))
        return
    manure: list[dict[str, Any]] = cohort.setdefault("manure", [])
    part_prefix = f"{prefix}manure[{len(manure)}]."
    values = _values(draft, sheet, row, part_prefix)
    months = values.pop("storage_months", None)
    place = draft.places.pop(f"{part_prefix}storage_months", None)
    if months is not None:
        if "storage_months" in cohort and cohort["storage_months"] != months:
            draft.problems.append(
                cell_error(
                    sheet,
                    row.number,
                    SHEETS_BY_KEY["manure"].columns[4],
                    f"{prefix}storage_months",
                    N_("differs between the rows of this cohort"),
                    value=months,
                )
            )
        else:
            cohort["storage_months"] = months
            if place is not None:
                draft.places[f"{prefix}storage_months"] = place
    draft.places[f"{prefix}manure[{len(manure)}]"] = _Place(sheet, row.number)
    draft.places.setdefault(f"{prefix}manure", _Place(sheet, row.number, sheet.columns[3]))
    manure.append(values)


def _add_item(draft: _Draft, sheet: Sheet, row: _Row) -> None:
    items: list[dict[str, Any]] = draft.data.setdefault(sheet.key, [])
    prefix = f"{sheet.key}[{len(items)}]"
    items.append(_values(draft, sheet, row, f"{prefix}."))
    draft.places[prefix] = _Place(sheet, row.number)


def _check_cohorts_complete(draft: _Draft) -> None:
    cohort_sheet = SHEETS_BY_KEY["cohorts"]
    for label, index in draft.cohort_index.items():
        place = draft.places[f"cohorts[{index}]"]
        if not draft.data["cohorts"][index].get("manure"):
            draft.problems.append(
                row_error(
                    cohort_sheet,
                    place.row,
                    f"cohorts[{index}].manure",
                    N_("has no row on the Manure sheet"),
                    value=label,
                )
            )


def _finish(draft: _Draft) -> WorkbookFarm:
    farm = WorkbookFarm(key=draft.key, row=draft.row, problems=list(draft.problems))
    reported = {str(problem.params.get("field")) for problem in farm.problems}
    for path, error in field_problems(draft.data):
        if path not in reported:
            reported.add(path)
            farm.problems.append(_locate(draft, error))
    if farm.problems:
        return farm
    try:
        farm.farm = parse_farm(draft.data)
    except ValidationError as error:
        farm.problems.append(_locate(draft, error))
    return farm


def _locate(draft: _Draft, error: ValidationError) -> ValidationError:
    """Point a parse_farm error at the cell its field came from (or the nearest row)."""
    path = str(error.params.get("field", "input"))
    params = {k: v for k, v in error.params.items() if k != "field"}
    candidate = path
    while candidate:
        place = draft.places.get(candidate)
        if place is not None:
            if place.column is not None:
                return WorkbookCellError(
                    sheet=place.sheet.title,
                    row=place.row,
                    what=place.column.header,
                    field=path,
                    **params,
                )
            return WorkbookRowError(sheet=place.sheet.title, row=place.row, field=path, **params)
        candidate = _parent(candidate)
    farm_sheet = SHEETS_BY_KEY["farm"]
    return WorkbookRowError(sheet=farm_sheet.title, row=draft.row, field=path, **params)


def _parent(path: str) -> str:
    """``cohorts[0].manure[1].share`` → ``cohorts[0].manure[1]`` → ``cohorts[0].manure`` …"""
    if path.endswith("]"):
        return path[: path.rindex("[")]
    if "." in path:
        return path[: path.rindex(".")]
    return ""

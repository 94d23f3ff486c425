"""The farm data-entry form: which fields it shows, and its posted values as a farm input dict.

Every input is named by its field path in :class:`ipcenter.carbon.FarmInput`
(``cohorts[1].fat_percent``, ``cohorts[0].manure[1].share``, ``sales.milk_sold_kg``), so an error
from :func:`ipcenter.carbon.check_farm` lands next to the field it names without any mapping.
Labels and units are the workbook's (:mod:`ipcenter.carbon.workbook_layout`), one set of msgids.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from ipcenter.carbon.checking import path_tokens
from ipcenter.carbon.workbook_layout import SHEETS_BY_KEY, Column
from ipcenter.core.i18n import N_, gettext

MANURE_SLOTS = 3  # manure systems offered per cohort row
# Posted fields that steer the form rather than describe the farm.
FORM_CONTROLS = frozenset({"csrf_token", "action", "gwp", "owner_org"})
MAX_COHORTS = 30


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    unit: str
    kind: str  # number, int, text, choice, bool
    vocabulary: str | None
    required: bool
    help: str


def _field(column: Column) -> FormField:
    return FormField(
        column.key,
        column.header,
        column.unit,
        column.kind,
        column.vocabulary,
        column.required,
        column.help,
    )


def _fields(sheet: str, keys: Iterable[str]) -> tuple[FormField, ...]:
    columns = {c.key: c for c in SHEETS_BY_KEY[sheet].columns}
    return tuple(_field(columns[key]) for key in keys)


FARM_FIELDS = _fields(
    "farm", ("farm_name", "year", "province_code", "climate_zone", "productivity")
)
COHORT_FIELDS = _fields(
    "cohorts",
    (
        "label",
        "kind",
        "head",
        "body_weight_kg",
        "weight_gain_kg_day",
        "milk_kg_day",
        "fat_percent",
        "protein_percent",
        "pregnant_share",
        "feeding",
    ),
) + _fields(
    "rations", ("de_percent", "cp_percent", "ndf_g_per_kg_dm", "ym_percent", "nop_mg_per_kg_dm")
)
MANURE_FIELDS = _fields("manure", ("system", "share"))
STORAGE_FIELD = _fields("manure", ("storage_months",))[0]
ENERGY_FIELDS = _fields(
    "energy", ("diesel_kg", "petrol_kg", "lpg_kg", "coal_kg", "electricity_kwh", "grid")
)
SOIL_FIELDS = _fields("energy", ("synthetic_n_kg", "organic_n_kg", "urea_kg", "limestone_kg"))
FEED_FIELDS = _fields("feeds", ("feed_id", "tonnes"))
TRANSPORT_FIELDS = _fields("transport", ("tkm",))
SALES_FIELDS = _fields(
    "sales",
    (
        "milk_sold_kg",
        "milk_fat_percent",
        "milk_protein_percent",
        "live_weight_sold_kg",
        "live_weight_bought_kg",
    ),
)
# The farm group's fields that sit under ``location.`` in the farm input.
LOCATION_KEYS = frozenset({"province_code", "climate_zone"})


def farm_path(key: str) -> str:
    return f"location.{key}" if key in LOCATION_KEYS else key


def nest_form(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Posted ``(path, value)`` pairs as the nested dict :func:`check_farm` reads.

    Empty values are left out (the input's defaults apply); numbers stay text, which the input
    model converts and, when not a number, reports against the field.
    """
    data: dict[str, Any] = {}
    for path, raw in pairs:
        value = raw.strip()
        if not value or not path or path in FORM_CONTROLS:
            continue
        tokens = path_tokens(path)
        if not tokens or not isinstance(tokens[0], str):
            continue
        if isinstance(tokens[-1], int) or any(
            isinstance(t, int) and t >= MAX_COHORTS for t in tokens
        ):
            continue  # indices come from our own form; anything else is ignored
        _put(data, tokens, value)
    compacted: dict[str, Any] = _compact(data)
    return compacted


def _put(data: dict[str, Any], tokens: list[str | int], value: str) -> None:
    """Set ``value`` at ``tokens``; a path that contradicts an earlier one is ignored."""
    target: Any = data
    for token, following in pairwise(tokens):
        empty: Any = [] if isinstance(following, int) else {}
        if isinstance(token, int):
            if not isinstance(target, list):
                return
            while len(target) <= token:
                target.append(None)
            if target[token] is None:
                target[token] = empty
            target = target[token]
        else:
            if not isinstance(target, dict):
                return
            target = target.setdefault(token, empty)
    last = tokens[-1]
    if isinstance(target, dict) and isinstance(last, str):
        target[last] = value


def _compact(value: Any) -> Any:
    """Drop the gaps a removed row leaves, so indices are contiguous as in the form."""
    if isinstance(value, dict):
        return {k: _compact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_compact(v) for v in value if v is not None]
    return value


def flatten(data: Any, prefix: str = "") -> dict[str, str]:
    """The reverse of :func:`nest_form`: field path → text, to fill the form again."""
    flat: dict[str, str] = {}
    if isinstance(data, dict):
        for key, item in data.items():
            flat.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(data, list | tuple):
        for index, item in enumerate(data):
            flat.update(flatten(item, f"{prefix}[{index}]"))
    elif data is not None:
        if isinstance(data, float) and data.is_integer():
            flat[prefix] = str(int(data))
        else:
            flat[prefix] = str(data)
    return flat


def cohort_count(data: dict[str, Any]) -> int:
    return len(data.get("cohorts") or [])


def remove_cohort(data: dict[str, Any], index: int) -> dict[str, Any]:
    cohorts = list(data.get("cohorts") or [])
    if 0 <= index < len(cohorts):
        del cohorts[index]
    return {**data, "cohorts": cohorts}


@dataclass(frozen=True)
class EntryForm:
    """The groups of the entry form, for the template to lay out."""

    farm: tuple[FormField, ...] = FARM_FIELDS
    cohort: tuple[FormField, ...] = COHORT_FIELDS
    manure: tuple[FormField, ...] = MANURE_FIELDS
    storage: FormField = STORAGE_FIELD
    energy: tuple[FormField, ...] = ENERGY_FIELDS
    soils: tuple[FormField, ...] = SOIL_FIELDS
    feed: tuple[FormField, ...] = FEED_FIELDS
    transport: tuple[FormField, ...] = TRANSPORT_FIELDS
    sales: tuple[FormField, ...] = SALES_FIELDS
    manure_slots: int = MANURE_SLOTS
    max_cohorts: int = MAX_COHORTS


ENTRY_FORM = EntryForm()


def shown_on_form(path: str) -> bool:
    """Whether the entry form has an input for ``path``; others travel as hidden fields, so a
    farm opened from a workbook or a stored year keeps every value it has."""
    tokens = path_tokens(path)
    if not tokens:
        return False
    head = tokens[0]
    farm_keys = {farm_path(f.key) for f in FARM_FIELDS}
    if len(tokens) == 1 or path in farm_keys:
        return path in farm_keys
    rest = tokens[1:]
    groups = {
        "energy": ENERGY_FIELDS,
        "soils": SOIL_FIELDS,
        "sales": SALES_FIELDS,
    }
    if head in groups and len(rest) == 1:
        return rest[0] in {f.key for f in groups[str(head)]}
    if head in ("feeds", "transport") and len(rest) == 2 and rest[0] == 0:
        fields = FEED_FIELDS if head == "feeds" else TRANSPORT_FIELDS
        return rest[1] in {f.key for f in fields}
    if head == "cohorts" and len(rest) >= 2 and isinstance(rest[0], int):
        field = rest[1:]
        if len(field) == 1:
            return field[0] in {f.key for f in COHORT_FIELDS} | {STORAGE_FIELD.key}
        if field[0] == "manure" and len(field) == 3 and isinstance(field[1], int):
            return field[1] < MANURE_SLOTS and field[2] in {f.key for f in MANURE_FIELDS}
    return False


def field_label(path: str, lang: str) -> str | None:
    """How the form names a cohort field in its error summary (第 1 个牛群的“头数”), or None
    for a path that is not a cohort field shown on the form."""
    tokens = path_tokens(path)
    labels = {f.key: f.label for f in COHORT_FIELDS}
    if len(tokens) == 3 and tokens[0] == "cohorts" and isinstance(tokens[1], int):
        key = tokens[2]
        if isinstance(key, str) and key in labels:
            return gettext(N_("“{label}” of cohort {number}"), lang).format(
                label=gettext(labels[key], lang), number=tokens[1] + 1
            )
    return None

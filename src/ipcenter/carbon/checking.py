"""Every field problem of a farm input at once, not only the first.

:func:`ipcenter.carbon.parse_farm` stops at the first bad value, which is right for an API but
tiresome for a person fixing a form or a workbook. Here each part of the input (the farm's own
fields, each section, each cohort, feed and transport row) is checked on its own inside a minimal
valid farm, and after each error the bad value is set aside and the part checked again. The rules
stay parse_farm's; this module only asks it more often.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ipcenter.carbon.inputs import FarmInput, parse_farm
from ipcenter.core.errors import ValidationError


def check_farm(data: dict[str, Any]) -> tuple[FarmInput | None, list[ValidationError]]:
    """The farm when ``data`` is valid, else every field problem found (each names its field)."""
    problems = [error for _path, error in field_problems(data)]
    if problems:
        return None, problems
    try:
        return parse_farm(data), []
    except ValidationError as error:  # a rule across parts (e.g. the herd has no cows)
        return None, [error]


# A minimal valid farm: each part of a workbook farm is checked inside it on its own, so one bad
# row does not hide the next. The values are placeholders never stored or computed.
_PROBE_COW: dict[str, Any] = {
    "kind": "lactating",
    "head": 1,
    "body_weight_kg": 600,
    "de_percent": 70,
    "manure": [{"system": "pasture", "share": 1}],
}
_PROBE_SALES: dict[str, Any] = {
    "milk_sold_kg": 1,
    "milk_fat_percent": 4,
    "milk_protein_percent": 3.3,
}
_PROBE_LIMIT = 40  # bad cells reported per part at most


def _probe_farm(**parts: Any) -> dict[str, Any]:
    farm: dict[str, Any] = {
        "farm_name": "probe",
        "year": 2000,
        "cohorts": [_PROBE_COW],
        "sales": _PROBE_SALES,
    }
    farm.update(parts)
    return farm


_PROBE_TOP: dict[str, Any] = {"farm_name": "probe", "year": 2000}
_TOP_KEYS = ("farm_name", "year", "fpcm_method", "productivity")


def _top_level(part: dict[str, Any]) -> dict[str, Any]:
    return {"cohorts": [_PROBE_COW], "sales": _PROBE_SALES, **part}


def _placed_in(section: str, *, as_list: bool) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def build(part: dict[str, Any]) -> dict[str, Any]:
        return _probe_farm(**{section: [part] if as_list else part})

    return build


def field_problems(data: dict[str, Any]) -> list[tuple[str, ValidationError]]:
    """``(field path, error)`` for every bad value of every part of ``data`` (up to a limit)."""
    found: list[tuple[str, ValidationError]] = []
    top: dict[str, Any] = {k: data[k] for k in _TOP_KEYS if k in data}
    # Without the probe's own name and year, so a missing one is reported too.
    found += _probe(top, "", _top_level, "", _PROBE_TOP)
    for section in ("location", "soils", "energy", "sales"):
        # Sales are required: an absent section is checked empty, to name its missing fields.
        if section in data or section == "sales":
            found += _probe(
                data.get(section) or {},
                section,
                _placed_in(section, as_list=False),
                section,
                _PROBE_SALES if section == "sales" else {},
            )
    for index, cohort in enumerate(data.get("cohorts", [])):
        found += _probe(
            cohort,
            f"cohorts[{index}]",
            lambda part: _probe_farm(cohorts=[part, _PROBE_COW]),
            "cohorts[0]",
            _PROBE_COW,
        )
    for section in ("feeds", "transport"):
        for index, item in enumerate(data.get(section, [])):
            found += _probe(
                item,
                f"{section}[{index}]",
                _placed_in(section, as_list=True),
                f"{section}[0]",
                {},
            )
    return found


def _probe(
    part: dict[str, Any],
    real_prefix: str,
    build: Callable[[dict[str, Any]], dict[str, Any]],
    probe_prefix: str,
    placeholders: dict[str, Any],
) -> list[tuple[str, ValidationError]]:
    """Check ``part`` inside a probe farm; after each error set the bad value aside and retry.

    A bad value is replaced by the probe farm's own valid value when it has one (so a required
    field does not turn into a "missing" error), otherwise removed.
    """
    found: list[tuple[str, ValidationError]] = []
    part = _copy(part)
    for _attempt in range(_PROBE_LIMIT):
        try:
            parse_farm(build(part))
        except ValidationError as error:
            path = str(error.params.get("field", ""))
            if probe_prefix and not (path == probe_prefix or path.startswith(probe_prefix)):
                return found  # a rule of the probe farm itself, not of this part
            relative = path[len(probe_prefix) :].lstrip(".")
            real = f"{real_prefix}.{relative}" if real_prefix and relative else real_prefix or path
            if any(seen == real for seen, _error in found):
                return found
            params = {k: v for k, v in error.params.items() if k != "field"}
            found.append((real, ValidationError(field=real, **params)))
            head = re.split(r"[.\[]", relative, maxsplit=1)[0]
            if head in placeholders:
                part[head] = _copy(placeholders[head])
            elif not _drop(part, relative):
                return found
        else:
            return found
    return found


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_copy(v) for v in value]
    return value


_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def path_tokens(path: str) -> list[str | int]:
    """``cohorts[0].manure[1].share`` → ``["cohorts", 0, "manure", 1, "share"]``."""
    return [int(index) if index else name for name, index in _TOKEN.findall(path)]


def _drop(container: Any, path: str) -> bool:
    """Remove the value at ``path`` (``manure[1].share``); False when there is nothing to drop."""
    tokens = path_tokens(path)
    if not tokens:
        return False
    target = container
    for token in tokens[:-1]:
        try:
            target = target[token]
        except (KeyError, IndexError, TypeError):
            return False
    last = tokens[-1]
    if isinstance(target, dict) and last in target:
        del target[last]
        return True
    if isinstance(target, list) and isinstance(last, int) and last < len(target):
        del target[last]
        return True
    return False

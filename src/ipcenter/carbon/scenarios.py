"""Mitigation scenarios, each a change of the farm input (parameters in ``scenarios.csv``)."""

from __future__ import annotations

from collections.abc import Callable

from ipcenter.carbon.inputs import Cohort, FarmInput, ManureShare
from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_
from ipcenter.core.refdata import load_table

LIQUID_OR_LAGOON = (
    "liquid_slurry",
    "liquid_slurry_crust",
    "liquid_slurry_covered",
    "pit_storage",
    "lagoon",
)
UNCOVERED_SLURRY = ("liquid_slurry", "liquid_slurry_crust")


def _parameter(scenario: str, name: str) -> str:
    rows = load_table("carbon/scenarios.csv").where(scenario=scenario, parameter=name)
    return rows[0]["value"]


def _replace_systems(cohort: Cohort, old: tuple[str, ...], new: str) -> Cohort:
    shares: dict[str, float] = {}
    for part in cohort.manure:
        system = new if part.system in old else part.system
        shares[system] = shares.get(system, 0.0) + part.share
    manure = tuple(ManureShare.model_validate({"system": s, "share": v}) for s, v in shares.items())
    return cohort.model_copy(update={"manure": manure})


def _with_cohorts(farm: FarmInput, change: Callable[[Cohort], Cohort]) -> FarmInput:
    return farm.model_copy(update={"cohorts": tuple(change(c) for c in farm.cohorts)})


def _nop(farm: FarmInput) -> FarmInput:
    dose = float(_parameter("3nop", "dose_mg_per_kg_dm"))

    def change(cohort: Cohort) -> Cohort:
        if cohort.kind in ("lactating", "dry"):
            return cohort.model_copy(update={"nop_mg_per_kg_dm": dose})
        return cohort

    return _with_cohorts(farm, change)


def _digester(farm: FarmInput) -> FarmInput:
    system = _parameter("digester", "system")
    return _with_cohorts(farm, lambda c: _replace_systems(c, LIQUID_OR_LAGOON, system))


def _slurry_cover(farm: FarmInput) -> FarmInput:
    system = _parameter("slurry_cover", "system")
    return _with_cohorts(farm, lambda c: _replace_systems(c, UNCOVERED_SLURRY, system))


def _diet(farm: FarmInput) -> FarmInput:
    points = float(_parameter("diet", "de_points"))

    def change(cohort: Cohort) -> Cohort:
        if cohort.kind == "lactating" and cohort.de_percent is not None:
            return cohort.model_copy(update={"de_percent": min(95.0, cohort.de_percent + points)})
        return cohort

    return _with_cohorts(farm, change)


def _yield(farm: FarmInput) -> FarmInput:
    factor = float(_parameter("yield", "milk_factor"))

    def change(cohort: Cohort) -> Cohort:
        if cohort.kind == "lactating":
            return cohort.model_copy(update={"milk_kg_day": cohort.milk_kg_day * factor})
        return cohort

    scaled = _with_cohorts(farm, change)
    sales = farm.sales.model_copy(update={"milk_sold_kg": farm.sales.milk_sold_kg * factor})
    return scaled.model_copy(update={"sales": sales})


_SCENARIOS: dict[str, Callable[[FarmInput], FarmInput]] = {
    "3nop": _nop,
    "diet": _diet,
    "digester": _digester,
    "slurry_cover": _slurry_cover,
    "yield": _yield,
}
SCENARIOS: tuple[str, ...] = tuple(sorted(_SCENARIOS))
"""The scenario names ``footprint(..., scenario=...)`` and ``compare_scenarios`` accept."""


def apply_scenario(farm: FarmInput, name: str) -> FarmInput:
    """The farm input as changed by scenario ``name``."""
    try:
        change = _SCENARIOS[name]
    except KeyError:
        raise ValidationError(
            field="scenario",
            reason=N_("must be one of {allowed}"),
            value=name,
            allowed=", ".join(SCENARIOS),
        ) from None
    return change(farm)

"""Human labels for the identifiers a farm input uses (cohort kinds, feeding, climate, manure).

The identifiers themselves are the ``Literal`` types of :mod:`ipcenter.carbon.inputs` (and the
keys of the data tables); this module only names them for people, in English msgids that the
catalog translates. The workbook's drop-down lists, the web form and the report read them here.
"""

from __future__ import annotations

from typing import Any, get_args

from ipcenter.carbon.inputs import (
    ClimateZone,
    CohortKind,
    Feeding,
    FpcmMethod,
    IpccRegion,
    ManureSystem,
    Productivity,
)
from ipcenter.core.i18n import N_, gettext

COHORT_KINDS: dict[str, str] = {
    "lactating": N_("Lactating cows"),
    "dry": N_("Dry cows"),
    "heifer": N_("Heifers"),
    "calf": N_("Calves"),
    "bull": N_("Bulls"),
}
FEEDING: dict[str, str] = {
    "stall": N_("Housed (stall)"),
    "pasture": N_("Pasture"),
    "grazing": N_("Large grazing area"),
}
CLIMATE_ZONES: dict[str, str] = {
    "cool_temperate_moist": N_("Cool temperate, moist"),
    "cool_temperate_dry": N_("Cool temperate, dry"),
    "warm_temperate_moist": N_("Warm temperate, moist"),
    "warm_temperate_dry": N_("Warm temperate, dry"),
    "boreal_moist": N_("Boreal, moist"),
    "boreal_dry": N_("Boreal, dry"),
    "tropical_montane": N_("Tropical montane"),
    "tropical_wet": N_("Tropical, wet"),
    "tropical_moist": N_("Tropical, moist"),
    "tropical_dry": N_("Tropical, dry"),
}
MANURE_SYSTEMS: dict[str, str] = {
    "pasture": N_("Pasture, range, paddock"),
    "daily_spread": N_("Daily spread"),
    "solid_storage": N_("Solid storage"),
    "dry_lot": N_("Dry lot"),
    "liquid_slurry_crust": N_("Liquid/slurry, natural crust"),
    "liquid_slurry": N_("Liquid/slurry, no crust"),
    "liquid_slurry_covered": N_("Liquid/slurry, covered"),
    "pit_storage": N_("Pit storage below animals"),
    "lagoon": N_("Uncovered anaerobic lagoon"),
    "digester_low_leak": N_("Anaerobic digester, low leakage"),
    "digester_high_leak": N_("Anaerobic digester, high leakage"),
    "digester_open_storage": N_("Anaerobic digester, open digestate storage"),
    "composting_in_vessel": N_("Composting, in-vessel"),
    "composting_static_pile": N_("Composting, static pile"),
    "composting_windrow_intensive": N_("Composting, intensive windrow"),
    "composting_windrow_passive": N_("Composting, passive windrow"),
    "deep_bedding": N_("Deep bedding, no mixing"),
    "deep_bedding_active": N_("Deep bedding, active mixing"),
}
FPCM_METHODS: dict[str, str] = {
    "idf": N_("IDF formula (default)"),
    "energy_ratio": N_("Energy ratio (GLEAM)"),
}

PRODUCTIVITY: dict[str, str] = {
    "high": N_("High-productivity system (B0 0.24)"),
    "low": N_("Low-productivity system (B0 0.13)"),
}
IPCC_REGIONS: dict[str, str] = {
    "north_america": N_("North America"),
    "western_europe": N_("Western Europe"),
    "eastern_europe": N_("Eastern Europe"),
    "oceania": N_("Oceania"),
    "latin_america": N_("Latin America"),
    "asia": N_("Asia"),
    "africa": N_("Africa"),
    "middle_east": N_("Middle East"),
    "indian_subcontinent": N_("Indian subcontinent"),
}

# Result vocabularies: the keys of FootprintResult.by_source / by_gas / by_scope, the scenario
# names and the data-quality flag codes of the calculation.
SOURCE_LABELS: dict[str, str] = {
    "enteric_ch4": N_("Enteric fermentation CH4"),
    "manure_ch4": N_("Manure management CH4"),
    "manure_n2o": N_("Manure management N2O"),
    "soils_n2o": N_("Managed soils N2O"),
    "soils_co2": N_("Urea and liming CO2"),
    "feed": N_("Purchased feed"),
    "energy": N_("On-farm fuel"),
    "electricity": N_("Purchased electricity"),
    "transport": N_("Transport of inputs"),
}
GAS_LABELS: dict[str, str] = {
    "ch4_biogenic": N_("CH4, biogenic"),
    "ch4_fossil": N_("CH4, fossil"),
    "n2o": "N2O",
    "co2": "CO2",
    "co2e": N_("CO2e from upstream factors"),
}
SCOPE_LABELS: dict[str, str] = {
    "scope1": N_("Scope 1: on-farm emissions"),
    "scope2": N_("Scope 2: purchased electricity"),
    "scope3": N_("Scope 3: purchased feed and transport"),
}
SCENARIO_LABELS: dict[str, str] = {
    "3nop": N_("3-NOP feed additive"),
    "diet": N_("Diet change"),
    "digester": N_("Anaerobic digester"),
    "slurry_cover": N_("Slurry cover"),
    "yield": N_("Yield increase"),
}
FLAG_LABELS: dict[str, str] = {
    "climate_zone_from_province": N_("Climate zone derived from the province"),
    "ym_from_productivity_class": N_("Ym from the IPCC productivity class"),
    "ym_default_non_dairy": N_("Ym default for non-dairy cattle"),
    "net_live_weight_bought": N_("More live weight bought than sold"),
    "own_feed_factor": N_("Own emission factor for a feed"),
    "nop_without_ndf": N_("3-NOP efficacy without the diet's NDF"),
    "grid_chosen_from_location": N_("Grid chosen from the farm's location"),
    "grid_factor_of_other_year": N_("Grid factor of another year"),
    "tier1_enteric": N_("Tier 1 enteric emission factor"),
    "storage_longer_than_one_month_assumed": N_("Storage longer than one month assumed"),
}


def _accepted(labels: dict[str, str], literal: Any) -> dict[str, str]:
    """Only the identifiers the input model accepts, in its order (labels may name more)."""
    return {key: labels[key] for key in get_args(literal) if key in labels}


VOCABULARIES: dict[str, dict[str, str]] = {
    "cohort_kind": _accepted(COHORT_KINDS, CohortKind),
    "feeding": _accepted(FEEDING, Feeding),
    "climate_zone": _accepted(CLIMATE_ZONES, ClimateZone),
    "manure_system": _accepted(MANURE_SYSTEMS, ManureSystem),
    "fpcm_method": _accepted(FPCM_METHODS, FpcmMethod),
    "productivity": _accepted(PRODUCTIVITY, Productivity),
    "ipcc_region": _accepted(IPCC_REGIONS, IpccRegion),
    "source": SOURCE_LABELS,
    "gas": GAS_LABELS,
    "scope": SCOPE_LABELS,
    "scenario": SCENARIO_LABELS,
    "flag": FLAG_LABELS,
}
# The vocabularies a user picks from in the workbook and the form (the others label results).
INPUT_VOCABULARIES = (
    "cohort_kind",
    "feeding",
    "climate_zone",
    "manure_system",
    "fpcm_method",
    "productivity",
    "ipcc_region",
)


def choice_label(vocabulary: str, value: str | None, lang: str | None = None) -> str:
    """The translated label of ``value``, or the value itself when unknown."""
    if value is None:
        return "—"
    message = VOCABULARIES.get(vocabulary, {}).get(value)
    return gettext(message, lang) if message else value


def choice_options(vocabulary: str, lang: str | None = None) -> list[tuple[str, str]]:
    """``(identifier, label)`` pairs in the model's order, for drop-down lists."""
    return [(key, gettext(text, lang)) for key, text in VOCABULARIES[vocabulary].items()]

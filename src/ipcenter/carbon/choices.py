"""Human labels for the identifiers a farm input uses (cohort kinds, feeding, climate, manure).

The identifiers themselves are the ``Literal`` types of :mod:`ipcenter.carbon.inputs` (and the
keys of the data tables); this module only names them for people, in English msgids that the
catalog translates. The workbook's drop-down lists, the web form and the report read them here.
"""

from __future__ import annotations

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

VOCABULARIES: dict[str, dict[str, str]] = {
    "cohort_kind": COHORT_KINDS,
    "feeding": FEEDING,
    "climate_zone": CLIMATE_ZONES,
    "manure_system": MANURE_SYSTEMS,
    "fpcm_method": FPCM_METHODS,
}


def choice_label(vocabulary: str, value: str | None, lang: str | None = None) -> str:
    """The translated label of ``value``, or the value itself when unknown."""
    if value is None:
        return "—"
    message = VOCABULARIES.get(vocabulary, {}).get(value)
    return gettext(message, lang) if message else value


def choice_options(vocabulary: str, lang: str | None = None) -> list[tuple[str, str]]:
    """``(identifier, label)`` pairs in the model's order, for drop-down lists."""
    return [(key, gettext(text, lang)) for key, text in VOCABULARIES[vocabulary].items()]

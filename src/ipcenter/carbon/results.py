"""What the carbon calculation returns: totals, breakdowns, flags and the trace behind them.

Every figure is kg per farm year unless its name says otherwise. ``trace`` lists each
intermediate quantity with its equation and the table rows it used, in the order computed, so a
report or a reviewer can follow any number back to the inputs and the cited data.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

SOURCES: tuple[str, ...] = (
    "enteric_ch4",
    "manure_ch4",
    "manure_n2o",
    "soils_n2o",
    "soils_co2",
    "feed",
    "energy",
    "electricity",
    "transport",
)
"""The keys of ``FootprintResult.by_source``, always all present (0 when absent)."""

QUALITY_FLAGS: tuple[str, ...] = (
    "climate_zone_from_province",
    "default_value_used",
    "grid_chosen_from_location",
    "grid_factor_of_other_year",
    "net_live_weight_bought",
    "nop_dose_not_the_trial_mean",
    "nop_without_ndf",
    "own_feed_factor",
    "storage_longer_than_one_month_assumed",
    "tier1_enteric",
    "ym_default_non_dairy",
    "ym_from_productivity_class",
)
"""Every ``QualityFlag.code`` the calculation can raise."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class TraceStep(_Frozen):
    """One computed quantity: its value, unit, equation and the table rows it drew on."""

    quantity: str
    value: float
    unit: str
    equation: str
    rows: tuple[str, ...] = ()
    inputs: tuple[str, ...] = ()
    cohort: str = ""


class QualityFlag(_Frozen):
    """A remark about the data behind the result (a default used, a fallback, a derivation)."""

    code: str
    field: str
    detail: str = ""


class GwpSet(_Frozen):
    """The 100-year global warming potentials used, with their source."""

    name: str
    ch4_biogenic: float
    ch4_fossil: float
    n2o: float
    source: str


class GasTotals(_Frozen):
    """Mass of each gas emitted (kg per year) before weighting."""

    ch4_biogenic_kg: float
    ch4_fossil_kg: float
    n2o_kg: float
    co2_kg: float


class FootprintResult(_Frozen):
    """The carbon footprint of one farm year."""

    farm_name: str
    year: int
    scenario: str | None = None
    fpcm_method: str
    fpcm_kg: float
    milk_sold_kg: float
    allocation_milk: float
    total_kg_co2e: float
    milk_kg_co2e: float
    kg_co2e_per_kg_fpcm: float
    kg_co2e_per_kg_milk: float
    per_cow_kg_co2e: float
    cows: float
    by_source: dict[str, float]
    by_gas: dict[str, float]
    by_scope: dict[str, float]
    gases: GasTotals
    gwp: GwpSet
    quality_flags: tuple[QualityFlag, ...] = ()
    trace: tuple[TraceStep, ...] = Field(default=(), repr=False)


class MonteCarloResult(_Frozen):
    """Percentiles of kg CO2e per kg FPCM over ``n`` seeded draws of the uncertain parameters."""

    n: int
    seed: int
    gwp: str
    deterministic: float
    p5: float
    p50: float
    p95: float
    mean: float
    total_p5_kg_co2e: float
    total_p50_kg_co2e: float
    total_p95_kg_co2e: float
    parameters: tuple[str, ...]


class ScenarioDiff(_Frozen):
    """One scenario against the baseline."""

    name: str
    result: FootprintResult
    delta_total_kg_co2e: float
    delta_kg_co2e_per_kg_fpcm: float
    delta_percent: float
    delta_by_source: dict[str, float]


class ScenarioComparison(_Frozen):
    """The baseline and each scenario as a difference from it."""

    baseline: FootprintResult
    scenarios: tuple[ScenarioDiff, ...]

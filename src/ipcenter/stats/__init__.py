"""The stats capability: regional IP indicators computed by SQL at any snapshot date."""

from ipcenter.stats.grants import GrantRow, grants_table
from ipcenter.stats.indicators import (
    DEFINITIONS,
    HIGH_VALUE_FLAGS,
    INDICATOR_IDS,
    LEVELS,
    Indicator,
    IndicatorReport,
    RegionRow,
    compute_indicators,
    parse_as_of,
    patent_flags_query,
    previous_date,
    region_filter,
    region_table,
    trademark_window,
    trend,
    yoy,
)
from ipcenter.stats.models import AwardedPatent, SeiRule
from ipcenter.stats.reference import (
    load_awards,
    load_sei_rules,
    population_coverage,
    population_for,
    population_year,
)
from ipcenter.stats.snapshot import (
    RegionFilter,
    compile_sql,
    expiry_cutoff,
    in_force_condition,
    last_status_event,
)

__all__ = [
    "DEFINITIONS",
    "HIGH_VALUE_FLAGS",
    "INDICATOR_IDS",
    "LEVELS",
    "AwardedPatent",
    "GrantRow",
    "Indicator",
    "IndicatorReport",
    "RegionFilter",
    "RegionRow",
    "SeiRule",
    "compile_sql",
    "compute_indicators",
    "expiry_cutoff",
    "grants_table",
    "in_force_condition",
    "last_status_event",
    "load_awards",
    "load_sei_rules",
    "parse_as_of",
    "patent_flags_query",
    "population_coverage",
    "population_for",
    "population_year",
    "previous_date",
    "region_filter",
    "region_table",
    "trademark_window",
    "trend",
    "yoy",
]

"""The stats capability: regional IP indicators computed by SQL at any snapshot date."""

from ipcenter.stats.bulletin import XLSX_MEDIA_TYPE, bulletin_xlsx
from ipcenter.stats.facts import (
    RefreshResult,
    ensure_fresh,
    in_force_on,
    intervals_table,
    refresh_facts,
)
from ipcenter.stats.grants import GrantRow, grants_table
from ipcenter.stats.indicators import (
    DEFINITIONS,
    HIGH_VALUE_FLAGS,
    INDICATOR_IDS,
    LEVELS,
    Indicator,
    IndicatorReport,
    RegionRow,
    child_level,
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
from ipcenter.stats.labels import labels
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
)

__all__ = [
    "AwardedPatent",
    "DEFINITIONS",
    "GrantRow",
    "HIGH_VALUE_FLAGS",
    "INDICATOR_IDS",
    "Indicator",
    "IndicatorReport",
    "LEVELS",
    "RefreshResult",
    "RegionFilter",
    "RegionRow",
    "SeiRule",
    "XLSX_MEDIA_TYPE",
    "bulletin_xlsx",
    "child_level",
    "compile_sql",
    "compute_indicators",
    "ensure_fresh",
    "expiry_cutoff",
    "grants_table",
    "in_force_on",
    "intervals_table",
    "labels",
    "load_awards",
    "load_sei_rules",
    "parse_as_of",
    "patent_flags_query",
    "population_coverage",
    "population_for",
    "population_year",
    "previous_date",
    "refresh_facts",
    "region_filter",
    "region_table",
    "trademark_window",
    "trend",
    "yoy",
]

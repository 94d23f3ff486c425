"""The carbon capability; its public API is ``__all__``."""

from ipcenter.carbon.inputs import (
    Cohort,
    Energy,
    FarmInput,
    Location,
    ManureShare,
    PurchasedFeed,
    Sales,
    Soils,
    Transport,
    parse_farm,
    read_farm_json,
)
from ipcenter.carbon.results import (
    FootprintResult,
    MonteCarloResult,
    QualityFlag,
    ScenarioComparison,
    ScenarioDiff,
    TraceStep,
)

__all__: list[str] = [
    "Cohort",
    "Energy",
    "FarmInput",
    "FootprintResult",
    "Location",
    "ManureShare",
    "MonteCarloResult",
    "PurchasedFeed",
    "QualityFlag",
    "Sales",
    "ScenarioComparison",
    "ScenarioDiff",
    "Soils",
    "TraceStep",
    "Transport",
    "parse_farm",
    "read_farm_json",
]

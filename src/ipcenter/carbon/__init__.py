"""The carbon capability; its public API is ``__all__``."""

from ipcenter.carbon.choices import (
    choice_label,
    choice_options,
)
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
from ipcenter.carbon.models import (
    CarbonAssessment,
    CarbonFarm,
)
from ipcenter.carbon.results import (
    FootprintResult,
    MonteCarloResult,
    QualityFlag,
    ScenarioComparison,
    ScenarioDiff,
    TraceStep,
)
from ipcenter.carbon.service import (
    get_assessment,
    link_supplier,
    list_assessments,
    list_farms,
    read_scope,
    save_assessment,
)
from ipcenter.carbon.workbook import (
    XLSX_MEDIA_TYPE,
    WorkbookCellError,
    WorkbookInvalid,
    WorkbookRowError,
    template_workbook,
)
from ipcenter.carbon.workbook_read import (
    WorkbookFarm,
    read_farm_workbook,
    read_workbook_farms,
)

__all__: list[str] = [
    "CarbonAssessment",
    "CarbonFarm",
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
    "WorkbookCellError",
    "WorkbookFarm",
    "WorkbookInvalid",
    "WorkbookRowError",
    "XLSX_MEDIA_TYPE",
    "choice_label",
    "choice_options",
    "get_assessment",
    "link_supplier",
    "list_assessments",
    "list_farms",
    "parse_farm",
    "read_farm_json",
    "read_farm_workbook",
    "read_scope",
    "read_workbook_farms",
    "save_assessment",
    "template_workbook",
]

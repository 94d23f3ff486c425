"""The carbon capability; its public API is ``__all__``."""

from ipcenter.carbon.animal import EntericAnimal, EntericResult, enteric_animal
from ipcenter.carbon.building_blocks import Allocation, checked_allocation, checked_fpcm
from ipcenter.carbon.checking import (
    check_farm,
)
from ipcenter.carbon.choices import (
    SCENARIO_LABELS,
    SOURCE_LABELS,
    choice_label,
    choice_options,
)
from ipcenter.carbon.comparison import compare_scenarios
from ipcenter.carbon.demo import (
    load_demo_carbon,
)
from ipcenter.carbon.enteric import EnergyBalance, energy_balance, enteric_ef, nop_efficacy
from ipcenter.carbon.footprint import footprint
from ipcenter.carbon.form import (
    ENTRY_FORM,
    EntryForm,
    FormField,
    cohort_count,
    farm_path,
    field_label,
    flatten,
    nest_form,
    remove_cohort,
    shown_on_form,
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
from ipcenter.carbon.milk import allocation_milk, fpcm_energy_ratio, fpcm_idf
from ipcenter.carbon.models import (
    CarbonAssessment,
    CarbonFarm,
)
from ipcenter.carbon.report import (
    DOCX_MEDIA_TYPE,
    Report,
    build_report,
    report_docx,
    report_html,
)
from ipcenter.carbon.results import (
    QUALITY_FLAGS,
    SOURCES,
    FootprintResult,
    MonteCarloResult,
    QualityFlag,
    ScenarioComparison,
    ScenarioDiff,
    TraceStep,
)
from ipcenter.carbon.scenarios import SCENARIOS
from ipcenter.carbon.service import (
    get_assessment,
    link_supplier,
    list_assessments,
    list_farms,
    read_scope,
    save_assessment,
)
from ipcenter.carbon.tables import gwp_sets
from ipcenter.carbon.uncertainty import monte_carlo
from ipcenter.carbon.views import (
    AssessmentList,
    AssessmentPublic,
    AssessmentSummary,
    Dashboard,
    YearSummary,
    assessment_public,
    assessment_summary,
    carbon_dashboard,
)
from ipcenter.carbon.workbook import (
    XLSX_MEDIA_TYPE,
    WorkbookCellError,
    WorkbookInvalid,
    WorkbookRowError,
    choices_for,
    farms_workbook,
    template_workbook,
)
from ipcenter.carbon.workbook_read import (
    WorkbookFarm,
    read_farm_workbook,
    read_workbook_farms,
)

__all__: list[str] = [
    "Allocation",
    "AssessmentList",
    "AssessmentPublic",
    "AssessmentSummary",
    "CarbonAssessment",
    "CarbonFarm",
    "Cohort",
    "DOCX_MEDIA_TYPE",
    "Dashboard",
    "ENTRY_FORM",
    "Energy",
    "EnergyBalance",
    "EntericAnimal",
    "EntericResult",
    "EntryForm",
    "FarmInput",
    "FootprintResult",
    "FormField",
    "Location",
    "ManureShare",
    "MonteCarloResult",
    "PurchasedFeed",
    "QUALITY_FLAGS",
    "QualityFlag",
    "Report",
    "SCENARIOS",
    "SCENARIO_LABELS",
    "SOURCES",
    "SOURCE_LABELS",
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
    "YearSummary",
    "allocation_milk",
    "assessment_public",
    "assessment_summary",
    "build_report",
    "carbon_dashboard",
    "check_farm",
    "checked_allocation",
    "checked_fpcm",
    "choice_label",
    "choice_options",
    "choices_for",
    "cohort_count",
    "compare_scenarios",
    "energy_balance",
    "enteric_animal",
    "enteric_ef",
    "farm_path",
    "farms_workbook",
    "field_label",
    "flatten",
    "footprint",
    "fpcm_energy_ratio",
    "fpcm_idf",
    "get_assessment",
    "gwp_sets",
    "link_supplier",
    "list_assessments",
    "list_farms",
    "load_demo_carbon",
    "monte_carlo",
    "nest_form",
    "nop_efficacy",
    "parse_farm",
    "read_farm_json",
    "read_farm_workbook",
    "read_scope",
    "read_workbook_farms",
    "remove_cohort",
    "report_docx",
    "report_html",
    "save_assessment",
    "shown_on_form",
    "template_workbook",
]

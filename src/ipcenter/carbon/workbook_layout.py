"""The layout of the farm workbook: its sheets, columns, units, help texts and example rows.

One layout serves both directions: :mod:`ipcenter.carbon.workbook` writes the template from it
and reads filled workbooks back through it. Column keys are the field names of
:class:`ipcenter.carbon.FarmInput` and its parts; headers, units and help texts are English msgids
translated by the catalog, so the template shows both languages from one definition.

A workbook may hold several farms. Every data sheet starts with the *farm key* column, which ties
its rows to one row of the Farm sheet; the Rations and Manure sheets also name the cohort (its
label on the Cohorts sheet). Rows whose farm key is ``示例`` or ``example`` are examples, skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ipcenter.core.i18n import N_

Kind = Literal["number", "int", "text", "choice", "bool"]

FARM_KEY = "farm_key"
COHORT_KEY = "cohort"
EXAMPLE_KEYS = frozenset({"示例", "example"})

# Rows of every data sheet: two header rows (Chinese, English), units, then data.
HEADER_ROWS = 2
UNIT_ROW = 3
FIRST_DATA_ROW = 4
TEMPLATE_ROWS = 200  # rows that carry data validation in the template


@dataclass(frozen=True)
class Column:
    """One column: ``key`` is the input model's field name (or a link column)."""

    key: str
    header: str
    unit: str = ""
    kind: Kind = "number"
    vocabulary: str | None = None
    required: bool = False
    help: str = ""
    minimum: float | None = None


@dataclass(frozen=True)
class Sheet:
    """One sheet; ``section`` is where its values go in the farm input."""

    key: Literal["farm", "cohorts", "rations", "manure", "feeds", "transport", "energy", "sales"]
    title: str  # bilingual and fixed, so the reader finds it in any language
    help: str
    columns: tuple[Column, ...]
    many: bool  # several rows per farm (cohorts, feeds …) or exactly one


FARM_KEY_COLUMN = Column(
    FARM_KEY,
    N_("Farm key"),
    kind="text",
    required=True,
    help=N_("A short key of your choice that ties the rows of every sheet to one farm."),
)
COHORT_COLUMN = Column(
    COHORT_KEY,
    N_("Cohort"),
    kind="text",
    required=True,
    help=N_("The cohort's label, exactly as on the Cohorts sheet."),
)

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "farm",
        "牧场 Farm",
        N_("One row per farm: name, year, location and the functional unit convention."),
        (
            FARM_KEY_COLUMN,
            Column("farm_name", N_("Farm name"), kind="text", required=True),
            Column("year", N_("Year"), kind="int", required=True, help=N_("The calendar year.")),
            Column(
                "province_code",
                N_("Province"),
                kind="choice",
                vocabulary="province",
                help=N_("Used for the climate zone and the grid region when not given."),
            ),
            Column(
                "climate_zone",
                N_("Climate zone"),
                kind="choice",
                vocabulary="climate_zone",
                help=N_("IPCC climate zone; leave empty to derive it from the province."),
            ),
            Column(
                "ipcc_region",
                N_("IPCC region"),
                kind="choice",
                vocabulary="ipcc_region",
                help=N_("For Tier 1 fallbacks; asia unless the farm is elsewhere."),
            ),
            Column(
                "fpcm_method",
                N_("FPCM method"),
                kind="choice",
                vocabulary="fpcm_method",
                help=N_("idf (default) or energy_ratio."),
            ),
            Column(
                "productivity",
                N_("Productivity"),
                kind="choice",
                vocabulary="productivity",
                help=N_("IPCC productivity system of the farm: high (default) or low."),
            ),
        ),
        many=False,
    ),
    Sheet(
        "cohorts",
        "牛群 Cohorts",
        N_("One row per group of animals, as the average number present over the year."),
        (
            FARM_KEY_COLUMN,
            Column(
                "label",
                N_("Cohort label"),
                kind="text",
                required=True,
                help=N_("A name unique within the farm, e.g. lactating-1; other sheets use it."),
            ),
            Column("kind", N_("Kind"), kind="choice", vocabulary="cohort_kind", required=True),
            Column("age_band", N_("Age band"), kind="text"),
            Column("head", N_("Head"), N_("head"), required=True, minimum=0),
            Column("body_weight_kg", N_("Body weight"), "kg", required=True, minimum=0),
            Column("mature_weight_kg", N_("Mature weight"), "kg", minimum=0),
            Column("weight_gain_kg_day", N_("Weight gain"), N_("kg/day"), minimum=0),
            Column("milk_kg_day", N_("Milk yield"), N_("kg/day"), minimum=0),
            Column("fat_percent", N_("Milk fat"), "%", help=N_("Percent, e.g. 3.8 (not 0.038).")),
            Column("protein_percent", N_("Milk true protein"), "%"),
            Column(
                "pregnant_share",
                N_("Pregnant share"),
                "0–1",
                minimum=0,
                help=N_("Fraction of the cohort pregnant, e.g. 0.8."),
            ),
            Column("feeding", N_("Feeding situation"), kind="choice", vocabulary="feeding"),
            Column("work_hours_day", N_("Work"), N_("hours/day"), minimum=0),
        ),
        many=True,
    ),
    Sheet(
        "rations",
        "日粮 Rations",
        N_("One row per cohort (optional): the quality of its whole diet."),
        (
            FARM_KEY_COLUMN,
            COHORT_COLUMN,
            Column(
                "de_percent",
                N_("Digestibility (DE)"),
                N_("% of GE"),
                help=N_(
                    "Digestible energy as a percentage of gross energy, e.g. 70; without it "
                    "dairy cows fall back to IPCC Tier 1."
                ),
            ),
            Column("cp_percent", N_("Crude protein"), N_("% of DM")),
            Column("ndf_g_per_kg_dm", N_("NDF"), N_("g/kg DM")),
            Column("ash_percent", N_("Ash"), N_("% of DM")),
            Column(
                "ym_percent",
                N_("Methane conversion Ym"),
                N_("% of GE"),
                help=N_("Leave empty to use the IPCC value for the cow's productivity."),
            ),
            Column("high_grain_diet", N_("Grain ≥ 85 %"), kind="bool", vocabulary="yes_no"),
            Column("nop_mg_per_kg_dm", N_("3-NOP dose"), N_("mg/kg DM"), minimum=0),
        ),
        many=True,
    ),
    Sheet(
        "manure",
        "粪污 Manure",
        N_("One row per cohort and manure system; the shares of a cohort add up to 1."),
        (
            FARM_KEY_COLUMN,
            COHORT_COLUMN,
            Column(
                "system",
                N_("Manure system"),
                kind="choice",
                vocabulary="manure_system",
                required=True,
            ),
            Column("share", N_("Share"), "0–1", required=True, minimum=0),
            Column(
                "storage_months",
                N_("Storage time"),
                N_("months"),
                minimum=0,
                help=N_("Per cohort: give it once, or the same value on each of its rows."),
            ),
        ),
        many=True,
    ),
    Sheet(
        "feeds",
        "外购饲料 Feeds",
        N_("Feeds bought in over the year, from the factor table or with your own factor."),
        (
            FARM_KEY_COLUMN,
            Column("feed_id", N_("Feed"), kind="choice", vocabulary="feed"),
            Column("name", N_("Description"), kind="text"),
            Column("tonnes", N_("Amount"), N_("t fresh weight"), required=True, minimum=0),
            Column(
                "kg_co2e_per_kg",
                N_("Own emission factor"),
                N_("kg CO2e/kg"),
                minimum=0,
                help=N_("Only when the feed is not in the list; then give its source."),
            ),
            Column("factor_source", N_("Source of the factor"), kind="text"),
        ),
        many=True,
    ),
    Sheet(
        "transport",
        "运输 Transport",
        N_("Freight of purchased inputs, in tonne-kilometres."),
        (
            FARM_KEY_COLUMN,
            Column("mode", N_("Mode"), kind="choice", vocabulary="transport_mode"),
            Column("tkm", N_("Freight"), "t·km", required=True, minimum=0),
        ),
        many=True,
    ),
    Sheet(
        "energy",
        "能源投入 Energy & inputs",
        N_("One row per farm: fuel, electricity, fertiliser and lime over the year."),
        (
            FARM_KEY_COLUMN,
            Column("diesel_kg", N_("Diesel"), "kg", minimum=0),
            Column("petrol_kg", N_("Petrol"), "kg", minimum=0),
            Column("lpg_kg", N_("LPG"), "kg", minimum=0),
            Column("coal_kg", N_("Coal"), "kg", minimum=0),
            Column("electricity_kwh", N_("Grid electricity"), "kWh", minimum=0),
            Column(
                "grid",
                N_("Grid"),
                kind="choice",
                vocabulary="grid",
                help=N_("Province or regional grid; empty = derived from the province."),
            ),
            Column("grid_year", N_("Grid factor year"), kind="int"),
            Column("synthetic_n_kg", N_("Synthetic N"), N_("kg N"), minimum=0),
            Column("organic_n_kg", N_("Organic N"), N_("kg N"), minimum=0),
            Column("urea_kg", N_("Urea"), "kg", minimum=0),
            Column("limestone_kg", N_("Limestone"), "kg", minimum=0),
            Column("dolomite_kg", N_("Dolomite"), "kg", minimum=0),
        ),
        many=False,
    ),
    Sheet(
        "sales",
        "销售 Sales",
        N_("One row per farm: milk sold and live weight in and out of the farm gate."),
        (
            FARM_KEY_COLUMN,
            Column("milk_sold_kg", N_("Milk sold"), "kg", required=True, minimum=0),
            Column("milk_fat_percent", N_("Fat of milk sold"), "%", required=True),
            Column("milk_protein_percent", N_("True protein of milk sold"), "%", required=True),
            Column("milk_lactose_percent", N_("Lactose of milk sold"), "%"),
            Column("live_weight_sold_kg", N_("Live weight sold"), "kg", minimum=0),
            Column("live_weight_bought_kg", N_("Live weight bought"), "kg", minimum=0),
            Column("manure_exported_share", N_("Manure exported"), "0–1", minimum=0),
        ),
        many=False,
    ),
)
SHEETS_BY_KEY: dict[str, Sheet] = {sheet.key: sheet for sheet in SHEETS}

# Where each sheet's values go in the farm input (sections of FarmInput).
LOCATION_KEYS = frozenset({"province_code", "climate_zone", "ipcc_region"})
COHORT_RATION_KEYS = tuple(c.key for c in SHEETS_BY_KEY["rations"].columns[2:])
SOIL_KEYS = frozenset({"synthetic_n_kg", "organic_n_kg", "urea_kg", "limestone_kg", "dolomite_kg"})

# The template's example farm: the notes' Case A cow (IPCC hand calculation, carbon.md §3.2) with
# a dry cohort and farm-level values marked as illustrative in the help sheet.
EXAMPLE_ROWS: dict[str, list[dict[str, Any]]] = {
    "farm": [
        {
            "farm_key": "示例",
            "farm_name": "示例牧场 Example farm",
            "year": 2024,
            "province_code": "150000",
            "climate_zone": "cool_temperate_dry",
            "fpcm_method": "idf",
        }
    ],
    "cohorts": [
        {
            "farm_key": "示例",
            "label": "lactating",
            "kind": "lactating",
            "head": 100,
            "body_weight_kg": 600,
            "milk_kg_day": 25.825,
            "fat_percent": 3.5,
            "protein_percent": 3.2,
            "pregnant_share": 1,
            "feeding": "stall",
        },
        {
            "farm_key": "示例",
            "label": "dry",
            "kind": "dry",
            "head": 20,
            "body_weight_kg": 620,
            "pregnant_share": 1,
            "feeding": "stall",
        },
    ],
    "rations": [
        {"farm_key": "示例", "cohort": "lactating", "de_percent": 70, "cp_percent": 16},
        {"farm_key": "示例", "cohort": "dry", "de_percent": 62, "cp_percent": 12},
    ],
    "manure": [
        {"farm_key": "示例", "cohort": "lactating", "system": "liquid_slurry", "share": 0.8},
        {"farm_key": "示例", "cohort": "lactating", "system": "solid_storage", "share": 0.2},
        {"farm_key": "示例", "cohort": "dry", "system": "solid_storage", "share": 1},
    ],
    "feeds": [],
    "transport": [{"farm_key": "示例", "tkm": 12000}],
    "energy": [{"farm_key": "示例", "diesel_kg": 1000, "electricity_kwh": 50000}],
    "sales": [
        {
            "farm_key": "示例",
            "milk_sold_kg": 900000,
            "milk_fat_percent": 3.5,
            "milk_protein_percent": 3.2,
            "live_weight_sold_kg": 13500,
        }
    ],
}

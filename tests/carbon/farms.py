"""Farm inputs shared by the carbon tests (plain dicts, as a JSON file or a form would give)."""

from __future__ import annotations

import copy
from typing import Any

# Case A of the notes (section 3.2): 100 housed cows, 600 kg, 25.0 L × 1.033 = 25.825 kg milk/day
# at 3.5 % fat, DE 70 %, Ym 6.5 %, Cpreg 0.10 on all cows; slurry stored > 1 month in the
# cool-temperate dry zone (MCF 26 %); diesel 1,000 kg; electricity 50,000 kWh.
CASE_A: dict[str, Any] = {
    "farm_name": "Case A",
    "year": 2022,
    "location": {"climate_zone": "cool_temperate_dry"},
    "cohorts": [
        {
            "kind": "lactating",
            "head": 100,
            "body_weight_kg": 600,
            "milk_kg_day": 25.825,
            "fat_percent": 3.5,
            "protein_percent": 3.2,
            "de_percent": 70,
            "cp_percent": 16,
            "ym_percent": 6.5,
            "pregnant_share": 1.0,
            "feeding": "stall",
            "storage_months": 6,
            "manure": [{"system": "liquid_slurry", "share": 1}],
        }
    ],
    "energy": {"diesel_kg": 1000, "electricity_kwh": 50000, "grid": "150000"},
    "sales": {
        "milk_sold_kg": 942612,  # 25.825 kg × 365 days × 100 cows
        "milk_fat_percent": 3.5,
        "milk_protein_percent": 3.2,
        "live_weight_sold_kg": 12000,
    },
}


def case_a(**changes: Any) -> dict[str, Any]:
    """A deep copy of Case A with top-level keys replaced."""
    data = copy.deepcopy(CASE_A)
    data.update(changes)
    return data


def case_a_cohort(**changes: Any) -> dict[str, Any]:
    """Case A with fields of its one cohort replaced."""
    data = copy.deepcopy(CASE_A)
    data["cohorts"][0].update(changes)
    return data

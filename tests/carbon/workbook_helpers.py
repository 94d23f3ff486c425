"""Fill the farm template the way a person does: by header text, sheet by sheet."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

from ipcenter.carbon import template_workbook

SHEET_TITLES = {
    "farm": "牧场 Farm",
    "cohorts": "牛群 Cohorts",
    "rations": "日粮 Rations",
    "manure": "粪污 Manure",
    "feeds": "外购饲料 Feeds",
    "transport": "运输 Transport",
    "energy": "能源投入 Energy & inputs",
    "sales": "销售 Sales",
}


def filled_template(sheets: dict[str, list[dict[str, Any]]], lang: str = "zh_CN") -> bytes:
    """The template with its example rows removed and ``sheets`` written from row 4 on.

    ``sheets`` maps a sheet key to rows, each row mapping an English header (without the
    required-field star) to the value typed into that cell.
    """
    book = load_workbook(io.BytesIO(template_workbook(lang)))
    for key, title in SHEET_TITLES.items():
        ws = book[title]
        ws.delete_rows(4, ws.max_row)
        english_row = 2 if lang == "zh_CN" else 1
        columns = {
            str(cell.value).rstrip(" *"): cell.column
            for cell in ws[english_row]
            if cell.value is not None
        }
        for offset, row in enumerate(sheets.get(key, [])):
            for header, value in row.items():
                ws.cell(row=4 + offset, column=columns[header], value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# The notes' Case A herd (carbon.md section 3.2: 100 housed cows, 600 kg, 25.825 kg milk/day at
# 3.5 % fat, DE 70 %, Ym 6.5 %, Cpreg on all cows, diesel 1,000 kg, electricity 50,000 kWh) as a
# farm file. Milk sold is the herd's yield over the year; protein, CP and the manure split are
# not given by the case and are stated here as the test's own assumptions.
CASE_A_ROWS: dict[str, list[dict[str, Any]]] = {
    "farm": [
        {
            "Farm key": "A",
            "Farm name": "Case A",
            "Year": 2024,
            "Province": "150000 内蒙古自治区",
            "Climate zone": "cool_temperate_dry",
        }
    ],
    "cohorts": [
        {
            "Farm key": "A",
            "Cohort label": "cows",
            "Kind": "lactating 泌乳牛",
            "Head": 100,
            "Body weight": 600,
            "Milk yield": 25.825,
            "Milk fat": 3.5,
            "Milk true protein": 3.2,
            "Pregnant share": 1,
            "Feeding situation": "stall",
        }
    ],
    "rations": [
        {
            "Farm key": "A",
            "Cohort": "cows",
            "Digestibility (DE)": 70,
            "Crude protein": 16,
            "Methane conversion Ym": 6.5,
        }
    ],
    "manure": [{"Farm key": "A", "Cohort": "cows", "Manure system": "liquid_slurry", "Share": 1}],
    "energy": [{"Farm key": "A", "Diesel": 1000, "Grid electricity": 50000, "Grid": "150000"}],
    "sales": [
        {
            "Farm key": "A",
            "Milk sold": 942612.5,
            "Fat of milk sold": 3.5,
            "True protein of milk sold": 3.2,
        }
    ],
}

CASE_A_JSON: dict[str, Any] = {
    "farm_name": "Case A",
    "year": 2024,
    "location": {"province_code": "150000", "climate_zone": "cool_temperate_dry"},
    "cohorts": [
        {
            "kind": "lactating",
            "label": "cows",
            "head": 100,
            "body_weight_kg": 600,
            "milk_kg_day": 25.825,
            "fat_percent": 3.5,
            "protein_percent": 3.2,
            "pregnant_share": 1,
            "feeding": "stall",
            "de_percent": 70,
            "cp_percent": 16,
            "ym_percent": 6.5,
            "manure": [{"system": "liquid_slurry", "share": 1}],
        }
    ],
    "energy": {"diesel_kg": 1000, "electricity_kwh": 50000, "grid": "150000"},
    "sales": {"milk_sold_kg": 942612.5, "milk_fat_percent": 3.5, "milk_protein_percent": 3.2},
}

"""The farm workbook: the template as a user sees it, and reading filled workbooks back."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any, get_args

import pytest
from openpyxl import load_workbook

from ipcenter.carbon import (
    WorkbookInvalid,
    farms_workbook,
    parse_farm,
    read_farm_json,
    read_farm_workbook,
    read_workbook_farms,
    template_workbook,
)
from ipcenter.carbon.choices import VOCABULARIES
from ipcenter.carbon.inputs import (
    ClimateZone,
    CohortKind,
    Feeding,
    FpcmMethod,
    IpccRegion,
    ManureSystem,
    Productivity,
)
from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import gettext
from tests.carbon.workbook_helpers import CASE_A_JSON, CASE_A_ROWS, SHEET_TITLES, filled_template


def zh(text: str) -> str:
    return gettext(text, "zh_CN")


def messages(error: ValidationError, lang: str) -> str:
    return error.render(lambda text: gettext(text, lang))


def test_template_has_every_sheet_with_headers_in_both_languages() -> None:
    book = load_workbook(io.BytesIO(template_workbook("zh_CN")))
    assert book.sheetnames[0] == "说明 Help"
    assert set(SHEET_TITLES.values()) <= set(book.sheetnames)
    cohorts = book["牛群 Cohorts"]
    row1 = [c.value for c in cohorts[1]]
    row2 = [c.value for c in cohorts[2]]
    assert "头数 *" in row1 and "Head *" in row2
    assert "乳脂率" in row1 and "Milk fat" in row2
    units = [c.value for c in cohorts[3]]
    assert "kg" in units and "%" in units
    # The help note of a header explains percent entry in the template's language.
    fat = row1.index("乳脂率") + 1
    assert "3.8" in cohorts.cell(row=1, column=fat).comment.text
    english = load_workbook(io.BytesIO(template_workbook("en")))["牛群 Cohorts"]
    assert "Head *" in [c.value for c in english[1]]


def test_template_offers_drop_down_lists_and_an_example_row() -> None:
    book = load_workbook(io.BytesIO(template_workbook("zh_CN")))
    assert book["lists"].sheet_state == "hidden"
    listed = {column[0].value: [c.value for c in column[1:]] for column in book["lists"].columns}
    assert "stall 舍饲" in listed["feeding"]
    assert "lagoon 无覆盖厌氧氧化塘" in listed["manure_system"]
    assert "150000 内蒙古" in listed["grid"]
    assert any(entry.startswith("150000 ") for entry in listed["province"])
    manure = book["粪污 Manure"]
    formulas = [v.formula1 for v in manure.data_validations.dataValidation]
    assert any("lists!" in (f or "") for f in formulas)
    assert manure.cell(row=4, column=1).value == "示例"


def test_the_example_rows_are_skipped() -> None:
    # The untouched template holds only examples, hence no farm.
    with pytest.raises(ValidationError) as caught:
        read_farm_workbook(template_workbook("zh_CN"))
    assert "has no farm rows" in caught.value.render()


def test_round_trip_of_the_case_a_farm() -> None:
    farm = read_farm_workbook(filled_template(CASE_A_ROWS), filename="case-a.xlsx")
    assert farm == parse_farm(CASE_A_JSON)
    # An English template filled the same way reads the same.
    assert read_farm_workbook(filled_template(CASE_A_ROWS, lang="en")) == farm


def _two_farms(bad_fat: Any) -> dict[str, list[dict[str, Any]]]:
    sheets = {key: [dict(row) for row in rows] for key, rows in CASE_A_ROWS.items()}
    for key, rows in CASE_A_ROWS.items():
        for row in rows:
            sheets[key].append({**row, "Farm key": "B"})
    sheets["farm"][1]["Farm name"] = "Case B"
    sheets["cohorts"][1]["Milk fat"] = bad_fat
    return sheets


def test_one_bad_farm_does_not_hide_the_other() -> None:
    farms = read_workbook_farms(filled_template(_two_farms(bad_fat=35)))
    assert [f.key for f in farms] == ["A", "B"]
    assert farms[0].farm is not None and not farms[0].problems
    assert farms[1].farm is None
    (problem,) = farms[1].problems
    text = messages(problem, "en")
    assert "牛群 Cohorts" in text and "row 5" in text and "Milk fat" in text
    assert "cohorts[0].fat_percent" in text and "3.5 rather than 35" in text
    with pytest.raises(WorkbookInvalid):
        read_farm_workbook(filled_template(_two_farms(bad_fat=35)))


def test_several_good_farms_are_refused_by_the_single_farm_reader() -> None:
    with pytest.raises(ValidationError) as caught:
        read_farm_workbook(filled_template(_two_farms(bad_fat=3.6)))
    assert "holds 2 farms" in caught.value.render()


def test_every_bad_cell_is_named_in_chinese_and_english() -> None:
    sheets = {key: [dict(row) for row in rows] for key, rows in CASE_A_ROWS.items()}
    sheets["cohorts"][0]["Head"] = -5
    sheets["cohorts"][0]["Milk fat"] = 35
    sheets["manure"] = [
        {"Farm key": "A", "Cohort": "cows", "Manure system": "liquid_slurry", "Share": 0.9},
        {"Farm key": "A", "Cohort": "cows", "Manure system": "solid_storage", "Share": 0.4},
    ]
    sheets["sales"][0]["Milk sold"] = "lots"
    with pytest.raises(WorkbookInvalid) as caught:
        read_farm_workbook(filled_template(sheets))
    error = caught.value
    english = messages(error, "en")
    chinese = messages(error, "zh_CN")
    assert "4 problem(s)" in english
    assert "Sheet 牛群 Cohorts, row 4, column Head (cohorts[0].head): -5" in english
    assert "column Milk fat (cohorts[0].fat_percent): 35" in english
    assert "Sheet 粪污 Manure, row 4, column Share (cohorts[0].manure)" in english
    assert "1.3" in english
    assert "Sheet 销售 Sales, row 4, column Milk sold (sales.milk_sold_kg): 'lots'" in english
    assert "工作表 牛群 Cohorts，第 4 行，“头数”列（cohorts[0].head）：-5 不得小于 0" in chinese
    assert "“乳脂率”列" in chinese and "“比例”列" in chinese and "必须是数字" in chinese
    assert len(error.to_dict()["params"]["problems"]) == 4


def test_rows_pointing_nowhere_are_reported() -> None:
    sheets = {key: [dict(row) for row in rows] for key, rows in CASE_A_ROWS.items()}
    sheets["manure"][0]["Cohort"] = "kows"
    sheets["energy"][0]["Farm key"] = "Z"
    farms = read_workbook_farms(filled_template(sheets))
    text = " | ".join(messages(p, "en") for p in farms[0].problems)
    assert "Sheet 粪污 Manure, row 4 (cohort): 'kows' is not a cohort label" in text
    assert "Sheet 牛群 Cohorts, row 4 (cohorts[0].manure): 'cows' has no row on the Manure" in text
    assert "Sheet 能源投入 Energy & inputs, row 4 (farm_key): 'Z' is not a farm key" in text


def test_macro_enabled_workbooks_are_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        read_farm_workbook(filled_template(CASE_A_ROWS), filename="farm.xlsm")
    assert "without macros" in caught.value.render()
    buffer = io.BytesIO(filled_template(CASE_A_ROWS))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00" * 16)
    with pytest.raises(ValidationError) as caught:
        read_farm_workbook(buffer.getvalue(), filename="farm.xlsx")
    assert "contains macros" in caught.value.render()
    assert "含有宏" in messages(caught.value, "zh_CN")


def test_a_file_that_is_not_a_workbook_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        read_farm_workbook(b"farm_name,year\nA,2024\n")
    assert "not a readable XLSX" in caught.value.render()


@pytest.mark.parametrize(
    ("vocabulary", "literal"),
    [
        ("cohort_kind", CohortKind),
        ("feeding", Feeding),
        ("climate_zone", ClimateZone),
        ("manure_system", ManureSystem),
        ("fpcm_method", FpcmMethod),
        ("productivity", Productivity),
        ("ipcc_region", IpccRegion),
    ],
)
def test_every_input_identifier_has_a_label(vocabulary: str, literal: Any) -> None:
    assert set(VOCABULARIES[vocabulary]) == set(get_args(literal))
    for text in VOCABULARIES[vocabulary].values():
        assert zh(text) != text


EXAMPLE_JSON = (
    Path(__file__).resolve().parents[2]
    / "src/ipcenter/data/carbon/examples/inner_mongolia_housed.json"
)


def test_the_example_farm_typed_into_the_template_equals_its_json() -> None:
    """The shipped example farm, typed into the template cell by cell, reads back the same."""
    farm = json.loads(EXAMPLE_JSON.read_text(encoding="utf-8"))
    key = "IM"
    cohort_rows, ration_rows, manure_rows = [], [], []
    for cohort in farm["cohorts"]:
        cohort_rows.append(
            {
                "Farm key": key,
                "Cohort label": cohort["label"],
                "Kind": cohort["kind"],
                "Age band": cohort.get("age_band"),
                "Head": cohort["head"],
                "Body weight": cohort["body_weight_kg"],
                "Mature weight": cohort.get("mature_weight_kg"),
                "Weight gain": cohort.get("weight_gain_kg_day"),
                "Milk yield": cohort.get("milk_kg_day"),
                "Milk fat": cohort.get("fat_percent"),
                "Milk true protein": cohort.get("protein_percent"),
                "Pregnant share": cohort.get("pregnant_share"),
                "Feeding situation": cohort["feeding"],
            }
        )
        ration_rows.append(
            {
                "Farm key": key,
                "Cohort": cohort["label"],
                "Digestibility (DE)": cohort["de_percent"],
                "Crude protein": cohort["cp_percent"],
                "NDF": cohort.get("ndf_g_per_kg_dm"),
            }
        )
        for part in cohort["manure"]:
            manure_rows.append(
                {
                    "Farm key": key,
                    "Cohort": cohort["label"],
                    "Manure system": part["system"],
                    "Share": part["share"],
                    "Storage time": cohort.get("storage_months"),
                }
            )
    sheets = {
        "farm": [
            {
                "Farm key": key,
                "Farm name": farm["farm_name"],
                "Year": farm["year"],
                "Province": farm["location"]["province_code"],
                "IPCC region": farm["location"]["ipcc_region"],
                "Productivity": farm["productivity"],
            }
        ],
        "cohorts": cohort_rows,
        "rations": ration_rows,
        "manure": manure_rows,
        "feeds": [
            {"Farm key": key, "Feed": f["feed_id"], "Description": f["name"], "Amount": f["tonnes"]}
            for f in farm["feeds"]
        ],
        "transport": [
            {"Farm key": key, "Mode": t["mode"], "Freight": t["tkm"]} for t in farm["transport"]
        ],
        "energy": [
            {
                "Farm key": key,
                "Diesel": farm["energy"]["diesel_kg"],
                "Coal": farm["energy"]["coal_kg"],
                "Grid electricity": farm["energy"]["electricity_kwh"],
                "Synthetic N": farm["soils"]["synthetic_n_kg"],
                "Urea": farm["soils"]["urea_kg"],
            }
        ],
        "sales": [
            {
                "Farm key": key,
                "Milk sold": farm["sales"]["milk_sold_kg"],
                "Fat of milk sold": farm["sales"]["milk_fat_percent"],
                "True protein of milk sold": farm["sales"]["milk_protein_percent"],
                "Live weight sold": farm["sales"]["live_weight_sold_kg"],
                "Live weight bought": farm["sales"]["live_weight_bought_kg"],
                "Manure exported": farm["sales"]["manure_exported_share"],
            }
        ],
    }
    for rows in sheets.values():
        for row in rows:
            for header in [h for h, v in row.items() if v is None]:
                del row[header]
    read = read_farm_workbook(filled_template(sheets))
    assert read == read_farm_json(EXAMPLE_JSON)


def test_farms_written_to_a_workbook_read_back_the_same() -> None:
    example = read_farm_json(EXAMPLE_JSON)
    case_a = parse_farm(CASE_A_JSON)
    farms = read_workbook_farms(farms_workbook([example, case_a], "en"))
    assert [f.key for f in farms] == ["F1", "F2"]
    assert [f.farm for f in farms] == [example, case_a]
    # A cohort without a label is given one, so that its other rows can name it.
    unnamed = case_a.model_copy(
        update={"cohorts": (case_a.cohorts[0].model_copy(update={"label": ""}),)}
    )
    (read,) = read_workbook_farms(farms_workbook([unnamed]))
    assert read.farm is not None and read.farm.cohorts[0].label == "lactating-1"

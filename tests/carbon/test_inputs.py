"""Bad farm input is refused with the field named, in Chinese and in English."""

from __future__ import annotations

from typing import Any

import pytest

from ipcenter.carbon import parse_farm, read_farm_json
from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import gettext
from tests.carbon.farms import CASE_A, case_a, case_a_cohort


def rendered(error: ValidationError, language: str) -> str:
    return error.render(lambda text: gettext(text, language))


def refused(data: Any) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse_farm(data)
    return caught.value


def test_case_a_is_accepted() -> None:
    farm = parse_farm(CASE_A)
    assert farm.cohorts[0].fat_percent == 3.5
    assert parse_farm(farm.model_dump(mode="json")) == farm


def test_negative_head() -> None:
    error = refused(case_a_cohort(head=-5))
    assert error.params["field"] == "cohorts[0].head"
    assert "cohorts[0].head" in rendered(error, "en")
    assert "must be at least 0" in rendered(error, "en")
    assert "不得小于 0" in rendered(error, "zh_CN")


def test_fat_given_as_35_instead_of_3_5() -> None:
    error = refused(case_a_cohort(fat_percent=35))
    assert error.params["field"] == "cohorts[0].fat_percent"
    assert "3.5 rather than 35" in rendered(error, "en")
    assert "cohorts[0].fat_percent" in rendered(error, "zh_CN")
    assert "百分数" in rendered(error, "zh_CN")


def test_manure_shares_summing_to_1_3() -> None:
    error = refused(
        case_a_cohort(
            manure=[
                {"system": "liquid_slurry", "share": 0.7},
                {"system": "solid_storage", "share": 0.6},
            ]
        )
    )
    assert error.params["field"] == "cohorts[0].manure"
    assert "add up to 1 (they add up to 1.3)" in rendered(error, "en")
    assert "比例之和必须为 1（当前为 1.3）" in rendered(error, "zh_CN")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (case_a_cohort(feeding="barn"), "cohorts[0].feeding"),
        (case_a_cohort(pregnant_share=1.5), "cohorts[0].pregnant_share"),
        (case_a_cohort(de_percent="high"), "cohorts[0].de_percent"),
        (case_a_cohort(manure=[{"system": "septic", "share": 1}]), "cohorts[0].manure[0].system"),
        (case_a_cohort(kind="dry"), "cohorts"),
        (case_a(sales={"milk_sold_kg": 1}), "sales.milk_fat_percent"),
        (case_a(year=1800), "year"),
        (case_a(colour="red"), "colour"),
        (case_a(feeds=[{"tonnes": 3}]), "feeds[0].feed_id"),
        (case_a(feeds=[{"tonnes": 3, "kg_co2e_per_kg": 0.4}]), "feeds[0].factor_source"),
    ],
)
def test_other_bad_values_name_their_field(data: dict[str, Any], field: str) -> None:
    assert refused(data).params["field"] == field


def test_not_an_object_and_not_json(tmp_path: Any) -> None:
    assert refused([1, 2]).params["field"] == "input"
    path = tmp_path / "farm.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        read_farm_json(path)
    assert caught.value.params["field"] == "file"
    with pytest.raises(ValidationError):
        read_farm_json(tmp_path / "missing.json")

"""The entry form's error summary names a cohort field by its label, not its internal path."""

from __future__ import annotations

from typing import Any

from ipcenter.carbon import field_label
from ipcenter.core.i18n import gettext
from tests.carbon.workbook_helpers import CASE_A_JSON
from tests.web.test_carbon_pages import form_fields, post_form, switch_language


def test_a_cohort_field_is_named_by_its_label() -> None:
    head = gettext("Head", "zh_CN")
    assert field_label("cohorts[0].head", "zh_CN") == f"第 1 个牛群的“{head}”"
    assert field_label("cohorts[2].head", "en") == "“Head” of cohort 3"
    assert field_label("sales.milk_sold_kg", "en") is None


def test_the_summary_shows_the_label(login: Any) -> None:
    client = login("farm")
    farm = {**CASE_A_JSON, "cohorts": [dict(CASE_A_JSON["cohorts"][0])]}
    fields = form_fields(farm, **{"cohorts[0].head": "-5"})
    zh = post_form(client, fields)
    assert zh.status_code == 422
    summary = zh.text.split('id="form-problems"')[1].split("</section>")[0]
    assert "第 1 个牛群的“" in summary and "cohorts[0].head" not in summary
    switch_language(client, "en")
    en = post_form(client, fields)
    summary = en.text.split('id="form-problems"')[1].split("</section>")[0]
    assert "of cohort 1" in summary and "cohorts[0].head" not in summary
    switch_language(client, "zh_CN")

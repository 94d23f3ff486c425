"""The carbon demo records: real where they can be, invented inputs named, computed on load."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.accounts import organisation_by_key
from ipcenter.carbon import CarbonAssessment, footprint, parse_farm
from ipcenter.demo import load_demo


def read(name: str) -> list[dict[str, Any]]:
    path = resources.files("ipcenter") / "data" / "demo" / name
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


@pytest.mark.parametrize("name", ["carbon_assessments.json", "carbon_supply_links.json"])
def test_every_carbon_record_says_what_is_invented_and_where_the_rest_comes_from(
    name: str,
) -> None:
    for record in read(name):
        assert record["source"] and record["demo"] is True
        if name == "carbon_assessments.json":
            assert record["demo_fields"]
            parse_farm(record["farm"])


def test_the_case_a_herd_is_kept_as_the_notes_give_it() -> None:
    cows = read("carbon_assessments.json")[0]["farm"]["cohorts"][0]
    assert (cows["head"], cows["body_weight_kg"], cows["milk_kg_day"]) == (100, 600, 25.825)
    assert (cows["fat_percent"], cows["de_percent"], cows["ym_percent"]) == (3.5, 70, 6.5)


def test_loading_computes_and_flags_the_demo_assessments(session: Session) -> None:
    summary = load_demo(session)
    session.flush()
    assert summary.carbon_assessments == 3
    stored = session.scalars(select(CarbonAssessment).order_by(CarbonAssessment.id)).all()
    assert all(a.is_demo and a.demo_fields and a.source for a in stored)
    records = read("carbon_assessments.json")
    for assessment, record in zip(stored, records, strict=True):
        expected = footprint(parse_farm(record["farm"]), gwp=record["gwp"])
        assert assessment.kg_co2e_per_kg_fpcm == expected.kg_co2e_per_kg_fpcm
        assert assessment.org_id == organisation_by_key(session, record["org"]).id
        assert {d["name"] for d in assessment.scenario_results} >= {"3nop", "digester"}

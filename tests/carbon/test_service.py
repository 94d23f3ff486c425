"""Stored assessments: saved whole, read back only inside the caller's organisations."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipcenter.accounts import create_organisation
from ipcenter.carbon import (
    CarbonAssessment,
    carbon_dashboard,
    compare_scenarios,
    footprint,
    get_assessment,
    link_supplier,
    list_assessments,
    list_farms,
    parse_farm,
    save_assessment,
)
from ipcenter.core.audit import AuditEvent
from ipcenter.core.errors import NotFound, ValidationError
from ipcenter.core.scoping import OrgScope
from tests.carbon.workbook_helpers import CASE_A_JSON

FARM = parse_farm(CASE_A_JSON)
RESULT = footprint(FARM)


@pytest.fixture
def orgs(session: Session) -> dict[str, int]:
    ids = {}
    for key, kind, parent in (
        ("centre", "centre", None),
        ("dairyco", "company", "centre"),
        ("otherco", "company", "centre"),
        ("farm1", "farm", "centre"),
        ("farm2", "farm", "centre"),
    ):
        org = create_organisation(
            session, key=key, name=key, kind=kind, parent_key=parent, actor="test"
        )
        ids[key] = org.id
    session.flush()
    return ids


def save(session: Session, org_id: int, name: str, year: int = 2024) -> CarbonAssessment:
    farm = FARM.model_copy(update={"farm_name": name, "year": year})
    return save_assessment(
        session,
        farm=farm,
        result=footprint(farm),
        org_id=org_id,
        scope=OrgScope.only(org_id),
        created_by="tester",
    )


def test_saved_assessment_keeps_inputs_results_and_headline_numbers(
    session: Session, orgs: dict[str, int]
) -> None:
    comparison = compare_scenarios(FARM, ["3nop"])
    stored = save_assessment(
        session,
        farm=FARM,
        result=RESULT,
        org_id=orgs["farm1"],
        scope=OrgScope.only(orgs["farm1"]),
        created_by="farmer",
        scenarios=comparison,
    )
    session.commit()
    assessment, farm = get_assessment(session, stored.id, scope=OrgScope.only(orgs["farm1"]))
    assert farm.name == "Case A" and farm.region_code == "150000"
    assert farm.climate_zone == "cool_temperate_dry"
    assert assessment.year == 2024 and assessment.gwp == "AR6"
    assert parse_farm(assessment.inputs) == FARM
    assert assessment.results["kg_co2e_per_kg_fpcm"] == RESULT.kg_co2e_per_kg_fpcm
    assert assessment.total_kg_co2e == RESULT.total_kg_co2e
    assert assessment.scenario_results[0]["name"] == "3nop"
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "carbon-assessment-saved")
    ).all()
    assert [e.entity_id for e in events] == [stored.id]


def test_a_second_year_reuses_the_farm(session: Session, orgs: dict[str, int]) -> None:
    save(session, orgs["farm1"], "Farm one", 2023)
    save(session, orgs["farm1"], "Farm one", 2024)
    farms = list_farms(session, scope=OrgScope.only(orgs["farm1"]))
    assert [f.name for f in farms] == ["Farm one"]
    rows = list_assessments(session, scope=OrgScope.only(orgs["farm1"]))
    assert [a.year for a, _farm in rows] == [2024, 2023]


def test_each_organisation_sees_its_own_and_linked_suppliers(
    session: Session, orgs: dict[str, int]
) -> None:
    own = save(session, orgs["farm1"], "Farm one")
    other = save(session, orgs["farm2"], "Farm two")
    company_owned = save(session, orgs["dairyco"], "Supplier without account")
    link_supplier(session, company_org_id=orgs["dairyco"], farm_org_id=orgs["farm1"], actor="test")
    session.flush()

    def visible(*org_ids: int) -> set[int]:
        return {a.id for a, _f in list_assessments(session, scope=OrgScope.only(*org_ids))}

    assert visible(orgs["farm1"]) == {own.id}
    assert visible(orgs["dairyco"]) == {own.id, company_owned.id}
    assert visible(orgs["otherco"]) == set()
    centre_scope = tuple(orgs.values())
    assert visible(*centre_scope) == {own.id, other.id, company_owned.id}
    assert {a.id for a, _f in list_assessments(session, scope=OrgScope.everything())} == {
        own.id,
        other.id,
        company_owned.id,
    }
    # Out of scope is "not found", never "forbidden".
    with pytest.raises(NotFound):
        get_assessment(session, other.id, scope=OrgScope.only(orgs["dairyco"]))
    with pytest.raises(NotFound):
        get_assessment(session, own.id, scope=OrgScope.only(orgs["otherco"]))
    with pytest.raises(NotFound):
        get_assessment(session, 999_999, scope=OrgScope.everything())


def test_a_link_gives_no_write_access(session: Session, orgs: dict[str, int]) -> None:
    link_supplier(session, company_org_id=orgs["dairyco"], farm_org_id=orgs["farm1"], actor="test")
    with pytest.raises(NotFound):
        save_assessment(
            session,
            farm=FARM,
            result=RESULT,
            org_id=orgs["farm1"],
            scope=OrgScope.only(orgs["dairyco"]),
            created_by="company",
        )
    assert session.scalar(select(func.count()).select_from(CarbonAssessment)) == 0


def test_linking_twice_keeps_one_link(session: Session, orgs: dict[str, int]) -> None:
    first = link_supplier(
        session, company_org_id=orgs["dairyco"], farm_org_id=orgs["farm1"], actor="t"
    )
    again = link_supplier(
        session, company_org_id=orgs["dairyco"], farm_org_id=orgs["farm1"], actor="t"
    )
    assert first.id == again.id


def test_filter_by_year_and_farm(session: Session, orgs: dict[str, int]) -> None:
    first = save(session, orgs["farm1"], "Farm one", 2023)
    save(session, orgs["farm1"], "Farm one", 2024)
    save(session, orgs["farm1"], "Farm three", 2023)
    scope = OrgScope.only(orgs["farm1"])
    assert len(list_assessments(session, scope=scope, year=2023)) == 2
    assert len(list_assessments(session, scope=scope, farm_id=first.farm_id)) == 2


def test_a_blank_farm_name_is_refused(session: Session, orgs: dict[str, int]) -> None:
    with pytest.raises(ValidationError):
        save(session, orgs["farm1"], "   ")


def test_dashboard_weights_intensity_by_milk_and_sums_sources(
    session: Session, orgs: dict[str, int]
) -> None:
    small = save(session, orgs["farm1"], "Small farm", 2024)
    big_farm = FARM.model_copy(
        update={
            "farm_name": "Big farm",
            "cohorts": (FARM.cohorts[0].model_copy(update={"head": 1000}),),
            "sales": FARM.sales.model_copy(update={"milk_sold_kg": 9_426_125}),
        }
    )
    big = save_assessment(
        session,
        farm=big_farm,
        result=footprint(big_farm),
        org_id=orgs["farm2"],
        scope=OrgScope.only(orgs["farm2"]),
        created_by="t",
    )
    save(session, orgs["farm1"], "Small farm", 2023)
    board = carbon_dashboard(session, scope=OrgScope.only(orgs["farm1"], orgs["farm2"]))
    assert (board.assessments, board.farms) == (3, 2)
    assert [y.year for y in board.years] == [2023, 2024]
    latest = board.years[-1]
    weighted = (
        small.kg_co2e_per_kg_fpcm * small.fpcm_kg + big.kg_co2e_per_kg_fpcm * big.fpcm_kg
    ) / (small.fpcm_kg + big.fpcm_kg)
    assert latest.weighted_kg_co2e_per_kg_fpcm == pytest.approx(weighted, rel=1e-12)
    assert latest.median_kg_co2e_per_kg_fpcm == pytest.approx(
        (small.kg_co2e_per_kg_fpcm + big.kg_co2e_per_kg_fpcm) / 2
    )
    assert latest.total_kg_co2e == pytest.approx(small.total_kg_co2e + big.total_kg_co2e)
    assert latest.by_source["enteric_ch4"] == pytest.approx(
        small.results["by_source"]["enteric_ch4"] + big.results["by_source"]["enteric_ch4"]
    )
    assert latest.milk_kg_co2e == pytest.approx(
        small.results["milk_kg_co2e"] + big.results["milk_kg_co2e"]
    )
    assert [r.year for r in board.latest] == [2024, 2024]

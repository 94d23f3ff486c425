"""Stored farms and assessments, always read and written through the caller's scope.

Who sees what:
- a farm sees the farms and assessments its organisation owns;
- a dairy company sees the farms it owns (supplier farms without an account of their own) and,
  read-only, every farm of an organisation linked to it as a supplier (``CarbonSupplyLink``);
- centre staff see every organisation the centre serves (their ``OrgScope`` already says so).
Anything outside that is answered as "not found", never "forbidden".
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.carbon.inputs import FarmInput
from ipcenter.carbon.models import CarbonAssessment, CarbonFarm, CarbonSupplyLink
from ipcenter.carbon.results import FootprintResult, ScenarioComparison
from ipcenter.core import audit
from ipcenter.core.errors import NotFound, ValidationError
from ipcenter.core.i18n import N_
from ipcenter.core.scoping import OrgScope, require_visible, scoped

ASSESSMENT = N_("Assessment")
FARM = N_("Farm")


def read_scope(session: Session, scope: OrgScope) -> OrgScope:
    """``scope`` widened by the supplier farms linked to the companies in it (read access only)."""
    if scope.org_ids is None:
        return scope
    linked = session.scalars(
        select(CarbonSupplyLink.farm_org_id).where(
            CarbonSupplyLink.company_org_id.in_(sorted(scope.org_ids))
        )
    )
    return OrgScope.only(*scope.org_ids, *linked)


def link_supplier(
    session: Session, *, company_org_id: int, farm_org_id: int, is_demo: bool = False, actor: str
) -> CarbonSupplyLink:
    """Let ``company_org_id`` read the assessments of the farms of ``farm_org_id``."""
    existing = session.scalars(
        select(CarbonSupplyLink).where(
            CarbonSupplyLink.company_org_id == company_org_id,
            CarbonSupplyLink.farm_org_id == farm_org_id,
        )
    ).first()
    if existing is not None:
        return existing
    link = CarbonSupplyLink(company_org_id=company_org_id, farm_org_id=farm_org_id, is_demo=is_demo)
    session.add(link)
    session.flush()
    audit.record(
        session,
        "carbon-supplier-linked",
        actor=actor,
        org_id=company_org_id,
        entity_type="carbon_supply_link",
        entity_id=link.id,
        after={"farm_org_id": farm_org_id},
    )
    return link


def ensure_farm(
    session: Session,
    *,
    org_id: int,
    name: str,
    scope: OrgScope,
    region_code: str | None = None,
    climate_zone: str | None = None,
    is_demo: bool = False,
) -> CarbonFarm:
    """The farm called ``name`` of ``org_id``, created when new; ``org_id`` must be writable."""
    if not scope.allows(org_id):
        raise NotFound(what=N_("Organisation"))
    name = name.strip()
    if not name:
        raise ValidationError(field="farm.name", reason=N_("is required"))
    farm = session.scalars(
        select(CarbonFarm).where(CarbonFarm.org_id == org_id, CarbonFarm.name == name)
    ).first()
    if farm is None:
        farm = CarbonFarm(org_id=org_id, name=name, is_demo=is_demo)
        session.add(farm)
    # The latest assessment's location wins: a farm that moved its records is rare.
    if region_code:
        farm.region_code = region_code
    if climate_zone:
        farm.climate_zone = climate_zone
    session.flush()
    return farm


def save_assessment(
    session: Session,
    *,
    farm: FarmInput,
    result: FootprintResult,
    org_id: int,
    scope: OrgScope,
    created_by: str,
    scenarios: ScenarioComparison | None = None,
    is_demo: bool = False,
    demo_fields: Sequence[str] = (),
    source: str | None = None,
) -> CarbonAssessment:
    """Store one farm-year in the caller's transaction (all or nothing), audited.

    The input and the result are frozen as JSON when saved, so later changes to the default
    tables never rewrite an old result. ``org_id`` must be one the caller may write to.
    """
    year = farm.year
    record = ensure_farm(
        session,
        org_id=org_id,
        name=farm.farm_name,
        scope=scope,
        region_code=farm.location.province_code,
        climate_zone=farm.location.climate_zone,
        is_demo=is_demo,
    )
    assessment = CarbonAssessment(
        org_id=org_id,
        farm_id=record.id,
        year=year,
        gwp=result.gwp.name,
        inputs=farm.model_dump(mode="json"),
        results=result.model_dump(mode="json"),
        scenario_results=(
            [diff.model_dump(mode="json") for diff in scenarios.scenarios] if scenarios else []
        ),
        total_kg_co2e=result.total_kg_co2e,
        kg_co2e_per_kg_fpcm=result.kg_co2e_per_kg_fpcm,
        fpcm_kg=result.fpcm_kg,
        created_by=created_by,
        is_demo=is_demo,
        demo_fields=list(demo_fields),
        source=source,
    )
    session.add(assessment)
    session.flush()
    audit.record(
        session,
        "carbon-assessment-saved",
        actor=created_by,
        org_id=org_id,
        entity_type="carbon_assessment",
        entity_id=assessment.id,
        after={
            "farm": record.name,
            "year": year,
            "gwp": result.gwp.name,
            "total_kg_co2e": assessment.total_kg_co2e,
        },
    )
    return assessment


def list_farms(session: Session, *, scope: OrgScope) -> list[CarbonFarm]:
    statement = scoped(select(CarbonFarm), CarbonFarm, read_scope(session, scope))
    return list(session.scalars(statement.order_by(CarbonFarm.name, CarbonFarm.id)))


def list_assessments(
    session: Session,
    *,
    scope: OrgScope,
    farm_id: int | None = None,
    year: int | None = None,
    limit: int = 1000,
) -> list[tuple[CarbonAssessment, CarbonFarm]]:
    """Visible assessments with their farm, newest year first."""
    statement = scoped(
        select(CarbonAssessment, CarbonFarm).join(
            CarbonFarm, CarbonFarm.id == CarbonAssessment.farm_id
        ),
        CarbonAssessment,
        read_scope(session, scope),
    )
    if farm_id is not None:
        statement = statement.where(CarbonAssessment.farm_id == farm_id)
    if year is not None:
        statement = statement.where(CarbonAssessment.year == year)
    statement = statement.order_by(
        CarbonAssessment.year.desc(), CarbonFarm.name, CarbonAssessment.id.desc()
    ).limit(limit)
    return [(row[0], row[1]) for row in session.execute(statement)]


def get_assessment(
    session: Session, assessment_id: int, *, scope: OrgScope
) -> tuple[CarbonAssessment, CarbonFarm]:
    """One assessment and its farm; NotFound when missing or outside the caller's scope."""
    visible = read_scope(session, scope)
    assessment = session.get(CarbonAssessment, assessment_id)
    require_visible(assessment, visible, what=ASSESSMENT)
    assert assessment is not None  # noqa: S101 - require_visible raised otherwise
    farm = session.get(CarbonFarm, assessment.farm_id)
    require_visible(farm, visible, what=FARM)
    assert farm is not None  # noqa: S101
    return assessment, farm

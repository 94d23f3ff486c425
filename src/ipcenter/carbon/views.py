"""What the API, the pages and the CLI show of stored assessments: one shape for all of them."""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from ipcenter.carbon.models import CarbonAssessment, CarbonFarm
from ipcenter.carbon.service import list_assessments
from ipcenter.core.scoping import OrgScope


class AssessmentSummary(BaseModel):
    """One stored farm-year, headline numbers only."""

    id: int
    org_id: int
    farm_id: int
    farm_name: str
    region_code: str | None
    year: int
    gwp: str
    total_kg_co2e: float
    kg_co2e_per_kg_fpcm: float
    fpcm_kg: float
    created_by: str
    created_at: dt.datetime | None
    is_demo: bool
    demo_fields: list[str]


class AssessmentPublic(AssessmentSummary):
    """A stored farm-year in full: the input as entered, the result and the scenario diffs."""

    inputs: dict[str, Any]
    results: dict[str, Any]
    scenario_results: list[Any]
    source: str | None


class AssessmentList(BaseModel):
    data: list[AssessmentSummary]
    count: int


def assessment_summary(assessment: CarbonAssessment, farm: CarbonFarm) -> AssessmentSummary:
    return AssessmentSummary(
        id=assessment.id,
        org_id=assessment.org_id,
        farm_id=farm.id,
        farm_name=farm.name,
        region_code=farm.region_code,
        year=assessment.year,
        gwp=assessment.gwp,
        total_kg_co2e=assessment.total_kg_co2e,
        kg_co2e_per_kg_fpcm=assessment.kg_co2e_per_kg_fpcm,
        fpcm_kg=assessment.fpcm_kg,
        created_by=assessment.created_by,
        created_at=assessment.created_at,
        is_demo=assessment.is_demo,
        demo_fields=list(assessment.demo_fields or []),
    )


def assessment_public(assessment: CarbonAssessment, farm: CarbonFarm) -> AssessmentPublic:
    return AssessmentPublic(
        **assessment_summary(assessment, farm).model_dump(),
        inputs=assessment.inputs,
        results=assessment.results,
        scenario_results=list(assessment.scenario_results or []),
        source=assessment.source,
    )


class YearSummary(BaseModel):
    """All visible farms in one year."""

    year: int
    farms: int
    total_kg_co2e: float
    # The share of the total carried by the milk (after IDF allocation): a buyer's Scope 3.
    milk_kg_co2e: float
    fpcm_kg: float
    by_source: dict[str, float]
    # FPCM-weighted: the footprint of all the milk, not the average of the farms' footprints.
    weighted_kg_co2e_per_kg_fpcm: float
    median_kg_co2e_per_kg_fpcm: float
    min_kg_co2e_per_kg_fpcm: float
    max_kg_co2e_per_kg_fpcm: float


class Dashboard(BaseModel):
    """The centre's view across farms and years."""

    assessments: int
    farms: int
    years: list[YearSummary]
    latest: list[AssessmentSummary]
    intensities: list[float]


def carbon_dashboard(session: Session, *, scope: OrgScope) -> Dashboard:
    """Intensity distribution, trend and totals of every assessment the caller may see."""
    stored = list_assessments(session, scope=scope)
    rows = [assessment_summary(a, f) for a, f in stored]
    by_year: dict[int, list[AssessmentSummary]] = {}
    sources: dict[int, dict[str, float]] = {}
    for row, (assessment, _farm) in zip(rows, stored, strict=True):
        by_year.setdefault(row.year, []).append(row)
        year_sources = sources.setdefault(row.year, {})
        for source, value in (assessment.results.get("by_source") or {}).items():
            year_sources[source] = year_sources.get(source, 0.0) + float(value)
    years = []
    for year in sorted(by_year):
        group = by_year[year]
        values = [r.kg_co2e_per_kg_fpcm for r in group]
        fpcm = sum(r.fpcm_kg for r in group)
        milk_co2e = sum(r.kg_co2e_per_kg_fpcm * r.fpcm_kg for r in group)
        years.append(
            YearSummary(
                year=year,
                farms=len({r.farm_id for r in group}),
                total_kg_co2e=sum(r.total_kg_co2e for r in group),
                milk_kg_co2e=milk_co2e,
                fpcm_kg=fpcm,
                by_source=sources[year],
                weighted_kg_co2e_per_kg_fpcm=milk_co2e / fpcm if fpcm else 0.0,
                median_kg_co2e_per_kg_fpcm=statistics.median(values),
                min_kg_co2e_per_kg_fpcm=min(values),
                max_kg_co2e_per_kg_fpcm=max(values),
            )
        )
    latest_year: dict[int, AssessmentSummary] = {}
    for row in rows:  # newest year first, so the first row of a farm is its latest
        latest_year.setdefault(row.farm_id, row)
    return Dashboard(
        assessments=len(rows),
        farms=len(latest_year),
        years=years,
        latest=sorted(latest_year.values(), key=lambda r: r.kg_co2e_per_kg_fpcm),
        intensities=sorted(r.kg_co2e_per_kg_fpcm for r in rows),
    )

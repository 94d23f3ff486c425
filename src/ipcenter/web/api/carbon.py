"""JSON API of the carbon capability: compute a farm, list and read stored assessments."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from ipcenter import carbon
from ipcenter.accounts import Caller, Permission
from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_
from ipcenter.web.deps import SessionDep, requires

router = APIRouter(prefix="/api/v1/carbon", tags=["carbon"])
Reader = Annotated[Caller, Depends(requires(Permission.CARBON_READ))]

_FARM_SCHEMA = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": carbon.FarmInput.model_json_schema()}},
    }
}


@router.post("/footprint", response_model=carbon.FootprintResult, openapi_extra=_FARM_SCHEMA)
async def api_footprint(
    request: Request,
    caller: Reader,
    gwp: Annotated[str, Query(description="GWP100 set, e.g. AR6")] = "AR6",
    scenario: Annotated[str | None, Query(description="a mitigation scenario")] = None,
) -> carbon.FootprintResult:
    """The footprint of the farm year in the body (a FarmInput as JSON); nothing is stored.

    An invalid farm is answered with 422 and a message naming the field, in the caller's language.
    """
    try:
        data: Any = json.loads(await request.body() or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ValidationError(field="body", reason=N_("is not valid JSON")) from None
    if not isinstance(data, dict):
        raise ValidationError(field="body", reason=N_("must be an object"))
    farm = carbon.parse_farm(data)
    return carbon.footprint(farm, gwp=gwp, scenario=scenario)


@router.get("/assessments", response_model=carbon.AssessmentList)
def api_list_assessments(
    session: SessionDep,
    caller: Reader,
    year: Annotated[int | None, Query(description="only this year")] = None,
    farm_id: Annotated[int | None, Query(description="only this farm")] = None,
) -> carbon.AssessmentList:
    """Stored assessments the caller may see (own farms, supplier farms, or the centre's)."""
    rows = [
        carbon.assessment_summary(a, f)
        for a, f in carbon.list_assessments(session, scope=caller.scope, year=year, farm_id=farm_id)
    ]
    return carbon.AssessmentList(data=rows, count=len(rows))


@router.get("/assessments/{assessment_id}", response_model=carbon.AssessmentPublic)
def api_get_assessment(
    assessment_id: int, session: SessionDep, caller: Reader
) -> carbon.AssessmentPublic:
    """One stored assessment in full; 404 when it is outside the caller's organisations."""
    assessment, farm = carbon.get_assessment(session, assessment_id, scope=caller.scope)
    return carbon.assessment_public(assessment, farm)

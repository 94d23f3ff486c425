"""Load the demo set shipped in ``data/demo/``, all in one transaction.

Real records from the shared reference files are preferred; every invented value is flagged
``demo`` in the data (with the invented fields listed) and shown as such in the UI.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipcenter.accounts import (
    Organisation,
    create_organisation,
    create_user,
    organisation_by_key,
)
from ipcenter.carbon import load_demo_carbon
from ipcenter.core import audit
from ipcenter.core.errors import ValidationError
from ipcenter.rights import (
    GeographicalIndicationIn,
    PatentIn,
    TrademarkIn,
    add_geographical_indication,
    add_patent,
    add_trademark,
)

ACTOR = "demo-loader"
M = TypeVar("M", bound=BaseModel)


class DemoSummary(BaseModel):
    loaded: bool
    organisations: int = 0
    users: int = 0
    patents: int = 0
    trademarks: int = 0
    geographical_indications: int = 0
    carbon_assessments: int = 0


def _read(name: str) -> list[dict[str, Any]]:
    text = resources.files("ipcenter").joinpath("data", "demo", name).read_text(encoding="utf-8")
    data = json.loads(text)
    assert isinstance(data, list)  # noqa: S101 - shipped data, checked by tests
    return data


def database_is_empty(session: Session) -> bool:
    return not session.scalar(select(func.count()).select_from(Organisation))


def load_demo(session: Session) -> DemoSummary:
    """Load the demo set unless it is already there (idempotent: a second run changes nothing)."""
    if session.scalar(select(func.count()).where(Organisation.key == "centre")):
        return DemoSummary(loaded=False)
    summary = DemoSummary(loaded=True)
    for org in _read("organisations.json"):
        create_organisation(
            session,
            key=org["key"],
            name=org["name_zh"],
            name_en=org.get("name_en"),
            kind=org["kind"],
            parent_key=org.get("parent"),
            region_code=org.get("region_code"),
            is_demo=bool(org.get("demo", True)),
            actor=ACTOR,
        )
        summary.organisations += 1
    for user in _read("users.json"):
        create_user(
            session,
            username=user["username"],
            password=user["password"],
            role=user["role"],
            org_key=user["org"],
            display_name=user.get("display_name"),
            language=user.get("language", "zh_CN"),
            actor=ACTOR,
        )
        summary.users += 1
    org_ids = {org.key: org.id for org in session.scalars(select(Organisation))}
    for index, record in enumerate(_read("patents.json")):
        data = _validated(PatentIn, record, f"patents.json[{index}]")
        add_patent(session, data, org_id=org_ids[record["org"]])
        summary.patents += 1
    for index, record in enumerate(_read("trademarks.json")):
        mark = _validated(TrademarkIn, record, f"trademarks.json[{index}]")
        add_trademark(session, mark, org_id=org_ids[record["org"]])
        summary.trademarks += 1
    for index, record in enumerate(_read("geographical_indications.json")):
        gi = _validated(GeographicalIndicationIn, record, f"geographical_indications.json[{index}]")
        add_geographical_indication(session, gi, org_id=org_ids[record["org"]])
        summary.geographical_indications += 1
    summary.carbon_assessments = load_demo_carbon(
        session,
        assessments=_read("carbon_assessments.json"),
        links=_read("carbon_supply_links.json"),
        org_ids=org_ids,
        actor=ACTOR,
    )
    audit.record(
        session,
        "demo-loaded",
        actor=ACTOR,
        org_id=organisation_by_key(session, "centre").id,
        after=summary.model_dump(),
    )
    return summary


def _validated(model: type[M], record: dict[str, Any], where: str) -> M:
    fields = {k: v for k, v in record.items() if k != "org"}
    try:
        return model.model_validate(fields)
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise ValidationError(field=f"{where}.{field}", reason=first["msg"]) from exc

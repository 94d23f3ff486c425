"""Demonstration assessments: computed from the shipped demo farm inputs when the demo loads.

Only the inputs are shipped (``data/demo/carbon_assessments.json``); results, scenarios and the
trace are computed by the same code as any user's farm, so the demo never shows a number the
calculation would not give. Every record says which inputs are invented (``demo_fields``) and
where the real ones come from (``source``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ipcenter.carbon.comparison import compare_scenarios
from ipcenter.carbon.footprint import footprint
from ipcenter.carbon.inputs import parse_farm
from ipcenter.carbon.service import link_supplier, save_assessment
from ipcenter.core.errors import ValidationError
from ipcenter.core.scoping import OrgScope


def load_demo_carbon(
    session: Session,
    *,
    assessments: list[dict[str, Any]],
    links: list[dict[str, Any]],
    org_ids: dict[str, int],
    actor: str,
) -> int:
    """Store the demo supply links and assessments; returns the number of assessments."""
    for link in links:
        link_supplier(
            session,
            company_org_id=org_ids[link["company"]],
            farm_org_id=org_ids[link["farm"]],
            is_demo=bool(link.get("demo", True)),
            actor=actor,
        )
    for index, record in enumerate(assessments):
        try:
            farm = parse_farm(record["farm"])
        except ValidationError as error:
            # Shipped data: name the record, so a broken demo file is found at once.
            raise ValidationError(
                field=f"carbon_assessments.json[{index}].{error.params.get('field')}",
                reason=error.params.get("reason", ""),
            ) from error
        gwp = record.get("gwp", "AR6")
        save_assessment(
            session,
            farm=farm,
            result=footprint(farm, gwp=gwp),
            org_id=org_ids[record["org"]],
            scope=OrgScope.everything(),
            created_by=actor,
            scenarios=compare_scenarios(farm, gwp=gwp),
            is_demo=bool(record.get("demo", True)),
            demo_fields=record.get("demo_fields", []),
            source=record.get("source"),
        )
    return len(assessments)

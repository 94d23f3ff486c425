"""``find_patent`` takes the application-number spellings people type.

CN 01122282 is cn_dairy_patents.jsonl record cn-dairy-001 (check digit 4, as the file notes);
US 10/991,571 is the series-code/serial form of US application 10991571.
"""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from ipcenter.accounts import create_organisation
from ipcenter.core.scoping import OrgScope
from ipcenter.rights import PatentIn, add_patent, find_patent
from ipcenter.rights.errors import PatentHeldByMany, PatentNotFound


def _add(session: Session, org: int, **data: object) -> None:
    add_patent(session, PatentIn.model_validate(data), org_id=org)


@pytest.fixture
def org(session: Session) -> int:
    return create_organisation(session, key="centre", name="中心", kind="centre", actor="t").id


@pytest.mark.parametrize("spelling", ["01122282", "CN01122282", "CN 01122282", "01122282.4"])
def test_old_cn_number_without_its_check_digit(session: Session, org: int, spelling: str) -> None:
    _add(session, org, jurisdiction="CN", application_number="01122282.4")
    found = find_patent(session, spelling, scope=OrgScope.everything())
    assert found.application_number == "01122282.4"


def test_us_application_in_series_code_spelling(session: Session, org: int) -> None:
    _add(session, org, jurisdiction="US", type="invention", application_number="10991571")
    for spelling in ("US 10/991,571", "10/991,571", "10/991571"):
        found = find_patent(session, spelling, scope=OrgScope.everything())
        assert found.application_number == "10991571"


def test_a_number_without_check_digit_that_fits_nothing_is_not_found(
    session: Session, org: int
) -> None:
    _add(session, org, jurisdiction="CN", application_number="01122282.4")
    with pytest.raises(PatentNotFound):
        find_patent(session, "01122283", scope=OrgScope.everything())


def test_a_record_held_by_two_organisations_needs_the_organisation(
    session: Session, org: int
) -> None:
    """A company and the centre may each hold the same application: say so, don't pick one."""
    company = create_organisation(session, key="yili", name="伊利", kind="company", actor="t").id
    _add(session, org, jurisdiction="CN", application_number="01122282.4")
    _add(session, company, jurisdiction="CN", application_number="01122282.4")
    with pytest.raises(PatentHeldByMany) as raised:
        find_patent(session, "01122282.4", scope=OrgScope.everything())
    assert f"{org}, {company}" in str(raised.value) or f"{company}, {org}" in str(raised.value)
    chosen = find_patent(session, "CN 01122282", scope=OrgScope.everything(), org_id=company)
    assert chosen.org_id == company
    # A caller who sees one of them gets that one, and may not name an organisation it can't see.
    assert find_patent(session, "01122282.4", scope=OrgScope.only(org)).org_id == org
    with pytest.raises(PatentNotFound):
        find_patent(session, "01122282.4", scope=OrgScope.only(org), org_id=company)

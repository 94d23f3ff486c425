"""A hand-built registry for the stored-deadline tests: a centre serving two companies.

yili holds one CN invention, filed 2020-03-12 and granted 2023-05-12: the current-rules example
of registry_stats.md §2 (c) #4 (the grant year is patent year 4). mengniu holds one CN utility
model filed 2021-04-15, granted 2021-11-30, and one trademark registered 2017-06-07.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from ipcenter.accounts import create_organisation, create_user
from ipcenter.core.scoping import OrgScope
from ipcenter.rights import PatentIn, TrademarkIn, add_patent, add_trademark

PASSWORD = "a-long-test-password"


@dataclass(frozen=True)
class Registry:
    centre: int
    yili: int
    mengniu: int
    invention: int
    utility_model: int
    trademark: int

    def scope(self, *orgs: int) -> OrgScope:
        return OrgScope.only(*orgs)


def build_registry(session: Session, *, invention_extra: dict[str, Any] | None = None) -> Registry:
    centre = create_organisation(session, key="centre", name="中心", kind="centre", actor="t")
    yili = create_organisation(
        session,
        key="yili",
        name="伊利",
        name_en="Yili",
        kind="company",
        parent_key="centre",
        actor="t",
    )
    mengniu = create_organisation(
        session,
        key="mengniu",
        name="蒙牛",
        name_en="Mengniu",
        kind="company",
        parent_key="centre",
        actor="t",
    )
    invention = add_patent(
        session,
        PatentIn.model_validate(
            {
                "jurisdiction": "CN",
                # 202010123456 + check digit 2 (weights 2…9 mod 11, registry_stats.md §4.2).
                "application_number": "202010123456.2",
                "filing_date": "2020-03-12",
                "grant_date": "2023-05-12",
                "titles": {"zh": "一种发酵乳的制备方法", "en": "A method of making fermented milk"},
                "legal_events": [{"date": "2023-05-12", "code": "GR01"}],
                "extra": invention_extra or {},
            }
        ),
        org_id=yili.id,
    )
    utility_model = add_patent(
        session,
        PatentIn.model_validate(
            {
                "jurisdiction": "CN",
                "application_number": "202120123457.7",
                "filing_date": "2021-04-15",
                "grant_date": "2021-11-30",
                "titles": {"zh": "一种奶罐"},
                "legal_events": [{"date": "2021-11-30", "code": "GR01"}],
            }
        ),
        org_id=mengniu.id,
    )
    trademark = add_trademark(
        session,
        TrademarkIn.model_validate(
            {
                "mark_text": "草原牧歌",
                "kind": "ordinary",
                "nice_classes": [{"class": 29, "items": ["奶"]}],
                "registrant": {"name": "蒙牛"},
                "registration_number": "20123456",
                "registration_date": "2017-06-07",
                "expiry_date": "2027-06-06",
                "status": "in_force",
            }
        ),
        org_id=mengniu.id,
    )
    session.flush()
    return Registry(
        centre=centre.id,
        yili=yili.id,
        mengniu=mengniu.id,
        invention=invention.id,
        utility_model=utility_model.id,
        trademark=trademark.id,
    )


def add_users(session: Session) -> None:
    """A yili user reading Chinese and a centre analyst reading English, both with e-mail."""
    create_user(
        session,
        username="yili-ip",
        password=PASSWORD,
        role="company",
        org_key="yili",
        display_name="伊利知识产权部",
        email="ip@yili.example",
        language="zh_CN",
        actor="t",
    )
    create_user(
        session,
        username="centre-analyst",
        password=PASSWORD,
        role="analyst",
        org_key="centre",
        display_name="Centre analyst",
        email="analyst@centre.example",
        language="en",
        actor="t",
    )


def on(text: str) -> dt.date:
    return dt.date.fromisoformat(text)

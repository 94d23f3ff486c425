"""A hand-built registry whose every expected figure is computed by hand in the tests' docstrings.

Snapshot dates used: 2024-12-31 (now) and 2023-12-31 (a year earlier). CN inventions unless said:

| key | filed | granted | first patentee | events | notes |
|---|---|---|---|---|---|
| A | 2010-03-01 | 2013-05-01 | 150100 Hohhot | PE01 2023-02-02, 2024-03-01 | > 10 y |
| B | 2018-01-10 | 2020-06-01 | 150200 Baotou | CF01 2023-03-01, RF01 2024-02-01 | |
| C | 2019-05-05 | 2024-12-31 | 150100 | | granted on the snapshot day |
| D | 2020-01-01 | 2025-01-01 | 150100 | | pending at both dates |
| E | 2004-12-31 | 2008-01-01 | 150100 | | term ends with 2024-12-30 |
| F | 2015-01-01 | 2017-01-01 | US owner | | foreign |
| G | 2015-01-01 | 2017-01-01 | Hong Kong 810000, HK | | excluded |
| H | 2016-02-02 | 2019-09-09 | owners 110000 then 150100 (applicant 150100 first) | | F1 |
| H-US | 2016-03-03 | 2020-01-01 | US | | US member of family F1 |
| I | 2015-05-05 | 2017-07-07 | 150100 | IW01 2024-06-01 | invalidated |
| J | utility model 2021-01-01 | 2021-08-01 | 150100 | | not an invention |
| K | 2021-03-03 | 2024-03-03 | 150100 | | export SEI column set |
| L | 2021-03-03 | 2022-02-02 | 150100 | PE01 2024-07-01 | IPC H04L 9/32 (concordance) |
| M | 2021-04-04 | 2022-02-02 | 150100 | | A23C 9/12 + title 乳酸菌 (keyword rule) |
| N | 2021-04-04 | 2022-02-02 | 150100 | | A23C 9/12, title without the keyword |
| O | 2017-06-06 | 2019-06-06 | 150100 | | on the award list (2022) |
| P | 2021-05-05 | 2022-02-02 | 150100 | | IPC H04L but export column present and empty |
| Q | 2019-01-01 | 2021-01-01 | US | CF01 then RF01, both 2023-05-05 | same day |

With ``build(session, unattributed=True)`` three more domestic CN inventions, in force at both
dates, whose first patentee's region stops short of some level:

| key | filed | granted | first patentee | region at province / city / county |
|---|---|---|---|---|
| X1 | 2019-01-01 | 2021-01-01 | country CN, no region code | none / none / none |
| X2 | 2019-02-01 | 2021-02-01 | 150000 (Inner Mongolia only) | 15 / none / none |
| X3 | 2019-03-01 | 2021-03-01 | 150102 (Hohhot, 新城区) | 15 / 1501 / 150102 |
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from ipcenter.accounts import create_organisation
from ipcenter.core.scoping import OrgScope
from ipcenter.rights import (
    GeographicalIndicationIn,
    PatentIn,
    TrademarkIn,
    add_geographical_indication,
    add_patent,
    add_trademark,
    compute_cn_check_digit,
    get_patent,
)
from ipcenter.stats import load_awards

_serial = iter(range(1, 10_000))


def cn_number(year: int, type_digit: int) -> str:
    digits = f"{year}{type_digit}{next(_serial):07d}"
    return f"{digits}.{compute_cn_check_digit(digits)}"


def owner(region: str | None, country: str | None = None, role: str = "owner") -> dict[str, Any]:
    party: dict[str, Any] = {"role": role, "name": f"权利人{region or country}"}
    if region:
        party["region_code"] = region
    if country:
        party["country"] = country
    return party


def patent(
    filed: str,
    granted: str | None,
    parties: list[dict[str, Any]],
    *,
    type_digit: int = 1,
    events: tuple[tuple[str, str], ...] = (),
    jurisdiction: str = "CN",
    **extra: Any,
) -> PatentIn:
    year = int(filed[:4])
    data: dict[str, Any] = {
        "jurisdiction": jurisdiction,
        "application_number": (
            cn_number(year, type_digit) if jurisdiction == "CN" else f"16{next(_serial):06d}"
        ),
        "filing_date": filed,
        "grant_date": granted,
        "parties": parties,
        "legal_events": [{"date": d, "code": c} for d, c in events],
        "titles": {"zh": extra.pop("title", "一种装置")},
    }
    data.update(extra)
    return PatentIn.model_validate(data)


def build(session: Session, *, unattributed: bool = False) -> dict[str, int]:
    """Store the registry (with X1–X3 when ``unattributed``); returns patent ids by key."""
    org = create_organisation(session, key="centre", name="中心", kind="centre", actor="t").id
    hohhot, baotou = "150100", "150200"
    records: dict[str, PatentIn] = {
        "A": patent(
            "2010-03-01",
            "2013-05-01",
            [owner(hohhot)],
            events=(("2023-02-02", "PE01"), ("2024-03-01", "PE01")),
        ),
        "B": patent(
            "2018-01-10",
            "2020-06-01",
            [owner(baotou)],
            events=(("2023-03-01", "CF01"), ("2024-02-01", "RF01")),
        ),
        "C": patent("2019-05-05", "2024-12-31", [owner(hohhot)]),
        "D": patent("2020-01-01", "2025-01-01", [owner(hohhot)]),
        "E": patent("2004-12-31", "2008-01-01", [owner(hohhot)]),
        "F": patent("2015-01-01", "2017-01-01", [owner(None, "US")]),
        "G": patent("2015-01-01", "2017-01-01", [owner("810000", "HK")]),
        "H": patent(
            "2016-02-02",
            "2019-09-09",
            [owner(hohhot, role="applicant"), owner("110000"), owner(hohhot)],
            family_id="F1",
        ),
        "H-US": patent(
            "2016-03-03",
            "2020-01-01",
            [owner(None, "US")],
            jurisdiction="US",
            family_id="F1",
            type="invention",
        ),
        "I": patent("2015-05-05", "2017-07-07", [owner(hohhot)], events=(("2024-06-01", "IW01"),)),
        "J": patent("2021-01-01", "2021-08-01", [owner(hohhot)], type_digit=2),
        "K": patent(
            "2021-03-03",
            "2024-03-03",
            [owner(hohhot)],
            extra={"strategic_emerging_industry": "新一代信息技术产业"},
        ),
        "L": patent(
            "2021-03-03",
            "2022-02-02",
            [owner(hohhot)],
            ipc=["H04L9/32"],
            events=(("2024-07-01", "PE01"),),
        ),
        "M": patent(
            "2021-04-04", "2022-02-02", [owner(hohhot)], ipc=["A23C9/12"], title="一种乳酸菌发酵乳"
        ),
        "N": patent(
            "2021-04-04", "2022-02-02", [owner(hohhot)], ipc=["A23C9/12"], title="一种奶酪"
        ),
        "O": patent("2017-06-06", "2019-06-06", [owner(hohhot)]),
        "P": patent(
            "2021-05-05",
            "2022-02-02",
            [owner(hohhot)],
            ipc=["H04L9/32"],
            extra={"strategic_emerging_industry": ""},
        ),
        "Q": patent(
            "2019-01-01",
            "2021-01-01",
            [owner(None, "US")],
            events=(("2023-05-05", "CF01"), ("2023-05-05", "RF01")),
        ),
    }
    if unattributed:
        records["X1"] = patent("2019-01-01", "2021-01-01", [owner(None, "CN")])
        records["X2"] = patent("2019-02-01", "2021-02-01", [owner("150000")])
        records["X3"] = patent("2019-03-01", "2021-03-01", [owner("150102")])
    ids = {key: add_patent(session, data, org_id=org).id for key, data in records.items()}
    award_number = records["O"].application_number
    load_awards(
        session,
        "application_number,award,year,source\n"
        f"{award_number},中国专利优秀奖,2022,hand-built test row\n",
    )
    for text, registered, expiry, region, country, status in (
        ("T1", "2015-03-14", "2025-03-13", hohhot, None, "in_force"),
        ("T2", "2024-05-01", "2034-04-30", baotou, None, "in_force"),
        ("T3", "2024-12-20", "2034-12-19", hohhot, None, "in_force"),
        ("T4", "2010-01-01", "2019-12-31", hohhot, None, "expired"),
        ("T5", "2020-01-01", "2029-12-31", None, "US", "in_force"),
        ("T6", "2020-01-01", "2029-12-31", hohhot, None, "invalidated"),
    ):
        registrant: dict[str, Any] = {"name": f"注册人{text}"}
        if region:
            registrant["region_code"] = region
        if country:
            registrant["country"] = country
        add_trademark(
            session,
            TrademarkIn.model_validate(
                {
                    "mark_text": text,
                    "kind": "ordinary",
                    "nice_classes": [{"class": 29}],
                    "registrant": registrant,
                    "registration_number": f"R{text}",
                    "registration_date": registered,
                    "expiry_date": expiry,
                    "status": status,
                }
            ),
            org_id=org,
        )
    for name, regime, approved, region in (
        ("乳品甲", "gi_product", "2010-01-01", hohhot),
        ("乳品乙", "gi_product", "2024-06-01", "150400"),
        ("乳品丙", "gi_mark", "2012-01-01", hohhot),
    ):
        add_geographical_indication(
            session,
            GeographicalIndicationIn.model_validate(
                {
                    "product_name": name,
                    "regime": regime,
                    "approval_date": approved,
                    "region_code": region,
                }
            ),
            org_id=org,
        )
    session.flush()
    return ids


NOW = dt.date(2024, 12, 31)
BEFORE = dt.date(2023, 12, 31)


def copy_into_other_registry(
    session: Session, patent_id: int, *, filed: str, granted: str, region: str = "150100"
) -> int:
    """The same CN application held by a second organisation (its owner in ``region``): the
    statistics must count the invention once. The new organisation's id."""
    other = create_organisation(session, key="copy", name="副本", kind="company", actor="t").id
    original = get_patent(session, patent_id, scope=OrgScope.everything())
    add_patent(
        session,
        PatentIn.model_validate(
            {
                "jurisdiction": "CN",
                "application_number": original.application_number,
                "filing_date": filed,
                "grant_date": granted,
                "parties": [{"role": "owner", "name": "副本", "region_code": region}],
            }
        ),
        org_id=other,
    )
    return other

"""How cheap is the freshness check every deadline read makes, next to a full regeneration?

Builds a throwaway SQLite registry of N granted CN patents (filing dates spread over 2006-2025),
then times (1) the first refresh, which runs the rule engine for every right, and (2) a refresh
where nothing changed, which only fingerprints the rights. Prints both and their ratio; the goal
is a no-change read well under a tenth of a regeneration. Bounded: N = 1,000 takes a few seconds.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from ipcenter.accounts import create_organisation
from ipcenter.core.db import make_engine, transaction
from ipcenter.core.migrate import upgrade
from ipcenter.core.scoping import OrgScope
from ipcenter.portfolio import refresh_deadlines
from ipcenter.rights import PatentIn, add_patent, compute_cn_check_digit

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
AS_OF = dt.date(2026, 12, 1)


def build(url: str) -> None:
    with transaction(make_engine(url)) as session:
        org = create_organisation(session, key="bench", name="基准", kind="company", actor="bench")
        for i in range(N):
            year = 2006 + i % 20
            serial = f"{year}1{i:07d}"
            filed = dt.date(year, 1 + i % 12, 1 + i % 28)
            add_patent(
                session,
                PatentIn(
                    jurisdiction="CN",
                    application_number=f"{serial}.{compute_cn_check_digit(serial)}",
                    filing_date=filed,
                    grant_date=filed + dt.timedelta(days=900 + i % 400),
                ),
                org_id=org.id,
            )


def timed(url: str) -> float:
    start = time.perf_counter()
    with transaction(make_engine(url)) as session:
        refresh_deadlines(session, scope=OrgScope.everything(), as_of=AS_OF)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        build(url)
        full = timed(url)
        unchanged = min(timed(url) for _ in range(3))
    print(f"portfolio refresh, {N} CN patents")
    print(f"  regenerate all:   {full:8.3f} s")
    print(f"  nothing changed:  {unchanged:8.3f} s")
    print(f"  ratio unchanged/regenerate: {unchanged / full:.3f}")


if __name__ == "__main__":
    main()

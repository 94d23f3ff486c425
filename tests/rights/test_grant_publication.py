"""The grant date told by a grant publication, and reported-status events (rights side).

Kind codes as data/rights/kind_codes.csv gives them: CN B/U/S (and C/Y/D before 2004-07-01) are
the grant publications (ZC 0008-2004), US B1/B2/S/P2/P3 the issued patents, EP B1 the European
patent specification (its date is the date of the mention of the grant, EPC Art. 97(3)); US A1,
EP A1/B2 and WO A1 are not grants (a B2 at the EPO is the specification amended after opposition).
"""

from __future__ import annotations

import datetime as dt

import pytest

from ipcenter.rights import (
    CanonEvent,
    PatentIn,
    RightStatus,
    canonical_patent,
    event_effect,
    is_grant_publication,
    status_on,
)
from ipcenter.rights.canonical import sorted_events

FILED = dt.date(2012, 3, 1)


def _grant_date(
    jurisdiction: str,
    *publications: tuple[str, dt.date | None],
    grant: dt.date | None = None,
    filed: dt.date = FILED,
) -> dt.date | None:
    record = canonical_patent(
        PatentIn.model_validate(
            {
                "jurisdiction": jurisdiction,
                "type": "invention",
                "filing_date": filed,
                "grant_date": grant,
                "publications": [{"number": n, "date": d} for n, d in publications],
            }
        )
    )
    return record.grant_date


def test_a_dated_us_b2_is_the_grant() -> None:
    assert _grant_date(
        "US", ("US20130101709A1", dt.date(2013, 4, 25)), ("US8930553B2", dt.date(2015, 1, 13))
    ) == dt.date(2015, 1, 13)


def test_application_publications_give_no_grant_date() -> None:
    assert _grant_date("US", ("US20130101709A1", dt.date(2013, 4, 25))) is None
    assert _grant_date("EP", ("EP2345678A1", dt.date(2013, 4, 25))) is None
    # EP B2 is the amended specification after opposition: its date is not the grant's.
    assert _grant_date("EP", ("EP2345678B2", dt.date(2019, 2, 6))) is None
    assert _grant_date("EP", ("EP2345678B1", dt.date(2016, 8, 3))) == dt.date(2016, 8, 3)


def test_cn_c_was_a_grant_only_before_2004_07_01() -> None:
    filed = dt.date(2001, 8, 1)
    assert _grant_date("CN", ("CN1197949C", dt.date(2003, 5, 14)), filed=filed) == dt.date(
        2003, 5, 14
    )
    # From 2004-07-01 a C document is a partial invalidation, long after the grant.
    assert _grant_date("CN", ("CN1197949C", dt.date(2010, 1, 6)), filed=filed) is None


def test_a_given_grant_date_wins() -> None:
    given = dt.date(2015, 1, 6)
    assert _grant_date("US", ("US8930553B2", dt.date(2015, 1, 13)), grant=given) == given


def test_the_derived_grant_puts_the_right_in_force_from_that_day() -> None:
    grant = _grant_date("US", ("US8930553B2", dt.date(2015, 1, 13)))

    def status(day: dt.date) -> RightStatus | None:
        return status_on(
            day,
            jurisdiction="US",
            patent_type="invention",
            filing_date=FILED,
            grant_date=grant,
            events=[],
        )

    assert status(dt.date(2015, 1, 12)) is RightStatus.PENDING
    assert status(dt.date(2015, 1, 13)) is RightStatus.IN_FORCE
    assert status(dt.date(2032, 3, 1)) is RightStatus.EXPIRED  # filed 2012-03-01 + 20 years


@pytest.mark.parametrize(
    ("jurisdiction", "kind", "expected"),
    [
        ("CN", "B", True),  # a grant whenever published
        ("CN", "C", False),  # undated: a grant before 2004-07-01, an invalidation after
        ("US", "S1", True),  # Google Patents' spelling of the design grant "S"
        ("US", "E", False),  # a reissue: its date is not the original grant's
        ("US", "X9", False),  # unknown kind
        ("CN", None, False),
    ],
)
def test_undated_grant_kinds(jurisdiction: str, kind: str | None, expected: bool) -> None:
    assert is_grant_publication(jurisdiction, kind, on=None) is expected


def test_reported_codes_apply_to_any_office() -> None:
    assert event_effect("JP", "REPORTED-LAPSED") == "lapsed"
    assert event_effect("CN", "REPORTED-IN-FORCE") == "granted"
    assert event_effect("CN", "GR01") == "granted"
    assert event_effect("JP", "GR01") is None  # office codes stay their office's


def test_a_repeated_report_keeps_the_day_it_was_first_seen() -> None:
    first = CanonEvent(dt.date(2026, 11, 20), "REPORTED-IN-FORCE", "Active", "reported status")
    again = CanonEvent(dt.date(2026, 11, 25), "REPORTED-IN-FORCE", "Active", "reported status")
    lapsed = CanonEvent(dt.date(2027, 3, 1), "REPORTED-LAPSED", "Inactive", "reported status")
    back = CanonEvent(dt.date(2027, 9, 1), "REPORTED-IN-FORCE", "Active", "reported status")
    assert sorted_events([again, first]) == [first]
    # A change of status and a return to it are news: all kept.
    assert sorted_events([back, lapsed, first, again]) == [first, lapsed, back]

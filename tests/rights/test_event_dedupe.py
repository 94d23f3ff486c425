"""An incoming event equal in date and code to a stored one that lacks its text or source is the
same event (200710046424.1: PB01 2009-04-01 was stored twice, with and without a source)."""

from __future__ import annotations

import datetime as dt

from ipcenter.rights.canonical import CanonEvent, sorted_events

D = dt.date(2009, 4, 1)
SOURCE = "cnipa_events.csv"


def test_an_event_without_source_joins_the_same_event_with_one() -> None:
    events = sorted_events([CanonEvent(D, "PB01", "公布"), CanonEvent(D, "PB01", "公布", SOURCE)])
    assert events == [CanonEvent(D, "PB01", "公布", SOURCE)]


def test_missing_text_is_filled_in_whatever_the_order() -> None:
    given = [CanonEvent(D, "PB01", None, SOURCE), CanonEvent(D, "PB01", "公布", None)]
    assert (
        sorted_events(given)
        == sorted_events(reversed(given))
        == [CanonEvent(D, "PB01", "公布", SOURCE)]
    )


def test_events_that_disagree_stay_apart() -> None:
    given = [
        CanonEvent(D, "PB01", "公布", "a.csv"),
        CanonEvent(D, "PB01", "公布", "b.csv"),
        CanonEvent(D, "SE01", "公布", "a.csv"),
        CanonEvent(dt.date(2009, 4, 2), "PB01", "公布"),
    ]
    assert len(sorted_events(given)) == 4

"""The iCalendar export, parsed back and checked against RFC 5545's rules."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar
from sqlalchemy.orm import Session

from ipcenter.core.scoping import OrgScope
from ipcenter.portfolio import deadlines_to_ical, list_deadlines
from tests.portfolio.deadline_registry import build_registry, on

AS_OF = on("2027-01-15")


def export(session: Session, lang: str) -> tuple[bytes, list[int]]:
    rows = list_deadlines(
        session, scope=OrgScope.everything(), as_of=AS_OF, until=on("2029-01-01"), lang=lang
    ).data
    return deadlines_to_ical(rows, lang=lang), [row.id for row in rows]


def test_one_all_day_event_per_deadline_with_stable_uids(session: Session) -> None:
    build_registry(session)
    body, ids = export(session, "zh_CN")
    calendar = Calendar.from_ical(body)
    events = calendar.walk("VEVENT")
    assert len(events) == len(ids) > 0
    assert [str(e["UID"]) for e in events] == [f"portfolio-deadline-{i}@ipcenter" for i in ids]
    assert all(type(e.decoded("DTSTART")) is dt.date for e in events)
    assert b"DTSTART;VALUE=DATE:20270312" in body  # the year-8 fee of the invention
    again, _ = export(session, "zh_CN")
    assert [str(e["UID"]) for e in Calendar.from_ical(again).walk("VEVENT")] == [
        str(e["UID"]) for e in events
    ]
    assert calendar["VERSION"] == "2.0" and "PRODID" in calendar


def test_summary_in_the_callers_language(session: Session) -> None:
    build_registry(session)
    zh, _ = export(session, "zh_CN")
    en, _ = export(session, "en")
    zh_summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(zh).walk("VEVENT")]
    en_summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(en).walk("VEVENT")]
    assert any(s.startswith("年费 · 第 8 年度 · 202010123456.2") for s in zh_summaries)
    assert any(s.startswith("Annual fee · year 8 · 202010123456.2") for s in en_summaries)


def test_crlf_line_ends_and_folding_at_75_octets(session: Session) -> None:
    build_registry(session)
    body, _ = export(session, "zh_CN")
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")
    assert b"\n" not in b"".join(lines)  # no bare LF anywhere
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # long Chinese summaries were folded
    for line in lines:
        line.decode("utf-8")  # folding never splits a UTF-8 character

"""Deadlines as an iCalendar file (RFC 5545) for Outlook, Thunderbird, phones.

One all-day VEVENT per deadline (``DTSTART;VALUE=DATE``), whose UID is built from the stored
deadline's id, so a calendar that subscribes to the feed updates an event instead of
duplicating it when a date moves. The ``icalendar`` package writes CRLF line ends and folds
lines at 75 octets without splitting a UTF-8 character.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from ipcenter.core.i18n import gettext
from ipcenter.portfolio.schemas import DeadlinePublic

PRODID = "-//ipcenter//portfolio deadlines//EN"


def deadline_uid(deadline_id: int) -> str:
    return f"portfolio-deadline-{deadline_id}@ipcenter"


def _money(deadline: DeadlinePublic) -> str | None:
    if deadline.payable_fee is None:
        return None
    amount = deadline.payable_fee.normalize()
    return f"{amount:f} {deadline.currency or ''}".strip()


def _summary(deadline: DeadlinePublic, lang: str) -> str:
    parts = [deadline.kind_label]
    if deadline.year is not None:
        parts.append(gettext("year {year}", lang).format(year=deadline.year))
    parts.append(deadline.right_number)
    if deadline.right_title:
        parts.append(deadline.right_title)
    return " · ".join(parts)


def _description(deadline: DeadlinePublic, lang: str) -> str:
    lines = [f"{gettext('Right', lang)}: {deadline.right_number} {deadline.right_title or ''}"]
    money = _money(deadline)
    if money:
        lines.append(f"{gettext('Amount payable', lang)}: {money}")
    if deadline.grace_end:
        lines.append(f"{gettext('Grace period ends', lang)}: {deadline.grace_end.isoformat()}")
    lines.append(f"{gettext('State', lang)}: {deadline.state_label}")
    lines.append(f"{gettext('Organisation', lang)}: {deadline.org_name}")
    return "\n".join(lines)


def deadlines_to_ical(
    deadlines: list[DeadlinePublic], *, lang: str, generated_at: dt.datetime | None = None
) -> bytes:
    """The calendar of ``deadlines``; texts in ``lang`` (the labels must already be in it)."""
    stamp = generated_at or dt.datetime.now(dt.UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", gettext("IP deadlines", lang))
    for deadline in deadlines:
        event = Event()
        event.add("uid", deadline_uid(deadline.id))
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.due_date)
        event.add("summary", _summary(deadline, lang))
        event.add("description", _description(deadline, lang))
        event.add("categories", [deadline.kind_label])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return bytes(calendar.to_ical())

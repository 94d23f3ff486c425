"""The registry list as a table for CSV/XLSX export, with headers in the reader's language."""

from __future__ import annotations

from collections.abc import Callable

from ipcenter.core.i18n import N_
from ipcenter.core.labels import label
from ipcenter.reports import Table
from ipcenter.rights.schemas import PatentSummary


def patents_table(rows: list[PatentSummary], *, translate: Callable[[str], str]) -> Table:
    headers = [
        N_("Publication number"),
        N_("Application number"),
        N_("Jurisdiction"),
        N_("Type"),
        N_("Title"),
        N_("Applicants"),
        N_("Filing date"),
        N_("Grant date"),
        N_("Main IPC"),
        N_("Status"),
        N_("Demo data"),
    ]
    table = Table(title=translate(N_("Patents")), headers=[translate(h) for h in headers])
    for row in rows:
        table.rows.append(
            [
                row.publication_number,
                row.application_number,
                row.jurisdiction,
                label("patent_type", row.type),
                row.title,
                "; ".join(row.applicants),
                row.filing_date,
                row.grant_date,
                row.ipc_main,
                label("status", row.status),
                translate(N_("yes")) if row.is_demo else "",
            ]
        )
    return table

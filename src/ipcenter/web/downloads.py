"""Tables offered as CSV or XLSX downloads (the registry list, search results)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_
from ipcenter.reports import Table, table_to_csv, table_to_xlsx

XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_format(request: Request) -> str:
    """The ``format`` query parameter (default xlsx), checked before any work is done."""
    file_format = request.query_params.get("format", "xlsx")
    if file_format not in ("csv", "xlsx"):
        raise ValidationError(
            field="format",
            value=file_format,
            reason=N_("must be one of {allowed}"),
            allowed="csv, xlsx",
        )
    return file_format


def table_download(table: Table, file_format: str, name: str) -> Response:
    """``table`` as an attachment ``<name>.<file_format>``."""
    if file_format == "csv":
        body, media = table_to_csv(table), "text/csv; charset=utf-8"
    else:
        body, media = table_to_xlsx(table), XLSX_MEDIA
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}.{file_format}"'},
    )

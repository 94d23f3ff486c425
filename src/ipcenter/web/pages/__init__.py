"""Server-rendered pages, one router module per area."""

from ipcenter.web.pages import (
    admin,
    auth,
    carbon,
    home,
    ingest,
    portfolio,
    registry,
    search,
    stats,
)

ROUTERS = (
    auth.router,
    home.router,
    registry.router,
    ingest.router,
    portfolio.router,
    carbon.router,
    stats.router,
    search.router,
    admin.router,
)

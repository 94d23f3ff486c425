"""The JSON API under /api/v1/ (OpenAPI at /api/docs)."""

from ipcenter.web.api import carbon, health, ingest, portfolio, rights, search, stats

ROUTERS = (
    health.router,
    rights.router,
    ingest.router,
    portfolio.router,
    carbon.router,
    stats.router,
    search.router,
)

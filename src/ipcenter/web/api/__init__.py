"""The JSON API under /api/v1/ (OpenAPI at /api/docs)."""

from ipcenter.web.api import carbon, health, ingest, portfolio, rights

ROUTERS = (health.router, rights.router, ingest.router, portfolio.router, carbon.router)

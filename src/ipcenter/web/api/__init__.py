"""The JSON API under /api/v1/ (OpenAPI at /api/docs)."""

from ipcenter.web.api import health, rights

ROUTERS = (health.router, rights.router)

"""Server-rendered pages, one router module per area."""

from ipcenter.web.pages import admin, auth, home, registry

ROUTERS = (auth.router, home.router, registry.router, admin.router)

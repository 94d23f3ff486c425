"""The web application: server-rendered pages and the JSON API over the capabilities."""

from ipcenter.web.app import create_app

__all__ = ["create_app"]

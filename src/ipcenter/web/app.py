"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import HTMLResponse

from ipcenter import __version__
from ipcenter.core.db import make_engine, session_factory
from ipcenter.core.settings import Settings, get_settings
from ipcenter.web import api, pages
from ipcenter.web.errors import install_error_handlers
from ipcenter.web.language import LanguageMiddleware
from ipcenter.web.limits import BodySizeLimit


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    # Closing the pool on shutdown: otherwise every app a process builds (tests build many)
    # leaves its connections to the garbage collector.
    app.state.engine.dispose()


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for ``settings`` (default: from the environment)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="ipcenter",
        version=__version__,
        docs_url=None,  # served below from vendored assets, so it works offline
        openapi_url="/api/openapi.json",
        redoc_url=None,
        lifespan=_lifespan,
    )
    engine = make_engine(settings.resolved_database_url())
    app.state.engine = engine
    app.state.sessionmaker = session_factory(engine)
    app.state.settings = settings

    for router in (*pages.ROUTERS, *api.ROUTERS):
        app.include_router(router)
    app.mount(
        "/static",
        StaticFiles(directory=str(resources.files("ipcenter") / "web" / "static")),
        name="static",
    )
    install_error_handlers(app)
    _add_offline_docs(app)

    # Added innermost first: the size limit runs before anything reads the body.
    app.add_middleware(LanguageMiddleware, default=settings.default_language)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.resolved_secret_key(),
        session_cookie="ipcenter_session",
        max_age=settings.session_max_age_seconds,
        same_site="lax",
        https_only=settings.environment == "production",
    )
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_upload_bytes)
    return app


SWAGGER = "/static/vendor/swagger-ui-5.35.0"


def _add_offline_docs(app: FastAPI) -> None:
    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json",
            title="ipcenter API",
            swagger_js_url=f"{SWAGGER}/swagger-ui-bundle.js",
            swagger_css_url=f"{SWAGGER}/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

"""The FastAPI application: `create_app(settings)` builds one service (the API, its docs and the web page)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from lurewatch import __version__
from lurewatch.service.access import Access, RateLimiter
from lurewatch.service.alert_routes import LiveMessage, alert_router
from lurewatch.service.analysis_routes import analysis_router
from lurewatch.service.context import Service
from lurewatch.service.engine import Engine
from lurewatch.service.errors import install_error_handlers
from lurewatch.service.inputs import ConversationIn
from lurewatch.service.keys import KeyRing
from lurewatch.service.limits import BodyLimit
from lurewatch.service.metrics import Metrics
from lurewatch.service.observe import Observer
from lurewatch.service.settings import Settings
from lurewatch.store import open_store
from lurewatch.stream import Watcher


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    store = open_store(settings.db_url)
    keys = KeyRing(store.engine)
    service = Service(
        settings=settings,
        engine=Engine(),
        watcher=Watcher(alert_level=settings.alert_level, detectors=settings.detectors),
        store=store,
        keys=keys,
        access=Access(keys, RateLimiter(settings.rate_limit)),
        metrics=Metrics(),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()

    app = FastAPIOffline(
        title="lurewatch",
        version=__version__,
        description="Spot online grooming and sextortion indicators in chat conversations, explain them and advise. "
        "Every /v1 call needs `Authorization: Bearer KEY` once the server has API keys (`lurewatch keys create`).",
        lifespan=lifespan,
    )
    app.state.service = service
    install_error_handlers(app)
    app.include_router(analysis_router(service))
    app.include_router(alert_router(service))
    app.include_router(_operations(service))
    _add_component_schemas(app, ConversationIn, LiveMessage)
    if settings.web_dir.is_dir():  # last: the page owns every path the API does not
        app.mount("/", StaticFiles(directory=settings.web_dir, html=True), name="web")
    # Outermost first: the observer sees every answer, the 413s of the body limit included.
    app.add_middleware(BodyLimit, max_body=settings.max_body)
    app.add_middleware(Observer, metrics=service.metrics)
    return app


def _operations(service: Service) -> APIRouter:
    router = APIRouter(tags=["service"])

    @router.get("/healthz")
    async def healthz() -> dict[str, str]:
        """Whether the server is up, and its version."""
        return {"status": "ok", "version": __version__}

    @router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
    async def metrics() -> Response:
        """Prometheus text format: requests by route and status, latency, alerts by level (counts only, no text)."""
        return Response(service.metrics.render(), media_type=service.metrics.content_type)

    return router


def _add_component_schemas(app: FastAPI, *models: Any) -> None:
    """Puts models that only a hand-written request body refers to into the OpenAPI components."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for model in models:
                document = model.model_json_schema(ref_template="#/components/schemas/{model}")
                components.update(document.pop("$defs", {}))
                components[model.__name__] = document
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

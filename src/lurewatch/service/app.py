"""The FastAPI application: `create_app(settings)` builds one service (the API, its docs and the web page)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from lurewatch import __version__
from lurewatch.advice import AUDIENCES
from lurewatch.api import Detectors
from lurewatch.indicators.catalogue import load_catalogue
from lurewatch.model import Audience, RiskLevel
from lurewatch.service.engine import Engine
from lurewatch.service.errors import ErrorBody, install_error_handlers
from lurewatch.service.inputs import ConversationIn, Report, read_chat, report_json, request_body_doc
from lurewatch.service.settings import Settings

JSON = "application/json"
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": what}
    for status, what in (
        (401, "missing or unknown API key"),
        (413, "body larger than the limit"),
        (415, "content type not read"),
        (422, "malformed input: what and where"),
        (429, "rate limit reached; retry after the Retry-After seconds"),
    )
}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    engine = Engine()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.close()

    app = FastAPIOffline(
        title="lurewatch",
        version=__version__,
        description="Spot online grooming and sextortion indicators in chat conversations, explain them and advise.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_error_handlers(app)
    app.include_router(_api(settings, engine))

    @app.get("/healthz", tags=["service"])
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    _add_component_schemas(app, ConversationIn)
    if settings.web_dir.is_dir():  # last: the page owns every path the API does not
        app.mount("/", StaticFiles(directory=settings.web_dir, html=True), name="web")
    return app


def _api(settings: Settings, engine: Engine) -> APIRouter:
    router = APIRouter(prefix="/v1", responses=ERRORS)

    @router.post(
        "/analyze",
        tags=["analysis"],
        response_class=Response,
        responses={200: {"model": Report, "description": "the JSON report of `lurewatch analyze --format json`"}},
        openapi_extra={"requestBody": request_body_doc()},
    )
    async def analyze(
        request: Request,
        audience: Annotated[Audience, Query(description=f"who the advice is for: {', '.join(AUDIENCES)}")] = "parent",
        country: Annotated[
            str | None, Query(pattern="^[A-Za-z]{2}$", description="add national hotlines (US, UK, CA, AU or any code)")
        ] = None,
        alert_level: Annotated[RiskLevel, Query(description="level that sets first_alert_index")] = "high",
        detectors: Annotated[Detectors | None, Query(description="default: the server's --detectors")] = None,
        input_format: Annotated[str | None, Query(description="force the input format (default: detect)")] = None,
    ) -> Response:
        """A conversation as lurewatch JSON, plain chat text (`Name: message` lines or any text export), or an uploaded
        export file (field `file`): answered with exactly the JSON of `lurewatch analyze --format json`."""
        name, data = await read_chat(request)
        options = {
            "audience": audience,
            "country": country,
            "alert_level": alert_level,
            "detectors": detectors or settings.detectors,
        }
        return Response(await engine.run(report_json, name, data, options, input_format), media_type=JSON)

    @router.get("/indicators", tags=["analysis"])
    async def indicators() -> Response:
        """The indicator catalogue, as `lurewatch indicators --format json` prints it."""
        catalogue = load_catalogue()
        body = catalogue.model_dump_json(include={"version", "stages", "categories", "indicators"})
        return Response(body, media_type=JSON)

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

"""/v1/analyze and /v1/indicators."""

from __future__ import annotations

from functools import cache
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from lurewatch.advice import AUDIENCES
from lurewatch.api import Detectors
from lurewatch.indicators.catalogue import load_catalogue
from lurewatch.ingest import ColumnMapping, formats
from lurewatch.model import Audience, RiskLevel
from lurewatch.service.context import Service
from lurewatch.service.inputs import MEDIA_TYPES, Report, ReportFormat, read_chat, render_report, request_body_doc

JSON = "application/json"
# A chat this small, read by the catalogue alone, runs inline on the event loop when nothing else runs (see
# service.engine); the semantic layer takes long enough that it always goes to the worker thread.
SMALL_CHAT_BYTES = 16 * 1024


def analysis_router(service: Service) -> APIRouter:
    router = service.api_router("analysis")

    @router.post(
        "/analyze",
        response_class=Response,
        responses={
            200: {
                "model": Report,
                "description": "the report of `lurewatch analyze --format json` (or `--format html` with format=html)",
                "content": {"text/html": {"schema": {"type": "string"}}},
            }
        },
        openapi_extra={"requestBody": request_body_doc()},
    )
    async def analyze(
        request: Request,
        format: Annotated[
            ReportFormat, Query(description="json, or html: the offline HTML report with its evidence section")
        ] = "json",
        audience: Annotated[Audience, Query(description=f"who the advice is for: {', '.join(AUDIENCES)}")] = "parent",
        country: Annotated[
            str | None, Query(pattern="^[A-Za-z]{2}$", description="add national hotlines (US, UK, CA, AU or any code)")
        ] = None,
        alert_level: Annotated[RiskLevel, Query(description="level that sets first_alert_index")] = "high",
        detectors: Annotated[Detectors | None, Query(description="default: the server's --detectors")] = None,
        input_format: Annotated[
            str | None,
            Query(description="force the input format (default: detect)", json_schema_extra={"enum": list(formats())}),
        ] = None,
        author_col: Annotated[str, Query(min_length=1, description="CSV/JSONL column with the author")] = "author",
        text_col: Annotated[str, Query(min_length=1, description="CSV/JSONL column with the message")] = "text",
        time_col: Annotated[str, Query(min_length=1, description="CSV/JSONL column with the time")] = "time",
        conversation_col: Annotated[
            str, Query(min_length=1, description="CSV/JSONL column with the conversation id")
        ] = "conversation_id",
        include_messages: Annotated[
            bool, Query(description="JSON only: each conversation also carries its messages (author, text, time, kind)")
        ] = False,
    ) -> Response:
        """A conversation as lurewatch JSON, plain chat text (`Name: message` lines or any text export), or an uploaded
        export file (multipart field `file`, any format `lurewatch analyze` reads): answered with exactly the JSON of
        `lurewatch analyze --format json`, or with `format=html` the offline HTML report (its evidence section holds
        the upload's SHA-256)."""
        name, data = await read_chat(request)
        options = {
            "audience": audience,
            "country": country,
            "alert_level": alert_level,
            "detectors": detectors or service.settings.detectors,
        }
        columns = ColumnMapping(author=author_col, text=text_col, time=time_col, conversation=conversation_col)
        report, count = await service.engine.run(
            render_report,
            name,
            data,
            options,
            input_format,
            columns,
            format,
            include_messages,
            small=options["detectors"] == "catalogue" and len(data) <= SMALL_CHAT_BYTES,
        )
        service.metrics.conversations.inc(count)
        return Response(report, media_type=MEDIA_TYPES[format])

    @router.get("/indicators", response_class=Response, responses={200: {"description": "the indicator catalogue"}})
    async def indicators() -> Response:
        """The indicator catalogue, as `lurewatch indicators --format json` prints it."""
        return Response(_catalogue_json(), media_type=JSON)

    return router


@cache
def _catalogue_json() -> str:
    return load_catalogue().model_dump_json(include={"version", "stages", "categories", "indicators"})

"""/v1/messages (live messages through the Watcher, alerts into the store) and the alert review queue /v1/alerts."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, TypeAdapter, ValidationError, field_validator
from starlette.concurrency import run_in_threadpool

from lurewatch.errors import InputError
from lurewatch.ingest.json_chat import parse_iso_time
from lurewatch.model import RiskLevel
from lurewatch.service.context import Service
from lurewatch.store import Status, StoredAlert
from lurewatch.stream import Alert

MAX_BATCH = 1000
SMALL_BATCH = 20  # watched inline on the event loop by the catalogue alone when nothing else runs (service.engine)
LOCAL_REVIEWER = "local"  # who reviewed, on a server without keys when the review names no one


class LiveMessage(BaseModel):
    conversation_id: str = Field(min_length=1, max_length=512)
    author: str = Field(min_length=1, max_length=512)
    text: str
    time: datetime | None = Field(default=None, description="ISO-8601 date-time; a trailing Z means UTC")

    @field_validator("time", mode="before")
    @classmethod
    def _iso_time(cls, value: object) -> datetime | None:
        """Read as `lurewatch watch` reads it: an ISO-8601 string only (pydantic would also take a number)."""
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError("expected an ISO-8601 date-time string")
        try:
            return parse_iso_time(value)
        except ValueError:
            raise ValueError(f"not an ISO-8601 date-time: {value!r}") from None


class RaisedAlert(Alert):
    id: str
    new: bool = Field(description="false when the store already held this alert")


class WatchResult(BaseModel):
    messages: int = Field(description="messages read")
    alerts: list[RaisedAlert] = Field(description="alerts these messages raised, in message order")


class AlertList(BaseModel):
    alerts: list[StoredAlert]


class Review(BaseModel):
    status: Literal["confirmed", "dismissed"]
    note: str | None = Field(default=None, max_length=10_000)
    reviewer: str | None = Field(default=None, min_length=1, max_length=256, description="default: the key's name")


_BATCH = TypeAdapter(list[LiveMessage])


def messages_body_doc() -> dict[str, Any]:
    one = {"$ref": "#/components/schemas/LiveMessage"}
    batch = {"type": "array", "items": one, "minItems": 1, "maxItems": MAX_BATCH}
    return {"required": True, "content": {"application/json": {"schema": {"anyOf": [one, batch]}}}}


def alert_router(service: Service) -> APIRouter:
    router = service.api_router("alerts")

    @router.post("/messages", response_model=WatchResult, openapi_extra={"requestBody": messages_body_doc()})
    async def messages(request: Request) -> WatchResult:
        """One live message or a batch of up to 1000, fed to the watcher in order; the answer holds the alerts they
        raised, each stored in the alert store (the same alert twice is stored once: `new` says which)."""
        batch = _live_messages(await request.body())
        small = service.settings.detectors == "catalogue" and len(batch) <= SMALL_BATCH
        raised = await service.engine.run(_watch, service, batch, small=small)
        # Stored before the answer, outside the watcher's thread: a commit waits for the disk, the watcher need not.
        alerts = [await run_in_threadpool(_store, service, alert, said) for alert, said in raised]
        service.metrics.messages.inc(len(batch))
        for alert in alerts:
            if alert.new:
                service.metrics.alerts.labels(alert.risk.level).inc()
        return WatchResult(messages=len(batch), alerts=alerts)

    @router.get("/alerts", response_model=AlertList)
    async def alerts(
        status: Status | None = None,
        level: RiskLevel | None = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
        offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
    ) -> AlertList:
        """Stored alerts, newest first, optionally of one review status and one risk level."""
        found = await run_in_threadpool(
            service.store.list_alerts, status=status, level=level, limit=limit, offset=offset
        )
        return AlertList(alerts=found)

    @router.get("/alerts/{alert_id}", response_model=StoredAlert)
    async def alert(alert_id: str) -> StoredAlert:
        """One stored alert with its findings and review state."""
        found = await run_in_threadpool(service.store.get, alert_id)
        if found is None:
            raise HTTPException(404, f"no alert {alert_id}")
        return found

    @router.post("/alerts/{alert_id}/review", response_model=StoredAlert)
    async def review(alert_id: str, decision: Review, caller: str = Depends(service.access)) -> StoredAlert:
        """Confirm or dismiss an alert, with a note; the reviewer is the API key's name unless the review names one."""
        reviewer = decision.reviewer or (LOCAL_REVIEWER if caller.startswith("address:") else caller)
        try:
            return await run_in_threadpool(
                service.store.review, alert_id, decision.status, reviewer=reviewer, note=decision.note
            )
        except InputError:
            raise HTTPException(404, f"no alert {alert_id}") from None

    return router


def _live_messages(body: bytes) -> list[LiveMessage]:
    """The body as a batch: one message object or a list of them; errors name the field (`body[3].text`)."""
    try:
        document = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        where = f"line {exc.lineno} column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else "encoding"
        raise RequestValidationError([{"loc": ("body",), "msg": f"invalid JSON ({where})", "type": "json"}]) from None
    single = isinstance(document, dict)
    items = [document] if single else document
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_BATCH:
        raise RequestValidationError(
            [{"loc": ("body",), "msg": f"expected a message object or a list of 1 to {MAX_BATCH}", "type": "shape"}]
        )
    try:
        return _BATCH.validate_python(items)
    except ValidationError as exc:
        errors = [
            {**error, "loc": ("body", *(error["loc"][1:] if single else error["loc"]))} for error in exc.errors()
        ]
        raise RequestValidationError(errors) from None


Said = list[tuple[str, str]] | None  # (author, text) of a conversation's messages up to an alert, with --store-text


def _watch(service: Service, batch: list[LiveMessage]) -> list[tuple[Alert, Said]]:
    """In the engine's thread (the watcher is not thread-safe): the alerts the batch raises, in message order, each
    with its conversation so far when text is stored."""
    raised: list[tuple[Alert, Said]] = []
    for m in batch:
        alert = service.watcher.add(m.conversation_id, m.author, m.text, m.time)
        said = _transcribe(service, m) if service.settings.store_text else None
        if alert is not None:
            raised.append((alert, None if said is None else list(said)))
    return raised


def _transcribe(service: Service, message: LiveMessage) -> list[tuple[str, str]]:
    transcripts = service.transcripts
    said = transcripts.setdefault(message.conversation_id, [])
    transcripts.move_to_end(message.conversation_id)
    said.append((message.author, message.text))
    while len(transcripts) > len(service.watcher):  # the watcher dropped its least recently active conversations
        transcripts.popitem(last=False)
    return said


def _store(service: Service, alert: Alert, said: Said) -> RaisedAlert:
    texts = authors = None
    if said is not None:
        authors, texts = [author for author, _ in said], [text for _, text in said]
    identifier, new = service.store.record(alert, texts=texts, authors=authors, detectors=service.settings.detectors)
    return RaisedAlert(id=identifier, new=new, **dict(alert))

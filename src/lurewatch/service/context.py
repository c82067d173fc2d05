"""What the routes of one app share: its settings, the analysis thread, the watcher, the alert store and the keys."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Depends

from lurewatch.service.access import Access
from lurewatch.service.engine import Engine
from lurewatch.service.errors import ErrorBody
from lurewatch.service.keys import KeyRing
from lurewatch.service.metrics import Metrics
from lurewatch.service.settings import Settings
from lurewatch.store import AlertStore
from lurewatch.stream import Watcher

API_PREFIX = "/v1"
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": what}
    for status, what in (
        (401, "missing or unknown API key"),
        (404, "no such alert"),
        (413, "body larger than the limit"),
        (415, "content type not read"),
        (422, "malformed input: what and where"),
        (429, "rate limit reached; retry after the Retry-After seconds"),
        (503, "the alert store cannot be reached"),
    )
}


@dataclass
class Service:
    settings: Settings
    engine: Engine
    watcher: Watcher  # used from the engine's thread only
    store: AlertStore
    keys: KeyRing
    access: Access
    metrics: Metrics
    # With --store-text: (author, text) of every message of the conversations the watcher keeps, dropped with them.
    transcripts: OrderedDict[str, list[tuple[str, str]]] = field(default_factory=OrderedDict)

    def api_router(self, tag: str) -> APIRouter:
        """A router for /v1 routes: each call checked by `access`. Its routes carry their whole path, which the
        metrics and the access log name them by."""
        return APIRouter(prefix=API_PREFIX, tags=[tag], responses=ERRORS, dependencies=[Depends(self.access)])

    def close(self) -> None:
        self.engine.close()
        self.store.close()

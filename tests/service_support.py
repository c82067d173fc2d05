"""What the service tests share: an app on a fresh alert store, a synthetic grooming chat for the live endpoint."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from lurewatch.service.app import create_app
from lurewatch.service.settings import Settings

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "src" / "lurewatch" / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Synthetic and non-explicit (the furthest it goes is asking for a private picture), said by made-up people.
LIVE_CHAT = [
    ("Alex", "hey, you seem really mature for your age. how old are you?"),
    ("Sam", "13"),
    ("Alex", "don't tell your parents about me, they wouldn't understand us"),
    ("Alex", "send me a private pic, just for me"),
    ("Sam", "i don't want to"),
    ("Alex", "if you don't send one i will share our chats with everyone at your school"),
]


def settings(tmp_path: Path, **changes: Any) -> Settings:
    base = Settings(detectors="catalogue", db_url=str(tmp_path / "alerts.db"), web_dir=tmp_path / "no-page")
    return replace(base, **changes)


@contextmanager
def client_for(tmp_path: Path, **changes: Any) -> Iterator[TestClient]:
    with TestClient(create_app(settings(tmp_path, **changes))) as client:
        yield client


def live_messages(conversation_id: str = "room-1") -> list[dict[str, str]]:
    return [{"conversation_id": conversation_id, "author": a, "text": t} for a, t in LIVE_CHAT]

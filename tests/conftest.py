from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

from lurewatch.model import Conversation, Message

from .redis_server import names, redis_url  # noqa: F401  (a real redis-server, for every test module)
from .servers import postgres_server, postgres_url  # noqa: F401  (fixtures for every test module)

# The same examples on every run: CI must not fail by drawing a new input. Exploring new inputs is the fuzz
# benchmark's job (bench/fuzz_parsers.py), where a find is reported rather than breaking a build.
settings.register_profile("repeatable", derandomize=True, database=None, deadline=None)
settings.load_profile("repeatable")

# Compiled pattern sets and training features go to a cache of the tests' own, not the user's (and CLI runs in
# subprocesses inherit it).
os.environ.setdefault("LUREWATCH_CACHE", str(Path(tempfile.gettempdir()) / "lurewatch-test-cache"))

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


def chat(*lines: str, conversation_id: str = "test") -> Conversation:
    """A conversation from "Name: text" lines (the test's own words, never a fixture file)."""
    messages = []
    for line in lines:
        author, text = line.split(": ", 1)
        messages.append(Message(author=author, text=text))
    return Conversation(id=conversation_id, messages=messages)


@pytest.fixture
def examples() -> Path:
    return EXAMPLES


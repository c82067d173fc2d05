from __future__ import annotations

from pathlib import Path

import pytest

from lurewatch.model import Conversation, Message

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

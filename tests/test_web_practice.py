"""The training mode's practice chats: their answer keys must say what lurewatch itself says.

The page marks a learner's taps against the key, so a key that disagreed with the engine would teach one thing while
`lurewatch analyze` reports another. Each chat is run through `lurewatch.analyze`: the messages the key calls
worrying are exactly the messages with findings, each with the engine's categories as the reasons it accepts and
the engine's spans as the words it marks, and the harmless chats stay low.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from lurewatch import analyze
from lurewatch.indicators.catalogue import load_catalogue
from lurewatch.model import Conversation, Message

PRACTICE = Path(__file__).resolve().parents[1] / "src" / "lurewatch" / "web" / "static" / "practice"
INDEX: dict[str, Any] = json.loads((PRACTICE / "index.json").read_text(encoding="utf-8"))
REASONS = {reason["id"] for reason in INDEX["reasons"]}


def _chat(chat_id: str) -> dict[str, Any]:
    chat: dict[str, Any] = json.loads((PRACTICE / f"{chat_id}.json").read_text(encoding="utf-8"))
    return chat


def _conversation(chat: dict[str, Any]) -> Conversation:
    messages = [Message(author=m["author"], text=m["text"]) for m in chat["messages"]]
    return Conversation(id=chat["id"], messages=messages)


@pytest.mark.parametrize("chat_id", INDEX["chats"])
def test_key_flags_exactly_the_messages_lurewatch_flags(chat_id: str) -> None:
    chat = _chat(chat_id)
    analysis = analyze(_conversation(chat))
    engine: dict[int, set[str]] = defaultdict(set)
    spans: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for finding in analysis.findings:
        engine[finding.message_index].add(finding.category)
        spans[finding.message_index].add(finding.span)
    key = {entry["index"]: set(entry["categories"]) for entry in chat["key"]}
    assert key == dict(engine), f"{chat_id}: key {key} but lurewatch flags {dict(engine)}"
    # The reveal marks the words lurewatch matched, as the report does.
    key_spans = {entry["index"]: {tuple(span) for span in entry["spans"]} for entry in chat["key"]}
    assert key_spans == dict(spans), chat_id


@pytest.mark.parametrize("chat_id", INDEX["chats"])
def test_chat_is_well_formed(chat_id: str) -> None:
    chat = _chat(chat_id)
    assert chat["id"] == chat_id
    authors = {m["author"] for m in chat["messages"]}
    assert chat["young_person"] in authors
    for entry in chat["key"]:
        assert 0 <= entry["index"] < len(chat["messages"])
        assert chat["messages"][entry["index"]]["author"] != chat["young_person"], "the young person is never blamed"
        accepted = set(entry["categories"]) | set(entry.get("also_accept", []))
        assert accepted <= REASONS, f"{chat_id} message {entry['index']}: a reason the learner cannot pick"
        assert entry["why"].strip()
    assert chat["summary"].strip()


def test_levels_rise_and_some_chats_are_harmless() -> None:
    chats = [_chat(chat_id) for chat_id in INDEX["chats"]]
    levels = [chat["level"] for chat in chats]
    assert levels == sorted(levels)
    assert len(chats) >= 4
    harmless = [chat for chat in chats if not chat["key"]]
    assert len(harmless) >= 2
    for chat in harmless:
        assert analyze(_conversation(chat)).risk.level in ("none", "low"), chat["id"]


def test_reasons_are_catalogue_categories() -> None:
    assert load_catalogue().categories.keys() >= REASONS

"""The fast paths give what the straightforward ones give: JSONL lines read by orjson as the standard library reads
them, conversations analysed together (`analyze_each`: the catalogue's scans handed on, MiniLM's work batched across
conversations) as each alone, and `lurewatch analyze --format json` as each analysis dumped one by one."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from lurewatch import __version__, api, ingest
from lurewatch.api import Detectors, analyze_conversation, analyze_each
from lurewatch.errors import InputError
from lurewatch.ingest.base import Source
from lurewatch.ingest.jsonl import _decode_line
from lurewatch.learn.labelled import read_labelled
from lurewatch.model import Conversation, Message, ParticipantReport, checked_message
from lurewatch.parallel import analyze_unit
from lurewatch.semantic import encoder as encoder_module
from lurewatch.semantic.encoder import MiniLM, ModelError, load_ahead
from tests.conftest import REPO, chat

DEV = REPO / "eval" / "heldout" / "dev.jsonl"


def dev_conversations() -> list[Conversation]:
    return [item.conversation for item in read_labelled(DEV)]


def as_messages(conversations: list[Conversation], path: Path) -> Path:
    """The conversations as message JSONL, the input `lurewatch analyze` reads."""
    lines = (
        json.dumps({"conversation_id": c.id, "author": m.author, "text": m.text}) + "\n"
        for c in conversations
        for m in c.messages
    )
    path.write_text("".join(lines), encoding="utf-8")
    return path


def group_of(conversations: list[Conversation]) -> Conversation:
    """Three one-to-one chats interleaved into one room: the semantic layer reads it as a group (catalogue scans)."""
    messages = [m for row in zip(*(c.messages for c in conversations), strict=False) for m in row]
    return Conversation(id="room", messages=messages)


@pytest.mark.parametrize(
    "line",
    [
        '{"author": "a", "text": "caf\\u00e9 \\ud83d\\ude00", "n": 1.5e3}',
        '{"author": "a", "text": "x", "author": "b"}',  # the last of a repeated key wins, as in json
        '{"author": "a", "text": "lone \\ud800 surrogate"}',  # orjson refuses: the standard library reads it
        '{"author": "a", "text": "x", "big": 123456789012345678901234567890}',
        '{"author": "a", "text": "x", "score": NaN}',
        '  {"author": "a", "text": "spaces around"}  ',
    ],
)
def test_jsonl_lines_read_as_the_standard_library_reads_them(line: str) -> None:
    assert _decode_line(Source(name="chat.jsonl"), line, 1) == json.loads(line)


@pytest.mark.parametrize("time", [None, datetime(2024, 5, 1, 10, 30, tzinfo=UTC), datetime(2024, 5, 1)])
def test_checked_message_is_the_validated_one(time: datetime | None) -> None:
    made, validated = checked_message("Ana", "hi", time, 3), Message(author="Ana", text="hi", time=time, line=3)
    assert made == validated
    assert (repr(made), hash(made), made.model_fields_set) == (repr(validated), hash(validated), validated.model_fields_set)
    assert made.model_dump_json(exclude_unset=True) == validated.model_dump_json(exclude_unset=True)
    assert pickle.loads(pickle.dumps(made)) == validated
    assert made.model_copy(update={"text": "x"}) == validated.model_copy(update={"text": "x"})
    with pytest.raises(ValidationError):
        made.text = "changed"  # type: ignore[misc]  # frozen, like every Message


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"author": "a", "text": ', "chat.jsonl:7: invalid JSON: Expecting value (column 25)"),
        ('["a", "b"]', "chat.jsonl:7: expected a JSON object, got array"),
    ],
)
def test_jsonl_errors_name_the_line_as_before(line: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        _decode_line(Source(name="chat.jsonl"), line, 7)
    assert str(caught.value) == message


@pytest.mark.parametrize("detectors", ["catalogue", "combined"])
def test_analysed_together_as_each_alone(detectors: Detectors, monkeypatch: pytest.MonkeyPatch) -> None:
    dev = dev_conversations()
    conversations = [*dev[:12], group_of(dev[12:15]), chat("Sam: hi", "Alex: hi there", conversation_id="short")]
    alone = [analyze_conversation(c, detectors=detectors, audience="teen") for c in conversations]
    # Small look-ahead batches, so that several of them meet a conversation boundary.
    monkeypatch.setattr(api, "READ_AHEAD_TEXTS", 7)
    together = list(analyze_each(conversations, detectors=detectors, audience="teen"))
    assert [c.id for c, _ in together] == [c.id for c in conversations]
    assert [a for _, a in together] == alone
    assert any(f.matched_by == "meaning" for a in alone for f in a.findings) == (detectors == "combined")
    assert alone[-2].findings  # the room (a group: scanned ahead, its scans handed on) has findings to compare


def test_an_input_error_comes_after_the_conversations_read_before_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The next window is read while the last one is encoded in a thread; an error in reading it must still come
    after every conversation before it, as without the thread."""
    dev = dev_conversations()[:6]

    def broken_input() -> Iterator[Conversation]:
        yield from dev
        raise InputError("chat.jsonl", "invalid JSON", line=99)

    monkeypatch.setattr(api, "READ_AHEAD_TEXTS", 7)
    analysed = analyze_each(broken_input(), detectors="combined")
    received = []
    with pytest.raises(InputError, match=r"chat\.jsonl:99"):
        for conversation, _ in analysed:
            received.append(conversation.id)
    assert received == [c.id for c in dev]


def test_analyze_unit_reads_and_analyses_like_analyze_conversation(tmp_path: Path) -> None:
    dev = dev_conversations()[:20]
    path = as_messages(dev, tmp_path / "dev.jsonl")
    (unit,) = ingest.load([path]).units(split_bytes=2**20)
    outcomes = analyze_unit(unit, {"detectors": "catalogue"}, "analysis")
    read = list(ingest.load([path]))
    assert [o.analysis for o in outcomes] == [analyze_conversation(c, detectors="catalogue") for c in read]


def test_cli_json_report_is_each_analysis_dumped(tmp_path: Path) -> None:
    dev = dev_conversations()
    path = as_messages(dev, tmp_path / "dev.jsonl")
    done = subprocess.run(
        [sys.executable, "-m", "lurewatch", "analyze", path.name, "--format", "json", "--detectors", "catalogue"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
        timeout=300,
    )
    expected = [
        json.loads(analyze_conversation(c.model_copy(update={"source": path.name}), detectors="catalogue").model_dump_json())
        for c in dev
    ]
    assert json.loads(done.stdout) == {"lurewatch_version": __version__, "conversations": expected}


def test_minilm_loaded_ahead_in_a_thread_is_the_one_handed_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encoder_module, "_default", None)  # this test's own load; the process's is put back after
    load_ahead()
    first = encoder_module.default_encoder()
    assert isinstance(first, MiniLM)
    assert encoder_module.default_encoder() is first
    load_ahead()  # loaded already: nothing starts again
    assert encoder_module.default_encoder() is first


def test_a_failed_load_ahead_is_the_callers_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> MiniLM:
        raise ModelError("the sentence model is missing")

    monkeypatch.setattr(encoder_module, "_default", None)
    monkeypatch.setattr(MiniLM, "load", staticmethod(missing))
    load_ahead()
    with pytest.raises(ModelError, match="the sentence model is missing"):
        encoder_module.default_encoder()


@pytest.mark.parametrize("detectors", ["catalogue", "combined"])
def test_participants_are_the_validated_ones(detectors: Detectors) -> None:
    """`trusted` builds each person's report without validating it: the same values of the same types (a float is a
    float, not an int that equals it), the same fields set, as validating what it holds gives."""
    conversations = [*dev_conversations()[:12], group_of(dev_conversations()[:3])]
    people = 0
    for conversation in conversations:
        for participant in analyze_conversation(conversation, detectors=detectors).participants:
            validated = ParticipantReport.model_validate(participant.model_dump())
            assert repr(participant) == repr(validated)
            assert participant.model_fields_set == validated.model_fields_set
            assert participant.risk.model_fields_set == validated.risk.model_fields_set
            assert participant.asymmetry.model_fields_set == validated.asymmetry.model_fields_set
            assert participant.model_dump_json() == validated.model_dump_json()
            people += 1
    assert people > 20

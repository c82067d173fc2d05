"""The conversation state codec: a state stopped anywhere, stored and read back, continues exactly as if never stopped."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta, timezone
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lurewatch import ingest
from lurewatch.api import Detectors, analysis_of, feed, new_state
from lurewatch.conversation import ConversationState, _Person
from lurewatch.indicators.recognizer import default_recognizer
from lurewatch.model import Message, MessageKind
from lurewatch.state_codec import StateFormatError, decode_state, dumps, encode_state, loads
from tests.conftest import EXAMPLES

# What the codec knows about; a new field in ConversationState or _Person must be added to state_codec.py too.
KNOWN_STATE_FIELDS = {
    "recognizer", "catalogue", "alert_level", "semantic", "patterns",  # configuration, given by the worker
    "_found", "findings", "first_alert_index", "_people", "_times", "_signals", "_last_author", "_riskiest",
    "_last_time", "_message_count",
}  # fmt: skip
KNOWN_PERSON_FIELDS = {
    "name", "score", "messages", "initiations", "questions", "disclosures", "load", "ages", "adult_cues",
    "inconsistencies", "adult_life_reported", "adult_with_minor_reported", "replies_to", "reads_left", "pending",
}  # fmt: skip


@cache
def example_texts() -> list[str]:
    """Every message text of the bundled example conversations (synthetic), as material for random conversations."""
    return sorted({m.text for c in ingest.load([EXAMPLES]) for m in c.messages if m.text})


def _fresh(detectors: Detectors = "catalogue") -> ConversationState:
    return new_state(default_recognizer(), "high", detectors)


def _resumed(state: ConversationState, detectors: Detectors = "catalogue") -> ConversationState:
    """The state as another worker sees it: through bytes."""
    return decode_state(loads(dumps(state)), _fresh(detectors))


def test_the_codec_knows_every_field_of_the_state() -> None:
    state = _fresh()
    state.add(Message(author="a", text="hi"))
    assert set(vars(state)) == KNOWN_STATE_FIELDS
    assert {f.name for f in dataclasses.fields(_Person)} == KNOWN_PERSON_FIELDS


TIMES = st.one_of(
    st.none(),
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)),
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)).map(lambda t: t.replace(tzinfo=UTC)),
)


@st.composite
def conversations(draw: st.DrawFn) -> list[Message]:
    authors = draw(st.lists(st.sampled_from(["Al", "Jo", "Sam", "Kit"]), min_size=1, max_size=4, unique=True))
    messages = []
    for _ in range(draw(st.integers(1, 30))):
        kind = draw(st.sampled_from([MessageKind.TEXT] * 8 + [MessageKind.MEDIA, MessageKind.SYSTEM]))
        text = draw(st.sampled_from(example_texts())) if kind is MessageKind.TEXT else ""
        messages.append(Message(author=draw(st.sampled_from(authors)), text=text, time=draw(TIMES), kind=kind))
    return messages


@given(conversations(), st.data())
def test_a_resumed_state_continues_exactly_like_an_uninterrupted_one(messages: list[Message], data: st.DataObject) -> None:
    stop = data.draw(st.integers(0, len(messages)))
    whole = _fresh()
    for message in messages:
        whole.add(message)
    part = _fresh()
    for message in messages[:stop]:
        part.add(message)
    assert encode_state(_resumed(part)) == encode_state(part)  # round trip equality
    resumed = _resumed(part)
    for message in messages[stop:]:
        resumed.add(message)
    assert encode_state(resumed) == encode_state(whole)
    assert analysis_of(resumed, "c") == analysis_of(whole, "c")


@pytest.mark.parametrize("name", ["walkthrough.txt", "sextortion.txt"])
def test_semantic_layer_state_resumes_every_few_messages(name: str) -> None:
    """With the meaning layer on, pending texts and read counters survive a move to another worker."""
    (conversation,) = ingest.load([EXAMPLES / name])
    whole = _fresh("combined")
    for _ in feed(whole, conversation.messages):
        pass
    hopping = _fresh("combined")
    for index, message in enumerate(conversation.messages):
        if index % 3 == 0:
            hopping = _resumed(hopping, "combined")
        hopping.add(message)
    assert analysis_of(hopping, conversation.id) == analysis_of(whole, conversation.id)
    assert any(f.matched_by == "meaning" for f in whole.findings) or name == "sextortion.txt"


def test_only_the_times_of_flagged_messages_are_kept_with_their_zones() -> None:
    state = _fresh()
    zone = timezone(timedelta(hours=2))
    messages = [
        ("hi", datetime(2024, 1, 1, 8)),
        ("what school do you go to", datetime(2024, 1, 1, 9)),
        ("ok", None),
        ("send me a pic of you", datetime(2024, 1, 1, 10, tzinfo=zone)),
        ("bye", datetime(2024, 1, 1, 11)),
    ]
    for text, time in messages:
        state.add(Message(author="a", text=text, time=time))
    data = encode_state(state)
    assert data["count"] == 5
    assert data["times"] == {"1": "2024-01-01T09:00:00", "3": "2024-01-01T10:00:00+02:00"}
    assert _resumed(state)._times == {1: messages[1][1], 3: messages[3][1]}


def test_pattern_explanations_are_rebuilt_from_the_catalogue_not_stored() -> None:
    state = _fresh()
    state.add(Message(author="Al", text="don't tell anyone about us, it's our secret"))
    raw = dumps(state)
    assert state.findings and state.findings[0].explanation.encode() not in raw
    assert _resumed(state).findings == state.findings


def test_another_version_is_refused_with_a_clear_error() -> None:
    data = json.loads(dumps(_fresh()))
    data["v"] = 99
    with pytest.raises(StateFormatError, match="format 99 is not 2"):
        decode_state(data, _fresh())
    with pytest.raises(StateFormatError, match="not JSON"):
        loads(b"\x80\x04pickle")

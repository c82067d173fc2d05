"""The conversation state codec: a state stopped anywhere, stored and read back, continues exactly as if never stopped;
states stored by earlier workers (format 2) are still read."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lurewatch import ingest
from lurewatch.api import Detectors, analysis_of, feed, new_state
from lurewatch.conversation import ConversationState, _Person
from lurewatch.indicators.recognizer import default_recognizer
from lurewatch.model import Message, MessageKind
from lurewatch.state_codec import StateFormatError, dumps, encode_state, loads
from tests.conftest import EXAMPLES, REPO

# States written by format 2 (state_codec.py as of commit 6a340ed), with the conversations they were stopped in.
WRITTEN_BY_V2 = REPO / "tests" / "fixtures" / "state_v2" / "written_by_v2.jsonl"

# What the codec knows about; a new field in ConversationState or _Person must be added to state_codec.py too.
KNOWN_STATE_FIELDS = {
    "recognizer", "catalogue", "alert_level", "semantic", "patterns", "_author_model",  # configuration, given by the worker
    "_found", "findings", "first_alert_index", "_people", "_times", "_signals", "_last_author", "_riskiest",
    "_last_time", "_message_count", "_other_languages_left", "_unasked_ages",
}  # fmt: skip
KNOWN_PERSON_FIELDS = {
    "name", "score", "messages", "initiations", "questions", "disclosures", "load", "ages", "adult_cues",
    "inconsistencies", "adult_life_reported", "replies_to", "reads_left", "pending", "count",
    "exposure", "implied_threat_reported", "asked_a_minor",
}  # fmt: skip


@cache
def example_texts() -> list[str]:
    """Every message text of the bundled example conversations (synthetic), as material for random conversations."""
    return sorted({m.text for c in ingest.load([EXAMPLES]) for m in c.messages if m.text})


def _fresh(detectors: Detectors = "catalogue") -> ConversationState:
    return new_state(default_recognizer(), "high", detectors)


def _resumed(state: ConversationState, detectors: Detectors = "catalogue") -> ConversationState:
    """The state as another worker sees it: through bytes."""
    return loads(dumps(state), _fresh(detectors))[0]


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
        text = draw(st.sampled_from([*example_texts(), "3", "2", "1"])) if kind is MessageKind.TEXT else ""
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


def test_words_of_pictures_and_crowds_survive_a_move_to_another_worker() -> None:
    """The implied threat needs words said before the demand: they are part of the saved state."""
    lines = ["me acuerdo de tu video de anoche, que bonito", "que??", "ya vi tus 300 seguidores y tu grupo de la clase"]
    messages = [Message(author="Rex" if i % 2 == 0 else "Kai", text=t) for i, t in enumerate(lines)]
    demand = Message(author="Rex", text="300€ por bizum, ahora")
    state = _fresh()
    for message in messages:
        state.add(message)
    resumed = _resumed(state)
    resumed.add(demand)
    assert "sextortion_threat.implied" in {f.indicator for f in analysis_of(resumed, "c").findings}


def test_who_asked_a_childs_age_in_a_group_survives_a_move_to_another_worker() -> None:
    lines = [("Al", "ok lets go"), ("Bo", "how old r u"), ("Cy", "nine"), ("Di", "lol"), ("Bo", "r ur parents home rn")]
    state = _fresh()
    for author, text in lines:
        state.add(Message(author=author, text=text))
    resumed = _resumed(state)
    assert resumed._people["Bo"].asked_a_minor
    resumed.add(Message(author="Bo", text="dont tell anyone ok"))
    assert analysis_of(resumed, "c").risk.level == "high"


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
    version, extra, data = orjson.loads(dumps(state))
    assert (version, extra, data[0]) == (3, {}, 5)  # format, no extras, 5 messages
    assert data[6] == [[1, "2024-01-01T09:00:00"], [3, "2024-01-01T10:00:00+02:00"]]
    assert _resumed(state)._times == {1: messages[1][1], 3: messages[3][1]}


def test_zones_with_seconds_and_microseconds_survive() -> None:
    """orjson writes a zone to the minute only: old local mean times (+00:17:30) go as text."""
    state = _fresh()
    zone = timezone(timedelta(minutes=17, seconds=30))
    times = [datetime(1900, 1, 1, 8, tzinfo=zone), datetime(2024, 1, 1, 9, 0, 0, 250, tzinfo=UTC), datetime(2024, 1, 1)]
    for time in times:
        state.add(Message(author="a", text="send me a pic of you", time=time))
    resumed = _resumed(state)
    assert resumed._times == state._times and resumed._last_time == times[-1]
    assert [t.utcoffset() for t in resumed._times.values()] == [t.utcoffset() for t in times]


@pytest.mark.parametrize("detectors", ["catalogue", "combined"])
def test_every_example_conversations_state_round_trips_after_every_message(detectors: Detectors) -> None:
    for conversation in ingest.load([EXAMPLES]):
        state = _fresh(detectors)
        for _ in feed(state, conversation.messages):
            raw = dumps(state, alerted="high", said=[["Al", "hi"]])
            resumed, extra = loads(raw, _fresh(detectors))
            assert encode_state(resumed) == encode_state(state)
            assert extra == {"alerted": "high", "said": [["Al", "hi"]]}
        assert analysis_of(_resumed(state, detectors), conversation.id) == analysis_of(state, conversation.id)


def _written_by_v2() -> list[dict[str, Any]]:
    return [json.loads(line) for line in WRITTEN_BY_V2.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("case", _written_by_v2(), ids=lambda case: case["conversation"])
def test_a_state_written_by_format_2_is_read_and_continues(case: dict[str, Any]) -> None:
    old = json.loads(case["state"])
    state, extra = loads(case["state"].encode(), _fresh(case["detectors"]))
    assert extra == {"alerted": old["alerted"]}
    assert state.message_count == old["count"] == case["stop"]
    assert (state._last_author, state.first_alert_index) == (old["last_author"], old["first_alert"])
    assert [list(s) for s in state._signals] == old["signals"]
    assert {str(i): t.isoformat() for i, t in state._times.items()} == old["times"]
    assert [[f.message_index, f.author, f.indicator, list(f.span), f.evidence] for f in state.findings] == [
        item[:5] for item in old["findings"]
    ]
    assert sorted(map(list, state._found)) == old["found"]
    for person, stored in zip(state._people.values(), old["people"], strict=True):
        counts = [person.messages, person.initiations, person.questions, person.disclosures, person.reads_left]
        assert (person.name, counts, person.load, dict(person.replies_to)) == (
            stored["name"], stored["counts"], stored["load"], stored["replies_to"]
        )  # fmt: skip
        assert (person.score.best_by_category, person.score.critical) == (stored["best"], stored["critical"])
        assert [[i, text, t and t.isoformat()] for i, text, t in person.pending] == stored["pending"]
    # Stored again, it is written in the current format, and reads back the same.
    assert encode_state(loads(dumps(state), _fresh(case["detectors"]))[0]) == encode_state(state)
    # And it goes on: the rest of the conversation is analysed from where it stopped.
    messages = [Message(author=a, text=t, time=datetime.fromisoformat(w)) for a, t, w in case["messages"]]
    for message in messages[case["stop"] :]:
        state.add(message)
    assert state.message_count == len(messages)
    assert state.findings[: len(old["findings"])] == loads(case["state"].encode(), _fresh(case["detectors"]))[0].findings


def test_pattern_explanations_are_rebuilt_from_the_catalogue_not_stored() -> None:
    state = _fresh()
    state.add(Message(author="Al", text="don't tell anyone about us, it's our secret"))
    raw = dumps(state)
    assert state.findings and state.findings[0].explanation.encode() not in raw
    assert _resumed(state).findings == state.findings


def test_another_version_is_refused_with_a_clear_error() -> None:
    data = json.loads(dumps(_fresh()))
    data[0] = 99
    with pytest.raises(StateFormatError, match="format 99 is not one of 2, 3"):
        loads(json.dumps(data).encode(), _fresh())
    with pytest.raises(StateFormatError, match="format 1 is not one of 2, 3"):
        loads(b'{"v": 1}', _fresh())
    with pytest.raises(StateFormatError, match="not JSON"):
        loads(b"\x80\x04pickle", _fresh())


def test_family_context_survives_a_resume() -> None:
    """The known-family marker lives in the scores: a worker that resumes the state must keep capping them."""
    texts = [
        ("Gran", "hello darling, it's grandma"), ("Noah", "hi grandma"), ("Gran", "is your mother at home?"),
        ("Gran", "don't tell your sister about it"), ("Gran", "send me a picture of you in your new blazer"),
    ]  # fmt: skip
    messages = [Message(author=author, text=text) for author, text in texts]
    whole = _fresh()
    for message in messages:
        whole.add(message)
    part = _fresh()
    for message in messages[:2]:
        part.add(message)
    resumed = _resumed(part)
    for message in messages[2:]:
        resumed.add(message)
    assert analysis_of(resumed, "c") == analysis_of(whole, "c")
    assert whole.risk().level == "medium"


def test_a_countdown_survives_a_resume() -> None:
    """The number a person last sent is kept: the next worker sees "9" after "10" as a countdown."""
    part = _fresh()
    for author, text in (("Rex", "want your mum to see these?"), ("Kai", "who is this"), ("Rex", "10")):
        part.add(Message(author=author, text=text))
    resumed = _resumed(part)
    resumed.add(Message(author="Rex", text="9"))
    assert [f.indicator for f in resumed.findings][-1] == "sextortion_demand.countdown"


def test_a_state_written_before_the_other_language_count_reads_as_none_left() -> None:
    state = _fresh()
    state.add(Message(author="a", text="hola, que tal"))
    assert state._other_languages_left > 0
    older = orjson.dumps((3, {}, encode_state(state)[:-2]))
    assert loads(older, _fresh())[0]._other_languages_left == 0
    assert loads(dumps(state), _fresh())[0]._other_languages_left == state._other_languages_left


def test_a_bare_age_waiting_for_its_question_survives_a_resume() -> None:
    state = _fresh()
    for author, text in [("Al", "hey"), ("Kim", "13"), ("Al", "cool")]:
        state.add(Message(author=author, text=text))
    assert [claim.message_index for _, claim in state._unasked_ages] == [1]
    resumed = _resumed(state)
    assert loads(orjson.dumps((3, {}, encode_state(state)[:-1])), _fresh())[0]._unasked_ages == ()
    resumed.add(Message(author="Al", text="how old r u"))
    assert [claim.age for claim in resumed._people["Kim"].ages] == [13]

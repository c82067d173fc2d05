"""The library: analyze() takes a Conversation, chat text or a path; analyze_all() for many."""

from __future__ import annotations

import pytest

from lurewatch import Conversation, analyze, analyze_all
from lurewatch.errors import InputError
from tests.conftest import chat


def test_text_path_and_conversation_agree(examples) -> None:
    path = examples / "walkthrough.txt"
    from_path = analyze(path)
    from_str_path = analyze(str(path))
    from_text = analyze(path.read_text())
    assert from_path.risk == from_str_path.risk == from_text.risk
    assert from_path.findings == from_text.findings


def test_analyze_conversation_object() -> None:
    analysis = analyze(chat("Al: add me on snapchat", "Jo: ok"))
    assert isinstance(analysis.findings[0].explanation, str)
    assert analysis.findings[0].category == "private_app"


def test_many_conversations_need_analyze_all() -> None:
    text = "--- one\nA: hi\nB: hey\n--- two\nA: don't tell anyone about us\n"
    with pytest.raises(InputError, match="2 conversations"):
        analyze(text)
    ids = [a.id for a in analyze_all(text)]
    assert ids == ["one", "two"]


def test_analyze_all_accepts_conversations() -> None:
    conversations = [chat("A: hi", conversation_id="x"), chat("B: hello", conversation_id="y")]
    assert [a.id for a in analyze_all(conversations)] == ["x", "y"]
    assert isinstance(conversations[0], Conversation)


def test_a_list_of_messages_is_one_conversation() -> None:
    as_dicts = analyze([{"author": "Al", "text": "add me on snapchat"}, {"author": "Jo", "text": "ok"}])
    as_chat = analyze(chat("Al: add me on snapchat", "Jo: ok"))
    assert as_dicts.findings == as_chat.findings
    assert as_dicts.findings[0].category == "private_app"
    assert [a.message_count for a in analyze_all([{"author": "Al", "text": "hi"}])] == [1]


@pytest.mark.parametrize(
    ("given", "error"),
    [
        ([{"author": "Al"}], "message 1 needs text"),
        ([{"author": "Al", "text": "hi"}, "Jo: hey"], "message 2 is a str"),
        (42, "cannot read a int"),
    ],
)
def test_what_is_not_a_conversation_says_what_is_wrong(given: object, error: str) -> None:
    with pytest.raises(InputError, match=error):
        analyze(given)  # type: ignore[arg-type]

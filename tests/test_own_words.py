"""A platform's notice kept as text by a plain reader ("This message was deleted") is never read for indicators."""

from __future__ import annotations

import pytest

from lurewatch import analyze
from lurewatch.own_words import is_notice

NOTICES = [
    "This message was deleted",
    "You deleted this message.",
    "\u200eThis message was deleted.",
    "Ce message a été supprimé",
    "<Media omitted>",
    "image omitted",
    "<image>",
    "[sticker]",
    "[voice note 0:12]",
    "[video call 4:40]",
    "Missed voice call",
    "Missed video call",
    "[2 days later]",
    "(This message was deleted)",
]
WORDS = [
    "delete this message",
    "i deleted the message lol",
    "video call?",
    "call me",
    "missed your call, sorry",
    "send the image",
    "[sticker] haha no way",
    "2 days later and still nothing",
]


@pytest.mark.parametrize("text", NOTICES)
def test_notices_are_recognised(text: str) -> None:
    assert is_notice(text)


@pytest.mark.parametrize("text", WORDS)
def test_words_people_write_are_not_notices(text: str) -> None:
    assert not is_notice(text)


@pytest.mark.parametrize("notice", ["This message was deleted", "Missed voice call", "[video call 4:40]"])
def test_a_notice_read_from_plain_messages_raises_nothing(notice: str) -> None:
    messages = [{"author": "Sam", "text": "hey"}, {"author": "Kit", "text": "hi"}, {"author": "Sam", "text": notice}]
    assert [f for f in analyze(messages).findings if f.message_index == 2] == []


def test_the_same_words_written_by_someone_are_still_read() -> None:
    messages = [{"author": "Sam", "text": "hey"}, {"author": "Kit", "text": "hi"},
                {"author": "Sam", "text": "delete this message after you read it"}]
    assert any(f.message_index == 2 and f.category == "secrecy" for f in analyze(messages).findings)


def test_a_quoted_reply_is_the_other_persons_words() -> None:
    messages = [{"author": "Sam", "text": "keep it between us ok"},
                {"author": "Kit", "text": "> keep it between us ok\nwhy tho"}]
    findings = analyze(messages).findings
    assert {f.message_index for f in findings if f.category == "secrecy"} == {0}


def test_words_after_the_quote_are_still_read_where_they_stand() -> None:
    text = "> what are you doing\ndelete this message after you read it"
    messages = [{"author": "Kit", "text": "what are you doing"}, {"author": "Sam", "text": text}]
    finding = next(f for f in analyze(messages).findings if f.message_index == 1 and f.category == "secrecy")
    assert text[finding.span[0] : finding.span[1]].startswith("delete")

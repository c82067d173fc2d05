"""Other-language patterns are a set of their own, scanned only in messages with words of those languages."""

from __future__ import annotations

import pytest

from lurewatch import Watcher, analyze
from lurewatch.indicators.catalogue import CatalogueError, parse_catalogue
from lurewatch.indicators.recognizer import OTHER_LANGUAGE_SPAN, Recognizer
from lurewatch.model import Conversation, Message
from tests.tiny_catalogue import tiny_catalogue

ESCUELA = ("(?:cual|que) escuela",)
TINY = tiny_catalogue(["what school"], top='other_language_words: "que|tienes"\n', other_languages=ESCUELA)


def _found(text: str) -> list[str]:
    return [hit.evidence for hit in Recognizer(parse_catalogue(TINY, "tiny.yaml")).scan(text)]


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("y a que escuela vas?", ["que escuela"]),
        ("cual escuela, que me dices", ["cual escuela"]),  # the language's word elsewhere in the message
        ("cual escuela", []),  # none of the language's words: not scanned for them
        ("what school do you go to", ["what school"]),  # the English patterns as before
    ],
)
def test_other_language_patterns_run_only_where_the_language_is(text: str, evidence: list[str]) -> None:
    assert _found(text) == evidence


def test_one_finding_per_indicator_whichever_set_found_it() -> None:
    assert _found("what school? que escuela?") == ["what school"]


def test_other_language_patterns_need_the_words_of_those_languages() -> None:
    with pytest.raises(CatalogueError, match="other_language_words"):
        parse_catalogue(tiny_catalogue(["what school"], other_languages=ESCUELA), "tiny.yaml")


def test_a_conversation_in_those_languages_is_scanned_for_a_while_after_their_words() -> None:
    recognizer = Recognizer(parse_catalogue(TINY, "tiny.yaml"))
    hits, left = recognizer.scan_in_conversation("hola, que tal", 0)
    assert left == OTHER_LANGUAGE_SPAN
    hits, left = recognizer.scan_in_conversation("cual escuela", left)  # none of the words, but the chat had them
    assert [hit.evidence for hit in hits] == ["cual escuela"]
    for _ in range(left):
        hits, left = recognizer.scan_in_conversation("ok", left)
    assert left == 0
    assert recognizer.scan_in_conversation("cual escuela", left)[0] == []


def test_analysis_and_a_live_watcher_see_the_same_other_language_findings() -> None:
    # "borra chats" has none of the words: found because the chat had them two lines before.
    lines = [("Ana", "hola, que tal"), ("Rex", "ok"), ("Rex", "borra chats")]
    analysed = analyze(Conversation(id="c", messages=[Message(author=a, text=t) for a, t in lines]))
    watcher = Watcher()
    for author, text in lines:
        watcher.add("c", author, text)
    watched = watcher.analysis("c")
    assert [f.indicator for f in analysed.findings] == [f.indicator for f in watched.findings]
    assert "secrecy.delete_evidence" in {f.indicator for f in analysed.findings}
    alone = analyze(Conversation(id="c", messages=[Message(author="Rex", text="borra chats")]))
    assert "secrecy.delete_evidence" not in {f.indicator for f in alone.findings}

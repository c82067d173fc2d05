"""Differential test: `normalize()` against the frozen reference implementation (`tests/normalize_reference.py`), on
random disguised text, short (one pass) and long (folded with arrays, rewritten chunk by chunk). Both must give the
same canonical text and the same map back: every position through the folding and the rewriting maps, and every
one-character span back to the original."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lurewatch import normalize as module
from lurewatch.normalize import NormalizedText, normalize
from tests import normalize_reference as reference
from tests.disguises import DISGUISES

WORDS = [
    "send",
    "me",
    "a",
    "pic",
    "of",
    "you",
    "what",
    "school",
    "do",
    "you",
    "go",
    "to",
    "are",
    "your",
    "parents",
    "home",
    "dont",
    "tell",
    "anyone",
    "about",
    "us",
    "add",
    "me",
    "on",
    "snap",
    "i",
    "can",
    "send",
    "you",
    "robux",
    "we",
    "should",
    "meet",
    "up",
    "just",
    "us",
    "this",
    "is",
    "our",
    "little",
    "secret",
    "delete",
    "our",
    "messages",
    "after",
    "i",
    "am",
    "seventeen",
    "twenty",
    "five",
    "ninety",
    "nine",
    "good",
    "sweet",
    "please",
    "pretty",
    "private",
    "mature",
    "age",
    "old",
    "im",
    "years",
]
CHAT = [
    "u",
    "r",
    "ur",
    "wat",
    "skool",
    "2nite",
    "l8r",
    "gr8",
    "m8",
    "pls",
    "plz",
    "ily",
    "bby",
    "rn",
    "wyd",
    "hmu",
    "k",
    "kk",
    "every1",
    "sum1",
    "b4",
    "4ever",
]
ODD = [
    "53nd",
    "m3",
    "4",
    "p1c",
    "!",
    "c@n",
    "937",
    "y0u",
    "0n3",
    "1'm",
    "45",
    "y34r5",
    "h4v3",
    "1",
    "h0ur",
    "15",
    "m",
    "17yo",
    "5pm",
    "win10",
    "i3",
    "mp3",
    "1v1",
    "mia@mail.com",
    "@sam",
    "$0",
    "d0n'7",
    "don’t",
    "ＵＲ",
    "ѕесrеt",
    "Ⓢⓔⓒⓡⓔⓣ",
    "conﬁdential",
    "se\u0301cret",
    "🤫",
    "📸",
    "❤️",
    "👍🏽",
    "🙈",
    "s e n d",
    "m e",
    "p i c",
    "s.e.c.r.e.t",
    "n-u-d-e-s",
    "r u  k",
    "sooooo",
    "gooood",
    "piiics",
    "tw3nty",
    "fiv3",
    "twenty-five",
    "\u200b",
    "\ufeff",
    "\u00ad",
    "x\u200dy",
    "\ud800",
    "中文",
    "…",
    "lol!",
    "wh4t!",
    "80's",
    "1'm 45",
    "p4y 50",
    "sh3 w@5 15",
    "h4v3 1 h0ur",
]
SEPARATORS = [" ", " ", " ", "  ", "\n", ", ", "? ", "   ", " \n", "\t", ". "]


@st.composite
def disguised_text(draw: st.DrawFn, *, min_pieces: int, max_pieces: int) -> str:
    """Words, chat spellings and odd tokens, each maybe disguised, joined by varied white space and punctuation."""
    kinds = [*DISGUISES.values()]
    count = draw(st.integers(min_pieces, max_pieces))
    parts: list[str] = []
    for _ in range(count):
        source = draw(st.sampled_from(["word", "word", "word", "chat", "odd"]))
        token = draw(st.sampled_from(WORDS if source == "word" else CHAT if source == "chat" else ODD))
        if source == "word" and draw(st.booleans()):
            token = draw(st.sampled_from(kinds))(token, draw(st.integers(0, 3)))
        if draw(st.integers(0, 9)) == 0:
            token = token.upper()
        parts += (token, draw(st.sampled_from(SEPARATORS)))
    return "".join(parts)


def _long(pieces: list[str], size: int) -> str:
    """`pieces` repeated (as a long real message repeats its words) until `size` characters, and at least four times, so
    that most chunks repeat and the message is rewritten chunk by chunk."""
    text = ""
    while len(text) < size or len(text) < 4 * len("".join(pieces)):
        text += "".join(pieces)
    return text


def assert_same(text: str) -> None:
    new, old = normalize(text), reference.normalize(text)
    assert new.text == old.text
    assert new.encoded == old.encoded
    assert new.folded == old.folded
    folded_length = len(old.folded.decode("utf-8", "surrogatepass"))
    for is_end in (False, True):
        assert [new.folding.position(i, is_end=is_end) for i in range(folded_length + 1)] == [
            old.folding.position(i, is_end=is_end) for i in range(folded_length + 1)
        ]
        assert [new.rewriting.position(i, is_end=is_end) for i in range(len(old.encoded) + 1)] == [
            old.rewriting.position(i, is_end=is_end) for i in range(len(old.encoded) + 1)
        ]
    _assert_same_spans(new, old)


def _assert_same_spans(new: NormalizedText, old: NormalizedText) -> None:
    size = len(old.encoded)
    spans = [(start, end) for start in range(size) for end in (start + 1, min(size, start + 9))]
    assert [_outcome(new.original_span_of_bytes, span) for span in spans] == [
        _outcome(old.original_span_of_bytes, span) for span in spans
    ]
    whole = (0, len(old.text))
    assert _outcome(new.original_span, whole) == _outcome(old.original_span, whole)


def _outcome(span_of: Callable[[int, int], tuple[int, int]], span: tuple[int, int]) -> tuple[int, int] | str:
    """The span back, or the error it raises: text with a lone surrogate, or non-ASCII text whose folded UTF-8 is as
    long as the original in characters (`中` and two zero-width characters), gets wrong spans or an error, before and
    now alike."""
    try:
        return span_of(*span)
    except (UnicodeEncodeError, IndexError) as error:
        return type(error).__name__


@settings(max_examples=400, deadline=None)
@given(disguised_text(min_pieces=0, max_pieces=24))
def test_short_disguised_text_as_before(text: str) -> None:
    assert_same(text)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(disguised_text(min_pieces=1, max_pieces=12), min_size=1, max_size=30),
    st.integers(0, 3),
    st.sampled_from(["", *ODD]),
)
def test_long_disguised_text_as_before(sentences: list[str], extra: int, last: str) -> None:
    # Long enough for the chunked rewrite and the array fold; a few sizes, so cuts fall in different places; and a
    # last token right at the end, where look-aheads meet the end of the text.
    assert_same(_long(sentences, module._LONG_FROM + 997 * extra) + last)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab3@ .\u200bѕоＡ🤫u r\n!'$014eé"), min_size=1, max_size=60))
def test_long_random_characters_as_before(text: str) -> None:
    assert_same(_long([text], module._LONG_FROM + 1))


@pytest.mark.parametrize("kind", sorted(DISGUISES))
def test_long_message_of_one_disguise_as_before(kind: str) -> None:
    sentences = [DISGUISES[kind](" ".join(WORDS[i : i + 7]), seed) for seed in range(3) for i in range(0, 60, 7)]
    assert_same(_long([sentence + "  " for sentence in sentences], 3 * module._LONG_FROM))


EDGES = ["m e", "p i c", "r u", "s.e", "4", "45", "twenty", "five", "p1c!", "d0n'7", "🤫", "😂", "中", "\u200b", "x"]


@pytest.mark.parametrize("edge", EDGES)
def test_long_message_edges_as_before(edge: str) -> None:
    # What stands at the very start and end of a long message, next to a single or double space, is read with the
    # start or end of the text in its look-arounds.
    # Digit tokens read the tokens beside them: `45` after `1'm` stays a number, before `ok` alone it would be "as".
    pieces = ["ѕесrеt 🤫  ", "twenty  five ", "53nd m3 4 p1c ", "1'm 45 ok ", "p4y 50 n0w ", "sh3 w@5 15 lol ", "ur so pr3tty  "]
    body = _long([*pieces, "s e n d  m e  a  p i c  ", "ur so pr3tty  "], 5000)
    for space in ("  ", " ", ""):
        assert_same(edge + space + body.strip() + space + edge)


def _distinct_words(count: int) -> list[str]:
    """Made-up words, all different, half of them in leetspeak."""
    words = []
    for number in range(count):
        word = "".join("bcdfghklmnprstvz"[int(digit, 16)] + "aeiou"[int(digit, 16) % 5] for digit in f"{number:04x}")
        words.append(word.translate(str.maketrans("aeiost", "431057")) if number % 2 else word)
    return words


def test_chunked_only_where_chunks_repeat() -> None:
    """A long message whose chunks are mostly different is rewritten in one pass (cheaper than one call per chunk);
    both ways give what the reference gives."""
    distinct = " ".join(_distinct_words(1200))
    repeated = _long(_distinct_words(100), len(distinct))
    for text, chunked in ((distinct, False), (repeated, True)):
        encoded = text.encode()
        assert (module._rewrite_chunked(encoded, module._NEEDS_REWRITE.Match(encoded)) is not None) == chunked
        assert_same(text)

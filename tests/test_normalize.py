"""normalize(): the canonical spelling the catalogue is written against, and the map from canonical spans back to the exact
characters of the original message (reports quote the original, so the map must be exact)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lurewatch.normalize import NormalizedText, normalize


def _back(result: NormalizedText, word: str, occurrence: int = 0) -> str:
    """The original characters behind the `occurrence`-th `word` of the canonical text."""
    start = -1
    for _ in range(occurrence + 1):
        start = result.text.index(word, start + 1)
    begin, end = result.original_span(start, start + len(word))
    return result.original[begin:end]


# (original, canonical, {canonical word: original characters it must map back to})
CASES = {
    "leet_inside_words": ("ur so pr3tty ok", "your so pretty ok", {"pretty": "pr3tty", "your": "ur", "ok": "ok"}),
    "leet_symbols": ("h0me @lone", "home alone", {"home": "h0me", "alone": "@lone"}),
    "leet_whole_word": ("keep it s3cr3t", "keep it secret", {"secret": "s3cr3t", "keep": "keep"}),
    "cyrillic_lookalikes": ("our ѕесrеt", "our secret", {"secret": "ѕесrеt", "our": "our"}),
    "greek_lookalikes": ("ρhοtο", "photo", {"photo": "ρhοtο"}),
    "small_capitals": ("so ᴘʀᴇᴛᴛʏ", "so pretty", {"pretty": "ᴘʀᴇᴛᴛʏ"}),
    "accents": ("sécret café", "secret cafe", {"secret": "sécret", "cafe": "café"}),
    "combining_accent": ("se\u0301cret", "secret", {"secret": "se\u0301cret"}),
    "zero_width_space": ("our se\u200bcret ok", "our secret ok", {"secret": "se\u200bcret", "ok": "ok"}),
    "zero_width_joiner_and_bom": ("\ufeffs\u200de\u200ccret", "secret", {"secret": "s\u200de\u200ccret"}),
    "soft_hyphen": ("sec\u00adret", "secret", {"secret": "sec\u00adret"}),
    "stretched_letters": ("sooooo prettyyyy", "so pretty", {"so": "sooooo", "pretty": "prettyyyy"}),
    "stretched_inside": ("pleeeease send", "please send", {"please": "pleeeease", "send": "send"}),
    "spaced_letters": ("our s e c r e t ok", "our secret ok", {"secret": "s e c r e t", "ok": "ok"}),
    "dotted_letters": ("our s.e.c.r.e.t ok", "our secret ok", {"secret": "s.e.c.r.e.t", "ok": "ok"}),
    "hyphenated_letters": ("n-u-d-e-s pls", "nudes please", {"nudes": "n-u-d-e-s", "please": "pls"}),
    "chat_spellings": ("r u home", "are you home", {"are": "r", "you": "u", "home": "home"}),
    "chat_expansion": ("wanna snap", "want to snapchat", {"want to": "wanna", "snapchat": "snap"}),
    "chat_after_leet": ("every1 knows", "everyone knows", {"everyone": "every1", "knows": "knows"}),
    "emoji_named": ("our 🤫 now", "our secret now", {"secret": "🤫", "now": "now"}),
    "fullwidth_nfkc": ("ｓｅｃｒｅｔ ok", "secret ok", {"secret": "ｓｅｃｒｅｔ", "ok": "ok"}),
    "fullwidth_digit_leet": ("ｐｒ３ｔｔｙ", "pretty", {"pretty": "ｐｒ３ｔｔｙ"}),
    "circled_letters": ("Ⓢⓔⓒⓡⓔⓣ", "secret", {"secret": "Ⓢⓔⓒⓡⓔⓣ"}),
    "ligature": ("conﬁdential", "confidential", {"confidential": "conﬁdential"}),
    "curly_apostrophe": ("don’t tell", "don't tell", {"don't": "don’t", "tell": "tell"}),
    "capitals": ("DON'T TELL", "don't tell", {"tell": "TELL"}),
    "white_space": ("hi \n\n  there", "hi there", {"there": "there", "hi": "hi"}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_canonical_text(name: str) -> None:
    original, canonical, _ = CASES[name]
    result = normalize(original)
    assert result.text == canonical
    assert result.original == original


@pytest.mark.parametrize("name", sorted(CASES))
def test_spans_map_back_to_the_original_characters(name: str) -> None:
    original, _, spans = CASES[name]
    result = normalize(original)
    for word, expected in spans.items():
        assert _back(result, word) == expected, word


def test_numbers_ages_and_amounts_are_not_treated_as_leetspeak() -> None:
    assert normalize("17yo 14f $500 8th").text == "17yo 14f $500 8th"
    assert normalize("I'm 17 m").text == "i'm 17 m"


def test_plain_ascii_has_identity_spans() -> None:
    result = normalize("see you at practice")
    assert result.text == "see you at practice"
    assert result.encoded is result.folded  # nothing was rewritten
    assert result.original_span(4, 7) == (4, 7)


def test_span_inside_a_rewritten_word_widens_to_the_whole_original_word() -> None:
    result = normalize("ur so pr3tty")
    start = result.text.index("pretty")
    begin, end = result.original_span(start + 2, start + 4)  # "et" of "pretty"
    assert result.original[begin:end] == "pr3tty"


def test_span_does_not_start_or_end_in_collapsed_white_space() -> None:
    result = normalize("hi   there  ")
    begin, end = result.original_span(2, len(result.text))  # " there" plus the collapsed trailing space
    assert result.original[begin:end] == "there"


def test_several_disguises_in_one_message_map_independently() -> None:
    original = "ＵＲ sooo pr3tty, k33p it our ѕесrеt 🤫"
    result = normalize(original)
    assert result.text.startswith("your so pretty, keep it our secret secret")
    assert _back(result, "your") == "ＵＲ"
    assert _back(result, "so") == "sooo"
    assert _back(result, "pretty") == "pr3tty"
    assert _back(result, "keep") == "k33p"
    assert _back(result, "secret", 0) == "ѕесrеt"
    assert _back(result, "secret", 1) == "🤫"


def test_whole_text_maps_to_whole_original() -> None:
    original = "Ｗｈａｔｓ ur sn@p?? 😘"
    result = normalize(original)
    begin, end = result.original_span(0, len(result.text))
    assert result.original[begin:end] == original


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab3@ .\u200bѕоＡ🤫u r\n"), max_size=40))
def test_spans_always_stay_inside_the_original(text: str) -> None:
    result = normalize(text)
    assert result.text == result.text.lower()
    size = len(result.text)
    for start in range(size):
        for end in range(start + 1, size + 1):  # matches are never empty
            begin, stop = result.original_span(start, end)
            assert 0 <= begin <= stop <= len(text)
            if result.text[start:end].strip():
                assert text[begin:stop].strip(), (start, end)

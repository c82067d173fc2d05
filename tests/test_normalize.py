"""normalize(): the canonical spelling the catalogue is written against, and the map from canonical spans back to the exact
characters of the original message (reports quote the original, so the map must be exact). Disguises are undone where
they cannot be ordinary text: `at 4`, `5pm` and `win10` stay as they are (tests/test_evasion.py measures the disguises)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lurewatch.indicators.recognizer import default_recognizer
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
    # A message written in leetspeak: short and bare tokens are words too.
    "leetspeak_message": ("53nd m3 4 p1c", "send me a pic", {"send": "53nd", "me": "m3", "pic": "p1c"}),
    "leetspeak_bare_tokens": ("! c@n 937 y0u 0n3", "i can get you one", {"i": "!", "get": "937", "one": "0n3"}),
    "leetspeak_contractions": ("1'm 5ur3 y0u d0n'7", "i'm sure you don't", {"i'm": "1'm", "don't": "d0n'7"}),
    "stretched_double_letters": ("gooood sweeeet", "good sweet", {"good": "gooood", "sweet": "sweeeet"}),
    "stretched_single_letters": ("seeeend piiics", "send pics", {"send": "seeeend", "pics": "piiics"}),
    "spaced_words": ("s e n d  m e  a  p i c", "send me a pic", {"send": "s e n d", "me": "m e", "pic": "p i c"}),
    "spaced_words_run_together": ("s e n d y o u r p i c", "send your pic", {"send your pic": "s e n d y o u r p i c"}),
    "spaced_word_after_contraction": ("don't m i n d", "don't mind", {"mind": "m i n d", "don't": "don't"}),
    "dotted_words": ("s.e.n.d m.e a p.i.c", "send me a pic", {"send": "s.e.n.d", "me": "m.e", "pic": "p.i.c"}),
    "number_word": ("im seventeen", "im 17", {"17": "seventeen", "im": "im"}),
    "number_words_hyphen": ("im twenty-five ok", "im 25 ok", {"25": "twenty-five", "ok": "ok"}),
    "number_words_space": ("Twenty Five", "25", {"25": "Twenty Five"}),
    "number_word_disguised": ("im s3v3nt33n", "im 17", {"17": "s3v3nt33n"}),
    "number_word_after_rewrites": ("u r fourteen", "you are 14", {"14": "fourteen", "you": "u"}),
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
    # An amount with a thousands separator, in a message whose `R$` reads as leetspeak: the digits stay.
    assert normalize("pagar R$ 2.800 via pix").text.endswith("2.800 via pics")
    assert "1,500" in normalize("r$ 1,500 agora").text


# Ordinary text with digits: nothing is found in it and the digits stay (chat spellings such as `b4` become words).
BENIGN_WITH_DIGITS = [
    "see you at 4",
    "practice ends at 5pm",
    "it's my 2nd try",
    "my i3 cpu is slow",
    "update to version 1.2.3",
    "we meet in room 101",
    "the pizza place is 555-0134",
    "call 0800 123 456 for tickets",
    "lunch at 12:30",
    "we watched it in 3d",
    "that mp3 is loud",
    "the 4k tv is huge",
    "win10 keeps crashing",
    "it costs $5",
    "we won 3-1",
    "gta5 at 7 tonight",
    "1v1 me at 4",
    "i got an i5 and an i7",
    "ps5 or xbox360?",
    "my 3ds broke",
    "covid19 rules changed",
    "score was 70 to 50",
    "i have 3 dogs and 4 cats",
    "top 10 songs of 2024",
    "i ran 5k at 7am",
    "meet at 4 in room 101 at 5pm",
    "the 90s were fun",
]
CHAT_SPELLINGS_WITH_DIGITS = {"b4 practice": "before practice", "that was gr8": "that was great"}


@pytest.mark.parametrize("text", BENIGN_WITH_DIGITS)
def test_ordinary_digits_stay_digits_and_find_nothing(text: str) -> None:
    canonical = normalize(text).text
    for token in text.lower().split():
        if any(c.isdigit() for c in token):
            assert token in canonical, (token, canonical)
    assert default_recognizer().scan(text) == []


@pytest.mark.parametrize(("text", "canonical"), sorted(CHAT_SPELLINGS_WITH_DIGITS.items()))
def test_chat_spellings_with_digits_keep_their_meaning(text: str, canonical: str) -> None:
    assert normalize(text).text == canonical
    assert default_recognizer().scan(text) == []


def test_an_email_address_is_not_leetspeak() -> None:
    assert normalize("mia@mail.com at 4").text == "mia@mail.com at 4"


@pytest.mark.parametrize("text", ["i m a u", "a b c", "r u k", "u r a star", "i c u", "x y z", "ok  r u  k", "e.g. a.m."])
def test_one_letter_words_are_not_glued_into_findings(text: str) -> None:
    assert default_recognizer().scan(text) == []


def test_one_letter_chat_words_stay_words() -> None:
    assert normalize("r u k").text == "are you ok"
    assert normalize("ok  r u  k").text == "ok are you ok"  # two spaces alone do not make `r u` a spelt-out word
    assert normalize("see you at 6 a.m.").text == "see you at 6 a.m."


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("im seventeen", "17"),
        ("i am fourteen", "14"),
        ("I'm Fifteen lol", "15"),
        ("im twenty five", "25"),
        ("im twenty-five", "25"),
        ("i am thirteen.", "13"),
        ("im fifteen yo", "15"),
        ("im s3v3nt33n", "17"),
    ],
)
def test_ages_in_words_are_age_claims(text: str, age: str) -> None:
    hits = [hit for hit in default_recognizer().scan(text) if hit.spec.id == "age_claim.stated_age"]
    assert [hit.value for hit in hits] == [age]
    assert hits[0].evidence == text[hits[0].start : hits[0].end]


def test_number_words_become_the_digits_the_patterns_read() -> None:
    assert normalize("fifteen yo").text == normalize("15 yo").text
    assert normalize("twenty-five").text == "25"
    assert normalize("ninety nine problems").text == "99 problems"
    assert normalize("ten minutes").text == "10 minutes"


@pytest.mark.parametrize("text", ["no one knows", "that one", "nine lives", "i have two dogs", "often tender", "tenth"])
def test_small_number_words_and_look_alike_words_stay(text: str) -> None:
    assert normalize(text).text == text


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


# Pieces that reach every rewrite: leetspeak (bare, short, contractions, `!`), number words, stretched runs, spaced and
# dotted letters, chat words.
_PIECES = [*"ab3@ .\u200bѕоＡ🤫u r\n14!7'$0", "  ", "m3", "p1c", "seventeen", "twenty", "five", "eee", "s.e", "k33p"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab3@ .\u200bѕоＡ🤫u r\n"), max_size=40))
def test_spans_always_stay_inside_the_original(text: str) -> None:
    _check_spans(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16).map("".join))
def test_spans_stay_inside_the_original_through_every_rewrite(text: str) -> None:
    _check_spans(text)


def _check_spans(text: str) -> None:
    result = normalize(text)
    assert result.text == result.text.lower()
    size = len(result.text)
    for start in range(size):
        for end in range(start + 1, size + 1):  # matches are never empty
            begin, stop = result.original_span(start, end)
            assert 0 <= begin <= stop <= len(text)
            if result.text[start:end].strip():
                assert text[begin:stop].strip(), (start, end)


def test_long_message_rewritten_in_chunks_as_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """Long messages are rewritten chunk by chunk (each distinct chunk once); text and spans must be those of one pass,
    also where a number word spans a cut (`twenty five`) and where digits read by their neighbours sit near one."""
    from lurewatch import normalize as module

    lines = [
        "ur so pr3tty wat skool u go 2", "im twenty five ok", "tw3nty fiv3 yo", "1'm 45 y34r5 0ld", "h4v3 1 h0ur",
        "53nd m3 4 p1c", "mia@mail.com ok", "s e n d  m e  a  p i c", "r u  k", "s.e.n.d m.e", "our ѕесrеt 🤫 now",
        "sooooo prettyyyy", "seventeen", "ninety nine bucks",
    ]
    text = " ".join(lines[i % len(lines)] for i in range(700))
    calls: list[int] = []
    rewrite_chunked = module._rewrite_chunked
    monkeypatch.setattr(module, "_rewrite_chunked", lambda *args: calls.append(1) or rewrite_chunked(*args))
    chunked = normalize(text)
    monkeypatch.setattr(module, "_LONG_FROM", len(text.encode()) * 8)
    single = normalize(text)
    assert calls == [1]  # the first one took the chunked path, the second did not
    assert chunked.text == single.text
    for start in range(0, len(chunked.encoded), 3):
        for end in (start, start + 1, start + 7):
            assert chunked.original_span_of_bytes(start, end) == single.original_span_of_bytes(start, end)


@pytest.mark.parametrize("prefix", ["中\u200b\u200b ", "中文\u200b\u200b\u200b\u200b ", "é ", "日本語\u200b "])
def test_evidence_after_non_ascii_text_is_the_same_words(prefix: str) -> None:
    # Some non-ASCII prefixes fold to exactly as many UTF-8 bytes as the original has characters; the byte offsets
    # must still be turned into character offsets.
    for text in ("send me a pic of you", "what school do you go to"):
        (plain,) = default_recognizer().scan(text)
        # A Chinese prefix makes the message one to read in other languages too ("pic" is then also named material).
        found = next(hit for hit in default_recognizer().scan(prefix + text) if hit.spec is plain.spec)
        assert found.evidence == plain.evidence
        assert (prefix + text)[found.start : found.end] == plain.evidence


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        # A text in Cyrillic or Greek keeps its letters: "мама" is a word there, not a disguised "mama".
        ("Мама дома?", "мама дома?"),
        ("ок, удали чат", "ок, удали чат"),
        ("Είσαι μόνη σου;", "εισαι μονη σου;"),  # Greek accents dropped, as chat often leaves them out
        ("Ещё раз", "еще раз"),
        ("мой", "мой"),  # "й" is a letter of its own, not "и" with an accent
        ("мне 15", "мне 15"),  # small "м" and "н" imitate Latin letters only as capitals do
        # A mixed word in it: a Latin word with look-alikes is still a disguise, folded to Latin; a word of the
        # script with a Latin letter typed in it gets the script's letter.
        ("давай в snаpchat", "давай в snapchat"),
        ("тiльки ти", "тільки ти"),
        # With no letter of the script that imitates nothing, look-alikes are folded as before.
        ("ѕеnd mе а рiс", "send me a pic"),
        # Scripts whose marks are their spelling keep them; diacritics of Arabic are dropped; digits become ASCII.
        ("फोटो भेजो क्या", "फोटो भेजो क्या"),
        ("ส่งรูปมา", "ส่งรูปมา"),
        ("عُمري ١٣", "عمري 13"),
        ("사진 보내줘", "사진 보내줘"),
        ("写真をください", "写真をください"),
    ],
)
def test_other_scripts_keep_their_letters(text: str, canonical: str) -> None:
    normalized = normalize(text)
    assert normalized.text == canonical
    assert normalized.original_span(0, len(canonical)) == (0, len(text))

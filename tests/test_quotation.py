"""Words in quotation marks are someone else's, reported: a trainer's example lines, a teen pasting what a stranger
wrote, a teacher's warning. They are not the author's move; the same words said outright are."""

from __future__ import annotations

import pytest

from lurewatch import analyze
from lurewatch.indicators.quotation import is_quoted, quoted_share
from lurewatch.indicators.recognizer import default_recognizer
from lurewatch.model import Analysis, Finding
from tests.conftest import chat

LINES = (
    "you seem way more mature than the kids in your class",
    "do your parents check your phone? let's keep this between us, add me on the other app",
    "i'll send you a gift card if you send me a pic first",
)


def _risky_findings(analysis: Analysis) -> list[Finding]:
    return [f for f in analysis.findings if f.author == "Trainer"]


def test_a_trainer_quoting_an_offender_is_not_the_offender() -> None:
    quoted = analyze(chat(*(f'Trainer: line {n}: "{line}"' for n, line in enumerate(LINES, 1)), "Mod: escalate"))
    said = analyze(chat(*(f"Trainer: {line}" for line in LINES), "Mod: ok"))
    assert not _risky_findings(quoted)
    assert quoted.risk.level in ("none", "low")
    assert _risky_findings(said)
    assert said.risk.level in ("high", "critical")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('this account dmed me "u alone rn? i can send u robux"', "send u robux"),
        ("he asked me to 'keep it between us' and i said no", "keep it"),
        ("si quelqu'un vous dit « paie ou j'envoie ta photo à tes parents », ne payez pas", "ta photo"),
        ("my teacher said “never send pics to people you met online”", "send pics"),
    ],
)
def test_the_quoted_part_is_found(text: str, words: str) -> None:
    start = text.index(words)
    assert is_quoted(text, start, start + len(words))
    assert not is_quoted(text, 0, 3)


@pytest.mark.parametrize(
    "text",
    [
        "don't tell your parents' friends about the party",  # apostrophes, not quotes
        "i can't, it's my mum's phone and she's home",
        "send a pic of the 12\" pizza",
    ],
)
def test_apostrophes_and_inches_are_not_quotes(text: str) -> None:
    assert quoted_share(text, 0, len(text)) < 0.5


def test_a_partly_quoted_sentence_is_quoted_by_its_share() -> None:
    text = 'how do you say "you are beautiful" in spanish'
    assert 0.3 < quoted_share(text, 0, len(text)) < 0.6
    assert not is_quoted(text, 0, len(text), 0.6)


@pytest.mark.parametrize(
    ("text", "move", "retold"),
    [
        ("then he asked if my parents check my phone and if i'd keep our chats private", "secrecy.keep_secret", True),
        ("he said dont tell anyone about the robux cos other kids would be jealous", "secrecy.dont_tell", True),
        ("dont mention it to ur mum tho, she said 9pm bedtime lol", "secrecy.dont_tell", False),
        ("lol he said hi. anyway do your parents check your phone?", "risk_assessment.who_sees", False),
    ],
)
def test_a_move_after_he_said_in_its_sentence_is_retold(text: str, move: str, retold: bool) -> None:
    recognizer = default_recognizer()
    hit = next(h for h in recognizer.scan(text) if h.spec.id == move)
    assert recognizer.is_retold(text, hit.start) == retold


def test_a_teen_retelling_what_a_stranger_asked_is_not_the_stranger() -> None:
    told = analyze(
        chat(
            "Priya: ok can i tell you something weird",
            "Hailey: yeah what",
            "Priya: this guy on insta asked if my parents check my phone and if i'd keep our chats private",
            "Priya: and he said to add him on another app",
            "Hailey: thats creepy, screenshot it and tell your mom",
        )
    )
    assert not [f for f in told.findings if f.author == "Priya" and f.category in ("secrecy", "risk_assessment")]

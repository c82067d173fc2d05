"""Disguised spelling must not hide what the catalogue finds, nor make it find what is not there.

Each disguise of `tests/disguises.py` (look-alike letters, zero-width characters, stretched letters, dotted letters,
spaced letters, full leetspeak) is applied to every positive and negative catalogue example and to the risky example
conversations. `bench/bench_evasion.py` prints the same measurement as a table.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from lurewatch import analyze, ingest
from lurewatch.api import analyze_conversation
from lurewatch.indicators.catalogue import load_catalogue
from lurewatch.indicators.recognizer import default_recognizer
from lurewatch.model import RISK_LEVELS, RiskLevel
from tests.disguises import DISGUISES, disguise_chat

MIN_SURVIVAL = 0.95
CATALOGUE = load_catalogue()
POSITIVES = [(spec.id, text) for spec in CATALOGUE.indicators if spec.examples for text in spec.examples.match]
NEGATIVES = [(spec.id, text) for spec in CATALOGUE.indicators if spec.examples for text in spec.examples.no_match]


def _ids(text: str) -> set[str]:
    return {hit.spec.id for hit in default_recognizer().scan(text)}


def _risk_level(chat_text: str) -> RiskLevel:
    # The catalogue's patterns are what a disguise attacks: leave out the semantic layer where the API allows it.
    if "detectors" in inspect.signature(analyze_conversation).parameters:
        (conversation,) = ingest.parse_text(chat_text)
        return analyze_conversation(conversation, detectors="catalogue").risk.level
    return analyze(chat_text).risk.level


@pytest.mark.parametrize("name", sorted(DISGUISES))
def test_disguise_keeps_the_catalogue_detections(name: str) -> None:
    disguise = DISGUISES[name]
    found = missed = 0
    misses = []
    for indicator, text in POSITIVES:
        if indicator not in _ids(text):
            continue  # the undisguised example's own test reports this
        disguised = disguise(text, 0)
        hits = [hit for hit in default_recognizer().scan(disguised) if hit.spec.id == indicator]
        if hits:
            found += 1
            assert hits[0].evidence == disguised[hits[0].start : hits[0].end]
            assert hits[0].evidence.strip()
        else:
            missed += 1
            misses.append((indicator, disguised))
    assert found / (found + missed) >= MIN_SURVIVAL, misses[:10]


@pytest.mark.parametrize("name", sorted(DISGUISES))
def test_disguise_makes_no_negative_example_match(name: str) -> None:
    wrong = [(indicator, DISGUISES[name](text, 0)) for indicator, text in NEGATIVES]
    assert [(indicator, text) for indicator, text in wrong if indicator in _ids(text)] == []


@pytest.mark.parametrize("name", sorted(DISGUISES))
@pytest.mark.parametrize("file", ["walkthrough.txt", "sextortion.txt"])
def test_disguised_conversation_keeps_its_risk_level(name: str, file: str, examples: Path) -> None:
    text = (examples / file).read_text(encoding="utf-8")
    before = _risk_level(text)
    after = _risk_level(disguise_chat(text, DISGUISES[name]))
    assert RISK_LEVELS.index(after) >= RISK_LEVELS.index(before), (before, after)


REQUEST = "send me a private pic"


@pytest.mark.parametrize(
    "text",
    [
        "seeeend me a priiivate piiic",
        "s.e.n.d m.e a p.r.i.v.a.t.e p.i.c",
        "s.e.n.d me a p.r.i.v.a.t.e p.i.c",
        "s e n d  m e  a  p r i v a t e  p i c",
        "s e n d  me  a  p r i v a t e  p i c",
        "53nd m3 4 pr!v473 p1c",
        "$3nd m3 @ pr1v@73 p!c",
        "ѕеnd mе а рrіvаtе рiс",
        "se\u200bnd me a pri\u200bvate p\u200dic",
    ],
)
def test_every_disguise_of_one_request_is_found(text: str) -> None:
    expected = _ids(REQUEST)
    assert expected, "the plain request must be found for this test to mean anything"
    assert _ids(text) >= expected


@pytest.mark.parametrize("name", sorted(DISGUISES))
def test_disguises_are_repeatable_and_leave_numbers_alone(name: str) -> None:
    disguise = DISGUISES[name]
    assert disguise(REQUEST, 0) == disguise(REQUEST, 0)
    assert disguise(REQUEST, 0) != REQUEST
    disguised = disguise("i am 15 and 8th in line at 5pm", 0)
    assert all(number in disguised for number in ("15", "8th", "5pm")), disguised


def test_seeds_draw_other_disguises() -> None:
    for name in ("look-alike letters", "zero-width characters", "stretched letters", "full leetspeak"):
        drawn = {DISGUISES[name]("please keep this between us, it is our little secret", seed) for seed in range(5)}
        assert len(drawn) > 1, name

"""English wordings the catalogue was widened for in a recall round (`tests/fixtures/english/`, one file per group of
categories): lines written fresh, before their patterns were read, in many Englishes and registers. Each risky line is
found as a move of its category, and each everyday line that shares their words (parents, coaches, siblings' deals,
friends' teasing, surprises, shops) shows no move."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lurewatch.indicators.recognizer import default_recognizer

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "english").glob("*.json"))
# What an everyday line may show: context that lowers a risk, and facts about the writer.
CONTEXT = ("surprise.", "known_relationship.", "refusal.", "safeguarding.", "plea.", "teasing.", "self_disclosure.", "exposure.")
FACTS = {"age_claim.stated_age", "age_claim.answered_age", "age_claim.adult_life", "age_claim.working_life"}


def _found(text: str) -> set[str]:
    return {hit.spec.id for hit in default_recognizer().scan(text)}


def _rows(path: Path) -> dict:  # type: ignore[type-arg]
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.stem)
def test_each_risky_line_is_found_in_its_category(path: Path) -> None:
    missed = [
        (indicator, text)
        for indicator, text in _rows(path)["found"]
        if indicator.split(".")[0] not in {found.split(".")[0] for found in _found(text)}
    ]
    assert not missed


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.stem)
def test_everyday_lines_show_no_move(path: Path) -> None:
    moves = {
        text: sorted(i for i in _found(text) if not i.startswith(CONTEXT) and i not in FACTS)
        for text in _rows(path)["everyday"]
    }
    assert not {text: found for text, found in moves.items() if found}


def test_the_rounds_are_there() -> None:
    assert len(FIXTURES) >= 3
    assert all(len(_rows(path)["found"]) >= 50 and len(_rows(path)["everyday"]) >= 30 for path in FIXTURES)

"""English wordings the catalogue was widened for in a recall round (`tests/fixtures/english/`, one file per group of
categories): lines written fresh, before their patterns were read, in many Englishes and registers. Each risky line is
found as a move of its category, and each everyday line that shares their words (parents, coaches, siblings' deals,
friends' teasing, surprises, shops) shows no move."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lurewatch.indicators.recognizer import default_recognizer
from tests.test_other_scripts import moves

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "english").glob("*.json"))


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
    shown = {text: moves(_found(text)) for text in _rows(path)["everyday"]}
    assert not {text: found for text, found in shown.items() if found}


def test_the_rounds_are_there() -> None:
    assert len(FIXTURES) >= 3
    assert all(len(_rows(path)["found"]) >= 50 and len(_rows(path)["everyday"]) >= 30 for path in FIXTURES)

"""The catalogue's own table: every indicator finds its `match` examples, spares its `no_match` ones, and still finds them
when they are disguised (leetspeak, look-alike letters, zero-width characters, stretching, spacing, capitals)."""

from __future__ import annotations

import re

import pytest

from lurewatch.indicators.catalogue import CatalogueError, load_catalogue, parse_catalogue
from lurewatch.indicators.recognizer import default_recognizer

CATALOGUE = load_catalogue()
PATTERNED = [spec for spec in CATALOGUE.indicators if spec.patterns]
REQUIRED_CATEGORIES = {
    "contact_opener", "trust_building", "personal_info", "self_disclosure", "age_claim", "risk_assessment",
    "picture_request", "pressure", "secrecy", "isolation", "private_app", "gifts", "meeting", "sexual_talk",
    "sextortion_threat", "sextortion_demand",
}


def _ids(text: str) -> set[str]:
    return {hit.spec.id for hit in default_recognizer().scan(text)}


def _table(kind: str) -> list[tuple[str, str]]:
    return [
        (spec.id, example)
        for spec in PATTERNED
        for example in (spec.examples.match if kind == "match" else spec.examples.no_match)  # type: ignore[union-attr]
    ]


def test_every_patterned_indicator_has_examples() -> None:
    assert all(spec.examples is not None for spec in PATTERNED)


def test_required_categories_have_indicators() -> None:
    present = {spec.category for spec in CATALOGUE.indicators}
    assert present >= REQUIRED_CATEGORIES


def test_sextortion_is_top_severity() -> None:
    for spec in CATALOGUE.indicators:
        if spec.category in ("sextortion_threat", "sextortion_demand"):
            assert spec.severity == 5, spec.id


@pytest.mark.parametrize(("indicator", "text"), _table("match"))
def test_positive_example_is_found(indicator: str, text: str) -> None:
    hits = [hit for hit in default_recognizer().scan(text) if hit.spec.id == indicator]
    assert hits, f"{indicator} missed {text!r}"
    hit = hits[0]
    assert hit.evidence == text[hit.start : hit.end]
    assert hit.evidence.strip()


@pytest.mark.parametrize(("indicator", "text"), _table("no_match"))
def test_negative_example_is_not_found(indicator: str, text: str) -> None:
    assert indicator not in _ids(text)


def _longest_word(text: str) -> re.Match[str]:
    return max(re.finditer(r"[A-Za-z]{4,}", text), key=lambda m: len(m.group()))


def _leet(text: str) -> str:
    def swap(match: re.Match[str]) -> str:
        word = match.group()
        inner = word[1:-1].replace("e", "3").replace("o", "0").replace("a", "4")
        return word[0] + inner + word[-1]

    return re.sub(r"[A-Za-z]{5,}", swap, text)


def _homoglyphs(text: str) -> str:
    return text.translate(str.maketrans({"a": "а", "e": "е", "o": "о", "p": "р", "c": "с"}))


def _zero_width(text: str) -> str:
    word = _longest_word(text)
    middle = word.start() + 2
    return text[:middle] + "\u200b" + text[middle:]


def _stretched(text: str) -> str:
    candidates = [m for m in re.finditer(r"[A-Za-z]{3,}", text) if m.group()[-1] != m.group()[-2]]
    if not candidates:
        return text
    word = candidates[-1]
    return text[: word.end()] + word.group()[-1] * 4 + text[word.end() :]


VARIANTS = {
    "upper": str.upper,
    "leet": _leet,
    "homoglyph": _homoglyphs,
    "zero_width": _zero_width,
    "stretched": _stretched,
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize(("indicator", "text"), _table("match"))
def test_disguised_positive_is_found(indicator: str, text: str, variant: str) -> None:
    if not re.search(r"[A-Za-z]{4,}", text):
        pytest.fail(f"example {text!r} of {indicator} is too short to disguise: give it a word of 4+ letters")
    disguised = VARIANTS[variant](text)
    hits = [hit for hit in default_recognizer().scan(disguised) if hit.spec.id == indicator]
    assert hits, f"{indicator} missed {variant} variant {disguised!r}"
    assert hits[0].evidence == disguised[hits[0].start : hits[0].end]


def test_letters_split_by_spaces_are_joined() -> None:
    assert "secrecy.keep_secret" in _ids("this is our s e c r e t ok")
    assert "secrecy.keep_secret" in _ids("this is our s.e.c.r.e.t ok")


def test_explanations_render_with_author_and_evidence() -> None:
    for spec in CATALOGUE.indicators:
        rendered = spec.explanation.format(author="Sam", evidence="example")
        assert "{" not in rendered, spec.id


def test_bad_catalogue_is_a_clear_error() -> None:
    with pytest.raises(CatalogueError, match="unknown category"):
        parse_catalogue(
            """
version: 1
stages: [{id: contact, label: C, description: d}]
categories: {}
macros: {}
indicators:
  - {id: a.b, category: nope, stage: contact, severity: 1, title: t, description: d, explanation: e, patterns: [x]}
""",
            "bad.yaml",
        )


def test_backtracking_constructs_are_refused() -> None:
    with pytest.raises(CatalogueError, match="pattern"):
        parse_catalogue(
            """
version: 1
stages: [{id: contact, label: C, description: d}]
categories: {c: {label: C, description: d}}
macros: {}
indicators:
  - {id: a.b, category: c, stage: contact, severity: 1, title: t, description: d, explanation: e, patterns: ["(a)\\\\1"]}
""",
            "bad.yaml",
        )

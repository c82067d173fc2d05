"""The author model: a person's messages read as a whole decide `high` for those the rules leave in doubt."""

from __future__ import annotations

import html
import io
import logging
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from rich.console import Console

from lurewatch import analyze
from lurewatch.learn.labelled import read_labelled
from lurewatch.model import Finding
from lurewatch.report.html import write_html
from lurewatch.report.text import render_analysis
from lurewatch.scoring import MODEL_BELOW_HIGH, ParticipantScore, level_at_least, level_for
from lurewatch.semantic import author_build
from lurewatch.semantic.author_model import FEATURES, NEAREST_FLOOR, PROBE_FLOOR, AuthorModel, empty_signals, features
from lurewatch.semantic.layer import SemanticLayer, default_semantic_layer
from tests.conftest import chat

REPO = Path(__file__).resolve().parents[1]


def _finding(category: str, severity: int, matched_by: str = "meaning", confidence: float = 0.6) -> Finding:
    return Finding(
        message_index=0, author="a", indicator=f"{category}.x", category=category, stage="trust", severity=severity,
        span=(0, 1), evidence="x", explanation="x", confidence=confidence, matched_by=matched_by,
    )  # fmt: skip


def _model(probability: float, threshold: float = 0.8) -> AuthorModel:
    """A model that gives everyone the same odds (zero weights, the bias alone)."""
    width = len(features(None))
    bias = math.log(probability / (1 - probability))
    return AuthorModel(np.zeros(width, np.float32), bias, np.zeros(width, np.float32), np.ones(width, np.float32), threshold, "")


def _person(*findings: Finding) -> ParticipantScore:
    person = ParticipantScore()
    person.add(findings)
    return person


def test_the_summary_counts_categories_near_their_thresholds() -> None:
    signals = empty_signals(5)
    signals[0, :2] = (0.5, -1.5)  # the probe: one category above its threshold, one a little under
    signals[1, 0] = 0.02
    summary = dict(zip(FEATURES, features(signals), strict=True))
    assert summary["probe_categories_above_-3"] == 2 and summary["probe_categories_above_-1"] == 1
    assert summary["probe_categories_above_1"] == 0
    assert summary["probe_top3"] == pytest.approx(0.5 - 1.5 + PROBE_FLOOR)
    assert summary["nearest_categories_above_0"] == 1 and summary["nearest_categories_above_0.05"] == 0
    # Nothing read is the same as everything at the floors.
    assert features(None) == pytest.approx(features(empty_signals(5)))
    assert summary["nearest_top3"] == pytest.approx(0.02 + 2 * NEAREST_FLOOR)


def test_the_model_lifts_to_high_and_lowers_a_high_that_rests_on_meaning() -> None:
    faint = _person(_finding("trust_building", 2))
    assert level_for(faint.value(None)) in ("low", "medium")
    assert level_for(faint.value(_model(0.95))) == "high"
    assert faint.value(_model(0.99)) > faint.value(_model(0.95))  # higher odds rank higher
    near_high = _person(*(_finding(c, 4) for c in ("secrecy", "meeting", "picture_request")))
    assert near_high.value(_model(0.81)) == near_high.score  # a lift never lowers what the rules gave
    by_meaning = _person(*(_finding(c, 4) for c in ("secrecy", "meeting", "picture_request")))
    assert level_for(by_meaning.value(None)) == "high"
    assert by_meaning.value(_model(0.1)) == MODEL_BELOW_HIGH
    assert by_meaning.value(_model(0.6)) == by_meaning.score  # even odds or better: the rules stand
    assert ParticipantScore().value(_model(0.99)) == 0.0  # no finding: nothing to judge


def test_the_model_never_lowers_extortion_ages_or_a_high_in_the_catalogues_words() -> None:
    unlikely = _model(0.01)
    extortion = _person(_finding("sextortion_threat", 5, "pattern", 0.9))
    assert level_for(extortion.value(unlikely)) == "critical"
    ages = _person(_finding("age_claim", 4, "pattern", 0.9), _finding("trust_building", 2))
    assert level_for(ages.value(unlikely)) == "high"
    in_words = _person(*(_finding(c, 4, "pattern", 0.9) for c in ("secrecy", "meeting", "picture_request")))
    assert level_at_least(level_for(in_words.value(unlikely)), "high")
    many = ("secrecy", "meeting", "picture_request", "risk_assessment")
    many_in_words = _person(*(_finding(c, 4, "pattern", 0.9) for c in many))
    assert level_for(many_in_words.value(unlikely)) == "critical"  # the rules' critical by many signs, in words
    # The same moves found by meaning alone are the model's to judge, even when the rules would make them critical.
    many_by_meaning = _person(*(_finding(c, 4) for c in many))
    assert level_for(many_by_meaning.value(None)) == "critical"
    assert level_for(many_by_meaning.value(unlikely)) == "medium"
    assert level_for(many_by_meaning.value(_model(0.6))) == "critical"  # even odds or better: the rules stand
    by_meaning = _person(*(_finding(c, 4, "meaning", 0.9) for c in ("secrecy", "meeting", "picture_request")))
    assert level_for(by_meaning.value(unlikely)) == "medium"


def test_a_reading_gives_each_probe_categorys_signals_above_the_floors() -> None:
    layer = default_semantic_layer()
    assert layer.probe is not None
    reading = layer.read("we can meet at the park after school, just you and me, dont bring anyone")
    assert reading.hits == layer.confirm("we can meet at the park after school, just you and me, dont bring anyone")
    assert reading.signals is not None and reading.signals.dtype == np.float32
    assert reading.signals.shape == (2, len(layer.probe.categories))
    assert (reading.signals[0] >= PROBE_FLOOR).all() and (reading.signals[1] >= NEAREST_FLOOR).all()
    meeting = layer.probe.categories.index("meeting")
    assert reading.signals[0, meeting] >= 0 and reading.signals[0, meeting] == reading.signals[0].max()
    assert layer.read("ok").signals is None  # too short to read


def test_the_shipped_model_belongs_to_the_shipped_layer_and_one_from_another_is_left_out(
    caplog: pytest.LogCaptureFixture,
) -> None:
    shipped = default_semantic_layer()
    assert shipped.author_model is not None, "run `make model`: the author model does not match the semantic layer"
    assert 0.0 < shipped.author_model.threshold < 1.0
    stale = _model(0.5)
    with caplog.at_level(logging.WARNING):
        layer = SemanticLayer(shipped.bank, shipped.thresholds, None, shipped._first_tier, shipped.probe, stale)
    assert layer.author_model is None
    assert "author model" in caplog.text


def test_training_is_deterministic_and_reads_suspects_as_positives() -> None:
    layer = author_build.fresh_layer()
    labelled = list(read_labelled(REPO / "eval/train/author/set-k.jsonl"))[:40]
    persons = author_build.read_people(layer, labelled, [])
    first = author_build.train(layer, persons)
    again = author_build.train(layer, author_build.read_people(layer, labelled, []))
    assert first.digest() == again.digest()
    read = [person for person in persons if person.found]
    suspects = [first.probability(person.score.summary()) for person in read if person.suspect]
    others = [first.probability(person.score.summary()) for person in read if not person.suspect]
    assert suspects and others
    assert np.mean(suspects) > np.mean(others)
    assert {person.conversation for person in persons} == {item.conversation.id for item in labelled}


def test_validation_judges_held_out_conversations_with_the_scoring_rules(capsys: pytest.CaptureFixture[str]) -> None:
    """Each fold's model judges conversations it never saw, through `ParticipantScore.value` as analysis does; each
    ordinary corpus is measured by a model trained without it."""
    layer = author_build.fresh_layer()
    labelled = list(read_labelled(REPO / "eval/train/author/set-k.jsonl"))[:60]
    ordinary = [
        window.model_copy(update={"id": f"{corpus}:chat@{start}"})
        for corpus in ("corpus_a", "corpus_b")
        for start, window in enumerate((chat("A: see you at 6 then", "B: ok bring the charger"), chat("A: did the build pass", "B: yes")))
    ]
    persons = author_build.read_people(layer, labelled, ordinary)
    author_build.validate(persons, layer.digest)
    lines = capsys.readouterr().out.splitlines()
    risky = sum(item.risky for item in labelled)
    assert lines[0].startswith("cross-validation (5 folds by conversation): P ")
    recall = float(lines[0].split(" R ")[1].split()[0])
    assert 0.0 < recall <= 1.0 and f"of {len(labelled) - risky} benign alerted" in lines[0]
    assert lines[1:] == [
        "cross-source: trained without corpus_a: 0 of its 2 windows at high",
        "cross-source: trained without corpus_b: 0 of its 2 windows at high",
    ]


def test_a_bad_training_file_stops_the_build_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "label": "grooming", "messages": [{"author": "a", "text": "hi"}]}\nnot json\n')
    done = subprocess.run(
        [sys.executable, "-m", "lurewatch.semantic.author_build", "--train", str(bad)], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "bad.jsonl" in done.stderr and "2" in done.stderr
    assert done.stdout == ""


def test_a_decision_of_the_model_is_explained_in_every_report() -> None:
    """Faint signs of several kinds, which the rules leave at medium: the model decides, and says why."""
    conversation = chat(
        "Alex: honestly you seem older than the kids your age",
        "Sam: lol thanks",
        "Alex: which school are you at",
        "Sam: why",
        "Alex: just curious. are your parents strict about your phone",
        "Alex: honestly i feel like i get you tbh",
        "Alex: lets keep our chats between us",
    )
    rules_only = analyze(conversation, detectors="catalogue")
    analysis = analyze(conversation)
    assert rules_only.risk.level == "medium" and rules_only.scorer == "rules" and not rules_only.explanation
    assert analysis.risk.level == "high" and analysis.scorer.startswith("rules+author:")
    verdict, *groups = analysis.explanation
    assert verdict.feature == "author_model" and "Alex" in verdict.description and verdict.log_odds > 0
    assert groups and all(g.log_odds > 0 for g in groups)
    alex_said = {i for i, line in enumerate(conversation.messages) if line.author == "Alex"}
    near = [g for g in groups if g.feature in ("author_model:probe", "author_model:examples")]
    assert near and all(g.message_indices and set(g.message_indices) <= alex_said for g in near)
    alex = next(p for p in analysis.participants if p.name == "Alex")
    assert alex.contributions == analysis.explanation
    console = Console(record=True, width=400)
    render_analysis(console, analysis, conversation)
    assert verdict.description in console.export_text()
    page = io.StringIO()
    write_html([(analysis, conversation)], page)
    assert html.escape(verdict.description) in page.getvalue()


def test_a_person_keeps_each_best_signal_and_the_message_it_came_from() -> None:
    person = ParticipantScore()
    first = empty_signals(3)
    first[0, 1] = -0.5
    assert person.note(first, 2)
    later = empty_signals(3)
    later[0, 1], later[1, 2] = -1.0, 0.01  # a weaker probe signal, a new nearest-example one
    assert person.note(later, 7)
    assert not person.note(later, 9)  # nothing rose
    assert person.signals is not None and person.signal_at is not None
    assert person.signals[0, 1] == -0.5 and person.signal_at[0, 1] == 2
    assert person.signals[1, 2] == np.float32(0.01) and person.signal_at[1, 2] == 7

"""Examples the semantic layer learns from the tagged training conversations (`eval/train/*.jsonl`): shipped in the
bank, each owned by an indicator of the category it was tagged with, look-alikes as vetoes; a bad training file is one
clear line and writes nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from lurewatch.errors import InputError
from lurewatch.indicators.catalogue import load_catalogue
from lurewatch.normalize import normalize
from lurewatch.semantic.layer import ExampleBank, LearnedExample, SemanticLayer, default_semantic_layer
from lurewatch.semantic.training import learned_examples, read_tagged

from .conftest import REPO

CATEGORIES = {spec.category for spec in load_catalogue().indicators}


def catalogue_layer() -> SemanticLayer:
    """The shipped layer without its learned rows: what training messages are assigned against."""
    shipped = default_semantic_layer()
    own = len(shipped.bank.texts) - len(shipped.bank.learned)
    bank = ExampleBank.of(load_catalogue(), shipped.bank.vectors[:own])
    return SemanticLayer(bank, shipped.thresholds, shipped.encoder)


def with_learned(layer: SemanticLayer, learned: list[LearnedExample]) -> SemanticLayer:
    vectors = layer.encoder.encode([normalize(example.text).text for example in learned])
    bank = ExampleBank.of(load_catalogue(), np.vstack([layer.bank.vectors, vectors]), learned)
    return SemanticLayer(bank, layer.thresholds, layer.encoder)


def write_jsonl(path: Path, *conversations: object) -> Path:
    path.write_text("".join(json.dumps(c) + "\n" for c in conversations), encoding="utf-8")
    return path


def test_the_shipped_bank_holds_the_training_examples_in_their_tagged_category() -> None:
    bank = default_semantic_layer().bank
    tagged = read_tagged(sorted((REPO / "eval" / "train").glob("*.jsonl")), CATEGORIES)
    sources: dict[tuple[str, bool], list[str]] = defaultdict(list)
    for message in tagged:
        sources[message.category, message.positive].append(message.text)
    # Floors, not targets (built 2026-11-29 from 924 single-category messages: 644 positives, 248 look-alikes).
    assert sum(e.positive for e in bank.learned) >= 500
    assert sum(not e.positive for e in bank.learned) >= 150
    first = len(bank.texts) - len(bank.learned)
    for row, example in enumerate(bank.learned, start=first):
        spec = bank.specs[bank.owner[row]]
        assert (spec.id, bank.texts[row], bool(bank.positive[row])) == (example.indicator, example.text, example.positive)
        # A move joins the positives, a look-alike the vetoes, of an indicator of the category it was tagged with.
        assert any(example.text in text for text in sources[spec.category, example.positive])


def test_a_tagged_move_joins_its_category_and_a_look_alike_joins_its_vetoes(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "train.jsonl",
        {
            "label": "grooming",
            "messages": [
                {"author": "y", "text": "hi, who is this"},
                {
                    "author": "x",
                    "text": "how was the match today? anyway, this chat stays between the two of us ok",
                    "tags": ["secrecy"],
                },
                {"author": "x", "text": "what school do you go to, and keep it to yourself", "tags": ["personal_info", "secrecy"]},
            ],
        },
        {
            "label": "benign",
            "messages": [{"author": "mum", "text": "don't tell your brother about the cake", "lookalike": ["secrecy"]}],
        },
    )
    tagged = read_tagged([path], CATEGORIES)
    assert [(m.category, m.positive) for m in tagged] == [("secrecy", True), ("secrecy", False)]  # multi-tag left out
    layer = catalogue_layer()
    learned = learned_examples(tagged, layer, layer.encoder)
    assert learned == learned_examples(tagged, layer, layer.encoder)  # deterministic
    move, look_alike = learned
    assert move.positive and move.indicator.startswith("secrecy.")
    assert move.text == "anyway, this chat stays between the two of us ok"  # the clause that carries the move
    assert not look_alike.positive and look_alike.indicator.startswith("secrecy.")
    assert look_alike.text == "don't tell your brother about the cake"  # one segment: the whole message


def test_a_learned_look_alike_vetoes_the_hit_it_resembles() -> None:
    layer = catalogue_layer()
    text = "this is just for us, nobody else has to know we talk"
    hit = next(h for h in layer.confirm(text) if h.spec.category == "secrecy")
    vetoed = with_learned(layer, [LearnedExample(hit.spec.id, False, text)])
    assert hit.spec.id not in {h.spec.id for h in vetoed.confirm(text)}
    # A learned positive, in turn, is quoted as the nearest example.
    taught = with_learned(layer, [LearnedExample(hit.spec.id, True, text)])
    assert next(h for h in taught.confirm(text) if h.spec.id == hit.spec.id).example == text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json\n", r"train.jsonl:1: not JSON"),
        ('{"messages": 3}\n', r"train.jsonl:1: a conversation needs a list of `messages`"),
        ('{"messages": [{"text": "hi", "tags": ["flirting"]}]}\n', r":1: message 0: `tags`: unknown category 'flirting'"),
        ('{"messages": [{"text": "hi", "lookalike": 3}]}\n', r"`lookalike` must be a list of category names"),
        ('{"messages": [{"author": "a"}]}\n', r"message 0: needs a `text` string"),
        ('{"messages": [{"text": "hello there"}]}\n', r"no message with exactly one `tags` or `lookalike` category"),
    ],
)
def test_a_bad_training_file_says_what_and_where(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "train.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=expected):
        read_tagged([path], CATEGORIES)


def test_the_build_refuses_a_missing_or_bad_training_file_in_one_line_and_writes_nothing(tmp_path: Path) -> None:
    bank = resources.files("lurewatch.semantic").joinpath("bank.safetensors")
    before = bank.read_bytes()
    good = write_jsonl(tmp_path / "good.jsonl", {"messages": [{"text": "keep this between us ok", "tags": ["secrecy"]}]})
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"messages": []}\n{"messages": [\n', encoding="utf-8")
    for train, expected in [(bad, f"{bad}:2: not JSON"), (tmp_path / "gone.jsonl", "no such training file")]:
        result = subprocess.run(
            [sys.executable, "-m", "lurewatch.semantic.build", "--train", str(good), str(train)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1 and expected in result.stderr, result.stderr
        assert "Traceback" not in result.stderr and not result.stdout
    assert bank.read_bytes() == before

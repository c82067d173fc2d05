"""Rebuild the semantic layer's shipped files from the verified MiniLM weights, the catalogue and ordinary chat.

    python -m lurewatch.semantic.build [--data ../shared/data] [--train FILE... | --no-train]      (or: make model)

- `bank.safetensors`: the MiniLM vectors of every catalogue example and of the examples learned from the tagged
  training conversations (`eval/train/*.jsonl` by default; see `training.py`), the learned examples themselves
  (indicator, positive or look-alike, text) and a digest of both, so run time needs no training file;
- `thresholds.json`: per category, the MiniLM similarity a finding needs;
- `probe.safetensors`: the probe (see `probe.py`), trained on the same training files and, by default, on
  `eval/train/probe/*.jsonl` too.

The author model's training files (`eval/train/author/`, learned by `author_build.py`, the last step of make model)
are read and checked here first too, so a bad one stops the build before anything is written.

Thresholds are set on data, not by eye: in a fixed, evenly spaced sample of every ordinary-chat corpus, segments may
reach a category's threshold at most CONFIRM_BENIGN_RATE of the time (as the layer reads them: only where the category
leads the segment's scores).
Deterministic: same weights, catalogue, training files and data give the same files. Prints numbers only, never text.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from safetensors.numpy import save_file

from lurewatch.errors import LurewatchError
from lurewatch.indicators.catalogue import Catalogue, load_catalogue
from lurewatch.learn.labelled import LabelledConversation
from lurewatch.learn.labelled import read_labelled as read_labelled_conversations
from lurewatch.normalize import normalize
from lurewatch.semantic.encoder import MiniLM, Vectors
from lurewatch.semantic.layer import (
    BANK_FILE,
    BEST_MARGIN,
    THRESHOLDS_FILE,
    Encoder,
    ExampleBank,
    SemanticLayer,
    Thresholds,
    example_sets,
    examples_digest,
    segments_of,
)
from lurewatch.semantic.probe import PROBE_FILE, Probe, benign_thresholds, fit, labels_of
from lurewatch.semantic.training import (
    AUTHOR_GLOB,
    PROBE_ONLY_GLOB,
    TRAIN_GLOB,
    LabelledMessage,
    TaggedMessage,
    learned_examples,
    read_labelled,
    read_tagged,
)

HERE = Path(__file__).resolve().parent
REPO = Path(__file__).resolve().parents[3]
DEFAULT_DATA = REPO.parent / "shared" / "data"
CALIBRATION_MESSAGES = 2500  # per benign corpus, evenly spaced
CONFIRM_BENIGN_RATE = 0.0005  # per category; the union over categories stays well under 1 % of segments
CONFIRM_FLOOR = 0.45  # below this MiniLM similarity two sentences are rarely about the same thing


def benign_rows(data: Path) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Each ordinary-chat corpus: its name and its rows (conversation_id, author, text...)."""
    for path in sorted((data / "benign").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            yield path.name.removesuffix(".jsonl.gz"), [json.loads(line) for line in handle]


def benign_texts(data: Path) -> Iterator[tuple[str, list[str]]]:
    for name, rows in benign_rows(data):
        yield name, [row.get("text") or "" for row in rows]


def category_max(layer: SemanticLayer, scores: Vectors) -> dict[str, Vectors]:
    """Per category, each segment's best score among the category's indicators (also `multilingual_build.py`'s)."""
    categories = sorted({spec.category for spec in layer.bank.specs})
    return {
        category: scores[:, [i for i, s in enumerate(layer.bank.specs) if s.category == category]].max(axis=1)
        for category in categories
    }


def save(arrays: dict[str, np.ndarray], path: Path) -> None:
    save_file(arrays, str(path))
    path.chmod(0o644)  # package data, readable by everyone like the rest of the source


def training_files(args: argparse.Namespace) -> list[Path]:
    if args.no_train:
        return []
    if args.train:
        return list(args.train)
    found = sorted(REPO.glob(TRAIN_GLOB))
    if not found:
        raise LurewatchError(f"no training files match {REPO / TRAIN_GLOB} (name them with --train, or --no-train)")
    return found


def author_files(train: Sequence[Path] | None) -> list[Path]:
    found = list(train) if train else sorted(REPO.glob(AUTHOR_GLOB))
    if not found:
        raise LurewatchError(f"no training files match {REPO / AUTHOR_GLOB} (name them with --train)")
    return found


def read_conversations(paths: Sequence[Path]) -> list[LabelledConversation]:
    """Every labelled conversation of the files, checked (a bad file fails here, before anything slow)."""
    return [item for path in paths for item in read_labelled_conversations(path)]


def build_bank(catalogue: Catalogue, model: Encoder, tagged: list[TaggedMessage]) -> ExampleBank:
    """The catalogue's examples, plus what the tagged training messages teach (assigned against the catalogue's
    examples alone, so the order of the messages does not change where one goes)."""
    bank = ExampleBank.of(catalogue).embedded(model)
    if not tagged:
        return bank
    unset = Thresholds({spec.category: 0.0 for spec in bank.specs})
    learned = learned_examples(tagged, SemanticLayer(bank, unset, model), model)
    positives = sum(example.positive for example in learned)
    print(f"training: {len(tagged)} single-category messages -> {positives} positives, {len(learned) - positives} look-alikes")
    return ExampleBank.of(catalogue, learned=learned).embedded(model)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m lurewatch.semantic.build", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder (benign/ inside)")
    train = parser.add_mutually_exclusive_group()
    train.add_argument(
        "--train", type=Path, nargs="+", metavar="FILE", help=f"tagged training conversations (default: {TRAIN_GLOB})"
    )
    train.add_argument("--no-train", action="store_true", help="the catalogue's examples only")
    args = parser.parse_args()
    try:
        build(args)
    except LurewatchError as error:
        print(f"lurewatch.semantic.build: error: {error}", file=sys.stderr)
        raise SystemExit(2) from None


def build(args: argparse.Namespace) -> None:
    catalogue = load_catalogue()
    # Read (and check) the training files before anything slow, and before anything is written; the probe's too, whose
    # categories are those with examples (the ones it learns).
    files = training_files(args)
    tagged = read_tagged(files, {spec.category for spec in catalogue.indicators})
    probe_only = [] if args.no_train or args.train else sorted(REPO.glob(PROBE_ONLY_GLOB))
    labelled = read_labelled(files + probe_only, {spec.category for spec, _, _ in example_sets(catalogue)})
    if not (args.no_train or args.train):
        read_conversations(author_files(None))  # the author model's, read by `author_build.py` after the first tier
    model = MiniLM.load()
    bank = build_bank(catalogue, model, tagged)
    save(bank.arrays(examples_digest(catalogue, bank.learned)), HERE / BANK_FILE)
    print(f"wrote {BANK_FILE}: {len(bank.texts)} examples of {len(bank.specs)} indicators")

    unset = {spec.category: 0.0 for spec in bank.specs}
    layer = SemanticLayer(bank, Thresholds(unset), model)
    segments: list[str] = []
    for name, texts in benign_texts(args.data):
        step = max(1, len(texts) // CALIBRATION_MESSAGES)
        picked = texts[::step][:CALIBRATION_MESSAGES]
        segments.extend(segment.text for text in picked for segment in segments_of(text))
        print(f"calibration: {name}: {len(picked)} messages")
    calibration = model.encode(segments)
    scores = layer.indicator_scores(calibration @ bank.vectors.T)
    scores = np.where(scores >= scores.max(axis=1, keepdims=True) - BEST_MARGIN, scores, 0.0)
    by_category = category_max(layer, scores)
    confirm = {
        c: round(max(CONFIRM_FLOOR, float(np.quantile(v, 1 - CONFIRM_BENIGN_RATE))), 4) for c, v in by_category.items()
    }
    reached = np.mean(np.any([by_category[c] >= confirm[c] for c in confirm], axis=0))
    print(f"benign: {len(segments)} segments, {reached:.3%} reach a category's threshold")
    for category, value in confirm.items():
        print(f"  {category:20} {value:.3f}")
    (HERE / THRESHOLDS_FILE).write_text(json.dumps({"confirm": confirm}, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {THRESHOLDS_FILE}")
    probe = build_probe(bank, examples_digest(catalogue, bank.learned), model, labelled, args.data, calibration)
    save(probe.arrays(), HERE / PROBE_FILE)
    print(f"wrote {PROBE_FILE}")


def build_probe(
    bank: ExampleBank, bank_digest: str, model: MiniLM, labelled: list[LabelledMessage], data: Path, calibration: Vectors
) -> Probe:
    """Train the probe (see `probe.py`) on the training messages, the bank's examples and a sample of ordinary chat
    other than the calibration sample, then set its thresholds on the calibration segments."""
    categories = tuple(sorted({spec.category for spec in bank.specs}))
    benign: list[str] = []
    for _, texts in benign_texts(data):
        step = max(1, len(texts) // CALIBRATION_MESSAGES)
        benign.extend(segment.text for text in texts[step // 2 :: step][:CALIBRATION_MESSAGES] for segment in segments_of(text))
    rows = [frozenset({bank.specs[o].category}) if positive else frozenset() for o, positive in zip(bank.owner, bank.positive, strict=True)]
    rows += [message.categories for message in labelled] + [frozenset()] * len(benign)
    features = np.concatenate([bank.vectors, model.encode([normalize(m.text).text for m in labelled]), model.encode(benign)])
    weights, bias = fit(features, labels_of(categories, rows))
    thresholds = benign_thresholds(weights, bias, calibration, CONFIRM_BENIGN_RATE)
    reached = np.mean((calibration @ weights.T + bias >= thresholds).any(axis=1))
    print(f"probe: {len(labelled)} training messages, {len(benign)} ordinary segments; {reached:.3%} of the calibration reach a threshold")
    return Probe(categories, weights, bias, thresholds, bank_digest)


if __name__ == "__main__":
    main()

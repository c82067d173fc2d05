"""Rebuild the semantic layer's shipped files from the verified MiniLM weights, the catalogue and ordinary chat.

    python -m lurewatch.semantic.build [--data ../shared/data] [--static]      (or: make model)

- `static.safetensors` (with --static, or when missing): the static model, distilled from MiniLM with word-piece
  frequencies counted on the ordinary-chat corpora;
- `bank.safetensors`: MiniLM and static vectors of every catalogue example, tagged with the examples' digest;
- `thresholds.json`: per category, the MiniLM similarity a finding needs and the static similarity a candidate needs.

Thresholds are set on data, not by eye, from a fixed, evenly spaced sample of every benign corpus: ordinary-chat
segments may reach a category's `confirm` threshold at most CONFIRM_BENIGN_RATE of the time, and ordinary messages its
`screen` threshold at most SCREEN_BENIGN_RATE of the time.
Deterministic: same weights, catalogue and data give the same files. Prints numbers only, never text.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file

from lurewatch.indicators.catalogue import load_catalogue
from lurewatch.normalize import normalize
from lurewatch.semantic.encoder import MiniLM, Vectors
from lurewatch.semantic.layer import (
    BANK_FILE,
    THRESHOLDS_FILE,
    ExampleBank,
    SemanticLayer,
    Thresholds,
    examples_digest,
    segments_of,
)
from lurewatch.semantic.static import STATIC_FILE, StaticModel, distill

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = Path(__file__).resolve().parents[4] / "shared" / "data"
CALIBRATION_MESSAGES = 2500  # per benign corpus, evenly spaced
CONFIRM_BENIGN_RATE = 0.0005  # per category; the union over categories stays well under 1 % of segments
CONFIRM_FLOOR = 0.45  # below this MiniLM similarity two sentences are rarely about the same thing
SCREEN_BENIGN_RATE = 0.001  # per category: a strong resemblance that opens MiniLM for its author


def benign_texts(data: Path) -> Iterator[tuple[str, list[str]]]:
    for path in sorted((data / "benign").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            texts = [json.loads(line).get("text") or "" for line in handle]
        yield path.name.removesuffix(".jsonl.gz"), texts


def piece_counts(model: MiniLM, data: Path) -> np.ndarray:
    counts = np.zeros(model.word_embeddings.shape[0], dtype=np.int64)
    for _, texts in benign_texts(data):
        for encoding in model.tokenizer.encode_batch(texts, add_special_tokens=False):
            np.add.at(counts, encoding.ids, 1)
    return counts


def _category_max(layer: SemanticLayer, scores: Vectors) -> dict[str, Vectors]:
    categories = sorted({spec.category for spec in layer.bank.specs})
    return {
        category: scores[:, [i for i, s in enumerate(layer.bank.specs) if s.category == category]].max(axis=1)
        for category in categories
    }


def _save(arrays: dict[str, np.ndarray], path: Path) -> None:
    save_file(arrays, str(path))
    path.chmod(0o644)  # package data, readable by everyone like the rest of the source


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m lurewatch.semantic.build", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder (benign/ inside)")
    parser.add_argument("--static", action="store_true", help="also rebuild the static model (about a minute)")
    args = parser.parse_args()
    model = MiniLM.load()
    if args.static or not (HERE / STATIC_FILE).exists():
        _save({"vectors": distill(model, piece_counts(model, args.data))}, HERE / STATIC_FILE)
        print(f"wrote {STATIC_FILE}")
    static = StaticModel.load()
    catalogue = load_catalogue()
    bank = ExampleBank.of(catalogue).embedded(model, static)
    digest = examples_digest(catalogue)
    _save(bank.arrays(digest), HERE / BANK_FILE)
    print(f"wrote {BANK_FILE}: {len(bank.texts)} examples of {len(bank.specs)} indicators")

    unset = {spec.category: 0.0 for spec in bank.specs}
    open_layer = SemanticLayer(bank, Thresholds(unset, unset), static, model)
    segments, messages = [], []
    for name, texts in benign_texts(args.data):
        step = max(1, len(texts) // CALIBRATION_MESSAGES)
        picked = texts[::step][:CALIBRATION_MESSAGES]
        messages.extend(normalize(text).text for text in picked)
        segments.extend(segment.text for text in picked for segment in segments_of(text))
        print(f"calibration: {name}: {len(picked)} messages")
    dense = _category_max(open_layer, open_layer.indicator_scores(model.encode(segments) @ bank.dense.T))
    static_scores = _category_max(open_layer, open_layer.static_scores(messages))
    confirm = {c: round(max(CONFIRM_FLOOR, float(np.quantile(v, 1 - CONFIRM_BENIGN_RATE))), 4) for c, v in dense.items()}
    screen = {c: round(float(np.quantile(v, 1 - SCREEN_BENIGN_RATE)), 4) for c, v in static_scores.items()}
    union_confirm = np.mean(np.any([dense[c] >= confirm[c] for c in confirm], axis=0))
    union_screen = np.mean(np.any([static_scores[c] >= screen[c] for c in screen], axis=0))
    print(
        f"benign: {len(segments)} segments reach any confirm threshold {union_confirm:.3%}; "
        f"{len(messages)} messages pass the static screen {union_screen:.3%}"
    )
    for category in confirm:
        print(f"  {category:20} confirm {confirm[category]:.3f}  screen {screen[category]:.3f}")
    (HERE / THRESHOLDS_FILE).write_text(
        json.dumps({"confirm": confirm, "screen": screen}, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"wrote {THRESHOLDS_FILE}")


if __name__ == "__main__":
    main()

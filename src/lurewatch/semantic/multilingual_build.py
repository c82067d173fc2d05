"""Rebuild the multilingual layer's shipped files (see `multilingual.py`) from the verified USE weights, the catalogue,
the tagged training conversations and ordinary chat.

    python -m lurewatch.semantic.multilingual_build [--data ../shared/data] [--rate R]      (part of: make model)

- `multilingual_bank.safetensors`: the USE vectors of the catalogue's examples and of the examples learned from the
  tagged training conversations (`eval/train/*.jsonl` and the catalogue's training sets `eval/train/catalogue/`, where
  the other languages are), each assigned to an indicator by USE against the catalogue's examples;
- `multilingual_thresholds.json`: per category, the USE similarity a finding needs: the higher of two quantiles, on
  the ordinary-chat sample `build.py` calibrates MiniLM on (at its rate), and on the messages in the other languages
  of the training files that are not a suspect's move and not a tagged look-alike (at `--rate`).

Deterministic: same weights, catalogue, training files and data give the same files. Prints numbers only, never text.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from lurewatch.errors import LurewatchError
from lurewatch.indicators.catalogue import load_catalogue
from lurewatch.indicators.recognizer import default_recognizer
from lurewatch.semantic.build import (
    CALIBRATION_MESSAGES,
    CONFIRM_BENIGN_RATE,
    DEFAULT_DATA,
    HERE,
    REPO,
    benign_texts,
    build_bank,
    category_max,
    save,
)
from lurewatch.semantic.layer import SemanticLayer, Thresholds, examples_digest, segments_of
from lurewatch.semantic.multilingual import BANK_FILE, EVERYDAY_FILE, THRESHOLDS_FILE, MultilingualEncoder
from lurewatch.semantic.training import TRAIN_GLOB, read_tagged

CATALOGUE_TRAIN_GLOB = "eval/train/catalogue/*.jsonl"
# Per category, the share of the training files' ordinary messages in the other languages that may reach its threshold.
OTHER_LANGUAGE_RATE = 0.002


def everyday_in_other_languages(paths: list[Path]) -> tuple[list[str], list[str]]:
    """The segments of the messages in the other languages of these files that are not a suspect's tagged move: those of
    every other conversation for the everyday bank, the rest (less the tagged look-alikes, which are in the bank and
    would each veto itself) for calibration. Split by conversation: lines of one chat are alike."""
    recognizer = default_recognizer()
    everyday: list[str] = []
    calibration: list[str] = []
    number = 0
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            messages = json.loads(line)["messages"]
            number += 1
            other_language = recognizer.scan_conversation([message["text"] for message in messages])[1]
            for message, is_other in zip(messages, other_language, strict=True):
                if not is_other or message.get("tags"):
                    continue
                segments = [segment.text for segment in segments_of(message["text"], clauses=True)]
                if number % 2 == 0:
                    everyday.extend(segments)
                elif not message.get("lookalike"):
                    calibration.extend(segments)
    return everyday, calibration


def quantiles(layer: SemanticLayer, encoder: MultilingualEncoder, segments: list[str], rate: float) -> dict[str, float]:
    """Per category, the score that `rate` of the segments reach, whether or not the category leads their scores (where
    it leads, as the layer reads them, most segments are below zero: the quantile would be zero)."""
    scores = layer.scores(encoder.encode(segments))[1]
    return {c: float(np.quantile(v, 1 - rate)) for c, v in category_max(layer, scores).items()}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m lurewatch.semantic.multilingual_build", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder (benign/ inside)")
    parser.add_argument("--rate", type=float, default=OTHER_LANGUAGE_RATE, help="see OTHER_LANGUAGE_RATE")
    args = parser.parse_args()
    try:
        build(args.data, args.rate)
    except LurewatchError as error:
        print(f"lurewatch.semantic.multilingual_build: error: {error}", file=sys.stderr)
        raise SystemExit(2) from None


def build(data: Path, rate: float) -> None:
    catalogue = load_catalogue()
    files = sorted(REPO.glob(TRAIN_GLOB)) + sorted(REPO.glob(CATALOGUE_TRAIN_GLOB))
    tagged = read_tagged(files, {spec.category for spec in catalogue.indicators})
    encoder = MultilingualEncoder()
    bank = build_bank(catalogue, encoder, tagged)
    # Everyday chat for the bank and for calibration: disjoint samples (`build.py` calibrates MiniLM on the first).
    ordinary: list[str] = []
    everyday: list[str] = []
    for name, texts in benign_texts(data):
        step = max(1, len(texts) // CALIBRATION_MESSAGES)
        for sample, start in ((ordinary, 0), (everyday, step // 2)):
            sample.extend(segment.text for text in texts[start::step][:CALIBRATION_MESSAGES] for segment in segments_of(text, clauses=True))
        print(f"ordinary chat: {name}")
    everyday_other, other = everyday_in_other_languages(files)
    everyday.extend(everyday_other)
    everyday_vectors = encoder.encode(list(dict.fromkeys(everyday)))
    save(bank.arrays(examples_digest(catalogue, bank.learned)), HERE / BANK_FILE)
    save({"vectors": everyday_vectors.astype(np.float16)}, HERE / EVERYDAY_FILE)
    print(f"wrote {BANK_FILE}: {len(bank.texts)} examples of {len(bank.specs)} indicators")
    print(f"wrote {EVERYDAY_FILE}: {len(everyday_vectors)} everyday segments")

    unset = Thresholds({spec.category: 0.0 for spec in bank.specs})
    layer = SemanticLayer(bank, unset, encoder, ordinary=everyday_vectors, clauses=True)
    print(f"calibration: {len(ordinary)} ordinary segments, {len(other)} segments in the other languages")
    from_ordinary = quantiles(layer, encoder, ordinary, CONFIRM_BENIGN_RATE)
    from_other = quantiles(layer, encoder, other, rate)
    confirm = {c: round(max(from_ordinary[c], from_other[c]), 4) for c in from_ordinary}
    for category, value in confirm.items():
        print(f"  {category:20} {value:.3f} (ordinary {from_ordinary[category]:.3f}, other languages {from_other[category]:.3f})")
    (HERE / THRESHOLDS_FILE).write_text(json.dumps({"confirm": confirm}, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {THRESHOLDS_FILE}")


if __name__ == "__main__":
    main()

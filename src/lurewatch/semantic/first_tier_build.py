"""Build the semantic layer's first tier (see `first_tier.py`) from the verified MiniLM weights and the shipped bank.

    python -m lurewatch.semantic.first_tier_build [--data ../shared/data]      (part of `make model`, after the bank)

1. Static piece vectors: MiniLM's pooled output for every word piece of its vocabulary, alone between [CLS] and [SEP].
2. Fitting segments, encoded with MiniLM: the catalogue's and the bank's examples, every message of the training
   conversations (`eval/train/*.jsonl`) and FIT_MESSAGES evenly spaced messages of every ordinary-chat corpus (a
   different sample from the one `build.py` sets thresholds on). A ridge regression maps the segments' pooled piece
   vectors to their MiniLM vectors; segments that MiniLM turns into a hit weigh HIT_WEIGHT times as much, since
   the guess matters most near the thresholds.
3. The cuts: every segment that MiniLM turns into a hit (of the bank or of the probe, see `probe.py`), among the
   fitting segments and those of the development conversations (`eval/heldout/dev.jsonl`) and of the probe's and the
   author model's training conversations (`eval/train/probe/`, `eval/train/author/`), all left out of the fit so that
   the cuts also cover segments the fit never saw, must pass the tier (all but HIT_MISS_SHARE of them), by its
   guessed score within `cut` of a threshold or its guessed probe logit within `probe_cut` (each with its margin).
   Of the pairs that do, the one that sends the fewest ordinary-chat segments on to MiniLM is kept (`joint_cuts`).

Deterministic: same weights, bank, thresholds and data give the same file. Prints numbers only, never text.
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from safetensors.numpy import save_file

from lurewatch.indicators.catalogue import load_catalogue
from lurewatch.normalize import normalize
from lurewatch.semantic.build import DEFAULT_DATA, HERE, REPO
from lurewatch.semantic.encoder import MiniLM, Vectors
from lurewatch.semantic.first_tier import FIRST_TIER_FILE, FirstTier, calibration_digest, pooled
from lurewatch.semantic.layer import BEST_MARGIN, ExampleBank, SemanticLayer, load_thresholds, segments_of
from lurewatch.semantic.probe import Probe
from lurewatch.semantic.training import AUTHOR_GLOB, PROBE_ONLY_GLOB, TRAIN_GLOB

FIT_MESSAGES = 1500  # per ordinary-chat corpus
RIDGE = 0.01
HIT_WEIGHT = 5.0
CUT_MARGIN = 0.02
PROBE_CUT_MARGIN = 0.25  # the same in the probe's logits
# The share of calibration hits the cuts may leave out: the furthest few cost more MiniLM work on ordinary chat than
# all the rest (on the 2026-11-29 data, passing every one of 4,428 hits sent 48.6 % of ordinary segments on; passing
# all but 0.5 % sent 25.2 %, and lost 1 of 1,754 hits of the validation sets).
HIT_MISS_SHARE = 0.005
DEV_FILE = "eval/heldout/dev.jsonl"


def piece_vectors(model: MiniLM) -> Vectors:
    cls, sep = model.tokenizer.token_to_id("[CLS]"), model.tokenizer.token_to_id("[SEP]")
    assert cls is not None and sep is not None  # the verified tokenizer has both
    vocabulary = model.word_embeddings.shape[0]
    return model.encode_ids([[cls, piece, sep] for piece in range(vocabulary)])


def conversation_texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [m.get("text") or "" for line in handle if line.strip() for m in json.loads(line)["messages"]]


def benign_sample(data: Path) -> dict[str, list[str]]:
    sample = {}
    for path in sorted((data / "benign").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            texts = [json.loads(line).get("text") or "" for line in handle]
        step = max(1, len(texts) // FIT_MESSAGES)
        sample[path.name.removesuffix(".jsonl.gz")] = texts[step // 2 :: step][:FIT_MESSAGES]
    return sample


def segment_texts(texts: list[str]) -> list[str]:
    return list(dict.fromkeys(segment.text for text in texts for segment in segments_of(text)))


def hits(layer: SemanticLayer, vectors: Vectors) -> Vectors:
    """Per segment, whether MiniLM's vector makes a hit of some indicator (as `SemanticLayer.confirm` decides)."""
    similarities = vectors @ layer.bank.vectors.T
    scores = layer.indicator_scores(similarities)
    leading = scores >= scores.max(axis=1, keepdims=True) - BEST_MARGIN
    found = np.zeros(len(vectors), dtype=bool)
    for row, i in np.argwhere((scores >= layer._confirm) & leading):
        positives, negatives = layer._positives[i], layer._negatives[i]
        nearest = similarities[row, positives].max()
        found[row] |= not (len(negatives) and similarities[row, negatives].max() > nearest)
    return found


def joint_cuts(
    gap: NDArray[np.float32], probe_gap: NDArray[np.float32], hit: NDArray[np.bool_], ordinary: NDArray[np.bool_]
) -> tuple[float, float]:
    """The cuts (below the thresholds, below the probe's) with which all but HIT_MISS_SHARE of the hits pass by one
    way or the other, margins included, and the fewest ordinary segments go on to MiniLM. A hit needs only one: a
    segment the kNN guess misses badly is often one the probe's guess catches. Cutting each way for its own furthest
    hit let one outlier double MiniLM's work."""
    below, probe_below = np.maximum(-gap[hit], 0.0), np.maximum(-probe_gap[hit], 0.0)
    missed = int(HIT_MISS_SHARE * len(below))
    best: tuple[float, float, float] | None = None
    for covered in np.unique(np.append(below, 0.0)):
        rest = np.sort(probe_below[below > covered])
        cut = round(float(covered) + CUT_MARGIN, 4)
        probe_cut = round((float(rest[-missed - 1]) if rest.size > missed else 0.0) + PROBE_CUT_MARGIN, 4)
        sent = float(((gap[ordinary] >= -cut) | (probe_gap[ordinary] >= -probe_cut)).mean())
        if best is None or sent < best[0]:
            best = (sent, cut, probe_cut)
    assert best is not None
    return best[1], best[2]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m lurewatch.semantic.first_tier_build", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder (benign/ inside)")
    args = parser.parse_args()
    model = MiniLM.load()
    layer = SemanticLayer(ExampleBank.load(load_catalogue()), load_thresholds(), model, None, Probe.load())  # no tier
    tokens = piece_vectors(model).astype(np.float16)
    print(f"piece vectors: {tokens.shape[0]} x {tokens.shape[1]}")

    groups = {"examples": segment_texts(list(layer.bank.texts))}
    for path in sorted(REPO.glob(TRAIN_GLOB)):
        groups[path.name] = segment_texts(conversation_texts(path))
    benign = {name: segment_texts(texts) for name, texts in benign_sample(args.data).items()}
    groups.update(benign)
    fitting = sorted({text for texts in groups.values() for text in texts})
    groups["dev"] = segment_texts(conversation_texts(REPO / DEV_FILE))
    for path in sorted(REPO.glob(PROBE_ONLY_GLOB)) + sorted(REPO.glob(AUTHOR_GLOB)):
        groups[path.name] = segment_texts(conversation_texts(path))
    calibration = sorted({text for texts in groups.values() for text in texts})
    vectors = model.encode(calibration)
    pieces = model.token_ids(calibration)
    bank_texts = {normalize(text).text for text in layer.bank.texts}
    # An example word for word always goes on to MiniLM: its hit is no test of the guess.
    not_example = np.array([text not in bank_texts for text in calibration])
    is_hit = hits(layer, vectors) & not_example
    probe = layer.probe
    is_probe_hit = (probe.gaps(vectors).max(axis=1) >= 0) & not_example if probe is not None else np.zeros_like(is_hit)
    print(
        f"segments: {len(fitting)} to fit, {len(calibration)} to calibrate, {int(is_hit.sum())} of them hits, "
        f"{int(is_probe_hit.sum())} probe hits"
    )

    fit = np.isin(calibration, fitting)
    weight = np.sqrt(np.where((is_hit | is_probe_hit)[fit], HIT_WEIGHT, 1.0))[:, None]
    features = pooled(tokens, [ids for ids, used in zip(pieces, fit, strict=True) if used]).astype(np.float64) * weight
    target = vectors[fit].astype(np.float64) * weight
    projection = np.linalg.solve(features.T @ features + RIDGE * np.eye(features.shape[1]), features.T @ target)

    digest = calibration_digest(layer.bank.vectors, layer._confirm, probe.digest() if probe is not None else b"")
    tier = FirstTier(model.tokenizer, tokens, projection.astype(np.float32), 0.0, digest)
    guesses = tier.guess(calibration)
    gap = (layer.indicator_scores(guesses @ layer.bank.vectors.T) - layer._confirm).max(axis=1)
    if probe is not None:
        ordinary = np.isin(calibration, sorted({text for texts in benign.values() for text in texts}))
        probe_gap = probe.gaps(guesses).max(axis=1)
        tier.cut, tier.probe_cut = joint_cuts(gap, probe_gap, is_hit | is_probe_hit, ordinary)
        print(f"cuts: {tier.cut:.4f} below a threshold, {tier.probe_cut:.4f} logits below the probe's")
        near = (gap >= -tier.cut) | (probe_gap >= -tier.probe_cut)
    else:
        tier.cut = round(max(0.0, -float(gap[is_hit].min())) + CUT_MARGIN, 4)
        print(f"cut: {tier.cut:.4f} below a threshold")
        near = gap >= -tier.cut
    passes = dict(zip(calibration, near | np.isin(calibration, sorted(bank_texts)), strict=True))
    for name, texts in groups.items():
        print(f"  {name:28} {len(texts):6} segments, {np.mean([passes[t] for t in texts]):6.1%} go on to MiniLM")
    path = HERE / FIRST_TIER_FILE
    save_file(tier.arrays(), str(path))
    path.chmod(0o644)
    print(f"wrote {FIRST_TIER_FILE}")


if __name__ == "__main__":
    main()

"""Meaning-level matching against the catalogue's own examples, in two tiers.

1. `screen`: every message is embedded with the static model (a table look-up and a mean) and compared with each
   indicator's centroid. Only a message very close to one counts (thresholds that almost no ordinary chat reaches): it
   is evidence that opens the second tier for its author, never a finding by itself.
2. `confirm`: a message cut into sentence-like segments, each embedded with MiniLM and compared with every indicator's
   examples (k nearest). A segment whose nearest examples are that indicator's positives, at least as close as its
   category's threshold and closer than any of the indicator's counter-examples (`no_match`: the look-alikes it must
   spare), becomes a `SemanticHit` quoting the nearest example.

Thresholds come from ordinary chat (see `build.py`), never from the eye. When MiniLM runs is the conversation's business
(`conversation.py`): only for a person who has already shown a warning sign, so ordinary traffic rarely pays for it.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import re2
from numpy.typing import NDArray
from safetensors.numpy import load as load_safetensors

from lurewatch.indicators.catalogue import Catalogue, IndicatorSpec, load_catalogue
from lurewatch.normalize import normalize
from lurewatch.semantic.encoder import MiniLM, Vectors, default_encoder
from lurewatch.semantic.static import StaticModel, default_static_model

log = logging.getLogger(__name__)

BANK_FILE = "bank.safetensors"
THRESHOLDS_FILE = "thresholds.json"
# A segment is a sentence or line; longer ones are cut at clause breaks so the evidence stays a readable clause.
_SEGMENT = re2.compile(r"[^.!?;\n]+[.!?;]*")
MAX_SEGMENT_CHARS = 300
MIN_SEGMENT_LETTERS = 6
MIN_SEGMENT_WORDS = 3  # "sending", "ya sure" carry no move of their own: their meaning is all context
MAX_SEGMENTS = 12  # a pasted essay is not a chat message; its first segments carry the move if there is one
NEIGHBOURS = 3  # an indicator's score is the mean similarity of its 3 nearest positive examples (less noisy than 1)
# A segment is attributed only to the indicators it resembles (nearly) most: "what school do you go to" is close to
# threats that name a school too, but much closer to the school question.
BEST_MARGIN = 0.03


@dataclass(frozen=True, slots=True)
class Segment:
    start: int  # offsets into the original message text
    end: int
    text: str  # canonical text (normalised: leetspeak and chat spellings undone) that the models read


@dataclass(frozen=True, slots=True)
class SemanticHit:
    spec: IndicatorSpec
    start: int
    end: int
    evidence: str
    similarity: float
    threshold: float
    example: str  # the nearest example of the indicator, quoted in the explanation


@dataclass(frozen=True)
class Thresholds:
    """Per category: `confirm` is the MiniLM similarity a finding needs; `screen` the static similarity a candidate
    needs."""

    confirm: dict[str, float]
    screen: dict[str, float]


def segments_of(text: str) -> list[Segment]:
    normalized = normalize(text)
    canonical = normalized.text
    out: list[Segment] = []
    for match in _SEGMENT.finditer(canonical):
        piece = match.group(0)
        stripped = piece.strip()
        if sum(c.isalpha() for c in stripped) < MIN_SEGMENT_LETTERS or len(stripped.split()) < MIN_SEGMENT_WORDS:
            continue
        offset = match.start() + piece.index(stripped)
        start, end = normalized.original_span(offset, offset + min(len(stripped), MAX_SEGMENT_CHARS))
        out.append(Segment(start, end, stripped[:MAX_SEGMENT_CHARS]))
        if len(out) >= MAX_SEGMENTS:
            break
    return out


def example_sets(catalogue: Catalogue) -> list[tuple[IndicatorSpec, list[str], list[str]]]:
    """(indicator, positives, counter-examples) for every indicator that has a meaning to match: not signals, not
    conversation-derived."""
    return [
        (spec, [*spec.examples.match, *spec.examples.similar], list(spec.examples.no_match))
        for spec in catalogue.indicators
        if spec.examples is not None and not spec.signal and not spec.derived
    ]


def examples_digest(catalogue: Catalogue) -> str:
    payload = json.dumps([(s.id, pos, neg) for s, pos, neg in example_sets(catalogue)], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ExampleBank:
    specs: list[IndicatorSpec]
    texts: list[str]
    owner: NDArray[np.int64]  # index into specs
    positive: NDArray[np.bool_]
    dense: Vectors  # MiniLM vectors
    static: Vectors  # static-model vectors

    @classmethod
    def of(cls, catalogue: Catalogue, dense: Vectors | None = None, static: Vectors | None = None) -> ExampleBank:
        specs, texts, owner, positive = [], [], [], []
        for spec, positives, negatives in example_sets(catalogue):
            specs.append(spec)
            for text, is_positive in [(t, True) for t in positives] + [(t, False) for t in negatives]:
                texts.append(text)
                owner.append(len(specs) - 1)
                positive.append(is_positive)
        empty = np.zeros((len(texts), 0), dtype=np.float32)
        return cls(
            specs,
            texts,
            np.array(owner, dtype=np.int64),
            np.array(positive, dtype=bool),
            empty if dense is None else dense,
            empty if static is None else static,
        )

    def embedded(self, encoder: MiniLM, static: StaticModel) -> ExampleBank:
        canonical = [normalize(text).text for text in self.texts]
        return ExampleBank(
            self.specs, self.texts, self.owner, self.positive, encoder.encode(canonical), static.encode(canonical)
        )

    def arrays(self, digest: str) -> dict[str, NDArray[np.generic]]:
        return {
            "dense": self.dense.astype(np.float16),
            "static": self.static.astype(np.float16),
            "digest": np.frombuffer(digest.encode(), dtype=np.uint8),
        }

    @classmethod
    def load(cls, catalogue: Catalogue, static: StaticModel) -> ExampleBank:
        """The shipped vectors when they were built from these very examples; embedded now otherwise."""
        bank = cls.of(catalogue)
        shipped = resources.files("lurewatch.semantic").joinpath(BANK_FILE)
        if shipped.is_file():
            arrays = load_safetensors(shipped.read_bytes())
            if arrays["digest"].tobytes().decode() == examples_digest(catalogue):
                dense, static_vectors = (arrays[name].astype(np.float32) for name in ("dense", "static"))
                return cls.of(catalogue, dense, static_vectors)
        log.warning(
            "the catalogue's examples changed since the semantic bank was built; embedding them now "
            "(run `make model` to ship them)"
        )
        return bank.embedded(default_encoder(), static)


def _top_mean(similarities: Vectors, columns: NDArray[np.int64], k: int) -> Vectors:
    """Mean of the k largest similarities in `columns`, per row."""
    block = similarities[:, columns]
    if block.shape[1] > k:
        block = np.partition(block, block.shape[1] - k, axis=1)[:, -k:]
    return block.mean(axis=1)


class SemanticLayer:
    def __init__(self, bank: ExampleBank, thresholds: Thresholds, static: StaticModel, encoder: MiniLM | None) -> None:
        self.bank = bank
        self.thresholds = thresholds
        self.static = static
        self._encoder = encoder
        self._positives = [np.flatnonzero((bank.owner == i) & bank.positive) for i in range(len(bank.specs))]
        self._negatives = [np.flatnonzero((bank.owner == i) & ~bank.positive) for i in range(len(bank.specs))]
        centroids = np.stack([bank.static[rows].mean(axis=0) for rows in self._positives]) if len(bank.static[0]) else None
        self._centroids = None if centroids is None else centroids / np.linalg.norm(centroids, axis=1, keepdims=True)
        self._categories = [spec.category for spec in bank.specs]
        self._screen = np.array([thresholds.screen.get(c, 1.0) for c in self._categories], dtype=np.float32)
        self._confirm = np.array([thresholds.confirm.get(c, 1.0) for c in self._categories], dtype=np.float32)

    @property
    def encoder(self) -> MiniLM:
        if self._encoder is None:
            self._encoder = default_encoder()
        return self._encoder

    def indicator_scores(self, similarities: Vectors, k: int = NEIGHBOURS) -> Vectors:
        """(segments, indicators): mean similarity to each indicator's k nearest positive examples."""
        return np.stack([_top_mean(similarities, cols, k) for cols in self._positives], axis=1)

    def static_scores(self, canonical: Sequence[str]) -> Vectors:
        """(messages, indicators): static-model similarity of each whole message to each indicator's centroid."""
        assert self._centroids is not None
        return self.static.encode(list(canonical)) @ self._centroids.T

    def screen(self, texts: Sequence[str]) -> list[frozenset[str]]:
        """Static tier, for a batch of messages: per message, the categories it strongly resembles (usually none)."""
        if not texts:
            return []
        scores = self.static_scores([normalize(text).text for text in texts])
        out: list[frozenset[str]] = [frozenset()] * len(texts)
        for row in np.flatnonzero((scores >= self._screen).any(axis=1)):
            out[row] = frozenset(self._categories[i] for i in np.flatnonzero(scores[row] >= self._screen))
        return out

    def confirm(self, original: str) -> list[SemanticHit]:
        """MiniLM tier: the indicators a message's segments are close to; one hit (the best segment) per indicator.

        Close means: the mean similarity to the indicator's nearest examples reaches its category's threshold and is
        (nearly) the best of all indicators, and the nearest example is one of its positives, not one of the
        look-alikes it must spare."""
        segments = segments_of(original)
        if not segments:
            return []
        similarities = self.encoder.encode([s.text for s in segments]) @ self.bank.dense.T
        scores = self.indicator_scores(similarities)
        leading = scores >= scores.max(axis=1, keepdims=True) - BEST_MARGIN
        best: dict[int, SemanticHit] = {}
        for row, i in np.argwhere((scores >= self._confirm) & leading):
            positives, negatives = self._positives[i], self._negatives[i]
            nearest = positives[int(similarities[row, positives].argmax())]
            if len(negatives) and similarities[row, negatives].max() > similarities[row, nearest]:
                continue
            score = float(scores[row, i])
            if i in best and best[i].similarity >= score:
                continue
            segment = segments[row]
            best[i] = SemanticHit(
                self.bank.specs[i],
                segment.start,
                segment.end,
                original[segment.start : segment.end],
                round(score, 4),
                float(self._confirm[i]),
                self.bank.texts[nearest],
            )
        return list(best.values())


def load_thresholds() -> Thresholds:
    data = json.loads(resources.files("lurewatch.semantic").joinpath(THRESHOLDS_FILE).read_text(encoding="utf-8"))
    return Thresholds(data["confirm"], data["screen"])


@cache
def default_semantic_layer() -> SemanticLayer:
    catalogue = load_catalogue()
    thresholds = load_thresholds()
    static = default_static_model()
    bank = ExampleBank.load(catalogue, static)
    return SemanticLayer(bank, thresholds, static, None)

"""Meaning-level matching against the catalogue's own examples (the semantic layer).

A message is cut into sentence-like segments; each is embedded with MiniLM and compared with every indicator's examples
(`match` + `similar`), and with the learned examples `build.py` adds from tagged training conversations (a suspect's
tagged move joins an indicator's positives, a benign look-alike its counter-examples). A segment becomes a
`SemanticHit` of an indicator when the mean similarity to that indicator's nearest examples reaches its category's
threshold, is (nearly) the best of all indicators, and its nearest example is one of the indicator's positives rather
than one of the look-alikes it must spare (`no_match`). The hit quotes that
nearest example, so every meaning match explains itself. The probe (`probe.py`) adds hits of categories it reads in a
segment that no example was close enough to, naming the category's indicator with the nearest examples.

Thresholds come from ordinary chat (see `build.py`), never from the eye. When a message is read at all is the
conversation's business (`conversation.py`): every message of a one-to-one chat, and in a group only the messages of
someone the catalogue has already flagged, so that busy chat rooms rarely pay for the encoder.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib import resources
from typing import Protocol

import numpy as np
import re2
from numpy.typing import NDArray

from lurewatch.indicators.catalogue import Catalogue, IndicatorSpec, load_catalogue
from lurewatch.normalize import normalize
from lurewatch.semantic.author_model import NEAREST_FLOOR, AuthorModel, empty_signals
from lurewatch.semantic.encoder import Vectors, default_encoder, one_blas_thread
from lurewatch.semantic.first_tier import FirstTier, calibration_digest
from lurewatch.semantic.probe import Probe
from lurewatch.semantic.shipped import shipped_arrays

log = logging.getLogger(__name__)

BANK_FILE = "bank.safetensors"
THRESHOLDS_FILE = "thresholds.json"
# A segment is a sentence or line; longer ones are cut at clause breaks so the evidence stays a readable clause.
_SEGMENT = re2.compile(r"[^.!?;\n]+[.!?;]*")
_CLAUSE = re2.compile(r"[^,]+,?")
MAX_SEGMENT_CHARS = 300
MIN_SEGMENT_LETTERS = 6
MIN_SEGMENT_WORDS = 3  # "sending", "ya sure" carry no move of their own: their meaning is all context
MAX_SEGMENTS = 12  # a pasted essay is not a chat message; its first segments carry the move if there is one
NEIGHBOURS = 3  # an indicator's score is the mean similarity of its 3 nearest positive examples (less noisy than 1)
# A segment is attributed only to the indicators it resembles (nearly) most: "what school do you go to" is close to
# threats that name a school too, but much closer to the school question.
BEST_MARGIN = 0.03
CACHE_SEGMENTS = 20_000
SCORED_SEGMENTS = 512  # see `SemanticLayer._scored`: 44 KB each
REMEMBERED_CHARS = 1000  # a message's segments are remembered up to this length (the cache holds its text)


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
    other_language: bool = False  # found by the multilingual layer


@dataclass(frozen=True, slots=True)
class Reading:
    """What the layer makes of one message: its hits, and per probe category how near the message came (row 0: the
    probe's best logit above its threshold, row 1: the nearest examples' best score above the category's threshold;
    see `author_model.py`). `signals` is None when no segment was worth encoding or there is no probe."""

    hits: list[SemanticHit]
    signals: Vectors | None


class Encoder(Protocol):
    """A sentence model: texts in, L2-normalised vectors out (MiniLM, or USE for other languages)."""

    def encode(self, texts: list[str]) -> Vectors: ...


@dataclass(frozen=True)
class Thresholds:
    """Per category: the similarity a finding needs."""

    confirm: dict[str, float]


def segments_of(text: str, clauses: bool = False) -> list[Segment]:
    """The message's sentences; `clauses`: and, after each sentence of several, its comma-separated clauses (a threat
    and a demand often share one sentence, where the one that leads its scores hides the other)."""
    normalized = normalize(text)
    canonical = normalized.text
    out: list[Segment] = []
    for match in _SEGMENT.finditer(canonical):
        pieces = [(match.start(), match.group(0))]
        parts = [(match.start() + part.start(), part.group(0)) for part in _CLAUSE.finditer(match.group(0))] if clauses else []
        if len(parts) > 1:  # one clause is the sentence itself
            pieces += parts
        for at, piece in pieces:
            stripped = piece.strip()
            if sum(c.isalpha() for c in stripped) < MIN_SEGMENT_LETTERS or len(stripped.split()) < MIN_SEGMENT_WORDS:
                continue
            offset = at + piece.index(stripped)
            start, end = normalized.original_span(offset, offset + min(len(stripped), MAX_SEGMENT_CHARS))
            out.append(Segment(start, end, stripped[:MAX_SEGMENT_CHARS]))
            if len(out) >= MAX_SEGMENTS:
                return out
    return out


def example_sets(catalogue: Catalogue) -> list[tuple[IndicatorSpec, list[str], list[str]]]:
    """(indicator, positives, counter-examples) for every indicator that has a meaning to match: not signals, not
    conversation-derived, not context-bound moves kept from meaning matches (`by_meaning`)."""
    return [
        (spec, [*spec.examples.match, *spec.examples.similar], list(spec.examples.no_match))
        for spec in catalogue.indicators
        if spec.examples is not None and not spec.signal and not spec.derived and spec.by_meaning
    ]


@dataclass(frozen=True, slots=True)
class LearnedExample:
    """An example taken from a tagged training conversation (see `semantic/training.py`), shipped in the bank."""

    indicator: str  # the indicator id it was assigned to
    positive: bool  # a suspect's move (True) or a benign look-alike that vetoes the indicator (False)
    text: str


def examples_digest(catalogue: Catalogue, learned: Sequence[LearnedExample] = ()) -> str:
    """What the bank's vectors were built from: the catalogue's example sets and the learned examples."""
    sets = [(s.id, pos, neg) for s, pos, neg in example_sets(catalogue)]
    rows = [(e.indicator, e.positive, e.text) for e in learned]
    payload = json.dumps([sets, rows] if rows else sets, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _learned_bytes(learned: Sequence[LearnedExample]) -> NDArray[np.uint8]:
    rows = [[e.indicator, e.positive, e.text] for e in learned]
    return np.frombuffer(json.dumps(rows, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)


def _learned_of(arrays: dict[str, NDArray[np.generic]]) -> list[LearnedExample]:
    if "learned" not in arrays:
        return []
    return [LearnedExample(i, bool(p), t) for i, p, t in json.loads(arrays["learned"].tobytes().decode("utf-8"))]


@dataclass(frozen=True)
class ExampleBank:
    specs: list[IndicatorSpec]
    texts: list[str]
    owner: NDArray[np.int64]  # index into specs
    positive: NDArray[np.bool_]
    vectors: Vectors  # the encoder's vectors, one per text
    learned: tuple[LearnedExample, ...] = ()  # the last len(learned) rows, after the catalogue's own examples

    @classmethod
    def of(
        cls, catalogue: Catalogue, vectors: Vectors | None = None, learned: Sequence[LearnedExample] = ()
    ) -> ExampleBank:
        specs, texts, owner, positive = [], [], [], []
        for spec, positives, negatives in example_sets(catalogue):
            specs.append(spec)
            for text, is_positive in [(t, True) for t in positives] + [(t, False) for t in negatives]:
                texts.append(text)
                owner.append(len(specs) - 1)
                positive.append(is_positive)
        index = {spec.id: i for i, spec in enumerate(specs)}
        kept = tuple(example for example in learned if example.indicator in index)  # its indicator may be gone
        for example in kept:
            texts.append(example.text)
            owner.append(index[example.indicator])
            positive.append(example.positive)
        return cls(
            specs,
            texts,
            np.array(owner, dtype=np.int64),
            np.array(positive, dtype=bool),
            np.zeros((len(texts), 0), dtype=np.float32) if vectors is None else vectors,
            kept,
        )

    def embedded(self, encoder: Encoder) -> ExampleBank:
        vectors = encoder.encode([normalize(text).text for text in self.texts])
        return ExampleBank(self.specs, self.texts, self.owner, self.positive, vectors, self.learned)

    def arrays(self, digest: str) -> dict[str, NDArray[np.generic]]:
        return {
            "vectors": self.vectors.astype(np.float16),
            "digest": np.frombuffer(digest.encode(), dtype=np.uint8),
            "learned": _learned_bytes(self.learned),  # JSON [indicator id, positive, text] rows, vectors at the end
        }

    @classmethod
    def load(
        cls, catalogue: Catalogue, name: str = BANK_FILE, encoder: Callable[[], Encoder] = default_encoder
    ) -> ExampleBank:
        """The shipped vectors of bank `name` when they were built from these very examples; embedded now with
        `encoder()` otherwise (the learned examples ship in the bank, so they are kept either way)."""
        arrays = shipped_arrays(name)
        learned: list[LearnedExample] = []
        if arrays is not None:
            learned = _learned_of(arrays)
            if arrays["digest"].tobytes().decode() == examples_digest(catalogue, learned):
                return cls.of(catalogue, arrays["vectors"].astype(np.float32), learned)
        log.warning(
            "the catalogue's examples changed since the semantic bank was built; embedding them now "
            "(run `make model` to ship them)"
        )
        return cls.of(catalogue, learned=learned).embedded(encoder())


@dataclass(frozen=True, slots=True)
class Ahead:
    """`SemanticLayer.encode_ahead`'s work, each part valid for exactly what it was computed from: the segments of
    `texts`, the first tier's decisions on `unknown`, MiniLM's vectors of `missing`."""

    texts: list[str]
    segments: list[str]
    unknown: list[str]
    near: list[bool]
    missing: list[str]
    vectors: Vectors


def _segment_texts(texts: Sequence[str], clauses: bool) -> list[str]:
    return [segment.text for text in texts for segment in _segments(text, clauses)]


def _segments(text: str, clauses: bool = False) -> tuple[Segment, ...]:
    """`segments_of`, remembered for chat-sized messages: a message is cut when it is encoded ahead, when its
    conversation's reads are prefetched and when it is read (35 µs each time, most of it normalising it again)."""
    return _remembered_segments(text, clauses) if len(text) <= REMEMBERED_CHARS else tuple(segments_of(text, clauses))


@lru_cache(maxsize=CACHE_SEGMENTS)
def _remembered_segments(text: str, clauses: bool) -> tuple[Segment, ...]:
    return tuple(segments_of(text, clauses))


def _kept(segments: list[str], worth: list[bool]) -> list[str]:
    return [text for text, keep in zip(segments, worth, strict=True) if keep][:CACHE_SEGMENTS]


def _unseen(segments: Iterable[str], seen: Container[str]) -> list[str]:
    """The segments not in `seen`, each once, in order."""
    return list(dict.fromkeys(s for s in segments if s not in seen))


class SemanticLayer:
    def __init__(
        self,
        bank: ExampleBank,
        thresholds: Thresholds,
        encoder: Encoder | None,
        first_tier: FirstTier | None = None,
        probe: Probe | None = None,
        author_model: AuthorModel | None = None,
        multilingual: Callable[[], SemanticLayer | None] | None = None,
        ordinary: Vectors | None = None,
        clauses: bool = False,
    ) -> None:
        """`first_tier`: the cheap guess that spares MiniLM the segments that cannot become a hit (None: every
        segment is encoded). `probe`: the learned reader of each category (see `probe.py`; None: examples only).
        `author_model`: the reader of a person's messages as a whole (see `author_model.py`; None: the rules alone).
        `multilingual`: makes the layer that also reads messages in the other languages (see `multilingual.py`), on the
        first such message: English chat never pays for loading it.
        `ordinary`: vectors of everyday messages; with them, a score is how far a segment stands out from its nearest
        everyday messages (see `scores`)."""
        self.bank = bank
        self._multilingual = multilingual
        self._ordinary = ordinary
        self.clauses = clauses  # reads each sentence's clauses too (see `segments_of`)
        # With `ordinary` (the multilingual bank: 10,968 examples), the similarities and scores of the latest segments,
        # computed a batch at a time when they are encoded: one message at a time, they were a sixth of the layer's time.
        self._scored: OrderedDict[str, tuple[Vectors, Vectors]] = OrderedDict()
        self.probe = probe
        # Per probe category, the indicators it may name (the one whose examples the segment is nearest).
        self._of_category = [
            np.array([i for i, spec in enumerate(bank.specs) if spec.category == category], dtype=np.int64)
            for category in (probe.categories if probe is not None else ())
        ]
        # The same as one padded table (padding: a column at the floor), so a message's per-category best is one gather.
        self._category_table = np.full((len(self._of_category), max(map(len, self._of_category), default=0)), len(bank.specs))
        for k, rows in enumerate(self._of_category):
            self._category_table[k, : len(rows)] = rows
        self.thresholds = thresholds
        self._encoder = encoder
        self._positives = [np.flatnonzero((bank.owner == i) & bank.positive) for i in range(len(bank.specs))]
        self._negatives = [np.flatnonzero((bank.owner == i) & ~bank.positive) for i in range(len(bank.specs))]
        # Every indicator's positives as one padded index table, so the k-nearest scores of all indicators are one
        # gather and one partition instead of a loop over indicators.
        width = max(len(rows) for rows in self._positives)
        self._table = np.full((len(bank.specs), width), len(bank.texts), dtype=np.int64)
        for i, rows in enumerate(self._positives):
            self._table[i, : len(rows)] = rows
        self._confirm = np.array([thresholds.confirm.get(s.category, 1.0) for s in bank.specs], dtype=np.float32)
        self._floors = empty_signals(len(self._of_category))
        # Encoded segments, most recent last: chat repeats itself, and a prefetched batch waits here for `confirm`.
        self._cache: OrderedDict[str, Vectors] = OrderedDict()
        probe_digest = probe.digest() if probe is not None else b""
        needed = first_tier is not None or author_model is not None
        self.digest = calibration_digest(bank.vectors, self._confirm, probe_digest) if needed else ""
        if first_tier is not None and first_tier.digest != self.digest:
            log.warning("the semantic bank changed since its first tier was calibrated; every segment goes to MiniLM "
                        "(run `make model` to rebuild it)")
            first_tier = None
        if author_model is not None and (author_model.layer_digest != self.digest or first_tier is None):
            log.warning("the semantic layer changed since its author model was trained; the rules alone decide levels "
                        "(run `make model` to rebuild it)")
            author_model = None
        self._first_tier = first_tier
        self.author_model = author_model
        self._bank_texts: frozenset[str] | None = None
        self._worth: dict[str, bool] = {}  # the first tier's decisions, as segments repeat

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = default_encoder()
        return self._encoder

    def indicator_scores(self, similarities: Vectors) -> Vectors:
        """(segments, indicators): mean similarity to each indicator's NEIGHBOURS nearest positive examples."""
        padded = np.concatenate([similarities, np.full((len(similarities), 1), -1.0, np.float32)], axis=1)
        gathered = padded[:, self._table]  # (segments, indicators, positives); padding never reaches the top k
        top = np.partition(gathered, gathered.shape[2] - NEIGHBOURS, axis=2)[:, :, -NEIGHBOURS:]
        scores: Vectors = top.mean(axis=2)
        return scores

    def scores(self, vectors: Vectors, everyday: Vectors | None = None) -> tuple[Vectors, Vectors]:
        """The segments' similarities to the bank's examples, and their `indicator_scores`. With everyday messages
        (`ordinary`), each score is less the segment's closeness to everyday chat (`everyday`, else `everyday_of`):
        USE finds any two short chat lines fairly alike, so closeness to a move counts only where it is more."""
        with one_blas_thread():
            similarities: Vectors = vectors @ self.bank.vectors.T
            scores = self.indicator_scores(similarities)
            if self._ordinary is not None:
                scores -= (self.everyday_of(vectors) if everyday is None else everyday)[:, None]
        return similarities, scores

    def everyday_of(self, vectors: Vectors) -> Vectors:
        """The mean similarity of each segment's NEIGHBOURS nearest everyday messages (with `ordinary` only)."""
        assert self._ordinary is not None
        with one_blas_thread():
            near = vectors @ self._ordinary.T
            nearest: Vectors = np.partition(near, near.shape[1] - NEIGHBOURS, axis=1)[:, -NEIGHBOURS:].mean(axis=1)
        return nearest

    def worth_encoding(self, segments: Sequence[str], ahead: Ahead | None = None) -> list[bool]:
        """Whether each segment can become a hit, as far as the first tier can tell (always, without one). `ahead`: see
        `prefetch`."""
        if self._first_tier is None:
            return [True] * len(segments)
        if len(self._worth) + len(segments) > CACHE_SEGMENTS:
            self._worth.clear()
        unknown = _unseen(segments, self._worth)
        if unknown:
            near = ahead.near if ahead is not None and ahead.unknown == unknown else self._near(unknown)
            self._worth.update(zip(unknown, near, strict=True))
        return [self._worth[s] for s in segments]

    def _near(self, unknown: list[str]) -> list[bool]:
        # Judged together: a guess's last bits depend on the segments computed with it, so `ahead` is used only for the
        # same list.
        tier = self._first_tier
        assert tier is not None
        if self._bank_texts is None:
            self._bank_texts = frozenset(normalize(text).text for text in self.bank.texts)
        with one_blas_thread():
            guessed = tier.guess(unknown)
            scores = self.indicator_scores(guessed @ self.bank.vectors.T)
            near = (scores - self._confirm).max(axis=1) >= -tier.cut
            if self.probe is not None:
                near |= self.probe.gaps(guessed).max(axis=1) >= -tier.probe_cut
        return [is_near or text in self._bank_texts for text, is_near in zip(unknown, near.tolist(), strict=True)]

    def prefetch(self, texts: Sequence[str], ahead: Ahead | None = None, other_language: Sequence[str] = ()) -> None:
        """Encode the segments of messages that are about to be read in one batch (several times faster than one
        message at a time); `confirm` then finds them in the cache. `ahead`: `encode_ahead` of the same texts, made
        earlier; its decisions and vectors are taken where this call would compute them for exactly the same list of
        segments (a vector's last bits depend on its batch), so the results are this call's alone. `other_language`:
        those of them in the other languages, for the multilingual layer."""
        multilingual = self._multilingual_layer(bool(other_language))
        if multilingual is not None:
            multilingual.prefetch(other_language)
        segments = ahead.segments if ahead is not None and ahead.texts == texts else _segment_texts(texts, self.clauses)
        kept = _kept(segments, self.worth_encoding(segments, ahead))
        if kept:
            self._vectors(kept, ahead)

    def encode_ahead(self, texts: Sequence[str], after: Sequence[Ahead] = ()) -> Ahead:
        """What `prefetch(texts)` would compute if it were called now (after the prefetches `after` was made for, if they
        are not made yet), without changing the caches: for another thread, while this one reads and analyses. It only
        looks the caches up; what this thread adds meanwhile makes other lists, and then `prefetch` computes its own."""
        segments = _segment_texts(texts, self.clauses)
        unknown: list[str] = []
        near: list[bool] = []
        worth = [True] * len(segments)
        if self._first_tier is not None:
            judged = self._worth.copy()
            for earlier in after:
                judged.update(zip(earlier.unknown, earlier.near, strict=True))
            if len(judged) + len(segments) > CACHE_SEGMENTS:
                judged = {}  # as `worth_encoding` clears a full cache
            unknown = _unseen(segments, judged)
            near = self._near(unknown) if unknown else []
            judged.update(zip(unknown, near, strict=True))
            worth = [judged[s] for s in segments]
        encoded = {s for earlier in after for s in earlier.missing}
        missing = [s for s in _unseen(_kept(segments, worth), self._cache) if s not in encoded]
        vectors = self.encoder.encode(missing) if missing else np.zeros((0, self.bank.vectors.shape[1]), dtype=np.float32)
        return Ahead(list(texts), segments, unknown, near, missing, vectors)

    def _vectors(self, segments: list[str], ahead: Ahead | None = None) -> Vectors:
        # Mark what is wanted as recent before anything new comes in, and read the vectors before trimming: the least
        # recently used entries that make room are then never among these segments.
        for text in segments:
            if text in self._cache:
                self._cache.move_to_end(text)
        missing = _unseen(segments, self._cache)
        if missing:
            encoded = ahead.vectors if ahead is not None and ahead.missing == missing else self.encoder.encode(missing)
            for text, vector in zip(missing, encoded, strict=True):
                self._cache[text] = vector
            if self._ordinary is not None:  # with the vectors: one pass over the bank and everyday chat for the batch
                self._scored.update(zip(missing, zip(*self.scores(encoded), strict=True), strict=True))
                while len(self._scored) > SCORED_SEGMENTS:
                    self._scored.popitem(last=False)
        vectors = np.stack([self._cache[text] for text in segments])
        while len(self._cache) > CACHE_SEGMENTS:
            self._cache.popitem(last=False)
        return vectors

    def confirm(self, original: str) -> list[SemanticHit]:
        """The indicators a message's segments mean; one hit (the best segment) per indicator."""
        return self.read(original).hits

    def read(self, original: str, other_language: bool = False) -> Reading:
        """The message's hits and signals (see `Reading`); `other_language`: the message is in one of the other
        languages, so the multilingual layer reads it too (its hits of indicators this layer did not find join)."""
        reading = self._read(original)
        multilingual = self._multilingual_layer(other_language)
        if multilingual is not None:
            found = {hit.spec.id for hit in reading.hits}
            more = [replace(h, other_language=True) for h in multilingual.confirm(original) if h.spec.id not in found]
            if more:
                return Reading(reading.hits + more, reading.signals)
        return reading

    def _multilingual_layer(self, wanted: bool) -> SemanticLayer | None:
        """The multilingual layer when a message in the other languages wants it (made on the first such message)."""
        return self._multilingual() if wanted and self._multilingual is not None else None

    def _read(self, original: str) -> Reading:
        cut = _segments(original, self.clauses)
        segments = [s for s, worth in zip(cut, self.worth_encoding([s.text for s in cut]), strict=True) if worth]
        if not segments:
            return Reading([], None)
        vectors = self._vectors([s.text for s in segments])
        if self._ordinary is not None and all(s.text in self._scored for s in segments):
            similarities, scores = (np.stack(rows) for rows in zip(*(self._scored[s.text] for s in segments), strict=True))
        else:  # MiniLM's small bank, or pieces encoded more than SCORED_SEGMENTS pieces ago
            similarities, scores = self.scores(vectors)
        leading = scores >= scores.max(axis=1, keepdims=True) - BEST_MARGIN
        best: dict[int, SemanticHit] = {}
        for row, i in np.argwhere((scores >= self._confirm) & leading):
            hit = self._hit(original, segments[row], similarities[row], i, float(scores[row, i]), float(self._confirm[i]))
            if hit is not None and (i not in best or best[i].similarity < hit.similarity):
                best[i] = hit
        signals = None
        if self.probe is not None:
            heard = {self.bank.specs[i].category for i in best}
            gaps = self.probe.gaps(vectors)
            best_gaps = gaps.max(axis=0)
            nearest = np.append((scores - self._confirm).max(axis=0), NEAREST_FLOOR)[self._category_table].max(axis=1)
            signals = np.maximum(np.stack([best_gaps, nearest]), self._floors).astype(np.float32)
            for k in np.flatnonzero(best_gaps >= 0):
                if self.probe.categories[k] in heard:
                    continue
                row = int(gaps[:, k].argmax())
                candidates = self._of_category[k]
                i = int(candidates[scores[row, candidates].argmax()])
                score = round(float(scores[row, i]), 4)  # the probe decided: the lowest confidence a meaning match has
                hit = self._hit(original, segments[row], similarities[row], i, score, score)
                if hit is not None:
                    best[i] = hit
        return Reading(list(best.values()), signals)

    def _hit(
        self, original: str, segment: Segment, similarities: Vectors, i: int, score: float, threshold: float
    ) -> SemanticHit | None:
        """A hit of indicator i quoting its nearest example; None when one of the look-alikes it must spare is nearer."""
        positives, negatives = self._positives[i], self._negatives[i]
        nearest = positives[int(similarities[positives].argmax())]
        if len(negatives) and similarities[negatives].max() > similarities[nearest]:
            return None
        text = original[segment.start : segment.end]
        return SemanticHit(self.bank.specs[i], segment.start, segment.end, text, round(score, 4), threshold, self.bank.texts[nearest])


def load_thresholds(name: str = THRESHOLDS_FILE) -> Thresholds:
    data = json.loads(resources.files("lurewatch.semantic").joinpath(name).read_text(encoding="utf-8"))
    return Thresholds(data["confirm"])


def default_semantic_layer() -> SemanticLayer:
    """The shipped layer, made once per process. Locked: made by two threads at once (the encoding thread and the one
    that analyses), there were two, each with its own caches, and the reads missed what the prefetches had encoded."""
    with _DEFAULT_LAYER_LOCK:
        return _shipped_layer()


_DEFAULT_LAYER_LOCK = threading.Lock()


@cache
def _shipped_layer() -> SemanticLayer:
    catalogue = load_catalogue()
    bank = ExampleBank.load(catalogue)
    probe = Probe.load()
    if probe is not None and probe.bank_digest != examples_digest(catalogue, bank.learned):
        log.warning("the semantic bank changed since the probe was trained; it is left out (run `make model`)")
        probe = None
    from lurewatch.semantic.multilingual import shipped_layer  # it builds on this module

    return SemanticLayer(bank, load_thresholds(), None, FirstTier.load(), probe, AuthorModel.load(), shipped_layer)

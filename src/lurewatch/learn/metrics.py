"""Evaluation metrics, in numpy only (no scikit-learn: one more heavy dependency for a dozen lines of arithmetic).

Undefined values follow one rule: a ratio with nothing to divide by is 0.0 (precision with no predictions, recall with
no positives, as scikit-learn's `zero_division=0`), while a curve summary that cannot exist at all (ROC AUC or average
precision with only one class present, a median of nothing) is None, so that JSON shows `null` rather than a number
that looks measured.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray


def safe_ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def fbeta(precision: float, recall: float, beta: float) -> float:
    """F-beta = (1 + beta²)·P·R / (beta²·P + R): beta < 1 weighs precision more, beta > 1 recall more."""
    weight = beta * beta
    denominator = weight * precision + recall
    return (1 + weight) * precision * recall / denominator if denominator else 0.0


@dataclass(frozen=True)
class Confusion:
    """Counts of a binary decision (positive = risky / predator) and the measures built from them."""

    tp: int
    fp: int
    fn: int
    tn: int = 0  # not defined for set-based tasks (PAN problems 1 and 2): everything not predicted is "negative"

    @classmethod
    def of(cls, truth: Iterable[bool], predicted: Iterable[bool]) -> Confusion:
        tp = fp = fn = tn = 0
        for actual, guess in zip(truth, predicted, strict=True):
            if actual and guess:
                tp += 1
            elif guess:
                fp += 1
            elif actual:
                fn += 1
            else:
                tn += 1
        return cls(tp=tp, fp=fp, fn=fn, tn=tn)

    @classmethod
    def of_sets(cls, relevant: AbstractSet[object], predicted: AbstractSet[object]) -> Confusion:
        """Retrieval-style counts, as the PAN 2012 overview scores predator ids and predatory lines."""
        hits = len(relevant & predicted)
        return cls(tp=hits, fp=len(predicted) - hits, fn=len(relevant) - hits)

    @property
    def precision(self) -> float:
        return safe_ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return safe_ratio(self.tp, self.tp + self.fn)

    @property
    def false_positive_rate(self) -> float:
        return safe_ratio(self.fp, self.fp + self.tn)

    @property
    def f1(self) -> float:
        return fbeta(self.precision, self.recall, 1.0)

    def fbeta(self, beta: float) -> float:
        return fbeta(self.precision, self.recall, beta)


def _binary(truth: ArrayLike, scores: ArrayLike) -> tuple[NDArray[np.bool_], NDArray[np.float64]]:
    y = np.asarray(truth, dtype=bool)
    s = np.asarray(scores, dtype=np.float64)
    if y.shape != s.shape or y.ndim != 1:
        raise ValueError(f"truth and scores must be 1-d and of equal length, got {y.shape} and {s.shape}")
    return y, s


def average_ranks(values: ArrayLike) -> NDArray[np.float64]:
    """1-based ranks, ties sharing the mean of the ranks they span (as scipy's rankdata 'average')."""
    v = np.asarray(values, dtype=np.float64)
    count = v.size
    order = np.argsort(v, kind="mergesort")
    ordered = v[order]
    starts_group = np.r_[True, ordered[1:] != ordered[:-1]] if count else np.zeros(0, dtype=bool)
    starts = np.flatnonzero(starts_group)
    ends = np.r_[starts[1:], count]  # exclusive
    mean_rank = (starts + 1 + ends) / 2.0  # the mean of the 1-based positions start+1 .. end
    ranks = np.empty(count, dtype=np.float64)
    ranks[order] = mean_rank[np.cumsum(starts_group) - 1]
    return ranks


def roc_auc(truth: ArrayLike, scores: ArrayLike) -> float | None:
    """Area under the ROC curve: the chance that a random positive scores above a random negative, a tie counting
    half (the Mann-Whitney U statistic over n_pos·n_neg). None when either class is missing."""
    y, s = _binary(truth, scores)
    positives = int(y.sum())
    negatives = y.size - positives
    if positives == 0 or negatives == 0:
        return None
    rank_sum = float(average_ranks(s)[y].sum())
    return (rank_sum - positives * (positives + 1) / 2.0) / (positives * negatives)


@dataclass(frozen=True)
class PrCurve:
    """Precision and recall at each distinct score used as threshold (score >= threshold is positive), highest first."""

    thresholds: NDArray[np.float64]
    precision: NDArray[np.float64]
    recall: NDArray[np.float64]


def pr_curve(truth: ArrayLike, scores: ArrayLike) -> PrCurve:
    y, s = _binary(truth, scores)
    order = np.argsort(-s, kind="mergesort")
    ordered, hits = s[order], y[order]
    # One point per distinct score: tied items are admitted together, whatever their order in the input.
    last_of_group = np.r_[ordered[1:] != ordered[:-1], True] if ordered.size else np.zeros(0, dtype=bool)
    tp = np.cumsum(hits)[last_of_group].astype(np.float64)
    admitted = (np.flatnonzero(last_of_group) + 1).astype(np.float64)
    positives = float(y.sum())
    recall = tp / positives if positives else np.zeros_like(tp)
    return PrCurve(thresholds=ordered[last_of_group], precision=tp / admitted, recall=recall)


def average_precision(truth: ArrayLike, scores: ArrayLike) -> float | None:
    """PR AUC as average precision: sum over thresholds of (R_n - R_{n-1})·P_n, with R_0 = 0 (the step-wise area,
    scikit-learn's definition; no interpolation, which would overstate it). None without positives or negatives."""
    y, _ = _binary(truth, scores)
    if not y.any() or y.all():
        return None
    curve = pr_curve(truth, scores)
    steps = np.diff(np.r_[0.0, curve.recall])
    return float(np.sum(steps * curve.precision))


def median(values: Sequence[float]) -> float | None:
    return float(np.median(np.asarray(values, dtype=np.float64))) if len(values) else None


def latency_p(median_messages: float) -> float:
    """Slope p of the latency penalty, chosen so that the penalty is 0.5 at `median_messages`: p = ln 3 / (median - 1).

    (-1 + 2/(1 + e^(-ln 3)) = -1 + 2/(4/3) = 0.5.) A median of one message or less leaves no room for a slope; p is
    then taken for a median of two, so the penalty still rises from 0 at the first message."""
    return math.log(3) / (median_messages - 1) if median_messages > 1 else math.log(3)


def latency_penalty(k: float, p: float) -> float:
    """latency(k) = -1 + 2 / (1 + exp(-p·(k - 1))): 0 when warned at the first message, towards 1 as k grows."""
    return -1.0 + 2.0 / (1.0 + math.exp(-p * (k - 1)))


@dataclass(frozen=True)
class LatencyF1:
    f1: float
    p: float
    median_messages: float
    speed: float | None  # 1 - median penalty over the true positives; None without any
    f_latency: float


def latency_weighted_f1(f1: float, true_positive_ks: Sequence[int], median_messages: float) -> LatencyF1:
    """Latency-weighted F1 of early sexual-predator detection (Vogt, Leser & Akbik, ACL 2021, "Early Detection of
    Sexual Predators in Chats", after Sadeque et al. 2018's eRisk measure).

    For every true positive, k is the number of messages read when the warning was raised (k = 1: at the first
    message that counts). Each k costs latency(k) = -1 + 2 / (1 + exp(-p·(k - 1))), with p = ln 3 / (median - 1) so
    that warning after the median number of messages costs exactly 0.5. speed = 1 - median(latency(k)) over the true
    positives, and F_latency = F1 · speed. A detector that is right but only at the end of long chats is thus marked
    down, one that warns after a handful of messages keeps nearly all its F1. Without any true positive F1 is 0 as well,
    and so is F_latency.
    """
    p = latency_p(median_messages)
    if not true_positive_ks:
        return LatencyF1(f1=f1, p=p, median_messages=median_messages, speed=None, f_latency=0.0)
    penalties = [latency_penalty(k, p) for k in true_positive_ks]
    speed = 1.0 - float(np.median(penalties))
    return LatencyF1(f1=f1, p=p, median_messages=median_messages, speed=speed, f_latency=f1 * speed)

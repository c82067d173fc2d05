"""The probe: one logistic regression per category over MiniLM vectors, beside the nearest-example rule.

The nearest-example rule (`layer.py`) hears a move when a segment is close to an indicator's examples. The probe learns,
from every message of the tagged training conversations, which directions of MiniLM's space mark a category at all, so
it also hears moves worded unlike any example ("u alone at home after tuition?"). `build.py` trains and calibrates it:

- rows: every message of the training conversations (its `tags` are its categories; a look-alike or an untagged message
  is a negative of every category), the bank's examples (a positive of an indicator is a positive of its category, a
  counter-example a negative of every category) and an evenly spaced sample of ordinary chat (negatives); positives and negatives
  of a category weigh half the total each;
- threshold per category: the logit that a share `CONFIRM_BENIGN_RATE` of ordinary chat's calibration segments reach
  (the sample and rate the layer's thresholds use), plus PROBE_MARGIN.

Deterministic: Newton's method from zero weights, a fixed number of steps.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from lurewatch.semantic.encoder import Vectors
from lurewatch.semantic.shipped import shipped_arrays

PROBE_FILE = "probe.safetensors"
L2 = 1.0  # on the weights (not the bias), against a loss summed over rows
NEWTON_STEPS = 12
# Logits above ordinary chat's quantile. The quantile alone let look-alikes of teen chat through that ordinary chat
# lacks; 2.0 was chosen on the validation sets (eval/validation, eval/heldout/dev.jsonl) from 0, 1.5, 2 and 3: recall
# rose without more benign conversations alerted.
PROBE_MARGIN = 2.0


@dataclass(frozen=True)
class Probe:
    categories: tuple[str, ...]
    weights: Vectors  # (categories, width)
    bias: Vectors  # (categories,)
    thresholds: Vectors  # (categories,) logits
    bank_digest: str  # the bank it was trained with: a rebuilt bank needs a retrained probe

    def gaps(self, vectors: Vectors) -> Vectors:
        """(segments, categories): how far each logit is above its threshold (>= 0: a hit)."""
        gaps: Vectors = vectors @ self.weights.T + (self.bias - self.thresholds)
        return gaps

    def digest(self) -> bytes:
        return hashlib.sha256(self.weights.tobytes() + self.bias.tobytes() + self.thresholds.tobytes()).digest()

    def arrays(self) -> dict[str, NDArray[np.generic]]:
        return {
            "weights": self.weights.astype(np.float32),
            "bias": self.bias.astype(np.float32),
            "thresholds": self.thresholds.astype(np.float32),
            "categories": np.frombuffer("\n".join(self.categories).encode(), dtype=np.uint8),
            "bank_digest": np.frombuffer(self.bank_digest.encode(), dtype=np.uint8),
        }

    @classmethod
    def load(cls) -> Probe | None:
        arrays = shipped_arrays(PROBE_FILE)
        if arrays is None:
            return None
        return cls(
            tuple(arrays["categories"].tobytes().decode().split("\n")),
            arrays["weights"],
            arrays["bias"],
            arrays["thresholds"],
            arrays["bank_digest"].tobytes().decode(),
        )


def fit(features: Vectors, labels: NDArray[np.bool_], l2: float = L2) -> tuple[Vectors, Vectors]:
    """Weights (categories, width) and biases of one logistic regression per column of `labels` (rows, categories)."""
    rows, width = features.shape
    design = np.concatenate([features.astype(np.float64), np.ones((rows, 1))], axis=1)
    penalty = np.full(width + 1, l2)
    penalty[-1] = 0.0
    weights = np.zeros((labels.shape[1], width), dtype=np.float32)
    biases = np.zeros(labels.shape[1], dtype=np.float32)
    for k in range(labels.shape[1]):
        theta = _newton(design, labels[:, k].astype(np.float64), penalty)
        weights[k], biases[k] = theta[:-1], theta[-1]
    return weights, biases


def _newton(design: NDArray[np.float64], target: NDArray[np.float64], penalty: NDArray[np.float64]) -> NDArray[np.float64]:
    rows = len(target)
    positives = max(1.0, float(target.sum()))
    balance = np.where(target > 0, rows / (2 * positives), rows / (2 * max(1.0, rows - positives)))

    def loss(theta: NDArray[np.float64]) -> float:
        z = design @ theta
        return float(balance @ (np.logaddexp(0.0, z) - target * z) + 0.5 * penalty @ (theta * theta))

    theta = np.zeros(design.shape[1])
    for _ in range(NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-(design @ theta)))
        gradient = design.T @ (balance * (p - target)) + penalty * theta
        hessian = (design * (balance * p * (1 - p))[:, None]).T @ design + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        before = loss(theta)
        while loss(theta - step) > before and np.abs(step).max() > 1e-9:  # damped where a full step overshoots
            step /= 2
        theta -= step
    return theta


def benign_thresholds(weights: Vectors, bias: Vectors, benign: Vectors, rate: float) -> Vectors:
    """Per category, the logit that a share `rate` of the benign segments reach, plus PROBE_MARGIN."""
    logits = benign @ weights.T + bias
    thresholds: Vectors = (np.quantile(logits, 1 - rate, axis=0) + PROBE_MARGIN).astype(np.float32)
    return thresholds


def labels_of(categories: Sequence[str], rows: Sequence[frozenset[str]]) -> NDArray[np.bool_]:
    index = {category: k for k, category in enumerate(categories)}
    labels = np.zeros((len(rows), len(categories)), dtype=bool)
    for row, names in enumerate(rows):
        for name in names:
            labels[row, index[name]] = True
    return labels

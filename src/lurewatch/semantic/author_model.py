"""The author model: whether a person's messages, read as a whole, look like grooming or extortion.

The findings each come from one message. The scoring rules (`scoring.py`) combine them by category, but a person whose
every move is worded a little unlike the examples leaves only near-misses: the probe's and the nearest-example rule's
scores just under their thresholds, in four or five categories at once. Ordinary chat rarely comes near in more than
one or two. This small logistic regression reads how many categories the meaning layer came near for a person and how
near, and says how likely they are the suspect of a risky conversation.

Its inputs are the meaning layer's signals, not the rules' verdicts. A first version also read the rules' score and
how many categories a person had findings in; each later change to the rules then left the shipped model trained on
inputs the code no longer gave, and `make model` no longer rebuilt it (the shipped file was the eighth session's until
the nineteenth). Read by meaning alone, it does as well by cross-validation (F0.5 0.963 against 0.958-0.960) and a
new wording changes only whom it reads (people with a finding), not what it reads of them. How many messages a person
wrote is left out too: a first version read it, and it took long real offender chats for ordinary ones (the lessons
of `../shared/notes/learned-model-lessons.md`: length leaks).

It judges people with at least one finding: at or above its threshold they are high. Below it, a high the rules
gave (even a `critical` by many signs) is lowered to medium only when the odds are under even
(`scoring.MODEL_VETO_BELOW`). It never judges extortion (critical whatever the odds), an age that makes them high (an
adult by their own words with a minor by theirs, an age that does not add up, someone one to one with a declared
minor), or a high that findings in the catalogue's own words make alone.

`author_build.py` trains it (make model) on conversations whose messages the bank and the probe never learned
(`eval/train/author/`), so the near-misses it reads are the ones unseen chat gives, and on windows of ordinary chat.
The threshold is the probability that a share AUTHOR_BENIGN_RATE of the training's other people (benign look-alikes,
targets, ordinary chat) with a finding reach. Deterministic: Newton's method from zero.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from lurewatch.model import Contribution
from lurewatch.semantic.shipped import shipped_arrays

if TYPE_CHECKING:
    from lurewatch.semantic.encoder import Vectors

AUTHOR_MODEL_FILE = "author_model.safetensors"
# Floors of the per-category signals (the probe's logit above its threshold; the nearest examples' similarity above
# the category's threshold): what lies below is "nowhere near" and counts the same as a segment never encoded.
PROBE_FLOOR = -4.0
NEAREST_FLOOR = -0.15
PROBE_STEPS = (-3.0, -2.0, -1.0, 0.0, 1.0)
NEAREST_STEPS = (-0.1, -0.05, 0.0, 0.05)
TOP = 3  # the sum of the 3 best categories' signals: one near-miss is chance, three are a pattern
FEATURES = (
    *(f"probe_categories_above_{step:g}" for step in PROBE_STEPS),
    "probe_top3",
    *(f"nearest_categories_above_{step:g}" for step in NEAREST_STEPS),
    "nearest_top3",
)
# How a decision is explained: the inputs in two groups (the probe, the nearest examples), each with how much it moved
# the odds; a category counts as "near" from the second step of its signal on.
_GROUPS = {
    "author_model:probe": tuple(name for name in FEATURES if name.startswith("probe_")),
    "author_model:examples": tuple(name for name in FEATURES if name.startswith("nearest_")),
}

NAMED = 4  # categories named per group, nearest first


def empty_signals(categories: int) -> NDArray[np.float32]:
    """(2, categories) at the floors: row 0 the probe, row 1 the nearest examples."""
    return np.array([[PROBE_FLOOR] * categories, [NEAREST_FLOOR] * categories], dtype=np.float32)


def features(signals: Vectors | None) -> list[float]:
    """A person's summary as the model reads it (FEATURES order). `signals`: their best per-category signals so far
    (see `empty_signals`), None when the meaning layer has read none of their messages."""
    probe: list[float] = [] if signals is None else sorted(signals[0].tolist(), reverse=True)
    nearest: list[float] = [] if signals is None else sorted(signals[1].tolist(), reverse=True)
    categories = len(probe)
    probe_top = sum(probe[:TOP]) + PROBE_FLOOR * max(0, TOP - categories)
    nearest_top = sum(nearest[:TOP]) + NEAREST_FLOOR * max(0, TOP - categories)
    return [
        *(float(sum(value > step for value in probe)) for step in PROBE_STEPS),
        probe_top,
        *(float(sum(value > step for value in nearest)) for step in NEAREST_STEPS),
        nearest_top,
    ]


@dataclass(frozen=True)
class AuthorModel:
    weights: Vectors  # (features,), on standardised features
    bias: float
    mean: Vectors  # (features,)
    scale: Vectors  # (features,)
    threshold: float  # probability
    layer_digest: str  # the semantic layer it was trained with (`first_tier.calibration_digest`)

    def probability(self, summary: Sequence[float]) -> float:
        z = float(((np.asarray(summary, dtype=np.float32) - self.mean) / self.scale) @ self.weights) + self.bias
        return 1.0 / (1.0 + math.exp(-z))

    def explain(
        self,
        name: str,
        summary: Sequence[float],
        signals: Vectors | None,
        signal_at: NDArray[np.int64] | None,
        categories: Sequence[str],
    ) -> list[Contribution]:
        """Why the model decided as it did for this person (`summary`: their `features`; `signal_at`: the message each
        best signal came from): the odds, then each group of inputs that moved them the way of the decision, most
        first, with the messages behind it."""
        odds = self.probability(summary)
        lifted = odds >= self.threshold
        verdict = (
            f"Read as a whole, {name}'s messages look like those of someone grooming or extorting a child (odds "
            f"{odds:.2f}; from {self.threshold:.2f} on it is high), more than each sign alone shows."
            if lifted
            else f"Read as a whole, {name}'s messages look less like grooming than their separate signs suggest (odds "
            f"{odds:.2f}), so this person stays below high."
        )
        pushes = dict(zip(FEATURES, (((np.asarray(summary, np.float32) - self.mean) / self.scale) * self.weights).tolist(), strict=True))
        near_probe = _near(signals, 0, PROBE_STEPS[1])
        near_examples = _near(signals, 1, NEAREST_STEPS[1])
        reasons = {
            "author_model:probe": (
                f"Read by meaning, their messages come near these kinds of warning sign: {_names(categories[k] for k in near_probe)}.",
                _messages(signal_at, 0, near_probe),
            ),
            "author_model:examples": (
                f"Their messages resemble the catalogue's examples of: {_names(categories[k] for k in near_examples)}.",
                _messages(signal_at, 1, near_examples),
            ),
        }
        moved = sorted(((sum(pushes[f] for f in group), key) for key, group in _GROUPS.items()), reverse=lifted)
        contributions = [Contribution(feature="author_model", description=verdict, log_odds=round(_logit(odds) - _logit(self.threshold), 3))]
        for push, key in moved:
            if (push > 0) == lifted and push != 0:
                description, indices = reasons[key]
                contributions.append(Contribution(feature=key, description=description, log_odds=round(push, 3), message_indices=indices))
        return contributions

    def arrays(self) -> dict[str, NDArray[np.generic]]:
        return {
            "weights": self.weights.astype(np.float32),
            "bias": np.array([self.bias], dtype=np.float32),
            "mean": self.mean.astype(np.float32),
            "scale": self.scale.astype(np.float32),
            "threshold": np.array([self.threshold], dtype=np.float32),
            "features": np.frombuffer("\n".join(FEATURES).encode(), dtype=np.uint8),
            "layer_digest": np.frombuffer(self.layer_digest.encode(), dtype=np.uint8),
        }

    def digest(self) -> str:
        return hashlib.sha256(b"".join(a.tobytes() for a in self.arrays().values())).hexdigest()

    @classmethod
    def load(cls) -> AuthorModel | None:
        arrays = shipped_arrays(AUTHOR_MODEL_FILE)
        if arrays is None:
            return None
        if tuple(arrays["features"].tobytes().decode().split("\n")) != FEATURES:
            return None  # written by another version: its weights mean other things
        return cls(
            arrays["weights"],
            float(arrays["bias"][0]),
            arrays["mean"],
            arrays["scale"],
            float(arrays["threshold"][0]),
            arrays["layer_digest"].tobytes().decode(),
        )


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _near(signals: Vectors | None, row: int, step: float) -> list[int]:
    """The categories (indices) whose signal in `row` is above `step`, nearest first, at most NAMED."""
    if signals is None:
        return []
    order = np.argsort(-signals[row], kind="stable")
    return [k for k in order.tolist() if signals[row, k] > step][:NAMED]


def _names(categories: Iterable[str]) -> str:
    return ", ".join(category.replace("_", " ") for category in categories) or "none"


def _messages(signal_at: NDArray[np.int64] | None, row: int, near: list[int]) -> list[int]:
    return [] if signal_at is None else sorted({int(signal_at[row, k]) for k in near})

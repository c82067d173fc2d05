"""The learned scorer: a small logistic regression over each participant's findings and conversation signals
(`features.py`), calibrated so that its levels mean something, saved as plain JSON (never a pickle).

How a participant's risk is scored:
1. features of the participant (`features.all_participant_features`), including the catalogue's own rule score;
2. log-odds z = bias + weights . features; probability p = sigmoid(a * z + b) (Platt calibration on validation);
3. the level comes from p and the model's thresholds, chosen on validation windows: `high` at a stated precision,
   `medium` catching most of the rest (the numbers are in the model file, `validation`);
4. p is mapped piecewise-linearly onto lurewatch's score scale, so `scoring.level_for(score)` gives the same level as
   the thresholds and every report, filter and `--fail-on` keeps working unchanged;
5. the catalogue's certainty is kept: a participant the rules score critical (a sextortion threat or demand matched by
   its words) stays at their rule score.

The conversation is as risky as its riskiest participant, at the worst moment seen (a grooming move is not undone by
more chat). Each participant's score is explained by the features that pushed it up most, and each feature by the
findings behind it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

from lurewatch.advice import advise
from lurewatch.errors import UsageError
from lurewatch.indicators.catalogue import Catalogue, load_catalogue
from lurewatch.indicators.recognizer import Recognizer, default_recognizer
from lurewatch.learn.features import (
    FEATURE_VERSION,
    AnalysisLike,
    all_participant_features,
    describe,
    evidence_behind,
    has_evidence,
    single_message,
)
from lurewatch.model import (
    Analysis,
    Audience,
    Contribution,
    Conversation,
    Risk,
    RiskLevel,
)
from lurewatch.scoring import CRITICAL_FLOOR, LEVEL_THRESHOLDS, level_at_least, level_for

if TYPE_CHECKING:
    from lurewatch.api import Detectors

MODEL_FILE = "model.json"
FORMAT = "lurewatch-learned-scorer"
FORMAT_VERSION = 1
DEFAULT_MODEL = "default"  # `--model default`: the scorer bundled with lurewatch (learn/default/model.json)
TOP_CONTRIBUTIONS = 3
MIN_CONTRIBUTION = 0.05  # log-odds; smaller pushes are not worth a line of explanation
SCALED_LEVELS: tuple[RiskLevel, ...] = ("low", "medium", "high", "critical")
CORE_KEYS = (
    "format",
    "format_version",
    "feature_version",
    "detectors",
    "features",
    "weights",
    "bias",
    "calibration",
    "thresholds",
)


class ModelError(UsageError):
    """A model directory or file that cannot be used (missing, not JSON, wrong shape)."""


@dataclass(frozen=True)
class ParticipantScore:
    name: str
    probability: float
    risk: Risk
    contributions: list[Contribution] = field(default_factory=list)


@dataclass(frozen=True)
class ConversationScore:
    risk: Risk
    participants: dict[str, ParticipantScore]


@dataclass(frozen=True)
class LearnedScorer:
    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    calibration: tuple[float, float]  # p = sigmoid(a * z + b)
    thresholds: dict[str, float]  # lower bound of the calibrated probability for low, medium, high, critical
    detectors: str = "catalogue"  # the detectors the training analyses ran with
    info: dict[str, Any] = field(default_factory=dict)  # training and validation facts (numbers and digests only)

    # --- the model as data -------------------------------------------------------------------------------------------

    def core(self) -> dict[str, Any]:
        """Everything that decides a score; its hash identifies the model."""
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "feature_version": FEATURE_VERSION,
            "detectors": self.detectors,
            "features": list(self.features),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "calibration": {"a": round(self.calibration[0], 6), "b": round(self.calibration[1], 6)},
            "thresholds": {name: round(self.thresholds[name], 6) for name in SCALED_LEVELS},
        }

    @property
    def digest(self) -> str:
        return hashlib.sha256(_canonical(self.core()).encode()).hexdigest()

    @property
    def label(self) -> str:
        return f"learned:{self.digest[:12]}"

    def to_json(self) -> str:
        document = {**self.core(), "weights_sha256": self.digest, **{k: v for k, v in sorted(self.info.items())}}
        return json.dumps(document, indent=1, sort_keys=False, ensure_ascii=True) + "\n"

    def save(self, folder: str | Path) -> Path:
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        path = target / MODEL_FILE
        temp = path.with_name(f".{MODEL_FILE}.tmp")
        temp.write_text(self.to_json(), encoding="utf-8")
        temp.replace(path)
        return path

    @classmethod
    def from_dict(cls, data: Any, where: str) -> LearnedScorer:
        def bad(what: str) -> ModelError:
            return ModelError(f"{where}: not a lurewatch model ({what})")

        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise bad(f'"format" must be "{FORMAT}"')
        if data.get("format_version") != FORMAT_VERSION:
            raise bad(f"format_version {data.get('format_version')!r}, this lurewatch reads {FORMAT_VERSION}")
        if data.get("feature_version") != FEATURE_VERSION:
            raise bad(f"feature_version {data.get('feature_version')!r}, this lurewatch computes {FEATURE_VERSION}")
        names, weights = data.get("features"), data.get("weights")
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise bad('"features" must be a list of names')
        if not isinstance(weights, list) or len(weights) != len(names) or not all(_number(w) for w in weights):
            raise bad('"weights" must be numbers, one per feature')
        bias = data.get("bias")
        calibration = data.get("calibration")
        thresholds = data.get("thresholds")
        if not _number(bias):
            raise bad('"bias" must be a number')
        if not isinstance(calibration, dict) or not all(_number(calibration.get(k)) for k in ("a", "b")):
            raise bad('"calibration" must hold numbers "a" and "b"')
        if not isinstance(thresholds, dict) or not all(_number(thresholds.get(k)) for k in SCALED_LEVELS):
            raise bad(f'"thresholds" must hold numbers {", ".join(SCALED_LEVELS)}')
        bounds = [float(thresholds[k]) for k in SCALED_LEVELS]
        if not all(0.0 < x < 1.0 for x in bounds) or any(b <= a for a, b in itertools.pairwise(bounds)):
            raise bad('"thresholds" must rise strictly between 0 and 1 from low to critical')
        detectors = data.get("detectors", "catalogue")
        if detectors not in ("catalogue", "semantic", "combined"):
            raise bad('"detectors" must be catalogue, semantic or combined')
        known = {*CORE_KEYS, "weights_sha256"}
        scorer = cls(
            features=tuple(names),
            weights=tuple(float(w) for w in weights),
            bias=float(bias),
            calibration=(float(calibration["a"]), float(calibration["b"])),
            thresholds={k: float(thresholds[k]) for k in SCALED_LEVELS},
            detectors=detectors,
            info={k: v for k, v in data.items() if k not in known},
        )
        stated = data.get("weights_sha256")
        if stated is not None and stated != scorer.digest:
            raise bad("weights_sha256 does not match its weights: the file was changed or damaged")
        return scorer

    @classmethod
    def load(cls, location: str | Path) -> LearnedScorer:
        """A model folder (holding model.json) or the model.json itself; `default` for the bundled model."""
        if str(location) == DEFAULT_MODEL:
            return default_scorer()
        path = Path(location)
        if path.is_dir():
            path = path / MODEL_FILE
        if not path.is_file():
            raise ModelError(
                f"{location}: no model here (expected a folder with {MODEL_FILE}, made by lurewatch train)"
            )
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise ModelError(f"{path}: cannot read the model: {exc}") from None
        except json.JSONDecodeError as exc:
            raise ModelError(f"{path}:{exc.lineno}: not a lurewatch model (invalid JSON: {exc.msg})") from None
        return cls.from_dict(data, str(path))

    # --- scoring ------------------------------------------------------------------------------------------------------

    def log_odds(self, features: dict[str, float]) -> float:
        return self.bias + sum(w * features.get(n, 0.0) for n, w in zip(self.features, self.weights, strict=True))

    def probability(self, features: dict[str, float]) -> float:
        """Calibrated probability that this person is the offender; 0 for someone who has given no evidence at all
        (no finding of their own, no one-sided questioning): the model is trained only on people with evidence. One
        message is never enough for critical (`features.single_message`): its probability stops below that level."""
        if not has_evidence(features):
            return 0.0
        a, b = self.calibration
        probability = _sigmoid(a * self.log_odds(features) + b)
        if single_message(features):
            probability = min(probability, math.nextafter(self.thresholds["critical"], 0.0))
        return probability

    def level(self, probability: float) -> RiskLevel:
        level: RiskLevel = "none"
        for name in SCALED_LEVELS:
            if probability >= self.thresholds[name]:
                level = name
        return level

    def scaled(self, probability: float) -> float:
        """The probability on lurewatch's score scale: the model's thresholds land on the level boundaries of
        `scoring.LEVEL_THRESHOLDS`, linear in between (so a score keeps its order and its level)."""
        knots_p = [0.0, *(self.thresholds[name] for name in SCALED_LEVELS), 1.0]
        knots_s = [0.0, *(LEVEL_THRESHOLDS[name] for name in SCALED_LEVELS), 1.0]
        for i in range(len(knots_p) - 1):
            low, high = knots_p[i], knots_p[i + 1]
            if probability < high or i == len(knots_p) - 2:
                share = (probability - low) / (high - low) if high > low else 1.0
                score = knots_s[i] + min(max(share, 0.0), 1.0) * (knots_s[i + 1] - knots_s[i])
                return math.floor(score * 10_000) / 10_000  # floor: rounding must never lift a score to the next level
        return 1.0  # pragma: no cover

    def contributions(self, features: dict[str, float]) -> list[tuple[str, float]]:
        """(feature, push in log-odds), biggest push first; only features that raise the score."""
        pushes = [
            (name, weight * features.get(name, 0.0))
            for name, weight in zip(self.features, self.weights, strict=True)
            if weight * features.get(name, 0.0) >= MIN_CONTRIBUTION
        ]
        return sorted(pushes, key=lambda item: (-item[1], item[0]))

    def score(self, analysis: AnalysisLike, catalogue: Catalogue | None = None) -> ConversationScore:
        """Every participant's learned risk, and the conversation's (its riskiest participant's)."""
        catalogue = catalogue or load_catalogue()
        features = all_participant_features(analysis, catalogue)
        scores: dict[str, ParticipantScore] = {}
        for person in analysis.participants:
            own = features.get(person.name, {})
            probability = self.probability(own)
            score = self.scaled(probability)
            if person.risk.score >= CRITICAL_FLOOR:
                score = max(score, person.risk.score)  # the catalogue is certain: a threat or demand in its words
            explained = []
            if probability > 0:
                for name, push in self.contributions(own)[:TOP_CONTRIBUTIONS]:
                    indices, indicators = evidence_behind(name, person.name, analysis)
                    explained.append(
                        Contribution(
                            feature=name,
                            description=describe(name, catalogue),
                            log_odds=round(push, 3),
                            message_indices=indices,
                            indicators=indicators,
                        )
                    )
            scores[person.name] = ParticipantScore(
                name=person.name,
                probability=round(probability, 4),
                risk=Risk(score=score, level=level_for(score)),
                contributions=explained,
            )
        top = max((s.risk.score for s in scores.values()), default=0.0)
        return ConversationScore(risk=Risk(score=top, level=level_for(top)), participants=scores)


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


@cache
def default_scorer() -> LearnedScorer:
    """The scorer bundled with lurewatch (`python -m lurewatch.learn.train --default` rebuilds it)."""
    resource = resources.files("lurewatch.learn").joinpath("default", MODEL_FILE)
    try:
        text = resource.read_text(encoding="utf-8")
    except OSError:
        raise ModelError(
            f"the bundled model ({MODEL_FILE}) is missing: rebuild it with python -m lurewatch.learn.train --default"
        ) from None
    return LearnedScorer.from_dict(json.loads(text), f"lurewatch/learn/default/{MODEL_FILE}")


def resolve(model: LearnedScorer | str | Path) -> LearnedScorer:
    return model if isinstance(model, LearnedScorer) else _load_cached(str(model))


@cache
def _load_cached(location: str) -> LearnedScorer:
    return LearnedScorer.load(location)


def analyze_with_model(
    conversation: Conversation,
    model: LearnedScorer | str | Path,
    *,
    audience: Audience = "parent",
    country: str | None = None,
    alert_level: RiskLevel = "high",
    recognizer: Recognizer | None = None,
    detectors: Detectors = "combined",
) -> Analysis:
    """`api.analyze_conversation` with the learned scorer setting the risk: the same findings, stages and roles, the
    risk (and so the level, `first_alert_index` and advice) from the model. The model scores the conversation after
    every message that raised a finding; each participant keeps their worst moment."""
    from lurewatch.api import analysis_of, feed, new_state, provenance  # here: api imports this module (with a model)

    scorer = resolve(model)
    catalogue = (recognizer or default_recognizer()).catalogue
    state = new_state(recognizer or default_recognizer(), alert_level, detectors)
    peaks: dict[str, ParticipantScore] = {}
    first_alert: int | None = None
    last = len(conversation.messages) - 1
    for index, new in feed(state, conversation.messages):
        if not new and index != last:
            continue
        scored = scorer.score(state.result(), catalogue)
        for name, participant in scored.participants.items():
            if name not in peaks or participant.risk.score > peaks[name].risk.score:
                peaks[name] = participant
        if first_alert is None and level_at_least(scored.risk.level, alert_level):
            first_alert = index
    analysis = analysis_of(state, conversation.id, audience=audience, country=country, **provenance(conversation))
    return apply_scores(analysis, scorer, peaks, first_alert, catalogue, audience, country)


def apply_scores(
    analysis: Analysis,
    scorer: LearnedScorer,
    peaks: dict[str, ParticipantScore],
    first_alert: int | None,
    catalogue: Catalogue,
    audience: Audience,
    country: str | None,
) -> Analysis:
    participants = []
    for person in analysis.participants:
        peak = peaks.get(person.name)
        if peak is None:
            participants.append(person.model_copy(update={"risk": Risk(score=0.0, level="none")}))
        else:
            participants.append(person.model_copy(update={"risk": peak.risk, "contributions": peak.contributions}))
    riskiest = max(participants, key=lambda p: p.risk.score, default=None)
    top = riskiest.risk.score if riskiest is not None else 0.0
    risk = Risk(score=top, level=level_for(top))
    return analysis.model_copy(
        update={
            "risk": risk,
            "first_alert_index": first_alert,
            "participants": participants,
            "advice": advise(analysis.findings, risk.level, catalogue, audience, country),
            "scorer": scorer.label,
            "explanation": riskiest.contributions if riskiest is not None else [],
        }
    )

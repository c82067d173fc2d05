"""What the learned scorer sees of one participant: the analysis' findings and conversation signals, never raw text.

Every feature is computed from a `lurewatch.model.Analysis` (or the `ConversationResult` a live `ConversationState`
gives), so the learned scorer reads the same evidence a user is shown. The lessons of a plain n-gram model on this data
(`../shared/notes/learned-model-lessons.md`) shape the list: it learned the amount of text and the style of each site,
not grooming. So there are no raw lengths, message counts, characters per line or numbers of people here; counts are
capped and scaled to 0..1, and `tests/test_learn.py` checks that padding a conversation with ordinary chat does not
raise its score.

Feature families (names are stable: a saved model lists the names it was trained on, and names a newer catalogue adds
are simply unknown to an older model):
- `pattern:<category>` / `meaning:<category>`: the person's strongest finding of that category (severity weight x
  confidence, as in `scoring.py`), catalogue words and semantic layer separately;
- `stage_count`, `stage_order`, `progression`: how many grooming stages the person's findings reach and whether they
  move forward (no feature per stage: a stage is made of categories, which would then count twice);
- `repeated`: warning signs in one message, two, or three and more;
- `categories`, `load_share`: how many kinds of warning sign, and how much of the
  conversation's evidence is theirs;
- `questions`, `disclosures`, `one_sided`, `asks_more`: information asymmetry;
- `age_*`: stated ages (own and partner's), contradictions, an adult alone with a self-declared minor;
- `rule_critical`: the catalogue's own verdict that a sextortion threat or demand is certain (`scoring.py`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from lurewatch.indicators.catalogue import Catalogue, load_catalogue
from lurewatch.model import Finding, ParticipantReport, StageSpan
from lurewatch.scoring import ADULT_WITH_MINOR, CRITICAL_FLOOR, SYNERGY_MIN_WEIGHT, finding_weight

FEATURE_VERSION = 1
ADULT_AGE = 18
PRIVATE_CHAT_MAX_PEOPLE = 3  # partner's age only counts in a one-to-one (or nearly) chat, as in conversation.py
QUESTIONS_CAP = 5
DISCLOSURES_CAP = 5
CATEGORIES_CAP = 6
REPEATED_CAP = 2
AGE_GAP_CAP = 20
AGE_INCONSISTENT = "age_claim.inconsistent"
REQUEST_STAGES = ("sexualisation", "extortion")
EARLY_STAGES = ("trust", "risk_assessment", "exclusivity")
# Someone with no finding of their own and none of these has given no evidence at all: no learned score (level none).
# (A partner who says they are a minor is context, not evidence about this person: it raises a score, never starts one.)
EVIDENCE_FEATURES = ("one_sided",)
CERTAIN_ALONE = ("adult_with_minor", "age_inconsistent", "rule_critical")
# Features whose weight may not be negative: a warning sign never lowers a score (`pattern:` and `meaning:` too).
NONNEGATIVE = ("adult_with_minor", "age_inconsistent", "rule_critical", "progression", "age_gap")


class AnalysisLike(Protocol):
    """An `Analysis` or a live `ConversationResult`: whatever has participants and findings."""

    @property
    def participants(self) -> Sequence[ParticipantReport]: ...

    @property
    def findings(self) -> Sequence[Finding]: ...

    @property
    def stages(self) -> Sequence[StageSpan]: ...


@dataclass(frozen=True)
class FeatureSpace:
    """The names of every feature this catalogue gives, in a fixed order."""

    categories: tuple[str, ...]  # categories that raise findings (signals excluded)
    stages: tuple[str, ...]
    names: tuple[str, ...]


@cache
def feature_space() -> FeatureSpace:
    catalogue = load_catalogue()
    # age_claim raises findings only through its derived indicators (contradictions, adult with minor), and counts.
    categories = tuple(sorted({spec.category for spec in catalogue.indicators if not spec.signal}))
    stages = tuple(stage.id for stage in catalogue.stages)
    names: list[str] = []
    names += [f"pattern:{c}" for c in categories]
    names += [f"meaning:{c}" for c in categories]
    names += [
        "stage_count",
        "repeated",
        "stage_order",
        "progression",
        "categories",
        "load_share",
        "questions",
        "disclosures",
        "one_sided",
        "asks_more",
        "age_minor_self",
        "age_adult_self",
        "age_partner_minor",
        "age_partner_adult",
        "age_gap",
        "age_inconsistent",
        "adult_with_minor",
        "rule_critical",
        "role_suspect",
        "role_target",
    ]
    return FeatureSpace(categories=categories, stages=stages, names=tuple(names))


def participant_features(analysis: AnalysisLike, name: str, catalogue: Catalogue | None = None) -> dict[str, float]:
    """The features of one participant (absent features are 0.0)."""
    return all_participant_features(analysis, catalogue).get(name, {})


def all_participant_features(analysis: AnalysisLike, catalogue: Catalogue | None = None) -> dict[str, dict[str, float]]:
    """Features of every participant of the analysis, by name, in participant order."""
    catalogue = catalogue or load_catalogue()
    stage_rank = {stage.id: rank for rank, stage in enumerate(catalogue.stages)}
    by_author: dict[str, list[Finding]] = {}
    total_load = 0.0
    for finding in analysis.findings:
        by_author.setdefault(finding.author, []).append(finding)
        total_load += finding_weight(finding)
    people = list(analysis.participants)
    private = len(people) <= PRIVATE_CHAT_MAX_PEOPLE
    minors_by_person = {p.name: [c.age for c in p.age_claims if c.age < ADULT_AGE] for p in people}
    adults_by_person = {p.name: [c.age for c in p.age_claims if c.age >= ADULT_AGE] for p in people}
    result: dict[str, dict[str, float]] = {}
    for person in people:
        findings = sorted(by_author.get(person.name, []), key=lambda f: (f.message_index, f.span[0]))
        features = _person_features(person, findings, total_load, stage_rank)
        partner_minors = [age for other, ages in minors_by_person.items() if other != person.name for age in ages]
        own_adult = [c.age for c in person.age_claims if c.age >= ADULT_AGE]
        # A self-declared minor talking with another is two young people; someone who has not said they are a minor
        # (an adult, or no age given) alone with a self-declared minor is what the grooming chats show.
        if private and partner_minors and not minors_by_person[person.name]:
            features["age_partner_minor"] = 1.0
            if own_adult:
                features["age_gap"] = min(max(own_adult) - min(partner_minors), AGE_GAP_CAP) / AGE_GAP_CAP
        if private and any(ages for other, ages in adults_by_person.items() if other != person.name):
            features["age_partner_adult"] = 1.0
        result[person.name] = {key: value for key, value in features.items() if value}
    return result


def _person_features(
    person: ParticipantReport, findings: list[Finding], total_load: float, stage_rank: dict[str, int]
) -> dict[str, float]:
    features: dict[str, float] = {}
    for finding in findings:
        key = f"{'meaning' if finding.matched_by == 'meaning' else 'pattern'}:{finding.category}"
        weight = finding_weight(finding)
        if weight > features.get(key, 0.0):
            features[key] = round(weight, 6)
    best: dict[str, float] = {}
    for finding in findings:
        best[finding.category] = max(best.get(finding.category, 0.0), finding_weight(finding))
    features["categories"] = min(sum(w >= SYNERGY_MIN_WEIGHT for w in best.values()), CATEGORIES_CAP) / CATEGORIES_CAP
    # Stages the person's findings reach, and whether they move forward in the order of the grooming stages.
    reached: list[str] = []
    for finding in findings:
        if not reached or reached[-1] != finding.stage:
            reached.append(finding.stage)
    features["stage_count"] = len(set(reached)) / max(len(stage_rank), 1)
    moves = [(stage_rank.get(a, 0), stage_rank.get(b, 0)) for a, b in itertools.pairwise(reached)]
    if moves:
        features["stage_order"] = sum(after > before for before, after in moves) / len(moves)
    first_request = next((f.message_index for f in findings if f.stage in REQUEST_STAGES), None)
    if first_request is not None and any(f.stage in EARLY_STAGES and f.message_index < first_request for f in findings):
        features["progression"] = 1.0
    # How much of the conversation's evidence is theirs. (Not "how many of their messages": offenders in the
    # training chats write many lines, which would teach the model that a terse person is less suspect.)
    flagged = len({f.message_index for f in findings})
    features["repeated"] = min(max(flagged - 1, 0), REPEATED_CAP) / REPEATED_CAP  # 0: one message, 1: 3 or more
    load = sum(finding_weight(f) for f in findings)
    features["load_share"] = load / total_load if total_load else 0.0
    asked, shared = person.asymmetry.questions_asked, person.asymmetry.disclosures
    features["questions"] = min(asked, QUESTIONS_CAP) / QUESTIONS_CAP
    features["disclosures"] = min(shared, DISCLOSURES_CAP) / DISCLOSURES_CAP
    features["one_sided"] = (
        1.0
        if "keep themselves hidden" in person.asymmetry.summary or (asked >= 3 and asked / max(shared, 1) >= 3)
        else 0.0
    )
    features["asks_more"] = (asked - shared) / (asked + shared + 1)
    ages = [claim.age for claim in person.age_claims]
    features["age_minor_self"] = 1.0 if any(age < ADULT_AGE for age in ages) else 0.0
    features["age_adult_self"] = 1.0 if any(age >= ADULT_AGE for age in ages) else 0.0
    features["age_inconsistent"] = 1.0 if person.age_inconsistencies else 0.0
    features["adult_with_minor"] = 1.0 if any(f.indicator == ADULT_WITH_MINOR for f in findings) else 0.0
    features["rule_critical"] = 1.0 if person.risk.score >= CRITICAL_FLOOR else 0.0
    features["role_suspect"] = person.role_confidence if person.role == "suspect" else 0.0
    features["role_target"] = person.role_confidence if person.role == "target" else 0.0
    return features


def single_message(features: dict[str, float]) -> bool:
    """All of the person's warning signs sit in one message, and none of them is certain on its own (an adult alone
    with a self-declared minor, a contradicted age, a sextortion threat or demand in the catalogue's words): such a
    person may reach high but never critical."""
    return features.get("repeated", 0.0) == 0.0 and not any(features.get(name, 0.0) > 0 for name in CERTAIN_ALONE)


def has_evidence(features: dict[str, float]) -> bool:
    """Any finding of theirs, or one-sided questioning."""
    return any(
        value > 0 and (name.startswith(("pattern:", "meaning:")) or name in EVIDENCE_FEATURES)
        for name, value in features.items()
    )


def vector(features: dict[str, float], names: Sequence[str]) -> list[float]:
    return [float(features.get(name, 0.0)) for name in names]


def describe(feature: str, catalogue: Catalogue | None = None) -> str:
    """Plain words for a feature name, for explanations."""
    catalogue = catalogue or load_catalogue()
    family, _, key = feature.partition(":")
    if family in ("pattern", "meaning") and key in catalogue.categories:
        how = "by its words" if family == "pattern" else "by meaning"
        return f"{catalogue.categories[key].label} (found {how})"
    if family == "stage":
        return f"reached the stage {catalogue.stage_label(key)!r}"
    return FEATURE_WORDS.get(feature, feature)


FEATURE_WORDS = {
    "stage_count": "warning signs across several grooming stages",
    "repeated": "warning signs in more than one message",
    "stage_order": "warning signs moving forward through the grooming stages",
    "progression": "requests or sexual talk after trust building or checking who is around",
    "categories": "several different kinds of warning sign",
    "load_share": "carries most of the conversation's warning signs",
    "questions": "asks personal questions",
    "disclosures": "shares facts about themselves",
    "one_sided": "asks about the other person and keeps themselves hidden",
    "asks_more": "asks more than they share",
    "age_minor_self": "says they are under 18",
    "age_adult_self": "says they are an adult",
    "age_partner_minor": "talks one to one with someone who says they are under 18",
    "age_partner_adult": "talks one to one with someone who says they are an adult",
    "age_gap": "a large age gap between their stated age and their partner's",
    "age_inconsistent": "their stated age does not fit what else they say",
    "adult_with_minor": "an adult by their own words, alone with a self-declared minor",
    "rule_critical": "a sextortion threat or demand",
    "role_suspect": "carries clearly more warning signs than the others (the likely suspect)",
    "role_target": "the one the likely suspect talks to",
}


def evidence_behind(feature: str, name: str, analysis: AnalysisLike, limit: int = 3) -> tuple[list[int], list[str]]:
    """Where a feature of a person comes from, for explanations: the message indices and indicator ids of the
    findings (or age claims) behind it, strongest first."""
    own = [f for f in analysis.findings if f.author == name]
    family, _, key = feature.partition(":")
    chosen: Iterable[Finding]
    if family in ("pattern", "meaning"):
        wanted = "meaning" if family == "meaning" else "pattern"
        chosen = [f for f in own if f.category == key and f.matched_by == wanted]
    elif family == "stage":
        chosen = [f for f in own if f.stage == key]
    elif feature in ("adult_with_minor", "age_gap"):
        chosen = [f for f in own if f.indicator == ADULT_WITH_MINOR]
    elif feature in ("age_partner_minor", "age_partner_adult", "age_minor_self", "age_adult_self"):
        minor = feature in ("age_partner_minor", "age_minor_self")
        whose = [p for p in analysis.participants if (p.name == name) == feature.startswith("age_") and p.name == name]
        if feature.startswith("age_partner"):
            whose = [p for p in analysis.participants if p.name != name]
        claims = [c for p in whose for c in p.age_claims if (c.age < ADULT_AGE) == minor]
        return sorted({c.message_index for c in claims})[:limit], []
    elif feature == "age_inconsistent":
        chosen = [f for f in own if f.indicator == AGE_INCONSISTENT]
    elif feature == "rule_critical":
        chosen = [f for f in own if f.severity >= 5]
    elif feature == "progression":
        chosen = [f for f in own if f.stage in REQUEST_STAGES]
    elif feature in ("questions", "one_sided", "asks_more"):
        chosen = [f for f in own if f.category == "personal_info"]
    else:
        chosen = own
    ranked = sorted(chosen, key=lambda f: (-finding_weight(f), f.message_index))[:limit]
    return sorted({f.message_index for f in ranked}), sorted({f.indicator for f in ranked})

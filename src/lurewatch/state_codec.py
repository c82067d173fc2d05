"""A `ConversationState` as compact, versioned JSON, so that any worker can continue a conversation another one started.

JSON, never pickle: a state read back from Redis is data, not code. The encoding leaves out what the catalogue already
holds (a finding's category, stage, severity and, for a pattern match, its explanation) and what the worker is
configured with (recognizer, semantic layer, alert level).

What it keeps of the messages themselves: the findings' evidence (the words that matched, as every alert shows) and,
when the semantic layer is on, each person's last few not-yet-read texts (`conversation.SEMANTIC_PENDING`, at most 6 per
person: the layer reads them once the person shows a warning sign). Nothing else of a message's text is kept.

Decoding a state and feeding it the rest of a conversation gives exactly what one uninterrupted state gives (see
tests/test_state_codec.py, which also fails if `ConversationState` gains a field this module does not know).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from typing import Any

from lurewatch.conversation import ConversationState, _Cue, _Person
from lurewatch.errors import LurewatchError
from lurewatch.indicators.catalogue import Catalogue
from lurewatch.model import AgeClaim, Finding
from lurewatch.scoring import ParticipantScore

VERSION = 2


class StateFormatError(LurewatchError):
    """A stored state this version cannot read (another format version, or not a state at all)."""


def encode_state(state: ConversationState) -> dict[str, Any]:
    """The state as plain JSON-ready data."""
    catalogue = state.catalogue
    return {
        "v": VERSION,
        "found": sorted([index, indicator] for index, indicator in state._found),
        "findings": [_finding(f, catalogue) for f in state.findings],
        "first_alert": state.first_alert_index,
        "people": [_person(p, catalogue) for p in state._people.values()],
        "count": state._message_count,
        "times": {str(index): time.isoformat() for index, time in state._times.items()},
        "signals": [list(signal) for signal in state._signals],
        "last_author": state._last_author,
        "riskiest": None if state._riskiest is None else list(state._riskiest),
        "last_time": _time(state._last_time),
    }


def decode_state(data: dict[str, Any], blank: ConversationState) -> ConversationState:
    """Fills `blank` (a new state made with the worker's recognizer, alert level and detectors) from `encode_state`'s
    data and returns it."""
    if not isinstance(data, dict) or data.get("v") != VERSION:
        found = data.get("v") if isinstance(data, dict) else type(data).__name__
        raise StateFormatError(f"conversation state format {found!r} is not {VERSION}")
    catalogue = blank.catalogue
    state = blank
    state._found = {(index, indicator): None for index, indicator in data["found"]}
    state.findings = [_unfinding(item, catalogue) for item in data["findings"]]
    state.first_alert_index = data["first_alert"]
    state._people = {person.name: person for person in (_unperson(item, catalogue) for item in data["people"])}
    state._message_count = data["count"]
    state._times = {int(index): datetime.fromisoformat(time) for index, time in data["times"].items()}
    state._signals = [(index, author, category) for index, author, category in data["signals"]]
    state._last_author = data["last_author"]
    state._riskiest = None if data["riskiest"] is None else (data["riskiest"][0], data["riskiest"][1])
    state._last_time = _untime(data["last_time"])
    return state


def dumps(state: ConversationState, **extra: Any) -> bytes:
    """`encode_state` as compact UTF-8 JSON; `extra` keys (e.g. the worker's bookkeeping) ride along."""
    return json.dumps({**encode_state(state), **extra}, separators=(",", ":"), ensure_ascii=False).encode()


def loads(raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StateFormatError(f"conversation state is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise StateFormatError("conversation state is not a JSON object")
    return data


def _finding(finding: Finding, catalogue: Catalogue) -> list[Any]:
    spec = catalogue.by_id(finding.indicator)
    template = spec.explanation.format(author=finding.author, evidence=finding.evidence)
    return [
        finding.message_index,
        finding.author,
        finding.indicator,
        list(finding.span),
        finding.evidence,
        finding.confidence,
        finding.matched_by,
        finding.similarity,
        None if finding.explanation == template else finding.explanation,
    ]


def _unfinding(item: list[Any], catalogue: Catalogue) -> Finding:
    index, author, indicator, span, evidence, confidence, matched_by, similarity, explanation = item
    spec = catalogue.by_id(indicator)
    return Finding(
        message_index=index,
        author=author,
        indicator=indicator,
        category=spec.category,
        stage=spec.stage,
        severity=spec.severity,
        span=(span[0], span[1]),
        evidence=evidence,
        explanation=explanation if explanation is not None else spec.explanation.format(author=author, evidence=evidence),
        confidence=confidence,
        matched_by=matched_by,
        similarity=similarity,
    )


def _person(person: _Person, catalogue: Catalogue) -> dict[str, Any]:
    score = person.score
    return {
        "name": person.name,
        "best": score.best_by_category,
        "critical": score.critical,
        "extortion": [_finding(f, catalogue) for f in score.extortion],
        "counts": [person.messages, person.initiations, person.questions, person.disclosures, person.reads_left],
        "load": person.load,
        "ages": [[a.age, a.message_index, a.evidence, list(a.span)] for a in person.ages],
        "cues": [[c.message_index, c.evidence, list(c.span), c.contradicts_below] for c in person.adult_cues],
        "inconsistencies": list(person.inconsistencies),
        "reported": [person.adult_life_reported, person.adult_with_minor_reported],
        "replies_to": dict(person.replies_to),
        "pending": [[index, text, _time(time)] for index, text, time in person.pending],
    }


def _unperson(item: dict[str, Any], catalogue: Catalogue) -> _Person:
    messages, initiations, questions, disclosures, reads_left = item["counts"]
    adult_life, adult_with_minor = item["reported"]
    return _Person(
        name=item["name"],
        score=ParticipantScore(
            best_by_category=dict(item["best"]),
            critical=item["critical"],
            extortion=tuple(_unfinding(f, catalogue) for f in item["extortion"]),
        ),
        messages=messages,
        initiations=initiations,
        questions=questions,
        disclosures=disclosures,
        load=item["load"],
        ages=tuple(AgeClaim(age=a, message_index=i, evidence=e, span=(s[0], s[1])) for a, i, e, s in item["ages"]),
        adult_cues=tuple(_Cue(i, e, (s[0], s[1]), below) for i, e, s, below in item["cues"]),
        inconsistencies=tuple(item["inconsistencies"]),
        adult_life_reported=adult_life,
        adult_with_minor_reported=adult_with_minor,
        replies_to=Counter(item["replies_to"]),
        reads_left=reads_left,
        pending=tuple((index, text, _untime(time)) for index, text, time in item["pending"]),
    )


def _time(time: datetime | None) -> str | None:
    return None if time is None else time.isoformat()


def _untime(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)



"""A `ConversationState` as compact, versioned JSON, so that any worker can continue a conversation another one started.

JSON, never pickle: a state read back from Redis is data, not code. The encoding leaves out what the catalogue already
holds (a finding's category, stage, severity and, for a pattern match, its explanation) and what the worker is
configured with (recognizer, semantic layer, alert level).

What it keeps of the messages themselves: the findings' evidence (the words that matched, as every alert shows) and,
when the semantic layer is on, each person's last few not-yet-read texts (`conversation.SEMANTIC_PENDING`, at most 6 per
person: the layer reads them once the person shows a warning sign). Nothing else of a message's text is kept.

Format 3 (written): `[3, extra, state]`, the state and each person a positional array, a person's fields that are
still at their defaults (no findings, no ages...) left off the end, serialised by orjson. A worker writes the state
before acknowledging every batch, so this is its hot path: a few microseconds and ~210 bytes for an ordinary
conversation, where format 2 (named fields, the standard json module: ~30 µs, ~630 bytes) took more than the analysis.
Format 2 states (written by earlier workers, alive in Redis up to --state-ttl) are still read.

Decoding a state and feeding it the rest of a conversation gives exactly what one uninterrupted state gives (see
tests/test_state_codec.py, which also fails if `ConversationState` gains a field this module does not know).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

import numpy as np
import orjson

from lurewatch.conversation import ConversationState, _Cue, _Person
from lurewatch.errors import LurewatchError
from lurewatch.indicators.catalogue import Catalogue
from lurewatch.model import AgeClaim, Finding
from lurewatch.scoring import ParticipantScore

VERSION = 3
READABLE = (2, 3)
# A person's first fields (name to load) are always written; the defaults of the others, from `replies_to` on, are what
# a shorter array leaves off (see `_person`).
_PERSON_HEAD = 7
_PERSON_TAIL_DEFAULTS: tuple[Any, ...] = ({}, {}, False, [], [], [], [], False, False, [], None, {}, None, None, [], False, [], 0, 0, False, 0, {})


class StateFormatError(LurewatchError):
    """A stored state this version cannot read (another format version, or not a state at all)."""


def encode_state(state: ConversationState) -> list[Any]:
    """The state as data orjson writes (format 3, without the version and extras)."""
    catalogue = state.catalogue
    return [
        state._message_count,
        state._last_author,
        _time(state._last_time),
        state._riskiest,
        [_person(p, catalogue) for p in state._people.values()],
        state._signals,
        [(index, _time(time)) for index, time in state._times.items()] if state._times else [],
        list(state._found),
        [_finding(f, catalogue) for f in state.findings] if state.findings else [],
        state.first_alert_index,
        state._other_languages_left,
        [(claim.message_index, who, claim.age, claim.evidence, claim.span) for who, claim in state._unasked_ages],
    ]


def dumps(state: ConversationState, **extra: Any) -> bytes:
    """The state as compact UTF-8 JSON; `extra` (JSON-ready, e.g. the worker's bookkeeping) rides along."""
    return orjson.dumps((VERSION, extra, encode_state(state)))


def loads(raw: bytes, blank: ConversationState) -> tuple[ConversationState, dict[str, Any]]:
    """Reads what `dumps` wrote (this format or format 2) into `blank`, a new state made with the worker's recognizer,
    alert level and detectors; returns it and the extras."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise StateFormatError(f"conversation state is not JSON: {exc}") from None
    if isinstance(data, list) and len(data) == 3 and data[0] == VERSION and isinstance(data[1], dict):
        return decode_state(data[2], blank), data[1]
    if isinstance(data, dict) and data.get("v") == 2:
        return _decode_v2(data, blank), {key: value for key, value in data.items() if key not in _V2_FIELDS}
    found = data.get("v") if isinstance(data, dict) else data[0] if isinstance(data, list) and data else type(data).__name__
    raise StateFormatError(f"conversation state format {found!r} is not one of {', '.join(map(str, READABLE))}")


def decode_state(data: list[Any], blank: ConversationState) -> ConversationState:
    """Fills `blank` from `encode_state`'s data and returns it."""
    count, last_author, last_time, riskiest, people, signals, times, found, findings, first_alert, *rest = data
    catalogue = blank.catalogue
    state = blank
    state._message_count = count
    state._last_author = last_author
    state._last_time = _untime(last_time)
    state._riskiest = None if riskiest is None else (riskiest[0], riskiest[1])
    state._people = {person.name: person for person in (_unperson(item, catalogue) for item in people)}
    state._signals = [(index, author, category) for index, author, category in signals]
    state._times = {index: datetime.fromisoformat(time) for index, time in times}
    state._found = {(index, indicator): None for index, indicator in found}
    state.findings = [_unfinding(item, catalogue) for item in findings]
    state.first_alert_index = first_alert
    # Neither field is in states written before it was added.
    state._other_languages_left = rest[0] if rest else 0
    state._unasked_ages = tuple(
        (who, AgeClaim(age=age, message_index=at, evidence=evidence, span=(span[0], span[1])))
        for at, who, age, evidence, span in (rest[1] if len(rest) > 1 else ())
    )
    return state


def _finding(finding: Finding, catalogue: Catalogue) -> list[Any]:
    spec = catalogue.by_id(finding.indicator)
    template = spec.explanation.format(author=finding.author, evidence=finding.evidence)
    return [
        finding.message_index,
        finding.author,
        finding.indicator,
        finding.span,
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


def _person(person: _Person, catalogue: Catalogue) -> list[Any]:
    score = person.score
    item: list[Any] = [
        person.name, person.messages, person.initiations, person.questions, person.disclosures, person.reads_left,
        person.load, person.replies_to,
    ]  # fmt: skip
    # Every field from here on is empty or false by default, and most people never get past `replies_to`: left off.
    if not (
        score.best_by_category or score.critical or person.ages or person.adult_cues or person.inconsistencies
        or person.adult_life_reported or score.adult_with_minor_at or person.pending or score.signals is not None
        or person.count or person.exposure or score.other_language or score.texts != person.messages
        or score.other_language_texts or person.asked_a_minor
    ):  # fmt: skip
        return item  # (no best category means no extortion finding either)
    item += [
        score.best_by_category, score.critical,
        [_finding(f, catalogue) for f in score.extortion],
        [(a.age, a.message_index, a.evidence, a.span) for a in person.ages],
        [(c.message_index, c.evidence, c.span, c.contradicts_below) for c in person.adult_cues],
        person.inconsistencies, person.adult_life_reported, score.adult_with_minor_at,
        [(index, text, _time(time)) for index, text, time in person.pending],
        None if score.signals is None else score.signals.tolist(), score.in_words,
        None if score.signal_at is None else score.signal_at.tolist(), person.count,
        sorted(person.exposure), person.implied_threat_reported, sorted(score.other_language),
        person.messages - score.texts, score.other_language_texts, person.asked_a_minor, score.threat_at,
        score.repeats,
    ]  # fmt: skip
    while not item[-1]:
        item.pop()
    return item


def _unperson(item: list[Any], catalogue: Catalogue) -> _Person:
    name, messages, initiations, questions, disclosures, reads_left, load = item[:_PERSON_HEAD]
    tail = item[_PERSON_HEAD:]
    replies_to, best, critical, extortion, ages, cues, inconsistencies, adult_life, adult_with_minor, pending, signals, \
        in_words, signal_at, count, exposure, implied_threat, other_language, not_texts, other_language_texts, asked_a_minor, \
        threat_at, repeats = (
            *tail, *_PERSON_TAIL_DEFAULTS[len(tail) :])  # fmt: skip
    return _Person(
        name=name,
        score=ParticipantScore(
            best_by_category=dict(best),
            critical=critical,
            adult_with_minor_at=int(adult_with_minor),  # format 2 wrote whether it was raised (True: 1)
            extortion=tuple(_unfinding(f, catalogue) for f in extortion),
            signals=None if signals is None else np.array(signals, dtype=np.float32),
            in_words=dict(in_words),
            signal_at=None if signal_at is None else np.array(signal_at, dtype=np.int64),
            other_language=set(other_language),
            texts=messages - not_texts,  # (pictures and other attachments are the rest)
            other_language_texts=other_language_texts,
            threat_at=threat_at,
            repeats={category: tuple(repeat) for category, repeat in repeats.items()},
        ),
        messages=messages,
        initiations=initiations,
        questions=questions,
        disclosures=disclosures,
        load=load,
        ages=tuple(AgeClaim(age=a, message_index=i, evidence=e, span=(s[0], s[1])) for a, i, e, s in ages),
        adult_cues=tuple(_Cue(i, e, (s[0], s[1]), below) for i, e, s, below in cues),
        inconsistencies=tuple(inconsistencies),
        adult_life_reported=adult_life,
        replies_to=Counter(replies_to),
        reads_left=reads_left,
        pending=tuple((index, text, _untime(time)) for index, text, time in pending),
        count=count,
        exposure=frozenset(exposure),
        implied_threat_reported=implied_threat,
        asked_a_minor=asked_a_minor,
    )


def _time(time: datetime | None) -> datetime | str | None:
    """`time` for orjson, which writes a date-time in a fifth of the time `isoformat` takes, but its zone only to the
    minute: an offset with seconds (old local mean times) goes as `isoformat`'s text."""
    if time is None or time.tzinfo is None or time.tzinfo is UTC:
        return time
    offset = time.utcoffset()
    return time if offset is None or not (offset.seconds % 60 or offset.microseconds) else time.isoformat()


def _untime(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


# Format 2: named fields (`{"v": 2, "found": ..., "people": [{"name": ..., "counts": [...]}, ...], ...}`), extras as
# more keys of the same object.
_V2_FIELDS = {"v", "found", "findings", "first_alert", "people", "count", "times", "signals", "last_author", "riskiest", "last_time"}  # fmt: skip


def _decode_v2(data: dict[str, Any], blank: ConversationState) -> ConversationState:
    messages, initiations, questions, disclosures, reads_left = 0, 1, 2, 3, 4
    people = [
        [
            p["name"], p["counts"][messages], p["counts"][initiations], p["counts"][questions],
            p["counts"][disclosures], p["counts"][reads_left], p["load"], p["replies_to"], p["best"], p["critical"],
            p["extortion"], p["ages"], p["cues"], p["inconsistencies"], *p["reported"], p["pending"],
        ]
        for p in data["people"]
    ]  # fmt: skip
    times = [(int(index), time) for index, time in data["times"].items()]
    fields = [data["count"], data["last_author"], data["last_time"], data["riskiest"], people, data["signals"], times]
    return decode_state([*fields, data["found"], data["findings"], data["first_alert"]], blank)

"""The library entry points: `analyze` one conversation, `analyze_all` every conversation of an input."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from lurewatch import ingest
from lurewatch.advice import advise
from lurewatch.conversation import ConversationState
from lurewatch.errors import InputError
from lurewatch.indicators.recognizer import Recognizer, default_recognizer
from lurewatch.model import Analysis, Audience, Conversation, MessageKind, RiskLevel
from lurewatch.semantic.layer import default_semantic_layer

Input = Conversation | str | Path
# Which recognizers run: the catalogue's patterns, the semantic layer (meaning-level matching), or both (the default).
Detectors = Literal["catalogue", "semantic", "combined"]
DETECTORS: tuple[Detectors, ...] = ("catalogue", "semantic", "combined")


def analyze(
    conversation: Input,
    *,
    audience: Audience = "parent",
    country: str | None = None,
    alert_level: RiskLevel = "high",
    input_format: str | None = None,
    detectors: Detectors = "combined",
) -> Analysis:
    """Analyse one conversation: a `Conversation`, a path to a chat file, or chat text (`"Name: message"` lines)."""
    conversations = list(_conversations(conversation, input_format))
    if len(conversations) != 1:
        is_text = isinstance(conversation, str) and not _names_a_file(conversation)
        name = "<text>" if is_text else str(conversation)
        raise InputError(name, f"holds {len(conversations)} conversations; use analyze_all() for more than one")
    return analyze_conversation(
        conversations[0], audience=audience, country=country, alert_level=alert_level, detectors=detectors
    )


def analyze_all(
    conversations: Input | Iterable[Conversation],
    *,
    audience: Audience = "parent",
    country: str | None = None,
    alert_level: RiskLevel = "high",
    input_format: str | None = None,
    detectors: Detectors = "combined",
) -> Iterator[Analysis]:
    items: Iterable[Conversation]
    if isinstance(conversations, Conversation | str | Path):
        items = _conversations(conversations, input_format)
    else:
        items = conversations
    for conversation in items:
        yield analyze_conversation(
            conversation, audience=audience, country=country, alert_level=alert_level, detectors=detectors
        )


def analyze_conversation(
    conversation: Conversation,
    *,
    audience: Audience = "parent",
    country: str | None = None,
    alert_level: RiskLevel = "high",
    recognizer: Recognizer | None = None,
    detectors: Detectors = "combined",
) -> Analysis:
    state = new_state(recognizer or default_recognizer(), alert_level, detectors)
    if state.semantic is None:
        for message in conversation.messages:
            state.add(message)
    else:
        # One static screen for the whole conversation: batched, it costs little more than a single message.
        texts = [m.text if m.kind is MessageKind.TEXT else "" for m in conversation.messages]
        for message, screened in zip(conversation.messages, state.semantic.screen(texts), strict=True):
            state.add(message, screened)
    return analysis_of(
        state,
        conversation.id,
        source=conversation.source,
        skipped_messages=conversation.skipped_messages,
        audience=audience,
        country=country,
    )


def new_state(recognizer: Recognizer, alert_level: RiskLevel, detectors: Detectors) -> ConversationState:
    if detectors not in DETECTORS:
        raise ValueError(f"detectors must be one of {', '.join(DETECTORS)}, not {detectors!r}")
    semantic = default_semantic_layer() if detectors != "catalogue" else None
    return ConversationState(recognizer, alert_level, semantic=semantic, patterns=detectors != "semantic")


def analysis_of(
    state: ConversationState,
    conversation_id: str,
    *,
    source: str | None = None,
    skipped_messages: int = 0,
    audience: Audience = "parent",
    country: str | None = None,
) -> Analysis:
    """The `Analysis` of everything a `ConversationState` has seen (batch and live analysis share this)."""
    result = state.result()
    return Analysis(
        id=conversation_id,
        source=source,
        message_count=state.message_count,
        skipped_messages=skipped_messages,
        risk=result.risk,
        first_alert_index=result.first_alert_index,
        alert_level=state.alert_level,
        participants=result.participants,
        findings=result.findings,
        stages=result.stages,
        escalation=result.escalation,
        advice=advise(result.findings, result.risk.level, state.catalogue, audience, country),
    )


def _conversations(item: Input, input_format: str | None) -> Iterator[Conversation]:
    if isinstance(item, Conversation):
        yield item
    elif isinstance(item, Path) or _names_a_file(item):
        yield from ingest.load([item], input_format=input_format)
    else:
        yield from ingest.parse_text(item, input_format=input_format)


def _names_a_file(text: str) -> bool:
    if "\n" in text or len(text) > 4096:
        return False
    try:
        return Path(text).is_file()
    except OSError:  # not a usable path (too long, bad characters): it is chat text
        return False

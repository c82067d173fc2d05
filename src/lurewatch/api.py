"""The library entry points: `analyze` one conversation, `analyze_all` every conversation of an input."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from lurewatch import ingest
from lurewatch.advice import advise
from lurewatch.conversation import ConversationState
from lurewatch.errors import InputError
from lurewatch.indicators.recognizer import Recognizer, default_recognizer
from lurewatch.model import Analysis, Audience, Conversation, RiskLevel

Input = Conversation | str | Path


def analyze(
    conversation: Input,
    *,
    audience: Audience = "parent",
    country: str | None = None,
    alert_level: RiskLevel = "high",
    input_format: str | None = None,
) -> Analysis:
    """Analyse one conversation: a `Conversation`, a path to a chat file, or chat text (`"Name: message"` lines)."""
    conversations = list(_conversations(conversation, input_format))
    if len(conversations) != 1:
        is_text = isinstance(conversation, str) and not _names_a_file(conversation)
        name = "<text>" if is_text else str(conversation)
        raise InputError(name, f"holds {len(conversations)} conversations; use analyze_all() for more than one")
    return analyze_conversation(conversations[0], audience=audience, country=country, alert_level=alert_level)


def analyze_all(
    conversations: Input | Iterable[Conversation],
    *,
    audience: Audience = "parent",
    country: str | None = None,
    alert_level: RiskLevel = "high",
    input_format: str | None = None,
) -> Iterator[Analysis]:
    items: Iterable[Conversation]
    if isinstance(conversations, Conversation | str | Path):
        items = _conversations(conversations, input_format)
    else:
        items = conversations
    for conversation in items:
        yield analyze_conversation(conversation, audience=audience, country=country, alert_level=alert_level)


def analyze_conversation(
    conversation: Conversation,
    *,
    audience: Audience = "parent",
    country: str | None = None,
    alert_level: RiskLevel = "high",
    recognizer: Recognizer | None = None,
) -> Analysis:
    state = ConversationState(recognizer or default_recognizer(), alert_level)
    for message in conversation.messages:
        state.add(message)
    return analysis_of(
        state,
        conversation.id,
        source=conversation.source,
        skipped_messages=conversation.skipped_messages,
        audience=audience,
        country=country,
    )


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

"""`Watcher`: live messages in, an alert out the moment a conversation reaches the alert level.

For a trust & safety pipeline: feed each message as it arrives (`watcher.add(...)`); the first time a conversation
reaches the alert level you get an `Alert` with the findings so far, and again if it climbs to a higher level. State per
conversation is small (scores, counters, findings) and the least recently active conversations are dropped beyond
`max_conversations`, so memory stays bounded on an endless stream.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime

from pydantic import BaseModel

from lurewatch.api import Detectors, analysis_of, new_state
from lurewatch.conversation import ConversationState
from lurewatch.indicators.recognizer import Recognizer, default_recognizer
from lurewatch.model import (
    Analysis,
    Audience,
    Finding,
    Message,
    MessageKind,
    Risk,
    RiskLevel,
)
from lurewatch.scoring import level_at_least


class Alert(BaseModel):
    conversation_id: str
    message_index: int
    risk: Risk
    suspect: str | None
    findings: list[Finding]  # everything found in the conversation so far


class Watcher:
    def __init__(
        self,
        *,
        alert_level: RiskLevel = "high",
        audience: Audience = "moderator",
        country: str | None = None,
        max_conversations: int = 100_000,
        recognizer: Recognizer | None = None,
        detectors: Detectors = "combined",
    ) -> None:
        self.alert_level = alert_level
        self.detectors: Detectors = detectors
        self.audience: Audience = audience
        self.country = country
        self.max_conversations = max_conversations
        self.recognizer = recognizer or default_recognizer()
        self._states: OrderedDict[str, ConversationState] = OrderedDict()
        self._alerted: dict[str, RiskLevel] = {}

    def add(
        self,
        conversation_id: str,
        author: str,
        text: str,
        time: datetime | None = None,
        kind: MessageKind = MessageKind.TEXT,
    ) -> Alert | None:
        """Analyse one more message of a conversation; an `Alert` when it reaches (or climbs above) the alert level."""
        state = self._state(conversation_id)
        state.add(Message(author=author, text=text, time=time, kind=kind))
        alert = next_alert(state, conversation_id, self._alerted.get(conversation_id))
        if alert is not None:
            self._alerted[conversation_id] = alert.risk.level
        return alert

    def analysis(self, conversation_id: str) -> Analysis:
        """The full analysis of a watched conversation so far."""
        return analysis_of(self._states[conversation_id], conversation_id, audience=self.audience, country=self.country)

    def __contains__(self, conversation_id: object) -> bool:
        return conversation_id in self._states

    def __len__(self) -> int:
        return len(self._states)

    def forget(self, conversation_id: str) -> None:
        self._states.pop(conversation_id, None)
        self._alerted.pop(conversation_id, None)

    def _state(self, conversation_id: str) -> ConversationState:
        state = self._states.get(conversation_id)
        if state is None:
            state = new_state(self.recognizer, self.alert_level, self.detectors)
            self._states[conversation_id] = state
            while len(self._states) > self.max_conversations:
                oldest, _ = self._states.popitem(last=False)
                self._alerted.pop(oldest, None)
        else:
            self._states.move_to_end(conversation_id)
        return state


def next_alert(state: ConversationState, conversation_id: str, alerted: RiskLevel | None) -> Alert | None:
    """The alert the state's latest message raises: when the conversation reaches the alert level, or climbs above
    `alerted`, the level it last alerted at (None: never)."""
    risk = state.risk()
    if not level_at_least(risk.level, state.alert_level):
        return None
    if alerted is not None and level_at_least(alerted, risk.level):
        return None
    result = state.result()
    suspect = next((p.name for p in result.participants if p.role == "suspect"), None)
    return Alert(
        conversation_id=conversation_id,
        message_index=state.message_count - 1,
        risk=risk,
        suspect=suspect,
        findings=result.findings,
    )

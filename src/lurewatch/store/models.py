"""What the alert store gives back (pydantic models): an alert as stored, with its findings and review state."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from lurewatch.model import RiskLevel

Status = Literal["new", "confirmed", "dismissed"]
STATUSES: tuple[Status, ...] = ("new", "confirmed", "dismissed")
REVIEWED: tuple[Status, ...] = ("confirmed", "dismissed")


class StoredFinding(BaseModel):
    model_config = ConfigDict(frozen=True)

    indicator: str
    category: str
    stage: str
    severity: int
    message_index: int
    author: str
    span: tuple[int, int]  # character offsets of the evidence in its message
    evidence: str  # the matched words only
    matched_by: Literal["pattern", "meaning"]
    confidence: float


class StoredMessage(BaseModel):
    model_config = ConfigDict(frozen=True)

    author: str | None
    text: str


class StoredAlert(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    conversation_id: str
    message_index: int  # the message that raised the alert
    level: RiskLevel  # the conversation's risk when it alerted
    score: float
    suspect: str | None
    created_at: datetime  # UTC
    detectors: str | None
    lurewatch_version: str
    status: Status
    reviewer: str | None
    note: str | None
    reviewed_at: datetime | None  # UTC
    findings: list[StoredFinding]
    # The conversation up to the alert: only kept when the caller chose to store message text (`--store-text`).
    messages: list[StoredMessage] | None = None

"""One row per analysed conversation: what a batch table holds, the same whichever engine made it."""

from __future__ import annotations

from typing import TypedDict

from pydantic import TypeAdapter

from lurewatch.model import Analysis, Finding


class Row(TypedDict):
    source: str | None  # the file (and entry) the conversation came from: ids are unique within a source only
    id: str
    message_count: int
    risk_score: float
    risk_level: str
    first_alert_index: int | None
    suspect: str | None
    findings: str  # JSON array of the findings, each with its indicator, message index and evidence


FIELDS: tuple[str, ...] = tuple(Row.__annotations__)
_FINDINGS = TypeAdapter(list[Finding])


def row_of(analysis: Analysis) -> Row:
    return Row(
        source=analysis.source,
        id=analysis.id,
        message_count=analysis.message_count,
        risk_score=analysis.risk.score,
        risk_level=analysis.risk.level,
        first_alert_index=analysis.first_alert_index,
        suspect=next((p.name for p in analysis.participants if p.role == "suspect"), None),
        findings=_FINDINGS.dump_json(analysis.findings).decode("utf-8"),
    )

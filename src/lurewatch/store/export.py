"""Reviewed alerts as labelled conversations for `lurewatch train` (the labelled JSONL of `learn/labelled.py`).

One row per conversation: its latest reviewed alert (the most messages seen, the moderator's last word). Confirmed is
"sextortion" when a finding is a sextortion demand or threat, else "grooming", with the alert's suspect listed as the
person to learn from; dismissed is "benign" (a false alarm the scorer should learn not to raise).

The messages are the stored conversation when its text was kept; otherwise one message per flagged message, made of
its evidence only (the words that matched, by the finding's author). That is thinner than the chat, yet it carries
what the scorer's features are made of: which indicators, by whom, in what order.
"""

from __future__ import annotations

from collections.abc import Iterable

from lurewatch.store.models import StoredAlert

SOURCE = "lurewatch-alerts"
SEXTORTION_CATEGORIES = frozenset({"sextortion_demand", "sextortion_threat"})
EVIDENCE_JOINER = " … "


def latest_per_conversation(keys: Iterable[tuple[str, int, str]]) -> list[str]:
    """The id of each conversation's latest alert, from (conversation id, message index, alert id) keys; ordered by
    conversation id (in Python, so that both databases give the same order whatever their collation)."""
    latest: dict[str, tuple[int, str]] = {}
    for conversation_id, message_index, identifier in keys:
        known = latest.get(conversation_id)
        if known is None or (message_index, identifier) > known:
            latest[conversation_id] = (message_index, identifier)
    return [latest[conversation_id][1] for conversation_id in sorted(latest)]


def labelled_row(alert: StoredAlert) -> dict[str, object] | None:
    """One labelled conversation; None when there is nothing to learn from (neither stored text nor evidence)."""
    messages = _messages(alert)
    if not messages:
        return None
    return {
        "id": alert.conversation_id,
        "label": _label(alert),
        "source": SOURCE,
        "suspects": [alert.suspect] if alert.status == "confirmed" and alert.suspect else [],
        "messages": messages,
        "alert_id": alert.id,
        "level": alert.level,
        "score": alert.score,
        "status": alert.status,
        "reviewer": alert.reviewer,
        "reviewed_at": alert.reviewed_at.isoformat() if alert.reviewed_at else None,
        "text": "stored" if alert.messages is not None else "evidence",
    }


def _label(alert: StoredAlert) -> str:
    if alert.status == "dismissed":
        return "benign"
    return "sextortion" if any(f.category in SEXTORTION_CATEGORIES for f in alert.findings) else "grooming"


def _messages(alert: StoredAlert) -> list[dict[str, str]]:
    if alert.messages is not None:
        authors = {f.message_index: f.author for f in alert.findings}
        return [
            {"author": message.author or authors.get(index, "unknown"), "text": message.text}
            for index, message in enumerate(alert.messages)
        ]
    evidence: dict[int, tuple[str, list[str]]] = {}
    for finding in sorted(alert.findings, key=lambda f: (f.message_index, f.span)):
        _, parts = evidence.setdefault(finding.message_index, (finding.author, []))
        if finding.evidence not in parts:
            parts.append(finding.evidence)
    return [{"author": author, "text": EVIDENCE_JOINER.join(parts)} for _, (author, parts) in sorted(evidence.items())]

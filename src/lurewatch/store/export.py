"""Reviewed alerts as labelled conversations for `lurewatch train` (the labelled JSONL of `learn/labelled.py`).

One row per conversation: its latest reviewed alert (the most messages seen, the moderator's last word). Confirmed is
"sextortion" when a finding is a sextortion demand or threat, else "grooming", with the alert's suspect listed as the
person to learn from; dismissed is "benign" (a false alarm the scorer should learn not to raise).

The messages are the stored conversation when its text was kept; otherwise one message per flagged message, made of
its evidence only (the words that matched, by the finding's author). That is thinner than the chat, yet it carries
what the scorer's features are made of: which indicators, by whom, in what order.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from lurewatch.store.models import StoredAlert

log = logging.getLogger(__name__)

SOURCE = "lurewatch-alerts"
SEXTORTION_CATEGORIES = frozenset({"sextortion_demand", "sextortion_threat"})
EVIDENCE_JOINER = " … "


def labelled_rows(alerts: Iterable[StoredAlert]) -> Iterator[dict[str, object]]:
    latest: dict[str, StoredAlert] = {}
    for alert in alerts:
        known = latest.get(alert.conversation_id)
        if known is None or (alert.message_index, alert.id) > (known.message_index, known.id):
            latest[alert.conversation_id] = alert
    left_out = 0
    for conversation_id in sorted(latest):
        alert = latest[conversation_id]
        messages = _messages(alert)
        if not messages:
            left_out += 1  # neither stored text nor evidence: nothing to learn from
            continue
        yield {
            "id": conversation_id,
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
    if left_out:
        log.warning("%d reviewed alert(s) left out of the export: no stored text and no findings", left_out)


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

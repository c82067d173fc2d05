"""`AlertStore`: alerts and their findings kept in SQLite or PostgreSQL, and the review state moderators give them.

Only the evidence of each finding (the matched words) is stored; the conversation's messages are kept only when the
caller passes `texts` (the CLI's and worker's `--store-text`). Nothing here logs message text.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

from sqlalchemy import Engine, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from lurewatch import __version__
from lurewatch.errors import InputError
from lurewatch.model import RISK_LEVELS, Finding
from lurewatch.store.database import StoreError, connect, resolve_url
from lurewatch.store.export import labelled_row, latest_per_conversation
from lurewatch.store.models import REVIEWED, STATUSES, Status, StoredAlert, StoredFinding, StoredMessage
from lurewatch.store.schema import AlertRow, FindingRow
from lurewatch.stream import Alert

log = logging.getLogger(__name__)
EXPORT_BATCH = 500  # alerts read per query while exporting


def alert_id(conversation_id: str, level: str, message_index: int) -> str:
    """The same alert always gets the same id, so a redelivered message never stores it twice."""
    key = f"{len(conversation_id)}:{conversation_id}\x00{level}\x00{message_index}"
    # surrogatepass: an id from a loosely decoded stream may hold a lone surrogate; it still gets its own id.
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def open_store(url: str | None = None) -> AlertStore:
    """The alert store at `url` (a SQLite path or URL, or `postgresql://...`); None: `$LUREWATCH_DB`, else the
    default file (`lurewatch.store.DEFAULT_DB_PATH`). Its folder is created and its schema migrated to the newest."""
    return AlertStore(connect(resolve_url(url)))


class AlertStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.url = engine.url.render_as_string(hide_password=True)
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    # --- writing ---------------------------------------------------------------------------------------------------

    def record(
        self,
        alert: Alert,
        *,
        texts: Sequence[str] | None = None,
        authors: Sequence[str] | None = None,
        detectors: str | None = None,
    ) -> tuple[str, bool]:
        """Store an alert and its findings, committed to disk before returning (id, newly inserted). The same alert
        again inserts nothing. `texts` (and their `authors`) are the conversation's messages up to the alert: pass
        them only when the user asked to store message text."""
        identifier = alert_id(alert.conversation_id, alert.risk.level, alert.message_index)
        messages = _messages(texts, authors)
        values = {
            "id": identifier,
            "conversation_id": _storable(alert.conversation_id),
            "message_index": alert.message_index,
            "level": alert.risk.level,
            "score": alert.risk.score,
            "suspect": _storable(alert.suspect) if alert.suspect is not None else None,
            "created_at": datetime.now(UTC),
            "detectors": detectors,
            "lurewatch_version": __version__,
            "status": "new",
            "messages": messages,
        }
        with self._session("record an alert") as session:
            # INSERT ... ON CONFLICT DO NOTHING: two workers racing on a redelivered entry both succeed, one inserts.
            insert = postgresql.insert if self.engine.dialect.name == "postgresql" else sqlite.insert
            connection = session.connection()
            # RETURNING, not rowcount: rowcount is -1 here on PostgreSQL (psycopg 3 under SQLAlchemy 2.1).
            statement = insert(AlertRow).values(**values).on_conflict_do_nothing().returning(AlertRow.id)
            inserted = connection.execute(statement).first() is not None
            if inserted and alert.findings:
                connection.execute(
                    insert(FindingRow),
                    [_finding_values(identifier, position, f) for position, f in enumerate(alert.findings)],
                )
            session.commit()
        log.debug(
            "alert %s for conversation %s: %s", identifier, alert.conversation_id, "stored" if inserted else "known"
        )
        return identifier, inserted

    def review(self, alert_id: str, status: Status, *, reviewer: str, note: str | None = None) -> StoredAlert:
        """Set an alert's review state (new, confirmed or dismissed), who reviewed it, why, and when (now, UTC)."""
        if status not in STATUSES:
            raise InputError("status", f"expected one of {', '.join(STATUSES)}, got {status!r}")
        if not reviewer.strip():
            raise InputError("reviewer", "a review needs the reviewer's name")
        with self._session("review an alert") as session:
            statement = (
                update(AlertRow)
                .where(AlertRow.id == alert_id)
                .values(
                    status=status,
                    reviewer=_storable(reviewer.strip()),
                    note=_storable(note) if note is not None else None,
                    reviewed_at=datetime.now(UTC),
                )
                .returning(AlertRow.id)
            )
            if session.connection().execute(statement).first() is None:
                raise InputError(f"alert {alert_id}", f"no such alert in {self.url}")
            session.commit()
            row = session.get(AlertRow, alert_id, populate_existing=True)
            assert row is not None  # just updated in this session
            return _stored(row)

    # --- reading ---------------------------------------------------------------------------------------------------

    def get(self, alert_id: str) -> StoredAlert | None:
        with self._session("read an alert") as session:
            row = session.get(AlertRow, alert_id)
            return _stored(row) if row is not None else None

    def list_alerts(
        self, *, status: str | None = None, level: str | None = None, limit: int = 100, offset: int = 0
    ) -> list[StoredAlert]:
        """Alerts newest first (the riskier first among alerts of the same moment), optionally of one status/level."""
        if status is not None and status not in STATUSES:
            raise InputError("status", f"expected one of {', '.join(STATUSES)}, got {status!r}")
        if level is not None and level not in RISK_LEVELS:
            raise InputError("level", f"expected one of {', '.join(RISK_LEVELS)}, got {level!r}")
        if limit < 0 or offset < 0:
            raise InputError("limit", "limit and offset must be 0 or more")
        query = select(AlertRow)
        if status is not None:
            query = query.where(AlertRow.status == status)
        if level is not None:
            query = query.where(AlertRow.level == level)
        query = (
            query.order_by(AlertRow.created_at.desc(), AlertRow.score.desc(), AlertRow.id).limit(limit).offset(offset)
        )
        with self._session("list alerts") as session:
            return [_stored(row) for row in session.scalars(query)]

    def export_reviewed(self) -> Iterator[dict[str, object]]:
        """Reviewed alerts as labelled conversations `lurewatch train` reads (one JSONL row each; see export.py).

        Which alert stands for each conversation is chosen from their keys alone; the alerts themselves are then read
        a batch at a time, so a large store is exported in bounded memory and in the same order on either database."""
        keys = select(AlertRow.conversation_id, AlertRow.message_index, AlertRow.id).where(
            AlertRow.status.in_(REVIEWED)
        )
        with self._session("export reviewed alerts") as session:
            chosen = latest_per_conversation((c, m, i) for c, m, i in session.execute(keys))
        left_out = 0
        for start in range(0, len(chosen), EXPORT_BATCH):
            batch = chosen[start : start + EXPORT_BATCH]
            with self._session("export reviewed alerts") as session:
                # Still reviewed: a moderator may have reopened one since the keys were read.
                query = select(AlertRow).where(AlertRow.id.in_(batch), AlertRow.status.in_(REVIEWED))
                rows = {row.id: _stored(row) for row in session.scalars(query)}
            for identifier in batch:
                if identifier not in rows:
                    continue
                labelled = labelled_row(rows[identifier])
                if labelled is None:
                    left_out += 1
                else:
                    yield labelled
        if left_out:
            log.warning("%d reviewed alert(s) left out of the export: no stored text and no findings", left_out)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> AlertStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _session(self, doing: str) -> _Guarded:
        return _Guarded(self._sessions(), doing, self.url)


class _Guarded:
    """A session whose database errors become one-line `StoreError`s naming what was being done and where."""

    def __init__(self, session: Session, doing: str, url: str) -> None:
        self.session, self.doing, self.url = session, doing, url

    def __enter__(self) -> Session:
        return self.session

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, _tb: object) -> None:
        self.session.close()
        if isinstance(error, SQLAlchemyError):
            original = getattr(error, "orig", None) or error
            reason = next((line.strip() for line in str(original).splitlines() if line.strip()), type(error).__name__)
            raise StoreError(f"{self.url}: cannot {self.doing}: {reason}") from error


def _storable(value: str) -> str:
    """Text both databases take alike: PostgreSQL refuses NUL characters, and a lone surrogate has no UTF-8 form."""
    return value.replace("\x00", "\ufffd").encode("utf-8", "replace").decode("utf-8")


def _messages(texts: Sequence[str] | None, authors: Sequence[str] | None) -> list[dict[str, str | None]] | None:
    if texts is None:
        if authors is not None:
            raise InputError("authors", "authors are only stored with the texts of their messages")
        return None
    if authors is not None and len(authors) != len(texts):
        raise InputError("authors", f"{len(authors)} authors for {len(texts)} texts")
    return [
        {"author": _storable(authors[i]) if authors is not None else None, "text": _storable(text)}
        for i, text in enumerate(texts)
    ]


def _finding_values(identifier: str, position: int, finding: Finding) -> dict[str, object]:
    return {
        "alert_id": identifier,
        "position": position,
        "indicator_id": finding.indicator,
        "category": finding.category,
        "stage": finding.stage,
        "severity": finding.severity,
        "message_index": finding.message_index,
        "author": _storable(finding.author),
        "span_start": finding.span[0],
        "span_end": finding.span[1],
        "evidence": _storable(finding.evidence),
        "matched_by": finding.matched_by,
        "confidence": finding.confidence,
    }


def _stored(row: AlertRow) -> StoredAlert:
    return StoredAlert(
        id=row.id,
        conversation_id=row.conversation_id,
        message_index=row.message_index,
        level=row.level,  # type: ignore[arg-type]  # written from a RiskLevel
        score=row.score,
        suspect=row.suspect,
        created_at=row.created_at,
        detectors=row.detectors,
        lurewatch_version=row.lurewatch_version,
        status=row.status,  # type: ignore[arg-type]  # written from a Status
        reviewer=row.reviewer,
        note=row.note,
        reviewed_at=row.reviewed_at,
        findings=[
            StoredFinding(
                indicator=f.indicator_id,
                category=f.category,
                stage=f.stage,
                severity=f.severity,
                message_index=f.message_index,
                author=f.author,
                span=(f.span_start, f.span_end),
                evidence=f.evidence,
                matched_by=f.matched_by,  # type: ignore[arg-type]  # written from a Finding
                confidence=f.confidence,
            )
            for f in row.findings
        ],
        messages=[StoredMessage.model_validate(m) for m in row.messages] if row.messages is not None else None,
    )

"""The alert store's tables (SQLAlchemy 2 typed ORM). Changing them needs a migration in `migrations/versions/`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

# Fixed constraint names, so that migrations can name what they alter on SQLite and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out: SQLite keeps no zone and PostgreSQL answers in the session's zone."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("the alert store keeps aware (UTC) datetimes only")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        stamp: datetime = value
        return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class AlertRow(Base):
    __tablename__ = "alerts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(Text)  # ids, names: any length, as the chat gave them
    message_index: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(16))
    score: Mapped[float] = mapped_column(Float)
    suspect: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    detectors: Mapped[str | None] = mapped_column(String(32))
    lurewatch_version: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="new")
    reviewer: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The conversation's messages up to the alert, [{"author", "text"}]: only when the caller chose to store text.
    messages: Mapped[list[dict[str, str | None]] | None] = mapped_column(JSON)

    findings: Mapped[list[FindingRow]] = relationship(
        back_populates="alert", order_by="FindingRow.position", cascade="all, delete-orphan", lazy="selectin"
    )

    __table_args__ = (
        Index("ix_alerts_status_created", "status", "created_at"),
        Index("ix_alerts_level_created", "level", "created_at"),
        Index("ix_alerts_conversation", "conversation_id"),
    )


class FindingRow(Base):
    __tablename__ = "findings"

    alert_id: Mapped[str] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)  # order within the alert
    indicator_id: Mapped[str] = mapped_column(String(128))
    category: Mapped[str] = mapped_column(String(64))
    stage: Mapped[str] = mapped_column(String(64))
    severity: Mapped[int] = mapped_column(Integer)
    message_index: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    evidence: Mapped[str] = mapped_column(Text)  # the matched words only, never the whole message
    matched_by: Mapped[str] = mapped_column(String(16))
    confidence: Mapped[float] = mapped_column(Float)

    alert: Mapped[AlertRow] = relationship(back_populates="findings")

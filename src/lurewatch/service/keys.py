"""API keys: `lurewatch keys create NAME` prints a new key once; the store keeps only its name and SHA-256.

A key is 256 random bits, so a plain SHA-256 is enough to keep it unguessable from a stolen database (a slow password
hash guards low-entropy secrets; it would only slow every request here)."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime

from sqlalchemy import Engine, String, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from lurewatch.errors import InputError
from lurewatch.store.schema import Base, UTCDateTime

KEY_PREFIX = "lw_"
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,127}")


class ApiKeyRow(Base):
    __tablename__ = "api_keys"  # created by migration 0002

    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


_COUNT = select(func.count()).select_from(ApiKeyRow)
_OWNER = select(ApiKeyRow.name).where(ApiKeyRow.key_hash == bindparam("key_hash"))


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class KeyRing:
    """The API keys in the alert store's database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def create(self, name: str) -> str:
        """A new key for `name`, returned once: only its hash is stored."""
        if not NAME.fullmatch(name):
            raise InputError("NAME", "use 1-128 letters, digits and . _ @ - (starting with a letter or digit)")
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        with Session(self.engine) as session:
            session.add(ApiKeyRow(name=name, key_hash=key_hash(key), created_at=datetime.now(UTC)))
            try:
                session.commit()
            except IntegrityError:
                raise InputError(name, "a key with this name exists; revoke it first or pick another name") from None
        return key

    def revoke(self, name: str) -> None:
        with Session(self.engine) as session:
            row = session.get(ApiKeyRow, name)
            if row is None:
                raise InputError(name, "no key with this name")
            session.delete(row)
            session.commit()

    def names(self) -> list[tuple[str, datetime]]:
        with Session(self.engine) as session:
            return [(row.name, row.created_at) for row in session.scalars(select(ApiKeyRow).order_by(ApiKeyRow.name))]

    # Asked on every /v1 request: plain Core queries on a pooled connection, a quarter of an ORM session's cost.

    def count(self) -> int:
        with self.engine.connect() as connection:
            return connection.execute(_COUNT).scalar_one()

    def owner(self, key: str) -> str | None:
        """The name of the key, or None when it is no key of this store."""
        with self.engine.connect() as connection:
            return connection.execute(_OWNER, {"key_hash": key_hash(key)}).scalar_one_or_none()

"""Where the alert store lives and how to open it: the default SQLite file, database URLs, and migrations to head.

SQLite runs in WAL mode with `synchronous=FULL`: a commit is on disk before `record()` returns, so an alert a worker
has acknowledged survives the process being killed and the machine losing power (`NORMAL` would only survive the
former). Alerts are rare next to messages, so the fsync per alert costs little.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError

from lurewatch.errors import LurewatchError, UsageError

ENV_DB = "LUREWATCH_DB"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_S = 30  # how long a SQLite writer waits for another process's write to finish
CONNECT_TIMEOUT_S = 5
# Serialises migrations of one PostgreSQL database between processes opening it at the same time.
_PG_MIGRATION_LOCK = 0x6C757265  # "lure"


class StoreError(LurewatchError):
    """The alert store cannot be opened or reached (its URL is in the message, never its password)."""


def default_db_path() -> Path:
    """`$XDG_DATA_HOME/lurewatch/alerts.db`, or `~/.local/share/lurewatch/alerts.db` without XDG_DATA_HOME."""
    data_home = os.environ.get("XDG_DATA_HOME", "").strip()
    base = Path(data_home) if data_home and Path(data_home).is_absolute() else Path.home() / ".local" / "share"
    return base / "lurewatch" / "alerts.db"


def resolve_url(url: str | None) -> URL:
    """A SQLAlchemy URL for `url`: None means `$LUREWATCH_DB` or the default file; a bare path is a SQLite file;
    `postgresql://` and `postgres://` use psycopg 3."""
    if url is None:
        url = os.environ.get(ENV_DB, "").strip() or str(default_db_path())
    if "://" not in url:
        return URL.create("sqlite", database=str(Path(url).expanduser()))
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # ValueError: e.g. a port that is not a number
        raise UsageError(
            f"{_shown(url)}: not a database URL (expected sqlite:///PATH or postgresql://USER@HOST/DB)"
        ) from None
    driver = parsed.drivername
    if driver in ("postgresql", "postgres", "postgresql+psycopg"):
        return parsed.set(drivername="postgresql+psycopg")
    if driver in ("sqlite", "sqlite+pysqlite"):
        return parsed
    raise UsageError(f"{_shown(url)}: unsupported database {driver!r} (the alert store runs on sqlite or postgresql)")


def _shown(url: str) -> str:
    """A URL fit for an error message: its password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):  # ValueError: e.g. a port that is not a number
        return url.split("@")[-1] if "@" in url else url


def connect(url: URL) -> Engine:
    """An engine on `url`, reachable and migrated to the newest schema."""
    shown = url.render_as_string(hide_password=True)
    engine = _sqlite_engine(url) if url.get_backend_name() == "sqlite" else _postgres_engine(url)
    try:
        _migrate(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(f"{shown}: {_reason(exc)}") from None
    except CommandError:  # a revision this lurewatch does not know: the database was migrated by a newer one
        engine.dispose()
        raise StoreError(
            f"{shown}: its schema is newer than this lurewatch (head {head_revision()}); upgrade lurewatch to open it"
        ) from None
    return engine


def _migrate(engine: Engine) -> None:
    """Upgrade to head. While several processes set up a new SQLite file together, SQLite can answer "database is
    locked" without waiting for its busy timeout (seen once in about a hundred racing opens here): the open is retried then,
    until the busy timeout. The upgrade re-reads the version under the write lock, so a retry never migrates twice."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            with engine.connect() as connection:
                _upgrade(connection)
            return
        except OperationalError as exc:
            if "database is locked" not in str(exc.orig) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        path = Path(database)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{path.parent}: cannot create the alert store's folder: {exc.strerror or exc}") from None
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


def _postgres_engine(url: URL) -> Engine:
    try:
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
    except NoSuchModuleError:  # pragma: no cover - psycopg is a dependency
        raise StoreError("PostgreSQL needs psycopg 3: pip install 'psycopg[binary]'") from None


def _reason(exc: SQLAlchemyError) -> str:
    """The first line of the driver's message: enough to act on, no SQL or parameters."""
    original = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    reason = lines[0] if lines else type(original).__name__
    if "could not connect" in reason.lower() or "connection refused" in reason.lower():
        return f"cannot reach the database: {reason}"
    return reason


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _upgrade(connection: Connection) -> None:
    """Migrate to head, unless already there (the common case costs one query). Two processes opening a new database
    at once must not both create its tables: the upgrade runs under a database-wide lock."""
    head = head_revision()
    if current_revision(connection) == head:
        connection.rollback()
        return
    connection.rollback()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        try:
            command.upgrade(_alembic_config(connection), "head")
            connection.commit()
        finally:
            connection.rollback()
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _PG_MIGRATION_LOCK})
            connection.commit()
    else:
        # BEGIN IMMEDIATE takes SQLite's write lock before the version is read again inside the migration.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        command.upgrade(_alembic_config(connection), "head")
        connection.commit()

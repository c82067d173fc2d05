"""Alembic environment: migrations always run on the connection `open_store` hands over (never from an ini file)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from lurewatch.store.schema import Base

connection: Connection = context.config.attributes["connection"]
# render_as_batch: SQLite cannot ALTER most things in place; batch mode copies the table instead.
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

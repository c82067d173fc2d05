"""Alembic migrations of the alert store, shipped in the package and run by `open_store` (see `database.py`).

A schema change is a new file in `versions/` (the next number, `down_revision` the current head), written from
`script.py.mako`'s form; `tests/test_store.py` checks that a database migrated from empty matches `schema.py` exactly.
"""

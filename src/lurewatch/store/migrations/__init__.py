"""Alembic migrations of the alert store, run by `open_store` (see `database.py`); shipped inside the package."""

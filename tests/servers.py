"""Real servers for integration tests, started by `.ci/services.sh` (the same script `make test` and CI use).

When `make test` or `.ci/run` started them, their URLs are in the environment; a bare `pytest` starts a private
PostgreSQL cluster for the session itself (never a skip: a missing server is a failure that says how to fix it).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parents[1]
SERVICES = REPO / ".ci" / "services.sh"
POSTGRES_ENV = "LUREWATCH_TEST_POSTGRES_URL"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The SQLAlchemy URL of a PostgreSQL database on loopback."""
    url = os.environ.get(POSTGRES_ENV)
    if url:
        yield url
        return
    state = Path(tempfile.mkdtemp(prefix="lurewatch-services."))
    started = subprocess.run(["bash", str(SERVICES), "start", str(state)], capture_output=True, text=True)
    try:
        if started.returncode != 0:
            pytest.fail(f"could not start PostgreSQL with {SERVICES.name} start: {started.stderr.strip()}")
        yield _exported(state / "env")[POSTGRES_ENV]
    finally:
        subprocess.run(["bash", str(SERVICES), "stop", str(state)], capture_output=True, check=False)


def _exported(env_file: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in env_file.read_text(encoding="utf-8").splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        values[name] = shlex.split(value)[0]
    return values


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A new, empty database on the test server for one test, dropped afterwards."""
    name = f"lw_{uuid.uuid4().hex[:12]}"
    admin = _libpq(postgres_server)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _libpq(url: str) -> str:
    """A libpq connection string from a SQLAlchemy URL (psycopg does not read the `+psycopg` scheme)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)

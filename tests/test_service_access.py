"""Who may call the API: API keys (created by `lurewatch keys`, kept as hashes), the per-key rate limit."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from lurewatch.cli import main
from lurewatch.service.access import RateLimiter
from lurewatch.service.keys import KeyRing
from lurewatch.store import open_store
from tests.service_support import client_for, live_messages


def create_key(db: Path, name: str) -> str:
    with open_store(str(db)) as store:
        return KeyRing(store.engine).create(name)


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_without_keys_v1_is_open_to_this_machine(tmp_path: Path) -> None:
    with client_for(tmp_path) as client:
        assert client.get("/v1/alerts").status_code == 200


def test_with_a_key_every_v1_call_needs_it(tmp_path: Path) -> None:
    key = create_key(tmp_path / "alerts.db", "moderator-1")
    with client_for(tmp_path) as client:
        calls = [
            ("get", "/v1/alerts", {}),
            ("get", "/v1/alerts/abc", {}),
            ("post", "/v1/alerts/abc/review", {"json": {"status": "confirmed"}}),
            ("get", "/v1/indicators", {}),
            ("post", "/v1/messages", {"json": live_messages()[0]}),
            ("post", "/v1/analyze", {"content": b"Alex: hi", "headers": {"content-type": "text/plain"}}),
        ]
        for method, path, options in calls:
            response = getattr(client, method)(path, **options)
            assert response.status_code == 401, path
            assert response.headers["www-authenticate"] == "Bearer"
            assert "Authorization: Bearer KEY" in response.json()["error"]
        assert client.get("/v1/alerts", headers=bearer(key)).status_code == 200
        assert client.get("/v1/indicators", headers=bearer(key)).status_code == 200
        # Health, metrics, docs and the page stay open: they hold no conversation.
        for path in ("/healthz", "/metrics", "/docs", "/openapi.json"):
            assert client.get(path).status_code == 200, path


@pytest.mark.parametrize(
    ("header", "error"),
    [
        ("Bearer lw_not-a-key", "unknown API key"),
        ("Basic YWxleDpzZWNyZXQ=", "the Authorization header must be `Bearer KEY`"),
        ("Bearer ", "unknown API key"),
    ],
)
def test_wrong_keys_are_401(tmp_path: Path, header: str, error: str) -> None:
    create_key(tmp_path / "alerts.db", "moderator-1")
    with client_for(tmp_path) as client:
        response = client.get("/v1/alerts", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["error"] == error


def test_a_key_created_while_serving_is_required_from_then_on(tmp_path: Path) -> None:
    with client_for(tmp_path) as client:
        assert client.get("/v1/alerts").status_code == 200
        key = create_key(tmp_path / "alerts.db", "late")
        assert client.get("/v1/alerts").status_code == 401
        assert client.get("/v1/alerts", headers=bearer(key)).status_code == 200


def test_a_revoked_key_stops_working(tmp_path: Path) -> None:
    key = create_key(tmp_path / "alerts.db", "gone")
    keep = create_key(tmp_path / "alerts.db", "kept")
    with client_for(tmp_path) as client:
        assert client.get("/v1/alerts", headers=bearer(key)).status_code == 200
        with open_store(str(tmp_path / "alerts.db")) as store:
            KeyRing(store.engine).revoke("gone")
        assert client.get("/v1/alerts", headers=bearer(key)).status_code == 401
        assert client.get("/v1/alerts", headers=bearer(keep)).status_code == 200


def test_the_reviewer_is_the_keys_name(tmp_path: Path) -> None:
    key = create_key(tmp_path / "alerts.db", "kim@trust-safety")
    with client_for(tmp_path) as client:
        alerts = client.post("/v1/messages", json=live_messages(), headers=bearer(key)).json()["alerts"]
        response = client.post(
            f"/v1/alerts/{alerts[0]['id']}/review", json={"status": "confirmed", "note": "ok"}, headers=bearer(key)
        )
    assert response.json()["reviewer"] == "kim@trust-safety"


def test_keys_command_prints_the_key_once_and_stores_only_its_hash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "alerts.db"
    assert main(["keys", "create", "alice", "--db", str(db)]) == 0
    out, err = capsys.readouterr()
    key = out.strip()
    assert key.startswith("lw_") and len(key) > 40
    assert "shown only this once" in err
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT name, key_hash FROM api_keys").fetchall()
    assert rows == [("alice", hashlib.sha256(key.encode()).hexdigest())]
    for path in tmp_path.iterdir():  # the database and its WAL files
        assert key.encode() not in path.read_bytes()
    assert main(["keys", "list", "--db", str(db)]) == 0
    listed = capsys.readouterr().out
    assert listed.startswith("alice\t") and key not in listed
    with client_for(tmp_path) as client:
        assert client.get("/v1/alerts", headers=bearer(key)).status_code == 200


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["keys", "create", "alice"], "alice: a key with this name exists"),
        (["keys", "create", "two words"], "NAME: use 1-128 letters"),
        (["keys", "revoke", "bob"], "bob: no key with this name"),
    ],
)
def test_keys_command_errors_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], error: str
) -> None:
    db = tmp_path / "alerts.db"
    create_key(db, "alice")
    assert main([*argv, "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"lurewatch: error: {error}")


def test_rate_limit_is_429_with_retry_after(tmp_path: Path) -> None:
    # 0.1 requests a second: one request, then the next allowed in 10 s, whatever the machine's speed.
    key_a = create_key(tmp_path / "alerts.db", "a")
    key_b = create_key(tmp_path / "alerts.db", "b")
    with client_for(tmp_path, rate_limit=0.1) as client:
        assert client.get("/v1/alerts", headers=bearer(key_a)).status_code == 200
        limited = client.get("/v1/alerts", headers=bearer(key_a))
        assert limited.status_code == 429
        assert 9 <= int(limited.headers["retry-after"]) <= 10
        assert "rate limit" in limited.json()["error"]
        assert client.get("/v1/alerts", headers=bearer(key_b)).status_code == 200  # each key has its own bucket
        assert client.get("/healthz").status_code == 200  # only /v1 is limited


def test_rate_limiter_refills_at_its_rate() -> None:
    limiter = RateLimiter(rate=5)
    assert [limiter.wait("k", now=100.0) for _ in range(5)] == [0.0] * 5  # a burst of 5
    assert limiter.wait("k", now=100.0) == pytest.approx(0.2)
    assert limiter.wait("k", now=100.2) == 0.0  # one more after 1/5 s
    assert limiter.wait("k", now=100.2) > 0
    assert [limiter.wait("k", now=200.0) for _ in range(6)].count(0.0) == 5  # refilled to the burst, no more


def test_keys_and_alerts_on_postgresql(tmp_path: Path, postgres_url: str) -> None:
    """The same service on a real PostgreSQL: the keys' migration, auth, live alerts and a review."""
    with open_store(postgres_url) as store:
        key = KeyRing(store.engine).create("pg-moderator")
    with client_for(tmp_path, db_url=postgres_url) as client:
        assert client.get("/v1/alerts").status_code == 401
        alerts = client.post("/v1/messages", json=live_messages(), headers=bearer(key)).json()["alerts"]
        assert alerts and all(alert["new"] for alert in alerts)
        again = client.post("/v1/messages", json=live_messages("room-2"), headers=bearer(key)).json()["alerts"]
        assert {a["conversation_id"] for a in again} == {"room-2"}
        reviewed = client.post(
            f"/v1/alerts/{alerts[-1]['id']}/review", json={"status": "dismissed", "note": "a test"}, headers=bearer(key)
        ).json()
        assert (reviewed["status"], reviewed["reviewer"]) == ("dismissed", "pg-moderator")
        listed = client.get("/v1/alerts?status=dismissed", headers=bearer(key)).json()["alerts"]
        assert [a["id"] for a in listed] == [alerts[-1]["id"]]

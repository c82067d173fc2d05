"""The real `lurewatch serve` process on a free loopback port, spoken to over HTTP; the refusal to start off loopback
without keys; no message text in anything the server logs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.service_support import EXAMPLES

START_TIMEOUT_S = 60
# Words no log line may ever hold: they are only in the chats sent.
MARKER = "zebra-lantern-quokka"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def lurewatch(*args: str) -> list[str]:
    return [sys.executable, "-m", "lurewatch", *args]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    with serving(tmp_path) as running:
        yield running


@contextmanager
def serving(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """(base URL, log file) of a running server; stopped with SIGINT as a person would with Ctrl+C."""
    port = free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            lurewatch("serve", "--port", str(port), "--db", str(tmp_path / "alerts.db"), "--detectors", "catalogue"),
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "XDG_DATA_HOME": str(tmp_path)},
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                assert process.poll() is None, log.read_text()
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
            yield base, log
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)


def test_serve_answers_over_http_and_logs_no_text(server: tuple[str, Path]) -> None:
    base, log = server
    with httpx.Client(base_url=base, timeout=30) as http:
        chat = (EXAMPLES / "walkthrough.txt").read_text(encoding="utf-8") + f"Sam: {MARKER}\n"
        report = http.post("/v1/analyze", content=chat, headers={"content-type": "text/plain"})
        assert report.status_code == 200
        assert report.json()["conversations"][0]["risk"]["level"] == "critical"
        upload = http.post("/v1/analyze", files={"file": ("chat.txt", f"Alex: {MARKER}\nSam: hi\n".encode())})
        assert upload.status_code == 200
        live = [
            {"conversation_id": "c-1", "author": "Alex", "text": f"{MARKER} how old are you? don't tell your parents"},
            {"conversation_id": "c-1", "author": "Sam", "text": "im 13 and bored"},
            {"conversation_id": "c-1", "author": "Alex", "text": f"send me a private pic {MARKER}"},
            {"conversation_id": "c-1", "author": "Alex", "text": "or i will share our chats with your whole school"},
        ]
        alerts = http.post("/v1/messages", json=live).json()["alerts"]
        assert alerts
        assert http.get(f"/v1/alerts/{alerts[0]['id']}").json()["conversation_id"] == "c-1"
        # Malformed input: the errors go back to the caller, not into the log.
        assert http.post("/v1/messages", json={"conversation_id": "c", "author": MARKER}).status_code == 422
        bad = http.post("/v1/analyze", content=f"{{\"messages\": [{{\"author\": \"{MARKER}\"}}]}}",
                        headers={"content-type": "application/json"})
        assert bad.status_code == 422
        assert http.get(f"/v1/alerts/{MARKER}?q={MARKER}").status_code == 404
        assert http.get("/metrics").status_code == 200
        assert http.get("/docs").status_code == 200
    text = log.read_text(encoding="utf-8")
    assert "no API keys: listening on loopback only (127.0.0.1)" in text
    assert "POST /v1/analyze 200" in text
    assert "POST /v1/messages 422" in text
    assert "GET /v1/alerts/{alert_id} 404" in text
    assert MARKER not in text
    for message in live:
        assert message["text"] not in text


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_off_loopback_without_keys_is_refused_with_one_line(tmp_path: Path, host: str) -> None:
    result = subprocess.run(
        lurewatch("serve", "--host", host, "--port", str(free_port()), "--db", str(tmp_path / "alerts.db")),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"lurewatch: error: --host {host} is reachable from other machines and no API keys")
    assert "lurewatch keys create NAME" in result.stderr


def test_serve_with_a_key_says_so_and_needs_it(tmp_path: Path) -> None:
    created = subprocess.run(
        lurewatch("keys", "create", "moderator", "--db", str(tmp_path / "alerts.db")),
        capture_output=True, text=True, timeout=120, check=True,
    )
    key = created.stdout.strip()
    with serving(tmp_path) as (base, log):
        with httpx.Client(base_url=base, timeout=30) as http:
            assert http.get("/v1/alerts").status_code == 401
            assert http.get("/v1/alerts", headers={"Authorization": f"Bearer {key}"}).status_code == 200
        assert "1 API key(s): every /v1 call needs `Authorization: Bearer KEY`" in log.read_text(encoding="utf-8")
        assert key not in log.read_text(encoding="utf-8")

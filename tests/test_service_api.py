"""The HTTP service on the real app (FastAPI's TestClient drives the ASGI app in-process, no mocks)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from lurewatch import __version__
from lurewatch.cli import main
from lurewatch.service.app import create_app
from lurewatch.service.settings import Settings

EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "lurewatch" / "examples"
WALKTHROUGH = (EXAMPLES / "walkthrough.txt").read_bytes()


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    with TestClient(create_app(Settings(detectors="catalogue", db_url=str(tmp_path / "alerts.db"), web_dir=tmp_path / "no-page"))) as client:
        yield client


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["analyze", *args, "--format", "json"]) == 0
    return capsys.readouterr().out


def test_healthz_says_ok_and_version(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": __version__}


def test_analyze_upload_answers_exactly_what_the_cli_writes(
    client: TestClient, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(EXAMPLES)
    expected = cli_json(capsys, "walkthrough.txt", "--detectors", "catalogue", "--audience", "teen", "--country", "UK")
    response = client.post(
        "/v1/analyze?audience=teen&country=UK", files={"file": ("walkthrough.txt", WALKTHROUGH, "text/plain")}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.text == expected
    assert json.loads(response.text)["conversations"][0]["risk"]["level"] == "critical"


def test_analyze_plain_text_body(client: TestClient) -> None:
    response = client.post("/v1/analyze", content=WALKTHROUGH, headers={"content-type": "text/plain; charset=utf-8"})
    assert response.status_code == 200
    (conversation,) = response.json()["conversations"]
    assert conversation["source"] == "request.txt"
    assert conversation["message_count"] == 21


def test_analyze_json_conversation(client: TestClient) -> None:
    body = {
        "id": "c1",
        "messages": [
            {"author": "Alex", "text": "how old are you?", "time": "2024-05-01T10:00:00Z"},
            {"author": "Sam", "text": "13"},
            {"author": "Alex", "text": "don't tell your parents about us, ok?"},
        ],
    }
    response = client.post("/v1/analyze", json=body)
    assert response.status_code == 200
    (conversation,) = response.json()["conversations"]
    assert conversation["id"] == "c1"
    assert {f["category"] for f in conversation["findings"]} >= {"secrecy"}


def test_indicators_equal_the_cli_catalogue(client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["indicators", "--format", "json"]) == 0
    expected = json.loads(capsys.readouterr().out)
    response = client.get("/v1/indicators")
    assert response.status_code == 200
    assert response.json() == expected


def test_web_page_served_at_root(tmp_path: Path) -> None:
    page = tmp_path / "static"
    page.mkdir()
    (page / "index.html").write_text("<!doctype html><title>lurewatch</title>", encoding="utf-8")
    with TestClient(create_app(Settings(detectors="catalogue", db_url=str(tmp_path / "alerts.db"), web_dir=page))) as client:
        response = client.get("/")
        assert response.status_code == 200
        assert "<title>lurewatch</title>" in response.text
        assert client.get("/healthz").status_code == 200  # the API keeps its paths

"""The HTTP service's endpoints on the real app (FastAPI's TestClient drives the ASGI app in-process, no mocks)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from lurewatch import __version__
from lurewatch.cli import main
from tests.service_support import EXAMPLES, FIXTURES, client_for, live_messages

WALKTHROUGH = (EXAMPLES / "walkthrough.txt").read_bytes()
# Every chat export fixture: each format `analyze` reads, from a file detected by name and content.
EXPORTS = sorted(
    path for folder in ("apps", "basic", "whatsapp") for path in (FIXTURES / folder).iterdir() if path.is_file()
)
# Exports whose columns are named otherwise: the CLI's --author-col and friends, the API's query parameters.
COLUMNS = {"custom.csv": {"author-col": "sender", "text-col": "body", "time-col": "sent_at", "conversation-col": "thread"}}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with client_for(tmp_path) as client:
        yield client


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["analyze", *args, "--format", "json"]) == 0
    return capsys.readouterr().out


# ------------------------------------------------------------------------------------------------------ /v1/analyze


@pytest.mark.parametrize("export", EXPORTS, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_analyze_upload_answers_exactly_what_the_cli_writes(
    client: TestClient, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, export: Path
) -> None:
    monkeypatch.chdir(export.parent)
    columns = COLUMNS.get(export.name, {})
    options = [part for option, value in columns.items() for part in (f"--{option}", value)]
    expected = cli_json(capsys, export.name, "--detectors", "catalogue", *options)
    query = "&".join(f"{option.replace('-', '_')}={value}" for option, value in columns.items())
    response = client.post(f"/v1/analyze?{query}", files={"file": (export.name, export.read_bytes())})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.text == expected


def test_analyze_whatsapp_zip_upload(
    client: TestClient, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("WhatsApp Chat mit Lena.txt", (FIXTURES / "whatsapp" / "WhatsApp Chat mit Lena.txt").read_bytes())
        archive.writestr("IMG-20240501-WA0001.jpg", b"\xff\xd8 not read")
    export = tmp_path / "WhatsApp Chat mit Lena.zip"
    export.write_bytes(buffer.getvalue())
    monkeypatch.chdir(tmp_path)
    expected = cli_json(capsys, export.name, "--detectors", "catalogue")
    response = client.post("/v1/analyze", files={"file": (export.name, buffer.getvalue(), "application/zip")})
    assert response.status_code == 200, response.text
    assert response.text == expected
    assert json.loads(response.text)["conversations"][0]["message_count"] > 0


def test_analyze_options_reach_the_report(
    client: TestClient, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(EXAMPLES)
    expected = cli_json(
        capsys, "walkthrough.txt", "--detectors", "catalogue", "--audience", "teen", "--country", "UK",
        "--alert-level", "medium",
    )
    response = client.post(
        "/v1/analyze?audience=teen&country=UK&alert_level=medium",
        files={"file": ("walkthrough.txt", WALKTHROUGH, "text/plain")},
    )
    assert response.text == expected
    conversation = json.loads(response.text)["conversations"][0]
    assert conversation["advice"]["audience"] == "teen"
    assert any(resource["country"] == "UK" for resource in conversation["advice"]["resources"])


def test_analyze_semantic_detectors_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server's default detectors are the CLI's (combined): the same report, meaning matches included."""
    monkeypatch.chdir(EXAMPLES)
    expected = cli_json(capsys, "walkthrough.txt")
    with client_for(tmp_path, detectors="combined") as client:
        response = client.post("/v1/analyze", files={"file": ("walkthrough.txt", WALKTHROUGH)})
    assert response.text == expected


def test_analyze_plain_text_body(client: TestClient) -> None:
    response = client.post("/v1/analyze", content=WALKTHROUGH, headers={"content-type": "text/plain; charset=utf-8"})
    assert response.status_code == 200
    (conversation,) = response.json()["conversations"]
    assert conversation["source"] == "request.txt"
    assert conversation["message_count"] == 21
    assert conversation["risk"]["level"] == "critical"


def test_analyze_includes_the_messages_only_when_asked(client: TestClient) -> None:
    headers = {"content-type": "text/plain; charset=utf-8"}
    plain = client.post("/v1/analyze", content=WALKTHROUGH, headers=headers).json()["conversations"][0]
    assert "messages" not in plain
    response = client.post("/v1/analyze?include_messages=true", content=WALKTHROUGH, headers=headers)
    assert response.status_code == 200
    (conversation,) = response.json()["conversations"]
    messages = conversation.pop("messages")
    assert conversation == plain
    assert len(messages) == conversation["message_count"] == 21
    for finding in conversation["findings"]:
        start, end = finding["span"]
        message = messages[finding["message_index"]]
        assert message["author"] == finding["author"]
        assert message["text"][start:end] == finding["evidence"]


def test_analyze_json_conversation(client: TestClient) -> None:
    body = {
        "id": "c1",
        "messages": [
            {"author": "Alex", "text": "how old are you?", "time": "2024-05-01T10:00:00Z"},
            {"author": "Sam", "text": "13", "time": "2024-05-01T10:01:00Z"},
            {"author": "Alex", "text": "don't tell your parents about us, ok?", "time": "2024-05-01T10:02:00Z"},
        ],
    }
    response = client.post("/v1/analyze", json=body)
    assert response.status_code == 200
    (conversation,) = response.json()["conversations"]
    assert conversation["id"] == "c1"
    assert conversation["message_count"] == 3
    assert "secrecy" in {finding["category"] for finding in conversation["findings"]}


def test_analyze_json_of_several_conversations(client: TestClient) -> None:
    body = {"conversations": [{"id": f"c{i}", "messages": [{"author": "A", "text": "hi"}]} for i in range(3)]}
    response = client.post("/v1/analyze", json=body)
    assert [c["id"] for c in response.json()["conversations"]] == ["c0", "c1", "c2"]


def test_analyze_forced_input_format(client: TestClient) -> None:
    body = b'{"author": "Alex", "text": "hi"}\n{"author": "Sam", "text": "hello"}\n'
    response = client.post("/v1/analyze?input_format=jsonl", files={"file": ("messages.log", body)})
    assert response.status_code == 200
    assert response.json()["conversations"][0]["message_count"] == 2


@pytest.mark.parametrize(
    ("body", "content_type", "where", "what"),
    [
        (b'{"messages": [{"author": "Alex"}]}', "application/json", "request.json:1", "messages[0].text: missing"),
        (b'{"messages": [', "application/json", "request.json:1", "invalid JSON"),
        (b"", "text/plain", "request.txt", "file is empty"),
        (b"\xff\xfe broken", "text/plain", "request.txt:1", "invalid UTF-8 byte 0xff"),
    ],
    ids=["json-missing-text", "json-cut-off", "empty-text", "not-utf8"],
)
def test_analyze_malformed_input_is_422_saying_what_and_where(
    client: TestClient, body: bytes, content_type: str, where: str, what: str
) -> None:
    response = client.post("/v1/analyze", content=body, headers={"content-type": content_type})
    assert response.status_code == 422
    error = response.json()
    assert error["where"] == where
    assert error["error"].startswith(f"{where}: ")
    assert what in error["error"]
    assert "\n" not in error["error"]


def test_analyze_upload_of_unreadable_file_names_it(client: TestClient) -> None:
    response = client.post("/v1/analyze", files={"file": ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00binary")})
    assert response.status_code == 422
    assert response.json()["where"].startswith("photo.png")


def test_analyze_upload_keeps_only_the_file_name(client: TestClient) -> None:
    response = client.post("/v1/analyze", files={"file": ("C:\\Users\\sam\\chats\\chat.txt", b"Alex: hi\nSam: hello\n")})
    assert response.json()["conversations"][0]["source"] == "chat.txt"


@pytest.mark.parametrize(
    ("query", "where"),
    [
        ("audience=grandparent", "query.audience"),
        ("country=United%20Kingdom", "query.country"),
        ("alert_level=extreme", "query.alert_level"),
        ("detectors=magic", "query.detectors"),
    ],
)
def test_analyze_bad_options_are_422_naming_the_parameter(client: TestClient, query: str, where: str) -> None:
    response = client.post(f"/v1/analyze?{query}", content=b"Alex: hi", headers={"content-type": "text/plain"})
    assert response.status_code == 422
    assert response.json()["where"] == where
    assert response.json()["error"].startswith(f"{where}: ")


def test_analyze_unknown_input_format_is_422(client: TestClient) -> None:
    response = client.post("/v1/analyze?input_format=fax", content=b"A: hi", headers={"content-type": "text/plain"})
    assert response.status_code == 422
    assert "unknown input format" in response.json()["error"]


def test_analyze_other_content_types_are_415(client: TestClient) -> None:
    response = client.post("/v1/analyze", content=b"<chat/>", headers={"content-type": "application/xml"})
    assert response.status_code == 415
    assert "application/xml" in response.json()["error"]


def test_analyze_multipart_without_a_file_is_422(client: TestClient) -> None:
    response = client.post("/v1/analyze", data={"text": "Alex: hi"}, files={"other": ("x.txt", b"A: b")})
    assert response.status_code == 422
    assert '"file"' in response.json()["error"]


# ---------------------------------------------------------------------------------------------- body limit: 413


def test_body_over_the_limit_is_413(tmp_path: Path) -> None:
    with client_for(tmp_path, max_body=1000) as client:
        small = client.post("/v1/analyze", content=b"Alex: hi\n" * 100, headers={"content-type": "text/plain"})
        assert small.status_code == 200
        big = client.post("/v1/analyze", content=b"Alex: hi\n" * 112, headers={"content-type": "text/plain"})
        assert big.status_code == 413
        assert "1,000-byte limit" in big.json()["error"]
        upload = client.post("/v1/analyze", files={"file": ("chat.txt", b"Alex: hi\n" * 200)})
        assert upload.status_code == 413


def test_chunked_body_over_the_limit_is_413(tmp_path: Path) -> None:
    """No Content-Length to go by: the limit counts the chunks as they come."""

    def chunks() -> Iterator[bytes]:
        for _ in range(50):
            yield b"Alex: hi there\n" * 10

    with client_for(tmp_path, max_body=2000) as client:
        response = client.post("/v1/analyze", content=chunks(), headers={"content-type": "text/plain"})
    assert response.status_code == 413


def test_default_body_limit_is_5_mb(client: TestClient) -> None:
    body = b"Alex: hi\n" * (5 * 2**20 // 9 + 1)
    assert len(body) > 5 * 2**20
    response = client.post("/v1/analyze", content=body, headers={"content-type": "text/plain"})
    assert response.status_code == 413


# ----------------------------------------------------------------------------------------------------- /v1/messages


def test_messages_raise_alerts_as_the_watcher_does_and_store_them(client: TestClient) -> None:
    from lurewatch import Watcher

    watcher = Watcher(detectors="catalogue")
    expected = [
        alert
        for m in live_messages()
        if (alert := watcher.add(m["conversation_id"], m["author"], m["text"])) is not None
    ]
    assert expected, "the live chat must raise at least one alert"
    answered = []
    for message in live_messages():
        response = client.post("/v1/messages", json=message)
        assert response.status_code == 200
        assert response.json()["messages"] == 1
        answered.extend(response.json()["alerts"])
    assert [(a["message_index"], a["risk"]) for a in answered] == [
        (a.message_index, a.risk.model_dump()) for a in expected
    ]
    assert all(alert["new"] for alert in answered)
    for alert in answered:
        stored = client.get(f"/v1/alerts/{alert['id']}").json()
        assert stored["conversation_id"] == "room-1"
        assert stored["level"] == alert["risk"]["level"]
        assert stored["status"] == "new"
        assert [f["evidence"] for f in stored["findings"]] == [f["evidence"] for f in alert["findings"]]


def test_alerts_keep_the_conversation_text_only_with_store_text(tmp_path: Path) -> None:
    chats = [*live_messages("a"), *live_messages("b")]  # two conversations: each alert keeps its own
    with client_for(tmp_path / "evidence") as plain, client_for(tmp_path / "text", store_text=True) as keeping:
        for client in (plain, keeping):
            alerts = client.post("/v1/messages", json=chats).json()["alerts"]
            assert {a["conversation_id"] for a in alerts} == {"a", "b"}
            for alert in alerts:
                stored = client.get(f"/v1/alerts/{alert['id']}").json()
                if client is plain:
                    assert stored["messages"] is None
                else:
                    said = [{"author": m["author"], "text": m["text"]} for m in live_messages()]
                    assert stored["messages"] == said[: alert["message_index"] + 1]


def test_messages_batch_equals_one_by_one(tmp_path: Path) -> None:
    with client_for(tmp_path / "a") as one_by_one, client_for(tmp_path / "b") as batched:
        singles = [a for m in live_messages() for a in one_by_one.post("/v1/messages", json=m).json()["alerts"]]
        response = batched.post("/v1/messages", json=live_messages())
    assert response.json()["messages"] == len(live_messages())
    assert response.json()["alerts"] == singles


def test_messages_keep_conversations_apart(client: TestClient) -> None:
    interleaved = [m for pair in zip(live_messages("a"), live_messages("b"), strict=True) for m in pair]
    alerts = client.post("/v1/messages", json=interleaved).json()["alerts"]
    assert {a["conversation_id"] for a in alerts} == {"a", "b"}
    assert len({a["id"] for a in alerts}) == len(alerts)


def test_messages_take_a_time(client: TestClient) -> None:
    message = {"conversation_id": "t", "author": "Alex", "text": "hi", "time": "2024-05-01T10:00:00Z"}
    assert client.post("/v1/messages", json=message).status_code == 200


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"conversation_id": "c", "author": "Alex"}, "body.text"),
        ([{"conversation_id": "c", "author": "A", "text": "hi"}, {"conversation_id": "c", "author": "", "text": "x"}],
         "body[1].author"),
        ({"conversation_id": "c", "author": "A", "text": 5}, "body.text"),
        ({"conversation_id": "c", "author": "A", "text": "hi", "time": "yesterday"}, "body.time"),
        ([], "body"),
        ("just text", "body"),
    ],
    ids=["missing-text", "empty-author-in-batch", "number-text", "bad-time", "empty-batch", "not-an-object"],
)
def test_messages_malformed_is_422_naming_the_field(client: TestClient, body: object, where: str) -> None:
    response = client.post("/v1/messages", json=body)
    assert response.status_code == 422
    assert response.json()["where"] == where
    assert response.json()["error"].startswith(f"{where}: ")


def test_messages_invalid_json_is_422_with_its_line(client: TestClient) -> None:
    response = client.post("/v1/messages", content=b'{"conversation_id": "c",\n "author": ', headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["error"] == "body: invalid JSON (line 2 column 12)"


def test_messages_batch_over_1000_is_422(client: TestClient) -> None:
    batch = [{"conversation_id": "c", "author": "A", "text": "hi"}] * 1001
    response = client.post("/v1/messages", json=batch)
    assert response.status_code == 422
    assert "1 to 1000" in response.json()["error"]


def test_a_malformed_batch_changes_nothing(client: TestClient) -> None:
    """The batch is checked whole before any message reaches the watcher: nothing half-done."""
    batch = [*live_messages(), {"conversation_id": "room-1", "author": "Alex"}]
    assert client.post("/v1/messages", json=batch).status_code == 422
    assert client.get("/v1/alerts").json() == {"alerts": []}


# ------------------------------------------------------------------------------------------------------- /v1/alerts


@pytest.fixture
def alerted(client: TestClient) -> list[dict[str, object]]:
    alerts: list[dict[str, object]] = client.post("/v1/messages", json=live_messages()).json()["alerts"]
    assert len(alerts) >= 2, "the live chat climbs through at least two levels"
    return alerts


def test_alerts_list_filters_by_status_and_level(client: TestClient, alerted: list[dict[str, object]]) -> None:
    listed = client.get("/v1/alerts").json()["alerts"]
    assert {a["id"] for a in listed} == {a["id"] for a in alerted}
    level = listed[0]["level"]
    by_level = client.get(f"/v1/alerts?level={level}").json()["alerts"]
    assert by_level and all(a["level"] == level for a in by_level)
    assert len(client.get("/v1/alerts?limit=1").json()["alerts"]) == 1
    assert len(client.get("/v1/alerts?limit=1&offset=1").json()["alerts"]) == 1
    assert client.get("/v1/alerts?status=confirmed").json()["alerts"] == []


def test_review_confirms_with_a_note(client: TestClient, alerted: list[dict[str, object]]) -> None:
    target = alerted[-1]["id"]
    response = client.post(f"/v1/alerts/{target}/review", json={"status": "confirmed", "note": "reported to the platform"})
    assert response.status_code == 200
    reviewed = response.json()
    assert reviewed["status"] == "confirmed"
    assert reviewed["note"] == "reported to the platform"
    assert reviewed["reviewer"] == "local"
    assert reviewed["reviewed_at"] is not None
    assert [a["id"] for a in client.get("/v1/alerts?status=confirmed").json()["alerts"]] == [target]
    assert target not in {a["id"] for a in client.get("/v1/alerts?status=new").json()["alerts"]}


def test_review_names_its_reviewer(client: TestClient, alerted: list[dict[str, object]]) -> None:
    response = client.post(f"/v1/alerts/{alerted[0]['id']}/review", json={"status": "dismissed", "reviewer": "kim"})
    assert response.json()["reviewer"] == "kim"
    assert response.json()["status"] == "dismissed"


def test_alert_unknown_id_is_404(client: TestClient) -> None:
    assert client.get("/v1/alerts/nope").status_code == 404
    response = client.post("/v1/alerts/nope/review", json={"status": "confirmed"})
    assert response.status_code == 404
    assert response.json()["error"] == "no alert nope"


@pytest.mark.parametrize(
    ("query", "where"),
    [("status=maybe", "query.status"), ("level=severe", "query.level"), ("limit=0", "query.limit"),
     ("offset=-1", "query.offset")],
)
def test_alerts_bad_filters_are_422(client: TestClient, query: str, where: str) -> None:
    response = client.get(f"/v1/alerts?{query}")
    assert response.status_code == 422
    assert response.json()["where"] == where


def test_review_status_must_be_confirmed_or_dismissed(client: TestClient, alerted: list[dict[str, object]]) -> None:
    response = client.post(f"/v1/alerts/{alerted[0]['id']}/review", json={"status": "deleted"})
    assert response.status_code == 422
    assert response.json()["where"] == "body.status"


# --------------------------------------------------------------------------------------- indicators, health, metrics


def test_indicators_equal_the_cli_catalogue(client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["indicators", "--format", "json"]) == 0
    expected = json.loads(capsys.readouterr().out)
    response = client.get("/v1/indicators")
    assert response.status_code == 200
    assert response.json() == expected


def test_healthz_says_ok_and_version(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": __version__}


def metric(text: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        match = re.fullmatch(rf"{re.escape(name)}\{{(.*)\}} (\S+)", line)
        if match and ",".join(sorted(match.group(1).split(","))) == wanted:
            return float(match.group(2))
    raise AssertionError(f"no {name}{{{wanted}}} in /metrics")


def test_metrics_count_requests_latency_and_alerts_by_level(client: TestClient, alerted: list[dict[str, object]]) -> None:
    client.get("/v1/alerts/nope")
    client.post("/v1/analyze", content=WALKTHROUGH, headers={"content-type": "text/plain"})
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert metric(text, "lurewatch_http_requests_total", method="POST", route="/v1/messages", status="200") == 1
    assert metric(text, "lurewatch_http_requests_total", method="GET", route="/v1/alerts/{alert_id}", status="404") == 1
    assert metric(text, "lurewatch_http_request_duration_seconds_count", route="/v1/analyze") == 1
    levels = [str(a["risk"]["level"]) for a in alerted]  # type: ignore[index]
    for level in set(levels):
        assert metric(text, "lurewatch_alerts_total", level=level) == levels.count(level)
    assert f"lurewatch_messages_total {float(len(live_messages()))}" in text
    assert "lurewatch_conversations_analyzed_total 1.0" in text
    # Counts and route templates only: no message text, no alert id.
    for message in live_messages():
        if len(message["text"]) > 3:  # "13" may well be part of a number
            assert message["text"] not in text
    assert str(alerted[0]["id"]) not in text


# ------------------------------------------------------------------------------------------------- docs, web page


def test_docs_work_offline(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
    assert assets
    for asset in assets:
        assert asset.startswith("/"), f"/docs loads {asset} from elsewhere"
        assert client.get(asset).status_code == 200
    assert "//cdn" not in page.text and "https://" not in page.text
    schema = client.get("/openapi.json").json()
    assert {"/v1/analyze", "/v1/messages", "/v1/alerts", "/v1/alerts/{alert_id}", "/v1/alerts/{alert_id}/review",
            "/v1/indicators", "/healthz", "/metrics"} <= set(schema["paths"])


def test_web_page_served_at_root(tmp_path: Path) -> None:
    page = tmp_path / "static"
    page.mkdir()
    (page / "index.html").write_text("<!doctype html><title>lurewatch</title>", encoding="utf-8")
    (page / "app.js").write_text("// page script", encoding="utf-8")
    with client_for(tmp_path, web_dir=page) as client:
        assert "<title>lurewatch</title>" in client.get("/").text
        assert client.get("/app.js").text == "// page script"
        assert client.get("/healthz").status_code == 200  # the API keeps its paths
        assert client.get("/missing.css").status_code == 404


def test_without_the_page_root_is_404(client: TestClient) -> None:
    assert client.get("/").status_code == 404


def test_alert_store_failure_is_503_without_details(client: TestClient, tmp_path: Path) -> None:
    import sqlite3

    with sqlite3.connect(tmp_path / "alerts.db") as connection:
        connection.execute("ALTER TABLE alerts RENAME TO alerts_elsewhere")
    response = client.post("/v1/messages", json=live_messages())
    assert response.status_code == 503
    assert response.json()["error"] == "the alert store cannot be reached; the server log says why"
    assert client.get("/v1/alerts").status_code == 503


def test_uploads_never_touch_the_disk(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 2 MB export stays in memory: a temporary file (where a spooled upload would go) is never made."""
    import tempfile

    def no_disk(*args: object, **kwargs: object) -> None:
        raise AssertionError("an upload was written to a temporary file")

    monkeypatch.setattr(tempfile, "TemporaryFile", no_disk)
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", no_disk)
    data = b"Alex: hi there, how was the game yesterday evening at the park?\n" * 35_000
    assert len(data) > 2 * 2**20  # twice what Starlette keeps in memory before spooling to disk
    response = client.post("/v1/analyze", files={"file": ("chat.txt", data)})
    assert response.status_code == 200
    assert response.json()["conversations"][0]["message_count"] == 35_000


def test_a_broken_multipart_body_is_422(client: TestClient) -> None:
    response = client.post(
        "/v1/analyze", content=b"--xyz\r\nbroken", headers={"content-type": "multipart/form-data; boundary=xyz"}
    )
    assert response.status_code == 422
    assert response.json()["error"].startswith("multipart body")

"""`lurewatch alerts list|show|review|export` and their one-line errors (SQLite here; the store's own tests cover
PostgreSQL, and one test here runs the CLI against it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lurewatch.cli import main
from lurewatch.store import open_store

from .test_store import watched_alerts


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A store with the alerts of two synthetic conversations."""
    path = str(tmp_path / "alerts.db")
    with open_store(path) as store:
        for conversation in ("chat-1", "chat-2"):
            for alert, _ in watched_alerts(conversation):
                store.record(alert)
    return path


def listed(db: str, capsys: pytest.CaptureFixture[str], *options: str) -> list[dict[str, object]]:
    assert main(["alerts", "list", "--json", "--db", db, *options]) == 0
    rows: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return rows


def test_list_as_a_table_and_as_json(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = listed(db, capsys)
    assert len(rows) >= 4 and {row["conversation_id"] for row in rows} == {"chat-1", "chat-2"}
    assert main(["alerts", "list", "--db", db]) == 0
    table = capsys.readouterr().out
    assert all(str(row["id"]) in table for row in rows)  # full ids, never folded: they are what `review` takes
    assert "critical" in table and "new" in table


def test_list_filters_and_pages(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    every = listed(db, capsys)
    critical = listed(db, capsys, "--level", "critical")
    assert critical and [r["id"] for r in critical] == [r["id"] for r in every if r["level"] == "critical"]
    assert [r["id"] for r in listed(db, capsys, "--limit", "1", "--offset", "2")] == [every[2]["id"]]
    assert main(["alerts", "review", str(every[0]["id"]), "confirmed", "--reviewer", "sam", "--db", db]) == 0
    capsys.readouterr()
    assert [r["id"] for r in listed(db, capsys, "--status", "confirmed")] == [every[0]["id"]]
    assert len(listed(db, capsys, "--status", "new")) == len(every) - 1


def test_show_and_review(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    first = listed(db, capsys)[0]
    identifier = str(first["id"])
    assert main(["alerts", "show", identifier, "--db", db]) == 0
    text = capsys.readouterr().out
    assert identifier in text and "send me a private pic" in text and "review: new" in text
    note = "threatens to share pictures"
    command = ["alerts", "review", identifier, "confirmed", "--reviewer", "sam", "--note", note, "--db", db]
    assert main(command) == 0
    assert capsys.readouterr().out.strip() == f"alert {identifier}: confirmed by sam"
    assert main(["alerts", "show", identifier, "--json", "--db", db]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["status"], shown["reviewer"], shown["note"]) == ("confirmed", "sam", note)
    assert shown["reviewed_at"] is not None and shown["findings"]
    assert main(["alerts", "show", identifier, "--db", db]) == 0
    assert "review: confirmed by sam" in capsys.readouterr().out


def test_export_writes_the_whole_file(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = listed(db, capsys)
    for row, status in zip(rows[:2], ("confirmed", "dismissed"), strict=True):
        assert main(["alerts", "review", str(row["id"]), status, "--reviewer", "sam", "--db", db]) == 0
    capsys.readouterr()
    out = tmp_path / "labels.jsonl"
    assert main(["alerts", "export", "-o", str(out), "--db", db]) == 0
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {row["alert_id"] for row in exported} <= {rows[0]["id"], rows[1]["id"]}
    assert exported and all(row["label"] in ("grooming", "sextortion", "benign") for row in exported)
    assert main(["alerts", "export", "--db", db]) == 0
    assert [json.loads(line) for line in capsys.readouterr().out.splitlines()] == exported
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".labels")] == []  # no temp file left


def test_nothing_reviewed_exports_nothing(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "labels.jsonl"
    assert main(["alerts", "export", "-o", str(out), "--db", db]) == 2
    assert "no reviewed alerts" in capsys.readouterr().err
    assert not out.exists() and not [p for p in tmp_path.iterdir() if "labels" in p.name]


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["show", "0123456789abcdef0123456789abcdef"], "alert 0123456789abcdef0123456789abcdef: no such alert"),
        (["review", "0123456789abcdef0123456789abcdef", "confirmed", "--reviewer", "sam"], "no such alert"),
        (["review", "0123456789abcdef0123456789abcdef", "confirmed", "--reviewer", " "], "reviewer"),
    ],
)
def test_unknown_ids_are_one_line_errors(
    db: str, capsys: pytest.CaptureFixture[str], arguments: list[str], expected: str
) -> None:
    assert main(["alerts", *arguments, "--db", db]) == 2
    err = capsys.readouterr().err
    assert expected in err and err.startswith("lurewatch: error:") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mysql://user@localhost/alerts", "unsupported database 'mysql'"),
        ("postgresql://user:secret@db.example:port/alerts", "not a database URL"),
        ("postgresql://user:secret@127.0.0.1:1/alerts", "cannot reach the database"),
    ],
)
def test_bad_and_unreachable_databases_are_one_line_errors(
    url: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["alerts", "list", "--db", url]) == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1 and "secret" not in err


def test_usage_mistakes_are_one_line_errors(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main_exit(["alerts", "review", "abc", "closed", "--reviewer", "sam", "--db", db]) == 2
    assert "invalid choice: 'closed'" in capsys.readouterr().err
    assert main_exit(["alerts", "review", "abc", "confirmed", "--db", db]) == 2
    assert "--reviewer" in capsys.readouterr().err
    assert main_exit(["alerts", "list", "--limit", "-1", "--db", db]) == 2
    assert "expected 0 or more" in capsys.readouterr().err


def main_exit(arguments: list[str]) -> int:
    """argparse ends the process on a usage mistake: its exit code."""
    with pytest.raises(SystemExit) as stopped:
        main(arguments)
    return int(stopped.value.code or 0)


def test_the_cli_on_postgresql(postgres_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with open_store(postgres_url) as store:
        identifier, _ = store.record(watched_alerts("chat-1")[-1][0])
    assert main(["alerts", "review", identifier, "dismissed", "--reviewer", "sam", "--db", postgres_url]) == 0
    capsys.readouterr()
    rows = listed(postgres_url, capsys, "--status", "dismissed")
    assert [row["id"] for row in rows] == [identifier]

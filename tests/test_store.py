"""The alert store on SQLite and on a real PostgreSQL server: every call, the same answers on both, idempotent
records, migrations, review states, the export `lurewatch train` reads, what is (not) stored, and a SQLite store
killed mid-write.

All conversations are the test's own synthetic, non-explicit lines.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from lurewatch import Watcher
from lurewatch.alerts_cli import STATUSES as CLI_STATUSES
from lurewatch.cli import main
from lurewatch.errors import InputError, UsageError
from lurewatch.learn.labelled import read_labelled
from lurewatch.model import Finding, Risk
from lurewatch.store import (
    DEFAULT_DB_PATH,
    STATUSES,
    AlertStore,
    StoredAlert,
    StoreError,
    alert_id,
    default_db_path,
    open_store,
)
from lurewatch.store.database import head_revision
from lurewatch.store.schema import Base
from lurewatch.stream import Alert

# A suspect's lines climbing through the stages; the replies and the chatter in between are never flagged.
SUSPECT_LINES = [
    "hey you seem so mature",
    "dont tell anyone about us ok",
    "send me a private pic",
    "if you dont send it i will share your pics with everyone",
]
REPLIES = ["my cat knocked over the lamp today", "ok", "why", "no"]
PRIVATE_REPLY = "my cat knocked over the lamp today"  # must never reach the store without texts


def watched_alerts(conversation_id: str, suspect: str = "adult", target: str = "kid") -> list[tuple[Alert, list[str]]]:
    """The alerts a Watcher raises on one synthetic conversation, each with the texts up to it."""
    watcher = Watcher(detectors="catalogue")
    texts: list[str] = []
    raised = []
    for line, reply in zip(SUSPECT_LINES, REPLIES, strict=True):
        for author, text in ((suspect, line), (target, reply)):
            texts.append(text)
            alert = watcher.add(conversation_id, author, text)
            if alert is not None:
                raised.append((alert, list(texts)))
    assert raised, "the synthetic conversation must alert"
    return raised


def made_alert(conversation_id: str, index: int = 3, level: str = "high", score: float = 0.8) -> Alert:
    finding = Finding(
        message_index=index,
        author="adult",
        indicator="secrecy.dont_tell",
        category="secrecy",
        stage="exclusivity",
        severity=3,
        span=(0, 16),
        evidence="dont tell anyone",
        explanation="asks for secrecy",
        confidence=0.75,
    )
    return Alert(
        conversation_id=conversation_id,
        message_index=index,
        risk=Risk(score=score, level=level),  # type: ignore[arg-type]
        suspect="adult",
        findings=[finding],
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'alerts.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[AlertStore]:
    with open_store(store_url) as opened:
        yield opened


def comparable(alert: StoredAlert) -> dict[str, Any]:
    """An alert without its wall-clock times, which differ between two runs."""
    return alert.model_dump(mode="json", exclude={"created_at", "reviewed_at"})


# --- ids -------------------------------------------------------------------------------------------------------------


def test_alert_ids_are_deterministic_and_differ_in_every_part() -> None:
    first = alert_id("chat-1", "high", 7)
    assert first == alert_id("chat-1", "high", 7)
    assert len(first) == 32 and int(first, 16) >= 0
    others = {alert_id("chat-2", "high", 7), alert_id("chat-1", "critical", 7), alert_id("chat-1", "high", 8)}
    assert first not in others and len(others) == 3
    # The conversation id is length-prefixed: no two (id, level) pairs can run together into the same key.
    assert alert_id("a\x00high", "x", 1) != alert_id("a", "high\x00x", 1)


# --- every call, on both databases -----------------------------------------------------------------------------------


def test_record_then_get_keeps_the_alert_and_its_findings(store: AlertStore) -> None:
    alert, _ = watched_alerts("chat-1")[-1]
    identifier, new = store.record(alert, detectors="catalogue")
    assert new and identifier == alert_id("chat-1", alert.risk.level, alert.message_index)
    stored = store.get(identifier)
    assert stored is not None
    assert (stored.conversation_id, stored.message_index, stored.level) == ("chat-1", alert.message_index, alert.risk.level)
    assert stored.score == alert.risk.score and stored.suspect == "adult" and stored.detectors == "catalogue"
    assert stored.status == "new" and stored.reviewer is None and stored.reviewed_at is None
    assert stored.created_at.tzinfo is not None and stored.created_at.utcoffset() == UTC.utcoffset(None)
    assert abs((datetime.now(UTC) - stored.created_at).total_seconds()) < 60
    assert [(f.indicator, f.message_index, f.span, f.evidence) for f in stored.findings] == [
        (f.indicator, f.message_index, f.span, f.evidence) for f in alert.findings
    ]
    assert stored.messages is None
    assert store.get("0" * 32) is None


def test_recording_the_same_alert_again_inserts_nothing(store: AlertStore) -> None:
    alert, _ = watched_alerts("chat-1")[0]
    first = store.record(alert)
    again = store.record(alert)
    assert first[1] is True and again == (first[0], False)
    stored = store.list_alerts()
    assert len(stored) == 1 and len(stored[0].findings) == len(alert.findings)


def test_list_is_newest_first_and_filters(store: AlertStore) -> None:
    ids = [store.record(alert)[0] for alert, _ in watched_alerts("chat-1")]
    ids += [store.record(alert)[0] for alert, _ in watched_alerts("chat-2")]
    listed = store.list_alerts()
    assert [a.id for a in listed] == ids[::-1]
    assert [a.created_at for a in listed] == sorted((a.created_at for a in listed), reverse=True)
    levels = {a.level for a in listed}
    assert len(levels) >= 2  # the synthetic chat climbs through more than one level
    for level in levels:
        assert {a.id for a in store.list_alerts(level=level)} == {a.id for a in listed if a.level == level}
    assert [a.id for a in store.list_alerts(limit=2, offset=1)] == ids[::-1][1:3]
    assert store.list_alerts(limit=0) == []
    store.review(ids[0], "confirmed", reviewer="sam")
    assert [a.id for a in store.list_alerts(status="confirmed")] == [ids[0]]
    assert ids[0] not in {a.id for a in store.list_alerts(status="new")}
    with pytest.raises(InputError, match="level"):
        store.list_alerts(level="severe")
    with pytest.raises(InputError, match="status"):
        store.list_alerts(status="done")


def test_review_states(store: AlertStore) -> None:
    identifier, _ = store.record(watched_alerts("chat-1")[-1][0])
    confirmed = store.review(identifier, "confirmed", reviewer=" sam ", note="threat to share pictures")
    assert (confirmed.status, confirmed.reviewer, confirmed.note) == ("confirmed", "sam", "threat to share pictures")
    assert confirmed.reviewed_at is not None and confirmed.reviewed_at.tzinfo is not None
    assert store.get(identifier) == confirmed
    dismissed = store.review(identifier, "dismissed", reviewer="alex")
    assert (dismissed.status, dismissed.reviewer, dismissed.note) == ("dismissed", "alex", None)
    assert dismissed.reviewed_at is not None and dismissed.reviewed_at >= confirmed.reviewed_at
    reopened = store.review(identifier, "new", reviewer="alex", note="second look")
    assert reopened.status == "new" and reopened.id == identifier
    with pytest.raises(InputError, match="no such alert"):
        store.review("f" * 32, "confirmed", reviewer="sam")
    with pytest.raises(InputError, match="status"):
        store.review(identifier, "closed", reviewer="sam")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="reviewer"):
        store.review(identifier, "confirmed", reviewer="  ")
    assert store.get(identifier) == reopened  # failed reviews changed nothing


def test_sqlite_and_postgresql_give_the_same_answers(tmp_path: Path, postgres_url: str) -> None:
    answers = []
    for url in (f"sqlite:///{tmp_path / 'alerts.db'}", postgres_url):
        with open_store(url) as store:
            recorded = []
            for number in range(3):
                for alert, texts in watched_alerts(f"chat-{number}", suspect=f"adult{number}"):
                    recorded.append(store.record(alert, texts=texts if number == 1 else None))
                    recorded.append(store.record(alert))
            listed = store.list_alerts()
            store.review(listed[0].id, "confirmed", reviewer="sam", note="clear")
            store.review(listed[-1].id, "dismissed", reviewer="alex")
            answers.append(
                {
                    "recorded": recorded,
                    "all": [comparable(a) for a in store.list_alerts()],
                    "critical": [comparable(a) for a in store.list_alerts(level="critical")],
                    "page": [comparable(a) for a in store.list_alerts(limit=2, offset=1)],
                    "confirmed": [comparable(a) for a in store.list_alerts(status="confirmed")],
                    "get": comparable(store.get(listed[1].id)),  # type: ignore[arg-type]
                    "export": [{k: v for k, v in row.items() if k != "reviewed_at"} for row in store.export_reviewed()],
                }
            )
    sqlite_answers, postgres_answers = answers
    assert sqlite_answers == postgres_answers
    assert len(sqlite_answers["all"]) >= 6 and len(sqlite_answers["export"]) == 2


# --- migrations ------------------------------------------------------------------------------------------------------


def test_opening_an_empty_database_migrates_it_to_head_and_matches_the_models(store_url: str) -> None:
    engine = create_engine(store_url)
    try:
        with engine.connect() as connection:
            assert inspect(connection).get_table_names() == []
        open_store(store_url).close()
        with engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() == head_revision()
            assert set(inspect(connection).get_table_names()) == {"alembic_version", "alerts", "findings"}
            # The migration creates exactly what the ORM models describe: no column, index or key differs.
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        with open_store(store_url) as again:  # opening a migrated store leaves it (and its data) alone
            again.record(made_alert("chat-1"))
        with open_store(store_url) as third:
            assert len(third.list_alerts()) == 1
    finally:
        engine.dispose()


def test_a_schema_from_a_newer_lurewatch_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "alerts.db"
    open_store(str(path)).close()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = 'f00d'")
    with pytest.raises(StoreError, match="schema is newer than this lurewatch"):
        open_store(str(path))


def test_the_default_store_is_a_file_in_the_xdg_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LUREWATCH_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_db_path() == tmp_path / "data" / "lurewatch" / "alerts.db"
    with open_store() as store:
        store.record(made_alert("chat-1"))
    assert (tmp_path / "data" / "lurewatch" / "alerts.db").is_file()
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_db_path() == tmp_path / "home" / ".local" / "share" / "lurewatch" / "alerts.db"
    assert DEFAULT_DB_PATH.name == "alerts.db"
    monkeypatch.setenv("LUREWATCH_DB", str(tmp_path / "elsewhere" / "mine.db"))
    with open_store() as store:
        assert store.url.endswith("elsewhere/mine.db")
    assert (tmp_path / "elsewhere" / "mine.db").is_file()


def test_sqlite_runs_in_wal_mode_with_full_sync(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "alerts.db")) as store, store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


# --- bad URLs and unreachable servers ---------------------------------------------------------------------------------


def test_bad_urls_and_unreachable_servers_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unsupported database 'mysql'"):
        open_store("mysql://user@localhost/alerts")
    with pytest.raises(UsageError, match="not a database URL"):
        open_store("postgresql://user:secret@host:notaport/db")
    with pytest.raises(StoreError) as unreachable:
        open_store("postgresql://user:secret@127.0.0.1:1/alerts")
    message = str(unreachable.value)
    assert "cannot reach the database" in message and "127.0.0.1:1" in message
    assert "secret" not in message and "\n" not in message
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot create the alert store's folder"):
        open_store(str(blocker / "alerts.db"))
    not_a_database = tmp_path / "notes.db"
    not_a_database.write_text("just some notes, long enough to fill a page header " * 20, encoding="utf-8")
    with pytest.raises(StoreError, match=r"notes\.db: file is not a database"):
        open_store(str(not_a_database))


# --- what is stored --------------------------------------------------------------------------------------------------


def test_no_message_text_is_stored_without_texts(tmp_path: Path, postgres_url: str) -> None:
    path = tmp_path / "alerts.db"
    for url in (str(path), postgres_url):
        with open_store(url) as store:
            for alert, _ in watched_alerts("chat-1"):
                store.record(alert)
            assert all(a.messages is None for a in store.list_alerts())
    # Every byte SQLite wrote (the database and its write-ahead log) and every cell on PostgreSQL.
    written = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("alerts.db"))
    assert b"send me a private pic" in written  # evidence is kept...
    assert PRIVATE_REPLY.encode() not in written  # ...nothing else of any message
    assert b"hey you seem" not in written  # the unflagged part of a flagged message neither
    cells = _postgres_cells(postgres_url)
    assert "send me a private pic" in cells
    assert PRIVATE_REPLY not in cells and "hey you seem" not in cells


def _postgres_cells(url: str) -> str:
    with psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)) as db:
        rows = db.execute("SELECT row_to_json(a)::text FROM alerts a UNION ALL SELECT row_to_json(f)::text FROM findings f")
        return "\n".join(row[0] for row in rows)


def test_long_and_odd_strings_are_stored_alike_on_both_databases(store: AlertStore) -> None:
    # PostgreSQL refuses NUL characters and neither database can encode a lone surrogate: both become U+FFFD / "?".
    odd = "room\x00" + "x" * 3000 + "\ud800"
    alert = made_alert(odd).model_copy(update={"suspect": "ad\x00ult"})
    alert.findings[0] = alert.findings[0].model_copy(update={"evidence": "dont\x00tell anyone", "author": "ad\x00ult"})
    identifier, new = store.record(alert, texts=["a\x00b"], authors=["ad\x00ult"])
    assert new and identifier == alert_id(odd, "high", 3) and store.record(alert)[1] is False
    stored = store.get(identifier)
    assert stored is not None
    assert stored.conversation_id == "room\ufffd" + "x" * 3000 + "?"
    assert stored.suspect == stored.findings[0].author == "ad\ufffdult"
    assert stored.findings[0].evidence == "dont\ufffdtell anyone"
    assert stored.messages is not None and stored.messages[0].text == "a\ufffdb"
    reviewed = store.review(identifier, "dismissed", reviewer="s\x00am", note="n\x00")
    assert (reviewed.reviewer, reviewed.note) == ("s\ufffdam", "n\ufffd")


def test_texts_are_stored_when_given(store: AlertStore) -> None:
    alert, texts = watched_alerts("chat-1")[-1]
    authors = ["adult" if i % 2 == 0 else "kid" for i in range(len(texts))]
    identifier, _ = store.record(alert, texts=texts, authors=authors)
    stored = store.get(identifier)
    assert stored is not None and stored.messages is not None
    assert [(m.author, m.text) for m in stored.messages] == list(zip(authors, texts, strict=True))
    with pytest.raises(InputError, match="authors"):
        store.record(made_alert("chat-2"), texts=["a", "b"], authors=["x"])


# --- export ----------------------------------------------------------------------------------------------------------


def test_export_rows_are_labelled_conversations(store: AlertStore, tmp_path: Path) -> None:
    threat = watched_alerts("threat")[-1]
    request = watched_alerts("request")[0]
    store.record(threat[0], texts=threat[1])
    confirmed, _ = store.record(request[0])
    dismissed, _ = store.record(watched_alerts("false-alarm", suspect="coach")[0][0])
    unreviewed, _ = store.record(watched_alerts("waiting")[0][0])
    store.review(alert_id("threat", threat[0].risk.level, threat[0].message_index), "confirmed", reviewer="sam")
    store.review(confirmed, "confirmed", reviewer="sam")
    store.review(dismissed, "dismissed", reviewer="sam", note="a sports coach's checklist")
    path = tmp_path / "labels.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in store.export_reviewed()), encoding="utf-8")
    loaded = {item.conversation.id: item for item in read_labelled(path)}
    assert set(loaded) == {"threat", "request", "false-alarm"}  # the unreviewed alert is not a label
    assert (loaded["threat"].label, loaded["threat"].suspects) == ("sextortion", frozenset({"adult"}))
    assert [m.text for m in loaded["threat"].conversation.messages] == threat[1]  # stored text: the whole chat
    assert (loaded["request"].label, loaded["request"].suspects) == ("grooming", frozenset({"adult"}))
    evidence = [m.text for m in loaded["request"].conversation.messages]
    assert evidence == [f.evidence for f in request[0].findings]  # no stored text: evidence only
    assert (loaded["false-alarm"].label, loaded["false-alarm"].suspects) == ("benign", frozenset())
    assert unreviewed not in path.read_text(encoding="utf-8")


def test_export_keeps_the_latest_reviewed_alert_of_a_conversation(store: AlertStore) -> None:
    raised = watched_alerts("chat-1")
    assert len(raised) >= 2
    ids = [store.record(alert)[0] for alert, _ in raised]
    store.review(ids[0], "dismissed", reviewer="sam")
    store.review(ids[-1], "confirmed", reviewer="sam")
    rows = list(store.export_reviewed())
    assert len(rows) == 1 and rows[0]["alert_id"] == ids[-1] and rows[0]["label"] == "sextortion"


def test_export_reads_a_batch_at_a_time_in_conversation_order(
    store: AlertStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("lurewatch.store.alerts.EXPORT_BATCH", 2)
    names = [f"chat-{letter}" for letter in "qwertyu"]
    for name in names:
        identifier, _ = store.record(watched_alerts(name)[0][0])
        store.review(identifier, "confirmed", reviewer="sam")
    rows = list(store.export_reviewed())
    assert [row["id"] for row in rows] == sorted(names)
    assert all(row["label"] == "grooming" and row["suspects"] == ["adult"] for row in rows)


def test_exported_reviews_train_a_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "alerts.db")
    with open_store(db) as store:
        for number in range(12):
            for alert, texts in watched_alerts(f"risky-{number}", suspect=f"adult{number}", target=f"kid{number}"):
                identifier, _ = store.record(alert, texts=texts if number % 2 else None)
                store.review(identifier, "confirmed", reviewer="sam")
        for number in range(12):
            alert, _ = watched_alerts(f"fine-{number}", suspect=f"coach{number}", target=f"kid{number}")[0]
            identifier, _ = store.record(alert)
            store.review(identifier, "dismissed", reviewer="sam")
    labels = tmp_path / "labels.jsonl"
    assert main(["alerts", "export", "-o", str(labels), "--db", db]) == 0
    assert "exported 24 reviewed conversation(s)" in capsys.readouterr().err
    out = tmp_path / "model"
    args = ["train", str(labels), "--no-base", "--out", str(out), "--jobs", "1", "--no-cross-source", "--no-cache"]
    assert main(args) == 0
    assert "24 conversations" in capsys.readouterr().out
    assert (out / "model.json").is_file()


# --- durability ------------------------------------------------------------------------------------------------------

RECORDER = textwrap.dedent(
    """
    import sys
    from lurewatch.model import Finding, Risk
    from lurewatch.store import open_store
    from lurewatch.stream import Alert

    finding = Finding(message_index=0, author="adult", indicator="secrecy.dont_tell", category="secrecy",
                      stage="exclusivity", severity=3, span=(0, 16), evidence="dont tell anyone",
                      explanation="asks for secrecy", confidence=0.75)
    store = open_store(sys.argv[1])
    print("open", flush=True)
    number = 0
    while True:
        alert = Alert(conversation_id=f"chat-{number}", message_index=number, risk=Risk(score=0.9, level="high"),
                      suspect="adult", findings=[finding] * 5)
        identifier, _ = store.record(alert)
        print(identifier, flush=True)
        number += 1
    """
)


def test_a_sqlite_store_killed_mid_write_keeps_every_recorded_alert(tmp_path: Path) -> None:
    db = tmp_path / "alerts.db"
    process = subprocess.Popen(
        [sys.executable, "-c", RECORDER, str(db)], stdout=subprocess.PIPE, text=True, env={**os.environ}
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "open"
    returned = [process.stdout.readline().strip() for _ in range(150)]
    os.kill(process.pid, signal.SIGKILL)  # while it is recording the next ones
    rest, _ = process.communicate()
    returned += [line for line in rest.splitlines() if line]  # printed before the kill, read after it
    assert process.returncode == -signal.SIGKILL
    with open_store(str(db)) as store:
        kept = {a.id for a in store.list_alerts(limit=100_000)}
        assert set(returned) <= kept
        assert len(kept) - len(returned) <= 1  # at most the one whose record() had committed but not yet printed
        assert all(len(a.findings) == 5 for a in store.list_alerts(limit=100_000))  # no half-written alert
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)


# --- command line ----------------------------------------------------------------------------------------------------


def test_the_cli_knows_the_store_statuses() -> None:
    assert CLI_STATUSES == STATUSES


# --- several processes at once (workers sharing one store) -------------------------------------------------------------

RACER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from lurewatch.model import Finding, Risk
    from lurewatch.store import open_store
    from lurewatch.stream import Alert

    url, barrier, racers, count = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    (barrier / str(os.getpid())).touch()
    while len(list(barrier.iterdir())) < racers:  # every racer opens the (empty) store at the same moment
        time.sleep(0.01)
    finding = Finding(message_index=0, author="adult", indicator="secrecy.dont_tell", category="secrecy",
                      stage="exclusivity", severity=3, span=(0, 16), evidence="dont tell anyone",
                      explanation="asks for secrecy", confidence=0.75)
    with open_store(url) as store:
        for number in range(count):
            alert = Alert(conversation_id=f"chat-{number}", message_index=number, risk=Risk(score=0.9, level="high"),
                          suspect="adult", findings=[finding, finding])
            identifier, new = store.record(alert)
            print(identifier, int(new), flush=True)
    """
)


def test_workers_racing_on_the_same_alerts_store_each_once(store_url: str, tmp_path: Path) -> None:
    racers, count = 3, 40
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    command = [sys.executable, "-c", RACER, store_url, str(barrier), str(racers), str(count)]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(racers)]
    outputs = [process.communicate(timeout=120)[0] for process in processes]
    assert [process.returncode for process in processes] == [0] * racers
    inserted: dict[str, int] = {}
    for output in outputs:
        lines = output.split()
        assert len(lines) == 2 * count
        for identifier, new in zip(lines[::2], lines[1::2], strict=True):
            inserted[identifier] = inserted.get(identifier, 0) + int(new)
    assert len(inserted) == count and set(inserted.values()) == {1}  # each alert inserted by exactly one racer
    with open_store(store_url) as store:
        kept = store.list_alerts(limit=1000)
        assert {a.id for a in kept} == set(inserted) and all(len(a.findings) == 2 for a in kept)

"""`lurewatch watch --redis` on a real redis-server: the same alerts as analysis in one process, no loss and no
duplicates when a worker is killed, dead letters, graceful stop, a clear error when Redis is not there."""

from __future__ import annotations

import json
import math
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from lurewatch import Watcher, ingest
from lurewatch.api import Detectors, analysis_of, analyze_conversation, new_state
from lurewatch.engines import redis_worker
from lurewatch.engines.redis_worker import RedisWorker, WorkerConfig
from lurewatch.errors import InputError
from lurewatch.indicators.recognizer import default_recognizer
from lurewatch.model import Conversation
from lurewatch.state_codec import loads
from lurewatch.store import AlertStore, open_store
from lurewatch.stream import Alert
from tests.conftest import EXAMPLES, REPO
from tests.redis_server import free_port, redis_server

FIXTURES = REPO / "tests" / "fixtures"
CHAT_FOLDERS = [EXAMPLES, FIXTURES / "apps", FIXTURES / "basic", FIXTURES / "pan12", FIXTURES / "whatsapp"]
ALERTING = [EXAMPLES / "sextortion.txt", EXAMPLES / "walkthrough.txt", FIXTURES / "labelled" / "pan12" / "synthetic-corpus.xml"]


def example_conversations() -> list[Conversation]:
    """Every conversation of the examples and chat fixtures, each with an id of its own."""
    conversations = []
    files = sorted(p for folder in CHAT_FOLDERS for p in folder.rglob("*") if p.is_file()) + ALERTING[2:]
    for number, path in enumerate(files):
        try:
            loaded = list(ingest.load([path]))
        except InputError:  # a fixture that needs options (custom CSV columns): not a chat as it stands
            continue
        for conversation in loaded:
            conversations.append(conversation.model_copy(update={"id": f"{number}/{conversation.id}"}))
    return conversations


def interleaved(conversations: list[Conversation]) -> list[tuple[str, Any]]:
    """(conversation id, message) round robin: every conversation's messages in order, all conversations mixed."""
    out = []
    longest = max(len(c.messages) for c in conversations)
    for position in range(longest):
        out += [(c.id, c.messages[position]) for c in conversations if position < len(c.messages)]
    return out


def publish(client: redis.Redis, stream: str, messages: list[tuple[str, Any]]) -> None:
    pipe = client.pipeline(transaction=False)
    for conversation_id, message in messages:
        fields = {"conversation_id": conversation_id, "author": message.author, "text": message.text}
        if message.time is not None:
            fields["time"] = message.time.isoformat()
        if message.kind != "text":
            fields["kind"] = message.kind.value
        pipe.xadd(stream, fields)  # type: ignore[arg-type]
    pipe.execute()


def watcher_alerts(messages: list[tuple[str, Any]], detectors: Detectors) -> list[Alert]:
    """What the in-process Watcher alerts on the same stream: the reference."""
    watcher = Watcher(detectors=detectors)
    alerts = [watcher.add(cid, m.author, m.text, m.time, m.kind) for cid, m in messages]
    return [alert for alert in alerts if alert is not None]


def stream_alerts(client: redis.Redis, stream: str) -> list[dict[str, Any]]:
    return [json.loads(fields[b"alert"]) for _, fields in client.xrange(stream)]


def without_extras(alert: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in alert.items() if key not in ("id", "advice")}


def same_alerts(streamed: list[dict[str, Any]], expected: list[Alert]) -> bool:
    """The same alerts, each as often. Each conversation's alerts come in order; conversations of one batch are
    committed one after another, so the order across conversations may differ from the Watcher's."""

    def order(alert: dict[str, Any]) -> tuple[str, int]:
        return alert["conversation_id"], alert["message_index"]

    return sorted(map(without_extras, streamed), key=order) == sorted(
        (a.model_dump(mode="json") for a in expected), key=order
    )


def stored_count(raw: bytes) -> int:
    """How many messages a state stored in Redis holds."""
    state, _ = loads(raw, new_state(default_recognizer(), "high", "catalogue"))
    return state.message_count


def group_info(client: redis.Redis, stream: str, group: str) -> dict[str, Any]:
    """XINFO GROUPS of one group; empty before a worker has created it."""
    found = [g for g in client.xinfo_groups(stream) if g["name"].decode() == group] if client.exists(stream) else []
    return found[0] if found else {}


def drained(client: redis.Redis, stream: str, group: str) -> bool:
    info = group_info(client, stream, group)
    return bool(info and info["pending"] == 0 and info["lag"] == 0)


def drain(worker: RedisWorker, timeout: float = 120) -> None:
    """Steps the worker until every entry of its stream is read and acknowledged (by anyone)."""
    deadline = time.monotonic() + timeout
    worker.join_group()
    while not drained(worker.client, worker.config.stream, worker.config.group):
        assert time.monotonic() < deadline, "the worker did not finish the stream"
        if not worker.step(block=False):
            time.sleep(0.02)


@pytest.fixture
def client(redis_url: str) -> Iterator[redis.Redis]:
    connection = redis.Redis.from_url(redis_url)
    yield connection
    connection.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[AlertStore]:
    with open_store(f"sqlite:///{tmp_path / 'alerts.db'}") as opened:
        yield opened


def config(names: str, **options: Any) -> WorkerConfig:
    return WorkerConfig(stream=f"{names}:in", group="g", consumer="w1", alerts_stream=f"{names}:alerts", **options)


def test_stream_alerts_equal_analysis_for_every_example_conversation_interleaved(
    client: redis.Redis, store: AlertStore, names: str
) -> None:
    conversations = example_conversations()
    assert len(conversations) >= 30
    messages = interleaved(conversations)
    settings = config(names)  # detectors "combined": patterns and the semantic layer, as `watch` runs by default
    publish(client, settings.stream, messages)
    drain(RedisWorker(client, settings, store))

    alerts = stream_alerts(client, settings.alerts_stream or "")
    expected = watcher_alerts(messages, "combined")
    assert len(expected) >= 3
    assert same_alerts(alerts, expected)
    for conversation in conversations:
        batch = analyze_conversation(conversation, audience="moderator")
        first = next((a for a in alerts if a["conversation_id"] == conversation.id), None)
        assert (first and first["message_index"]) == batch.first_alert_index
        raw = client.hget(f"{settings.prefix}state:{conversation.id}", "data")
        state = new_state(default_recognizer(), "high", "combined")
        assert (raw is not None) == bool(conversation.messages)  # (one fixture conversation has no messages)
        if raw is not None:
            state, _ = loads(raw, state)
        assert analysis_of(state, conversation.id, audience="moderator") == batch.model_copy(
            update={"source": None, "skipped_messages": 0}
        )
    stored = store.list_alerts(limit=100_000)
    assert sorted(a.id for a in stored) == sorted(a["id"] for a in alerts)
    assert all(a["advice"]["audience"] == "moderator" and a["advice"]["steps"] for a in alerts)


def many_conversations(copies: int) -> list[Conversation]:
    """`copies` of each alerting example and of a few benign ones, each copy its own conversation."""
    originals = [c for path in ALERTING for c in ingest.load([path])]
    originals += [c for path in sorted(EXAMPLES.glob("benign_*")) for c in ingest.load([path])]
    return [c.model_copy(update={"id": f"{n}-{c.id}"}) for n in range(copies) for c in originals]


def worker_command(url: str, settings: WorkerConfig, db: Path | str, consumer: str, *extra: str) -> list[str]:
    """`lurewatch watch --redis` for `settings`; `db` a SQLite file or a database URL."""
    db_url = db if isinstance(db, str) else f"sqlite:///{db}"
    return [
        sys.executable, "-m", "lurewatch", "watch", "--redis", url, "--stream", settings.stream, "--group",
        settings.group, "--consumer", consumer, "--alerts-stream", settings.alerts_stream or "", "--db",
        db_url, "--detectors", "catalogue", "--claim-idle-ms", str(settings.claim_idle_ms), *extra,
    ]  # fmt: skip


def _stopped_workers_output(workers: list[subprocess.Popen[str]]) -> list[str]:
    """Stop the workers still running and return the end of what each wrote to stderr."""
    for worker in workers:
        if worker.poll() is None:
            worker.kill()
    return [worker.communicate()[1][-2000:] for worker in workers]


def wait_for(condition: Any, timeout: float = 60, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.005)


def acknowledged(client: redis.Redis, stream: str, group: str) -> int:
    info = group_info(client, stream, group)
    return int(info.get("entries-read") or 0) - int(info.get("pending") or 0)


def test_a_worker_killed_mid_stream_loses_and_duplicates_nothing(
    client: redis.Redis, redis_url: str, tmp_path: Path, names: str
) -> None:
    messages = interleaved(many_conversations(40))
    settings = config(names, claim_idle_ms=1000, detectors="catalogue")
    publish(client, settings.stream, messages)
    db = tmp_path / "alerts.db"
    first = subprocess.Popen(worker_command(redis_url, settings, db, "doomed", "--batch", "8"), stderr=subprocess.PIPE)

    def frozen_holding_entries() -> bool:
        """Freezes the worker (SIGSTOP) a quarter of the way in; true if it holds entries then, else lets it go on."""
        if acknowledged(client, settings.stream, "g") < len(messages) // 4:
            return False
        first.send_signal(signal.SIGSTOP)
        holding = {c["name"]: c["pending"] for c in client.xpending(settings.stream, "g")["consumers"]}
        if holding.get(b"doomed", 0) > 0:
            return True
        first.send_signal(signal.SIGCONT)
        return False

    wait_for(frozen_holding_entries, what="the first worker to get going")
    first.send_signal(signal.SIGKILL)
    first.wait()
    done = acknowledged(client, settings.stream, "g")
    assert 0 < done < len(messages)  # killed in the middle of the stream...
    left = {c["name"]: c["pending"] for c in client.xpending(settings.stream, "g")["consumers"]}
    assert left.get(b"doomed", 0) > 0  # ...with entries read and not acknowledged
    with open_store(f"sqlite:///{db}") as store:
        drain(RedisWorker(client, WorkerConfig(**{**settings.__dict__, "consumer": "rescuer"}), store))
        stored = store.list_alerts(limit=100_000)
    expected = watcher_alerts(messages, "catalogue")
    alerts = stream_alerts(client, settings.alerts_stream or "")
    assert len(expected) >= 40
    assert same_alerts(alerts, expected)  # every alert exactly once in the alerts stream...
    assert sorted(a.id for a in stored) == sorted(a["id"] for a in alerts)  # ...and in the store
    assert client.xpending(settings.stream, "g")["pending"] == 0


def test_bad_entries_go_to_the_dead_letter_stream_with_the_reason(
    client: redis.Redis, store: AlertStore, names: str
) -> None:
    settings = config(names, detectors="catalogue")
    bad = [
        ({"conversation_id": "c", "text": "hi"}, 'missing field "author"'),
        ({"conversation_id": "c", "author": "a", "text": "hi", "time": "yesterday"}, 'field "time" is not an ISO-8601'),
        ({"conversation_id": "c", "author": "a", "text": "hi", "kind": "sticker"}, 'field "kind" must be one of'),
        ({"conversation_id": "c", "author": "a", "text": b"\xff\xfe"}, 'field "text" is not UTF-8'),
        ({"conversation_id": "", "author": "a", "text": "hi"}, 'field "conversation_id" is empty'),
    ]
    ids = [client.xadd(settings.stream, fields).decode() for fields, _ in bad]  # type: ignore[arg-type]
    client.xadd(settings.stream, {"conversation_id": "c", "author": "a", "text": "hello"})
    drain(RedisWorker(client, settings, store))
    letters = client.xrange(settings.dead_letters)
    assert [f[b"entry_id"].decode() for _, f in letters] == ids
    for (_, fields), (sent, reason) in zip(letters, bad, strict=True):
        assert reason in fields[b"reason"].decode()
        assert fields[b"field:conversation_id"] == sent["conversation_id"].encode()  # type: ignore[union-attr]
    state = client.hgetall(f"{settings.prefix}state:c")
    assert stored_count(state[b"data"]) == 1  # only the good entry reached the conversation
    assert client.xpending(settings.stream, "g")["pending"] == 0


def test_an_entry_deleted_while_pending_goes_to_the_dead_letter_stream(
    client: redis.Redis, store: AlertStore, names: str
) -> None:
    settings = config(names, detectors="catalogue")
    worker = RedisWorker(client, settings, store)
    worker.join_group()
    gone = client.xadd(settings.stream, {"conversation_id": "c", "author": "a", "text": "hi"})
    client.xreadgroup(settings.group, settings.consumer, {settings.stream: ">"})  # pending for this worker
    client.xdel(settings.stream, gone)
    drain(worker)
    ((_, letter),) = client.xrange(settings.dead_letters)
    assert letter[b"entry_id"] == gone and b"deleted" in letter[b"reason"]
    assert worker.applied == 0


def test_sigterm_finishes_what_it_applied_acknowledges_it_and_exits_0(
    client: redis.Redis, redis_url: str, tmp_path: Path, names: str
) -> None:
    messages = interleaved(many_conversations(40))
    settings = config(names, detectors="catalogue")
    publish(client, settings.stream, messages)
    worker = subprocess.Popen(
        worker_command(redis_url, settings, tmp_path / "a.db", "polite", "--batch", "8"), stderr=subprocess.PIPE, text=True
    )
    wait_for(lambda: acknowledged(client, settings.stream, "g") >= 200, what="the worker to start")
    worker.send_signal(signal.SIGTERM)
    _, errors = worker.communicate(timeout=30)
    assert worker.returncode == 0, errors
    assert "Traceback" not in errors
    assert acknowledged(client, settings.stream, "g") < len(messages)  # stopped before the end of the stream
    assert not client.exists(f"{settings.prefix}alive:polite")  # signed off: its leftovers are free to take at once
    # Nothing it applied is left unacknowledged: every pending entry is newer than its conversation's state.
    for entry in client.xpending_range(settings.stream, "g", "-", "+", 1000):
        fields = client.xrange(settings.stream, entry["message_id"], entry["message_id"])[0][1]
        last = client.hget(f"{settings.prefix}state:{fields[b'conversation_id'].decode()}", "last")
        assert last is None or entry_order(last) < entry_order(entry["message_id"])


def entry_order(entry_id: bytes) -> tuple[int, int]:
    millis, sequence = entry_id.split(b"-")
    return int(millis), int(sequence)


def test_unreachable_redis_is_one_line_and_exit_2(tmp_path: Path) -> None:
    port = free_port()
    done = subprocess.run(
        [sys.executable, "-m", "lurewatch", "watch", "--redis", f"redis://127.0.0.1:{port}/0", "--stream", "s",
         "--group", "g", "--db", f"sqlite:///{tmp_path / 'a.db'}"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.startswith(f"lurewatch: error: cannot reach Redis at 127.0.0.1:{port}/0: ")
    assert done.stderr.count("\n") == 1
    assert not (tmp_path / "a.db").exists()  # nothing written before Redis answered


def test_watch_needs_stream_and_group_with_redis_and_dash_still_reads_stdin() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "lurewatch", "watch", "--redis", "redis://127.0.0.1:1/0"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2 and "--stream and --group" in done.stderr
    line = json.dumps({"conversation_id": "c", "author": "Al", "text": "I will send your pics to your family unless you pay me"})
    for command in (["watch", "-"], ["watch"]):
        piped = subprocess.run(
            [sys.executable, "-m", "lurewatch", *command], input=line + "\n", capture_output=True, text=True, timeout=120
        )
        assert piped.returncode == 0 and json.loads(piped.stdout)["risk"]["level"] == "critical"


def test_a_worker_rides_out_a_redis_restart(tmp_path: Path, names: str) -> None:
    """Redis stops and comes back (with its append-only file): the worker retries with backoff, then goes on."""
    port = free_port()
    settings = config(names, detectors="catalogue")
    messages = interleaved(many_conversations(2))
    db = tmp_path / "a.db"
    with redis_server(tmp_path / "r", port, appendonly=True) as url:
        client = redis.Redis.from_url(url)
        publish(client, settings.stream, messages[:40])
        worker = subprocess.Popen(worker_command(url, settings, db, "steady"), stderr=subprocess.PIPE, text=True)
        wait_for(lambda: drained(client, settings.stream, "g"), what="the first half")
    time.sleep(1.5)  # Redis is down: the worker backs off and retries
    with redis_server(tmp_path / "r", port, appendonly=True):
        publish(client, settings.stream, messages[40:])
        wait_for(lambda: drained(client, settings.stream, "g"), what="the second half")
        alerts = stream_alerts(client, settings.alerts_stream or "")
        worker.send_signal(signal.SIGTERM)
        _, errors = worker.communicate(timeout=30)
    assert worker.returncode == 0, errors
    assert "Redis connection lost" in errors and "Traceback" not in errors
    assert same_alerts(alerts, watcher_alerts(messages, "catalogue"))


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_two_workers_share_a_stream_and_keep_each_conversation_in_order(
    client: redis.Redis, redis_url: str, tmp_path: Path, names: str, database: str, request: pytest.FixtureRequest
) -> None:
    """Entries of one conversation reach both workers; each is handed to the conversation's owner and applied in order.
    The alert store: SQLite, or PostgreSQL (a real server)."""
    messages = interleaved(many_conversations(20))
    settings = config(names, detectors="catalogue")
    db = f"sqlite:///{tmp_path / 'alerts.db'}" if database == "sqlite" else request.getfixturevalue("postgres_url")
    workers = [
        subprocess.Popen(worker_command(redis_url, settings, db, name, "--batch", "8"), stderr=subprocess.PIPE, text=True)
        for name in ("left", "right")
    ]

    def both_joined() -> bool:
        stopped = [worker for worker in workers if worker.poll() is not None]
        assert not stopped, f"a worker stopped before joining: {stopped[0].communicate()[1]}"  # say why, not just "timed out"
        return bool(group_info(client, settings.stream, "g")) and len(client.xinfo_consumers(settings.stream, "g")) == 2

    # Two interpreters loading the catalogue on a machine busy with other work can take over a minute to join. A fresh-clone
    # CI run once waited the whole 180 s while a worker sat idle (it was still alive, at 0.2 % CPU, a quarter of an hour
    # later): on a timeout the workers are stopped and what they wrote goes into the failure.
    try:
        wait_for(both_joined, timeout=180, what="both workers")
    except AssertionError as failure:
        raise AssertionError(f"{failure}; the workers wrote: {_stopped_workers_output(workers)}") from None
    publish(client, settings.stream, messages)
    wait_for(lambda: drained(client, settings.stream, "g"), what="the stream to be done")
    handed_over = sum(client.xlen(f"{settings.prefix}bell:{name}") for name in ("left", "right"))
    assert handed_over > 0  # entries did reach the worker not owning their conversation
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
        _, errors = worker.communicate(timeout=30)
        assert worker.returncode == 0, errors
    owners = {client.get(key) for key in client.scan_iter(f"{settings.prefix}owner:*")}
    assert owners == {b"left", b"right"}  # both worked
    alerts = stream_alerts(client, settings.alerts_stream or "")
    assert same_alerts(alerts, watcher_alerts(messages, "catalogue"))
    with open_store(db) as store:
        assert sorted(a.id for a in store.list_alerts(limit=100_000)) == sorted(a["id"] for a in alerts)


def test_a_backed_up_stream_is_read_in_growing_batches(
    client: redis.Redis, store: AlertStore, names: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Growth is also capped by what fits in a time budget; on a loaded machine that cap, not the doubling, can decide
    # (a fresh-clone CI run once read 107 where 128 was due), so the budget is lifted out of the way here.
    monkeypatch.setattr(redis_worker, "BATCH_SECONDS", 1e9)
    messages = interleaved(many_conversations(3))
    settings = config(names, detectors="catalogue", batch=8, claim_idle_ms=10**9)
    publish(client, settings.stream, messages)
    worker = RedisWorker(client, settings, store)
    worker.join_group()
    asked = []  # how many entries each step asks for next
    while not drained(client, settings.stream, settings.group):
        assert worker.step(block=False)
        asked.append(worker._count)
    # Every read but the last came back full, so each asked for twice as many as the one before; the last one found
    # fewer than it asked for: back to --batch.
    assert len(asked) == math.ceil(math.log2(len(messages) / 8 + 1)) >= 4
    assert asked == [8 * 2**step for step in range(1, len(asked))] + [8]
    assert same_alerts(stream_alerts(client, settings.alerts_stream or ""), watcher_alerts(messages, "catalogue"))


def test_state_expires_after_its_ttl_and_a_redelivered_entry_is_not_applied_twice(
    client: redis.Redis, store: AlertStore, names: str
) -> None:
    settings = config(names, detectors="catalogue", state_ttl=120)
    for text in ("hi", "how was school"):
        client.xadd(settings.stream, {"conversation_id": "c", "author": "a", "text": text})
    worker = RedisWorker(client, settings, store)
    drain(worker)
    key = f"{settings.prefix}state:c"
    assert 0 < client.ttl(key) <= 120 and 0 < client.ttl(f"{settings.prefix}owner:c") <= 120
    # An entry the stored state already holds (as after a failover that kept the state but lost the acknowledgement):
    # acknowledged, not applied again.
    entry = client.xadd(settings.stream, {"conversation_id": "c", "author": "a", "text": "again"})
    client.hset(key, "last", entry)
    worker._cache.clear()
    drain(worker)
    assert stored_count(client.hget(key, "data") or b"") == 2  # still two messages
    assert worker.applied == 2


@pytest.mark.parametrize("store_text", [False, True])
def test_store_text_keeps_each_alerts_conversation_through_the_redis_state(
    client: redis.Redis, store: AlertStore, names: str, store_text: bool
) -> None:
    conversations = [c for path in ALERTING[:2] for c in ingest.load([path])]
    settings = config(names, detectors="catalogue", store_text=store_text, batch=3)
    publish(client, settings.stream, interleaved(conversations))
    worker = RedisWorker(client, settings, store)
    worker.join_group()
    deadline = time.monotonic() + 120
    while not drained(client, settings.stream, settings.group):
        assert time.monotonic() < deadline, "the worker did not finish the stream"
        worker._cache.clear()  # every round continues from the state stored in Redis, as another worker would
        if not worker.step(block=False):
            time.sleep(0.02)
    alerts = store.list_alerts(limit=1000)
    assert {a.conversation_id for a in alerts} == {c.id for c in conversations}
    by_id = {c.id: c for c in conversations}
    for listed in alerts:
        alert = store.get(listed.id)
        assert alert is not None
        if not store_text:
            assert alert.messages is None
            continue
        said = by_id[alert.conversation_id].messages[: alert.message_index + 1]
        assert [(m.author, m.text) for m in alert.messages or []] == [(m.author, m.text) for m in said]

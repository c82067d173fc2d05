"""`lurewatch watch --redis`: a consumer-group worker on a Redis stream of chat messages.

Each entry has the fields `conversation_id`, `author`, `text`, and optionally `time` (ISO 8601) and `kind`
(text, media or system). Any number of workers share a consumer group; any of them can die at any moment.

- One conversation, one worker at a time (routing by conversation, not a lock): a conversation belongs to the worker
  that read its first entry (`owner:<id>` key). A worker that reads an entry of a conversation another live worker owns
  hands it to that worker's pending list, inside the same atomic script that read it, so each conversation's entries
  are applied by one worker in stream order. A lock would not be enough: two workers holding entries 5 and 6 of one
  conversation could take the lock in either order.
- A dead worker (its heartbeat silent for --claim-idle-ms) loses all its pending entries and conversations to the worker
  that notices, on start, every half --claim-idle-ms, or as soon as it reads a new entry of one of its conversations.
  The whole pending list moves at once, so older entries of a conversation never come after newer ones.
- State any worker can continue: the conversation's state (`state_codec`, versioned compact JSON, no pickle) in a Redis
  hash with the id of the last entry applied, expiring after --state-ttl seconds without messages.
- Batches: one script call reads a batch (new entries, this worker's pending ones, the ids their states are at) and one
  commits it; a conversation's state is written once per batch. While the stream is backed up the batches grow (up to
  BATCH_GROWTH x --batch, about BATCH_SECONDS of work), so a busy worker spends its time on the analysis.
- At least once, never twice: an alert (deterministic id) is stored in the alert store first (idempotent); then one
  script writes the new state, adds the alerts to the output stream and acknowledges the entries, all or nothing, and
  only if this worker still owns the conversation and the state is the one it read. A redelivered entry that is already
  in the state is acknowledged without being applied again.
- Entries with missing or bad fields go to the dead-letter stream with the reason, then are acknowledged.
- SIGTERM (or Ctrl-C): the conversation being applied is finished and committed, the rest of the batch stays pending
  for another worker, exit 0. Redis gone at start: one line, exit 2; gone later: retried with backoff.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import signal
import socket
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any, NamedTuple, Protocol

import orjson
import redis

from lurewatch.advice import advise
from lurewatch.api import Detectors, new_state
from lurewatch.conversation import ConversationState
from lurewatch.engines.redis_scripts import COMMIT, LOAD, READ, RESCUE
from lurewatch.engines.worker_defaults import DEFAULT_BATCH, DEFAULT_CLAIM_IDLE_MS, DEFAULT_STATE_TTL
from lurewatch.errors import LurewatchError, UsageError
from lurewatch.indicators.recognizer import default_recognizer
from lurewatch.ingest.json_chat import parse_iso_time
from lurewatch.model import Audience, Message, MessageKind, RiskLevel
from lurewatch.state_codec import dumps, loads
from lurewatch.stream import Alert, next_alert

log = logging.getLogger(__name__)

REQUIRED_FIELDS = ("conversation_id", "author", "text")
# A backed-up stream is read in bigger batches: fewer round trips per entry, and a conversation with several entries in
# a batch has its state written once for all of them. Up to this many times --batch, and to what the worker applies in
# BATCH_SECONDS (or a quarter of --claim-idle-ms, so that a batch never outlasts its heartbeat); back to --batch as soon
# as a read finds fewer new entries than it asked for.
BATCH_GROWTH = 256
BATCH_SECONDS = 1.0
STATE_CACHE = 10_000  # decoded states kept in memory per worker
MAX_BACKOFF = 5.0  # seconds between reconnection attempts, at most


class ServiceUnavailable(LurewatchError):
    """A server the command needs (Redis) cannot be reached."""


class AlertSink(Protocol):
    def record(
        self, alert: Alert, *, texts: Sequence[str] | None = None, authors: Sequence[str] | None = None
    ) -> tuple[str, bool]: ...


@dataclass(frozen=True)
class WorkerConfig:
    stream: str
    group: str
    consumer: str
    alerts_stream: str | None = None
    dead_letter_stream: str | None = None  # default: "<stream>:dead-letter"
    claim_idle_ms: int = DEFAULT_CLAIM_IDLE_MS
    state_ttl: int = DEFAULT_STATE_TTL
    batch: int = DEFAULT_BATCH
    alert_level: RiskLevel = "high"
    audience: Audience = "moderator"
    detectors: Detectors = "combined"
    # Keep each conversation's (author, text) in its Redis state and store alerts with it (opt-in: the review queue
    # then shows the whole chat). Conversations that began without it stay evidence-only.
    store_text: bool = False

    @property
    def prefix(self) -> str:
        return f"lurewatch:{self.stream}:{self.group}:"

    @property
    def dead_letters(self) -> str:
        return self.dead_letter_stream or f"{self.stream}:dead-letter"


class Entry(NamedTuple):  # one per entry: a tuple is quicker to make than a frozen dataclass
    id: str
    conversation_id: str
    message: Message


class BadEntry(Exception):
    """An entry that cannot be a message; the reason goes to the dead-letter stream."""


def default_consumer() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


def connect(url: str) -> redis.Redis:
    """A client for `url`, checked with a PING: a one-line error if Redis is not there."""
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30, health_check_interval=30)
    except ValueError as exc:
        raise UsageError(f"--redis: {exc}") from None
    where = _where(client)
    try:
        client.ping()
    except redis.RedisError as exc:
        raise ServiceUnavailable(f"cannot reach Redis at {where}: {_reason(exc)}") from None
    return client


def parse_entry(entry_id: str, fields: list[bytes] | None) -> Entry:
    """An entry from its id and fields as Redis gives them ([name, value, name, value...]; none when deleted)."""
    if not fields:
        raise BadEntry("the entry has no fields (deleted from the stream?)")
    try:
        decoded = [field.decode() for field in fields]
    except UnicodeDecodeError:
        raise BadEntry(_undecodable(fields)) from None
    values = dict(zip(decoded[::2], decoded[1::2], strict=True))
    for name in REQUIRED_FIELDS:
        if name not in values:
            raise BadEntry(f'missing field "{name}"')
    return make_entry(entry_id, values["conversation_id"], values["author"], values["text"], values.get("time"), values.get("kind"))


def make_entry(entry_id: str, conversation_id: str, author: str, text: str, time: str | None, kind: str | None) -> Entry:
    """An entry from its fields' values (the optional ones None when missing)."""
    if not conversation_id:
        raise BadEntry('field "conversation_id" is empty')
    try:
        when = parse_iso_time(time) if time else None
    except ValueError:
        raise BadEntry(f'field "time" is not an ISO-8601 date-time: {time!r}') from None
    try:
        message_kind = MessageKind(kind) if kind else MessageKind.TEXT
    except ValueError:
        raise BadEntry(f'field "kind" must be one of {", ".join(MessageKind)}') from None
    message = Message(author=author, text=text, time=when, kind=message_kind)
    return Entry(id=entry_id, conversation_id=conversation_id, message=message)


def _undecodable(fields: list[bytes]) -> str:
    """Why an entry whose fields are not all UTF-8 is refused, naming the first such field."""
    for key, value in zip(fields[::2], fields[1::2], strict=True):
        try:
            key.decode(), value.decode()
        except UnicodeDecodeError:
            return f'field "{key.decode(errors="replace")}" is not UTF-8'
    return "a field is not UTF-8"


def alert_json(alert: Alert, identifier: str, audience: Audience, state: ConversationState) -> str:
    """The output stream's alert: the alert itself, its id and advice for the audience (moderators by default)."""
    data = alert.model_dump(mode="json")
    data["id"] = identifier
    advice = advise(alert.findings, alert.risk.level, state.catalogue, audience)
    data["advice"] = advice.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _id_key(entry_id: str) -> tuple[int, int]:
    millis, _, sequence = entry_id.partition("-")
    return int(millis), int(sequence or 0)


# A conversation as a worker continues it: its state, the level it last alerted at, and (with --store-text) the
# (author, text) of its messages.
Resumed = tuple[ConversationState, RiskLevel | None, list[tuple[str, str]] | None]


class RedisWorker:
    def __init__(self, client: redis.Redis, config: WorkerConfig, store: AlertSink) -> None:
        self.client = client
        self.config = config
        self.store = store
        self.recognizer = default_recognizer()
        advise([], config.alert_level, self.recognizer.catalogue, config.audience)  # its texts loaded now, not at the first alert
        self.stopping = False
        self.applied = 0  # entries applied to a state (not counting redeliveries already applied)
        self._read = client.register_script(READ)
        self._rescue_script = client.register_script(RESCUE)
        self._commit = client.register_script(COMMIT)
        self._load = client.register_script(LOAD)
        self._last_rescue = 0.0
        # States this worker committed last, by conversation, with the entry id they are at: read back from Redis only
        # when that id has changed (another worker moved the conversation on), so decoding is skipped most of the time.
        self._cache: OrderedDict[str, tuple[str, Resumed]] = OrderedDict()
        self._backlog = 0  # how many of its own pending entries the last read returned
        self._count = config.batch  # entries to read next: grows while the stream is backed up

    def run(self) -> int:
        """Work until stopped (SIGTERM, SIGINT); 0."""
        previous = {sig: signal.signal(sig, self._on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
        delay = 0.1
        try:
            self.join_group()
            while not self.stopping:
                try:
                    with _collector_paused():
                        self.step()
                    delay = 0.1
                except (redis.ConnectionError, redis.TimeoutError) as exc:
                    log.warning("Redis connection lost (%s); retrying in %.1f s", _reason(exc), delay)
                    self._sleep(delay)
                    delay = min(delay * 2, MAX_BACKOFF)
                    continue
                except redis.ResponseError as exc:
                    if "NOGROUP" not in str(exc):
                        raise
                    log.warning("consumer group %s is gone (Redis restarted?); creating it again", self.config.group)
                    self.join_group()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self._leave()
        return 0

    def step(self, block: bool = True) -> bool:
        """One round: adopt dead workers' entries if due, read new entries, apply a batch of this worker's pending
        ones. False when there was nothing to do (after waiting up to a second for new entries)."""
        config = self.config
        if time.monotonic() - self._last_rescue >= config.claim_idle_ms / 2000:
            dead = self._rescue_script(keys=[config.stream], args=[config.group, config.consumer, config.prefix, config.state_ttl])
            if dead:
                log.info("adopted the pending entries of %d stopped worker(s)", dead)
            self._last_rescue = time.monotonic()
        count, started = self._count, time.monotonic()
        read_new = self._backlog < count  # a full batch of its own entries last time: there may be more, read those first
        reply: Any = self._read(
            keys=[config.stream],
            args=[config.group, config.consumer, count, config.prefix, config.state_ttl, config.claim_idle_ms, int(read_new)],
        )
        read: int = reply[0]
        entries, lasts = reply[1], reply[2]
        self._backlog = len(entries)
        if entries:
            self._apply(entries, dict(zip(map(bytes.decode, lasts[::2]), map(bytes.decode, lasts[1::2]), strict=True)))
            if read_new:
                self._count = self._next_count(count, read, len(entries), time.monotonic() - started)
            return True
        if not read_new:
            return self.step(block)  # its own entries are all done: now the new ones
        if read == 0 and block:
            # Wait for a new entry, or for another worker to hand over one of this worker's conversations (its bell).
            wait_ms = max(1, min(1000, config.claim_idle_ms // 3))
            self.client.xread({config.stream: reply[3], self._bell: reply[4]}, count=1, block=wait_ms)
        return read > 0

    def _next_count(self, asked: int, read: int, applied: int, seconds: float) -> int:
        """How many entries to read next, after `read` new ones of the `asked` and `applied` in `seconds`."""
        config = self.config
        if read < asked:
            return config.batch
        budget = min(BATCH_SECONDS, config.claim_idle_ms / 4000)
        fits = int(budget * applied / seconds) if seconds > 0 else asked * 2
        return max(config.batch, min(asked * 2, fits, config.batch * BATCH_GROWTH))

    @property
    def _bell(self) -> str:
        return f"{self.config.prefix}bell:{self.config.consumer}"

    def _apply(self, rows: list[list[bytes | None]], lasts: dict[str, str]) -> None:
        """Applies a batch of this worker's pending entries (as READ gives them) and commits it; `lasts`: the id of the
        last entry applied to each of their conversations' stored states ('' for none)."""
        config = self.config
        groups: dict[str, list[Entry]] = {}
        for raw_id, raw_conversation, author, text, sent, kind in rows:
            assert raw_id is not None
            try:
                if raw_conversation is None or author is None or text is None:
                    raise BadEntry("missing field")  # or deleted: the whole entry tells
                entry = make_entry(
                    raw_id.decode(), raw_conversation.decode(), author.decode(), text.decode(),
                    None if sent is None else sent.decode(), None if kind is None else kind.decode(),
                )  # fmt: skip
            except (BadEntry, UnicodeDecodeError):
                self._dead_letter(raw_id.decode())
                continue
            groups.setdefault(entry.conversation_id, []).append(entry)
        if not groups:
            return
        resumed = self._resume(groups, lasts)
        self._prefetch(groups, resumed)
        commits: list[tuple[str, str, str, list[str], list[str]]] = []
        states: list[bytes] = []
        for conversation_id, entries in groups.items():
            if self.stopping and commits:
                break  # SIGTERM: what is applied gets committed; the rest stays pending for another worker
            read_at, (state, alerted, said) = resumed[conversation_id]
            last, alerts = read_at, []
            after = _id_key(read_at) if read_at else None
            for entry in entries:
                if after is not None:
                    if _id_key(entry.id) <= after:
                        continue  # a redelivery of an entry this state already holds
                    after = None  # pending entries come in stream order: the rest are newer too
                state.add(entry.message)
                if said is not None:
                    said.append((entry.message.author, entry.message.text))
                self.applied += 1
                last = entry.id
                alert = next_alert(state, conversation_id, alerted)
                if alert is not None:
                    alerted = alert.risk.level
                    alerts.append(alert)
            extra: dict[str, Any] = {} if alerted is None else {"alerted": alerted}
            if said is not None:
                extra["said"] = said
            raised: list[str] = []
            for alert in alerts:
                texts = authors = None
                if said is not None:
                    upto = said[: alert.message_index + 1]
                    authors, texts = [author for author, _ in upto], [text for _, text in upto]
                identifier, _ = self.store.record(alert, texts=texts, authors=authors)
                raised += [identifier, alert_json(alert, identifier, config.audience, state)]
            commits.append((conversation_id, read_at, last, [entry.id for entry in entries], raised))
            states.append(dumps(state, **extra))
            self._cache[conversation_id] = (last, (state, alerted, said))  # (the most recent at the end)
        outcomes = self._commit(
            keys=[config.stream, config.alerts_stream or ""],
            args=[config.group, config.consumer, config.prefix, config.state_ttl, config.claim_idle_ms, orjson.dumps(commits), *states],
        )
        for conversation_id, outcome in zip(groups, outcomes, strict=False):
            if outcome != 1:  # another worker took the conversation over (this one was thought dead): its work counts
                log.info("conversation %s moved to another worker; its entries are theirs now", conversation_id)
                self._cache.pop(conversation_id, None)
        while len(self._cache) > STATE_CACHE:
            self._cache.popitem(last=False)

    def _resume(self, groups: dict[str, list[Entry]], lasts: dict[str, str]) -> dict[str, tuple[str, Resumed]]:
        """Each conversation's state as stored (with the level it last alerted at and, with --store-text, what was
        said), and the id of the last entry applied to it: from the cache when this worker wrote it last, else read back
        from Redis (a state another worker moved on, or one this worker no longer holds)."""
        config = self.config
        resumed: dict[str, tuple[str, Resumed]] = {}
        stale = []
        for conversation_id in groups:
            last = lasts.get(conversation_id, "")
            cached = self._cache.get(conversation_id)
            if not last:
                resumed[conversation_id] = ("", (self._blank(), None, [] if config.store_text else None))
            elif cached is not None and cached[0] == last:
                # Out of the cache while it changes: if the batch fails half-way, the state is read back from Redis.
                resumed[conversation_id] = self._cache.pop(conversation_id)
            else:
                stale.append(conversation_id)
        if not stale:
            return resumed
        for conversation_id, (last, data) in zip(stale, self._load(keys=[config.stream], args=[config.prefix, *stale]), strict=True):
            if data is None:  # expired since
                resumed[conversation_id] = ("", (self._blank(), None, [] if config.store_text else None))
                continue
            state, extra = loads(data, self._blank())
            said = extra.get("said") if config.store_text else None
            said = None if said is None else [(author, text) for author, text in said]
            resumed[conversation_id] = (last.decode(), (state, extra.get("alerted"), said))
        return {conversation_id: resumed[conversation_id] for conversation_id in groups}  # in the batch's order

    def _blank(self) -> ConversationState:
        return new_state(self.recognizer, self.config.alert_level, self.config.detectors)

    def _prefetch(self, groups: dict[str, list[Entry]], resumed: dict[str, tuple[str, Resumed]]) -> None:
        """Encodes in one batch what the semantic layer is likely to read (see `api.feed`); a guess that only warms its
        cache."""
        semantic = next(iter(resumed.values()))[1][0].semantic
        if semantic is None:
            return
        texts = [
            entry.message.text
            for conversation_id, entries in groups.items()
            for entry in entries
            if entry.message.kind is MessageKind.TEXT and resumed[conversation_id][1][0].reads(entry.message.author)
        ]
        if texts:
            semantic.prefetch(texts)

    def _dead_letter(self, entry_id: str) -> None:
        """Moves a bad entry, whole, to the dead-letter stream with the reason (`parse_entry` names the field at fault).
        Rare: read from the stream again, all its fields."""
        config = self.config
        found: Any = self.client.xrange(config.stream, entry_id, entry_id)
        fields: list[bytes] | None = [part for pair in found[0][1].items() for part in pair] if found and found[0][1] else None
        try:
            parse_entry(entry_id, fields)
            reason = "the entry could not be read"  # (the fast path and the whole entry disagree: never dropped silently)
        except BadEntry as exc:
            reason = str(exc)
        log.warning("entry %s of %s: %s (moved to %s)", entry_id, config.stream, reason, config.dead_letters)
        letter: dict[str | bytes, str | bytes] = {"reason": reason, "entry_id": entry_id, "stream": config.stream}
        for key, value in zip((fields or [])[::2], (fields or [])[1::2], strict=True):
            letter[b"field:" + key] = value
        with self.client.pipeline(transaction=True) as pipe:
            pipe.xadd(config.dead_letters, letter)  # type: ignore[arg-type]
            pipe.xack(config.stream, config.group, entry_id)
            pipe.execute()

    def join_group(self) -> None:
        """Creates the consumer group (from the stream's first entry) unless it exists, and this worker in it (a
        worker shows in XINFO CONSUMERS from its start, not from its first entry)."""
        try:
            self.client.xgroup_create(self.config.stream, self.config.group, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise
        self.client.xgroup_createconsumer(self.config.stream, self.config.group, self.config.consumer)

    def _leave(self) -> None:
        """A stopped worker says so at once: its pending entries (if any) go to the next worker that looks."""
        config = self.config
        log.info("worker %s stops after applying %d entries", config.consumer, self.applied)
        try:
            self.client.delete(f"{config.prefix}alive:{config.consumer}", self._bell)
            pending = self.client.xpending_range(config.stream, config.group, "-", "+", 1, consumername=config.consumer)
            if not pending:
                self.client.xgroup_delconsumer(config.stream, config.group, config.consumer)
        except redis.RedisError as exc:
            log.warning("could not sign off from Redis: %s", _reason(exc))

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        log.info("%s: finishing the current conversation, then stopping", signal.Signals(signum).name)
        self.stopping = True

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(0.1, deadline - time.monotonic()))


def run_worker(url: str, config: WorkerConfig, open_store: Callable[[], AlertSink]) -> int:
    client = connect(url)
    store = open_store()
    log.info("worker %s on %s, group %s, at %s", config.consumer, config.stream, config.group, _where(client))
    worker = RedisWorker(client, config, store)
    # What is loaded by now (modules, the catalogue and its patterns, the model) lives as long as the process: out of
    # the cyclic garbage collector's sight, so that its full collections do not walk it all again and again.
    gc.freeze()
    return worker.run()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection during a step. A batch makes tens of thousands of objects (its entries and their
    messages) that live until its end and then go by reference counting; collections in the middle only walk them,
    promote them and trigger full collections over every cached state: a quarter of a backed-up worker's time when
    measured. The objects that stay are seen by the first collection after the step."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _where(client: redis.Redis) -> str:
    kwargs = client.connection_pool.connection_kwargs
    if "path" in kwargs:
        return f"unix:{kwargs['path']}"
    return f"{kwargs.get('host', 'localhost')}:{kwargs.get('port', 6379)}/{kwargs.get('db', 0)}"


def _reason(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__

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
- State any worker can continue: the conversation's state (`state_codec`, versioned JSON, no pickle) in a Redis hash
  with the id of the last entry applied, expiring after --state-ttl seconds without messages.
- At least once, never twice: an alert (deterministic id) is stored in the alert store first (idempotent); then one
  script writes the new state, adds the alerts to the output stream and acknowledges the entries, all or nothing, and
  only if this worker still owns the conversation and the state is the one it read. A redelivered entry that is already
  in the state is acknowledged without being applied again.
- Entries with missing or bad fields go to the dead-letter stream with the reason, then are acknowledged.
- SIGTERM (or Ctrl-C): the conversation being applied is finished and committed, the rest of the batch stays pending
  for another worker, exit 0. Redis gone at start: one line, exit 2; gone later: retried with backoff.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import FrameType
from typing import Any, Protocol

import redis

from lurewatch.advice import advise
from lurewatch.api import Detectors, new_state
from lurewatch.conversation import ConversationState
from lurewatch.engines.redis_scripts import COMMIT, LOAD, PULL, RESCUE
from lurewatch.errors import LurewatchError, UsageError
from lurewatch.indicators.recognizer import default_recognizer
from lurewatch.ingest.json_chat import parse_iso_time
from lurewatch.model import Audience, Message, MessageKind, RiskLevel
from lurewatch.state_codec import decode_state, dumps, loads
from lurewatch.stream import Alert, next_alert

log = logging.getLogger(__name__)

REQUIRED_FIELDS = ("conversation_id", "author", "text")
DEFAULT_CLAIM_IDLE_MS = 60_000
DEFAULT_STATE_TTL = 7 * 24 * 3600  # a week of silence and a conversation starts afresh
DEFAULT_BATCH = 64  # entries read per round trip; also the semantic layer's encoding batch
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


@dataclass(frozen=True)
class Entry:
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


def parse_entry(entry_id: str, fields: dict[bytes, bytes] | None) -> Entry:
    if not fields:
        raise BadEntry("the entry has no fields (deleted from the stream?)")
    values: dict[str, str] = {}
    for key, value in fields.items():
        try:
            values[key.decode()] = value.decode()
        except UnicodeDecodeError:
            raise BadEntry(f'field "{key.decode(errors="replace")}" is not UTF-8') from None
    for name in REQUIRED_FIELDS:
        if name not in values:
            raise BadEntry(f'missing field "{name}"')
    if not values["conversation_id"]:
        raise BadEntry('field "conversation_id" is empty')
    time = values.get("time") or None
    try:
        when = parse_iso_time(time) if time is not None else None
    except ValueError:
        raise BadEntry(f'field "time" is not an ISO-8601 date-time: {time!r}') from None
    try:
        kind = MessageKind(values.get("kind") or MessageKind.TEXT)
    except ValueError:
        raise BadEntry(f'field "kind" must be one of {", ".join(MessageKind)}') from None
    message = Message(author=values["author"], text=values["text"], time=when, kind=kind)
    return Entry(id=entry_id, conversation_id=values["conversation_id"], message=message)


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
        self.stopping = False
        self.applied = 0  # entries applied to a state (not counting redeliveries already applied)
        self._pull = client.register_script(PULL)
        self._rescue_script = client.register_script(RESCUE)
        self._commit = client.register_script(COMMIT)
        self._load = client.register_script(LOAD)
        self._last_rescue = 0.0
        # States this worker committed last, by conversation, with the entry id they are at: read back from Redis only
        # when that id has changed (another worker moved the conversation on), so decoding is skipped most of the time.
        self._cache: OrderedDict[str, tuple[str, Resumed]] = OrderedDict()
        self._backlog = 0

    def run(self) -> int:
        """Work until stopped (SIGTERM, SIGINT); 0."""
        previous = {sig: signal.signal(sig, self._on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
        delay = 0.1
        try:
            self.join_group()
            while not self.stopping:
                try:
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
        read, last_delivered, last_bell = 0, b"0-0", b"0-0"
        entries = self._own_pending() if self._backlog >= config.batch else []  # a full batch left: no new ones yet
        if not entries:
            read, last_delivered, last_bell = self._pull(
                keys=[config.stream],
                args=[config.group, config.consumer, config.batch, config.prefix, config.state_ttl, config.claim_idle_ms],
            )
            entries = self._own_pending()
        self._backlog = len(entries)
        if entries:
            self._apply([(entry_id.decode(), fields) for entry_id, fields in entries])
            return True
        if read == 0 and block:
            # Wait for a new entry, or for another worker to hand over one of this worker's conversations (its bell).
            wait_ms = max(1, min(1000, config.claim_idle_ms // 3))
            self.client.xread({config.stream: last_delivered, self._bell: last_bell}, count=1, block=wait_ms)
        return read > 0

    def _own_pending(self) -> list[tuple[bytes, dict[bytes, bytes] | None]]:
        """This worker's oldest pending entries (read by it, or handed to it), in stream order."""
        config = self.config
        reply: Any = self.client.xreadgroup(config.group, config.consumer, {config.stream: "0"}, count=config.batch)
        return reply[0][1] if reply else []

    @property
    def _bell(self) -> str:
        return f"{self.config.prefix}bell:{self.config.consumer}"

    def _apply(self, raw: list[tuple[str, dict[bytes, bytes] | None]]) -> None:
        config = self.config
        groups: dict[str, list[Entry]] = {}
        for entry_id, fields in raw:
            try:
                entry = parse_entry(entry_id, fields)
            except BadEntry as exc:
                self._dead_letter(entry_id, fields, str(exc))
                continue
            groups.setdefault(entry.conversation_id, []).append(entry)
        if not groups:
            return
        stored = self._load(keys=[config.stream], args=[config.prefix, *groups])
        loaded = {cid: ((last or b"").decode(), data) for cid, (last, data) in zip(groups, stored, strict=True)}
        states = {cid: self._resume(cid, *loaded[cid]) for cid in groups}
        self._prefetch(groups, states)
        commits: list[Any] = []
        for conversation_id, entries in groups.items():
            if self.stopping and commits:
                break  # SIGTERM: what is applied gets committed; the rest stays pending for another worker
            read_at = loaded[conversation_id][0]
            state, alerted, said = states[conversation_id]
            last, alerts = read_at, []
            for entry in entries:
                if last and _id_key(entry.id) <= _id_key(last):
                    continue  # a redelivery of an entry this state already holds
                state.add(entry.message)
                if said is not None:
                    said.append((entry.message.author, entry.message.text))
                self.applied += 1
                last = entry.id
                alert = next_alert(state, conversation_id, alerted)
                if alert is not None:
                    alerted = alert.risk.level
                    alerts.append(alert)
            extra = {"alerted": alerted} if said is None else {"alerted": alerted, "said": said}
            commits += [conversation_id, read_at, last, dumps(state, **extra), len(alerts)]
            for alert in alerts:
                texts = authors = None
                if said is not None:
                    upto = said[: alert.message_index + 1]
                    authors, texts = [author for author, _ in upto], [text for _, text in upto]
                identifier, _ = self.store.record(alert, texts=texts, authors=authors)
                commits += [identifier, alert_json(alert, identifier, config.audience, state)]
            commits += [len(entries), *(entry.id for entry in entries)]
            self._cache[conversation_id] = (last, (state, alerted, said))
            self._cache.move_to_end(conversation_id)
        outcomes = self._commit(
            keys=[config.stream, config.alerts_stream or ""],
            args=[config.group, config.consumer, config.prefix, config.state_ttl, config.claim_idle_ms, *commits],
        )
        for conversation_id, outcome in zip(groups, outcomes, strict=False):
            if outcome != 1:  # another worker took the conversation over (this one was thought dead): its work counts
                log.info("conversation %s moved to another worker; its entries are theirs now", conversation_id)
                self._cache.pop(conversation_id, None)
        while len(self._cache) > STATE_CACHE:
            self._cache.popitem(last=False)

    def _resume(self, conversation_id: str, last: str, data: bytes | None) -> Resumed:
        """The conversation's state as stored at entry `last` (with the level it last alerted at and, with
        --store-text, what was said): from the cache when this worker wrote it last."""
        cached = self._cache.get(conversation_id)
        if cached is not None and cached[0] == last and last:
            return cached[1]
        config = self.config
        blank = new_state(self.recognizer, config.alert_level, config.detectors)
        if data is None:
            return blank, None, [] if config.store_text else None
        record = loads(data)
        said = record.get("said") if config.store_text else None
        return decode_state(record, blank), record.get("alerted"), None if said is None else [(author, text) for author, text in said]

    def _prefetch(self, groups: dict[str, list[Entry]], states: dict[str, Resumed]) -> None:
        """Encodes in one batch what the semantic layer is likely to read (see `api.feed`); a guess that only warms its
        cache."""
        texts = [
            entry.message.text
            for conversation_id, entries in groups.items()
            for entry in entries
            if entry.message.kind is MessageKind.TEXT and states[conversation_id][0].reads(entry.message.author)
        ]
        semantic = next(iter(states.values()))[0].semantic
        if semantic is not None and texts:
            semantic.prefetch(texts)

    def _dead_letter(self, entry_id: str, fields: dict[bytes, bytes] | None, reason: str) -> None:
        config = self.config
        log.warning("entry %s of %s: %s (moved to %s)", entry_id, config.stream, reason, config.dead_letters)
        letter: dict[str | bytes, str | bytes] = {"reason": reason, "entry_id": entry_id, "stream": config.stream}
        for key, value in (fields or {}).items():
            letter[b"field:" + key] = value
        with self.client.pipeline(transaction=True) as pipe:
            pipe.xadd(config.dead_letters, letter)  # type: ignore[arg-type]
            pipe.xack(config.stream, config.group, entry_id)
            pipe.execute()

    def join_group(self) -> None:
        """Creates the consumer group (from the stream's first entry) unless it exists."""
        try:
            self.client.xgroup_create(self.config.stream, self.config.group, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

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
    return RedisWorker(client, config, store).run()


def _where(client: redis.Redis) -> str:
    kwargs = client.connection_pool.connection_kwargs
    if "path" in kwargs:
        return f"unix:{kwargs['path']}"
    return f"{kwargs.get('host', 'localhost')}:{kwargs.get('port', 6379)}/{kwargs.get('db', 0)}"


def _reason(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__

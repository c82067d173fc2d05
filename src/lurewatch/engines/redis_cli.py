"""The `lurewatch watch --redis ...` options and command (the worker itself is redis_worker.py)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from lurewatch.arguments import whole_number
from lurewatch.engines.worker_defaults import DEFAULT_BATCH, DEFAULT_CLAIM_IDLE_MS, DEFAULT_STATE_TTL
from lurewatch.errors import UsageError

if TYPE_CHECKING:
    from lurewatch.engines.redis_worker import AlertSink


def add_redis_arguments(parser: argparse.ArgumentParser) -> None:
    positive = whole_number(1)
    group = parser.add_argument_group("Redis Streams worker (instead of stdin)")
    group.add_argument("--redis", metavar="URL", help="read a Redis stream: redis://HOST:PORT/DB")
    group.add_argument("--stream", metavar="NAME", help="the stream of messages (with --redis)")
    group.add_argument("--group", metavar="NAME", help="the consumer group the workers share (with --redis)")
    group.add_argument("--consumer", metavar="NAME", help="this worker's name in the group (default: HOST-PID)")
    group.add_argument("--alerts-stream", metavar="NAME", help="also add each alert as JSON to this stream")
    group.add_argument("--dead-letter-stream", metavar="NAME", help="where bad entries go (default: STREAM:dead-letter)")
    group.add_argument("--db", metavar="URL", help="alert store: SQLite path or URL, or postgresql://... (default: $LUREWATCH_DB, else the default file)")
    group.add_argument(
        "--claim-idle-ms", type=positive, default=DEFAULT_CLAIM_IDLE_MS,
        help=f"a worker silent this long is taken as dead and its entries claimed (default: {DEFAULT_CLAIM_IDLE_MS})",
    )  # fmt: skip
    group.add_argument(
        "--state-ttl", type=positive, default=DEFAULT_STATE_TTL, metavar="S",
        help=f"seconds a conversation's state is kept without new messages (default: {DEFAULT_STATE_TTL})",
    )  # fmt: skip
    group.add_argument(
        "--batch", type=positive, default=DEFAULT_BATCH,
        help=f"entries per read (default: {DEFAULT_BATCH}); more while the stream is backed up",
    )  # fmt: skip
    group.add_argument(
        "--store-text",
        action="store_true",
        help="keep each conversation's text in its Redis state and store it with its alerts (default: evidence only)",
    )


def redis_command(args: argparse.Namespace) -> int:
    # Imported on use: the worker brings in the Redis client, which no other command needs.
    from lurewatch.engines.redis_worker import WorkerConfig, default_consumer, run_worker

    if args.source == "-":
        raise UsageError("watch: give either - (stdin) or --redis, not both")
    missing = [f"--{name}" for name in ("stream", "group") if not getattr(args, name)]
    if missing:
        raise UsageError(f"watch --redis also needs {' and '.join(missing)}")
    config = WorkerConfig(
        stream=args.stream,
        group=args.group,
        consumer=args.consumer or default_consumer(),
        alerts_stream=args.alerts_stream,
        dead_letter_stream=args.dead_letter_stream,
        claim_idle_ms=args.claim_idle_ms,
        state_ttl=args.state_ttl,
        batch=args.batch,
        alert_level=args.alert_level,
        audience=args.audience,
        detectors=args.detectors,
        store_text=args.store_text,
    )
    return run_worker(args.redis, config, lambda: _open_store(args.db))


def _open_store(url: str | None) -> AlertSink:
    from lurewatch.store import open_store  # SQLAlchemy on use: stdin watching does not need it

    return open_store(url)

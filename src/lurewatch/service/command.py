"""`lurewatch serve`: the options and the start-up checks (who may reach the server), then uvicorn."""

from __future__ import annotations

import argparse
import sys

from lurewatch.api import DETECTORS
from lurewatch.errors import UsageError
from lurewatch.model import RISK_LEVELS
from lurewatch.service.settings import DEFAULT_MAX_BODY, DEFAULT_RATE_LIMIT, Settings, is_loopback


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    parser.add_argument("--db", metavar="URL", help="alert store database URL (default: the store's SQLite file)")
    parser.add_argument(
        "--max-body", type=int, default=DEFAULT_MAX_BODY, metavar="BYTES", help="largest request body (default: 5 MB)"
    )
    parser.add_argument(
        "--rate-limit",
        type=float,
        default=DEFAULT_RATE_LIMIT,
        metavar="N",
        help=f"requests per second per API key, in bursts of as many (default: {DEFAULT_RATE_LIMIT})",
    )
    parser.add_argument(
        "--detectors", choices=DETECTORS, default="combined", help="default detectors of /v1/analyze and the watcher"
    )
    parser.add_argument(
        "--alert-level", choices=RISK_LEVELS[1:], default="high", help="level at which /v1/messages raises an alert"
    )


def serve_command(args: argparse.Namespace) -> int:
    settings = Settings(
        host=args.host,
        port=args.port,
        db_url=args.db,
        max_body=args.max_body,
        rate_limit=args.rate_limit,
        detectors=args.detectors,
        alert_level=args.alert_level,
    )
    if settings.max_body < 1 or settings.rate_limit <= 0:
        raise UsageError("--max-body and --rate-limit must be more than 0")
    if not is_loopback(settings.host):
        raise UsageError(
            f"--host {settings.host}: no API keys exist, so the server only listens on loopback; "
            "create one with `lurewatch keys create NAME` first"
        )
    print(
        f"lurewatch: no API keys: listening on loopback only ({settings.host}), reachable from this machine alone",
        file=sys.stderr,
    )
    import uvicorn  # imported on use: the other commands do not need the web stack

    from lurewatch.service.app import create_app

    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, access_log=False, log_level="info")
    return 0

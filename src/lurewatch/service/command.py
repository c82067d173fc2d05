"""`lurewatch serve`: the options and the start-up checks (who may reach the server), then uvicorn."""

from __future__ import annotations

import argparse
import copy
import sys
from typing import Any

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
    parser.add_argument(
        "--store-text",
        action="store_true",
        help="store each alert's conversation text with it, for the review queue (default: only the evidence)",
    )


def add_keys_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="keys_command", required=True, parser_class=type(parser))
    create = actions.add_parser("create", help="make a key for NAME and print it once (only its hash is kept)")
    create.add_argument("name", metavar="NAME", help="who the key is for (shown as the reviewer of their reviews)")
    listing = actions.add_parser("list", help="the names of the keys and when they were made")
    revoke = actions.add_parser("revoke", help="delete the key of NAME: it stops working at once")
    revoke.add_argument("name", metavar="NAME")
    for action in (create, listing, revoke):
        action.add_argument("--db", metavar="URL", help="the alert store holding the keys (default: as for serve)")


def keys_command(args: argparse.Namespace) -> int:
    from lurewatch.service.keys import KeyRing  # SQLAlchemy loads only for the commands that need it
    from lurewatch.store import open_store

    with open_store(args.db) as store:
        keys = KeyRing(store.engine)
        if args.keys_command == "create":
            print(keys.create(args.name))
            print(
                f"lurewatch: the key of {args.name} is above; it is shown only this once (the store keeps its hash)",
                file=sys.stderr,
            )
        elif args.keys_command == "revoke":
            keys.revoke(args.name)
            print(f"lurewatch: key of {args.name} revoked", file=sys.stderr)
        else:
            for name, created in keys.names():
                print(f"{name}\t{created:%Y-%m-%d %H:%M} UTC")
    return 0


def serve_command(args: argparse.Namespace) -> int:
    settings = Settings(
        host=args.host,
        port=args.port,
        db_url=args.db,
        max_body=args.max_body,
        rate_limit=args.rate_limit,
        detectors=args.detectors,
        alert_level=args.alert_level,
        store_text=args.store_text,
    )
    if settings.max_body < 1 or settings.rate_limit <= 0:
        raise UsageError("--max-body and --rate-limit must be more than 0")
    import uvicorn  # imported on use: the other commands do not need the web stack

    from lurewatch.service.app import create_app

    app = create_app(settings)
    keys = app.state.service.keys.count()
    if keys:
        print(f"lurewatch: {keys} API key(s): every /v1 call needs `Authorization: Bearer KEY`", file=sys.stderr)
    elif is_loopback(settings.host):
        print(
            f"lurewatch: no API keys: listening on loopback only ({settings.host}), reachable from this machine alone",
            file=sys.stderr,
        )
    else:
        app.state.service.close()
        raise UsageError(
            f"--host {settings.host} is reachable from other machines and no API keys exist; "
            "create one with `lurewatch keys create NAME`, or serve on 127.0.0.1"
        )
    # uvicorn's own access log would print query strings; ours (lurewatch.service.access) names the route template.
    uvicorn.run(app, host=settings.host, port=settings.port, access_log=False, log_config=_log_config())
    return 0


def _log_config() -> dict[str, Any]:
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["lurewatch"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config

"""`lurewatch alerts list|show|review|export`: the alert store from the command line (see lurewatch/store/)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from lurewatch.arguments import whole_number
from lurewatch.errors import InputError, UsageError
from lurewatch.files import text_output
from lurewatch.model import RISK_LEVELS

if TYPE_CHECKING:
    from rich.console import Console

    from lurewatch.store import AlertStore, StoredAlert

# Rich is imported by the functions that print: every `lurewatch` run builds this command's parser, few print alerts.

# As lurewatch.store.STATUSES (a test keeps them equal): importing the store loads SQLAlchemy, which only this
# command needs, not every `lurewatch` run.
STATUSES = ("new", "confirmed", "dismissed")
DB_HELP = (
    "the alert store: a SQLite file or sqlite:///PATH, or postgresql://USER:PASSWORD@HOST:PORT/DB "
    "(default: $LUREWATCH_DB, else ~/.local/share/lurewatch/alerts.db)"
)


def add_alerts_parser(commands: Any) -> None:
    """Register `alerts` on the `lurewatch` sub-command list (`commands` is argparse's subparsers action)."""
    alerts = commands.add_parser("alerts", help="the alert store: list, show, review and export alerts")
    actions = alerts.add_subparsers(
        dest="alerts_command", required=True, metavar="list|show|review|export", parser_class=type(alerts)
    )

    listing = actions.add_parser("list", help="alerts, newest first")
    listing.add_argument("--status", choices=STATUSES, help="only alerts in this review state")
    listing.add_argument("--level", choices=RISK_LEVELS[1:], help="only alerts at this risk level")
    listing.add_argument("--limit", type=whole_number(0), default=100, help="at most this many (default: 100)")
    listing.add_argument("--offset", type=whole_number(0), default=0, help="skip this many first (default: 0)")
    listing.add_argument("--json", action="store_true", help="a JSON array instead of a table")

    show = actions.add_parser("show", help="one alert with its findings")
    show.add_argument("id", metavar="ID", help="the alert's id (from `lurewatch alerts list`)")
    show.add_argument("--json", action="store_true", help="a JSON object instead of text")

    review = actions.add_parser("review", help="record a moderator's decision on an alert")
    review.add_argument("id", metavar="ID", help="the alert's id")
    review.add_argument("status", choices=STATUSES, help="confirmed, dismissed, or new to reopen it")
    review.add_argument("--reviewer", required=True, metavar="NAME", help="who reviewed it")
    review.add_argument("--note", metavar="TEXT", help="why (kept with the review)")
    review.add_argument("--json", action="store_true", help="print the reviewed alert as JSON")

    export = actions.add_parser("export", help="reviewed alerts as labelled JSONL for `lurewatch train`")
    export.add_argument("-o", "--output", metavar="FILE", help="write here (whole or not at all) instead of stdout")

    for parser in (listing, show, review, export):
        parser.add_argument("--db", metavar="URL", help=DB_HELP)


def alerts_command(args: argparse.Namespace) -> int:
    from lurewatch.store import open_store  # SQLAlchemy and Alembic load only for this command

    with open_store(args.db) as store:
        return _ACTIONS[args.alerts_command](store, args)


def _list(store: AlertStore, args: argparse.Namespace) -> int:
    from rich.markup import escape
    from rich.table import Table

    alerts = store.list_alerts(status=args.status, level=args.level, limit=args.limit, offset=args.offset)
    if args.json:
        print(json.dumps([alert.model_dump(mode="json") for alert in alerts], ensure_ascii=False, indent=2))
        return 0
    table = Table(title=f"alerts in {store.url} ({len(alerts)} shown)", title_justify="left")
    # The id is what a moderator copies into `review`: never folded. The rest folds on a narrow terminal.
    table.add_column("id", no_wrap=True)
    table.add_column("created (UTC)", no_wrap=True)
    for column in ("conversation", "msg", "level", "score", "suspect", "status", "reviewer"):
        table.add_column(column, overflow="fold")
    for alert in alerts:
        table.add_row(
            alert.id,
            alert.created_at.strftime("%Y-%m-%d %H:%M:%S"),
            escape(alert.conversation_id),
            str(alert.message_index),
            alert.level,
            f"{alert.score:.2f}",
            escape(alert.suspect or "-"),
            alert.status,
            escape(alert.reviewer or "-"),
        )
    _console().print(table)
    return 0


def _show(store: AlertStore, args: argparse.Namespace) -> int:
    alert = store.get(args.id)
    if alert is None:
        raise InputError(f"alert {args.id}", f"no such alert in {store.url} (see `lurewatch alerts list`)")
    if args.json:
        print(alert.model_dump_json(indent=2))
    else:
        _print_alert(alert)
    return 0


def _review(store: AlertStore, args: argparse.Namespace) -> int:
    alert = store.review(args.id, args.status, reviewer=args.reviewer, note=args.note)
    if args.json:
        print(alert.model_dump_json(indent=2))
    else:
        print(f"alert {alert.id}: {alert.status} by {alert.reviewer}")
    return 0


def _export(store: AlertStore, args: argparse.Namespace) -> int:
    rows = list(store.export_reviewed())
    if not rows:
        raise UsageError(f"no reviewed alerts in {store.url} to export (review some with `lurewatch alerts review`)")
    with text_output(args.output) as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    where = args.output or "stdout"
    print(f"exported {len(rows)} reviewed conversation(s) to {where}", file=sys.stderr)
    return 0


def _console() -> Console:
    """The terminal's width on a terminal; a report page's width when piped or redirected (as `analyze` does)."""
    from rich.console import Console

    from lurewatch.cli import PAGE_WIDTH

    return Console(width=None if sys.stdout.isatty() else PAGE_WIDTH, highlight=False)


def _print_alert(alert: StoredAlert) -> None:
    from rich.markup import escape
    from rich.table import Table

    console = _console()
    console.print(f"[bold]alert {alert.id}[/bold]  {alert.level} ({alert.score:.2f})")
    console.print(f"conversation {escape(alert.conversation_id)}, message {alert.message_index}")
    console.print(f"suspect: {escape(alert.suspect or '-')}")
    console.print(f"raised: {alert.created_at.isoformat()} (lurewatch {alert.lurewatch_version})")
    review = f"{alert.status}"
    if alert.reviewer:
        stamp = alert.reviewed_at.isoformat() if alert.reviewed_at else "?"
        review += f" by {escape(alert.reviewer)} at {stamp}"
    console.print(f"review: {review}")
    if alert.note:
        console.print(f"note: {escape(alert.note)}")
    table = Table(title="findings (evidence only)", title_justify="left")
    for column in ("msg", "author", "indicator", "sev", "evidence", "by"):
        table.add_column(column, overflow="fold")
    for finding in alert.findings:
        table.add_row(
            str(finding.message_index),
            escape(finding.author),
            finding.indicator,
            str(finding.severity),
            escape(finding.evidence),
            finding.matched_by,
        )
    console.print(table)
    if alert.messages is not None:
        console.print(f"stored messages: {len(alert.messages)} (see --json)")


_ACTIONS = {"list": _list, "show": _show, "review": _review, "export": _export}

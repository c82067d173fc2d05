"""`lurewatch` on the command line. Exit codes: 0 done, 2 usage or input error, 3 `--fail-on` level reached."""

from __future__ import annotations

import argparse
import gc
import heapq
import itertools
import json
import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from lurewatch import __version__, ingest
from lurewatch.advice import AUDIENCES
from lurewatch.alerts_cli import add_alerts_parser, alerts_command
from lurewatch.api import DETECTORS
from lurewatch.arguments import whole_number
from lurewatch.engines.redis_cli import add_redis_arguments, redis_command
from lurewatch.errors import InputError, LurewatchError, UsageError
from lurewatch.files import text_output
from lurewatch.indicators.catalogue import load_catalogue
from lurewatch.ingest._bounded_warnings import SHOWN_PER_FILE, WarningGate
from lurewatch.ingest.json_chat import parse_iso_time
from lurewatch.model import RISK_LEVELS, Analysis, Conversation
from lurewatch.parallel import SPLIT_BYTES, Outcome, Shape, analyze_stream, analyze_units, with_progress
from lurewatch.report.evidence import Evidence, collect_evidence, digest_bytes
from lurewatch.report.html import write_html
from lurewatch.report.json import write_json_documents
from lurewatch.scoring import level_at_least
from lurewatch.service.command import add_keys_arguments, add_serve_arguments, keys_command, serve_command
from lurewatch.stream import Watcher

EXIT_OK, EXIT_INPUT, EXIT_FAIL_ON = 0, 2, 3
DEMO_FILE = "walkthrough.txt"
PAGE_WIDTH = 140
# The cyclic garbage collector's first generation runs every this many new objects instead of every 700: reading and
# analysing makes a few objects per message and frees them in order (no cycles to find), and a collection every 700
# cost ~12 % of `analyze`'s CPU time on a 200,000-message file.
GC_NEW_OBJECTS = 50_000
log = logging.getLogger("lurewatch")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # One line, not a usage dump: the user sees what is wrong and where to look. `prog` is "lurewatch" or
        # "lurewatch analyze": it already names the program.
        self.exit(EXIT_INPUT, f"lurewatch: error: {message} (see {self.prog} --help)\n")


_positive = whole_number(1)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="lurewatch", description="Spot grooming and sextortion warning signs in chat conversations.")
    parser.add_argument("--version", action="version", version=f"lurewatch {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    analyze = commands.add_parser("analyze", help="analyse chat files, directories or - (stdin)")
    analyze.add_argument("inputs", nargs="+", metavar="INPUT", help="chat file, directory, or - for stdin")
    _add_report_options(analyze)
    _add_input_options(analyze)
    analyze.add_argument(
        "--fail-on", choices=RISK_LEVELS[1:], metavar="LEVEL", help="exit 3 if any conversation reaches LEVEL"
    )
    analyze.add_argument("--top", type=_positive, default=20, help="rows in the ranking of many conversations")
    analyze.add_argument("--jobs", type=_positive, default=1, help="worker processes (default: 1)")
    _add_verbose_option(analyze)
    analyze.add_argument(
        "--model",
        metavar="DIR",
        help="score risk with a learned scorer: a folder made by `lurewatch train`, or `default` for the bundled one",
    )

    demo = commands.add_parser("demo", help="the bundled walkthrough conversation, annotated like the handout")
    _add_report_options(demo)

    watch = commands.add_parser(
        "watch",
        help="live: read JSONL messages from stdin, write a JSON alert line when a conversation reaches a level",
    )
    watch.add_argument("--alert-level", choices=RISK_LEVELS[1:], default="high", help="level that raises an alert")
    watch.add_argument("--audience", choices=AUDIENCES, default="moderator", help="who the advice is for")
    watch.add_argument("--max-conversations", type=_positive, default=100_000, help="conversations kept in memory")
    watch.add_argument("source", nargs="?", choices=["-"], help="- for stdin (the default without --redis)")
    _add_verbose_option(watch)
    _add_detectors_option(watch)
    add_redis_arguments(watch)

    _add_batch_parser(commands)

    indicators = commands.add_parser("indicators", help="list the indicator catalogue")
    indicators.add_argument("--format", choices=("text", "json"), default="text")

    evaluate = commands.add_parser(
        "eval", help="measure detection on labelled data: labelled JSON/JSONL or a PAN 2012 corpus with its ground truth"
    )
    evaluate.add_argument("inputs", nargs="+", metavar="DATA", help="labelled .json/.jsonl, PAN 2012 .xml, or a folder")
    _add_detectors_option(evaluate)
    evaluate.add_argument(
        "--level", choices=RISK_LEVELS[1:], default="high", help="level that counts as an alert (default: high)"
    )
    evaluate.add_argument("--json", action="store_true", help="print one JSON object with every number")
    evaluate.add_argument("--plots", metavar="DIR", help="write PR curve, score and latency histograms as PNGs to DIR")
    evaluate.add_argument("--model", metavar="DIR", help="evaluate a learned scorer: a `lurewatch train` folder or `default`")

    serve = commands.add_parser("serve", help="the HTTP service: the API, its docs at /docs and the web page")
    add_serve_arguments(serve)
    keys = commands.add_parser("keys", help="API keys of the service: create NAME (printed once), list, revoke NAME")
    add_keys_arguments(keys)

    train = commands.add_parser(
        "train", help="train the learned scorer on the research corpora and your own labelled examples"
    )
    add_train_arguments(train)
    add_alerts_parser(commands)
    return parser


def add_train_arguments(parser: argparse.ArgumentParser) -> None:
    """`lurewatch train` and `python -m lurewatch.learn.train` (see lurewatch/learn/train.py)."""
    parser.add_argument(
        "inputs",
        nargs="*",
        metavar="DATA",
        help="labelled .json/.jsonl, PAN 2012 .xml (ground truth beside it), the research corpora folder, or folders",
    )
    parser.add_argument("--out", metavar="DIR", help="folder to write model.json to (required)")
    parser.add_argument(
        "--base",
        metavar="DIR",
        help="research corpora (pj-lines.jsonl.gz, benign/) to train on besides DATA "
        "(default: ../shared/data beside the repository, when present)",
    )
    parser.add_argument("--no-base", action="store_true", help="train on DATA only, without the research corpora")
    parser.add_argument(
        "--jobs", type=_positive, default=2, help="worker processes for feature extraction (default: 2)"
    )
    parser.add_argument(
        "--detectors",
        choices=DETECTORS,
        default="catalogue",
        help="detectors the training analyses run with (default: catalogue: fast and deterministic; meaning "
        "matches then count like pattern matches of their category)",
    )
    parser.add_argument("--no-cross-source", action="store_true", help="skip the cross-source validation runs")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the feature cache")


def _add_batch_parser(commands: Any) -> None:
    batch = commands.add_parser(
        "batch", help="one table row per conversation (Parquet or JSONL), on the process pool or on Spark"
    )
    batch.add_argument("input", metavar="INPUT", help="chat file, directory, or - for stdin")
    batch.add_argument("output", metavar="OUTPUT", help="table to write (.parquet or .jsonl; written whole or not at all)")
    batch.add_argument("--engine", choices=("local", "spark"), default="local", help="process pool or Spark (default: local)")
    batch.add_argument("--master", help="Spark master: local[N] or spark://HOST:PORT (default: spark-submit's, else local[JOBS])")
    batch.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1, help="processes (default: one per CPU)")
    batch.add_argument("--output-format", choices=("parquet", "jsonl"), help="default: from OUTPUT's suffix")
    batch.add_argument(
        "--alert-level", choices=RISK_LEVELS[1:], default="high", help="level that sets first_alert_index"
    )
    _add_input_options(batch)
    _add_detectors_option(batch)
    _add_verbose_option(batch)


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input-format", metavar="NAME", help="force the input format (default: detect)")
    parser.add_argument("--author-col", default="author", help="CSV/JSONL/Parquet column with the author (default: author)")
    parser.add_argument("--text-col", default="text", help="CSV/JSONL/Parquet column with the message (default: text)")
    parser.add_argument("--time-col", default="time", help="CSV/JSONL/Parquet column with the time (default: time)")
    parser.add_argument(
        "--conversation-col", default="conversation_id", help="CSV/JSONL/Parquet column with the conversation id"
    )


def _add_report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=("text", "json", "html"), default="text", help="report format (default: text)"
    )
    parser.add_argument("--audience", choices=AUDIENCES, default="parent", help="who the advice is for")
    parser.add_argument("--country", metavar="CODE", help="add national hotlines (US, UK, CA, AU, or any other code)")
    parser.add_argument(
        "--alert-level", choices=RISK_LEVELS[1:], default="high", help="level that sets first_alert_index"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE (written whole or not at all)")
    _add_detectors_option(parser)


def _add_detectors_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--detectors",
        choices=DETECTORS,
        default="combined",
        help="catalogue patterns, meaning-level matching, or both (default: combined)",
    )


def _add_verbose_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help=f"show every warning and progress notes (default: {SHOWN_PER_FILE} warnings per file, then a count)",
    )


def _log_to_stderr(args: argparse.Namespace) -> tuple[WarningGate, int]:
    """Installs the stderr log handler for one run; returns it and the `lurewatch` logger level to restore after."""
    verbose = bool(getattr(args, "verbose", False))
    gate = WarningGate(limit=None if verbose else SHOWN_PER_FILE, forward=getattr(args, "jobs", 1) > 1)
    gate.setLevel(logging.DEBUG if verbose else logging.WARNING)
    logging.getLogger().addHandler(gate)
    level = log.level
    if verbose and log.getEffectiveLevel() > logging.INFO:
        log.setLevel(logging.INFO)
    return gate, level


def _stop_logging(gate: WarningGate, level: int) -> None:
    gate.finish()
    logging.getLogger().removeHandler(gate)
    gate.close()
    log.setLevel(level)


def main(argv: Sequence[str] | None = None) -> int:
    own_process = argv is None  # the process is this command's (not a caller's that hands it arguments)
    if own_process:
        gc.freeze()  # what start-up made (modules, the catalogue) lives as long as the process: collections skip it
        gc.set_threshold(GC_NEW_OBJECTS, *gc.get_threshold()[1:])
    args = build_parser().parse_args(argv)
    args.own_process = own_process  # a command may tune the collector further (see `_read_uncollected`)
    gate, level = _log_to_stderr(args)
    try:
        return COMMANDS[args.command](args)
    except LurewatchError as exc:
        gate.finish()  # the count of warnings not shown goes first: the error stays the last line
        print(f"lurewatch: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        # `lurewatch analyze … | head`: the reader has what it wanted; Python must not complain on exit either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:  # e.g. no permission to write the --output file
        print(f"lurewatch: error: {exc.filename or 'output'}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    finally:
        _stop_logging(gate, level)


def _loader(args: argparse.Namespace, inputs: Sequence[str], stdin: BinaryIO | None = None) -> ingest.Loader:
    columns = ingest.ColumnMapping(
        author=args.author_col, text=args.text_col, time=args.time_col, conversation=args.conversation_col
    )
    return ingest.load(inputs, input_format=args.input_format, columns=columns, stdin=stdin or sys.stdin.buffer)


def _analyze_command(args: argparse.Namespace) -> int:
    evidence, stdin = collect_evidence(args.inputs, sys.stdin.buffer) if args.format == "html" else (None, sys.stdin.buffer)
    loader = _loader(args, args.inputs, stdin)
    shape, keep = _shape(args)
    options = _analysis_options(args)
    if args.model is not None:
        from lurewatch.learn.scorer import LearnedScorer

        LearnedScorer.load(args.model)  # a missing or broken model is a one-line error now, not in every worker
        options["model"] = args.model  # workers load it once each (cached), rather than receive it per conversation
    if args.jobs > 1:
        units = loader.units(split_bytes=SPLIT_BYTES)
        outcomes = analyze_units(units, options, jobs=args.jobs, shape=shape, keep_conversations=keep)
        return _report(outcomes, args, top=args.top, fail_on=args.fail_on, evidence=evidence)
    conversations = _read_uncollected(loader) if args.own_process else loader
    outcomes = analyze_stream(conversations, options, shape=shape, keep_conversations=keep)
    return _report(outcomes, args, top=args.top, fail_on=args.fail_on, evidence=evidence)


def _read_uncollected(conversations: Iterator[Conversation]) -> Iterator[Conversation]:
    """The conversations, read with the cyclic collector paused, and what a read made then frozen out of its sight. A
    reader makes a few objects per message and no cycles, and they live until the report is written: collections while
    reading found nothing (a 200,000-message JSONL file: 11 young and one middle-generation collection, ~0.2 s)."""
    while True:
        gc.disable()
        try:
            conversation = next(conversations, None)
        finally:
            gc.enable()
        if gc.get_count()[0] > GC_NEW_OBJECTS:  # a file was read, not only a conversation handed on
            gc.freeze()
        if conversation is None:
            return
        yield conversation


def _batch_command(args: argparse.Namespace) -> int:
    from lurewatch.batch.command import BatchJob, run_batch

    options = {"alert_level": args.alert_level, "detectors": args.detectors}
    job = BatchJob(Path(args.output), args.engine, args.jobs, options, args.master, args.output_format)
    run_batch(_loader(args, [args.input]), job)
    return EXIT_OK


def _demo_command(args: argparse.Namespace) -> int:
    data = resources.files("lurewatch").joinpath("examples", DEMO_FILE).read_bytes()
    shape, keep = _shape(args)
    evidence = Evidence(files=(digest_bytes(DEMO_FILE, data),))
    outcomes = analyze_stream(
        ingest.parse_text(data.decode("utf-8"), name=DEMO_FILE),
        _analysis_options(args),
        shape=shape,
        keep_conversations=keep,
    )
    return _report(outcomes, args, top=1, fail_on=None, evidence=evidence)


def _shape(args: argparse.Namespace) -> tuple[Shape, bool]:
    """What each analysed conversation must carry for the chosen report (see `parallel.Outcome`)."""
    return ("json", False) if args.format == "json" else ("analysis", True)


def _analysis_options(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "audience": args.audience,
        "country": args.country,
        "alert_level": args.alert_level,
        "detectors": args.detectors,
    }


def _report(
    outcomes: Iterator[Outcome],
    args: argparse.Namespace,
    *,
    top: int,
    fail_on: str | None,
    evidence: Evidence | None = None,
) -> int:
    reached = False

    def checked(outcomes: Iterator[Outcome]) -> Iterator[Outcome]:
        nonlocal reached
        for outcome in with_progress(outcomes):
            if fail_on is not None and level_at_least(outcome.level, fail_on):  # type: ignore[arg-type]
                reached = True
            yield outcome

    with text_output(args.output) as out:
        if args.format == "json":
            write_json_documents((outcome.json for outcome in checked(outcomes) if outcome.json is not None), out)
        elif args.format == "html":
            pairs = ((o.analysis, o.conversation) for o in checked(outcomes) if o.analysis and o.conversation)
            write_html(pairs, out, evidence)
        else:
            _write_text(checked(outcomes), out, top)
    return EXIT_FAIL_ON if reached else EXIT_OK


def _write_text(outcomes: Iterator[Outcome], out: TextIO, top: int) -> None:
    # A terminal gets its own width; a pipe or file gets a wide page so notes sit beside the chat, as on the handout.
    from rich.console import Console  # Rich and the text report load only for a text report

    from lurewatch.report.text import render_analysis, render_ranking

    wide = None if out.isatty() else PAGE_WIDTH
    console = Console(file=out, width=wide, highlight=False)
    first = next(outcomes, None)
    if first is None:
        raise UsageError("no conversations found in the input")
    second = next(outcomes, None)
    if second is None:
        assert first.analysis is not None and first.conversation is not None
        render_analysis(console, first.analysis, first.conversation)
        return
    # Only the top rows are kept: a folder of 150,000 conversations must not sit in memory to print 20 lines.
    count = 0

    def counted(items: Iterable[Outcome]) -> Iterator[Analysis]:
        nonlocal count
        for outcome in items:
            count += 1
            if outcome.analysis is not None:
                yield outcome.analysis

    ranked = heapq.nlargest(top, counted(itertools.chain((first, second), outcomes)), key=lambda a: a.risk.score)
    render_ranking(console, ranked, count)


def _indicators_command(args: argparse.Namespace) -> int:
    catalogue = load_catalogue()
    if args.format == "json":
        print(catalogue.model_dump_json(indent=2, include={"version", "stages", "categories", "indicators"}))
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"lurewatch indicator catalogue ({len(catalogue.indicators)} entries)", title_justify="left")
    for column in ("id", "category", "stage", "sev", "what it means"):
        table.add_column(column, overflow="fold")
    for spec in catalogue.indicators:
        kind = " (signal)" if spec.signal else ""
        table.add_row(spec.id, spec.category, spec.stage, str(spec.severity), f"{spec.description}{kind}")
    Console(highlight=False).print(table)
    return EXIT_OK


def _watch_command(args: argparse.Namespace) -> int:
    """One JSON object per input line: {"conversation_id", "author", "text", optional "time"}; one alert per output line.

    Built for a pipe from a message queue: each alert is flushed at once; a bad line is an error naming its number.
    With --redis, a consumer-group worker on a Redis stream instead (engines/redis_worker.py)."""
    if args.redis is not None:
        return redis_command(args)
    watcher = Watcher(
        alert_level=args.alert_level,
        audience=args.audience,
        max_conversations=args.max_conversations,
        detectors=args.detectors,
    )
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        message = _watched_message(line, number)
        alert = watcher.add(message["conversation_id"], message["author"], message["text"], message["time"])
        if alert is not None:
            sys.stdout.write(alert.model_dump_json() + "\n")
            sys.stdout.flush()
    return EXIT_OK


def _watched_message(line: str, number: int) -> dict[str, Any]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError("<stdin>", f"invalid JSON: {exc.msg}", line=number) from None
    if not isinstance(item, dict):
        raise InputError("<stdin>", "expected a JSON object", line=number)
    for key in ("conversation_id", "author", "text"):
        if not isinstance(item.get(key), str):
            raise InputError("<stdin>", f'"{key}" must be a string', line=number)
    time = item.get("time")
    try:
        item["time"] = parse_iso_time(time) if isinstance(time, str) else None
    except ValueError:
        raise InputError("<stdin>", f'"time" is not an ISO-8601 date-time: {time!r}', line=number) from None
    return item


def _eval_command(args: argparse.Namespace) -> int:
    # Imported on use: numpy (and matplotlib for --plots) are needed by evaluation only, not by every analyze or watch.
    from lurewatch.learn.evaluate import eval_command

    return eval_command(args)


def _train_command(args: argparse.Namespace) -> int:
    from lurewatch.learn.train import train_command  # numpy, on use

    return train_command(args)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "analyze": _analyze_command,
    "batch": _batch_command,
    "demo": _demo_command,
    "watch": _watch_command,
    "indicators": _indicators_command,
    "eval": _eval_command,
    "train": _train_command,
    "serve": serve_command,
    "keys": keys_command,
    "alerts": alerts_command,
}


if __name__ == "__main__":
    sys.exit(main())

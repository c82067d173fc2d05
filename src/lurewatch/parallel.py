"""Analysing conversations in this process or in N worker processes, with a progress bar on a terminal.

With several jobs, the work is cut into input units (files, or byte ranges of a big PAN12 file: see
`ingest.Loader.units`) and each worker reads AND analyses its units, so parsing is spread over the cores too. When
there are fewer units than jobs (one big file that cannot be cut), conversations are handed out one by one instead.
Either way the input is read lazily and only a bounded number of pieces wait in queues, so memory stays bounded.

Workers hand back `Outcome`s shaped for the report being written: for JSON the conversation's finished JSON text
(rendering it where it was analysed is cheaper than shipping the model to the writer and rendering it there), for the
text report the `Analysis` itself, for `lurewatch batch` its table row.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from lurewatch.api import analyze_conversation, analyze_each
from lurewatch.batch.rows import Row, row_of
from lurewatch.ingest import WorkUnit, read_unit
from lurewatch.model import Analysis, Conversation, RiskLevel

if TYPE_CHECKING:
    from rich.progress import Progress

IN_FLIGHT_PER_JOB = 256  # conversations waiting per worker when conversations are handed out one by one
UNITS_IN_FLIGHT_PER_JOB = 2  # input units being worked on or waiting to be written, per worker
SPLIT_BYTES = 8 * 2**20  # byte ranges of about this size let several workers parse one big file
CHUNK = 32
PROGRESS_AFTER_MESSAGES = 5000

Options = dict[str, Any]
Shape = Literal["json", "analysis", "row"]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Outcome:
    """One analysed conversation, as much of it as the report needs."""

    level: RiskLevel
    message_count: int
    analysis: Analysis | None = None  # shape "analysis"
    json: str | None = None  # shape "json": the conversation's entry in the JSON report
    row: Row | None = None  # shape "row": the conversation's row in a `lurewatch batch` table
    conversation: Conversation | None = None  # kept for the annotated text report of a single conversation


def _outcome(conversation: Conversation, options: Options, shape: Shape, keep: bool) -> Outcome:
    return _shaped(conversation, analyze_conversation(conversation, **options), shape, keep)


def _outcomes(conversations: Iterable[Conversation], options: Options, shape: Shape, keep: bool) -> Iterator[Outcome]:
    for conversation, analysis in analyze_each(conversations, **options):
        yield _shaped(conversation, analysis, shape, keep)


def _shaped(conversation: Conversation, analysis: Analysis, shape: Shape, keep: bool) -> Outcome:
    return Outcome(
        level=analysis.risk.level,
        message_count=analysis.message_count,
        analysis=analysis if shape == "analysis" else None,
        json=analysis.model_dump_json() if shape == "json" else None,
        row=row_of(analysis) if shape == "row" else None,
        conversation=conversation if keep else None,
    )


def analyze_units(
    units: Iterable[WorkUnit], options: Options, *, jobs: int, shape: Shape, keep_conversations: bool = False
) -> Iterator[Outcome]:
    """Every conversation of the units, analysed in input order, `jobs` processes at a time."""
    planned = list(units)
    if len(planned) < jobs:
        conversations = (c for unit in planned for c in read_unit(unit))
        yield from analyze_stream(conversations, options, jobs=jobs, shape=shape, keep_conversations=keep_conversations)
        return
    tasks = ((unit, options, shape, keep_conversations) for unit in planned)
    for outcomes in _bounded_imap(_analyze_unit, tasks, jobs, UNITS_IN_FLIGHT_PER_JOB * jobs, chunksize=1):
        yield from outcomes


def analyze_stream(
    conversations: Iterable[Conversation],
    options: Options,
    *,
    jobs: int = 1,
    shape: Shape = "analysis",
    keep_conversations: bool = False,
) -> Iterator[Outcome]:
    """Analyses in input order, in this process (jobs=1) or handing conversations to `jobs` workers."""
    if jobs == 1:
        yield from _outcomes(conversations, options, shape, keep_conversations)
        return
    tasks = ((conversation, options, shape, keep_conversations) for conversation in conversations)
    yield from _bounded_imap(_analyze_one, tasks, jobs, IN_FLIGHT_PER_JOB * jobs, chunksize=CHUNK)


def with_progress(outcomes: Iterable[Outcome]) -> Iterator[Outcome]:
    """Passes outcomes through, showing a progress line on a terminal once the input is big enough to wait for."""
    progress = _Progress()
    try:
        for outcome in outcomes:
            progress.advance(outcome.message_count)
            yield outcome
    finally:
        progress.stop()


def analyze_unit(unit: WorkUnit, options: Options, shape: Shape, keep: bool = False) -> list[Outcome]:
    """Every conversation of one input unit, read and analysed here (in a pool worker or a Spark executor)."""
    return list(_outcomes(read_unit(unit), options, shape, keep))


def _analyze_unit(task: tuple[WorkUnit, Options, Shape, bool]) -> list[Outcome]:
    return analyze_unit(*task)


def _analyze_one(task: tuple[Conversation, Options, Shape, bool]) -> Outcome:
    conversation, options, shape, keep = task
    return _outcome(conversation, options, shape, keep)


def _bounded_imap(
    function: Callable[[Any], T], tasks: Iterable[Any], jobs: int, in_flight: int, chunksize: int
) -> Iterator[T]:
    """`Pool.imap` that never reads more than `in_flight` tasks ahead of the consumer (imap alone reads all input)."""
    slots = threading.BoundedSemaphore(in_flight)

    def feed() -> Iterator[Any]:
        for task in tasks:
            slots.acquire()
            yield task

    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with context.Pool(jobs) as pool:
        for result in pool.imap(function, feed(), chunksize=chunksize):
            slots.release()
            yield result


class _Progress:
    """A Rich progress line on stderr, only on a terminal and only once the input is big enough to wait for."""

    def __init__(self) -> None:
        self._enabled = sys.stderr.isatty()
        self._messages = 0
        self._conversations = 0
        self._bar: Progress | None = None
        self._task: Any = None

    def advance(self, messages: int) -> None:
        if not self._enabled:
            return
        self._messages += messages
        self._conversations += 1
        if self._bar is None and self._messages >= PROGRESS_AFTER_MESSAGES:
            from rich.console import Console  # Rich loads only when a bar is shown
            from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._bar = Progress(
                SpinnerColumn(),
                TextColumn("analysing"),
                BarColumn(bar_width=None, pulse_style="cyan"),
                TextColumn("{task.fields[conversations]:,} conversations · {task.completed:,.0f} messages"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task("analyse", total=None, conversations=0)
        if self._bar is not None:
            self._bar.update(self._task, completed=self._messages, conversations=self._conversations)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()

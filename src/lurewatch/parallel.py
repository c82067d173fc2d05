"""Analysing conversations in this process or in N worker processes, with a progress bar on a terminal.

With several jobs, the work is cut into input units (files, or byte ranges of a big PAN12 file: see
`ingest.Loader.units`) and each worker reads AND analyses its units, so parsing is spread over the cores too. When
there are fewer units than jobs (one big file that cannot be cut), conversations are handed out one by one instead.
Either way the input is read lazily and only a bounded number of pieces wait in queues, so memory stays bounded.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from lurewatch.api import analyze_conversation
from lurewatch.ingest import WorkUnit, read_unit
from lurewatch.model import Analysis, Conversation

IN_FLIGHT_PER_JOB = 256
SPLIT_BYTES = 8 * 2**20  # byte ranges of about this size let several workers parse one big file
CHUNK = 32
PROGRESS_AFTER_MESSAGES = 5000

Options = dict[str, Any]


def analyze_units(
    units: Iterable[WorkUnit], options: Options, *, jobs: int, keep_conversations: bool = False
) -> Iterator[tuple[Conversation | None, Analysis]]:
    """Analyses of every conversation of the units, in input order, `jobs` processes at a time."""
    planned = list(units)
    if len(planned) < jobs:
        conversations = (c for unit in planned for c in read_unit(unit))
        yield from analyze_stream(conversations, options, jobs=jobs, keep_conversations=keep_conversations)
        return
    progress = _Progress()
    jobs_args = ((unit, options, keep_conversations) for unit in planned)
    try:
        with _pool(jobs) as pool:
            for pairs in pool.imap(_analyze_unit, jobs_args):
                for pair in pairs:
                    progress.advance(pair[1].message_count)
                    yield pair
    finally:
        progress.stop()


def _analyze_unit(job: tuple[WorkUnit, Options, bool]) -> list[tuple[Conversation | None, Analysis]]:
    unit, options, keep = job
    return [((c if keep else None), analyze_conversation(c, **options)) for c in read_unit(unit)]


def _pool(jobs: int) -> multiprocessing.pool.Pool:
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    return context.Pool(jobs)


def analyze_stream(
    conversations: Iterable[Conversation], options: Options, *, jobs: int = 1, keep_conversations: bool = False
) -> Iterator[tuple[Conversation | None, Analysis]]:
    """Analyses in input order; yields (conversation if kept, analysis)."""
    progress = _Progress()
    try:
        if jobs == 1:
            for conversation in conversations:
                analysis = analyze_conversation(conversation, **options)
                progress.advance(analysis.message_count)
                yield (conversation if keep_conversations else None), analysis
            return
        yield from _parallel(conversations, options, jobs, keep_conversations, progress)
    finally:
        progress.stop()


def _parallel(
    conversations: Iterable[Conversation], options: Options, jobs: int, keep: bool, progress: _Progress
) -> Iterator[tuple[Conversation | None, Analysis]]:
    slots = threading.BoundedSemaphore(IN_FLIGHT_PER_JOB * jobs)
    kept: deque[Conversation] = deque()

    def feed() -> Iterator[tuple[Conversation, Options]]:
        for conversation in conversations:
            slots.acquire()
            if keep:
                kept.append(conversation)
            yield conversation, options

    with _pool(jobs) as pool:
        for analysis in pool.imap(_analyze_one, feed(), chunksize=CHUNK):
            slots.release()
            progress.advance(analysis.message_count)
            yield (kept.popleft() if keep else None), analysis


def _analyze_one(job: tuple[Conversation, Options]) -> Analysis:
    conversation, options = job
    return analyze_conversation(conversation, **options)


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

"""Analysing a stream of conversations, in this process or in N worker processes, with a progress bar on a terminal.

The input is read lazily and at most `IN_FLIGHT_PER_JOB` conversations per worker wait in queues, so memory stays bounded
for streamed inputs (a PAN12 file of millions of messages) whatever the number of jobs.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from lurewatch.api import analyze_conversation
from lurewatch.model import Analysis, Conversation

IN_FLIGHT_PER_JOB = 256
CHUNK = 32
PROGRESS_AFTER_MESSAGES = 5000

Options = dict[str, Any]


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

    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with context.Pool(jobs) as pool:
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

"""The CLI's stderr log handler: at most a few warning lines per input file, then one line with how many more there were.

A file with thousands of broken records must not bury the report's own messages (or the one error) under thousands of
lines; `--verbose` shows them all. Records about one file carry its name (`base.FILE_ATTRIBUTE`); any other record
counts under a shared key.

With `--jobs N` the files are parsed in forked worker processes, which inherit this handler: there it hands each record
to the parent through a pipe, so the limit and the final counts hold for the whole run, not per worker.

Private module (no NAME), so the registry does not treat it as a format.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import threading
from collections import Counter
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Lock
from typing import TextIO

from lurewatch.ingest.base import FILE_ATTRIBUTE

SHOWN_PER_FILE = 5
_GENERAL = ""  # the key of records that name no file
_CLOSE_WAIT_SECONDS = 2.0


class WarningGate(logging.Handler):
    """Writes `lurewatch: <level>: <message>` lines to `stream`, at most `limit` per file (None: no limit)."""

    def __init__(self, stream: TextIO | None = None, limit: int | None = SHOWN_PER_FILE, forward: bool = False) -> None:
        super().__init__(logging.DEBUG)
        self.stream = stream if stream is not None else sys.stderr
        self.limit = limit
        self.shown: Counter[str] = Counter()
        self.hidden: Counter[str] = Counter()
        self._pid = os.getpid()
        self._reader: Connection | None = None
        self._writer: Connection | None = None
        self._write_lock: Lock | None = None
        self._drain: threading.Thread | None = None
        if forward and sys.platform.startswith("linux"):  # workers are forked only there (see parallel.py)
            context = multiprocessing.get_context("fork")
            self._reader, self._writer = context.Pipe(duplex=False)
            self._write_lock = context.Lock()
            self._drain = threading.Thread(target=self._receive, name="lurewatch-warnings", daemon=True)
            self._drain.start()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            key = str(getattr(record, FILE_ATTRIBUTE, _GENERAL))
            line = f"lurewatch: {record.levelname.lower()}: {record.getMessage()}"
            if os.getpid() != self._pid:
                self._send(key, line)
            else:
                self._show(key, line)
        except Exception:
            self.handleError(record)

    def _show(self, key: str, line: str) -> None:
        # Called with the handler's lock held (by `handle`, or by `_receive`), so counts and lines never interleave.
        if self.limit is not None and self.shown[key] >= self.limit:
            self.hidden[key] += 1
            return
        self.shown[key] += 1
        self.stream.write(line + "\n")
        self.stream.flush()

    def _send(self, key: str, line: str) -> None:
        if self._writer is None or self._write_lock is None:
            # Not set up to forward (a worker started another way): show here rather than lose the warning.
            self._show(key, line)
            return
        with self._write_lock:  # a long record is several writes: one worker at a time on the pipe
            self._writer.send((key, line))

    def _receive(self) -> None:
        assert self._reader is not None
        while True:
            try:
                item = self._reader.recv()
            except (EOFError, OSError):
                return
            if item is None:
                return
            key, line = item
            self.acquire()
            try:
                self._show(key, line)
            finally:
                self.release()

    def summary(self) -> list[str]:
        """One line per file whose warnings were cut short, with how many were not shown."""
        return [
            f"lurewatch: warning: {key + ': ' if key else ''}{count} more warning{'s' if count > 1 else ''} "
            "not shown (--verbose shows all)"
            for key, count in self.hidden.items()
        ]

    def finish(self) -> None:
        """Take in what workers sent, then write the summary lines (once; the counts start again afterwards)."""
        self._stop_forwarding()
        self.acquire()
        try:
            for line in self.summary():
                self.stream.write(line + "\n")
            self.stream.flush()
            self.hidden.clear()
            self.shown.clear()
        finally:
            self.release()

    def _stop_forwarding(self) -> None:
        if self._drain is None or os.getpid() != self._pid:
            return
        assert self._writer is not None and self._write_lock is not None
        # Everything a worker sent went into the pipe before its result reached us: the end marker comes after it all.
        # A worker killed mid-send (after an error elsewhere) may hold the lock: then the rest is not waited for.
        if self._write_lock.acquire(timeout=_CLOSE_WAIT_SECONDS):
            try:
                self._writer.send(None)
            finally:
                self._write_lock.release()
            self._drain.join(_CLOSE_WAIT_SECONDS)
        self._drain = None
        for end in (self._writer, self._reader):
            if end is not None:
                end.close()
        self._writer = self._reader = None

    def close(self) -> None:
        self._stop_forwarding()
        super().close()

"""The catalogue set's DFA built on another core, from the input files' bytes, while the main thread reads them.

The RE2 set's first pass over a large input spends most of its time building DFA states (0.73 s against 0.18 s for a
second pass over 200,000 IRC messages); the states depend on the text seen, not on who sees it, and RE2 shares them
between threads. Run over the raw file lower-cased, the set builds most of the states the normalised messages will need
(first pass 0.25-0.29 s after it), and it does so without the GIL: the pieces are large, so the thread needs the GIL
rarely while the main thread parses JSON. Results never change: the DFA only caches what the set computes anyway.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

# The DFA's states stop growing long before this (its budget is the set's max_mem); past it, warming would only spend a
# core on what the scans do themselves at their steady cost.
WARM_BYTES = 32 * 2**20
# One read and one set call per piece, and after each the thread waits for the GIL (up to the 5 ms switch interval
# while the main thread runs Python): a piece must take far longer than that to scan (~25 ms at this size). Beside a
# Python loop, 28 MB took 1.5-1.6 s in 1 MiB pieces and 1.8-2.7 s in 256 KiB pieces, for the same CPU time.
PIECE_BYTES = 2**20
_HEAD_BYTES = 4096  # what tells a text file from a binary one (a zip, Parquet)


def warm(match: Callable[[bytes], object], paths: Sequence[Path], stop: threading.Event, limit: int = WARM_BYTES) -> None:
    """Run `match` over the text files' bytes, lower-cased, PIECE_BYTES at a time, up to `limit` bytes in all or until
    `stop` is set."""
    remaining = limit
    for path in paths:
        try:
            with path.open("rb") as source:
                first = True
                while remaining > 0 and not stop.is_set():
                    piece = source.read(min(PIECE_BYTES, remaining))
                    if not piece or (first and not _is_text(piece[:_HEAD_BYTES])):
                        break
                    first = False
                    remaining -= len(piece)
                    match(piece.lower())
        except OSError:
            continue  # the reader says what is wrong with a file: warming only saves time


@contextmanager
def warming(match: Callable[[bytes], object], inputs: Sequence[str | Path]) -> Iterator[None]:
    """`warm` in a thread over the inputs that are files (not "-", not folders) while the block runs; stopped at its
    end, within one piece."""
    paths = [Path(item) for item in inputs if str(item) != "-" and Path(item).is_file()]
    if not paths:
        yield
        return
    stop = threading.Event()
    thread = threading.Thread(target=warm, args=(match, paths, stop), name="lurewatch-warm", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _is_text(head: bytes) -> bool:
    """UTF-8 without NUL bytes; the head may end inside a character."""
    if b"\0" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(head) - 3 and error.reason == "unexpected end of data"
    return True

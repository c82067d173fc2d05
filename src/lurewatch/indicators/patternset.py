"""Which of many expressions match a text, in one pass: Hyperscan for those it can run, an RE2 set for the rest.

An RE2 set builds its DFA lazily from the text it meets. For the catalogue's ~1,000 expressions that building was most
of a first pass (1.7 s of 1.9 s over 200,000 IRC messages), and every process starts from nothing. A Hyperscan database
is compiled ahead of time, so a pass costs the same from the first message (0.5 s for the same messages). Compiling it
takes seconds, so the compiled database is kept in the user's cache, keyed by the expressions and Hyperscan's version,
and loaded in about a millisecond after that.

Hyperscan rejects an anchor inside an alternation (`(?:^|[.!?] )you`); those few expressions stay in a small RE2 set.
Results are the same as one RE2 set of all the expressions: both engines read the same syntax for what the catalogue
uses (ASCII `\\b`, `\\w` and `\\d`; UTF-8 text), which `tests/test_patternset.py` checks over the labelled sets' words.
Without Hyperscan (it has wheels for x86-64 Linux and macOS only) everything is one RE2 set, as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import re2

from lurewatch.normalize import set_matcher
from lurewatch.semantic.model_cache import cache_folder

try:
    import hyperscan
except ImportError:  # pragma: no cover - exercised on platforms without wheels
    hyperscan = None

log = logging.getLogger(__name__)

Matcher = Callable[[bytes], list[int]]
_FORMAT = 1  # bump when the cached file's layout changes


def cache_dir() -> Path | None:
    """Where compiled pattern databases are kept: `$LUREWATCH_CACHE`, else the sentence model's cache folder
    (`$XDG_CACHE_HOME/lurewatch` or `~/.cache/lurewatch`); None without a home folder (then nothing is kept)."""
    if "LUREWATCH_CACHE" in os.environ:
        return Path(os.environ["LUREWATCH_CACHE"])
    return cache_folder()


def re2_matcher(expressions: Sequence[str], options: Any) -> Matcher:
    """One RE2 set of the expressions, matched by the C call itself (see `set_matcher`)."""
    compiled = re2.Set.SearchSet(options)
    for expression in expressions:
        compiled.Add(expression)
    compiled.Compile()
    return set_matcher(compiled)


def compile_matcher(expressions: Sequence[str], options: Any, *, ahead: bool = True) -> Matcher:
    """A function from UTF-8 bytes to the indices (into `expressions`) of the expressions that match, in no set order;
    `options`: the RE2 options of the set that runs what Hyperscan cannot; `ahead`: compiled ahead with Hyperscan
    where it is installed (else one RE2 set)."""
    if not ahead or hyperscan is None or not expressions:
        return re2_matcher(expressions, options)
    database, rejected = _database(expressions)
    rest = re2_matcher([expressions[index] for index in rejected], options) if rejected else None
    return _HybridMatcher(database, rejected, rest)


class _HybridMatcher:
    """Hyperscan's matches plus the RE2 set's. A Hyperscan scan needs scratch space that one thread uses at a time,
    so each thread gets its own."""

    def __init__(self, database: Any, rejected: list[int], rest: Matcher | None) -> None:
        self._database = database
        self._rejected = rejected
        self._rest = rest
        self._prototype = hyperscan.Scratch(database)
        self._local = threading.local()

    def __call__(self, data: bytes) -> list[int]:
        try:
            scratch = self._local.scratch
        except AttributeError:
            scratch = self._local.scratch = self._prototype.clone()
        found: list[int] = []
        self._database.scan(data, match_event_handler=_collect, context=found, scratch=scratch)
        if self._rest is not None:
            found += [self._rejected[index] for index in self._rest(data)]
        return found


def _collect(identifier: int, _start: int, _end: int, _flags: int, found: list[int]) -> None:
    found.append(identifier)


_FLAGS = 0 if hyperscan is None else hyperscan.HS_FLAG_SINGLEMATCH | hyperscan.HS_FLAG_UTF8


def _database(expressions: Sequence[str]) -> tuple[Any, list[int]]:
    """The compiled database of the expressions Hyperscan accepts, and the indices of those it rejects: from the
    cache if there, else compiled and cached (written whole or not at all)."""
    key = hashlib.sha256(
        json.dumps([_FORMAT, getattr(hyperscan, "__version__", ""), _FLAGS, list(expressions)]).encode("utf-8")
    ).hexdigest()[:32]
    folder = cache_dir()
    path = folder / f"patterns-{key}.hsdb" if folder is not None else None
    try:
        if path is not None:
            header, blob = path.read_bytes().split(b"\n", 1)
            return hyperscan.loadb(blob, hyperscan.HS_MODE_BLOCK), json.loads(header)["rejected"]
    except (OSError, ValueError, KeyError, hyperscan.error):
        pass  # not cached yet, or unreadable: compile again
    rejected = [index for index, expression in enumerate(expressions) if _may_be_rejected(expression)]
    rejected = [index for index in rejected if not _accepted(expressions[index])]
    try:
        database = _compiled(expressions, rejected)
    except hyperscan.error:  # turned down for something else: find out which, one by one (seconds more)
        rejected = [index for index, expression in enumerate(expressions) if not _accepted(expression)]
        database = _compiled(expressions, rejected)
    if path is not None:
        _write(path, json.dumps({"rejected": rejected}).encode("utf-8") + b"\n" + hyperscan.dumpb(database))
    return database, rejected


def _may_be_rejected(expression: str) -> bool:
    """Whether the expression has an anchor (`^`, `$`) outside a character class: the only construct of the
    catalogue's that Hyperscan turns down, and then only inside an alternation."""
    position = 0
    while position < len(expression):
        char = expression[position]
        if char == "\\":
            position += 1
        elif char == "[":  # skip the class; a `]` first in it (after any `^`) is one of its characters
            position += 2 if expression.startswith("^", position + 1) else 1
            position += 1 if expression.startswith("]", position + 1) else 0
            while position + 1 < len(expression) and expression[position + 1] != "]":
                position += 2 if expression[position + 1] == "\\" else 1
            position += 1
        elif char in "^$":
            return True
        position += 1
    return False


def _compiled(expressions: Sequence[str], rejected: list[int]) -> Any:
    skipped = set(rejected)
    accepted = [index for index in range(len(expressions)) if index not in skipped]
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(
        expressions=[expressions[index].encode("utf-8") for index in accepted],
        ids=accepted,
        flags=[_FLAGS] * len(accepted),
    )
    return database


def _accepted(expression: str) -> bool:
    try:
        hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK).compile(
            expressions=[expression.encode("utf-8")], ids=[0], flags=[_FLAGS]
        )
    except hyperscan.error:
        return False
    return True


def _write(path: Path, data: bytes) -> None:
    """Written to a temporary file and renamed, so a reader never sees half a database; a cache that cannot be written
    only means compiling again next time."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as error:
        log.info("pattern cache not written (%s)", error.strerror)
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)

"""Reading conversations from files: format modules, auto-detection, directories and stdin.

Every module of this package except `base` that defines `NAME` and `parse` is a format; nothing is registered by hand.
"""

from __future__ import annotations

import importlib
import logging
import os
import pkgutil
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, BinaryIO

from lurewatch.errors import InputError
from lurewatch.ingest.base import ColumnMapping, Source, decode_text, warn_file
from lurewatch.model import Conversation

__all__ = [
    "ColumnMapping",
    "LoadStats",
    "Loader",
    "Source",
    "WorkUnit",
    "detect",
    "formats",
    "get_format",
    "load",
    "parse_text",
    "read_bytes",
    "read_unit",
    "sniff_scores",
]

log = logging.getLogger("lurewatch.ingest")

# A format that owns the file's extension keeps it unless another format is at least this much surer from the content:
# a WhatsApp export saved as .log should not be read as plain text just because text owns .log.
CLEARLY_HIGHER = 0.2
_NOT_FORMATS = frozenset({"base"})
_PLAIN = "text"
_formats: dict[str, ModuleType] | None = None


def formats() -> dict[str, ModuleType]:
    """All format modules by NAME, sorted by NAME; built once on first use."""
    global _formats
    if _formats is None:
        found: dict[str, ModuleType] = {}
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
            if info.name in _NOT_FORMATS or info.name.startswith("_") or info.ispkg:
                continue
            module = importlib.import_module(f"{__name__}.{info.name}")
            name = getattr(module, "NAME", None)
            if not isinstance(name, str) or not callable(getattr(module, "parse", None)):
                continue  # a helper module shared by formats
            if name in found:
                raise RuntimeError(f"input format {name!r} defined twice: {found[name].__name__} and {module.__name__}")
            found[name] = module
        _formats = dict(sorted(found.items()))
    return _formats


def __getattr__(attribute: str) -> Any:
    # `FORMATS` reads like a constant but importing every format module is deferred until someone asks.
    if attribute == "FORMATS":
        return formats()
    raise AttributeError(f"module {__name__!r} has no attribute {attribute!r}")


def _format_names() -> str:
    return ", ".join(formats())


def get_format(name: str) -> ModuleType:
    try:
        return formats()[name]
    except KeyError:
        raise InputError("--input-format", f'unknown input format "{name}" (one of: {_format_names()})') from None


def _head_text(source: Source) -> str:
    return source.head().decode("utf-8", errors="replace").removeprefix("\ufeff")


def _safe_sniff(module: ModuleType, source: Source, head: str) -> float:
    # sniff must never raise, but one buggy format must not stop every other file from being detected
    try:
        score = float(module.sniff(source, head))
    except Exception:
        log.debug("sniff of format %s raised on %s", module.NAME, source.name, exc_info=True)
        return 0.0
    return min(max(score, 0.0), 1.0) if score == score else 0.0


def sniff_scores(source: Source, head: str | None = None) -> dict[str, float]:
    """How sure each format is that `source` is its format (for detection and `--explain`-style diagnostics)."""
    text = _head_text(source) if head is None else head
    return {name: _safe_sniff(module, source, text) for name, module in formats().items() if hasattr(module, "sniff")}


def _choose(source: Source, scores: dict[str, float]) -> tuple[str, float] | None:
    """The format for `source`, with its score, or None when nothing fits."""
    owners = [name for name, module in formats().items() if source.suffix in getattr(module, "EXTENSIONS", ())]
    if len(owners) == 1:
        owner = owners[0]
        best_other = max(
            ((score, name) for name, score in scores.items() if name != owner), key=lambda pair: pair[0], default=None
        )
        if best_other is not None and best_other[0] > scores.get(owner, 0.0) + CLEARLY_HIGHER:
            return best_other[1], best_other[0]
        return owner, scores.get(owner, 0.0)
    best: tuple[str, float] | None = None
    best_key = (0.0, False)
    for name, score in scores.items():  # sorted by name, so ties resolve the same way every run
        key = (score, name in owners)
        if score > 0.0 and key > best_key:
            best, best_key = (name, score), key
    return best


def _unrecognised(source: Source) -> InputError:
    return InputError(source.name, f"unrecognised format; use --input-format (one of: {_format_names()})")


def detect(source: Source) -> ModuleType:
    """The format module that reads `source`: by extension and content, see `CLEARLY_HIGHER`."""
    choice = _choose(source, sniff_scores(source))
    if choice is not None:
        return formats()[choice[0]]
    # A .txt that fits no format is most likely a hand-made chat gone wrong: the text parser says which line and why.
    plain = formats().get(_PLAIN)
    if plain is not None and source.suffix in plain.EXTENSIONS:
        return plain
    raise _unrecognised(source)


@dataclass
class LoadStats:
    """What `load` did, for the caller's summary line: files read, files skipped as not being a chat export."""

    files_read: int = 0
    files_skipped: int = 0
    conversations: int = 0
    skipped_files: list[str] = field(default_factory=list)


class Loader(Iterator[Conversation]):
    """The iterator `load` returns; `stats` fills in as it is consumed."""

    def __init__(
        self,
        inputs: Sequence[str | Path],
        input_format: str | None,
        columns: ColumnMapping | None,
        stdin: BinaryIO | None,
        stats: LoadStats | None,
    ) -> None:
        # Checked before anything is read, so a typo fails at once instead of after minutes of parsing.
        self.module = get_format(input_format) if input_format is not None else None
        for item in inputs:
            if str(item) != "-" and not Path(item).exists():
                raise InputError(str(item), "no such file or directory")
        self.stats = stats if stats is not None else LoadStats()
        self._columns = columns
        self._stdin = stdin
        self._inputs = list(inputs)
        self._iterator = self._generate()

    def __next__(self) -> Conversation:
        return next(self._iterator)

    def _generate(self) -> Iterator[Conversation]:
        for unit in self.units():
            for conversation in read_unit(unit):
                self.stats.conversations += 1
                yield conversation

    def units(self, split_bytes: int | None = None) -> Iterator[WorkUnit]:
        """The input as pieces that can be read on their own, in any process, in order (see `WorkUnit`).

        With `split_bytes`, a big file in a format that can be cut (PAN12 XML) becomes several byte ranges."""
        for item in self._inputs:
            if str(item) == "-":
                stream = self._stdin if self._stdin is not None else sys.stdin.buffer
                source = Source.from_bytes("<stdin>", stream.read(), self._columns)
                yield from self._file_units(source, self.module or _detect_explicit(source), split_bytes)
                continue
            path = Path(item)
            if not path.exists():  # removed since the check in __init__
                raise InputError(str(item), "no such file or directory")
            if not path.is_dir():
                source = Source.from_path(path, self._columns)
                yield from self._file_units(source, self.module or _detect_explicit(source), split_bytes)
                continue
            for entry, folder_format in _walk(path):
                if folder_format is not None:
                    self.stats.files_read += 1
                    yield WorkUnit(str(entry), folder_format.NAME, path=entry, directory=True)
                    continue
                source = Source.from_path(entry, self._columns)
                module = self._detect_walked(source)
                if module is None:
                    warn_file(source.name, "skipped: not a recognised chat export")
                    self.stats.files_skipped += 1
                    self.stats.skipped_files.append(source.name)
                    continue
                yield from self._file_units(source, module, split_bytes)

    def _file_units(self, source: Source, module: ModuleType, split_bytes: int | None) -> Iterator[WorkUnit]:
        """One file: the whole of it, or byte ranges of it when it is big and its format can be cut."""
        self.stats.files_read += 1
        ranges = module.split(source, split_bytes) if split_bytes and hasattr(module, "split") else []
        for byte_range in ranges or [None]:
            yield WorkUnit(source.name, module.NAME, path=source.path, data=source.data, columns=source.columns,
                           byte_range=byte_range)

    def _detect_walked(self, source: Source) -> ModuleType | None:
        # In a directory only files that look like a chat are taken: a stray README or config file is no reason to fail.
        if self.module is not None:
            owned = source.suffix in getattr(self.module, "EXTENSIONS", ())
            return self.module if owned or _safe_sniff(self.module, source, _head_text(source)) > 0 else None
        choice = _choose(source, sniff_scores(source))
        if choice is None or choice[1] <= 0.0:
            return None
        return formats()[choice[0]]



@dataclass(frozen=True)
class WorkUnit:
    """A piece of input that can be read on its own, in this or another process: a file, stdin's bytes, a folder a
    format reads whole, or a byte range of a big file (`(start, end, first line)`)."""

    name: str
    format: str
    path: Path | None = None
    data: bytes | None = None
    columns: ColumnMapping = field(default_factory=ColumnMapping)
    byte_range: tuple[int, int, int] | None = None
    directory: bool = False


def read_unit(unit: WorkUnit) -> Iterator[Conversation]:
    module = formats()[unit.format]
    if unit.directory:
        assert unit.path is not None
        yield from module.parse_directory(unit.path)
        return
    source = Source(name=unit.name, path=unit.path, data=unit.data, columns=unit.columns)
    if unit.byte_range is not None:
        yield from module.parse_range(source, *unit.byte_range)
    else:
        yield from module.parse(source)


def read_bytes(
    name: str, data: bytes, input_format: str | None = None, columns: ColumnMapping | None = None
) -> Iterator[Conversation]:
    """The conversations of one file's bytes (an upload), its format detected from `name` and content as for a file
    named on the command line. Detection errors are raised at once, parse errors while iterating."""
    source = Source.from_bytes(name, data, columns)
    module = get_format(input_format) if input_format is not None else _detect_explicit(source)
    return read_unit(WorkUnit(source.name, module.NAME, data=data, columns=source.columns))


def _detect_explicit(source: Source) -> ModuleType:
    try:
        return detect(source)
    except InputError:
        # An empty, binary or undecodable file deserves that exact message rather than "unrecognised format".
        head = source.head()
        if not head.strip() or b"\x00" in head:
            decode_text(head, source.name)
        raise


def _directory_format(path: Path) -> ModuleType | None:
    """The format that reads this folder as one unit (a Messenger thread folder of message_N.json parts), if any."""
    return next((m for m in formats().values() if getattr(m, "claims_directory", None) and m.claims_directory(path)), None)


def _walk(root: Path) -> Iterator[tuple[Path, ModuleType | None]]:
    """Files under `root` in sorted path order, hidden files and directories left out, symlinked directories not
    followed. A folder that a format reads whole (see `_directory_format`) comes as the folder with that format;
    files come with None."""
    if (module := _directory_format(root)) is not None:
        yield root, module
        return
    found: list[tuple[tuple[str, ...], ModuleType | None]] = []
    for directory, subdirs, files in os.walk(root):
        relative = Path(directory).relative_to(root).parts
        if relative and (module := _directory_format(Path(directory))) is not None:
            subdirs[:] = []
            found.append((relative, module))
            continue
        subdirs[:] = [name for name in subdirs if not name.startswith(".")]
        found.extend(((*relative, name), None) for name in files if not name.startswith("."))
    for parts, module in sorted(found, key=lambda item: item[0]):
        yield root.joinpath(*parts), module


def load(
    inputs: Sequence[str | Path],
    input_format: str | None = None,
    columns: ColumnMapping | None = None,
    stdin: BinaryIO | None = None,
    stats: LoadStats | None = None,
) -> Loader:
    """Conversations from files, directories (recursive, sorted) and "-" (stdin), lazily.

    Files in a directory that are not recognisable chat exports are skipped with a warning and counted in `.stats`
    (or the `stats` passed in); a file named explicitly must be readable or it is an error.
    """
    return Loader(inputs, input_format, columns, stdin, stats)


def parse_text(text: str, name: str = "<text>", input_format: str | None = None) -> list[Conversation]:
    """Conversations from a string (library use: `analyze("Alice: hi\\nBob: hello")`); unknown shapes are read as text."""
    # surrogatepass: a lone surrogate then fails as invalid UTF-8 with its line, like a broken file would
    source = Source.from_bytes(name, text.encode("utf-8", errors="surrogatepass"))
    if input_format is not None:
        module = get_format(input_format)
    else:
        choice = _choose(source, sniff_scores(source))
        module = formats()[choice[0]] if choice is not None and choice[1] > 0.0 else formats()[_PLAIN]
    return list(module.parse(source))

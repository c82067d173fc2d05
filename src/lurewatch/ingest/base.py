"""What every format parser shares: the input `Source`, decoding with line-accurate errors, warnings for skipped messages."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

from lurewatch.errors import InputError
from lurewatch.model import Conversation

log = logging.getLogger("lurewatch.ingest")

# A single export file larger than this is refused unless its parser streams (PAN12 XML does).
MAX_IN_MEMORY_BYTES = 512 * 1024 * 1024
SNIFF_BYTES = 64 * 1024


@dataclass
class ColumnMapping:
    """Which columns of a generic CSV/JSONL hold what (`--author-col` and friends)."""

    author: str = "author"
    text: str = "text"
    time: str = "time"
    conversation: str = "conversation_id"


@dataclass
class Source:
    """One input: a file on disk, or bytes (stdin, a member of a zip). `name` is what errors show."""

    name: str
    path: Path | None = None
    data: bytes | None = None
    columns: ColumnMapping = field(default_factory=ColumnMapping)

    @classmethod
    def from_path(cls, path: Path, columns: ColumnMapping | None = None) -> Source:
        return cls(name=str(path), path=path, columns=columns or ColumnMapping())

    @classmethod
    def from_bytes(cls, name: str, data: bytes, columns: ColumnMapping | None = None) -> Source:
        return cls(name=name, data=data, columns=columns or ColumnMapping())

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()

    def open_binary(self) -> BinaryIO:
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None
        try:
            return self.path.open("rb")
        except OSError as exc:
            raise InputError(self.name, f"cannot open: {exc.strerror or exc}") from None

    def head(self, size: int = SNIFF_BYTES) -> bytes:
        if self.data is not None:
            return self.data[:size]
        with self.open_binary() as handle:
            return handle.read(size)

    def read_bytes(self) -> bytes:
        if self.data is not None:
            return self.data
        assert self.path is not None
        try:
            size = self.path.stat().st_size
        except OSError as exc:
            raise InputError(self.name, f"cannot open: {exc.strerror or exc}") from None
        if size > MAX_IN_MEMORY_BYTES:
            raise InputError(self.name, f"file is {size // 2**20} MiB, more than the {MAX_IN_MEMORY_BYTES // 2**20} MiB limit")
        with self.open_binary() as handle:
            return handle.read()

    def read_text(self) -> str:
        """The whole input as text: UTF-8 (a BOM is dropped); refuses empty, binary and undecodable input."""
        return decode_text(self.read_bytes(), self.name)


def decode_text(data: bytes, name: str) -> str:
    if not data.strip():
        raise InputError(name, "file is empty")
    if b"\x00" in data[:SNIFF_BYTES]:
        raise InputError(name, "looks like a binary file, not a chat export", line=1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(name, f"invalid UTF-8 byte 0x{data[exc.start]:02x}", line=line) from None
    return text.removeprefix("\ufeff")


def line_of(text: str, offset: int) -> int:
    """1-based line number of a character offset (for errors in whole-file formats such as JSON)."""
    return text.count("\n", 0, offset) + 1


# Log records about one input file carry its name here, so the CLI can bound the warnings it shows per file.
FILE_ATTRIBUTE = "lurewatch_file"

# A real export can hold a few broken records (a hand edit, a line cut off). Many more than that means the file is being
# read the wrong way, and skipping them one by one would quietly lose much of the conversation: that is an error.
TOLERATED_SKIPS = 3
TOLERATED_SKIP_SHARE = 0.05


def warn_skipped(source: str, where: str, reason: str) -> None:
    """A single broken message is skipped and counted; logs say where and why, never the message text."""
    log.warning("%s:%s: skipped message: %s", source, where, reason, extra={FILE_ATTRIBUTE: source})


def warn_file(source: str, message: str) -> None:
    """A notice about one file as a whole (ids and counts only)."""
    log.warning("%s: %s", source, message, extra={FILE_ATTRIBUTE: source})


def too_many_skipped(skipped: int, total: int) -> bool:
    """Whether `skipped` of `total` records is more than the few broken ones a real export may hold."""
    return skipped > max(TOLERATED_SKIPS, TOLERATED_SKIP_SHARE * total)


def skipped_error(source: str, skipped: int, total: int, line: int | None, reason: str) -> InputError:
    """The one error for a file with too many broken records: where the first one is and what was expected there."""
    return InputError(
        source, f"{skipped} of {total} messages could not be read, too many to skip (first: {reason})", line=line
    )


@dataclass
class Skips:
    """The broken records of one file. They are warned about only once the file as a whole is accepted, so a file
    refused for too many of them gets its one error rather than a warning per record first."""

    source: str
    records: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)
    first: tuple[int | None, str] | None = None  # line and reason of the first one

    def add(self, line: int | None, reason: str, where: str | None = None) -> None:
        self.records.append((where or str(line), reason))
        if self.first is None:
            self.first = (line, reason)

    def __len__(self) -> int:
        return len(self.records)

    def accept(self, total: int) -> None:
        """Raise the file's error when too many of its `total` records broke; else warn about each one."""
        if self.first is not None and too_many_skipped(len(self.records), total):
            raise skipped_error(self.source, len(self.records), total, *self.first)
        for where, reason in self.records:
            warn_skipped(self.source, where, reason)
        self.records.clear()


class Parser(Protocol):
    """A format module: `NAME`, `EXTENSIONS`, `sniff` (0..1 how sure this format fits) and `parse`."""

    NAME: str
    EXTENSIONS: tuple[str, ...]

    def sniff(self, source: Source, head: str) -> float: ...

    def parse(self, source: Source) -> Iterator[Conversation]: ...

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


def warn_skipped(source: str, where: str, reason: str) -> None:
    """A single broken message is skipped and counted; logs say where and why, never the message text."""
    log.warning("%s:%s: skipped message: %s", source, where, reason)


class Parser(Protocol):
    """A format module: `NAME`, `EXTENSIONS`, `sniff` (0..1 how sure this format fits) and `parse`."""

    NAME: str
    EXTENSIONS: tuple[str, ...]

    def sniff(self, source: Source, head: str) -> float: ...

    def parse(self, source: Source) -> Iterator[Conversation]: ...

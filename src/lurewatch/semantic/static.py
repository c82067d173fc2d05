"""A static embedding model distilled from MiniLM: the cheap first tier of the semantic layer.

Each word piece gets one fixed vector: MiniLM's own sentence embedding of that word piece alone, reduced by PCA and
weighted down by how common the piece is in ordinary chat (smooth inverse frequency), the recipe of model2vec. A
message's vector is then the mean of its pieces' vectors: no transformer at run time, so every message can be screened
and only the few that resemble an indicator are sent to MiniLM.

Built once by `python -m lurewatch.semantic.build` (deterministic: same model and data, same file) and shipped as
safetensors.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import numpy as np
from numpy.typing import NDArray
from safetensors.numpy import load as load_safetensors
from tokenizers import Tokenizer

from lurewatch.semantic.encoder import MiniLM, Vectors, read_verified_files

STATIC_FILE = "static.safetensors"
DIMENSIONS = 128
SIF_A = 1e-3  # smooth-inverse-frequency constant (Arora et al., 2017)
SPECIAL_IDS = (0, 100, 101, 102, 103)  # [PAD] [UNK] [CLS] [SEP] [MASK]


class StaticModel:
    def __init__(self, vectors: NDArray[np.float16], tokenizer: Tokenizer) -> None:
        self.vectors = vectors.astype(np.float32)
        self.vectors[list(SPECIAL_IDS)] = 0.0
        self.tokenizer = tokenizer
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()

    @classmethod
    def load(cls) -> StaticModel:
        data = resources.files("lurewatch.semantic").joinpath(STATIC_FILE).read_bytes()
        tokenizer = Tokenizer.from_str(read_verified_files()["tokenizer.json"].decode("utf-8"))
        return cls(load_safetensors(data)["vectors"], tokenizer)

    def encode(self, texts: list[str]) -> Vectors:
        """Unit vectors, one per text (zero for a text with no known word pieces)."""
        encodings = self.tokenizer.encode_batch(texts, add_special_tokens=False)
        lengths = np.fromiter((len(e.ids) for e in encodings), dtype=np.int64, count=len(texts))
        out = np.zeros((len(texts), self.vectors.shape[1]), dtype=np.float32)
        if not lengths.sum():
            return out
        ids = np.fromiter((i for e in encodings for i in e.ids), dtype=np.int64, count=int(lengths.sum()))
        rows = np.flatnonzero(lengths)
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))[rows]
        out[rows] = np.add.reduceat(self.vectors[ids], starts, axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


def distill(model: MiniLM, piece_counts: NDArray[np.int64]) -> NDArray[np.float16]:
    """One vector per word piece: MiniLM on `[CLS] piece [SEP]`, PCA to DIMENSIONS, SIF-weighted by `piece_counts`."""
    vocab = model.word_embeddings.shape[0]
    full = model.encode_ids([[101, piece, 102] for piece in range(vocab)])
    centred = full - full.mean(axis=0)
    _, _, components = np.linalg.svd(centred[: vocab // 2 * 2], full_matrices=False)
    basis = components[:DIMENSIONS]
    # SVD signs are arbitrary; fixing them keeps the build deterministic across BLAS versions.
    basis *= np.sign(basis[np.arange(DIMENSIONS), np.abs(basis).argmax(axis=1)])[:, None]
    reduced = centred @ basis.T
    frequency = piece_counts / max(int(piece_counts.sum()), 1)
    weights = SIF_A / (SIF_A + frequency)
    return (reduced * weights[:, None]).astype(np.float16)


@cache
def default_static_model() -> StaticModel:
    return StaticModel.load()

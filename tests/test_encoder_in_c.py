"""MiniLM's layers in C (`lurewatch._encoder`, one call without the GIL a batch): the same floats as the numpy layers, to
the bit, on batches of every shape the encoder makes, and the same sentence vectors; bad arguments are refused."""

from __future__ import annotations

import numpy as np
import pytest

from lurewatch import _encoder
from lurewatch.semantic.encoder import BATCH_TOKENS, MiniLM, _compiled_layers_bound, default_encoder, one_blas_thread

TEXTS = [
    "ok see you at lunch",
    "what school do you go to",
    "dont tell your parents about me, its our secret",
    "anyone know how to fix grub after the update? it just drops to a prompt",
    "lol same",
    " ".join(["word"] * 120),
    "send me a private pic",
    "brb",
]


def _padded(lengths: list[int], rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    width = max(lengths)
    ids = np.zeros((len(lengths), width), dtype=np.int64)
    mask = np.zeros((len(lengths), width), dtype=np.float32)
    for row, n in enumerate(lengths):
        ids[row, :n] = rng.integers(1000, 30000, size=n)
        mask[row, :n] = 1.0
    return ids, mask


def test_the_c_layers_are_used_here() -> None:
    # numpy's wheels bundle OpenBLAS with 64-bit integers: the C layers bind to it and agree with numpy on the probe.
    assert _compiled_layers_bound()
    encoder = default_encoder()
    encoder.encode(["hello"])  # the C layers are checked against numpy at the first encoding
    assert encoder._in_c


@pytest.mark.parametrize("seed", range(6))
def test_same_bits_as_numpy_on_padded_batches(seed: int) -> None:
    encoder = default_encoder()
    rng = np.random.default_rng(seed)
    for _ in range(8):
        longest = int(rng.integers(2, 129))
        rows = int(rng.integers(1, max(2, min(64, BATCH_TOKENS // longest) + 1)))
        lengths = [longest] + [int(n) for n in rng.integers(2, longest + 1, size=rows - 1)]
        ids, mask = _padded(lengths, rng)
        with one_blas_thread():
            in_c = encoder._layers_of(ids, mask, in_c=True)
            in_numpy = encoder._layers_of(ids, mask, in_c=False)
        assert in_c.dtype == in_numpy.dtype == np.float32
        assert np.array_equal(in_c.view(np.uint32), in_numpy.view(np.uint32)), (rows, longest)


def test_same_sentence_vectors_as_numpy() -> None:
    encoder = default_encoder()
    in_c = encoder.encode(TEXTS * 5)
    numpy_only = MiniLM.__new__(MiniLM)
    numpy_only.__dict__.update(encoder.__dict__, _in_c=False)
    assert np.array_equal(in_c.view(np.uint32), numpy_only.encode(TEXTS * 5).view(np.uint32))


def test_bad_arguments_are_refused() -> None:
    encoder = default_encoder()
    hidden = np.zeros((2 * 3, 384), dtype=np.float32)
    bias = np.zeros((2, 3), dtype=np.float32)
    with pytest.raises(ValueError, match="float32 array of 3072 items"):
        _encoder.layers(hidden, bias, 2, 4, encoder._layer_arrays)  # hidden holds 2 x 3 tokens, not 2 x 4
    with pytest.raises(ValueError, match="float32"):
        _encoder.layers(hidden.astype(np.float64), bias, 2, 3, encoder._layer_arrays)
    with pytest.raises(ValueError, match="12 arrays"):
        _encoder.layers(hidden, bias, 2, 3, (encoder._layer_arrays[0][:11],))
    with pytest.raises(ValueError, match="positive"):
        _encoder.layers(hidden, bias, 0, 3, encoder._layer_arrays)
    read_only = hidden.copy()
    read_only.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        _encoder.layers(read_only, bias, 2, 3, encoder._layer_arrays)
    with pytest.raises(ValueError, match="contiguous"):
        _encoder.layers(np.zeros((6, 768), dtype=np.float32)[:, ::2], bias, 2, 3, encoder._layer_arrays)

"""MiniLM's batches: similar lengths together, never padded past the word-piece budget, and the vectors the same as
one text at a time."""

from __future__ import annotations

import numpy as np

from lurewatch.semantic.encoder import BATCH, BATCH_TOKENS, _batches, default_encoder


def test_batches_cover_every_text_once_within_the_budget() -> None:
    lengths = [12] * 100 + [128, 3, 40, 40, 7] + [20] * 30
    ids = [[1] * n for n in lengths]
    batches = _batches(ids)
    assert sorted(i for batch in batches for i in batch) == list(range(len(ids)))
    for batch in batches:
        longest = max(lengths[i] for i in batch)
        assert len(batch) <= BATCH
        assert len(batch) * longest <= BATCH_TOKENS or len(batch) == 1
    # the one long text does not drag short ones up to its length
    long_batch = next(batch for batch in batches if lengths.index(128) in batch)
    assert all(lengths[i] >= 40 for i in long_batch)


def test_a_long_text_among_short_ones_gets_the_same_vectors() -> None:
    texts = ["ok see you at lunch", "what school do you go to", " ".join(["word"] * 120), "lol same"]
    together = default_encoder().encode(texts)
    alone = np.vstack([default_encoder().encode([text]) for text in texts])
    assert np.allclose(together, alone, atol=1e-5)

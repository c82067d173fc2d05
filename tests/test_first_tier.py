"""The semantic layer's first tier: shipped in step with the bank, it spares MiniLM ordinary lines and never changes what
the layer finds."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from lurewatch.learn.labelled import read_labelled
from lurewatch.normalize import normalize
from lurewatch.semantic.first_tier import FirstTier, calibration_digest
from lurewatch.semantic.layer import SemanticLayer, default_semantic_layer, segments_of
from tests.conftest import REPO

DEV = REPO / "eval" / "heldout" / "dev.jsonl"
ORDINARY = [
    "sudo apt-get install build-essential and then run make again",
    "the kernel panics right after grub loads the initrd",
    "did you check the output of dmesg for the usb stick",
    "gg that round was close, rematch tomorrow?",
    "the new album drops on friday, cannot wait to hear it",
    "my sister made pasta for dinner and it was really good",
]


def without_tier(layer: SemanticLayer) -> SemanticLayer:
    return SemanticLayer(layer.bank, layer.thresholds, layer.encoder, None, layer.probe)


def test_the_shipped_tier_was_calibrated_on_the_shipped_bank() -> None:
    # `make model` rebuilds both; a bank rebuilt alone would leave the tier standing aside (the next test).
    layer = default_semantic_layer()
    tier = FirstTier.load()
    assert tier is not None
    assert layer.probe is not None
    assert tier.digest == calibration_digest(layer.bank.vectors, layer._confirm, layer.probe.digest())
    assert layer.worth_encoding([segment.text for text in ORDINARY for segment in segments_of(text)]).count(True) <= 2


def test_a_tier_calibrated_on_another_bank_stands_aside(caplog: pytest.LogCaptureFixture) -> None:
    layer = default_semantic_layer()
    tier = FirstTier.load()
    assert tier is not None
    stale = FirstTier(tier.tokenizer, tier.tokens, tier.projection, tier.cut, "0" * 64)
    with caplog.at_level(logging.WARNING):
        guarded = SemanticLayer(layer.bank, layer.thresholds, layer.encoder, stale, layer.probe)
    assert "make model" in caplog.text
    assert all(guarded.worth_encoding(["the kernel panics right after grub loads the initrd"]))


def test_a_message_that_is_an_example_word_for_word_goes_on_to_minilm() -> None:
    layer = default_semantic_layer()
    canonical = [normalize(text).text for text in layer.bank.texts]
    whole = [text for text in canonical if [segment.text for segment in segments_of(text)] == [text]]
    assert len(whole) > 1000
    assert all(layer.worth_encoding(whole))


def test_guesses_are_unit_vectors_close_to_minilm_where_it_matters() -> None:
    layer = default_semantic_layer()
    tier = FirstTier.load()
    assert tier is not None
    texts = ["what school do you go to", "dont tell your mom about our chats"]  # the fit weighs such lines most
    guessed = tier.guess(texts)
    assert np.allclose(np.linalg.norm(guessed, axis=1), 1.0, atol=1e-5)
    assert tier.guess([]).shape == (0, guessed.shape[1])
    assert ((guessed * layer.encoder.encode(texts)).sum(axis=1) > 0.8).all()


def test_the_tier_changes_no_hit_on_the_development_set() -> None:
    layer = default_semantic_layer()
    plain = without_tier(layer)
    texts = [m.text for item in read_labelled(DEV) for m in item.conversation.messages][:400]
    found = [[(h.spec.id, h.start, h.end, h.similarity) for h in layer.confirm(text)] for text in texts + ORDINARY]
    expected = [[(h.spec.id, h.start, h.end, h.similarity) for h in plain.confirm(text)] for text in texts + ORDINARY]
    assert found == expected
    assert sum(map(bool, found)) > 20  # the development set does hold meaning matches

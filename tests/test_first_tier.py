"""The semantic layer's first tier: shipped in step with the bank, it spares MiniLM ordinary lines and never changes what
the layer finds."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from lurewatch.learn.labelled import read_labelled
from lurewatch.normalize import normalize
from lurewatch.semantic.first_tier import FirstTier, calibration_digest
from lurewatch.semantic.first_tier_build import CUT_MARGIN, PROBE_CUT_MARGIN, joint_cuts
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


def test_the_cuts_pass_each_hit_one_way_or_the_other_and_send_the_least_ordinary_chat_on() -> None:
    # Hit 0 is far below the kNN thresholds but near the probe's; hits 1-2 the other way round. Ordinary segments sit
    # just below the kNN thresholds, so the pair that covers hit 0 by the probe sends fewer of them on.
    gap = np.array([-0.5, -0.05, -0.03, -0.08, -0.09, -0.6], dtype=np.float32)
    probe_gap = np.array([-1.0, -9.0, -9.0, -9.0, -9.0, -9.0], dtype=np.float32)
    hit = np.array([True, True, True, False, False, False])
    ordinary = ~hit
    cut, probe_cut = joint_cuts(gap, probe_gap, hit, ordinary)
    assert cut == pytest.approx(0.05 + CUT_MARGIN)
    assert probe_cut == pytest.approx(1.0 + PROBE_CUT_MARGIN)
    passes = (gap >= -cut) | (probe_gap >= -probe_cut)
    assert passes[hit].all()
    assert not passes[ordinary].any()


def test_the_cuts_may_leave_out_the_furthest_share_of_hits() -> None:
    hits = 1000
    gap = np.concatenate([np.full(hits - 1, -0.01), [-0.9], np.full(50, -0.2)]).astype(np.float32)
    probe_gap = np.full(len(gap), -9.0, dtype=np.float32)
    hit = np.arange(len(gap)) < hits
    cut, _ = joint_cuts(gap, probe_gap, hit, ~hit)
    assert cut == pytest.approx(0.01 + CUT_MARGIN)  # the one outlier at 0.9 does not set it

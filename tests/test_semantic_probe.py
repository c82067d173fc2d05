"""The probe: one logistic regression per category over MiniLM vectors, beside the nearest-example rule."""

from __future__ import annotations

import numpy as np

from lurewatch.semantic.layer import SemanticLayer, default_semantic_layer
from lurewatch.semantic.probe import Probe, benign_thresholds, fit, labels_of

WIDTH = 8


def toy() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    features = rng.normal(size=(400, WIDTH)).astype(np.float32)
    labels = labels_of(("a", "b"), [frozenset({"a"}) if x[0] > 0.5 else frozenset({"b"}) if x[1] < -1 else frozenset() for x in features])
    return features, labels


def test_fit_learns_each_category_from_its_rows_and_is_deterministic() -> None:
    features, labels = toy()
    weights, bias = fit(features, labels)
    logits = features @ weights.T + bias
    assert ((logits > 0) == labels).mean(axis=0).min() > 0.95
    assert weights[0].argmax() == 0 and weights[1].argmin() == 1  # the direction that marks each category
    again = fit(features, labels)
    assert np.array_equal(again[0], weights) and np.array_equal(again[1], bias)


def test_thresholds_let_through_at_most_the_benign_rate() -> None:
    features, labels = toy()
    weights, bias = fit(features, labels)
    benign = features[~labels.any(axis=1)]
    thresholds = benign_thresholds(weights, bias, benign, 0.05)
    assert ((benign @ weights.T + bias) >= thresholds).mean(axis=0).max() <= 0.05


def with_probe(layer: SemanticLayer, category: str, bias: float) -> SemanticLayer:
    categories = tuple(sorted({spec.category for spec in layer.bank.specs}))
    width = layer.bank.vectors.shape[1]
    biases = np.array([bias if c == category else -50.0 for c in categories], dtype=np.float32)
    probe = Probe(categories, np.zeros((len(categories), width), np.float32), biases, np.zeros(len(categories), np.float32), "")
    return SemanticLayer(layer.bank, layer.thresholds, layer.encoder, None, probe)


def test_a_probe_hit_names_the_nearest_indicator_of_its_category_and_quotes_its_example() -> None:
    layer = default_semantic_layer()
    text = "what time does the bakery open on sunday"
    assert layer.confirm(text) == []
    hits = with_probe(layer, "meeting", 50.0).confirm(text)
    assert [hit.spec.category for hit in hits] == ["meeting"]
    hit = hits[0]
    assert hit.example in layer.bank.texts and hit.evidence == text
    assert hit.similarity == hit.threshold  # decided by the probe: the lowest confidence a meaning match has
    assert with_probe(layer, "meeting", -50.0).confirm(text) == []


def test_a_look_alike_the_indicator_must_spare_vetoes_a_probe_hit_too() -> None:
    layer = default_semantic_layer()
    spec = next(s for s in layer.bank.specs if s.id == "secrecy.dont_tell")
    spared = "dont mention it, happy to help"
    assert spared in spec.examples.no_match
    assert all(hit.spec.category != "secrecy" for hit in with_probe(layer, "secrecy", 50.0).confirm(spared))


def test_the_shipped_probe_was_trained_with_the_shipped_bank() -> None:
    layer = default_semantic_layer()
    assert layer.probe is not None
    assert set(layer.probe.categories) == {spec.category for spec in layer.bank.specs}
    assert np.isfinite(layer.probe.weights).all() and (layer.probe.thresholds > 0).all()

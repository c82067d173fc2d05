"""Encoding ahead in a thread (`SemanticLayer.encode_ahead`, used by `analyze_each`) leaves the semantic layer's caches
exactly as encoding in turn does: the same first-tier decisions and the same vectors to the bit (a vector's last bits
depend on its batch), whether the work done ahead is still valid when its turn comes or not."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from threadpoolctl import ThreadpoolController, threadpool_info

from lurewatch import api
from lurewatch.api import analyze_each
from lurewatch.model import Conversation
from lurewatch.semantic.encoder import MiniLM
from lurewatch.semantic.layer import (
    REMEMBERED_CHARS,
    SemanticLayer,
    _remembered_segments,
    _segments,
    _shipped_layer,
    default_semantic_layer,
    segments_of,
)
from tests.test_fast_paths import dev_conversations, group_of

Snapshot = tuple[list[tuple[str, bytes]], dict[str, bool]]


@pytest.fixture
def layer(monkeypatch: pytest.MonkeyPatch) -> Iterator[SemanticLayer]:
    """The process's layer with empty caches of its own for the test (put back after)."""
    shared = default_semantic_layer()
    monkeypatch.setattr(shared, "_cache", OrderedDict())
    monkeypatch.setattr(shared, "_worth", {})
    yield shared


def snapshot(layer: SemanticLayer) -> Snapshot:
    """The caches: each vector's bytes in the cache's order (least recently used first), and the first tier's decisions."""
    return [(text, vector.tobytes()) for text, vector in layer._cache.items()], dict(layer._worth)


def emptied(layer: SemanticLayer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layer, "_cache", OrderedDict())
    monkeypatch.setattr(layer, "_worth", {})


def conversations() -> list[Conversation]:
    dev = dev_conversations()
    return [*dev[:10], group_of(dev[10:13]), *dev[13:25], group_of(dev[25:28])]


def main_thread_encodings(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts MiniLM's `encode` calls made by the main thread (in the list's one element)."""
    calls = [0]
    encode = MiniLM.encode

    def counted(self: MiniLM, texts: list[str]) -> np.ndarray:
        if threading.current_thread() is threading.main_thread():
            calls[0] += 1
        return encode(self, texts)

    monkeypatch.setattr(MiniLM, "encode", counted)
    return calls


def test_analysed_with_encoding_ahead_the_caches_are_those_of_one_thread(
    layer: SemanticLayer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api, "READ_AHEAD_TEXTS", 7)  # many small windows, several of them ahead of the analysis
    items = conversations()
    recognizer = api.default_recognizer()
    options: dict[str, Any] = {"audience": "parent", "country": None, "alert_level": "high", "detectors": "combined"}
    in_turn = []
    for scanned, texts in api._read_ahead(recognizer, items):  # each window encoded once the one before is analysed
        layer.prefetch(texts)
        in_turn += [api._analyze(conversation, recognizer, plan, **options) for conversation, plan in scanned]
    expected = snapshot(layer)
    assert len(expected[0]) > 50  # there was something to encode

    emptied(layer, monkeypatch)
    calls = main_thread_encodings(monkeypatch)
    together = [analysis for _, analysis in analyze_each(items, detectors="combined")]
    assert together == in_turn
    assert snapshot(layer) == expected
    assert calls[0] == 0  # every window's work done ahead was still valid in its turn: none encoded again


def test_work_done_ahead_is_taken_only_for_the_same_lists(layer: SemanticLayer, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = list(layer.bank.texts[:40])  # examples: the first tier passes every one of them to MiniLM
    ahead = layer.encode_ahead(texts)
    assert snapshot(layer) == ([], {})  # looked the caches up, changed nothing
    assert ahead.missing and len(ahead.vectors) == len(ahead.missing)

    # Meanwhile a message among them is read: its segments are encoded (and judged) in their own batch.
    layer.read(texts[5])
    calls = main_thread_encodings(monkeypatch)
    layer.prefetch(texts, ahead)
    assert calls == [1]  # the lists differ now: this call encodes its own
    stale = snapshot(layer)

    emptied(layer, monkeypatch)
    layer.read(texts[5])
    layer.prefetch(texts)
    assert stale == snapshot(layer)

    emptied(layer, monkeypatch)
    ahead = layer.encode_ahead(texts)
    calls[0] = 0
    layer.prefetch(texts, ahead)
    assert calls == [0]  # still valid: nothing encoded again in its turn
    valid = snapshot(layer)
    emptied(layer, monkeypatch)
    layer.prefetch(texts)
    assert valid == snapshot(layer)


def test_encoding_ahead_after_earlier_work_expects_what_that_work_adds(layer: SemanticLayer) -> None:
    texts = list(layer.bank.texts[:30])
    first = layer.encode_ahead(texts[:20])
    second = layer.encode_ahead(texts[10:], [first])
    assert set(second.missing).isdisjoint(first.missing)  # the ten shared texts come with the first window
    layer.prefetch(texts[:20], first)
    fresh = layer.encode_ahead(texts[10:])
    assert (second.unknown, second.missing) == (fresh.unknown, fresh.missing)


def test_segments_are_remembered_only_for_chat_sized_messages() -> None:
    short = "what school do you go to? send me a pic of you"
    long = "what school do you go to. " * 60
    assert len(long) > REMEMBERED_CHARS  # the cache holds its keys: a megabyte message is cut each time instead
    _remembered_segments.cache_clear()
    assert _segments(short) == tuple(segments_of(short))
    assert _segments(long) == tuple(segments_of(long))
    assert _remembered_segments.cache_info().currsize == 1
    assert _segments(short) is _segments(short)


def blas_threads() -> int:
    return int(next(info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"))


def test_blas_runs_on_one_thread_for_the_whole_analysis() -> None:
    """The limit is the process's and only one thread may set it: set once by the thread that analyses, it holds for
    the encoding thread too, and is given back at the end."""
    with ThreadpoolController().limit(limits=2, user_api="blas"):  # whatever this machine's default
        seen = [blas_threads() for _ in analyze_each(conversations()[:8], detectors="combined")]
        assert seen and set(seen) == {1}
        assert blas_threads() == 2


def test_the_layer_is_made_once_when_two_threads_ask_at_once() -> None:
    """The encoding thread and the one that analyses may both ask first; two layers would each have their own caches."""
    _shipped_layer.cache_clear()
    start = threading.Barrier(2)
    made: list[SemanticLayer] = []

    def ask() -> None:
        start.wait(timeout=30)
        made.append(default_semantic_layer())

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(made) == 2 and made[0] is made[1] is default_semantic_layer()

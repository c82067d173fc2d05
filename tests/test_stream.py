"""The live Watcher: alerts as soon as a conversation reaches the level, again only when it climbs, bounded memory."""

from __future__ import annotations

from lurewatch import Watcher, analyze
from tests.conftest import chat

GROOMING = [
    ("Al", "you're so mature for your age"),
    ("Jo", "thanks"),
    ("Al", "what school do you go to?"),
    ("Al", "don't tell anyone about us, it's our secret"),
    ("Al", "send me a pic of you"),
    ("Jo", "no"),
    ("Al", "I will send your pics to your family unless you pay me"),
]


def test_alert_fires_once_at_the_same_message_as_batch_analysis() -> None:
    watcher = Watcher(alert_level="high")
    alerts = [(i, watcher.add("c1", author, text)) for i, (author, text) in enumerate(GROOMING)]
    fired = [(i, alert) for i, alert in alerts if alert is not None]
    batch = analyze(chat(*(f"{a}: {t}" for a, t in GROOMING)))
    assert fired[0][0] == batch.first_alert_index
    assert fired[0][1].suspect == "Al"
    assert fired[0][1].risk.level == "high"
    # climbing to critical alerts again; staying there does not
    assert [alert.risk.level for _, alert in fired] == ["high", "critical"]
    assert watcher.add("c1", "Al", "you have 1 hour") is None


def test_watcher_analysis_matches_batch() -> None:
    watcher = Watcher()
    for author, text in GROOMING:
        watcher.add("c1", author, text)
    live = watcher.analysis("c1")
    batch = analyze(chat(*(f"{a}: {t}" for a, t in GROOMING)))
    assert live.risk == batch.risk
    assert [f.indicator for f in live.findings] == [f.indicator for f in batch.findings]


def test_conversations_are_independent_and_bounded() -> None:
    watcher = Watcher(max_conversations=2)
    watcher.add("a", "x", "don't tell anyone about us")
    watcher.add("b", "y", "hello")
    watcher.add("c", "z", "hi")
    assert "a" not in watcher and "b" in watcher and "c" in watcher
    assert len(watcher) == 2
    assert watcher.analysis("b").findings == []

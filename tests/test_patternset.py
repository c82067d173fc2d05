"""The pattern set (`indicators.patternset`): Hyperscan and the RE2 set for what it turns down find exactly what one RE2
set of every expression finds; the compiled database is cached, and a broken or unwritable cache only costs a compile."""

from __future__ import annotations

import threading
from pathlib import Path

import orjson
import pytest
import re2

from lurewatch.indicators import patternset
from lurewatch.indicators.catalogue import expand_pattern, load_catalogue
from lurewatch.indicators.gaps import anchor_expression
from lurewatch.indicators.recognizer import SET_MEMORY
from lurewatch.normalize import normalize

from .conftest import REPO

# Anchors inside an alternation, which Hyperscan turns down, beside expressions it takes.
EXPRESSIONS = [
    r"\bsend (?:me )?a pic\b",
    r"(?:^|[.!?] )you (?:alone|home)\b",
    r"\bhow old[ ?]*(?:$|, what)",
    r"^age\?$",
    r"[^a-z]\$\d+",
    r"\bcaf[eé]\b",
    # Hyperscan 0.8.0 and 0.9.1 miss this one after a long run of other words (0.7.8 finds it).
    r"\b(?:(?:i'?m|i am|i'?ll|i will) (?:always )?(?:be )?(?:here|there) for you)\b",
]
TEXTS = [
    "send me a pic",
    "you alone?",
    "ok. you home now",
    "are you home",
    "how old?",
    "how old are you",
    "age?",
    "my age?",
    "only $50",
    "café later",
    "cafe later",
    "i get it. i didn't have a dad around either. i'm here for you, man",
    "",
]


def _options() -> re2.Options:
    options = re2.Options()
    options.never_capture = True
    options.max_mem = SET_MEMORY  # the whole catalogue's set does not compile in RE2's default budget
    return options


def _catalogue_expressions() -> list[str]:
    catalogue = load_catalogue()
    return [
        anchor_expression(pattern, catalogue.macros) or expand_pattern(pattern, catalogue.macros)
        for spec in catalogue.indicators
        for pattern in spec.patterns
    ]


def _labelled_texts() -> list[bytes]:
    texts = []
    for path in sorted((REPO / "eval").glob("*/**/*.jsonl")):
        for line in path.read_bytes().splitlines():
            texts += [normalize(message["text"]).encoded for message in orjson.loads(line)["messages"]]
    return texts


def test_finds_what_one_re2_set_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUREWATCH_CACHE", str(tmp_path))
    hybrid = patternset.compile_matcher(EXPRESSIONS, _options())
    plain = patternset.re2_matcher(EXPRESSIONS, _options())
    for text in TEXTS:
        data = normalize(text).encoded
        assert sorted(hybrid(data)) == sorted(plain(data)), text
    assert sorted(hybrid(b"you alone? send me a pic")) == [0, 1]


def test_the_catalogue_over_every_labelled_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """~100,000 messages of the labelled sets, in many languages and disguises: not one index more or fewer."""
    monkeypatch.setenv("LUREWATCH_CACHE", str(tmp_path))
    expressions = _catalogue_expressions()
    hybrid = patternset.compile_matcher(expressions, _options())
    plain = patternset.re2_matcher(expressions, _options())
    texts = _labelled_texts()
    assert len(texts) > 50_000
    differing = [text for text in texts if sorted(hybrid(text)) != sorted(plain(text))]
    assert differing == []
    assert sum(bool(plain(text)) for text in texts) > 10_000  # the comparison is not between two empty results


def test_only_anchored_expressions_are_left_to_re2() -> None:
    assert [patternset._may_be_rejected(expression) for expression in EXPRESSIONS] == [
        False,
        True,
        True,
        True,
        False,  # `$` escaped, `^` negating a class
        False,
        False,
    ]
    assert not patternset._may_be_rejected(r"[]^$]x")  # `]` first in a class is one of its characters
    assert patternset._may_be_rejected(r"[\]]$")


def test_compiled_once_then_loaded_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUREWATCH_CACHE", str(tmp_path / "cache"))
    patternset.compile_matcher(EXPRESSIONS, _options())
    (cached,) = (tmp_path / "cache").iterdir()
    stamp = cached.stat().st_mtime_ns
    compiles = []
    monkeypatch.setattr(patternset, "_compiled", lambda *args: compiles.append(args))
    again = patternset.compile_matcher(EXPRESSIONS, _options())
    assert compiles == []
    assert cached.stat().st_mtime_ns == stamp
    assert sorted(again(b"you alone? send me a pic")) == [0, 1]
    assert list((tmp_path / "cache").iterdir()) == [cached]  # no temporary file left


def test_a_broken_cache_file_is_compiled_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUREWATCH_CACHE", str(tmp_path))
    patternset.compile_matcher(EXPRESSIONS, _options())
    (cached,) = tmp_path.iterdir()
    cached.write_bytes(b'{"rejected": [1]}\nnot a database')
    matcher = patternset.compile_matcher(EXPRESSIONS, _options())
    assert sorted(matcher(b"you alone? send me a pic")) == [0, 1]
    assert cached.read_bytes() != b'{"rejected": [1]}\nnot a database'


def test_an_unwritable_cache_still_matches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("LUREWATCH_CACHE", str(blocker / "cache"))
    matcher = patternset.compile_matcher(EXPRESSIONS, _options())
    assert sorted(matcher(b"you alone? send me a pic")) == [0, 1]
    assert blocker.read_text() == "not a folder"


def test_without_a_home_folder_nothing_is_kept_and_it_still_matches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LUREWATCH_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert patternset.cache_dir() is None
    matcher = patternset.compile_matcher(EXPRESSIONS, _options())
    assert sorted(matcher(b"you alone? send me a pic")) == [0, 1]


def test_threads_scan_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each thread has its own scratch space: one shared by two scans at once would fail."""
    monkeypatch.setenv("LUREWATCH_CACHE", str(tmp_path))
    matcher = patternset.compile_matcher(EXPRESSIONS, _options())
    results: list[list[int]] = []
    failures: list[BaseException] = []

    def scan() -> None:
        try:
            for _ in range(2_000):
                results.append(sorted(matcher(b"you alone? send me a pic")))
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=scan) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert results == [[0, 1]] * 8_000


def test_without_hyperscan_one_re2_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(patternset, "hyperscan", None)
    matcher = patternset.compile_matcher(EXPRESSIONS, _options())
    assert sorted(matcher(b"you alone? send me a pic")) == [0, 1]
    assert not isinstance(matcher, patternset._HybridMatcher)

"""The ingest registry: format discovery, detection, loading files, directories and stdin, and parse_text."""

from __future__ import annotations

import io
import logging
import shutil
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

import lurewatch.ingest as ingest
from lurewatch.errors import InputError
from lurewatch.ingest import ColumnMapping, LoadStats, Source, detect, load, parse_text

FIXTURES = Path(__file__).parent / "fixtures" / "basic"


def test_formats_are_discovered_sorted_and_complete() -> None:
    formats = ingest.formats()
    assert {"text", "json", "jsonl", "csv"} <= set(formats)
    assert "base" not in formats
    assert list(formats) == sorted(formats)
    assert ingest.FORMATS is formats  # built once
    for name, module in formats.items():
        assert name == module.NAME
        assert callable(module.sniff) and callable(module.parse)
        assert all(ext.startswith(".") and ext == ext.lower() for ext in module.EXTENSIONS)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("chat.txt", "text"),
        ("dated.txt", "text"),
        ("weekend.txt", "text"),
        ("club.json", "json"),
        ("groups.json", "json"),
        ("list.json", "json"),
        ("games.jsonl", "jsonl"),
        ("team.csv", "csv"),
        ("quiz.tsv", "csv"),
        ("semicolon.csv", "csv"),
    ],
)
def test_detect_picks_the_format_of_each_fixture(name: str, expected: str) -> None:
    assert expected == detect(Source.from_path(FIXTURES / name)).NAME


@pytest.mark.parametrize(
    ("name", "expected"),
    [("chat.txt", "text"), ("club.json", "json"), ("games.jsonl", "jsonl"), ("team.csv", "csv"), ("quiz.tsv", "csv")],
)
def test_detect_by_content_alone(name: str, expected: str) -> None:
    # stdin has no extension: the content decides
    source = Source.from_bytes("<stdin>", (FIXTURES / name).read_bytes())
    assert expected == detect(source).NAME


def fake(name: str, extensions: tuple[str, ...], score: float) -> ModuleType:
    module = ModuleType(name)
    module.NAME = name  # type: ignore[attr-defined]
    module.EXTENSIONS = extensions  # type: ignore[attr-defined]
    module.sniff = lambda source, head: score  # type: ignore[attr-defined]
    module.parse = lambda source: iter(())  # type: ignore[attr-defined]
    return module


@pytest.mark.parametrize(
    ("scores", "file", "expected"),
    [
        ({"plain": 0.5, "app": 0.6}, "a.log", "plain"),  # the owner keeps its extension against a close score
        ({"plain": 0.5, "app": 0.95}, "a.log", "app"),  # ... but not against a clearly higher one
        ({"plain": 0.0, "app": 0.1}, "a.log", "plain"),  # owner even with nothing sniffed (its parser explains)
        ({"plain": 0.4, "app": 0.4}, "a.txt", "app"),  # shared extension, tie: by name, deterministic
        ({"plain": 0.5, "app": 0.3}, "a.txt", "plain"),
        ({"plain": 0.2, "app": 0.0}, "a.dat", "plain"),  # nobody owns .dat: best score
        ({"plain": 0.2, "app": 0.2, "other": 0.2}, "a.txt", "app"),  # an owner wins a tie with a non-owner
    ],
)
def test_detection_rule(monkeypatch: pytest.MonkeyPatch, scores: dict[str, float], file: str, expected: str) -> None:
    extensions = {"plain": (".txt", ".log"), "app": (".txt",), "other": ()}
    registry = {name: fake(name, extensions[name], score) for name, score in sorted(scores.items())}
    monkeypatch.setattr(ingest, "_formats", registry)
    assert expected == detect(Source.from_bytes(file, b"x")).NAME


def test_detection_with_nothing_recognised(monkeypatch: pytest.MonkeyPatch) -> None:
    registry = {"app": fake("app", (".txt",), 0.0), "plain": fake("plain", (".txt",), 0.0)}
    monkeypatch.setattr(ingest, "_formats", registry)
    with pytest.raises(InputError) as caught:
        detect(Source.from_bytes("a.txt", b"x"))
    assert str(caught.value) == "a.txt: unrecognised format; use --input-format (one of: app, plain)"


def test_a_sniffer_that_raises_counts_as_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = fake("broken", (), 0.0)

    def explode(source: Source, head: str) -> float:
        raise RuntimeError("bug")

    broken.sniff = explode  # type: ignore[attr-defined]
    monkeypatch.setattr(ingest, "_formats", {"broken": broken, "plain": fake("plain", (), 0.3)})
    assert detect(Source.from_bytes("a", b"x")).NAME == "plain"


# --- load -----------------------------------------------------------------------------------------------------------


def test_load_files_in_order_with_stats() -> None:
    loader = load([FIXTURES / "chat.txt", str(FIXTURES / "groups.json")])
    conversations = list(loader)
    assert [c.id for c in conversations] == ["chat", "pets", "groups#2"]
    assert loader.stats == LoadStats(files_read=2, files_skipped=0, conversations=3, skipped_files=[])


def make_tree(root: Path) -> None:
    (root / "b").mkdir(parents=True)
    (root / "a").mkdir()
    (root / ".git").mkdir()
    shutil.copy(FIXTURES / "chat.txt", root / "b" / "chat.txt")
    shutil.copy(FIXTURES / "club.json", root / "a" / "club.json")
    shutil.copy(FIXTURES / "team.csv", root / "z.csv")
    shutil.copy(FIXTURES / "chat.txt", root / ".git" / "chat.txt")  # hidden directory: never read
    shutil.copy(FIXTURES / "chat.txt", root / ".hidden.txt")
    (root / "a" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (root / "notes.dat").write_text("shopping list\neggs, milk\n")
    (root / "empty.txt").write_bytes(b"")
    (root / "package.json").write_text('{"name": "x", "version": "1"}')


def test_directory_walk_sorted_skipping_and_counting_unknown_files(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    make_tree(tmp_path)
    stats = LoadStats()
    with caplog.at_level(logging.WARNING, logger="lurewatch.ingest"):
        conversations = list(load([tmp_path], stats=stats))
    assert [(c.id, c.source) for c in conversations] == [
        ("chess-club", str(tmp_path / "a" / "club.json")),
        ("chat", str(tmp_path / "b" / "chat.txt")),
        ("t1", str(tmp_path / "z.csv")),
        ("t2", str(tmp_path / "z.csv")),
    ]
    skipped = [str(tmp_path / name) for name in ("a/photo.png", "empty.txt", "notes.dat", "package.json")]
    assert stats == LoadStats(files_read=3, files_skipped=4, conversations=4, skipped_files=skipped)
    for name in skipped:
        assert f"{name}: skipped: not a recognised chat export" in caplog.text
    assert ".hidden" not in caplog.text and ".git" not in caplog.text


def test_directory_walk_with_a_forced_format_takes_its_extensions_only(tmp_path: Path) -> None:
    make_tree(tmp_path)
    loader = load([tmp_path], input_format="csv")
    assert [c.id for c in loader] == ["t1", "t2"]
    assert loader.stats.files_read == 1
    assert loader.stats.files_skipped == 6


def test_a_broken_chat_in_a_directory_is_an_error_not_a_skip(tmp_path: Path) -> None:
    (tmp_path / "chat.txt").write_text("Ana: hi\nBob: ok\n")
    (tmp_path / "talk.json").write_text('{"messages": [\n{"author": "A", "text": "x"},\n{"author": "B" "text": "y"}]}')
    with pytest.raises(InputError) as caught:
        list(load([tmp_path]))
    assert str(caught.value).startswith(f"{tmp_path / 'talk.json'}:3: invalid JSON")


def test_explicit_file_of_unknown_format_is_an_error(tmp_path: Path) -> None:
    notes = tmp_path / "notes.dat"
    notes.write_text("shopping list\neggs, milk\n")
    with pytest.raises(InputError) as caught:
        list(load([notes]))
    message = str(caught.value)
    assert message.startswith(f"{notes}: unrecognised format; use --input-format (one of: ")
    assert "text" in message and "jsonl" in message


@pytest.mark.parametrize(
    ("data", "expected"),
    [(b"", ": file is empty"), (b"\x00\x01\x02garbage", ":1: looks like a binary file")],
)
def test_explicit_empty_or_binary_file_says_so(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "upload.bin"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        list(load([path]))
    assert str(caught.value).startswith(f"{path}{expected}")


def test_explicit_txt_that_is_not_a_chat_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text("Exported chat\nAna: hi\nBob: hello\nAna: ok\n")
    with pytest.raises(InputError) as caught:
        list(load([path]))
    assert str(caught.value) == f'{path}:1: expected "Name: message"'


def test_unrecognisable_txt_is_read_as_text_when_named_but_skipped_in_a_directory(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some words without a speaker\n")
    with pytest.raises(InputError) as caught:
        list(load([path]))
    assert str(caught.value) == f'{path}:1: expected "Name: message"'
    loader = load([tmp_path])
    assert list(loader) == []
    assert loader.stats.skipped_files == [str(path)]


def test_missing_path_fails_before_anything_is_read(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load([FIXTURES / "chat.txt", tmp_path / "missing.txt"])
    assert str(caught.value) == f"{tmp_path / 'missing.txt'}: no such file or directory"


def test_unknown_input_format_lists_the_valid_names() -> None:
    with pytest.raises(InputError) as caught:
        load([FIXTURES / "chat.txt"], input_format="whatsup")
    message = str(caught.value)
    assert message.startswith('--input-format: unknown input format "whatsup" (one of: ')
    assert ", ".join(ingest.formats()) in message


def test_forced_format_overrides_detection() -> None:
    with pytest.raises(InputError) as caught:
        list(load([FIXTURES / "chat.txt"], input_format="jsonl"))
    assert str(caught.value).startswith(f"{FIXTURES / 'chat.txt'}:1: invalid JSON")


def test_stdin() -> None:
    loader = load(["-"], stdin=io.BytesIO(b"\xef\xbb\xbfAlice: hi\r\nBob: hello\r\n"))
    [conversation] = list(loader)
    assert conversation.id == "<stdin>"
    assert conversation.source == "<stdin>"
    assert [(m.author, m.text, m.line) for m in conversation.messages] == [("Alice", "hi", 1), ("Bob", "hello", 2)]
    assert loader.stats.files_read == 1


def test_stdin_with_columns_and_format() -> None:
    data = b"sender,body\nLeo,hi\n"
    loader = load(["-"], input_format="csv", columns=ColumnMapping(author="sender", text="body"), stdin=io.BytesIO(data))
    assert [(m.author, m.text) for c in loader for m in c.messages] == [("Leo", "hi")]


def test_stdin_that_is_empty_or_unknown() -> None:
    with pytest.raises(InputError, match=r"^<stdin>: file is empty$"):
        list(load(["-"], stdin=io.BytesIO(b"")))
    with pytest.raises(InputError, match=r"^<stdin>: unrecognised format"):
        list(load(["-"], stdin=io.BytesIO(b"just some words\n")))


def test_columns_reach_the_parsers_through_load() -> None:
    columns = ColumnMapping(author="sender", text="body", time="sent_at", conversation="thread")
    [conversation] = list(load([FIXTURES / "custom.csv"], columns=columns))
    assert conversation.id == "c7"
    assert [m.author for m in conversation.messages] == ["Leo", "Mia"]


# --- parse_text -----------------------------------------------------------------------------------------------------


def test_parse_text_plain_chat() -> None:
    [conversation] = parse_text("Alice: hi\nBob: hello")
    assert conversation.id == "<text>"
    assert [(m.author, m.text) for m in conversation.messages] == [("Alice", "hi"), ("Bob", "hello")]


def test_parse_text_detects_other_shapes() -> None:
    [conversation] = parse_text('{"id": "j", "messages": [{"author": "A", "text": "x"}]}')
    assert conversation.id == "j"
    conversations = parse_text('{"author": "A", "text": "x", "conversation_id": "k"}\n', name="demo")
    assert [c.id for c in conversations] == ["k"]
    assert [c.source for c in conversations] == ["demo"]


def test_parse_text_falls_back_to_text_and_its_errors() -> None:
    with pytest.raises(InputError) as caught:
        parse_text("hello world, no names here")
    assert str(caught.value) == '<text>:1: expected "Name: message"'
    with pytest.raises(InputError, match=r"^<text>:2: invalid UTF-8"):
        parse_text("Alice: hi\nBob: \ud800")


def test_parse_text_with_a_format() -> None:
    [conversation] = parse_text("author,text\nA,hi\n", input_format="csv")
    assert conversation.messages[0].text == "hi"
    with pytest.raises(InputError, match="unknown input format"):
        parse_text("A: b", input_format="nope")


def test_sniff_scores_are_reported_for_every_format() -> None:
    scores = ingest.sniff_scores(Source.from_path(FIXTURES / "games.jsonl"))
    assert set(scores) == set(ingest.formats())
    assert max(scores, key=lambda name: scores[name]) == "jsonl"
    assert SimpleNamespace(**scores).text == 0.0


def test_messenger_thread_folder_in_a_walk_is_one_conversation() -> None:
    from pathlib import Path

    from lurewatch.ingest import load

    root = Path(__file__).parent / "fixtures" / "apps" / "messenger"
    conversations = list(load([root]))
    assert [c.id for c in conversations] == ["River Team"]
    assert len(conversations[0].messages) == 4
    times = [m.time for m in conversations[0].messages]
    assert times == sorted(times)

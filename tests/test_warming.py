"""The catalogue set's DFA warmed from the input files in a thread (`indicators.warming`): what it reads, when it stops,
and that the scans after it find what they found before."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from lurewatch.indicators.catalogue import load_catalogue
from lurewatch.indicators.recognizer import Recognizer
from lurewatch.indicators.warming import PIECE_BYTES, warm, warming

LINES = [
    '{"author": "Sam", "text": "How OLD are you? Send me a private pic"}',
    '{"author": "Alex", "text": "apt-get install x11 on i386, see https://example.org/Ubuntu"}',
    '{"author": "Kim", "text": "don\'t tell your parents about our CHAT, it is our secret"}',
]


def _file(folder: Path, name: str, size: int) -> Path:
    text = "\n".join(LINES[i % len(LINES)] for i in range(size // 60 + 1)) + "\n"
    path = folder / name
    path.write_bytes(text.encode()[:size])
    return path


def test_reads_the_text_files_lower_cased_in_pieces_up_to_the_limit(tmp_path: Path) -> None:
    first = _file(tmp_path, "a.jsonl", PIECE_BYTES + 1000)
    second = _file(tmp_path, "b.jsonl", 3 * PIECE_BYTES)
    pieces: list[bytes] = []
    limit = 2 * PIECE_BYTES + 500
    warm(pieces.append, [first, second], threading.Event(), limit=limit)
    assert all(len(piece) <= PIECE_BYTES for piece in pieces)
    assert b"".join(pieces) == (first.read_bytes() + second.read_bytes()).lower()[:limit]
    assert b"old" in pieces[0] and b"OLD" not in b"".join(pieces)


def test_skips_binary_and_missing_files(tmp_path: Path) -> None:
    archive = tmp_path / "chat.zip"
    archive.write_bytes(b"PK\x03\x04\x14\x00\x00\x00" + bytes(range(256)) * 40)
    parquet = tmp_path / "chat.parquet"
    parquet.write_bytes(b"PAR1\x15\x04\x15\xa0\x01" + b"\xff\xfe" * 3000)
    text = _file(tmp_path, "c.jsonl", 5000)
    pieces: list[bytes] = []
    warm(pieces.append, [archive, tmp_path / "gone.jsonl", parquet, text], threading.Event())
    assert pieces == [text.read_bytes().lower()]


def test_a_text_file_cut_inside_a_character_is_text(tmp_path: Path) -> None:
    path = tmp_path / "d.txt"
    path.write_bytes(("é" * 3000).encode())  # two bytes each: the 4,096-byte head ends between characters
    cut = tmp_path / "e.txt"
    cut.write_bytes(b"a" + ("é" * 3000).encode())  # and here inside one
    pieces: list[bytes] = []
    warm(pieces.append, [path, cut], threading.Event())
    assert pieces == [path.read_bytes(), cut.read_bytes()]


def test_stops_when_told(tmp_path: Path) -> None:
    path = _file(tmp_path, "f.jsonl", 4 * PIECE_BYTES)
    stop = threading.Event()
    pieces: list[bytes] = []

    def match(piece: bytes) -> None:
        pieces.append(piece)
        stop.set()

    warm(match, [path], stop)
    assert len(pieces) == 1


def test_the_thread_runs_only_over_files_and_ends_with_the_block(tmp_path: Path) -> None:
    path = _file(tmp_path, "g.jsonl", 3 * PIECE_BYTES)
    seen: list[str] = []
    done = threading.Event()

    def match(piece: bytes) -> None:
        seen.append(threading.current_thread().name)
        done.set()

    with warming(match, ["-", str(tmp_path)]):
        assert not any(thread.name == "lurewatch-warm" for thread in threading.enumerate())
    with warming(match, ["-", path]):
        assert done.wait(10)
    assert seen and set(seen) == {"lurewatch-warm"}
    assert not any(thread.name == "lurewatch-warm" for thread in threading.enumerate())


def test_scans_after_warming_find_what_a_cold_set_finds(tmp_path: Path) -> None:
    catalogue = load_catalogue()
    cold, warmed = Recognizer(catalogue), Recognizer(catalogue)
    path = _file(tmp_path, "h.jsonl", PIECE_BYTES)
    warm(warmed.warm, [path], threading.Event())
    texts = [line.split('"text": ')[1].strip('"}') for line in LINES] + ["hi", "how old r u", "s e n d  m e  a  p i c"]
    for text in texts:
        assert warmed.scan(text) == cold.scan(text)
    assert any(cold.scan(text) for text in texts)


def test_a_named_pipe_is_left_to_the_reader(tmp_path: Path) -> None:
    """Reading a pipe would take its data from the reader: warming opens regular files only."""
    pipe = tmp_path / "chat.jsonl"
    os.mkfifo(pipe)
    pieces: list[bytes] = []
    with warming(pieces.append, [pipe]):
        assert not any(thread.name == "lurewatch-warm" for thread in threading.enumerate())
    assert pieces == []

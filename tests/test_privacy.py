"""The privacy promise, tested: logs and stderr carry ids, counts and indicator ids, never the words of a message.

Every command runs on the bundled examples and the test fixtures with the most verbose logging there is (`--verbose`
where the command has it, and the `lurewatch` logger at DEBUG), including inputs that make the parsers warn and fail.
Distinctive pieces of every message read are then looked for in stderr and in every log record. Reports written with
`-o` must get the user's ordinary file permissions.
"""

from __future__ import annotations

import io
import json
import logging
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from lurewatch import ingest
from lurewatch.cli import main
from lurewatch.ingest import pan12
from lurewatch.model import MessageKind

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
FIXTURES = REPO / "tests" / "fixtures"
LABELLED = FIXTURES / "labelled"
CHAT_INPUTS = [
    EXAMPLES,
    FIXTURES / "basic",
    FIXTURES / "whatsapp",
    FIXTURES / "apps",
    FIXTURES / "pan12" / "small.xml",
    LABELLED / "synthetic.json",
    LABELLED / "pan12" / "synthetic-corpus.xml",
]
EVAL_INPUTS = [LABELLED / "synthetic.json", LABELLED / "synthetic.jsonl", LABELLED / "pan12"]
# Shorter pieces would also match ordinary words of the program's own lines.
PIECE = 16

# Inputs that make the parsers warn (a few broken records) and fail (too many): their words must stay out of it too.
BROKEN_WORDS = "my locker code is 4471 dont tell"
BROKEN_INPUTS = {
    "warn.txt": "".join(
        f"{'31/02/2023' if n % 30 == 7 else '10/03/2023'}, 10:{n % 60:02} - Alex: {BROKEN_WORDS} {n}\n"
        for n in range(60)
    ),
    "fail.txt": "".join(
        f"{'45/13/2023' if n % 3 == 0 else '10/03/2023'}, 10:{n % 60:02} - Alex: {BROKEN_WORDS} {n}\n"
        for n in range(60)
    ),
    "warn.csv": "author,text,time\n"
    + "".join(f"Sam,{BROKEN_WORDS} {n},{'not a time' if n % 25 == 3 else ''}\n" for n in range(60)),
    "fail.json": json.dumps(
        {"messages": [{"author": "Kim", "text": f"{BROKEN_WORDS} {n}", "time": "soon" if n % 2 else None}
                      for n in range(40)]}
    ),
}


def pieces(text: str) -> Iterator[str]:
    """Distinctive pieces of one message: each long enough line whole, and its first and last `PIECE` characters."""
    for line in text.split("\n"):
        line = line.strip()
        if len(line) >= PIECE:
            yield line
            yield line[:PIECE]
            yield line[-PIECE:]


def message_texts() -> set[str]:
    texts: list[str] = []
    for conversation in ingest.load([*CHAT_INPUTS, LABELLED / "pan12" / "synthetic-corpus.xml"]):
        texts.extend(m.text for m in conversation.messages if m.kind != MessageKind.MEDIA)
    for line in (LABELLED / "synthetic.jsonl").read_text(encoding="utf-8").splitlines():
        texts.extend(message["text"] for message in json.loads(line)["messages"])
    for conversation in pan12.iter_conversations(LABELLED / "pan12" / "synthetic-corpus.xml"):
        texts.extend(m.text for m in conversation.messages)
    texts.extend(f"{BROKEN_WORDS} {n}" for n in range(60))
    return {piece for text in texts for piece in pieces(text)}


@pytest.fixture(scope="module")
def secrets() -> set[str]:
    found = message_texts()
    assert len(found) > 300  # enough words to make the search mean something
    return found


@pytest.fixture(scope="module")
def broken_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("broken")
    for name, text in BROKEN_INPUTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def leaks(text: str, secrets: set[str]) -> list[str]:
    return sorted(secret for secret in secrets if secret in text)


def watch_input() -> str:
    lines = []
    for conversation in ingest.load([EXAMPLES]):
        for message in conversation.messages:
            lines.append(json.dumps({"conversation_id": conversation.id, "author": message.author, "text": message.text}))
    return "\n".join(lines) + "\n"


def commands(tmp: Path, broken: Path) -> list[tuple[list[str], str | None]]:
    """(arguments, stdin) of every command, at its most verbose."""
    inputs = [str(path) for path in CHAT_INPUTS]
    runs: list[tuple[list[str], str | None]] = []
    for fmt in ("text", "json", "html"):
        runs.append((["analyze", *inputs, "--format", fmt, "--verbose"], None))
        runs.append((["demo", "--format", fmt, "-o", str(tmp / f"demo.{fmt}")], None))
    for example in sorted(EXAMPLES.glob("*.txt")):
        runs.append((["analyze", str(example), "--verbose", "--audience", "teen"], None))
    runs.append((["analyze", *inputs, "--format", "json", "--jobs", "2", "--verbose"], None))
    runs.append((["analyze", "-", "--verbose"], (EXAMPLES / "sextortion.txt").read_text(encoding="utf-8")))
    for name in BROKEN_INPUTS:
        runs.append((["analyze", str(broken / name), "--verbose", "--format", "json"], None))
        runs.append((["analyze", str(broken / name), "--format", "json"], None))
    runs.append((["indicators"], None))
    runs.append((["indicators", "--format", "json"], None))
    runs.append((["watch", "--verbose", "--alert-level", "medium"], watch_input()))
    runs.append((["watch", "--verbose"], '{"conversation_id": "c", "author": "a", "text": "' + BROKEN_WORDS + '"}\n{'))
    runs.append((["eval", *map(str, EVAL_INPUTS)], None))
    runs.append((["eval", *map(str, EVAL_INPUTS), "--json"], None))
    return runs


def run_in_process(
    arguments: list[str], stdin: str | None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8"))
    try:
        code = main(arguments)
    except SystemExit as exit_:  # argparse's own exits
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_no_message_text_in_stderr_or_logs(
    secrets: set[str],
    broken_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="lurewatch")
    reports = ""
    codes: dict[str, int] = {}
    for arguments, stdin in commands(tmp_path, broken_dir):
        caplog.clear()
        code, out, err = run_in_process(arguments, stdin, monkeypatch, capsys)
        codes[" ".join(arguments[:2])] = code
        records = "\n".join(
            f"{record.getMessage()} {record.args!r} {record.exc_text or ''} {record.__dict__.get('lurewatch_file', '')}"
            for record in caplog.records
        )
        assert leaks(err, secrets) == [], f"stderr of {arguments}"
        assert leaks(caplog.text + records, secrets) == [], f"log records of {arguments}"
        reports += out
    # The runs did what they are for: reports hold the words (so a leak would have been found), parsers warned and
    # failed, and the bad watch line was refused.
    assert leaks(reports, secrets)
    assert codes[f"analyze {broken_dir / 'fail.txt'}"] == 2
    assert codes["watch --verbose"] == 2


def test_verbose_stderr_of_a_real_run_holds_no_message_text(secrets: set[str], broken_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lurewatch.cli", "analyze", str(broken_dir / "warn.txt"), str(broken_dir / "warn.csv"),
         str(EXAMPLES), "--verbose", "--format", "html"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "skipped message" in result.stderr
    assert leaks(result.stderr, secrets) == []
    assert BROKEN_WORDS in result.stdout  # the report itself shows the words; only the logs must not


# --- reports get the user's permissions --------------------------------------------------------------------------


@pytest.mark.parametrize(("umask", "fmt"), [(0o022, "text"), (0o027, "json"), (0o002, "html"), (0o077, "json")])
def test_reports_are_written_with_the_users_permissions(
    umask: int, fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / f"report.{fmt}"
    previous = os.umask(umask)
    try:
        assert main(["analyze", str(EXAMPLES / "walkthrough.txt"), "--format", fmt, "-o", str(target)]) == 0
        assert main(["demo", "--format", fmt, "-o", str(tmp_path / f"demo.{fmt}")]) == 0
    finally:
        os.umask(previous)
    for path in (target, tmp_path / f"demo.{fmt}"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == 0o666 & ~umask  # what any program creating an ordinary file would get
        assert not mode & stat.S_IWOTH
        assert not mode & stat.S_IXUSR
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, f"demo.{fmt}"])  # no temporary left
    if umask == 0o022:
        assert stat.S_IMODE(target.stat().st_mode) == 0o644  # readable like any file the user makes, not 0600-only

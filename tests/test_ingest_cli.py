"""Reading input through the command line: bounded warnings per file (all with --verbose, also across --jobs workers),
the one error for a file with too many broken records, and usage errors that name the program once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lurewatch import cli
from lurewatch.cli import main
from lurewatch.ingest._bounded_warnings import SHOWN_PER_FILE

MORE = "more warnings not shown (--verbose shows all)"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lurewatch.cli", *args], input=stdin, capture_output=True, text=True, timeout=120
    )


def whatsapp_with_broken_headers(path: Path, good: int, broken: int) -> Path:
    lines = [f"10/03/2023, 10:{n % 60:02} - Alex: fine {n}" for n in range(good)]
    for n in range(broken):
        lines.insert(1 + 2 * n, f"31/02/2023, 11:{n:02} - Alex: broken {n}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def warnings_of(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("lurewatch: warning: ")]


def test_at_most_five_warnings_per_file_then_the_count(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = whatsapp_with_broken_headers(tmp_path / "a.txt", good=200, broken=9)
    second = whatsapp_with_broken_headers(tmp_path / "b.txt", good=200, broken=6)
    assert main(["analyze", str(first), str(second), "--format", "json", "--detectors", "catalogue"]) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert [c["skipped_messages"] for c in report["conversations"]] == [9, 6]  # counted whatever is shown
    lines = warnings_of(captured.err)
    assert [line for line in lines if f"{first}:" in line and "skipped message" in line] == lines[:SHOWN_PER_FILE]
    assert f"lurewatch: warning: {first}: 4 {MORE}" in lines
    assert f"lurewatch: warning: {second}: 1 more warning not shown (--verbose shows all)" in lines
    assert len(lines) == 2 * SHOWN_PER_FILE + 2


def test_verbose_shows_every_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    chat = whatsapp_with_broken_headers(tmp_path / "a.txt", good=200, broken=9)
    assert main(["analyze", str(chat), "--format", "json", "--detectors", "catalogue", "--verbose"]) == 0
    lines = warnings_of(capsys.readouterr().err)
    assert len(lines) == 9 and all("skipped message" in line for line in lines)


def test_the_limit_holds_across_worker_processes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A PAN 2012 file cut into many byte ranges, parsed by two workers: still five lines and one count for the file.
    good = "<message><author>p</author><text>hello there</text></message>\n"
    bad = "<message><text>no author</text></message>\n"
    body = "".join(
        f'<conversation id="c{n}">\n{good * 30}{bad if n % 4 == 0 else ""}</conversation>\n' for n in range(80)
    )
    corpus = tmp_path / "corpus.xml"
    corpus.write_text(f"<conversations>\n{body}</conversations>\n", encoding="utf-8")
    monkeypatch.setattr(cli, "SPLIT_BYTES", 20_000)
    args = ["analyze", str(corpus), "--format", "json", "--detectors", "catalogue", "--jobs", "2"]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert sum(c["skipped_messages"] for c in json.loads(captured.out)["conversations"]) == 20
    lines = warnings_of(captured.err)
    assert len(lines) == SHOWN_PER_FILE + 1, captured.err
    assert lines[-1] == f"lurewatch: warning: {corpus}: 15 {MORE}"
    main([*args, "--verbose"])
    assert len(warnings_of(capsys.readouterr().err)) == 20


def test_too_many_broken_records_is_one_error_line(tmp_path: Path) -> None:
    chat = whatsapp_with_broken_headers(tmp_path / "chat.txt", good=60, broken=30)
    result = run("analyze", str(chat))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"lurewatch: error: {chat}:2: 30 of 90 message headers have an impossible date or time; expected headers like "
        '"31/12/2023, 21:41 - Name: text" or "[31/12/23, 9:41:07 PM] Name: text" with a real date in one order '
        "(day/month/year, month/day/year, year/month/day or year/day/month) and time"
    ]


def test_watch_takes_verbose_too() -> None:
    line = json.dumps({"conversation_id": "c", "author": "Al", "text": "gg"})
    result = run("watch", "--verbose", stdin=line + "\n")
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        ([], "(see lurewatch --help)"),
        (["bogus"], "(see lurewatch --help)"),
        (["--bad-option"], "(see lurewatch --help)"),
        (["analyze"], "(see lurewatch analyze --help)"),
        (["analyze", "x.txt", "--audience", "robot"], "(see lurewatch analyze --help)"),
        (["watch", "--alert-level", "extreme"], "(see lurewatch watch --help)"),
        (["indicators", "--format", "xml"], "(see lurewatch indicators --help)"),
    ],
)
def test_usage_errors_name_the_program_once(args: list[str], hint: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("lurewatch: error: ") and line.endswith(hint)
    assert "lurewatch lurewatch" not in line
    assert line.count("lurewatch") == 2  # the prefix and the help hint

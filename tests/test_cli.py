"""The command line as a user runs it: reports, exit codes, one-line errors without tracebacks, stdin, --output."""

from __future__ import annotations

import gc
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from lurewatch import ingest
from lurewatch.cli import _read_uncollected, main
from lurewatch.errors import InputError


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lurewatch.cli", *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_analyze_text_report_shows_evidence_and_advice(examples: Path) -> None:
    result = run("analyze", str(examples / "walkthrough.txt"), "--audience", "teen")
    assert result.returncode == 0, result.stderr
    assert "mature" in result.stdout
    assert "Ad.17" in result.stdout
    assert "suspect" in result.stdout
    assert "takeitdown.ncmec.org" in result.stdout
    assert "not your fault" in result.stdout.lower() or "did nothing wrong" in result.stdout.lower() or "done nothing wrong" in result.stdout.lower()


def test_json_from_stdin(examples: Path) -> None:
    data = (examples / "sextortion.txt").read_bytes()
    result = run("analyze", "-", "--format", "json", "--audience", "teen", stdin=data)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    conversation = report["conversations"][0]
    assert conversation["risk"]["level"] == "critical"
    assert conversation["advice"]["audience"] == "teen"
    assert any("pay" in step.lower() for step in conversation["advice"]["steps"])


def test_fail_on_exits_3(examples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(examples / "sextortion.txt"), "--format", "json", "--fail-on", "high"]) == 3
    assert main(["analyze", str(examples / "benign_gaming.txt"), "--format", "json", "--fail-on", "high"]) == 0


def test_country_adds_national_hotline(examples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["analyze", str(examples / "sextortion.txt"), "--format", "json", "--country", "UK"])
    resources = json.loads(capsys.readouterr().out)["conversations"][0]["advice"]["resources"]
    contacts = " ".join(r["contact"] for r in resources)
    assert "ceop.police.uk" in contacts and "takeitdown.ncmec.org" in contacts


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty.txt: file is empty"),
        (b"\x00\x01\x02binary", "empty.txt:1: looks like a binary file"),
        (b"Alice: hi\nBob: caf\xe9\n", "empty.txt:2: invalid UTF-8"),
        (b"just some words without a speaker\n", 'empty.txt:1: expected "Name: message"'),
    ],
)
def test_bad_input_is_one_line_exit_2(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    result = run("analyze", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]
    assert result.stdout == ""


def test_json_field_of_wrong_type(tmp_path: Path) -> None:
    path = tmp_path / "chat.json"
    path.write_text('{"id": "c", "messages": [{"author": "A", "text": 5}]}')
    result = run("analyze", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "chat.json" in result.stderr


def test_missing_file_and_unknown_format(tmp_path: Path) -> None:
    result = run("analyze", str(tmp_path / "nope.txt"))
    assert result.returncode == 2 and "no such file" in result.stderr
    result = run("analyze", str(tmp_path), "--input-format", "fax")
    assert result.returncode == 2 and "unknown input format" in result.stderr


def test_bad_option_is_one_line() -> None:
    result = run("analyze", "x.txt", "--audience", "robot")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_output_file_is_written_whole(tmp_path: Path, examples: Path) -> None:
    out = tmp_path / "report.json"
    assert main(["analyze", str(examples / "walkthrough.txt"), "--format", "json", "-o", str(out)]) == 0
    assert json.loads(out.read_text())["conversations"][0]["id"] == "walkthrough"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"no speaker here\n")
    failed = tmp_path / "failed.json"
    assert main(["analyze", str(bad), "--format", "json", "-o", str(failed)]) == 2
    assert not failed.exists()
    assert list(tmp_path.glob(".failed.json.*")) == []


def test_directory_gives_ranking(examples: Path) -> None:
    result = run("analyze", str(examples), "--top", "2")
    assert result.returncode == 0, result.stderr
    assert "highest risk first" in result.stdout
    assert result.stdout.index("sextortion") < result.stdout.index("2 more")


def test_jobs_give_the_same_json(examples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["analyze", str(examples), "--format", "json"])
    one = json.loads(capsys.readouterr().out)
    main(["analyze", str(examples), "--format", "json", "--jobs", "2"])
    two = json.loads(capsys.readouterr().out)
    assert one == two


def test_indicators_and_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["indicators", "--format", "json"]) == 0
    catalogue = json.loads(capsys.readouterr().out)
    assert len(catalogue["indicators"]) >= 40
    assert main(["demo", "--format", "json"]) == 0
    demo = json.loads(capsys.readouterr().out)
    assert demo["conversations"][0]["risk"]["level"] in ("high", "critical")
    assert main(["indicators"]) == 0
    assert "trust_building" in capsys.readouterr().out


def test_watch_alerts_on_the_message_that_reaches_the_level() -> None:
    lines = [
        {"conversation_id": "c1", "author": "Al", "text": "you're so mature for your age"},
        {"conversation_id": "c2", "author": "Kim", "text": "gg, queue again?"},
        {"conversation_id": "c1", "author": "Al", "text": "don't tell anyone about us, it's our secret"},
        {"conversation_id": "c1", "author": "Al", "text": "send me a pic of you"},
        {"conversation_id": "c1", "author": "Al", "text": "I will send your pics to your family unless you pay me"},
    ]
    stdin = "\n".join(json.dumps(line) for line in lines).encode()
    result = run("watch", "--alert-level", "high", stdin=stdin)
    assert result.returncode == 0, result.stderr
    alerts = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(a["conversation_id"], a["risk"]["level"]) for a in alerts] == [("c1", "high"), ("c1", "critical")]
    assert alerts[0]["suspect"] == "Al"


def test_watch_bad_line_names_its_number() -> None:
    stdin = b'{"conversation_id": "c", "author": "a", "text": "hi"}\n{"conversation_id": 5}\n'
    result = run("watch", stdin=stdin)
    assert result.returncode == 2
    assert result.stderr.strip() == 'lurewatch: error: <stdin>:2: "conversation_id" must be a string'


def test_column_mapping_for_generic_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "export.csv"
    path.write_text("thread,sender,body\nt1,Al,add me on snapchat\nt1,Jo,ok\nt2,Kim,gg\n")
    args = ["analyze", str(path), "--format", "json", "--author-col", "sender", "--text-col", "body",
            "--conversation-col", "thread"]
    assert main(args) == 0
    conversations = json.loads(capsys.readouterr().out)["conversations"]
    assert [(c["id"], c["message_count"]) for c in conversations] == [("t1", 2), ("t2", 1)]
    assert conversations[0]["findings"][0]["author"] == "Al"
    assert main(["analyze", str(path), "--format", "json"]) == 2
    assert 'no "author" column' in capsys.readouterr().err


def test_output_onto_a_directory_is_a_one_line_error(tmp_path: Path, examples: Path) -> None:
    target = tmp_path / "reports"
    target.mkdir()
    result = run("analyze", str(examples / "walkthrough.txt"), "-o", str(target))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.glob(".reports.*")) == []


def test_input_read_without_collections_then_frozen(tmp_path: Path) -> None:
    """`lurewatch analyze` in its own process: every conversation handed on in order, the collector on again after each
    read (after an input error too), and a big read's objects out of the collector's sight."""
    lines = [json.dumps({"conversation_id": f"c{n % 7}", "author": f"p{n % 3}", "text": "hi there"}) for n in range(20_000)]
    good = tmp_path / "big.jsonl"
    good.write_text("\n".join(lines) + "\n", encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(lines[0] + "\n[1]\n", encoding="utf-8")
    frozen = gc.get_freeze_count()
    collections: list[int] = []
    gc.callbacks.append(collected := lambda phase, info: collections.append(info["generation"]))
    try:
        read = list(_read_uncollected(ingest.load([good])))
        assert collections == []
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen + 3 * 20_000  # each message and its fields
        assert [(c.id, len(c.messages)) for c in read] == [(c.id, len(c.messages)) for c in ingest.load([good])]
        with pytest.raises(InputError, match=r"bad\.jsonl:2: expected a JSON object"):
            list(_read_uncollected(ingest.load([bad])))
        assert gc.isenabled()
    finally:
        gc.callbacks.remove(collected)
        gc.unfreeze()


def test_output_to_a_named_pipe_writes_into_it_and_leaves_it_in_place(tmp_path: Path, examples: Path) -> None:
    """`-o /dev/null` or a pipe: written into, never renamed over (which would replace the device for everyone)."""
    pipe = tmp_path / "report.pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    assert main(["analyze", str(examples / "walkthrough.txt"), "--format", "json", "--detectors", "catalogue", "-o", str(pipe)]) == 0
    reader.join(timeout=60)
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert json.loads(received[0])["conversations"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pipe"]

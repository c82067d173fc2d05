"""`lurewatch batch --engine local`: one row per conversation, equal to `analyze`, written whole or not at all.
(Spark's rows are compared with these in test_batch_spark.py.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from lurewatch import ingest
from lurewatch.api import analyze_conversation
from lurewatch.batch.command import BatchJob, run_batch
from lurewatch.batch.rows import FIELDS, row_of
from lurewatch.cli import main
from tests.batch_inputs import SMALL_SPLIT, example_conversations, write_mixed_inputs

OPTIONS = {"alert_level": "high", "detectors": "combined"}


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_mixed_inputs(tmp_path_factory.mktemp("mixed"))


@pytest.fixture(scope="module")
def reference(mixed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mixed folder's rows from one process, with the PAN12 file read whole."""
    out = tmp_path_factory.mktemp("reference") / "rows.jsonl"
    batch(mixed, out)
    return out


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def batch(loader_input: Path, output: Path, **job: object) -> int:
    settings: dict[str, object] = {"engine": "local", "jobs": 1, "options": OPTIONS} | job
    return run_batch(ingest.load([loader_input]), BatchJob(output=output, **settings))  # type: ignore[arg-type]


def test_rows_are_the_analyses_of_analyze(mixed: Path, reference: Path) -> None:
    rows = read_jsonl(reference)
    expected = [row_of(analyze_conversation(c, **OPTIONS)) for c in ingest.load([mixed])]  # type: ignore[arg-type]
    assert rows == expected
    assert tuple(rows[0]) == FIELDS
    sources = {Path(str(row["source"])).name for row in rows}
    assert sources == {"corpus.xml", "chats.csv", "chats.jsonl", "chats.parquet"} | {
        p.name for p in mixed.glob("*.txt")
    }
    critical = [row for row in rows if row["risk_level"] == "critical"]
    assert {row["id"] for row in critical} >= {"sextortion"}
    assert all(json.loads(str(row["findings"])) for row in critical)
    assert {row["suspect"] for row in rows if row["id"] == "sextortion"} == {"jess_x"}


def test_tables_group_interleaved_messages_back_into_each_conversation(reference: Path) -> None:
    """The CSV, JSONL and Parquet tables hold the example chats round robin; each grouped row equals the chat's own."""
    rows = read_jsonl(reference)
    own = {c.id: row_of(analyze_conversation(c, **OPTIONS)) for c in example_conversations()}  # type: ignore[arg-type]
    for table in ("chats.csv", "chats.jsonl", "chats.parquet"):
        grouped = {str(row["id"]): row for row in rows if str(row["source"]).endswith(table)}
        assert grouped.keys() == own.keys()
        for key, row in grouped.items():
            assert {**row, "source": None} == {**own[key], "source": None}, (table, key)


def test_pool_with_split_pan12_gives_the_same_rows_in_parquet_and_jsonl(
    mixed: Path, reference: Path, tmp_path: Path
) -> None:
    units = list(ingest.load([mixed]).units(SMALL_SPLIT))
    assert sum(unit.byte_range is not None for unit in units) > 3  # the PAN12 file really was cut
    batch(mixed, tmp_path / "pool.jsonl", jobs=2, split_bytes=SMALL_SPLIT)
    batch(mixed, tmp_path / "pool.parquet", jobs=2, split_bytes=SMALL_SPLIT)
    assert (tmp_path / "pool.jsonl").read_bytes() == reference.read_bytes()
    assert pq.read_table(tmp_path / "pool.parquet").to_pylist() == read_jsonl(reference)


def test_cli_batch_writes_the_table(mixed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "table.out"
    assert main(["batch", str(mixed / "chats.csv"), str(out), "--engine", "local", "--output-format", "jsonl"]) == 0
    assert [row["id"] for row in read_jsonl(out)] == ["benign-family", "benign-gaming", "sextortion", "walkthrough"]
    assert "4 conversations written" in capsys.readouterr().err


def test_column_options_apply_to_parquet(mixed: Path, tmp_path: Path) -> None:
    table = pq.read_table(mixed / "chats.parquet").rename_columns(["thread", "sender", "body", "sent_at"])
    renamed = tmp_path / "renamed.parquet"
    pq.write_table(table, renamed)
    out = tmp_path / "rows.jsonl"
    columns = ["--conversation-col", "thread", "--author-col", "sender", "--text-col", "body", "--time-col", "sent_at"]
    assert main(["batch", str(renamed), str(out), "--jobs", "1", *columns]) == 0
    expected = tmp_path / "expected.jsonl"
    batch(mixed / "chats.parquet", expected)
    assert [{**r, "source": None} for r in read_jsonl(out)] == [{**r, "source": None} for r in read_jsonl(expected)]


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lurewatch.cli", *args], capture_output=True, text=True, timeout=120, env=env
    )


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("lurewatch: error:")]
    assert len(errors) == 1, result.stderr
    return errors[0]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("broken.jsonl", b'{"author": "a", "text": "hi"}\n{"author": \n', "broken.jsonl:2: invalid JSON"),
        ("broken.csv", b"author,text,time\nAnn,hi,monday\nBo,hey,tuesday\n", "broken.csv:2: no usable messages"),
        ("broken.parquet", b"PAR1 this is not really parquet PAR1", "broken.parquet: not a readable Parquet file"),
    ],
)
def test_bad_input_is_one_line_and_nothing_is_written(
    mixed: Path, tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-good.txt").write_bytes((mixed / "sextortion.txt").read_bytes())
    (folder / name).write_bytes(content)
    out = tmp_path / "out" / "rows.parquet"
    out.parent.mkdir()
    assert expected in one_error_line(run_cli("batch", str(folder), str(out), "--jobs", "2"))
    assert list(out.parent.iterdir()) == []  # no table, no temporary file


def test_parquet_without_the_text_column_names_its_columns(mixed: Path, tmp_path: Path) -> None:
    table = pq.read_table(mixed / "chats.parquet").drop_columns(["text"])
    path = tmp_path / "notext.parquet"
    pq.write_table(table, path)
    line = one_error_line(run_cli("batch", str(path), str(tmp_path / "rows.jsonl")))
    assert 'notext.parquet: Parquet file has no "text" column (columns: conversation_id, author, time)' in line


def test_unknown_output_suffix_is_one_line(mixed: Path, tmp_path: Path) -> None:
    line = one_error_line(run_cli("batch", str(mixed / "sextortion.txt"), str(tmp_path / "rows.xlsx")))
    assert "rows.xlsx: cannot tell the output format" in line
    assert not (tmp_path / "rows.xlsx").exists()


def test_local_engine_does_not_import_pyspark(mixed: Path, tmp_path: Path) -> None:
    script = (
        "import sys; from lurewatch.cli import main; "
        f"code = main(['batch', {str(mixed / 'chats.jsonl')!r}, {str(tmp_path / 'rows.jsonl')!r}, '--jobs', '1']); "
        "sys.exit(10 if 'pyspark' in sys.modules else code)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert len(read_jsonl(tmp_path / "rows.jsonl")) == 4


def test_spark_without_java_is_one_line(mixed: Path, tmp_path: Path) -> None:
    no_java = tmp_path / "bin"
    no_java.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "JAVA_HOME"} | {"PATH": str(no_java)}
    line = one_error_line(run_cli("batch", str(mixed / "chats.csv"), str(tmp_path / "r.jsonl"), "--engine", "spark", env=env))
    assert "--engine spark needs Java 17 or newer (no `java` on PATH)" in line
    assert not (tmp_path / "r.jsonl").exists()


def test_spark_executor_without_lurewatch_is_one_line(mixed: Path, tmp_path: Path) -> None:
    """A misconfigured cluster: the executors' Python has no lurewatch. Spark's own error, not its stack traces."""
    bare_python = tmp_path / "bare-venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare_python)], check=True, timeout=120)
    env = os.environ | {"PYSPARK_PYTHON": str(bare_python / "bin" / "python")}
    out = tmp_path / "rows.jsonl"
    result = run_cli("batch", str(mixed / "chats.csv"), str(out), "--engine", "spark", "--jobs", "1", env=env)
    assert "the Spark job failed: ModuleNotFoundError: No module named 'lurewatch'" in one_error_line(result)
    assert not out.exists()

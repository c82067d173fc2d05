"""`lurewatch batch --engine spark` on a real local Spark (the machine's Java): equal rows to the process pool.

One SparkSession for the whole test run (starting a JVM costs seconds), small data, no UI, bound to loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from pyspark.sql import SparkSession

from lurewatch import ingest
from lurewatch.batch.command import BatchJob, run_batch
from lurewatch.batch.spark import spark_session
from lurewatch.cli import main
from tests.batch_inputs import write_mixed_inputs

OPTIONS = {"alert_level": "high", "detectors": "combined"}
SPARK_SPLIT = 32768  # bytes: the PAN12 file in a few ranges (each partition costs Spark a task)


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    with spark_session("local[2]") as session:
        yield session


def job(output: Path, engine: str, jobs: int) -> BatchJob:
    return BatchJob(output=output, engine=engine, jobs=jobs, options=OPTIONS, split_bytes=SPARK_SPLIT)  # type: ignore[arg-type]


def test_spark_and_local_batch_give_equal_rows(spark: SparkSession, tmp_path: Path) -> None:
    mixed = write_mixed_inputs(tmp_path / "mixed")
    units = list(ingest.load([mixed]).units(SPARK_SPLIT))
    assert sum(unit.byte_range is not None for unit in units) > 3  # the PAN12 file is cut into ranges
    assert {unit.format for unit in units} >= {"pan12", "csv", "jsonl", "parquet", "text"}
    local, on_spark = tmp_path / "local.jsonl", tmp_path / "spark.parquet"
    run_batch(ingest.load([mixed]), job(local, "local", 2))
    run_batch(ingest.load([mixed]), job(on_spark, "spark", 2))
    rows = [json.loads(line) for line in local.read_text(encoding="utf-8").splitlines()]
    assert pq.read_table(on_spark).to_pylist() == rows  # same values, same order; the writer is shared
    assert len(rows) == len({(row["source"], row["id"]) for row in rows}) > 60
    assert any(row["risk_level"] == "critical" and json.loads(row["findings"]) for row in rows)
    assert spark.sparkContext.defaultParallelism == 2  # the tests really ran on the shared local[2] session


def test_spark_input_error_is_one_line_and_nothing_is_written(
    spark: SparkSession, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_text('{"author": "Ann", "text": "hi"}\n', encoding="utf-8")
    (folder / "b.jsonl").write_text('{"author": "Ann", "text": "hi"}\n{"author": "Bo", "text": \n', encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    assert main(["batch", str(folder), str(out / "rows.parquet"), "--engine", "spark"]) == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error == f"lurewatch: error: {folder / 'b.jsonl'}:2: invalid JSON: Expecting value (column 26)"
    assert list(out.iterdir()) == []

"""`lurewatch batch INPUT OUTPUT`: one row per conversation of INPUT, written to OUTPUT by either engine."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from lurewatch.batch.output import OutputFormat, output_format, write_rows
from lurewatch.batch.rows import Row
from lurewatch.errors import UsageError
from lurewatch.ingest import Loader
from lurewatch.parallel import SPLIT_BYTES, Options, analyze_stream, analyze_units

Engine = Literal["local", "spark"]
ENGINES: tuple[Engine, ...] = ("local", "spark")


@dataclass(frozen=True)
class BatchJob:
    output: Path
    engine: Engine
    jobs: int
    options: Options  # for `analyze_conversation`: alert_level, detectors
    master: str | None = None  # Spark master; None: spark-submit's, else local[jobs]
    output_format: OutputFormat | None = None  # None: from the output's suffix
    split_bytes: int = SPLIT_BYTES  # byte ranges a big PAN12 file is cut into, as `analyze --jobs` does


def run_batch(loader: Loader, job: BatchJob) -> int:
    """Analyses every conversation of `loader` and writes the rows; returns how many were written."""
    form = output_format(job.output, job.output_format)
    if job.engine == "local":
        count = write_rows(_some(local_rows(loader, job)), job.output, form)
    else:
        from lurewatch.batch.spark import spark_rows, spark_session  # pyspark is imported for --engine spark only

        with spark_session(job.master, job.jobs) as spark:
            count = write_rows(_some(spark_rows(spark, loader.units(job.split_bytes), job.options)), job.output, form)
    print(f"lurewatch: {count:,} conversations written to {job.output}", file=sys.stderr)
    return count


def local_rows(loader: Loader, job: BatchJob) -> Iterator[Row]:
    """The process pool of `analyze --jobs`, in input order."""
    if job.jobs == 1:
        outcomes = analyze_stream(loader, job.options, shape="row")
    else:
        outcomes = analyze_units(loader.units(job.split_bytes), job.options, jobs=job.jobs, shape="row")
    for outcome in outcomes:
        assert outcome.row is not None
        yield outcome.row


def _some(rows: Iterable[Row]) -> Iterator[Row]:
    """The rows, failing at the end (so nothing is written) if there were none."""
    empty = True
    for row in rows:
        empty = False
        yield row
    if empty:
        raise UsageError("no conversations found in the input")

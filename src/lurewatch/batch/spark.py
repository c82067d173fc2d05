"""The Spark engine: input units analysed on the executors, rows streamed back to the driver in input order.

The driver cuts the input into the same units as `analyze --jobs` (files, ~8 MiB byte ranges of a PAN12 XML file), one
Spark partition each. An executor reads its units and analyses every conversation in them with the code the process pool
runs (`parallel.analyze_unit`), so rows are equal whichever engine made them. The recognizer and the semantic model are
cached per Python process, and Spark reuses its Python workers (`spark.python.worker.reuse`, on by default), so each
executor process loads the model once, not once per row or per partition. All partitions run at once; the driver then
fetches their rows a few partitions at a time in input order, so it holds only those partitions' rows.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, cast

from lurewatch.batch.rows import Row
from lurewatch.errors import LurewatchError, UsageError
from lurewatch.ingest import WorkUnit
from lurewatch.parallel import Options, analyze_unit

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

LOOPBACK = "127.0.0.1"
SUBMIT_GATEWAY = "PYSPARK_GATEWAY_PORT"
_ERROR, _ROW = "error", "row"
# Analysed partitions fetched to the driver per job: one job each costs Spark's job overhead that many times, all at
# once would hold every row on the driver.
FETCH_PARTITIONS = 16


def spark_rows(spark: SparkSession, units: Iterable[WorkUnit], options: Options) -> Iterator[Row]:
    """Every conversation of the units as a row, analysed on `spark`'s executors, in input order."""
    from py4j.protocol import Py4JError
    from pyspark import StorageLevel
    from pyspark.errors import PySparkException

    planned = list(units)
    if not planned:
        return
    analysed = spark.sparkContext.parallelize(planned, len(planned)).mapPartitions(partial(_analyse_partition, options))
    analysed.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        analysed.count()  # every partition at once, on every executor, each as soon as a core is free
        for first in range(0, len(planned), FETCH_PARTITIONS):
            wanted = range(first, min(first + FETCH_PARTITIONS, len(planned)))
            for kind, value in spark.sparkContext.runJob(analysed, _as_list, wanted):
                if kind == _ERROR:
                    raise LurewatchError(value)
                yield cast(Row, value)
    except (Py4JError, PySparkException) as exc:
        raise SparkJobError(f"the Spark job failed: {_cause(exc)}") from None
    finally:
        analysed.unpersist()


class SparkJobError(LurewatchError):
    """The job could not run (an executor without lurewatch, a lost cluster): one line, not a JVM stack trace."""


def _cause(error: Exception) -> str:
    """The line that says what went wrong: a Python error's last line ("ModuleNotFoundError: ..."), else the first."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    python_error = [line for line in lines if line.split(":", 1)[0].endswith(("Error", "Exception"))]
    python_error = [line for line in python_error if not line.startswith(("org.", "java.", "py4j.", "Caused by"))]
    return python_error[-1] if python_error else (lines[0] if lines else type(error).__name__)


def _as_list(items: Iterable[tuple[str, object]]) -> list[tuple[str, object]]:
    return list(items)


def _analyse_partition(options: Options, units: Iterator[WorkUnit]) -> Iterator[tuple[str, object]]:
    """Runs on an executor. A user's input error comes back as a value, so the driver can show it as the one line it
    is (raised here, Spark would wrap it in a Java stack trace)."""
    for unit in units:
        try:
            outcomes = analyze_unit(unit, options, "row")
        except LurewatchError as exc:
            yield _ERROR, str(exc)
            return
        for outcome in outcomes:
            yield _ROW, outcome.row


@contextmanager
def spark_session(master: str | None, jobs: int = 2) -> Iterator[SparkSession]:
    """The active SparkSession (a notebook's, a test's), or a new one, stopped at the end: on `master`; without one,
    on spark-submit's master when run by spark-submit, else in this process on local[jobs]."""
    _require_java()
    try:
        from pyspark.errors import PySparkException
        from pyspark.sql import SparkSession
    except ImportError:
        raise UsageError("--engine spark needs PySpark: pip install 'lurewatch[batch]'") from None
    active = SparkSession.getActiveSession()
    if active is not None:
        yield active
        return
    submitted = SUBMIT_GATEWAY in os.environ  # spark-submit started the JVM and passed its --master to it
    if master is None and not submitted:
        master = f"local[{jobs}]"
    try:
        spark = _builder(master).getOrCreate()
    except PySparkException as exc:
        raise UsageError(f"Spark did not start on {master or 'spark-submit'}: {str(exc).strip().splitlines()[0]}") from None
    spark.sparkContext.setLogLevel("FATAL")  # also where the log4j2 file could not apply (under spark-submit)
    try:
        yield spark
    finally:
        spark.stop()


def _builder(master: str | None) -> SparkSession.Builder:
    from pyspark.sql import SparkSession

    log_config = resources.files("lurewatch.batch").joinpath("log4j2.properties")
    builder = (
        SparkSession.builder.appName("lurewatch batch")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.extraJavaOptions", f"-Dlog4j.configurationFile={log_config}")
    )
    if master is None:
        return builder
    builder = builder.master(master)
    if master.startswith("local"):
        # Nothing of a local run listens beyond this machine, and its Python workers are this very interpreter (with
        # lurewatch installed), not whichever `python3` is first on PATH.
        os.environ.setdefault("SPARK_LOCAL_IP", LOOPBACK)
        builder = builder.config("spark.driver.host", LOOPBACK).config("spark.driver.bindAddress", LOOPBACK)
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return builder


def _require_java() -> None:
    java_home = os.environ.get("JAVA_HOME")
    java = Path(java_home, "bin", "java") if java_home else shutil.which("java")
    if java is None or not Path(java).is_file():
        where = f"JAVA_HOME={java_home} has no bin/java" if java_home else "no `java` on PATH"
        raise UsageError(
            f"--engine spark needs Java 17 or newer ({where}): install one (Debian: apt-get install "
            "openjdk-17-jre-headless) or use --engine local"
        )

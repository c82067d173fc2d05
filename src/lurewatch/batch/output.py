"""Writing batch rows as Parquet or JSONL, whole or not at all: into a temporary file beside OUTPUT, renamed at the end."""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import islice
from pathlib import Path
from typing import Any, Literal

from lurewatch.batch.rows import FIELDS, Row
from lurewatch.errors import UsageError
from lurewatch.files import replacing

OutputFormat = Literal["parquet", "jsonl"]
OUTPUT_FORMATS: tuple[OutputFormat, ...] = ("parquet", "jsonl")
_BY_SUFFIX: dict[str, OutputFormat] = {".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl"}
PARQUET_BATCH_ROWS = 4096  # rows held before a Parquet record batch is written: memory stays flat for any input


def output_format(path: Path, forced: OutputFormat | None) -> OutputFormat:
    """`--output-format`, else what OUTPUT's suffix says."""
    if forced is not None:
        return forced
    try:
        return _BY_SUFFIX[path.suffix.lower()]
    except KeyError:
        suffixes = ", ".join(_BY_SUFFIX)
        raise UsageError(f"{path}: cannot tell the output format from the name ({suffixes}); use --output-format") from None


def write_rows(rows: Iterable[Row], path: Path, form: OutputFormat) -> int:
    """Writes every row to `path` in `form`; returns how many. `path` appears only once all of them are written."""
    with replacing(path) as temp:
        return _write_parquet(rows, temp) if form == "parquet" else _write_jsonl(rows, temp)


def _write_jsonl(rows: Iterable[Row], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def _write_parquet(rows: Iterable[Row], path: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError("writing Parquet needs pyarrow: pip install 'lurewatch[batch]'") from None
    schema = pa.schema(
        [
            ("source", pa.string()),
            ("id", pa.string()),
            ("message_count", pa.int64()),
            ("risk_score", pa.float64()),
            ("risk_level", pa.string()),
            ("first_alert_index", pa.int64()),
            ("suspect", pa.string()),
            ("findings", pa.string()),
        ]
    )
    assert tuple(schema.names) == FIELDS
    count = 0
    remaining = iter(rows)
    with pq.ParquetWriter(path, schema) as writer:
        while chunk := list(islice(remaining, PARQUET_BATCH_ROWS)):
            columns: dict[str, list[Any]] = {name: [row[name] for row in chunk] for name in FIELDS}  # type: ignore[literal-required]
            writer.write_batch(pa.record_batch(columns, schema=schema))
            count += len(chunk)
    return count

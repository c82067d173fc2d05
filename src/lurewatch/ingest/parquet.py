"""Apache Parquet: a table of messages with the JSONL fields (`conversation_id`, `author`, `text`, optional `time`).

Column names come from `source.columns` (`--author-col` and friends), matched exactly as in JSONL. Rows are read in
record batches and grouped by conversation id in the order ids are first seen, as for JSONL and CSV; a row's "line" in
messages and errors is its 1-based row number. `time` may be an ISO-8601 string or a Parquet timestamp. Reading needs
pyarrow (`pip install 'lurewatch[batch]'`), imported only when a Parquet file is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from lurewatch.errors import InputError
from lurewatch.ingest.base import Source
from lurewatch.ingest.jsonl import Grouper, Skip, conversation_key, record_message
from lurewatch.model import Conversation

NAME = "parquet"
EXTENSIONS: tuple[str, ...] = (".parquet", ".pq")

MAGIC = "PAR1"
BATCH_ROWS = 8192


def sniff(source: Source, head: str) -> float:
    return 0.95 if head.startswith(MAGIC) else 0.0


def parse(source: Source) -> Iterator[Conversation]:
    yield from _read(source)


def _read(source: Source) -> list[Conversation]:
    table = _open(source)
    columns = source.columns
    present = set(table.schema_arrow.names)
    for wanted in (columns.author, columns.text):
        if wanted not in present:
            shown = ", ".join(table.schema_arrow.names)
            raise InputError(source.name, f'Parquet file has no "{wanted}" column (columns: {shown})')
    wanted_columns = [name for name in (columns.conversation, columns.author, columns.text, columns.time) if name in present]
    grouper = Grouper(source)
    number = 0
    for batch in _batches(source, table, wanted_columns):
        for record in batch.to_pylist():
            number += 1
            key = grouper.default_id
            try:
                key = conversation_key(record.get(columns.conversation), columns, grouper.default_id)
                message = record_message(_iso_time(record, columns.time), columns, number)
            except Skip as skip:
                grouper.skip(key, number, str(skip))
                continue
            grouper.add(key, message)
    return grouper.conversations()


def _open(source: Source) -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(source.name, "reading Parquet needs pyarrow: pip install 'lurewatch[batch]'") from None
    try:
        return pq.ParquetFile(pa.BufferReader(source.data) if source.data is not None else source.path)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(source.name, f"not a readable Parquet file ({_first_line(exc)})") from None


def _batches(source: Source, table: Any, columns: list[str]) -> Iterator[Any]:
    import pyarrow as pa

    try:
        yield from table.iter_batches(batch_size=BATCH_ROWS, columns=columns)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(source.name, f"not a readable Parquet file ({_first_line(exc)})") from None


def _iso_time(record: dict[str, Any], column: str) -> dict[str, Any]:
    """The record with a Parquet timestamp or date in `column` written as ISO-8601, the form JSONL carries."""
    value = record.get(column)
    if isinstance(value, datetime | date):
        record[column] = value.isoformat()
    return record


def _first_line(error: Exception) -> str:
    return str(error).strip().split("\n", 1)[0]

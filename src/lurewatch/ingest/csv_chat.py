"""CSV/TSV with a header row: author and text columns required, time and conversation id optional.

Column names come from `source.columns` (`--author-col` and friends) and are matched case-insensitively; the delimiter
(comma, semicolon or tab) is the one that makes the header contain those columns.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from lurewatch.errors import InputError
from lurewatch.ingest.base import ColumnMapping, Source
from lurewatch.ingest.json_chat import parse_iso_time
from lurewatch.ingest.jsonl import Grouper, Skip, conversation_key
from lurewatch.model import Conversation, Message

NAME = "csv"
EXTENSIONS: tuple[str, ...] = (".csv", ".tsv")

_DELIMITERS = (",", ";", "\t")
_SHOWN_COLUMNS = 20


@dataclass
class _Layout:
    author: int
    text: int
    time: int | None
    conversation: int | None

    @property
    def needed(self) -> int:
        return max(self.author, self.text) + 1


def _first_line(text: str) -> str:
    for line in text.split("\n"):
        if line.strip():
            return line.removesuffix("\r")
    return ""


def _header_fields(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


def _has_columns(fields: list[str], columns: ColumnMapping) -> bool:
    names = {field.strip().casefold() for field in fields}
    return columns.author.casefold() in names and columns.text.casefold() in names


def _delimiter(first_line: str, suffix: str, columns: ColumnMapping) -> str:
    order = ("\t", ",", ";") if suffix == ".tsv" else _DELIMITERS
    for delimiter in order:
        if _has_columns(_header_fields(first_line, delimiter), columns):
            return delimiter
    # None fits: the one that splits the header most, so the error lists its columns sensibly
    return max(order, key=lambda delimiter: len(_header_fields(first_line, delimiter)))


def _layout(source: Source, header: list[str], line: int) -> _Layout:
    index: dict[str, int] = {}
    for position, field in enumerate(header):
        index.setdefault(field.strip().casefold(), position)
    columns = source.columns
    for wanted in (columns.author, columns.text):
        if wanted.casefold() not in index:
            shown = ", ".join(field.strip() for field in header[:_SHOWN_COLUMNS])
            more = ", ..." if len(header) > _SHOWN_COLUMNS else ""
            raise InputError(source.name, f'CSV header has no "{wanted}" column (columns: {shown}{more})', line=line)
    return _Layout(
        author=index[columns.author.casefold()],
        text=index[columns.text.casefold()],
        time=index.get(columns.time.casefold()),
        conversation=index.get(columns.conversation.casefold()),
    )


def _message(row: list[str], layout: _Layout, columns: ColumnMapping, line: int) -> Message:
    if len(row) < layout.needed:
        raise Skip(f"row has {len(row)} fields, expected at least {layout.needed}")
    author = row[layout.author]
    if not author.strip():
        raise Skip(f"{columns.author}: empty")
    time = None
    stamp = row[layout.time].strip() if layout.time is not None and layout.time < len(row) else ""
    if stamp:
        try:
            time = parse_iso_time(stamp)
        except ValueError:
            raise Skip(f"{columns.time}: not an ISO-8601 time") from None
    return Message(author=author.strip(), text=row[layout.text], time=time, line=line)


def _read(source: Source) -> list[Conversation]:
    text = source.read_text()
    columns = source.columns
    # newline="\n": lines end only at "\n", so csv's line_num counts lines the way every other error message does
    reader = csv.reader(io.StringIO(text, newline="\n"), delimiter=_delimiter(_first_line(text), source.suffix, columns))
    grouper = Grouper(source)
    layout: _Layout | None = None
    try:
        previous_end = 0
        for row in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if layout is None:
                layout = _layout(source, row, start)
                continue
            key = grouper.default_id
            try:
                if layout.conversation is not None and layout.conversation < len(row):
                    key = conversation_key(row[layout.conversation].strip(), columns, grouper.default_id)
                message = _message(row, layout, columns, start)
            except Skip as skip:
                grouper.skip(key, start, str(skip))
                continue
            grouper.add(key, message)
    except csv.Error as exc:
        raise InputError(source.name, f"invalid CSV: {exc}", line=reader.line_num) from None
    return grouper.conversations()


def parse(source: Source) -> Iterator[Conversation]:
    yield from _read(source)


def sniff(source: Source, head: str) -> float:
    first = _first_line(head)
    if not first:
        return 0.0
    return 0.7 if any(_has_columns(_header_fields(first, delimiter), source.columns) for delimiter in _DELIMITERS) else 0.0

"""JSON Lines: one message object per line, `{"author", "text", "time"?, "conversation_id"?}`.

Field names come from `source.columns` (`--author-col` and friends). Messages are grouped by conversation id in the order
ids are first seen; lines without an id belong to a conversation named after the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from lurewatch.errors import InputError
from lurewatch.ingest._appjson import json_type
from lurewatch.ingest.base import ColumnMapping, Skips, Source
from lurewatch.ingest.json_chat import parse_iso_time
from lurewatch.model import Conversation, Message, checked_message

NAME = "jsonl"
EXTENSIONS: tuple[str, ...] = (".jsonl", ".ndjson")

_SNIFF_LINES = 5


@dataclass
class _Group:
    messages: list[Message] = field(default_factory=list)
    skipped: int = 0


class Grouper:
    """Collects messages of a flat table (JSONL, CSV) into conversations by id, in the order ids are first seen."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.default_id = Path(source.name).stem
        self._groups: dict[str, _Group] = {}
        self._first_skip: tuple[int, str] | None = None
        self._skips = Skips(source.name)

    def add(self, key: str, message: Message) -> None:
        group = self._groups.get(key)
        if group is None:  # not `setdefault`: that builds a group for every message
            group = self._groups[key] = _Group()
        group.messages.append(message)

    def skip(self, key: str, line: int, reason: str) -> None:
        self._skips.add(line, reason)
        self._groups.setdefault(key, _Group()).skipped += 1
        self._first_skip = self._first_skip or (line, reason)

    def conversations(self) -> list[Conversation]:
        usable = {key: group for key, group in self._groups.items() if group.messages}
        skipped = sum(group.skipped for group in self._groups.values())
        if not usable:
            if self._first_skip is not None:
                line, reason = self._first_skip
                message = f"no usable messages: all {skipped} skipped (first: {reason})"
                raise InputError(self.source.name, message, line=line)
            raise InputError(self.source.name, "no messages found", line=1)
        self._skips.accept(skipped + sum(len(group.messages) for group in usable.values()))
        conversations = [
            Conversation(id=key, messages=group.messages, source=self.source.name, skipped_messages=group.skipped)
            for key, group in usable.items()
        ]
        # Skips under an id that ended up with no message must still show in some conversation's count.
        conversations[0].skipped_messages += skipped - sum(group.skipped for group in usable.values())
        return conversations


class Skip(Exception):
    """One line's message is unusable; the reason names the field, never its text."""


def conversation_key(value: object, columns: ColumnMapping, default: str) -> str:
    if isinstance(value, str):
        return value or default
    if value is None:
        return default
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise Skip(f"{columns.conversation}: expected a string, got {json_type(value)}")


def _not_a_string(key: str, value: object) -> Skip:
    return Skip(f"{key}: missing" if value is None else f"{key}: expected a string, got {json_type(value)}")


def record_message(record: dict[str, Any], columns: ColumnMapping, line: int) -> Message:
    """One message from a record of named fields (a JSONL object, a Parquet row); raises `Skip` when unusable."""
    author, text, stamp = record.get(columns.author), record.get(columns.text), record.get(columns.time)
    if not isinstance(author, str):
        raise _not_a_string(columns.author, author)
    author = author.strip()
    if not author:
        raise Skip(f"{columns.author}: empty")
    if not isinstance(text, str):
        raise _not_a_string(columns.text, text)
    time = None
    if stamp is not None and stamp != "":
        if not isinstance(stamp, str):
            raise Skip(f"{columns.time}: expected an ISO-8601 string, got {json_type(stamp)}")
        try:
            time = parse_iso_time(stamp)
        except ValueError:
            raise Skip(f"{columns.time}: not an ISO-8601 time") from None
    return checked_message(author, text, time, line)


def _plain_record(line: str) -> dict[str, Any] | None:
    """The line's object when orjson reads it as the standard library does (an object without a float in it: see
    `_decode_line`), else None. Most lines are such; the others go through `_decode_line`, with its errors."""
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    if type(record) is dict and float not in map(type, record.values()):  # `type(v) is float`, without a generator
        return record
    return None


def _decode_line(source: Source, line: str, number: int) -> dict[str, Any]:
    try:
        record = orjson.loads(line)  # a third of json's time per line
    except orjson.JSONDecodeError:
        record = _decode_strictly(source, line, number)
    else:
        # orjson reads an integer beyond 64 bits as a float; the fields read here (an id may be a number) must keep it.
        if isinstance(record, dict) and float in map(type, record.values()):  # `type(v) is float`, without a generator
            record = _decode_strictly(source, line, number)
    if not isinstance(record, dict):
        raise InputError(source.name, f"expected a JSON object, got {json_type(record)}", line=number)
    return record


def _decode_strictly(source: Source, line: str, number: int) -> Any:
    """The standard library's reading of a line, for what orjson refuses (NaN, lone surrogate escapes) or reads
    otherwise (integers beyond 64 bits); its errors say what is wrong where, as they always did."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(source.name, f"invalid JSON: {exc.msg} (column {exc.colno})", line=number) from None
    except (ValueError, RecursionError):
        raise InputError(source.name, "invalid JSON", line=number) from None


def _read(source: Source) -> list[Conversation]:
    text = source.read_text()
    grouper = Grouper(source)
    columns, default = source.columns, grouper.default_id  # looked up once, not on each of a million lines
    for number, raw in enumerate(text.split("\n"), start=1):
        record = _plain_record(raw)
        if record is None:
            if not raw.strip():
                continue
            record = _decode_line(source, raw, number)
        key = default
        try:
            key = conversation_key(record.get(columns.conversation), columns, default)
            message = record_message(record, columns, number)
        except Skip as skip:
            grouper.skip(key, number, str(skip))
            continue
        grouper.add(key, message)
    return grouper.conversations()


def parse(source: Source) -> Iterator[Conversation]:
    yield from _read(source)


def _record(line: str) -> dict[str, Any] | None:
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return None
    return record if isinstance(record, dict) else None


def sniff(source: Source, head: str) -> float:
    """0.7 times the share of the first lines that are objects with the author and text fields."""
    if not re.match(r"\s*\{", head):
        return 0.0
    lines = [line for line in head.split("\n") if line.strip()]
    if not head.endswith("\n") and len(lines) > 1:
        lines = lines[:-1]  # the head may stop in the middle of the last line
    lines = lines[:_SNIFF_LINES]
    records = [_record(line) for line in lines]
    if not records or records[0] is None:
        return 0.0
    columns = source.columns
    fitting = sum(1 for record in records if record is not None and columns.author in record and columns.text in record)
    return 0.7 * fitting / len(records)

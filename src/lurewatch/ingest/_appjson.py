"""Shared by the app-export JSON parsers (Discord, Telegram, Messenger, Snapchat): JSON with line numbers, typed field
access that names the broken field, and the skip-or-fail rule for broken messages.

Private module (no NAME), so the registry does not treat it as a format.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from lurewatch.errors import InputError
from lurewatch.ingest.base import Skips, Source, line_of
from lurewatch.model import Conversation, Message

T = TypeVar("T")
TOP = "top level"  # how errors name the whole document
Walk = Mapping[str, "Walk"]

_DECODER = json.JSONDecoder()
# The decoder's own string reader (C-accelerated); public in the module but not in its type stubs.
_SCANSTRING: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
_SPACE = re.compile(r"[ \t\n\r]*")
_JSON_TYPES: dict[type, str] = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}


class Broken(Exception):
    """One field of one item has the wrong shape; `path` names it the way a user finds it (`messages[3].content`)."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def json_type(value: object) -> str:
    return _JSON_TYPES.get(type(value), "number")


@dataclass
class JsonDoc:
    """A decoded JSON file plus where each object/array down to a given depth starts, so messages get line numbers."""

    text: str
    value: Any
    offsets: dict[int, int]
    _last_offset: int = 0
    _last_line: int = 1

    def line(self, node: object) -> int | None:
        offset = self.offsets.get(id(node))
        if offset is None:
            return None
        # Asked in file order, newlines are counted incrementally instead of from the start (line_of) each time:
        # that keeps a 100k-message export linear. Call `number_lines` first to read items in another order.
        if offset >= self._last_offset:
            self._last_line += self.text.count("\n", self._last_offset, offset)
            self._last_offset = offset
            return self._last_line
        return line_of(self.text, offset)

    def number_lines(self, nodes: Iterable[object]) -> dict[int, int | None]:
        """Lines of `nodes` (in file order) by id, for a caller that then visits them backwards."""
        return {id(node): self.line(node) for node in nodes}


def load_json(source: Source, walk: Walk) -> JsonDoc:
    """Decode the whole input like json.loads, also recording where the objects and arrays named by `walk` start.

    `walk` maps keys (`"*"`: any key or array item) to the walk inside them: `{"messages": {}}` gives the offset of
    `messages` and of every item in it. Only walked levels are read by hand; everything else by the C decoder.
    """
    text = source.read_text()
    offsets: dict[int, int] = {}
    # Decoded JSON holds no reference cycles, yet building a million small dicts sets off the cycle collector again
    # and again over an ever larger heap (nearly half the decoding time on big exports): paused meanwhile.
    collecting = gc.isenabled()
    gc.disable()
    try:
        value, end = _value(text, _skip(text, 0), walk, offsets)
        end = _skip(text, end)
        if end != len(text):
            raise json.JSONDecodeError("Extra data", text, end)
    except json.JSONDecodeError as exc:
        raise InputError(source.name, f"invalid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno) from None
    except RecursionError:
        raise InputError(source.name, "invalid JSON: nested too deeply", line=1) from None
    except ValueError as exc:  # e.g. a number with more digits than Python converts
        raise InputError(source.name, f"invalid JSON: {exc}", line=1) from None
    finally:
        if collecting:
            gc.enable()
    return JsonDoc(text=text, value=value, offsets=offsets)


def _skip(text: str, pos: int) -> int:
    match = _SPACE.match(text, pos)
    return match.end() if match else pos


def _expect(text: str, pos: int, char: str, message: str) -> None:
    if text[pos : pos + 1] != char:
        raise json.JSONDecodeError(message, text, pos)


def _value(text: str, pos: int, walk: Walk | None, offsets: dict[int, int]) -> tuple[Any, int]:
    opener = text[pos : pos + 1]
    if walk is None or opener not in ("{", "["):
        value, end = _DECODER.raw_decode(text, pos)
    elif opener == "{":
        value, end = _object(text, pos, walk, offsets)
    else:
        value, end = _array(text, pos, walk, offsets)
    if isinstance(value, dict | list):
        offsets[id(value)] = pos
    return value, end


def _object(text: str, pos: int, walk: Walk, offsets: dict[int, int]) -> tuple[dict[str, Any], int]:
    result: dict[str, Any] = {}
    pos = _skip(text, pos + 1)
    if text[pos : pos + 1] == "}":
        return result, pos + 1
    while True:
        _expect(text, pos, '"', "Expecting property name enclosed in double quotes")
        key, pos = _SCANSTRING(text, pos + 1)
        pos = _skip(text, pos)
        _expect(text, pos, ":", "Expecting ':' delimiter")
        result[key], pos = _value(text, _skip(text, pos + 1), walk.get(key, walk.get("*")), offsets)
        pos = _skip(text, pos)
        if text[pos : pos + 1] == "}":
            return result, pos + 1
        _expect(text, pos, ",", "Expecting ',' delimiter")
        pos = _skip(text, pos + 1)


def _array(text: str, pos: int, walk: Walk, offsets: dict[int, int]) -> tuple[list[Any], int]:
    result: list[Any] = []
    pos = _skip(text, pos + 1)
    if text[pos : pos + 1] == "]":
        return result, pos + 1
    while True:
        item, pos = _value(text, pos, walk.get("*"), offsets)
        result.append(item)
        pos = _skip(text, pos)
        if text[pos : pos + 1] == "]":
            return result, pos + 1
        _expect(text, pos, ",", "Expecting ',' delimiter")
        pos = _skip(text, pos + 1)


def require(value: object, expected: type[T], path: str) -> T:
    if not isinstance(value, expected) or (expected is not bool and isinstance(value, bool)):
        name = {dict: "an object", list: "an array", str: "a string", int: "a number", bool: "true or false"}
        raise Broken(path, f"expected {name.get(expected, expected.__name__)}, got {json_type(value)}")
    return value


_PLAIN_KEY = re.compile(r"[\w.~@+-](?:[\w .~@+-]{0,58}[\w.~@+-])?")


def key_name(key: str) -> str:
    """A key that came from the file (a Snapchat username), made safe for a one-line message: quoted and escaped
    unless it is plainly a name."""
    return key if _PLAIN_KEY.fullmatch(key) else json.dumps(key[:60])


def field_path(path: str, key: str) -> str:
    """`messages[3]` + `content` -> `messages[3].content`; fields of the top-level object are named alone."""
    return f"{path}.{key}" if path and path != TOP else key


def get(obj: dict[str, Any], key: str, expected: type[T], path: str) -> T:
    """A required field of the expected JSON type."""
    if key not in obj:
        raise Broken(field_path(path, key), "missing")
    return require(obj[key], expected, field_path(path, key))


def get_opt(obj: dict[str, Any], key: str, expected: type[T], path: str) -> T | None:
    """An optional field: missing or null gives None; any other wrong type is an error."""
    value = obj.get(key)
    return None if value is None else require(value, expected, field_path(path, key))


@dataclass
class Collector:
    """Collects conversations of one file; broken items are skipped with a warning, unless nothing at all was usable
    or more than a few were broken (see `too_many_skipped`)."""

    source: Source
    doc: JsonDoc
    conversations: list[Conversation] = field(default_factory=list)
    first_broken: tuple[Broken, int | None] | None = None
    items: int = 0
    skips: Skips = field(init=False)

    def __post_init__(self) -> None:
        self.skips = Skips(self.source.name)

    def messages(
        self,
        items: Iterable[tuple[str, Any]],
        convert: Callable[[str, Any, int | None], list[Message]],
        lines: dict[int, int | None] | None = None,
    ) -> tuple[list[Message], int]:
        """Run `convert(path, item, line)` on every item; returns the messages and how many items were skipped."""
        messages: list[Message] = []
        skipped = 0
        for path, item in items:
            line = lines[id(item)] if lines is not None else self.doc.line(item)
            self.items += 1
            try:
                messages.extend(convert(path, item, line))
            except Broken as exc:
                skipped += 1
                self.first_broken = self.first_broken or (exc, line)
                self.skips.add(line, str(exc), where=None if line else path)
        return messages, skipped

    def add(self, conversation_id: str, messages: list[Message], skipped: int) -> None:
        if messages or skipped:
            self.conversations.append(
                Conversation(id=conversation_id, messages=messages, source=self.source.name, skipped_messages=skipped)
            )

    def finish(self) -> list[Conversation]:
        """A file whose every message is broken is a wrong file, not a file with a few bad messages: fail loudly.
        So is one with more than a few broken messages: skipping them would lose much of the conversation."""
        usable = any(conversation.messages for conversation in self.conversations)
        if not usable and self.first_broken is not None:
            broken, line = self.first_broken
            raise InputError(self.source.name, str(broken), line=line)
        self.skips.accept(self.items)
        return self.conversations


def fail(source: Source, doc: JsonDoc, node: object, broken: Broken) -> InputError:
    """A structural problem (not one message): the whole file is refused."""
    return InputError(source.name, str(broken), line=doc.line(node))


def indexed(items: list[Any], path: str) -> Iterable[tuple[str, Any]]:
    return ((f"{path}[{index}]", item) for index, item in enumerate(items))

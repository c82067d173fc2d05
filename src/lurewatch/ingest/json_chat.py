"""lurewatch's own JSON: `{"id", "messages": [{"author", "text", "time"?}]}`, `{"conversations": [...]}` or a list of them.

`time` is ISO-8601 (a trailing "Z" means UTC); `kind` may be "text", "media" or "system". Broken messages are skipped and
counted; the structure around them (the conversation objects, the lists) must be right or the file is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from lurewatch.errors import InputError
from lurewatch.ingest._appjson import Walk, json_type, load_json
from lurewatch.ingest.base import Skips, Source, line_of, warn_file
from lurewatch.model import Conversation, Message, MessageKind

NAME = "json"
EXTENSIONS: tuple[str, ...] = (".json",)

_OPENS_JSON = re.compile(r"\s*[\[{]")
_CONTAINER_KEY = re.compile(r'"(?:messages|conversations)"\s*:\s*\[')
_AUTHOR_KEY = re.compile(r'"author"\s*:\s*"')
_TEXT_KEY = re.compile(r'"text"\s*:\s*"')

Step = str | int


def parse_iso_time(value: str) -> datetime:
    """An ISO-8601 date or date-time (`Z` = UTC): aware when a zone is given, naive otherwise. Raises ValueError."""
    text = value.strip()
    if text[-1:] in ("Z", "z"):
        text = text[:-1] + "+00:00"
    return datetime.fromisoformat(text)


# Where the objects are: each conversation (top level, in "conversations" or in a bare list) and each of its messages.
_WALK: Walk = {"messages": {"*": {}}, "conversations": {"*": {"messages": {"*": {}}}}, "*": {"messages": {"*": {}}}}


def label(path: tuple[Step, ...]) -> str:
    """`conversations[1].messages[3].author` for ("conversations", 1, "messages", 3, "author")."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


@dataclass
class _Skip:
    path: tuple[Step, ...]
    reason: str


def _string_field(item: dict[str, Any], key: str, path: tuple[Step, ...], required: bool) -> str | _Skip | None:
    value = item.get(key)
    if value is None:
        return _Skip((*path, key), "missing") if required else None
    if not isinstance(value, str):
        return _Skip((*path, key), f"expected a string, got {json_type(value)}")
    return value


def _message(item: object, path: tuple[Step, ...], line: int) -> Message | _Skip:
    if not isinstance(item, dict):
        return _Skip(path, f"expected an object, got {json_type(item)}")
    author = _string_field(item, "author", path, required=True)
    text = _string_field(item, "text", path, required=True)
    stamp = _string_field(item, "time", path, required=False)
    kind = _string_field(item, "kind", path, required=False)
    for checked in (author, text, stamp, kind):
        if isinstance(checked, _Skip):
            return checked
    assert isinstance(author, str) and isinstance(text, str)
    if not author.strip():
        return _Skip((*path, "author"), "empty")
    time = None
    if isinstance(stamp, str):
        try:
            time = parse_iso_time(stamp)
        except ValueError:
            return _Skip((*path, "time"), "not an ISO-8601 time")
    try:
        message_kind = MessageKind(kind) if isinstance(kind, str) else MessageKind.TEXT
    except ValueError:
        return _Skip((*path, "kind"), 'expected "text", "media" or "system"')
    return Message(author=author.strip(), text=text, time=time, kind=message_kind, line=line)


class _Reader:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.doc = load_json(source, _WALK)
        self.stem = Path(source.name).stem
        self.skips: list[tuple[_Skip, int]] = []
        self.seen = 0  # messages, read or skipped
        self.warnings = Skips(source.name)

    def fail(self, path: tuple[Step, ...], message: str) -> InputError:
        where = label(path)
        return InputError(self.source.name, f"{where}: {message}" if where else message, line=self.line(path))

    def line(self, path: tuple[Step, ...]) -> int:
        """Line of the innermost object or array on `path` (for errors about the structure)."""
        node: Any = self.doc.value
        offset = self.doc.offsets.get(id(node), 0)
        for step in path:
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                break
            offset = self.doc.offsets.get(id(node), offset)
        return line_of(self.doc.text, offset)

    def conversations(self) -> list[Conversation]:
        found = [self.conversation(item, path, index) for index, (path, item) in enumerate(self.items(self.doc.value))]
        result = [conversation for conversation in found if conversation.messages]
        if not result:
            if self.skips:
                skip, line = self.skips[0]
                raise InputError(
                    self.source.name,
                    f"no usable messages: all {len(self.skips)} skipped (first: {label(skip.path)}: {skip.reason})",
                    line=line,
                )
            raise InputError(self.source.name, "no messages found", line=1)
        self.warnings.accept(self.seen)
        for conversation in found:
            if not conversation.messages:
                warn_file(self.source.name, f"conversation {conversation.id} has no usable messages; left out")
                # its broken messages still count, on the file's first conversation
                result[0].skipped_messages += conversation.skipped_messages
        return result

    def items(self, data: Any) -> list[tuple[tuple[Step, ...], Any]]:
        if isinstance(data, dict) and "messages" in data:
            return [((), data)]
        if isinstance(data, dict) and "conversations" in data:
            listed = data["conversations"]
            if not isinstance(listed, list):
                raise self.fail(("conversations",), f"expected an array, got {json_type(listed)}")
            return [(("conversations", index), item) for index, item in enumerate(listed)]
        if isinstance(data, list):
            return [((index,), item) for index, item in enumerate(data)]
        expected = 'expected an object with "messages" or "conversations", or an array of conversations'
        raise self.fail((), f"{expected}, got {json_type(data)}")

    def conversation_id(self, item: dict[str, Any], path: tuple[Step, ...], index: int) -> str:
        value = item.get("id")
        if value is None or value == "":
            return self.stem if index == 0 else f"{self.stem}#{index + 1}"
        if isinstance(value, str):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        raise self.fail((*path, "id"), f"expected a string, got {json_type(value)}")

    def conversation(self, item: Any, path: tuple[Step, ...], index: int) -> Conversation:
        if not isinstance(item, dict):
            raise self.fail(path, f'expected a conversation object with "messages", got {json_type(item)}')
        conversation_id = self.conversation_id(item, path, index)
        listed = item.get("messages")
        if not isinstance(listed, list):
            what = "missing" if listed is None else f"expected an array, got {json_type(listed)}"
            raise self.fail((*path, "messages"), what)
        messages: list[Message] = []
        skipped = 0
        for number, entry in enumerate(listed):
            message_path = (*path, "messages", number)
            # a message that is not an object has no position of its own: the array's line is the best there is
            line = self.doc.line(entry) or self.doc.line(listed) or 1
            result = _message(entry, message_path, line)
            self.seen += 1
            if isinstance(result, _Skip):
                self.warnings.add(line, f"{label(result.path)}: {result.reason}")
                self.skips.append((result, line))
                skipped += 1
            else:
                messages.append(result)
        return Conversation(id=conversation_id, messages=messages, source=self.source.name, skipped_messages=skipped)


def parse(source: Source) -> Iterator[Conversation]:
    yield from _Reader(source).conversations()


def sniff(source: Source, head: str) -> float:
    if not _OPENS_JSON.match(head):
        return 0.0
    keys = (_CONTAINER_KEY, _AUTHOR_KEY, _TEXT_KEY)
    return 0.6 if all(key.search(head) for key in keys) else 0.0

"""Instagram and Facebook Messenger "Download your information" JSON (`inbox/<thread>/message_1.json`, ...).

Each `message_N.json` holds one slice of a thread, newest message first; a thread folder's slices are merged into one
conversation by `parse_directory` (the registry reaches it through `claims_directory` / `parse_directory`).
Meta writes text as UTF-8 bytes spelled out as latin-1 code points ("cafÃ©" for "café"); that is undone here.

Only `messages` and each message's `sender_name` are required: `participants`, `title`, `thread_path`, `content`,
`timestamp_ms` and the attachment lists are all optional (Instagram's exports leave some out; participants then come
from the senders). Covers the Facebook Messenger and Instagram layouts of 2019–2024.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from lurewatch.errors import InputError
from lurewatch.ingest._appjson import TOP, Broken, Collector, fail, get, get_opt, indexed, load_json, require
from lurewatch.ingest.base import Source
from lurewatch.model import Conversation, Message, MessageKind

NAME = "messenger"
EXTENSIONS: tuple[str, ...] = (".json",)

PART_NAME = re.compile(r"message_(\d+)\.json")
# Attachment lists and the placeholder each item becomes; the files themselves are never opened.
_ATTACHMENTS = (
    ("photos", "<image>"),
    ("gifs", "<image>"),
    ("videos", "<video>"),
    ("audio_files", "<audio>"),
    ("files", "<file>"),
)
# Group membership notices ("X added Y to the group"), not something a participant wrote.
_SYSTEM_TYPES = frozenset({"Subscribe", "Unsubscribe"})
_EARLIEST = datetime.min.replace(tzinfo=UTC)


def sniff(source: Source, head: str) -> float:
    # "participants" opens most exports, but not every Instagram one: a sender with a millisecond time is as telling.
    if '"sender_name"' in head and ('"participants"' in head or '"timestamp_ms"' in head):
        return 0.9
    return 0.0


def fix_mojibake(text: str) -> str:
    """Undo Meta's latin-1 spelling of UTF-8 bytes; text that was never mangled fails the round trip and is kept."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def parse(source: Source) -> Iterator[Conversation]:
    conversation_id, messages, skipped = _read_part(source)
    if messages or skipped:
        yield Conversation(id=conversation_id, messages=messages, source=source.name, skipped_messages=skipped)


def claims_directory(path: Path) -> bool:
    """True for a thread folder: one holding `message_1.json`, `message_2.json`... (its other files are media)."""
    try:
        return path.is_dir() and any(PART_NAME.fullmatch(child.name) for child in path.iterdir() if child.is_file())
    except OSError:
        return False


def parse_directory(path: Path) -> Iterator[Conversation]:
    """All `message_N.json` slices of one thread as ONE conversation, oldest message first."""
    parts = sorted(
        (int(match.group(1)), child)
        for child in _children(path)
        if (match := PART_NAME.fullmatch(child.name)) and child.is_file()
    )
    if not parts:
        raise InputError(str(path), "no message_N.json files in this folder")
    conversation_id = ""
    timed: list[tuple[datetime, int, Message]] = []
    skipped = 0
    # message_1.json is the newest slice: reading the highest number first keeps ties in time in export order.
    for _, part in reversed(parts):
        part_id, messages, part_skipped = _read_part(Source.from_path(part))
        conversation_id = conversation_id or part_id
        skipped += part_skipped
        # A message without a time sorts with the one before it in its slice, so it keeps its place in the thread.
        known = _EARLIEST
        for message in messages:
            known = message.time or known
            timed.append((known, len(timed), message))
    timed.sort(key=lambda entry: (entry[0], entry[1]))
    merged = [message for _, _, message in timed]
    if len(parts) > 1:
        # Line numbers would point into different files under one `source`: dropped rather than misleading.
        merged = [message.model_copy(update={"line": None}) for message in merged]
        source_name = str(path)
    else:
        source_name = str(parts[0][1])
    if merged or skipped:
        yield Conversation(
            id=conversation_id or path.name, messages=merged, source=source_name, skipped_messages=skipped
        )


def _children(path: Path) -> list[Path]:
    try:
        return list(path.iterdir())
    except OSError as exc:
        raise InputError(str(path), f"cannot read folder: {exc.strerror or exc}") from None


def _read_part(source: Source) -> tuple[str, list[Message], int]:
    """One message_N.json: its conversation id, messages oldest first, and how many were skipped."""
    doc = load_json(source, {"messages": {}})
    root = doc.value
    try:
        root = require(root, dict, TOP)
        items = get(root, "messages", list, TOP)
        conversation_id = _conversation_id(root, source)
    except Broken as exc:
        raise fail(source, doc, root, exc) from None
    collector = Collector(source, doc)
    # The file lists the newest message first: read it backwards so the conversation runs oldest first.
    lines = doc.number_lines(items)
    backwards = reversed(list(indexed(items, "messages")))
    messages, skipped = collector.messages(backwards, _convert, lines)
    collector.add(conversation_id, messages, skipped)
    collector.finish()
    return conversation_id, messages, skipped


def _conversation_id(root: dict[str, Any], source: Source) -> str:
    title = get_opt(root, "title", str, TOP)
    if title:
        return fix_mojibake(title)
    thread_path = get_opt(root, "thread_path", str, TOP)
    if thread_path:
        return thread_path
    return _folder_name(source)


def _folder_name(source: Source) -> str:
    # Without title or thread_path the thread folder's name is the only stable name left.
    path = PurePosixPath(source.name.replace("\\", "/"))
    return path.parent.name if PART_NAME.fullmatch(path.name) and path.parent.name else path.stem


def _convert(path: str, item: Any, line: int | None) -> list[Message]:
    item = require(item, dict, path)
    author = fix_mojibake(get(item, "sender_name", str, path))
    time = _time(item, path)
    content = get_opt(item, "content", str, path)
    text = fix_mojibake(content) if content else ""
    if get_opt(item, "type", str, path) in _SYSTEM_TYPES:
        return [
            Message(author=author, text=text or "<membership change>", time=time, kind=MessageKind.SYSTEM, line=line)
        ]
    messages: list[Message] = []
    if text:
        messages.append(Message(author=author, text=text, time=time, line=line))
    for key, placeholder in _ATTACHMENTS:
        for _ in get_opt(item, key, list, path) or []:
            messages.append(Message(author=author, text=placeholder, time=time, kind=MessageKind.MEDIA, line=line))
    if item.get("sticker") is not None:
        messages.append(Message(author=author, text="<sticker>", time=time, kind=MessageKind.MEDIA, line=line))
    return messages


def _time(item: dict[str, Any], path: str) -> datetime | None:
    value = item.get("timestamp_ms")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Broken(f"{path}.timestamp_ms", "expected milliseconds since 1970")
    try:
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise Broken(f"{path}.timestamp_ms", "expected milliseconds since 1970") from None

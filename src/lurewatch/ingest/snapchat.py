"""Snapchat "My Data" chat history (`chat_history.json`), both layouts Snapchat has shipped.

Newer: `{"<friend or group>": [{"From", "Media Type", "Created", "Content", "Conversation Title", "IsSender", ...}]}`,
one conversation per key. Older: `{"Received Saved Chat History": [{"From", ...}], "Sent Saved Chat History":
[{"To", ...}]}` (and the same shape for snap history), grouped into one conversation per other person. The older layout
never names the exporting user, so their messages get the author "You" (`ME`).

Required are only the keys that carry a message: `From` (newer layout and received items) or `To` (sent items). `Media
Type`, `Created`, `Created(microseconds)`, `Content`/`Text`, `Conversation Title` and `IsSender` are optional.
Covers the "My Data" downloads of 2019–2024.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from lurewatch.ingest._appjson import TOP, Broken, Collector, fail, get, get_opt, indexed, key_name, load_json, require
from lurewatch.ingest.base import Source
from lurewatch.model import Conversation, Message, MessageKind

NAME = "snapchat"
EXTENSIONS: tuple[str, ...] = (".json",)

_EARLIEST = datetime.min.replace(tzinfo=UTC)
ME = "You"  # author of the exporting user's own messages in the older layout, which does not give their name
_OLD_SECTION = re.compile(r"(Received|Sent)\b.*\bHistory")
_OLD_SECTIONS = ("Received Saved Chat", "Sent Saved Chat", "Received Snap", "Sent Snap", "Received Chat", "Sent Chat")
_PLACEHOLDERS = {
    "MEDIA": "<media>",
    "IMAGE": "<image>",
    "VIDEO": "<video>",
    "STICKER": "<sticker>",
    "NOTE": "<audio>",  # a voice note
    "LOCATION": "<location>",
    "SHARE": "<shared content>",
}


# Keys only Snapchat writes (capitalised, with spaces): two of them, or an older layout's section name, tell its file.
_HALLMARKS = ('"Media Type"', '"Created"', '"IsSender"', '"Conversation Title"', '"Created(microseconds)"')


def sniff(source: Source, head: str) -> float:
    if any(f'"{section} History"' in head for section in _OLD_SECTIONS):
        return 0.9
    if ('"From"' in head or '"To"' in head) and sum(key in head for key in _HALLMARKS) >= 2:
        return 0.9
    return 0.0


def parse(source: Source) -> Iterator[Conversation]:
    doc = load_json(source, {"*": {}})
    root = doc.value
    try:
        root = require(root, dict, TOP)
        sections = [(key, require(value, list, key_name(key))) for key, value in root.items()]
    except Broken as exc:
        raise fail(source, doc, root, exc) from None
    collector = Collector(source, doc)
    grouped: dict[str, list[Message]] = {}
    skipped: dict[str, int] = {}
    unassigned = 0  # older-layout items too broken to name their other person
    for key, items in sections:
        if _OLD_SECTION.fullmatch(key):
            unassigned += _collect_old(collector, key, items, grouped, skipped)
        else:
            messages, broken = collector.messages(indexed(items, key_name(key)), _convert_new)
            conversation_id = _title(items) or key
            grouped.setdefault(conversation_id, []).extend(messages)
            skipped[conversation_id] = skipped.get(conversation_id, 0) + broken
    for conversation_id, messages in grouped.items():
        # unassigned broken items still count, on the first conversation
        skipped[conversation_id] = skipped.get(conversation_id, 0) + unassigned
        unassigned = 0
        # Snapchat lists newest first (and the older layout splits sent from received): time order rebuilds the chat.
        collector.add(conversation_id, _in_time_order(messages), skipped.get(conversation_id, 0))
    yield from collector.finish()


def _collect_old(
    collector: Collector, key: str, items: list[Any], grouped: dict[str, list[Message]], skipped: dict[str, int]
) -> int:
    """Adds each item to the conversation with its other person; returns how many items named nobody."""
    sent = key.startswith("Sent")
    unassigned = 0
    for path, item in indexed(items, key_name(key)):
        # One item at a time, because each names its own conversation (the other person).
        messages, broken = collector.messages([(path, item)], lambda p, i, line: _convert_old(p, i, line, sent))
        if broken:
            # counted on the conversation it belongs to when it still names the other person
            other = item.get("To" if sent else "From") if isinstance(item, dict) else None
            if isinstance(other, str):
                grouped.setdefault(other, [])
                skipped[other] = skipped.get(other, 0) + broken
            else:
                unassigned += broken
            continue
        other = item["To" if sent else "From"]
        grouped.setdefault(other, []).extend(messages)
        skipped.setdefault(other, 0)
    return unassigned


def _title(items: list[Any]) -> str | None:
    for item in items:
        title = item.get("Conversation Title") if isinstance(item, dict) else None
        if isinstance(title, str) and title:
            return title
    return None


def _in_time_order(messages: list[Message]) -> list[Message]:
    # An item without a time stays beside its neighbour in the file (the one listed before it).
    keyed: list[tuple[datetime, int, Message]] = []
    known = _EARLIEST
    for index, message in enumerate(messages):
        known = message.time or known
        keyed.append((known, index, message))
    keyed.sort(key=lambda entry: (entry[0], entry[1]))
    return [message for _, _, message in keyed]


def _convert_new(path: str, item: Any, line: int | None) -> list[Message]:
    item = require(item, dict, path)
    author = get(item, "From", str, path)
    return _message(item, path, line, author, get_opt(item, "Content", str, path))


def _convert_old(path: str, item: Any, line: int | None, sent: bool) -> list[Message]:
    item = require(item, dict, path)
    author = ME if sent else get(item, "From", str, path)
    if sent:
        get(item, "To", str, path)
    text = get_opt(item, "Text", str, path) or get_opt(item, "Content", str, path)
    return _message(item, path, line, author, text)


def _message(item: dict[str, Any], path: str, line: int | None, author: str, text: str | None) -> list[Message]:
    media_type = get_opt(item, "Media Type", str, path) or "TEXT"
    time = _time(item, path)
    if media_type.startswith("STATUS"):  # "STATUSERASEDMESSAGE", missed calls...: notices from Snapchat itself
        return [Message(author=author, text=text or media_type, time=time, kind=MessageKind.SYSTEM, line=line)]
    if media_type == "TEXT" or (text and media_type not in _PLACEHOLDERS):
        return [Message(author=author, text=text, time=time, line=line)] if text else []
    placeholder = _PLACEHOLDERS.get(media_type, "<media>")
    messages = [Message(author=author, text=placeholder, time=time, kind=MessageKind.MEDIA, line=line)]
    if text:  # words written along with a shared story, link or snap
        messages.append(Message(author=author, text=text, time=time, line=line))
    return messages


def _time(item: dict[str, Any], path: str) -> datetime | None:
    created = get_opt(item, "Created", str, path)
    precise = _from_micros(item.get("Created(microseconds)"))
    if created is None:
        return precise
    try:
        time = datetime.strptime(created, "%Y-%m-%d %H:%M:%S UTC").replace(tzinfo=UTC)
    except ValueError:
        raise Broken(f"{path}.Created", 'expected "YYYY-MM-DD HH:MM:SS UTC"') from None
    # The microsecond field (newer layout) orders messages sent within one second; used only when it agrees.
    if precise is not None and precise.replace(microsecond=0) == time:
        return precise
    return time


def _from_micros(value: object) -> datetime | None:
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    try:
        return datetime.fromtimestamp(value // 1_000_000, tz=UTC).replace(microsecond=value % 1_000_000)
    except (ValueError, OverflowError, OSError):
        return None

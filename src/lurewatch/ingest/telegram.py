"""Telegram Desktop JSON exports (`result.json`): one chat, or a whole account (`chats.list`, `left_chats.list`).

Only `messages` (or `chats`/`left_chats` holding chats with `messages`) is required. In a message every key is optional:
`from` (missing or null: "Deleted Account"), `date_unixtime`/`date` (missing: no time), `text`, `type` and the media
keys. Covers Telegram Desktop exports from 2018 (`date` only) to 2024 (`date_unixtime`, text entities).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from lurewatch.ingest._appjson import (
    TOP,
    Broken,
    Collector,
    Walk,
    fail,
    get_opt,
    indexed,
    json_type,
    load_json,
    require,
)
from lurewatch.ingest.base import Source
from lurewatch.model import Conversation, Message, MessageKind

NAME = "telegram"
EXTENSIONS: tuple[str, ...] = (".json",)

DELETED_ACCOUNT = "Deleted Account"  # what Telegram itself shows for a sender whose account is gone ("from": null)
_MEDIA_TYPES = {
    "photo": "<image>",
    "sticker": "<sticker>",
    "animation": "<video>",
    "video_file": "<video>",
    "video_message": "<video>",
    "voice_message": "<audio>",
    "audio_file": "<audio>",
}
# Shared places and people are kept as media: they matter when someone pushes to meet or to move to another app.
_SHARED = {"location_information": "<location>", "contact_information": "<contact>"}
_CHAT_LIST: Walk = {"list": {"*": {"messages": {}}}}
# Where messages are, so each gets a line number: a single chat's "messages", or each listed chat's in an account export.
_WALK: Walk = {"messages": {}, "chats": _CHAT_LIST, "left_chats": _CHAT_LIST}


def sniff(source: Source, head: str) -> float:
    if '"messages"' not in head and '"chats"' not in head:
        return 0.0
    if '"date_unixtime"' in head or '"from_id"' in head:
        return 0.95
    if '"personal_information"' in head or ('"type": "personal_chat"' in head):
        return 0.9
    return 0.0


def parse(source: Source) -> Iterator[Conversation]:
    doc = load_json(source, _WALK)
    root = doc.value
    try:
        root = require(root, dict, TOP)
        if "chats" in root or "left_chats" in root:
            chats = list(_account_chats(root))
        elif "messages" in root:
            chats = [(TOP, root)]
        else:
            raise Broken(TOP, 'no "messages" or "chats": not a Telegram export')
        collector = Collector(source, doc)
        for path, chat in chats:
            _collect_chat(collector, path, chat)
    except Broken as exc:
        raise fail(source, doc, root, exc) from None
    yield from collector.finish()


def _account_chats(root: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for section in ("chats", "left_chats"):
        block = get_opt(root, section, dict, TOP)
        if block is None:
            continue
        for path, chat in indexed(get_opt(block, "list", list, section) or [], f"{section}.list"):
            yield path, require(chat, dict, path)


def _collect_chat(collector: Collector, path: str, chat: dict[str, Any]) -> None:
    prefix = "" if path == TOP else f"{path}."
    items = get_opt(chat, "messages", list, path) or []
    messages, skipped = collector.messages(indexed(items, f"{prefix}messages"), _convert)
    collector.add(_chat_id(chat, path), messages, skipped)


def _chat_id(chat: dict[str, Any], path: str) -> str:
    name = chat.get("name")
    if isinstance(name, str) and name:
        return name
    ident = chat.get("id")
    if isinstance(ident, int | str) and not isinstance(ident, bool):
        return f"chat-{ident}"
    return path  # e.g. "chats.list[3]": still tells the user which chat it was


def _convert(path: str, item: Any, line: int | None) -> list[Message]:
    item = require(item, dict, path)
    if item.get("type") == "service":  # joins, pins, calls: platform notices, not words of a participant
        return []
    sender = item.get("from")
    author = DELETED_ACCOUNT if sender is None or sender == "" else require(sender, str, f"{path}.from")
    time = _time(item, path)
    text = _text(item.get("text", ""), f"{path}.text")
    messages = [
        Message(author=author, text=placeholder, time=time, kind=MessageKind.MEDIA, line=line)
        for placeholder in _media(item, path)
    ]
    if text:
        messages.append(Message(author=author, text=text, time=time, line=line))
    return messages


def _time(item: dict[str, Any], path: str) -> datetime | None:
    epoch = item.get("date_unixtime")
    if epoch is not None:
        if isinstance(epoch, bool) or not isinstance(epoch, str | int):
            raise Broken(f"{path}.date_unixtime", "expected seconds since 1970 as a string")
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise Broken(f"{path}.date_unixtime", "expected seconds since 1970 as a string") from None
    date = item.get("date")
    if date is None:
        return None
    try:
        # Telegram writes the exporting computer's wall-clock time without a zone: kept naive on purpose.
        return datetime.fromisoformat(require(date, str, f"{path}.date"))
    except ValueError:
        raise Broken(f"{path}.date", "not an ISO 8601 date and time") from None


def _text(value: Any, path: str) -> str:
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        raise Broken(path, f"expected a string or a list of text parts, got {json_type(value)}")
    parts: list[str] = []
    for index, part in enumerate(value):
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict) and isinstance(part.get("text"), str):
            parts.append(part["text"])
        else:
            raise Broken(f"{path}[{index}]", 'expected a string or an object with a "text" string')
    return "".join(parts)


def _media(item: dict[str, Any], path: str) -> list[str]:
    found: list[str] = []
    if item.get("photo") is not None:
        found.append("<image>")
    media_type = get_opt(item, "media_type", str, path)
    if media_type is not None and not (media_type == "photo" and found):
        found.append(_MEDIA_TYPES.get(media_type, "<file>"))
    elif media_type is None and item.get("file") is not None:
        found.append("<file>")  # a document sent as a plain file has "file" but no media_type
    found.extend(placeholder for key, placeholder in _SHARED.items() if item.get(key) is not None)
    return found

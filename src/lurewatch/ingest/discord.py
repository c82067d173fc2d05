"""Discord channels exported as JSON by DiscordChatExporter (`{"guild", "channel", "messages": [...]}`).

Only `messages` and each message's `author` (with `nickname` or `name`) are required; `guild`, `channel`, `timestamp`,
`type`, `content`, `attachments` and `stickers` are optional. Covers DiscordChatExporter 2.x JSON (2020–2024).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from lurewatch.ingest._appjson import TOP, Broken, Collector, fail, get, get_opt, indexed, load_json, require
from lurewatch.ingest.base import Source
from lurewatch.model import Conversation, Message, MessageKind

NAME = "discord"
EXTENSIONS: tuple[str, ...] = (".json",)

# Ordinary user messages; every other type (GuildMemberJoin, ChannelPinnedMessage, Call, ...) is a platform notice.
_USER_TYPES = frozenset({"Default", "Reply"})
_IMAGE = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".heic", ".heif", ".tif", ".tiff", ".avif"})
_VIDEO = frozenset({".mp4", ".mov", ".webm", ".mkv", ".avi", ".m4v"})
_AUDIO = frozenset({".mp3", ".ogg", ".oga", ".opus", ".wav", ".m4a", ".flac", ".aac"})


# Keys of a DiscordChatExporter message that no other export writes: they tell it apart without guild and channel.
_MESSAGE_HALLMARKS = ('"timestampEdited"', '"isPinned"', '"callEndedTimestamp"', '"discriminator"')


def sniff(source: Source, head: str) -> float:
    if '"messages"' not in head:
        return 0.0
    if '"guild"' in head and '"channel"' in head:
        return 0.95
    return 0.9 if '"author"' in head and any(key in head for key in _MESSAGE_HALLMARKS) else 0.0


def parse(source: Source) -> Iterator[Conversation]:
    # Each item of "messages" gets its own line number.
    doc = load_json(source, {"messages": {}})
    root = doc.value
    try:
        root = require(root, dict, TOP)
        guild = get_opt(root, "guild", dict, TOP)
        channel = get_opt(root, "channel", dict, TOP)
        items = get(root, "messages", list, TOP)
        conversation_id = _conversation_id(guild, channel, Path(source.name).stem)
    except Broken as exc:
        raise fail(source, doc, root, exc) from None
    collector = Collector(source, doc)
    messages, skipped = collector.messages(indexed(items, "messages"), _convert)
    collector.add(conversation_id, messages, skipped)
    yield from collector.finish()


def _conversation_id(guild: dict[str, Any] | None, channel: dict[str, Any] | None, stem: str) -> str:
    """`Guild/#channel` as the exporter names it; whichever part is there, else the file's name."""
    guild_label = _label(guild, "guild") if guild is not None else None
    channel_label = _label(channel, "channel") if channel is not None else None
    if guild_label and channel_label:
        return f"{guild_label}/#{channel_label}"
    if channel_label:
        return f"#{channel_label}"
    return guild_label or stem


def _label(obj: dict[str, Any], path: str) -> str | None:
    name = get_opt(obj, "name", str, path)
    if name:
        return name
    ident = obj.get("id")
    if isinstance(ident, str | int) and not isinstance(ident, bool):
        return str(ident)
    return None


def _convert(path: str, item: Any, line: int | None) -> list[Message]:
    item = require(item, dict, path)
    author_obj = get(item, "author", dict, path)
    author = get_opt(author_obj, "nickname", str, f"{path}.author") or get(author_obj, "name", str, f"{path}.author")
    stamp = get_opt(item, "timestamp", str, path)
    time = _time(stamp, f"{path}.timestamp") if stamp is not None else None
    content = get_opt(item, "content", str, path) or ""
    kind_name = get_opt(item, "type", str, path) or "Default"

    if kind_name not in _USER_TYPES:
        # A notice keeps its own wording when the exporter wrote one ("Pinned a message."), else its type name.
        text = content or kind_name
        return [Message(author=author, text=text, time=time, kind=MessageKind.SYSTEM, line=line)]

    messages: list[Message] = []
    if content:
        messages.append(Message(author=author, text=content, time=time, line=line))
    for index, attachment in enumerate(get_opt(item, "attachments", list, path) or []):
        attachment_path = f"{path}.attachments[{index}]"
        attachment = require(attachment, dict, attachment_path)
        file_name = get_opt(attachment, "fileName", str, attachment_path) or ""
        messages.append(
            Message(author=author, text=_placeholder(file_name), time=time, kind=MessageKind.MEDIA, line=line)
        )
    for index, sticker in enumerate(get_opt(item, "stickers", list, path) or []):
        require(sticker, dict, f"{path}.stickers[{index}]")
        messages.append(Message(author=author, text="<sticker>", time=time, kind=MessageKind.MEDIA, line=line))
    # Empty content with nothing attached (e.g. an embed-only bot post) carries no conversation: dropped, not "broken".
    return messages


def _time(value: str, path: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise Broken(path, "not an ISO 8601 date and time") from None


def _placeholder(file_name: str) -> str:
    suffix = PurePosixPath(file_name).suffix.lower()
    if suffix in _IMAGE:
        return "<image>"
    if suffix in _VIDEO:
        return "<video>"
    if suffix in _AUDIO:
        return "<audio>"
    return "<file>"

"""PAN 2012 Sexual Predator Identification corpus: `<conversations><conversation id><message>...` XML, streamed.

The training corpus holds about two million messages in one file, so it is never loaded whole: expat is fed 1 MiB
chunks and each finished `<conversation>` is handed out before the next chunk is read. No element tree is built at all
(only the current conversation's messages are held), which keeps memory flat however large the file is.

Required are `<conversations>`, `<conversation>` and each message's `<author>`; a conversation's `id` attribute, `<text>`
and `<time>` are optional (a conversation without an id is named after its file and line).

Safety: any `<!DOCTYPE` is refused, which rules out entity-expansion bombs and external entities (entities can only be
declared inside a DOCTYPE); the entity and external-entity handlers refuse as well, as a second line of defence.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO
from xml.parsers import expat

from lurewatch.errors import InputError
from lurewatch.ingest.base import Source, skipped_error, too_many_skipped, warn_skipped
from lurewatch.model import Conversation, Message

NAME = "pan12"
EXTENSIONS: tuple[str, ...] = (".xml",)

CHUNK_BYTES = 1024 * 1024
MAX_FIELD_CHARS = 4 * 1024 * 1024


def sniff(source: Source, head: str) -> float:
    if "<conversations" in head and "<conversation id=" in head:
        return 0.95
    if "<conversations" in head:
        return 0.4
    return 0.05 if source.suffix in EXTENSIONS else 0.0


def parse(source: Source) -> Iterator[Conversation]:
    with source.open_binary() as stream:
        yield from _stream(stream, source.name)


def split(source: Source, part_bytes: int) -> list[tuple[int, int, int]]:
    """Byte ranges of whole `<conversation>` elements, about `part_bytes` each, as (start, end, first line), so that
    several processes can parse one big file at once. [] when the file is too small or not shaped for cutting."""
    if source.path is None:
        return []
    try:
        size = source.path.stat().st_size
        if size < 2 * part_bytes:
            return []
        with source.open_binary() as stream:
            found = (_next_conversation(stream, target) for target in range(0, size, part_bytes))
            starts = sorted({start for start in found if start is not None})
            stream.seek(max(size - CHUNK_BYTES, 0))
            root_end = stream.read().rfind(b"</conversations>")
            if root_end < 0 or not starts:
                return []
            end = max(size - CHUNK_BYTES, 0) + root_end
            lines = _line_numbers(stream, starts)
    except OSError:
        return []  # whoever reads the whole file next reports the problem properly
    bounds = [*starts, end]
    return [(bounds[i], bounds[i + 1], lines[i]) for i in range(len(starts)) if bounds[i] < bounds[i + 1]]


def _next_conversation(stream: BinaryIO, offset: int) -> int | None:
    stream.seek(offset)
    window = stream.read(CHUNK_BYTES)
    found = window.find(b"<conversation ")
    return None if found < 0 else offset + found


def _line_numbers(stream: BinaryIO, offsets: list[int]) -> list[int]:
    """1-based line numbers of sorted byte offsets, in one sequential pass."""
    stream.seek(0)
    lines, position, result = 1, 0, []
    for offset in offsets:
        while position < offset:
            chunk = stream.read(min(CHUNK_BYTES * 8, offset - position))
            if not chunk:
                break
            lines += chunk.count(b"\n")
            position += len(chunk)
        result.append(lines)
    return result


def parse_range(source: Source, start: int, end: int, first_line: int) -> Iterator[Conversation]:
    """The conversations in bytes [start, end) of the file (a range from `split`), with true line numbers."""
    builder = _Builder(source.name, line_offset=first_line - 1)
    _feed(builder.parser, b"<conversations>", source.name)
    with source.open_binary() as stream:
        stream.seek(start)
        remaining = end - start
        while remaining > 0:
            chunk = stream.read(min(CHUNK_BYTES, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            _feed(builder.parser, chunk, source.name, builder.line_offset)
            yield from builder.take()
    _feed(builder.parser, b"</conversations>", source.name, builder.line_offset)
    _feed(builder.parser, b"", source.name, builder.line_offset)
    builder.check_skipped()
    yield from builder.take()


def iter_conversations(path_or_stream: str | Path | BinaryIO, name: str | None = None) -> Iterator[Conversation]:
    """Stream conversations from a path or an open binary stream (for benchmarks and scripts)."""
    if isinstance(path_or_stream, str | Path):
        yield from parse(Source.from_path(Path(path_or_stream)))
        return
    yield from _stream(path_or_stream, name or getattr(path_or_stream, "name", None) or "<stream>")


def _stream(stream: BinaryIO, name: str) -> Iterator[Conversation]:
    builder = _Builder(name)
    while True:
        try:
            chunk = stream.read(CHUNK_BYTES)
        except OSError as exc:
            raise InputError(name, f"cannot read: {exc.strerror or exc}") from None
        _feed(builder.parser, chunk, name)
        if not chunk:
            builder.check_skipped()
        if builder.done:
            yield from builder.take()
        if not chunk:
            return


def _feed(parser: expat.XMLParserType, chunk: bytes, name: str, line_offset: int = 0) -> None:
    """One chunk into expat (an empty chunk ends the document); every parser failure becomes an InputError."""
    try:
        parser.Parse(chunk, not chunk)
    except expat.ExpatError as exc:
        raise InputError(name, f"malformed XML: {expat.ErrorString(exc.code)} (column {exc.offset + 1})",
                         line=exc.lineno + line_offset) from None
    except (LookupError, ValueError) as exc:
        # pyexpat raises these for an XML declaration naming an unknown or multi-byte codec it cannot use.
        raise InputError(name, f"unsupported character encoding ({exc})",
                         line=parser.CurrentLineNumber + line_offset) from None


class _Builder:
    """Expat callbacks that collect one conversation at a time; finished ones wait in `done` until taken.

    Called for every tag of a file that may hold millions of messages, so the hot paths are kept flat (no helper calls
    for <author>/<text>/<time>); depths of -1 mean "not inside one".
    """

    def __init__(self, name: str, line_offset: int = 0) -> None:
        self.name = name
        self.line_offset = line_offset  # lines of the file before the part being parsed (see `parse_range`)
        self.done: list[Conversation] = []
        self.parser = parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.buffer_size = 64 * 1024
        parser.StartDoctypeDeclHandler = self._refuse_doctype
        parser.EntityDeclHandler = self._refuse_entity
        parser.ExternalEntityRefHandler = self._refuse_entity
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        # Character data is only wanted inside <author> and <text>: a collector is switched on for those elements,
        # sparing a Python call for every run of indentation between tags.
        parser.CharacterDataHandler = None
        self.depth = 0
        self.conversation: Conversation | None = None
        self.conversation_depth = -1
        self.message_depth = -1
        self.message_line: int | None = None
        self.field: str | None = None  # "author" or "text" while inside one
        self.field_depth = -1
        self.parts: list[str] = []
        self.field_size = 0
        self.author: str | None = None
        self.text: str | None = None
        self.broken: str | None = None  # why the current message will be skipped
        self.stem = Path(name).stem
        self.seen = 0  # messages, read or skipped
        self.skipped = 0
        self.first_skip: tuple[int | None, str] | None = None

    def check_skipped(self) -> None:
        """At the end of the stream (conversations already handed out cannot be taken back): more than a few broken
        messages make the whole file an error rather than a quiet loss."""
        if self.first_skip is not None and too_many_skipped(self.skipped, self.seen):
            line, reason = self.first_skip
            raise skipped_error(self.name, self.skipped, self.seen, line, reason)

    def take(self) -> list[Conversation]:
        taken, self.done = self.done, []
        return taken

    def _fail(self, message: str) -> InputError:
        return InputError(self.name, message, line=self.parser.CurrentLineNumber + self.line_offset)

    def _refuse_doctype(self, *_: object) -> None:
        raise self._fail("DOCTYPE declarations are not allowed (they enable entity expansion and external entities)")

    def _refuse_entity(self, *_: object) -> int:
        raise self._fail("entity declarations and external entities are not allowed")

    def _collect(self, data: str) -> None:
        # A bounded field: one giant <text> (a 2 GB line) must not take the memory with it; that message is skipped.
        self.field_size += len(data)
        if self.field_size <= MAX_FIELD_CHARS:
            self.parts.append(data)
        elif self.broken is None:
            self.broken = f"<{self.field}> longer than {MAX_FIELD_CHARS:,} characters"
            self.parts = []

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        depth = self.depth = self.depth + 1
        if self.field is not None:
            return  # markup inside <author>/<text>: its character data still belongs to the field
        if depth == self.message_depth + 1 and (tag == "author" or tag == "text"):
            if (self.author if tag == "author" else self.text) is not None:
                self.broken = f"more than one <{tag}>"
            self.field = tag
            self.field_depth = depth
            self.parts = []
            self.field_size = 0
            self.parser.CharacterDataHandler = self._collect
        elif tag == "message":
            self._start_message(depth)
        elif tag == "conversation":
            self._start_conversation(depth, attrs)
        elif depth == 1 and tag != "conversations":
            raise self._fail(f"expected a <conversations> root element, got <{tag}>")

    def _start_conversation(self, depth: int, attrs: dict[str, str]) -> None:
        if self.conversation is not None:
            raise self._fail("<conversation> inside another <conversation>")
        if depth == 1:
            raise self._fail("expected a <conversations> root element, got <conversation>")
        # Without an id the file and line still name the conversation, the same in every process of `--jobs`.
        conversation_id = attrs.get("id", "").strip() or f"{self.stem}:{self.parser.CurrentLineNumber + self.line_offset}"
        self.conversation = Conversation(id=conversation_id, source=self.name)
        self.conversation_depth = depth

    def _start_message(self, depth: int) -> None:
        if self.message_depth >= 0:
            raise self._fail("<message> inside another <message>")
        if self.conversation is None or depth != self.conversation_depth + 1:
            raise self._fail("<message> outside a <conversation>")
        self.message_depth = depth
        self.message_line = self.parser.CurrentLineNumber + self.line_offset
        self.author = self.text = self.broken = None

    def _end(self, tag: str) -> None:
        depth = self.depth
        self.depth = depth - 1
        if self.field is not None:
            if depth == self.field_depth:
                self.parser.CharacterDataHandler = None
                if self.field == "author":
                    self.author = "".join(self.parts)
                else:
                    self.text = "".join(self.parts)
                self.field = None
                self.parts = []
        elif depth == self.message_depth:
            self._end_message()
        elif depth == self.conversation_depth:
            assert self.conversation is not None  # the depth is only set together with the conversation
            self.done.append(self.conversation)
            self.conversation = None
            self.conversation_depth = -1

    def _end_message(self) -> None:
        self.message_depth = -1
        conversation = self.conversation
        assert conversation is not None  # a message only starts inside a conversation
        author = self.author.strip() if self.author else ""
        reason = self.broken or (None if author else "message without an <author>")
        self.seen += 1
        if reason is not None:
            warn_skipped(self.name, f"{self.message_line} (conversation {conversation.id})", reason)
            conversation.skipped_messages += 1
            self.skipped += 1
            self.first_skip = self.first_skip or (self.message_line, reason)
            return
        # PAN texts are kept as they are (after XML unescaping); empty texts are real messages in the corpus.
        conversation.messages.append(Message(author=author, text=self.text or "", line=self.message_line))

"""Labelled conversations to evaluate on: lurewatch's labelled JSON/JSONL, and the PAN 2012 corpus with its ground truth.

Labelled JSON(L): one conversation per line (JSONL), or a list / `{"conversations": [...]}` (JSON), each
`{"id", "source"?, "label", "suspects"?, "onset"?, "messages": [{"author", "text", "time"?}]}` where `label` is
"grooming", "sextortion" or "benign" (or true/false, 1/0). Evaluation data has to be right, so nothing is skipped:
any broken field is a one-line `InputError` naming the file and line.

PAN 2012 (Sexual Predator Identification): the XML corpus plus the ground-truth files that sit beside it, found by
name (`*predators*.txt` / `*groundtruth-problem1*.txt`: one predator author id per line; `*groundtruth-problem2*.txt`:
"conversation id<TAB>line" of the lines judged predatory, where line is the `<message line="N">` attribute; only the
test release has one). A conversation is risky when any of its authors is a listed predator.

Message text is only ever handed to the analyzer; nothing here logs or stores it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from lurewatch import ingest
from lurewatch.errors import InputError
from lurewatch.ingest._appjson import Walk, load_json
from lurewatch.ingest.base import Source, decode_text
from lurewatch.ingest.json_chat import parse_iso_time
from lurewatch.model import Conversation, Message

LABELS = ("grooming", "sextortion", "benign")
RISKY_LABEL = "risky"  # what a bare true / 1 means: risky, of no named kind
BENIGN = "benign"
LABELLED_SUFFIXES = (".json", ".jsonl")
PAN_SUFFIX = ".xml"
# Ground-truth files of the PAN 2012 releases (training: "...-predators-2012-05-01.txt"; test:
# "...-groundtruth-problem1.txt" and "...-groundtruth-problem2.txt"), matched by these parts of their names. The
# training release's "...-diff.txt" has the same two columns but lists the lines whose text was changed between corpus
# versions (the official readme says so), not predatory lines: it must not be read as problem-2 ground truth.
PREDATOR_FILE_MARKS = ("predators", "groundtruth-problem1")
LINE_FILE_MARKS = ("groundtruth-problem2",)
_WALK: Walk = {"messages": {"*": {}}, "conversations": {"*": {"messages": {"*": {}}}}, "*": {"messages": {"*": {}}}}
_CHUNK = 1024 * 1024

LineOf = Callable[[object], int]  # the line a decoded JSON object starts on
Fail = Callable[..., InputError]  # fail(message, node=None): an error at the node's line, or the record's


@dataclass(frozen=True)
class PanGroundTruth:
    predators: frozenset[str]
    predator_files: tuple[str, ...]
    lines: frozenset[tuple[str, int]] | None  # (conversation id, PAN line number); None without a problem-2 file
    line_files: tuple[str, ...] = ()


@dataclass(frozen=True)
class PanCorpus:
    path: Path
    truth: PanGroundTruth

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class LabelledConversation:
    conversation: Conversation
    label: str
    source: str  # the corpus or data set it belongs to, for false-positive rates per source
    suspects: frozenset[str] = frozenset()
    onset: int | None = None  # first message index of the grooming, when annotated
    corpus: PanCorpus | None = None  # set for PAN conversations: problems 1 and 2 are scored per corpus

    @property
    def risky(self) -> bool:
        return self.label != BENIGN


@dataclass
class Dataset:
    """The inputs of one evaluation, checked and resolved before anything is analysed (a typo or a missing ground
    truth fails at once, not after minutes of analysis)."""

    labelled_files: list[Path] = field(default_factory=list)
    pan_corpora: list[PanCorpus] = field(default_factory=list)
    order: list[Path | PanCorpus] = field(default_factory=list)

    def __iter__(self) -> Iterator[LabelledConversation]:
        for item in self.order:
            if isinstance(item, PanCorpus):
                yield from read_pan(item)
            else:
                yield from read_labelled(item)


def open_dataset(inputs: Sequence[str | Path]) -> Dataset:
    """Files and folders (walked recursively, hidden entries left out) of labelled JSON/JSONL and PAN 2012 XML."""
    dataset = Dataset()
    seen: set[Path] = set()
    for item in inputs:
        path = Path(item)
        if not path.exists():
            raise InputError(str(item), "no such file or directory")
        files = _walk(path) if path.is_dir() else [path]
        if path.is_dir() and not files:
            raise InputError(str(item), "no labelled data in this folder (.json, .jsonl or PAN 2012 .xml)")
        for file in files:
            resolved = file.resolve()
            if resolved in seen:
                continue  # the same file given twice (a folder and a file in it) would count its conversations twice
            seen.add(resolved)
            suffix = file.suffix.lower()
            if suffix in LABELLED_SUFFIXES:
                # Read once now to check it: a broken line must not surface after minutes spent analysing the lines
                # before it. (Such files are read whole anyway; a PAN corpus can be gigabytes and streams instead.)
                for _ in read_labelled(file):
                    pass
                dataset.labelled_files.append(file)
                dataset.order.append(file)
            elif suffix == PAN_SUFFIX:
                corpus = PanCorpus(path=file, truth=find_pan_ground_truth(file))
                dataset.pan_corpora.append(corpus)
                dataset.order.append(corpus)
            else:
                raise InputError(
                    str(file), "not labelled data: expected .json or .jsonl (labelled conversations) or a PAN 2012 .xml"
                )
    return dataset


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in (*LABELLED_SUFFIXES, PAN_SUFFIX):
                found.append(Path(root) / name)
    return found


# --- labelled JSON / JSONL -------------------------------------------------------------------------------------------


def read_labelled(path: Path) -> Iterator[LabelledConversation]:
    source = Source.from_path(path)
    if path.suffix.lower() == ".jsonl":
        yield from _read_jsonl(source)
    else:
        yield from _read_json(source)


def _read_jsonl(source: Source) -> Iterator[LabelledConversation]:
    text = source.read_text()
    default_source = Path(source.name).name
    count = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(source.name, f"invalid JSON: {exc.msg} (column {exc.colno})", line=number) from None
        count += 1
        yield _labelled(item, source.name, default_source, _at_line(number), f"{Path(source.name).stem}:{number}")
    if count == 0:
        raise InputError(source.name, "no conversations found")


def _at_line(line: int) -> LineOf:
    """A JSONL record is one line: every error in it names that line."""
    return lambda _node: line


def _read_json(source: Source) -> Iterator[LabelledConversation]:
    doc = load_json(source, _WALK)
    data = doc.value
    if isinstance(data, dict) and "conversations" in data:
        items = data["conversations"]
        if not isinstance(items, list):
            raise InputError(source.name, '"conversations" must be an array', line=doc.line(data) or 1)
    elif isinstance(data, list):
        items = data
    elif isinstance(data, dict) and "messages" in data:
        items = [data]
    else:
        raise InputError(source.name, 'expected an array of conversations or {"conversations": [...]}', line=1)
    if not items:
        raise InputError(source.name, "no conversations found", line=1)
    lines = doc.number_lines(_nodes(items))  # in file order, before any error might ask for one out of order
    fallback = doc.line(items) or 1

    def line_of(node: object) -> int:
        return lines.get(id(node)) or fallback

    default_source = Path(source.name).name
    for index, item in enumerate(items):
        yield _labelled(item, source.name, default_source, line_of, f"{Path(source.name).stem}#{index + 1}")


def _nodes(items: list[Any]) -> Iterator[object]:
    for item in items:
        yield item
        if isinstance(item, dict) and isinstance(item.get("messages"), list):
            yield item["messages"]
            yield from item["messages"]


def _labelled(item: Any, name: str, default_source: str, line_of: LineOf, fallback_id: str) -> LabelledConversation:
    """One labelled conversation; `line_of(node)` gives the line of a decoded object (the record's own line in JSONL)."""
    here = line_of(item)

    def fail(message: str, node: object = None) -> InputError:
        return InputError(name, message, line=line_of(node) if node is not None else here)

    if not isinstance(item, dict):
        raise fail(f"expected a conversation object, got {_json_type(item)}")
    conversation_id = item.get("id")
    if conversation_id is None:
        conversation_id = fallback_id
    elif isinstance(conversation_id, int) and not isinstance(conversation_id, bool):
        conversation_id = str(conversation_id)
    elif not isinstance(conversation_id, str) or not conversation_id.strip():
        raise fail('"id" must be a non-empty string or a number')
    label = _label(item.get("label"), fail)
    source = item.get("source")
    if source is None:
        source = default_source
    elif not isinstance(source, str) or not source.strip():
        raise fail('"source" must be a non-empty string')
    suspects = item.get("suspects")
    if suspects is None:
        suspects = []
    elif not isinstance(suspects, list) or not all(isinstance(s, str) and s.strip() for s in suspects):
        raise fail('"suspects" must be an array of author names')
    listed = item.get("messages")
    if not isinstance(listed, list) or not listed:
        raise fail('"messages" must be a non-empty array' if listed is not None else '"messages" is missing')
    messages = [_message(entry, index, fail) for index, entry in enumerate(listed)]
    onset = item.get("onset")
    if onset is not None and (not isinstance(onset, int) or isinstance(onset, bool) or not 0 <= onset < len(messages)):
        raise fail(f'"onset" must be null or a message index from 0 to {len(messages) - 1}')
    conversation = Conversation(id=conversation_id, messages=messages, source=name)
    return LabelledConversation(
        conversation=conversation,
        label=label,
        source=source.strip(),
        suspects=frozenset(s.strip() for s in suspects),
        onset=onset,
    )


def _label(value: object, fail: Fail) -> str:
    if isinstance(value, bool):
        return RISKY_LABEL if value else BENIGN
    if isinstance(value, int) and value in (0, 1):
        return RISKY_LABEL if value else BENIGN
    if isinstance(value, str) and value.strip().lower() in LABELS:
        return value.strip().lower()
    if value is None:
        raise fail('"label" is missing (grooming, sextortion, benign, true/false or 1/0)')
    raise fail(f'"label" must be grooming, sextortion, benign, true/false or 1/0, got {_json_type(value)}')


def _message(entry: object, index: int, fail: Fail) -> Message:
    where = f"messages[{index}]"
    if not isinstance(entry, dict):
        raise fail(f"{where}: expected an object, got {_json_type(entry)}")
    author, text, stamp = entry.get("author"), entry.get("text"), entry.get("time")
    if not isinstance(author, str) or not author.strip():
        raise fail(f"{where}.author: expected a non-empty string", entry)
    if not isinstance(text, str):
        raise fail(f"{where}.text: expected a string", entry)
    time = None
    if stamp is not None:
        try:
            time = parse_iso_time(stamp) if isinstance(stamp, str) else None
        except ValueError:
            time = None
        if time is None:
            raise fail(f"{where}.time: expected an ISO-8601 date-time", entry)
    return Message(author=author.strip(), text=text, time=time)


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "true or false", type(None): "null"}
    return names.get(type(value), "a number")


# --- PAN 2012 --------------------------------------------------------------------------------------------------------


def find_pan_ground_truth(xml: Path) -> PanGroundTruth:
    """The ground truth beside a PAN 2012 corpus file: every predator-id file and every predatory-lines file in its
    folder (several are merged: ids are corpus-wide hashes, so a file about another corpus only adds ids that never
    occur)."""
    folder = xml.parent
    try:
        names = sorted(entry.name for entry in folder.iterdir() if entry.is_file() and entry.suffix.lower() == ".txt")
    except OSError as exc:
        raise InputError(str(folder), f"cannot list the folder: {exc.strerror or exc}") from None
    predator_files = [folder / n for n in names if any(mark in n.lower() for mark in PREDATOR_FILE_MARKS)]
    line_files = [folder / n for n in names if any(mark in n.lower() for mark in LINE_FILE_MARKS)]
    if not predator_files:
        raise InputError(
            str(xml),
            f"no PAN 2012 ground truth beside it: expected a *predators*.txt or *groundtruth-problem1*.txt in {folder}",
        )
    predators = frozenset().union(*(read_predators(path) for path in predator_files))
    lines = frozenset().union(*(read_predatory_lines(path) for path in line_files)) if line_files else None
    return PanGroundTruth(
        predators=predators,
        predator_files=tuple(str(path) for path in predator_files),
        lines=lines,
        line_files=tuple(str(path) for path in line_files),
    )


def _text_lines(path: Path) -> Iterator[tuple[int, str]]:
    data = Source.from_path(path).read_bytes()
    if not data.strip():
        return  # an empty ground truth is a valid one: no predators in this corpus
    text = decode_text(data, str(path))
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped:
            yield number, stripped


def read_predators(path: Path) -> frozenset[str]:
    """One author id per line (blank lines and Windows line ends are tolerated)."""
    ids: set[str] = set()
    for number, line in _text_lines(path):
        if len(line.split()) != 1:
            raise InputError(str(path), "expected one predator author id per line", line=number)
        ids.add(line)
    return frozenset(ids)


def read_predatory_lines(path: Path) -> frozenset[tuple[str, int]]:
    """"conversation id<TAB>line number" per line, the line being the `<message line="N">` attribute."""
    found: set[tuple[str, int]] = set()
    for number, line in _text_lines(path):
        parts = line.split()
        if len(parts) != 2 or not parts[1].isdigit():
            raise InputError(str(path), "expected 'conversation id<TAB>line number'", line=number)
        found.add((parts[0], int(parts[1])))
    return frozenset(found)


def read_pan(corpus: PanCorpus) -> Iterator[LabelledConversation]:
    predators = corpus.truth.predators
    for conversation in ingest.load([corpus.path], input_format="pan12"):
        suspects = predators.intersection(conversation.participants)
        yield LabelledConversation(
            conversation=conversation,
            label="grooming" if suspects else BENIGN,
            source=corpus.name,
            suspects=frozenset(suspects),
            corpus=corpus,
        )


MessageKey = tuple[str, int, int]  # (conversation id, file line of <message>, how many kept messages began there before)


def message_keys(conversation: Conversation, indices: set[int]) -> dict[int, MessageKey]:
    """How `pan_line_numbers` finds parsed messages again in the XML, by message index (messages whose line the parser
    did not record are left out)."""
    keys: dict[int, MessageKey] = {}
    if not indices:
        return keys
    seen: dict[int, int] = {}
    for index, message in enumerate(conversation.messages):
        if message.line is None:
            continue
        before = seen.get(message.line, 0)
        seen[message.line] = before + 1
        if index in indices:
            keys[index] = (conversation.id, message.line, before)
    return keys


def pan_line_numbers(path: Path, wanted: set[MessageKey]) -> dict[MessageKey, int]:
    """PAN's own `<message line="N">` numbers of the given parsed messages.

    The parser keeps where each message starts in the file, not PAN's attribute, and it skips messages without an
    author, so a message index is not the PAN line. One more expat pass (no text is collected, only whether <author>
    is blank) matches the file position of each kept message to its attribute. Only the wanted keys are kept, so the
    two-million-message training corpus costs no memory here.
    """
    found: dict[MessageKey, int] = {}
    if not wanted:
        return found
    parser = expat.ParserCreate()
    state: dict[str, Any] = {"conversation": None, "line": None, "attr": None, "author": [], "seen": {}}

    def refuse(*_: object) -> None:
        raise InputError(str(path), "DOCTYPE declarations and entities are not allowed", line=parser.CurrentLineNumber)

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "conversation":
            state["conversation"] = attrs.get("id", "").strip()
            state["seen"] = {}
        elif tag == "message":
            state["line"], state["attr"], state["author"] = parser.CurrentLineNumber, attrs.get("line"), []
        elif tag == "author" and state["line"] is not None:
            # Character data is collected inside <author> only: a Python call per text run elsewhere is wasted.
            parser.CharacterDataHandler = text

    def end(tag: str) -> None:
        if tag == "author":
            parser.CharacterDataHandler = None
        elif tag == "message" and state["line"] is not None:
            line = state["line"]
            state["line"] = None
            if not "".join(state["author"]).strip():
                return  # the parser skipped this message too
            seen: dict[int, int] = state["seen"]
            before = seen.get(line, 0)
            seen[line] = before + 1
            key = (state["conversation"], line, before)
            attr = state["attr"]
            if key in wanted and attr is not None and attr.strip().isdigit():
                found[key] = int(attr)

    def text(data: str) -> None:
        state["author"].append(data)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise InputError(str(path), f"malformed XML: {expat.ErrorString(exc.code)}", line=exc.lineno) from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
    return found

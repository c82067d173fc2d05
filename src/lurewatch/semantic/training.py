"""Learned examples for the semantic layer, taken from tagged training conversations (`eval/train/*.jsonl`).

In those files a suspect's message carries `"tags": [categories]` (the moves it makes) and a message of a benign
conversation that merely resembles a move carries `"lookalike": [categories]`. Messages with exactly one category are
taken (a message with several mixes moves, so it would blur every indicator it joined); each is assigned to the one
indicator of that category whose current catalogue examples it resembles most. A tagged move joins that indicator's
positives, a look-alike its counter-examples (which veto a hit they are nearer to than any positive).

The example text is what the layer will compare with: the message itself when it is one segment, otherwise its segment
that scores best for the category (a long message often carries the move in one clause).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lurewatch.errors import InputError
from lurewatch.normalize import normalize
from lurewatch.semantic.layer import Encoder, LearnedExample, SemanticLayer, segments_of

TRAIN_GLOB = "eval/train/*.jsonl"  # relative to the repository root
# Learned by the probe only (see `probe.py`): as bank examples they made benign look-alikes near neighbours of moves, and
# validation sets lost precision (eval/validation set E: 3 -> 7 of 27 benign conversations alerted in its unread half).
PROBE_ONLY_GLOB = "eval/train/probe/*.jsonl"
# Learned by the author model only (see `author_model.py`), whose inputs must be what unseen chat gives.
AUTHOR_GLOB = "eval/train/author/*.jsonl"


@dataclass(frozen=True, slots=True)
class TaggedMessage:
    category: str
    positive: bool  # tagged on a suspect's message (True) or a benign look-alike (False)
    text: str


@dataclass(frozen=True, slots=True)
class LabelledMessage:
    text: str
    categories: frozenset[str]  # its `tags` (a suspect's moves); empty for look-alikes and ordinary messages


def read_tagged(paths: Sequence[Path], categories: set[str]) -> list[TaggedMessage]:
    """The single-category messages of every file, in file order; a file that cannot be read raises InputError."""
    return [message for path in paths for message, _ in _read_file(path, categories) if message is not None]


def read_labelled(paths: Sequence[Path], categories: set[str]) -> list[LabelledMessage]:
    """Every message of every file, in file order, with its moves (for the probe)."""
    return [labelled for path in paths for _, labelled in _read_file(path, categories)]


def _read_file(path: Path, categories: set[str]) -> list[tuple[TaggedMessage | None, LabelledMessage]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(str(path), "no such training file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"cannot read: {error}") from None
    taken: list[tuple[TaggedMessage | None, LabelledMessage]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            conversation = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(str(path), f"not JSON ({error.msg})", number) from None
        messages = conversation.get("messages") if isinstance(conversation, dict) else None
        if not isinstance(messages, list):
            raise InputError(str(path), "a conversation needs a list of `messages`", number)
        for position, message in enumerate(messages):
            try:
                tagged = _tagged(message, categories)
            except ValueError as error:
                raise InputError(str(path), f"message {position}: {error}", number) from None
            assert isinstance(message, dict)  # `_tagged` has checked it
            taken.append((tagged, LabelledMessage(message["text"], frozenset(message.get("tags") or ()))))
    if not any(tagged is not None for tagged, _ in taken):
        raise InputError(str(path), "no message with exactly one `tags` or `lookalike` category")
    return taken


def _tagged(message: object, categories: set[str]) -> TaggedMessage | None:
    """The message's one category, None when it has none or several; ValueError says what is wrong with it."""
    if not isinstance(message, dict) or not isinstance(message.get("text"), str):
        raise ValueError("needs a `text` string")
    # One category may be given as a string ("lookalike": "secrecy"), as the synthetic sets' writers often did.
    tags, lookalike = ([value] if isinstance(value, str) else value or [] for value in (message.get("tags"), message.get("lookalike")))
    if tags and lookalike:
        raise ValueError("has both `tags` and `lookalike`")
    for field, values in (("tags", tags), ("lookalike", lookalike)):
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ValueError(f"`{field}` must be a list of category names")
        unknown = sorted(set(values) - categories)
        if unknown:
            raise ValueError(f"`{field}`: unknown category {unknown[0]!r}")
    chosen = tags or lookalike
    if len(chosen) != 1:
        return None
    return TaggedMessage(chosen[0], bool(tags), message["text"])


def learned_examples(tagged: Sequence[TaggedMessage], layer: SemanticLayer, encoder: Encoder) -> list[LearnedExample]:
    """Assign every tagged message to the indicator of its category it resembles most in `layer`'s bank (the
    catalogue's own examples). Deterministic; messages with no segment the layer would read are left out, and so are
    repeats and texts the indicator already has."""
    bank = layer.bank
    pieces = [segments_of(message.text) for message in tagged]
    texts = list(dict.fromkeys(segment.text for segments in pieces for segment in segments))
    row = {text: i for i, text in enumerate(texts)}
    scores = layer.indicator_scores(encoder.encode(texts) @ bank.vectors.T) if texts else np.zeros((0, 0))
    columns = {
        category: np.array([i for i, spec in enumerate(bank.specs) if spec.category == category])
        for category in {spec.category for spec in bank.specs}
    }
    known = {(bank.specs[bank.owner[i]].id, bool(bank.positive[i]), normalize(bank.texts[i]).text) for i in range(len(bank.texts))}
    out: list[LearnedExample] = []
    for message, segments in zip(tagged, pieces, strict=True):
        if not segments or message.category not in columns:
            continue
        candidates = columns[message.category]
        table = scores[[row[segment.text] for segment in segments]][:, candidates]
        best_segment, best_indicator = np.unravel_index(int(table.argmax()), table.shape)
        segment = segments[int(best_segment)]
        text = message.text.strip() if len(segments) == 1 else message.text[segment.start : segment.end]
        indicator = bank.specs[int(candidates[best_indicator])].id
        key = (indicator, message.positive, normalize(text).text)
        if key in known:
            continue
        known.add(key)
        out.append(LearnedExample(indicator, message.positive, text))
    return out

"""Find catalogue indicators in one message: one scan of a pattern set (`patternset.py`) says which patterns match, then
only those run, in RE2, for spans.

A pattern with gaps within a sentence is in the set as its anchor (see `gaps.py`): it runs whole only on a message in
which the set found that."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import re2

from lurewatch.indicators.catalogue import Catalogue, IndicatorSpec, expand_pattern, load_catalogue
from lurewatch.indicators.gaps import anchor_expression
from lurewatch.indicators.patternset import Matcher, compile_matcher
from lurewatch.indicators.script_packs import ScriptPack, check_forms, check_packs, packs_for, shipped_packs
from lurewatch.normalize import NormalizedText, normalize

SET_MEMORY = 128 * 2**20
# After a message with words of the other languages, their patterns are also scanned in the next this many messages of
# the conversation: a short line of a chat in Polish ("dawaj 120 teraz, inaczej wrzucam na twoje insta") often has none
# of the words, and an English room, where one line in 200 has one, pays for a few lines only. 3 found the same chats
# in other languages as 8, whose extra scans built more of the set's DFA (about 0.15 s over 200,000 IRC messages).
OTHER_LANGUAGE_SPAN = 3
_LEADING_PUNCTUATION = frozenset(".,;:!?")
# A school grade or year is about five below the age: the youngest in that year in most school systems ("8th" -> 13).
GRADE_TO_AGE = 5
PRIVATE_MARKER_LENGTH = 10  # "[whisper]", "(private)" and a space


def in_other_language(left_before: int, left_after: int) -> bool:
    """Whether a message is in the other languages, from the counts `Recognizer.scan_in_conversation` took and gave:
    it has their words, or follows one that had them closely enough."""
    return left_before > 0 or left_after == OTHER_LANGUAGE_SPAN


def written_in_other_script(canonical: bytes) -> bool:
    """Whether a message with letters of another script is written in it, not English with a greeting in it ("Your
    Korean is getting better. 파이팅!"): at least one character of it for every three ASCII letters. Only then is it
    in the other languages (`in_other_language`); its script's pack reads it either way."""
    ascii_letters = len(canonical) - len(canonical.translate(None, _ASCII_LETTERS))
    other = len(canonical.translate(None, _NOT_LEAD_BYTES))  # characters beyond ASCII: one lead byte each
    return other * 3 >= ascii_letters


_ASCII_LETTERS = b"abcdefghijklmnopqrstuvwxyz"
_NOT_LEAD_BYTES = bytes(range(0xC0))


@dataclass(frozen=True, slots=True)
class Hit:
    """An indicator (or signal) seen in a message, located in the ORIGINAL text."""

    spec: IndicatorSpec
    start: int
    end: int
    evidence: str
    value: str | None = None  # a named group's text, e.g. the age in an age claim


class Recognizer:
    """Compiled catalogue. Thread-safe and reusable; build it once (see `default_recognizer`)."""

    def __init__(self, catalogue: Catalogue, packs: Callable[[], Sequence[ScriptPack]] = shipped_packs) -> None:
        """`packs`: the script packs to read messages in the catalogue's `other_scripts` with (called on the first
        such message)."""
        self.catalogue = catalogue
        options = re2.Options()
        options.never_capture = True
        # For the RE2 sets. RE2's default budget (8 MB) is too small for the DFA of the whole catalogue: it kept
        # discarding its states and fell back to the NFA, 5x slower per message (measured on IRC #ubuntu). The DFA
        # grows with the states ordinary text visits, up to this bound. 64 MB became too small as the catalogue grew
        # (200k IRC messages took 4.9 s instead of 4.0 s); peak memory is the same with 128 MB, as the states are made
        # only as text needs them.
        options.max_mem = SET_MEMORY
        self._patterns: list[tuple[IndicatorSpec, str]] = []  # each pattern of the sets: its indicator, its expression
        # The other-language patterns are a set of their own, scanned only in a message with words of those languages:
        # in one set with the rest, the DFA that English chat builds took a third longer to build (1.4 -> 1.9 s on the
        # first pass over 200,000 IRC messages). The words are one more expression in the main set, numbered after its
        # patterns; they cost about 0.1 s there, as much as a scan of their own would.
        other = [(spec, p) for spec in catalogue.indicators for p in spec.other_languages]
        main = [(spec, p) for spec in catalogue.indicators for p in spec.patterns]
        words = (expand_pattern(catalogue.other_language_words, catalogue.macros),) if other else ()
        # Each script's letters are one more expression of the main set, after the words: which scripts a message has.
        self._scripts = tuple(catalogue.other_scripts)
        letters = tuple(expand_pattern(catalogue.other_scripts[script], catalogue.macros) for script in self._scripts)
        self._match = self._compile_set(options, main, (*words, *letters), ahead=True)
        self._words = len(self._patterns)  # the index the language's words have in the main set
        self._first_script = self._words + len(words)  # the index of the first script's letters there (or the words')
        # An RE2 set: it is scanned in few messages of most chat, and Hyperscan took almost two minutes to compile it
        # (four of its long gapped patterns 25 s between them; the main set, 7 times as many patterns, ~5 s). Compiled
        # ahead, 200,000 IRC messages took 3.60-3.75 s instead of 3.96-3.99 s: not worth a first run that long.
        self._match_other = self._compile_set(options, other, ahead=False) if other else None
        self._options = options
        self._packs = packs
        self._script_sets: dict[str, tuple[int, Matcher | None]] = {}  # a script's set, and its first pattern's index
        self._script_lock = threading.Lock()
        # A pattern is compiled on its own the first time the set says it matches (for its span): most never do on
        # ordinary chat, and compiling all ~600 took a tenth of a second of every start.
        self._compiled: dict[int, Any] = {}
        # Each exception gets its own word boundaries, as a pattern would (one that starts with an emoji gets none).
        self._unless: dict[str, Any] = {
            spec.id: re2.compile("|".join(expand_pattern(p, catalogue.macros) for p in spec.unless))
            for spec in catalogue.indicators
            if spec.unless
        }
        # Words that retell someone else's move ("he said", "she asked if", "this account dmed me"): see `is_retold`.
        retelling = catalogue.macros.get("retelling")
        self._retelling = re2.compile(expand_pattern(retelling, catalogue.macros)) if retelling else None
        # Checked on the raw text of each message of a group (no normalising): its first characters only.
        marker = catalogue.macros.get("private_marker")
        self._private_line = re2.compile(f"(?i){marker}") if marker else None

    def is_private_line(self, text: str) -> bool:
        """Whether the message is a private line of a group's log ("(dm) ...", "[whisper] ...": the catalogue's
        `private_marker`)."""
        return (
            self._private_line is not None
            and text.startswith(("(", "["))
            and self._private_line.match(text[:PRIVATE_MARKER_LENGTH]) is not None
        )

    def _compile_set(
        self, options: Any, patterns: list[tuple[IndicatorSpec, str]], extra: tuple[str, ...] = (), *, ahead: bool
    ) -> Matcher:
        """A matcher of these patterns (a gapped one by its anchor), each listed in `_patterns` after those before it,
        then the `extra` expressions (numbered after the patterns, listed nowhere); `ahead`: see `compile_matcher`."""
        expressions = []
        for spec, pattern in patterns:
            expression = expand_pattern(pattern, self.catalogue.macros)
            expressions.append(anchor_expression(pattern, self.catalogue.macros) or expression)
            self._patterns.append((spec, expression))
        return compile_matcher([*expressions, *extra], options, ahead=ahead)

    def scan(self, text: str) -> list[Hit]:
        return self.scan_normalized(normalize(text))[0]

    def scan_in_conversation(self, text: str, other_languages_left: int) -> tuple[list[Hit], int]:
        """Scan the next message of a conversation: its hits, and for how many more messages the other-language
        patterns are scanned (see OTHER_LANGUAGE_SPAN; start from 0)."""
        hits, words = self.scan_normalized(normalize(text), other_languages_left > 0)
        return hits, OTHER_LANGUAGE_SPAN if words else max(other_languages_left - 1, 0)

    def scan_conversation(self, texts: Sequence[str]) -> tuple[list[list[Hit]], list[bool]]:
        """Each message's hits, and whether it is in the other languages (`in_other_language`), as
        `scan_in_conversation` finds them one after another; an empty text (a message that is not text) is not scanned."""
        scans: list[list[Hit]] = []
        other_language: list[bool] = []
        left = 0
        for text in texts:
            hits: list[Hit] = []
            before = left
            if text:
                hits, left = self.scan_in_conversation(text, left)
            scans.append(hits)
            other_language.append(in_other_language(before, left))
        return scans, other_language

    def scan_normalized(self, normalized: NormalizedText, other_languages: bool = False) -> tuple[list[Hit], bool]:
        """The hits, and whether the message has words of the other languages; `other_languages`: scan for their
        patterns even without such words."""
        canonical = normalized.encoded
        matched = self._match(canonical)
        words = False
        scripts: list[str] = []
        special = {index for index in matched if index >= self._words}  # the words and scripts: numbered last
        if special:
            matched = [index for index in matched if index < self._words]
            scripts = [self._scripts[index - self._first_script] for index in sorted(special) if index >= self._first_script]
            has_words = self._first_script > self._words  # the catalogue has other_languages, and so their words
            words = (has_words and self._words in special) or (bool(scripts) and written_in_other_script(canonical))
        if self._match_other is not None and (words or other_languages):
            matched += [self._words + index for index in self._match_other(canonical)]
        for script in scripts:
            first, matcher = self._script_set(script)
            if matcher is not None:
                matched += [first + index for index in matcher(canonical)]
        if not matched:
            return [], words
        hits: list[Hit] = []
        seen: set[str] = set()
        for index in sorted(matched):
            spec, expression = self._patterns[index]
            if spec.id in seen:
                continue  # one finding per indicator per message: the first pattern in catalogue order wins
            unless = self._unless.get(spec.id)
            if unless is not None and unless.search(canonical):
                continue
            regex = self._compiled.get(index)
            if regex is None:
                regex = self._compiled[index] = re2.compile(expression)
            match = regex.search(canonical)
            if match is None:  # a gapped pattern's anchor without the rest of it
                continue
            seen.add(spec.id)
            hits.append(self._hit(spec, match, normalized, canonical))
        return hits, words

    def _script_set(self, script: str) -> tuple[int, Matcher | None]:
        """The set of the packs that read this script, compiled on first use, and the index of its first pattern."""
        built = self._script_sets.get(script)
        if built is not None:
            return built
        with self._script_lock:
            if script not in self._script_sets:
                every = self._packs()
                check_packs(every, self.catalogue)
                packs = packs_for(script, every)
                first = len(self._patterns)
                try:
                    forms = [(self.catalogue.by_id(i), p) for pack in packs for i, ps in pack.forms.items() for p in ps]
                    matcher = self._compile_set(self._options, forms, ahead=False) if forms else None
                except (re2.error, KeyError, ValueError):  # ValueError: a group the word boundaries found open
                    del self._patterns[first:]
                    for pack in packs:  # which pack, indicator and pattern it was (checked only then: it costs a compile)
                        check_forms(pack, self.catalogue)
                    raise
                self._script_sets[script] = (first, matcher)
            return self._script_sets[script]

    def vetoes(self, indicator: str, text: str) -> bool:
        """Whether the indicator's exceptions (`unless`) rule this message out, whatever found it."""
        unless = self._unless.get(indicator)
        return unless is not None and unless.search(normalize(text).encoded) is not None

    def is_retold(self, text: str, start: int) -> bool:
        """Whether the words at `start` follow, in their sentence, words that retell someone else's move ("he asked if
        my parents check my phone", "she said dont tell anyone"): what a young person or a parent reports is not their
        own move. The move said first and a remark after it ("dont tell ur mum, she said 9pm bedtime") stays a move."""
        if self._retelling is None:
            return False
        sentence = max(text.rfind(mark, 0, start) for mark in ".!?\n") + 1
        return start > sentence and self._retelling.search(normalize(text[sentence:start]).encoded) is not None

    @staticmethod
    def _hit(spec: IndicatorSpec, match: Any, normalized: NormalizedText, canonical: bytes) -> Hit:
        value = None
        if "age" in match.re.groupindex and match.group("age") is not None:
            value = match.group("age").decode("utf-8", "replace")
        elif "grade" in match.re.groupindex and match.group("grade") is not None:
            value = str(int(match.group("grade")) + GRADE_TO_AGE)
        start, end = normalized.original_span_of_bytes(match.start(), match.end())
        # A pattern may take the punctuation before a sentence's first word ("(?:^|[.!?] )come over"): not evidence.
        text = normalized.original
        first = start
        while first < end and (text[first] in _LEADING_PUNCTUATION or text[first].isspace()):
            first += 1
        start = first if first < end else start
        return Hit(spec, start, end, text[start:end], value)


@cache
def default_recognizer() -> Recognizer:
    return Recognizer(load_catalogue())

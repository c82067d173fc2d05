"""The indicator catalogue: one YAML entry per indicator (data, not code), validated and compiled for RE2.

Pattern language (all patterns run on the canonical text from `lurewatch.normalize`, so they are written in lower case
and plain ASCII spelling):
- RE2 syntax (linear time; no look-around, no back-references);
- `{name}` expands a macro from the catalogue's `macros` table (word lists such as `{pic}` or `{family}`);
- every `'` is optional, so `don't` also finds `dont`;
- a word boundary is added at each end that starts or ends with a word character; where the end is a group whose
  branches start (or end) with punctuation or an anchor, only the branches that start (or end) with a word get one
  (`boundaries.py`), so "(?:^|[.!?,] )" also follows "!!" and "(?:\\$|£) ?\\d+" finds "$300";
- a named group `(?P<age>...)` lets a signal report a value (age claims); `(?P<grade>...)`, a school grade or year,
  reports the age five above it.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any, Literal

import re2
import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from lurewatch.errors import LurewatchError
from lurewatch.indicators.boundaries import bound

CATALOGUE_FILE = "catalogue.yaml"
# libyaml's loader when PyYAML was built with it: the same documents, read 8x faster (start-up of every command).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MACRO = re.compile(r"\{([a-z_]+)\}")

Context = Literal["after_refusal", "after_request", "after_age_question", "after_threat", "after_material"]


class Examples(BaseModel):
    model_config = ConfigDict(extra="forbid")

    match: list[str] = Field(min_length=2)
    no_match: list[str] = Field(min_length=2)
    # Other wordings of the same move that the patterns need not find: the semantic layer compares messages with
    # `match` + `similar` by meaning. Several registers (teen slang, adult, misspelt, formal); synthetic, non-explicit.
    similar: list[str] = Field(default_factory=list)


class IndicatorSpec(BaseModel):
    """One catalogue entry."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    category: str
    stage: str
    severity: int = Field(ge=1, le=5)
    title: str
    description: str
    explanation: str  # template: {author}, {evidence}
    advice: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    # The same move in the other languages chats most often use (see `other_language_words`): scanned only in a message
    # with words of those languages, so English chat does not pay for them.
    other_languages: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()  # a message that also matches one of these is not a finding ("pic of your dog")
    # only counts right after another participant's refusal / request / age question or own age / threat, or at any
    # time after its author said they hold pictures (see `ConversationState._context_holds`)
    context: Context | None = None
    signal: bool = False  # feeds conversation analysis (disclosures, age claims, refusals); never a finding by itself
    questions: bool = False  # each hit is a personal-information question put to someone else (asymmetry)
    derived: bool = False  # raised by conversation analysis, not by patterns
    # Whether the semantic layer may find this move by meaning. Not for a move that is one only in its context (a
    # threat right after a no): a likeness by meaning cannot see the context, so its examples stay out of the bank.
    by_meaning: bool = True
    # The fewest words a message needs before a likeness by meaning counts: MiniLM puts short replies that name a coach,
    # a mum or sending ("thank u coach", "please dont send that") near the threat examples; real threats are seldom so short.
    meaning_min_words: int = Field(default=0, ge=0)
    # The move asks about or speaks of the other person's life ("is your mum home?", "ur friends are fake"): a likeness
    # by meaning does not count in a message that speaks only of its writer (a word for themselves, none for the other
    # person, no question mark). MiniLM puts someone's news of their own ("my mum's at work till 6", "i gotta go my mom
    # says bed") right beside the move.
    about_the_other: bool = False
    confidence: float = Field(default=0.8, ge=0.0, le=1.0)
    examples: Examples | None = None

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z_]+\.[a-z_]+", value):
            raise ValueError("id must look like 'category.name' in lower case")
        return value


class CategorySpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    description: str


class StageSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    label: str
    description: str


class Catalogue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    stages: tuple[StageSpec, ...]
    categories: dict[str, CategorySpec]
    macros: dict[str, str]
    # Words common in the languages of the indicators' `other_languages` and rare in English: a message without any is
    # not scanned for those patterns.
    other_language_words: str = ""
    # The letters of each script other than the Latin one whose chat the script packs read (`script_packs.py`): a
    # message with one of them is in the other languages, and is scanned for the packs of its scripts.
    other_scripts: dict[str, str] = Field(default_factory=dict)
    indicators: tuple[IndicatorSpec, ...]
    _index: dict[str, IndicatorSpec] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: object, /) -> None:
        self._index.update((spec.id, spec) for spec in self.indicators)

    def by_id(self, indicator_id: str) -> IndicatorSpec:
        return self._index[indicator_id]

    def stage_label(self, stage_id: str) -> str:
        return next(stage.label for stage in self.stages if stage.id == stage_id)

    def stage_order(self, stage_id: str) -> int:
        return next(i for i, stage in enumerate(self.stages) if stage.id == stage_id)


class CatalogueError(LurewatchError):
    pass


@cache
def load_catalogue() -> Catalogue:
    text = resources.files("lurewatch.indicators").joinpath(CATALOGUE_FILE).read_text(encoding="utf-8")
    return parse_catalogue(text, CATALOGUE_FILE)


def safe_load_yaml(text: str) -> Any:
    """`yaml.safe_load`, on libyaml when it is there."""
    return yaml.load(text, Loader=_YAML_LOADER)


def parse_catalogue(text: str, name: str) -> Catalogue:
    try:
        catalogue = Catalogue.model_validate(safe_load_yaml(text))
    except (yaml.YAMLError, ValidationError) as exc:
        first = str(exc).splitlines()
        raise CatalogueError(f"{name}: {' '.join(first[:3])}") from None
    _check_references(catalogue, name)
    return catalogue


def _check_references(catalogue: Catalogue, name: str) -> None:
    stage_ids = {stage.id for stage in catalogue.stages}
    seen: set[str] = set()
    for spec in catalogue.indicators:
        problems = []
        if spec.id in seen:
            problems.append("duplicate id")
        if spec.id.split(".")[0] != spec.category:
            problems.append("id must start with its category")
        if spec.category not in catalogue.categories:
            problems.append(f"unknown category {spec.category!r}")
        if spec.stage not in stage_ids:
            problems.append(f"unknown stage {spec.stage!r}")
        if not spec.patterns and not spec.other_languages and not spec.derived:
            problems.append("no patterns")
        if spec.patterns and spec.examples is None:
            problems.append("patterns need examples (match and no_match)")
        seen.add(spec.id)
        for pattern in spec.patterns + spec.other_languages + spec.unless:
            try:
                check_pattern(pattern, catalogue.macros)
            except (re2.error, KeyError) as exc:
                problems.append(f"pattern {pattern!r}: {exc}")
        if problems:
            raise CatalogueError(f"{name}: indicator {spec.id}: {'; '.join(problems)}")
    if any(spec.other_languages for spec in catalogue.indicators) and not catalogue.other_language_words:
        raise CatalogueError(f"{name}: other_languages patterns need other_language_words")


def expand_pattern(pattern: str, macros: dict[str, str], *, bound_start: bool = True, bound_end: bool = True) -> str:
    """Macros, optional apostrophes and word boundaries: the RE2 source that actually runs. A piece of a pattern (see
    `gaps.py`) gets a boundary only at an end it shares with the whole pattern."""
    for _ in range(5):  # macros may use macros; a bounded depth keeps a cycle from hanging
        expanded = _MACRO.sub(lambda m: f"(?:{macros[m.group(1)]})", pattern)
        if expanded == pattern:
            break
        pattern = expanded
    pattern = pattern.replace("'", "'?")
    start = bound_start and re.match(r"[\w(]", pattern) is not None
    end = bound_end and re.search(r"[\w)]$", pattern) is not None and not pattern.endswith("\\b")
    return bound(f"(?:{pattern})", start=start, end=end)


def check_pattern(pattern: str, macros: dict[str, str]) -> None:
    """Raises `re2.error` (or `KeyError`, an unknown macro) for a pattern RE2 cannot read. Parsed by a set, which is
    a tenth of the cost of compiling it (~0.07 s for the catalogue at every start); compiled only to say what is wrong."""
    try:
        expression = expand_pattern(pattern, macros)
    except ValueError:  # a group or class left open, which the word boundaries could not be placed around
        expression = expand_pattern(pattern, macros, bound_start=False, bound_end=False)  # RE2 says what is wrong
    try:
        re2.Set.SearchSet(_CHECK_OPTIONS).Add(expression)
    except re2.error:
        re2.compile(expression)
        raise


_CHECK_OPTIONS = re2.Options()

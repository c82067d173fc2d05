"""Catalogue forms for chat written in scripts other than the Latin one: one JSON file per language in
`indicators/scripts/` (a "pack"), each mapping catalogue indicator ids to RE2 patterns written against the normalised
text of that script (`lurewatch.normalize` keeps a Cyrillic, Greek, Arabic, Hangul... text in its own letters).

A pack is read, checked and compiled only when the first message in one of its scripts arrives (the catalogue's
`other_scripts` names each script's letters): English chat never pays for them, and a start-up stays as quick as it was.
Each indicator stays one catalogue entry; a pack only adds its wordings in one more language, like a translation file.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from importlib import resources

import re2
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lurewatch.indicators.catalogue import Catalogue, CatalogueError, check_pattern

PACKS_FOLDER = "scripts"


class ScriptPack(BaseModel):
    """One language's forms: `scripts` names the catalogue's `other_scripts` whose messages are scanned for them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str
    scripts: tuple[str, ...] = Field(min_length=1)
    forms: dict[str, tuple[str, ...]]
    source: str = ""  # where it was read from, for errors


def parse_pack(text: str, name: str) -> ScriptPack:
    try:
        return ScriptPack.model_validate({**json.loads(text), "source": name})
    except json.JSONDecodeError as error:
        raise CatalogueError(f"{name}: line {error.lineno}: not JSON ({error.msg})") from None
    except ValidationError as error:
        first = error.errors()[0]
        raise CatalogueError(f"{name}: {'.'.join(map(str, first['loc']))}: {first['msg']}") from None


def check_packs(packs: Sequence[ScriptPack], catalogue: Catalogue) -> None:
    """Raises CatalogueError for a pack with a script the catalogue does not name. (Its forms are checked by compiling
    them; `check_forms` says which one is wrong.)"""
    for pack in packs:
        unknown = sorted(set(pack.scripts) - set(catalogue.other_scripts))
        if unknown:
            known = ", ".join(sorted(catalogue.other_scripts))
            raise CatalogueError(f"{pack.source or pack.language}: unknown script {unknown[0]!r} (the catalogue's: {known})")


def check_forms(pack: ScriptPack, catalogue: Catalogue) -> None:
    """Raises CatalogueError, naming the pack, the indicator and the pattern, for a form the recognizer cannot use."""
    name = pack.source or pack.language
    for indicator, patterns in pack.forms.items():
        try:
            catalogue.by_id(indicator)
        except KeyError:
            raise CatalogueError(f"{name}: unknown indicator {indicator!r}") from None
        for number, pattern in enumerate(patterns, start=1):
            try:
                check_pattern(pattern, catalogue.macros)
            except (re2.error, KeyError) as error:  # a pattern RE2 cannot read, or an unknown macro
                raise CatalogueError(f"{name}: {indicator}, pattern {number}: {error}") from None


@cache
def shipped_packs() -> tuple[ScriptPack, ...]:
    """The packs that ship with lurewatch, in file-name order (read on first use; checked where they are compiled)."""
    folder = resources.files("lurewatch.indicators").joinpath(PACKS_FOLDER)
    files = sorted((entry for entry in folder.iterdir() if entry.name.endswith(".json")), key=lambda entry: entry.name)
    return tuple(parse_pack(entry.read_text(encoding="utf-8"), f"{PACKS_FOLDER}/{entry.name}") for entry in files)


def packs_for(script: str, packs: Sequence[ScriptPack]) -> list[ScriptPack]:
    return [pack for pack in packs if script in pack.scripts]

"""What to do next, for the person reading: a teen, a parent or a moderator. Texts live in data/advice.yaml."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

from lurewatch.errors import UsageError
from lurewatch.indicators.catalogue import Catalogue, safe_load_yaml
from lurewatch.model import Advice, Audience, Finding, Resource, RiskLevel

AUDIENCES: tuple[Audience, ...] = ("teen", "parent", "moderator")
# The handout's resources are always given; --country adds the national ones.
DEFAULT_COUNTRIES = ("ALL", "US")
COUNTRY_ALIASES = {"GB": "UK", "USA": "US", "CAN": "CA", "AUS": "AU"}
NATIONAL = ("UK", "CA", "AU")
EXTORTION_TOPIC = "sextortion"


@cache
def _advice_data() -> dict[str, Any]:
    text = resources.files("lurewatch.data").joinpath("advice.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = safe_load_yaml(text)
    return data


def advise(
    findings: Sequence[Finding],
    level: RiskLevel,
    catalogue: Catalogue,
    audience: Audience = "parent",
    country: str | None = None,
) -> Advice:
    if audience not in AUDIENCES:
        raise UsageError(f"unknown audience {audience!r} (one of: {', '.join(AUDIENCES)})")
    data = _advice_data()
    topics = _topics(findings, catalogue)
    steps: list[str] = []
    if findings:
        for topic in topics:
            steps.extend(data["steps"][topic][audience])
        steps.extend(data["steps"]["always"][audience])
    else:
        steps.extend(data["steps"]["always"][audience][-1:])
    return Advice(
        audience=audience,
        summary=data["summaries"][level][audience],
        steps=list(dict.fromkeys(steps)),
        resources=resources_for(audience, country),
    )


def _topics(findings: Sequence[Finding], catalogue: Catalogue) -> list[str]:
    """Advice topics of the findings, most severe first; sextortion always leads."""
    ranked: dict[str, int] = {}
    for finding in sorted(findings, key=lambda f: -f.severity):
        for topic in catalogue.by_id(finding.indicator).advice:
            ranked.setdefault(topic, finding.severity)
    topics = sorted(ranked, key=lambda topic: (topic != EXTORTION_TOPIC, -ranked[topic]))
    return topics


def resources_for(audience: Audience, country: str | None = None) -> list[Resource]:
    return list(_resources(audience, (country or "").upper()))


@cache
def _resources(audience: Audience, country: str) -> tuple[Resource, ...]:
    wanted = set(DEFAULT_COUNTRIES)
    if country:
        code = COUNTRY_ALIASES.get(country, country)
        wanted.add(code if code in NATIONAL or code == "US" else "OTHER")
    return tuple(
        Resource(name=item["name"], what=item["what"], contact=item["contact"], country=item["country"])
        for item in _advice_data()["resources"]
        if item["country"] in wanted and audience in item["audiences"]
    )

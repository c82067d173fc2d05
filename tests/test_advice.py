"""Advice: for the right audience, kind, sextortion-specific when needed, with real resources."""

from __future__ import annotations

import pytest

from lurewatch import analyze
from lurewatch.advice import advise, resources_for
from lurewatch.errors import UsageError
from lurewatch.indicators.catalogue import load_catalogue

BLAMING = ("your fault", "you should have", "why did you", "you shouldn't have")


@pytest.mark.parametrize("audience", ["teen", "parent", "moderator"])
def test_sextortion_advice_says_do_not_pay_and_keep_evidence(examples, audience: str) -> None:
    advice = analyze(examples / "sextortion.txt", audience=audience).advice
    text = " ".join(advice.steps).lower()
    assert advice.audience == audience
    assert "pay" in text or audience == "moderator"
    assert "evidence" in text or "screenshot" in text or "keep" in text
    assert "take it down" in text or any(r.name.startswith("Take It Down") for r in advice.resources)


def test_teen_advice_never_blames_and_says_it_is_not_their_fault(examples) -> None:
    advice = analyze(examples / "sextortion.txt", audience="teen").advice
    text = (advice.summary + " " + " ".join(advice.steps)).lower()
    assert "not something you did wrong" in text or "not your fault" in text
    for phrase in BLAMING:
        assert phrase not in text.replace("not your fault", "")


def test_resources_carry_real_contacts() -> None:
    contacts = {r.name: r.contact for r in resources_for("parent")}
    assert contacts["Take It Down (NCMEC)"] == "takeitdown.ncmec.org"
    assert "1-800-843-5678" in contacts["National Center for Missing & Exploited Children"]
    assert "1-800-THE-LOST" in contacts["National Center for Missing & Exploited Children"]
    assert any("a21.org" in c for c in contacts.values())


@pytest.mark.parametrize(("country", "contact"), [("UK", "ceop.police.uk"), ("gb", "ceop.police.uk"),
                                                 ("CA", "cybertip.ca"), ("AU", "esafety.gov.au"),
                                                 ("DE", "inhope.org")])
def test_country_adds_national_hotline(country: str, contact: str) -> None:
    assert any(r.contact == contact for r in resources_for("moderator", country))
    assert not any(r.contact == contact for r in resources_for("moderator"))


def test_topics_follow_findings(examples) -> None:
    walkthrough = analyze(examples / "walkthrough.txt", audience="teen").advice
    text = " ".join(walkthrough.steps).lower()
    assert "photo" in text or "camera" in text  # picture request
    assert "meet" in text
    assert "pay" not in text  # no sextortion here


def test_no_findings_gives_calm_advice() -> None:
    advice = advise([], "none", load_catalogue(), "parent")
    assert "No warning signs" in advice.summary
    assert advice.steps


def test_unknown_audience_is_refused() -> None:
    with pytest.raises(UsageError):
        advise([], "none", load_catalogue(), "robot")  # type: ignore[arg-type]

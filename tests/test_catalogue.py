"""The catalogue's own table: every indicator finds its `match` examples, spares its `no_match` ones, and still finds them
when they are disguised (leetspeak, look-alike letters, zero-width characters, stretching, spacing, capitals)."""

from __future__ import annotations

import re

import pytest

from lurewatch.indicators.catalogue import CatalogueError, load_catalogue, parse_catalogue
from lurewatch.indicators.recognizer import default_recognizer

CATALOGUE = load_catalogue()
PATTERNED = [spec for spec in CATALOGUE.indicators if spec.patterns]
REQUIRED_CATEGORIES = {
    "contact_opener", "trust_building", "personal_info", "self_disclosure", "age_claim", "risk_assessment",
    "picture_request", "pressure", "secrecy", "isolation", "private_app", "gifts", "meeting", "sexual_talk",
    "sextortion_threat", "sextortion_demand",
}


def _ids(text: str) -> set[str]:
    return {hit.spec.id for hit in default_recognizer().scan(text)}


def _table(kind: str) -> list[tuple[str, str]]:
    return [
        (spec.id, example)
        for spec in PATTERNED
        for example in (spec.examples.match if kind == "match" else spec.examples.no_match)  # type: ignore[union-attr]
    ]


def test_every_patterned_indicator_has_examples() -> None:
    assert all(spec.examples is not None for spec in PATTERNED)


def test_required_categories_have_indicators() -> None:
    present = {spec.category for spec in CATALOGUE.indicators}
    assert present >= REQUIRED_CATEGORIES


def test_sextortion_is_top_severity() -> None:
    for spec in CATALOGUE.indicators:
        if spec.category in ("sextortion_threat", "sextortion_demand"):
            assert spec.severity == 5, spec.id


@pytest.mark.parametrize(("indicator", "text"), _table("match"))
def test_positive_example_is_found(indicator: str, text: str) -> None:
    hits = [hit for hit in default_recognizer().scan(text) if hit.spec.id == indicator]
    assert hits, f"{indicator} missed {text!r}"
    hit = hits[0]
    assert hit.evidence == text[hit.start : hit.end]
    assert hit.evidence.strip()


@pytest.mark.parametrize(("indicator", "text"), _table("no_match"))
def test_negative_example_is_not_found(indicator: str, text: str) -> None:
    assert indicator not in _ids(text)


def _longest_word(text: str) -> re.Match[str]:
    return max(re.finditer(r"[A-Za-z]{4,}", text), key=lambda m: len(m.group()))


def _leet(text: str) -> str:
    def swap(match: re.Match[str]) -> str:
        word = match.group()
        inner = word[1:-1].replace("e", "3").replace("o", "0").replace("a", "4")
        return word[0] + inner + word[-1]

    return re.sub(r"[A-Za-z]{5,}", swap, text)


def _homoglyphs(text: str) -> str:
    return text.translate(str.maketrans({"a": "а", "e": "е", "o": "о", "p": "р", "c": "с"}))


def _zero_width(text: str) -> str:
    word = _longest_word(text)
    middle = word.start() + 2
    return text[:middle] + "\u200b" + text[middle:]


def _stretched(text: str) -> str:
    candidates = [m for m in re.finditer(r"[A-Za-z]{3,}", text) if m.group()[-1] != m.group()[-2]]
    if not candidates:
        return text
    word = candidates[-1]
    return text[: word.end()] + word.group()[-1] * 4 + text[word.end() :]


VARIANTS = {
    "upper": str.upper,
    "leet": _leet,
    "homoglyph": _homoglyphs,
    "zero_width": _zero_width,
    "stretched": _stretched,
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize(("indicator", "text"), _table("match"))
def test_disguised_positive_is_found(indicator: str, text: str, variant: str) -> None:
    if not re.search(r"[A-Za-z]{4,}", text):
        pytest.fail(f"example {text!r} of {indicator} is too short to disguise: give it a word of 4+ letters")
    disguised = VARIANTS[variant](text)
    hits = [hit for hit in default_recognizer().scan(disguised) if hit.spec.id == indicator]
    assert hits, f"{indicator} missed {variant} variant {disguised!r}"
    assert hits[0].evidence == disguised[hits[0].start : hits[0].end]


def test_letters_split_by_spaces_are_joined() -> None:
    assert "secrecy.keep_secret" in _ids("this is our s e c r e t ok")
    assert "secrecy.keep_secret" in _ids("this is our s.e.c.r.e.t ok")


def test_explanations_render_with_author_and_evidence() -> None:
    for spec in CATALOGUE.indicators:
        rendered = spec.explanation.format(author="Sam", evidence="example")
        assert "{" not in rendered, spec.id


def test_evidence_starts_at_a_word() -> None:
    """A pattern that takes the punctuation before a sentence's first word quotes from the word on."""
    text = "Sunday papa will be busy. Come after school tomorrow, aunty is away"
    hit = next(h for h in default_recognizer().scan(text) if h.spec.id == "meeting.come_over")
    assert hit.evidence == "Come after school tomorrow" == text[hit.start : hit.end]


def test_bad_catalogue_is_a_clear_error() -> None:
    with pytest.raises(CatalogueError, match="unknown category"):
        parse_catalogue(
            """
version: 1
stages: [{id: contact, label: C, description: d}]
categories: {}
macros: {}
indicators:
  - {id: a.b, category: nope, stage: contact, severity: 1, title: t, description: d, explanation: e, patterns: [x]}
""",
            "bad.yaml",
        )


def test_backtracking_constructs_are_refused() -> None:
    with pytest.raises(CatalogueError, match=r"pattern '\(a\)\\\\1': b'invalid escape sequence"):  # RE2's own words
        parse_catalogue(
            """
version: 1
stages: [{id: contact, label: C, description: d}]
categories: {c: {label: C, description: d}}
macros: {}
indicators:
  - {id: a.b, category: c, stage: contact, severity: 1, title: t, description: d, explanation: e, patterns: ["(a)\\\\1"]}
""",
            "bad.yaml",
        )


# ---------------------------------------------------------------------------------------------------------------------
# Catalogue-wide rules (added with the full catalogue).

ADVICE_KEYS = {
    "trust", "personal_info", "secrecy", "private_app", "pictures", "pressure", "meeting", "gifts", "sextortion",
    "isolation", "age", "sexual", "impersonation",
}
SEXTORTION = {"sextortion_threat", "sextortion_demand"}


def test_catalogue_size_and_every_category_used() -> None:
    assert 45 <= len(CATALOGUE.indicators) <= 120
    assert {spec.category for spec in CATALOGUE.indicators} == set(CATALOGUE.categories)


@pytest.mark.parametrize("spec", CATALOGUE.indicators, ids=lambda spec: spec.id)
def test_entry_is_complete(spec) -> None:  # type: ignore[no-untyped-def]
    assert set(spec.advice) <= ADVICE_KEYS and spec.advice
    assert 0.5 <= spec.confidence <= 0.95
    assert spec.title.strip() and spec.description.strip()
    assert "{author}" in spec.explanation and "{evidence}" in spec.explanation
    if spec.category not in SEXTORTION:
        assert spec.severity <= 4
    if spec.patterns:
        assert spec.examples is not None
        assert len(spec.examples.match) >= 3 and len(spec.examples.no_match) >= 3


def test_signals_questions_and_context_are_where_analysis_expects_them() -> None:
    for spec in CATALOGUE.indicators:
        if spec.category in ("self_disclosure", "refusal"):
            assert spec.signal, spec.id
        if spec.category == "personal_info":
            assert spec.questions, spec.id
    assert CATALOGUE.by_id("age_claim.stated_age").signal
    assert CATALOGUE.by_id("age_claim.adult_life").signal
    derived = CATALOGUE.by_id("age_claim.inconsistent")
    assert derived.derived and not derived.patterns and derived.severity == 4 and derived.stage == "trust"
    assert CATALOGUE.by_id("pressure.push_after_no").context == "after_refusal"
    assert CATALOGUE.by_id("normalisation.its_normal").context == "after_refusal"
    assert CATALOGUE.by_id("sextortion_threat.after_no").context == "after_refusal"


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("i am 15 years old", "15"),
        ("honestly I'm 17 lol", "17"),
        ("17/m here, you?", "17"),
        ("asl? 17 m cali", "17"),
        ("age: 16, what about you", "16"),
        ("I'm turning 16 next month", "16"),
        ("im 14", "14"),
        ("I'm 13. wbu", "13"),
        ("I'm a 54 year old man", "54"),
        ("ok so 13.f.ohio", "13"),
        ("hi there m/42/denver", "42"),
        ("im jenna 14 f", "14"),
        ("i'm sam, 15, iowa", "15"),
        ("im 12 is that ok with u?", "12"),
    ],
)
def test_stated_age_reports_the_age(text: str, age: str) -> None:
    values = [hit.value for hit in default_recognizer().scan(text) if hit.spec.id == "age_claim.stated_age"]
    assert values == [age]


@pytest.mark.parametrize(
    "text",
    [
        "I'm 17 minutes away", "I tried 17 times", "it costs $17", "I finished 17th", "I'm 10.5 miles out",
        "she has 10 m followers", "i'm up 2 m, 20 m to go", "i'm level 20 but he's 30",
    ],
)
def test_numbers_that_are_not_ages_claim_nothing(text: str) -> None:
    assert "age_claim.stated_age" not in _ids(text)


# Ordinary talk that must not raise anything that scores (signals and personal-information probing are allowed where
# listed; a parent's pick-up stays low).
HARD_NEGATIVES: list[tuple[str, set[str]]] = [
    ("I'll kill you next round", set()),
    ("you're dead meat lol", set()),
    ("I'm gonna destroy you in this match", set()),
    ("gg, I'll destroy you next round noob", set()),
    ("I'll pick you up at 6", {"meeting.pick_up"}),
    ("don't tell dad, it's a surprise party", set()),
    ("don't tell mom about the surprise party", set()),
    ("practice starts at 5, be at the field by 4:45 and bring water", set()),
    ("coach says we meet at the gym at 6, warm up first", set()),
    ("I'll send the practice schedule to your parents tonight", set()),
    ("send me a pic of your cat", set()),
    ("omg send me a photo of your new puppy", set()),
    ("did you finish the math homework? send me a photo of question 3", set()),
    ("please turn on your cameras for class", set()),
    ("which school do you go to?", {"personal_info.school"}),
    ("I go to Lincoln High too", set()),
    ("I'll pay you back $20 tomorrow", set()),
    ("what are you wearing to the dance?", set()),
    ("you have 10 minutes to finish the quiz", set()),
    ("I have your pics from the trip, want them?", set()),
]


@pytest.mark.parametrize(("text", "allowed"), HARD_NEGATIVES)
def test_hard_negatives_raise_nothing_risky(text: str, allowed: set[str]) -> None:
    scoring = {hit.spec.id: hit.spec.severity for hit in default_recognizer().scan(text) if not hit.spec.signal}
    assert set(scoring) <= allowed, scoring
    assert all(severity <= 2 for indicator, severity in scoring.items() if indicator.startswith("meeting."))


def test_classmates_sharing_schools_only_probe_and_disclose() -> None:
    for text in ("which school do you go to?", "Lincoln High, you?", "I go to Lincoln High too", "I'm in 8th grade"):
        for hit in default_recognizer().scan(text):
            # A school year is a disclosure too: it is kept as an age (see `age_claim.answered_age`), never a finding.
            disclosed_age = hit.spec.id == "age_claim.answered_age" and hit.spec.signal and hit.value == "13"
            assert hit.spec.category in ("personal_info", "self_disclosure") or disclosed_age, (text, hit.spec.id)


def test_disguises_beyond_the_table() -> None:
    assert "secrecy.dont_tell" in _ids("d0nt t3ll ur p@r3nts")
    assert "trust_building.looks_flattery" in _ids("ur sooo ᴘʀᴇᴛᴛʏ 😍")
    assert "sextortion_threat.everyone_will_see" in _ids("every1 will see your pics")
    assert "personal_info.alone" in _ids("r u h0me @lone")
    assert "private_app.ask_handle" in _ids("wh@ts ur sn@p")
    hidden = "keep it our s\u200be\u200bc\u200br\u200be\u200bt"
    hits = [hit for hit in default_recognizer().scan(hidden) if hit.spec.id == "secrecy.keep_secret"]
    assert hits and hits[0].evidence.endswith("t") and "\u200b" in hits[0].evidence


def test_long_messages_are_scanned_to_the_end() -> None:
    # Speed on megabyte messages is measured in bench/bench_analyze.py; here: nothing is missed at size.
    text = "you're so pretty and I'll pick you up, " * 3000 + "our secret"
    hits = default_recognizer().scan(text)
    assert {"trust_building.looks_flattery", "secrecy.keep_secret"} <= {hit.spec.id for hit in hits}
    secret = next(hit for hit in hits if hit.spec.id == "secrecy.keep_secret")
    assert secret.end == len(text)


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        ("please send me yours too.", "picture_request.send_picture"),
        ("you know how to make it stop.", "sextortion_demand.more_content"),
        ("you will be arrested.", "impersonation.authority"),
        ("mom, are you home", "known_relationship.family_address"),
    ],
)
def test_phrases_that_end_at_punctuation_are_found(text: str, indicator: str) -> None:
    """A pattern ending in a punctuation class gets no word boundary after it (one would need a letter next)."""
    assert indicator in _ids(text)


# Everyday wordings next to the moves they resemble: (indicator, text, whether it is found). `test_gaps.py` reads them
# too, as texts in which its gapped patterns must be found by their anchors.
EVERYDAY_ROWS = [
        # Chat-room ages and age questions (forty-seventh session), and the everyday words around them.
        ("personal_info.age", "dallas here age??", True),
        ("personal_info.age", "the ice age? that movie is ancient", False),
        ("age_claim.stated_age", "hey 34m here from tampa", True),
        ("age_claim.stated_age", "we hit 29m views today", False),
        ("sexual_talk.older_partner", "2 old for you?", True),
        ("sexual_talk.older_partner", "this game is too old for you lol", False),
        ("age_claim.age_gap_admitted", "im twice your age lol", True),
        # University small talk, and a class or a work call listened in on, are not a stranger's questions or excuses.
        ("personal_info.school", "what year are you in at uni", False),
        ("personal_info.school", "what school do you want to go to for uni", False),
        ("personal_info.school", "what year are you in now", True),
        ("impersonation.camera_excuse", "my cam is broken so ill just listen in the lecture", False),
        ("impersonation.camera_excuse", "my mic doesnt work, ill type in the meeting chat", False),
        ("impersonation.camera_excuse", "my cam is broken so we can only text", True),
        # "What are you wearing" asked to find or match someone, or for an occasion just named, is logistics.
        ("sexual_talk.clothing", "What are you wearing so I recognise you at the cafe?", False),
        ("sexual_talk.clothing", "what are you wearing today? big meeting right", False),
        ("sexual_talk.clothing", "what r u wearing rn", True),
        ("sexual_talk.clothing", "what are you wearing so i can imagine you", True),
        # A parent going out means the front door, not the bedroom.
        ("sexual_talk.bedroom", "Ok. Lock the door and don't open it for anyone. I'll be home by 6.", False),
        ("sexual_talk.bedroom", "ok lock the door, I'll be back by 6", False),
        ("sexual_talk.bedroom", "lock the door then 😉", True),
        ("sexual_talk.bedroom", "lock your door so nobody walks in", True),
        # Keeping a guardian or the group out, worded as sparing them or as a favour; a sibling's gossip is not that.
        ("secrecy.dont_tell", "No need to trouble your mother about it, it's only some old paints.", True),
        ("secrecy.dont_tell", "Don't tell the other pupils, I can't give everyone a guitar.", True),
        ("secrecy.dont_tell", "dont tell priya i borrowed it she'll want one too", False),
        ("secrecy.dont_tell", "no need to tell me twice", False),
        ("secrecy.dont_tell", "And keep the extra sessions between us, the others would get jealous", True),
        ("secrecy.dont_tell", "best not to mention me to the other leaders", True),
        ("secrecy.dont_tell", "Should I invite Sam and Priya too or keep it just us?", False),
        # Begging for one's own pictures is a plea, not a request for secrecy.
        ("secrecy.dont_tell", "please don't show anyone", False),
        ("plea.dont_share", "please don't show anyone", True),
        ("plea.dont_share", "pls pls dont tell my parents", True),
        ("secrecy.dont_tell", "please don't show anyone our chats", True),
        ("plea.dont_share", "please don't show anyone our chats", False),
        ("secrecy.dont_tell", "Best ten years. Don't tell your mam I said that, she'll never let me forget it", False),
        ("secrecy.dont_tell", "dont tell ur sis i called lol", True),
        ("secrecy.dont_tell", "you're the most talented one of the bunch, don't tell the boys I said that", True),
        ("secrecy.dont_tell", "dont tell ur folks tho. they worry for nothin", True),
        ("secrecy.delete_evidence", "Delete my messages after. Adults talk, she won't understand", True),
        ("secrecy.delete_evidence", "and dont save my # under my name. put it as \"ashley\"", True),
        ("secrecy.delete_evidence", "Save me under a different name then, like \"Jay - maths\"", True),
        ("secrecy.delete_evidence", "save my number as Jay from maths so you remember", False),
        ("secrecy.delete_evidence", "how do i delete my messages on this app", False),
        ("secrecy.cover_story", "Better not to ask, just say it's the usual lesson. Thursday 8pm?", True),
        ("secrecy.cover_story", "tell her yer at yer pal's. she'll no check", True),
        ("secrecy.cover_story", "Tell father is club arrangement. Don't explain too much", True),
        ("secrecy.cover_story", "just say it's fine, the teacher won't mind", False),
        ("secrecy.dont_tell", "And not a word to the dojo, the other dads will want the same for their sons.", True),
        ("secrecy.dont_tell", "Best not to tell the other choir children, there's only one solo", True),
        ("secrecy.dont_tell", "Friendship is not a word to say", False),
        ("secrecy.keep_secret", "What we do in lessons stays between teacher and pupil.", True),
        # Whether the child is alone, asked in passing.
        ("risk_assessment.parents_around", "home by urself?", True),
        ("risk_assessment.parents_around", "nice so after 8 its basically just u", True),
        ("risk_assessment.parents_around", "ur parents asleep?", True),
        ("risk_assessment.parents_around", "what do u do for fun when ur home alone lol", True),
        ("risk_assessment.parents_around", "you're on your own with that ppa, sorry", False),
        ("risk_assessment.parents_around", "the baby's asleep finally", False),
        # Set above their age, apart from the others, offered an open ear.
        ("trust_building.maturity_flattery", "Most 14-year-olds crumble when a parent shouts", True),
        ("trust_building.maturity_flattery", "nah fr most ppl ur age panic when the zone closes, u stayed chill", True),
        ("trust_building.maturity_flattery", "Thirteen and drawing like that. Ye've a real gift.", True),
        ("trust_building.maturity_flattery", "most 14 year olds in the league are taller than him", False),
        ("trust_building.special_bond", "The others are lazy, you are not like them", True),
        ("trust_building.special_bond", "You're a sensible boy, no like the rest of them numpties", True),
        ("trust_building.special_bond", "Okay, one of those answers was not like the other.", False),
        ("trust_building.confidant", "you can always message me here about anything, not just football", True),
        ("trust_building.confidant", "i just wanted to say u can talk to me if u want. im a good listener", True),
        # Lessons moved to the adult's home, alone.
        ("meeting.come_over", "Maybe next week we do the lesson at mine instead, quieter than your kitchen.", True),
        ("meeting.come_over", "I could give you extra one to one sessions at my place, free.", True),
        ("meeting.come_over", "there's a bunch of config stuff in my home dir", False),
        ("meeting.come_alone", "meet me at the pier sat morning, come solo tho", True),
        ("gifts.buy_you", "Very beautiful. I am also musician. I can buy for you new strings, new pedal", True),
        ("gifts.buy_you", "i coach privately, could give u sessions, no charge for a talent like u", True),
        ("gifts.buy_you", "ill get u a meal deal", False),
        ("sextortion_demand.deadline", "⏰ 20 mins", True),
        ("sextortion_demand.deadline", "Settlement window: 3 hours 40 minutes.", True),
        ("sextortion_demand.deadline", "final warning bro", True),
        ("sextortion_demand.deadline", "my mum says i've got 10 mins left", False),
        ("sextortion_threat.everyone_will_see", "4 hours 58 minutes. I'll start with your volleyball team chat.", True),
        ("sextortion_threat.everyone_will_see", "Then we proceed alphabetically. Your coach is first on the list.", True),
        ("sextortion_threat.everyone_will_see", "ima drop the vid on the story fr. all ur mutuals gon see", True),
        ("sextortion_threat.everyone_will_see", "Hello Liam. Please do not block this account; doing so triggers automatic release.", True),
        ("sextortion_threat.everyone_will_see", "imagine if westfield's group chat saw this", True),
        ("sextortion_threat.everyone_will_see", "what if my mom sees it?", False),
        ("sextortion_threat.everyone_will_see", "so what is next on the list?", False),
        ("picture_request.send_picture", "And do send me a recording of you singing in your room, so I can hear", True),
        ("picture_request.send_picture", "Also try-on pics for sizing, just in your room, send them here", True),
        ("picture_request.send_picture", "and a video of you piping, just for me to see first", True),
        ("picture_request.send_picture", "send me a pic of the dog in your room lol", False),
        ("private_app.move_to_app", "Let's keep chats on my personal WhatsApp, the county system is clunky", True),
        ("private_app.move_to_app", "Texting you rather than on the school system because it's so clunky", True),
        ("private_app.move_to_app", "its not the server version, the lines in sources.list are wrong", False),
        ("isolation.family_criticism", "But these things are best kept private until they are ready. Parents can be discouraging.", True),
        ("isolation.family_criticism", "thats controlling tbh. ur almost 14, u deserve privacy", True),
        ("isolation.family_criticism", "i wont say. but i'm always here, unlike them", True),
        ("isolation.family_criticism", "my mom is a pain lol", False),
        ("meeting.come_alone", "Just bring your gi. It'll be only us in the garage, nobody to disturb us.", True),
        # A taunt after a no is pressure; a victim's "i thought we were friends" is not.
        ("pressure.guilt", "wow ok. thought u were cooler than that", True),
        ("pressure.guilt", "go onnn, i showed u mine", True),
        ("pressure.guilt", "please dont do this i thought we were friends", False),
        # Set above the people around them.
        ("trust_building.maturity_flattery", "honestly ur more mature than half my adult mods", True),
        ("trust_building.maturity_flattery", "you're smarter than half the adults in my chat tbh", True),
        ("trust_building.maturity_flattery", "my sister is more mature than me lol", False),
        ("trust_building.confidant", "ur actually easy to talk to", True),
        ("trust_building.confidant", "i feel like i can tell u stuff", True),
        ("trust_building.confidant", "the new teacher is easy to understand", False),
        # What others pay for, free for this one child.
        ("gifts.buy_you", "Normally my lessons cost 50 dollars. For you I do free, because I see future champion", True),
        ("gifts.buy_you", "i could give u my old drawing tablet, i upgraded", True),
        ("gifts.buy_you", "the museum is free for you to visit on sundays", False),
        ("gifts.buy_you", "I can give personal coaching free of cost. Where is your home?", True),
        ("gifts.buy_you", "Extra hours, I will not charge your family.", True),
        ("gifts.buy_you", "he played that solo as a favor and free of charge", False),
        # The price's alternative in the present tense, as many write English.
        ("sextortion_threat.share_images", "pay 200 or i post it", True),
        ("sextortion_threat.share_images", "otherwise I upload and tag your college", True),
        ("sextortion_threat.share_images", "100 in codes by morning. or i start uploading", True),
        ("sextortion_threat.share_images", "tomorrow's too late. i post tonight at 10 in the school confessions page", True),
        ("sextortion_threat.share_images", "i post them at 8. tick tock", True),
        ("sextortion_threat.share_images", "i post tomorrow on my own page", False),
        ("sextortion_threat.share_images", "either you finish the edit or i publish my old one", False),
        ("sextortion_threat.share_images", "1 pizza slice or i post it on the class gc", False),
        # Someone else's words in quotes are a retelling, not a move; a name in quotes is not.
        ("sextortion_demand.deadline", "they just messaged again, 'last warning, 30 min'", False),
        ("sextortion_demand.deadline", "last warning, 30 min", True),
        ("secrecy.dont_tell", "it also said 'don't tell your parents or it goes to them first'", False),
        ("sextortion_threat.share_images", "if anyone messages you 'would be a shame if your friends saw this', tell me", False),
        ("sextortion_threat.has_material", 'Doesn\'t matter. I have the pictures you sent "Ryan".', True),
        ("secrecy.dont_tell", "don't tell your brother or he'll sulk", False),
        ("secrecy.dont_tell", "don't tell your brother about us", True),
        ("secrecy.keep_secret", "real agencies never say keep it secret", False),
        ("sexual_talk.clothing", "what are you wearing? it's 3 degrees out", False),
        ("sexual_talk.clothing", "what r u wearing btw? i need to match the tie to my dress", False),
        ("sexual_talk.clothing", "what are you wearing rn", True),
        ("impersonation.talent_scout", "have you been getting those 'modelling agency' DMs", False),
        ("impersonation.talent_scout", "i work for a modelling agency", True),
        ("teasing.harmless_stakes", "pay me 5 or i post ur sleeping pic", True),
        ("sextortion_threat.share_images", "non dire a nessuno che l'ho fatto io, se lo scoprono in classe mi prendono in giro", False),
        ("sextortion_threat.share_images", "se lo dici a qualcuno la giro a tutti i tuoi amici", True),
        ("sextortion_threat.hinted", "you left your jumper at mine, want me to drop it to your sister's?", False),
        ("sextortion_threat.hinted", "want me to drop it in your class gc", True),
        ("sextortion_demand.payment_method", "got an email saying they recorded me and want $500 in bitcoin", False),
        ("sextortion_demand.payment_method", "i recorded you. i want $500 in bitcoin", True),
        ("picture_request.send_picture", "so i have a pic of u asleep on the coach", False),
        ("picture_request.send_picture", "so can i have a pic of you", True),
        ("sextortion_demand.more_content", "could you send a few more photos, especially the wheels and the underneath?", False),
        ("sextortion_demand.more_content", "send me 2 more private ones and we cancel the fee", True),
        ("plea.dont_share", "please don't share that code with anyone", False),
        # A target telling someone who helps them what the extortionist wants is not the demand.
        ("sextortion_demand.deadline", "er will 200 euro bis heute abend sonst schickt er es an meine eltern", False),
        ("sextortion_threat.has_material", "ayuda, alguien me esta chantajeando con mis fotos", False),
        ("sextortion_demand.deadline", "200 euro bis heute abend sonst schicke ich es an deine eltern", True),
        # Advice to keep the evidence is not a plea to delete it; begging for it is.
        ("plea.dont_share", "i-screenshot mo, huwag mong burahin ang chat ha", False),
        # Not having the money, in the languages English is mixed with; not every "I don't have" or "I only have".
        ("plea.dont_share", "nie mam tyle pieniędzy, mam 15 lat", True),
        ("plea.dont_share", "itne paise nahi hai mere paas", True),
        ("plea.dont_share", "no tengo tanta plata", True),
        ("plea.dont_share", "j'ai pas autant, j'ai que 40", True),
        ("plea.dont_share", "j'ai pas compris la question", False),
        ("plea.dont_share", "no tengo clase mañana", False),
        ("plea.dont_share", "ich hab nur kurz zeit", False),
        ("sextortion_demand.payment_method", "main 300 UPI kar deti hu, tu 200 daal", False),
        ("sextortion_demand.payment_method", "5000 paytm karo warna photo viral", True),
        # Twenty-sixth session: a pick-up without "I", their age group put down, an age worked out, a swap of "private
        # ones", pounds and euros by payment app, two audiences named.
        ("meeting.pick_up", "could pick you up after school friday", True),
        ("trust_building.maturity_flattery", "lads your age are usually proper immature", True),
        ("trust_building.maturity_flattery", "kids your age are usually in bed by now", False),
        ("age_claim.minor_remark", "ha so you're what 16?", True),
        ("age_claim.minor_remark", "so your 15 minutes are up", False),
        ("picture_request.reciprocal", "swap pics? private ones", True),
        ("picture_request.reciprocal", "swap pics of our dogs?", False),
        ("sextortion_demand.payment_method", "£300 by paypal to sophie_fake", True),
        ("sextortion_demand.payment_method", "300 euro to revolut, 20 minutes", True),
        ("sextortion_demand.payment_method", "i'll send you £20 by paypal for the ticket", False),
        ("sextortion_threat.share_images", "or your mates and your mum get it", True),
        # A cover story with someone named, a meeting spot out of the family's sight, where the parent is, a picture to
        # keep on show or sent "first so i know".
        ("secrecy.cover_story", "tell your mom you're going with lucia", True),
        ("secrecy.cover_story", "tell your mom you go to bed early", False),
        ("meeting.sneak_out", "i'll wait at the corner not outside your house", True),
        ("meeting.sneak_out", "the bus stop at the corner is closed", False),
        ("risk_assessment.parents_around", "I could drop the book round, when's your mum back from work?", True),
        ("risk_assessment.parents_around", "and your mom's home by then?", True),
        ("risk_assessment.parents_around", "your mom's cake was amazing", False),
        ("picture_request.send_picture", "send me a pic so i can put it on my desktop", True),
        ("picture_request.send_picture", "send me a pic first so i know who im talking to", True),
        ("picture_request.send_picture", "send me a pic of the form so i can fill it in", False),
        # Privacy advice to a child is neither secrecy nor a question about where they live.
        ("secrecy.dont_tell", "ok so listen don't tell anybody on here where you live, not even me", False),
        ("personal_info.location", "ok so listen don't tell anybody on here where you live, not even me", False),
        ("secrecy.dont_tell", "dont tell anyone we talk", True),
        # Refusing to go on with a child, said as a fact; not the flattery "feels like im not talking to a 14 year old".
        ("safeguarding.safety_advice", "I'm 32, I'm not chatting to a 17 year old, end of story", True),
        ("safeguarding.safety_advice", "nah im not texting a 15yo", True),
        ("safeguarding.safety_advice", "feels like im not talking to a 14 year old, ur so mature", False),
        ("safeguarding.safety_advice", "im not talking to you", False),
        ("safeguarding.safety_advice", "mejor juega con gente de tu edad, no lo digo a malas", True),
        # An adult's own rule with under-18s, and help kept in the open channel.
        ("safeguarding.safety_advice", "that's a server rule and also my own rule with under 18s", True),
        ("safeguarding.safety_advice", "better i answer only in the public channel, not in DMs", True),
        ("safeguarding.safety_advice", "the rule for the public channel is no spoilers", False),
        # A present kept from the one it is for is a surprise; a present for the one being written to is not.
        ("surprise.for_someone_else", "DO NOT tell mum what we got her", True),
        ("surprise.for_someone_else", "don't tell anyone what i got you", False),
        ("known_relationship.family_address", "hi gogo, yes I'm home", True),
        # Someone else's request, told to a friend, is not the teller's.
        ("picture_request.send_picture", "this girl on the app wants me to send a private pic first", False),
        ("sexual_talk.explicit_request", "this girl on the app wants me to send a private pic first", False),
        ("sexual_talk.explicit_request", "go on, send me a private pic", True),
        # The writer taking a picture is not asking for one.
        ("picture_request.send_picture", "also i'm taking a pic of u in ur blanket burrito lol", False),
        ("picture_request.send_picture", "send me a pic of u in ur blanket", True),
        ("teasing.harmless_stakes", "pay up or i tell the whole group you cried at the final whistle", True),
        ("teasing.harmless_stakes", "tell everyone you were at my place", False),
        ("teasing.harmless_stakes", "sonst schick ich das Foto von dir im Einhorn-Kostüm an deine ganze Klasse", True),
        ("picture_request.send_picture", "sonst schick ich das Foto von dir im Einhorn-Kostüm an deine ganze Klasse", False),
        ("picture_request.send_picture", "schick mir ein foto von dir, nur für mich", True),
        ("secrecy.dont_tell", "și nu-i zice Biancăi că vorbim, e geloasă", True),
        ("normalisation.everyone_does_it", "toate prietenele tale fac asta, nu e mare lucru", True),
        ("sextortion_threat.has_material", "i have a screenshot of u texting jake", False),
        ("sextortion_threat.has_material", "i have screenshots of your pics", True),
        ("picture_request.send_picture", "na unitumie picha yako sasa hivi", True),
        ("plea.dont_share", "burahin mo na yan please", True),
        ("safeguarding.safety_advice", "una, huwag kang magbabayad at huwag ka nang magpapadala ng kahit ano", True),
        ("safeguarding.safety_advice", "bitte zahl nichts und schick auch nichts mehr, das ist eine masche", True),
        ("safeguarding.safety_advice", "je ne fais pas de MP avec vous, toute question se pose sur le serveur", True),
        ("safeguarding.safety_advice", "no hago privados con ustedes, todo por el grupo del club", True),
        ("safeguarding.safety_advice", "je ne fais pas de gateau pour vous ce soir", False),
        # An adult stepping back on learning the other is a child.
        ("safeguarding.safety_advice", "I am 34 and this app is for adults only. I think it's better we stop here", True),
        ("safeguarding.safety_advice", "I'm 28, so I'm gonna keep it to the guild chat from here, not DMs", True),
        ("safeguarding.safety_advice", "don't add adults you meet in games on other apps", True),
        ("safeguarding.safety_advice", "I'm going to say no to discord", True),
        ("safeguarding.safety_advice", "i'm gonna stop talking to you if you don't send it", False),
        # Begging and paying in the languages extortion chats most often mix with English.
        ("plea.dont_share", "por favor no lo publiques", True),
        ("plea.dont_share", "cara para. apaga isso", True),
        ("plea.dont_share", "s'il te plaît supprime la photo", True),
        ("plea.dont_share", "bitte lösch das", True),
        ("plea.dont_share", "wag mo i-post please", True),
        ("plea.dont_share", "please mat karo", True),
        ("plea.dont_share", "tolong hapus fotonya", True),
        ("plea.dont_share", "por favor, ven a las 6", False),
        ("sextortion_demand.payment_method", "send 3k sa gcash ngayon", True),
        ("sextortion_demand.payment_method", "15000 UPI kar warna sab dekhenge", True),
        ("sextortion_demand.payment_method", "pix de 500 e eu apago", True),
        ("sextortion_demand.payment_method", "400$ par interac ou toute ton équipe le voit", True),
        ("sextortion_demand.payment_method", "i sent you the pics de 2019", False),
        ("sextortion_demand.payment_method", "can u lend me 400 robux", False),
        # A threat left unsaid.
        ("sextortion_threat.hinted", "be a shame if those scouts saw what you sent me tuesday", True),
        ("sextortion_threat.hinted", "shame if she saw what u did on cam", True),
        ("sextortion_threat.hinted", "u know what happens at 9", True),
        ("sextortion_threat.hinted", "would be a shame if it rained tomorrow", False),
        ("sextortion_threat.hinted", "would be a shame if you missed the show, see you there", False),
        ("sextortion_threat.hinted", "let me know what happens", False),
        ("sextortion_threat.hinted", "do you know what happens if a player catches it", False),
        ("sextortion_demand.payment_method", "100 pound in Amazon vouchers only", True),
        ("sextortion_demand.more_content", "then i delete everything and u never hear from me again", True),
        ("plea.dont_share", "you said that was between us", True),
        ("plea.dont_share", "stop please. what do u want", True),
        ("plea.dont_share", "so its deleted now right?", True),
        ("plea.dont_share", "kya?? please delete karo", True),
        ("plea.dont_share", "sil onu lütfen", True),
        ("plea.dont_share", "t'avais dit que c'était entre nous", True),
        ("plea.dont_share", "what do you want", False),
        ("sextortion_demand.payment_method", "150€ en carte cadeau", True),
        ("sextortion_demand.payment_method", "50 in paysafe, heute noch", True),
        ("sextortion_demand.payment_method", "blik do 21:00", True),
        ("sextortion_threat.hinted", "cheaper than ur whole school seeing it no?", True),
        ("sextortion_threat.hinted", "hope ur sister likes surprises", True),
        ("sextortion_threat.hinted", "i hope your mom likes the cake", False),
        ("sextortion_threat.hinted", "would be awkward if the teacher saw us being late lol", False),
        ("teasing.harmless_stakes", "admit i was right about the film or it goes in the class chat", True),
        ("safeguarding.safety_advice", "i'm 31, i don't really chat 1 on 1 with kids, no offence", True),
        ("safeguarding.safety_advice", "and don't add randoms like me on other apps", True),
        ("secrecy.dont_tell", "I might come by with Steph. but let's not tell your mum", True),
        ("secrecy.dont_tell", "Don't tell the others at the pool, or all the kids will want to come", True),
        ("secrecy.dont_tell", "your mother is sleeping, no need to wake her", True),
        ("secrecy.dont_tell", "and let's not tell the other group our idea, they copied us last time lol", False),
        ("secrecy.dont_tell", "don't tell the others, it's a surprise party for jo", False),
        # Threats and demands in the languages extortion chats most often use besides English.
        ("sextortion_threat.share_images", "50 mil por mercado pago o se lo paso a todos", True),
        ("sextortion_threat.share_images", "manda o pix senão eu mando tudo pra sua mãe", True),
        ("sextortion_threat.share_images", "paie ou je l'envoie à tes parents", True),
        ("sextortion_threat.share_images", "zahl oder ich schicke die bilder an deine eltern", True),
        ("sextortion_threat.share_images", "para göndermezsen fotoğraflarını annene gönderirim", True),
        ("sextortion_threat.share_images", "paise nahi diye to tere ghar walon ko bhej dunga", True),
        ("sextortion_threat.share_images", "o sea, le paso a todos el link", False),
        ("sextortion_threat.share_images", "te mando las fotos de la fiesta a tu mamá", False),
        ("sextortion_threat.share_images", "ab bol rahi hai 5000 nahi bheje toh recording sabko bhej degi", False),
        ("sextortion_threat.share_images", "dice que si no le pago se lo manda a mi mamá", False),
        ("sextortion_threat.everyone_will_see", "kung hindi ka magbabayad makikita ng lahat", True),
        ("sextortion_threat.everyone_will_see", "kal sab dekhenge match", False),
        ("sextortion_threat.everyone_will_see", "twoja siostra i twoja klasa też je zobaczą", True),
        ("sextortion_threat.everyone_will_see", "twoi rodzice zobaczą oceny w librusie", False),
        ("sextortion_threat.everyone_will_see", "kung ayaw mong makita ng buong batch mo, magpadala ka", True),
        ("sextortion_demand.money", "se você não pagar até as 10", True),
        ("sextortion_demand.money", "kalau gak bayar", True),
        ("sextortion_demand.money", "si no llegas a las 5 te dejo", False),
        # The moves of grooming in the same languages.
        ("picture_request.send_picture", "mandame una foto tuya en tu cuarto", True),
        ("picture_request.send_picture", "schick mir ein bild von dir, nur für mich", True),
        ("picture_request.send_picture", "zdjęcie twoje, tylko dla mnie ok?", True),
        ("picture_request.send_picture", "dai mandami una foto del tuo gatto", False),
        ("picture_request.send_picture", "Manda foto do dever de matemática feito", False),
        ("picture_request.camera_call", "hacemos una videollamada?", True),
        ("picture_request.camera_call", "video call tayo mamaya pag gising ko, 6am dito sa Toronto", False),
        ("secrecy.keep_secret", "das bleibt unter uns zwei", True),
        ("secrecy.keep_secret", "nikt się nie dowie", True),
        ("secrecy.delete_evidence", "borra los chats de aqui x si acaso", True),
        ("secrecy.delete_evidence", "no borres el chat todavía, sacale captura a todo", False),
        ("private_app.move_to_app", "tenes telegram? ahí los mensajes se borran solos", True),
        ("meeting.meet_up", "podemos conocernos en persona el sábado", True),
        ("meeting.meet_up", "perfecto, nos vemos", False),
        ("meeting.pick_up", "ich hol dich nach dem training ab", True),
        ("gifts.game_currency", "te regalo 1000 pavos si me agregas", True),
        ("gifts.game_currency", "te regalo un libro", False),
        ("risk_assessment.parents_around", "estás sola en tu casa?", True),
        ("trust_building.maturity_flattery", "du bist so reif für dein alter", True),
        ("sexual_talk.clothing", "Super. Co masz na sobie?", True),
        ("sexual_talk.clothing", "yarın sinemaya ne giyiyorsun?", False),
        ("sextortion_demand.more_content", "quiero 3 fotos mas esta noche", True),
        ("sextortion_demand.payment_method", "tu m'envoies les codes. t'as 1h", True),
        ("sextortion_demand.payment_method", "Bitte keine Gutschein-Codes hier in den Chat schreiben", False),
        ("sextortion_threat.share_images", "e se contar pra alguém eu mando pro teu pai tb", True),
        ("sextortion_threat.share_images", "t'as 1h sinon je balance partout", True),
        ("sextortion_threat.share_images", "Sonst kriegt der ganze Verein dein Bild.", True),
        ("sextortion_threat.share_images", "si no vienes mañana mando la tarea", False),
        ("sextortion_threat.has_material", "yang, foto yg kemarin masih aku simpen loh", True),
        ("sextortion_threat.has_material", "bhai teri class mein sote hue wali photo mere paas hai 😂", False),
        ("sextortion_threat.everyone_will_see", "wil je dat je hele elftal dit ziet?", True),
        ("sextortion_threat.everyone_will_see", "quieres que tu mamá vea el video del recital?", False),
        ("sextortion_threat.share_images", "Lewat dari itu semua saya upload ke akun gosip sekolah kamu.", True),
        ("sextortion_threat.share_images", "en als je het tegen iemand zegt zet ik hem er meteen op", True),
        ("sextortion_threat.share_images", "Bez wpłaty zdjęcia i rozmowa trafią do twoich rodziców i szkoły.", True),
        ("age_claim.stated_age", "ile masz lat? ja 15", True),
        ("age_claim.stated_age", "ja 15 minuten dann", False),
        ("personal_info.school", "Kaçıncı sınıftasın? Sana ücretsiz ders verebilirim", True),
        ("private_app.move_to_app", "entonces bájate Telegram y me escribes ahí", True),
        ("meeting.come_alone", "saturday mall aa jao, akeli aana, friends ko mat lana", True),
        ("risk_assessment.door_privacy", "Melhor ensaiar no teu quarto com a porta fechada", True),
        ("trust_building.maturity_flattery", "tu esti mult mai matura decat ele", True),
        ("gifts.buy_you", "Te conseguí un casco nuevo, de los buenos, te lo regalo.", True),
        ("secrecy.dont_tell", "vieni tu, e non dire niente ai tuoi che poi mi fanno storie", True),
        ("meeting.come_alone", "Sunday subah 6 baje aa jana, sirf tu aur main, special practice", True),
        ("gifts.game_currency", "No te preocupes, te hago una recarga de 200 y listo", True),
        ("refusal.decline", "No te preocupes, te hago una recarga de 200 y listo", False),
        ("refusal.decline", "no quiero", True),
        ("risk_assessment.parents_around", "wann ist bei dir sturmfrei?", True),
        ("picture_request.camera_call", "11:30 pe Google Meet pe aana. Camera on rakhna", True),
        ("normalisation.everyone_does_it", "allez c'est normal, tout le monde fait ça sur le serv", True),
        ("sextortion_demand.payment_method", "acum vreau 500 pe Revolut până duminică", True),
        ("sextortion_demand.payment_method", "te paso 500 por bizum por la cena", False),
        ("sextortion_threat.share_images", "schick mir heute noch zwei neue oder ich stells in die klassengruppe", True),
        ("sextortion_threat.share_images", "du hast bis 22 uhr. und wenn du petzt geht es auch an deinen bruder", True),
        ("sextortion_threat.share_images", "Nahi toh video kal subah sab ke paas hogi", True),
        ("sextortion_threat.share_images", "Aapke papa aur school ko bhej dein kya?", True),
        ("sextortion_threat.everyone_will_see", "pag late ka, unang makakatanggap si mama mo", True),
        ("sextortion_threat.everyone_will_see", "sau vrei ca ea să primească pozele", True),
        ("isolation.family_criticism", "ne lass mal, eltern machen aus allem ein drama", True),
        ("trust_building.confidant", "conmigo puedes hablar de todo", True),
        ("pressure.guilt", "myslalem ze jestes ogarnieta", True),
        # Secrecy and ages in the languages most often mixed with English.
        ("secrecy.dont_tell", "haan, par kisi ko batana mat", True),
        ("secrecy.dont_tell", "favor lang, wag mo sabihin kay mama", True),
        ("secrecy.dont_tell", "Mais n'en parle pas aux autres", True),
        ("secrecy.dont_tell", "não conta pra ninguém", True),
        ("secrecy.dont_tell", "ele não fala nada", False),
        ("secrecy.keep_secret", "es nuestro secreto", True),
        ("personal_info.age", "cuántos años tienes?", True),
        ("age_claim.stated_age", "no tengo 100 euros, tengo 14 años", True),
        ("age_claim.stated_age", "jogo há 3 anos", False),
        # Words pasted or quoted from someone else, a price haggled, a game's "come alone".
        ("sextortion_threat.share_images", '"last chance, 100 pounds or i send it to your mum and every teacher"', False),
        ("sextortion_threat.share_images", "'i have ur pics. 500 or i send to ur mum' from some random account", False),
        ("sextortion_threat.share_images", "'ok' pay 100 or i send it to your mum", True),
        ("sexual_talk.clothing", "a message from a 'gamer' asking 'what are you wearing, are your parents home'", False),
        ("age_claim.minor_remark", "12?? it's worth like 30", False),
        ("age_claim.minor_remark", "you're only 12??", True),
        ("meeting.come_alone", "meet me at spawn in 5, come alone or the trade's off", False),
        ("safeguarding.safety_advice", "i'm 27 so yeah, probably better you stick with your mates for voice", True),
        ("sextortion_threat.share_images", "Typical lines: 'pay in 10 minutes or I post it'", False),
        ("sextortion_threat.share_images", "go on then, everyone knows u rage quit", False),
        ("teasing.harmless_stakes", "send pic of ur new haircut rn", True),
        ("picture_request.send_picture", "or i post the video of u falling in the pool", False),
        ("picture_request.send_picture", "post a pic of you in bed", True),
        # An adult stepping back, or an authority that never asks.
        ("safeguarding.safety_advice", "ah no sorry, I'm 29. I'm going to unmatch, take care", True),
        ("safeguarding.safety_advice", "i'm gonna unmatch if you don't send it", False),
        ("safeguarding.safety_advice", "I'm not going to chat with you, that's not appropriate", True),
        ("safeguarding.safety_advice", "I don't think private chatting is a good idea", True),
        ("safeguarding.safety_advice", "i think private chatting is a good idea", False),
        ("safeguarding.safety_advice", "if any adult on here ever asks you to keep secrets, block them", True),
        ("safeguarding.safety_advice", "Teachers will NEVER ask you to buy gift cards", True),
        ("safeguarding.safety_advice", "I'll stick to the in-game team chat with you", True),
        ("safeguarding.safety_advice", "i'm 29 and i don't duo with kids", True),
        ("safeguarding.safety_advice", "don't give randoms your socials", True),
        ("safeguarding.safety_advice", "No le pagues nada y no le mandes nada más, bloquea y denuncia la cuenta", True),
        ("safeguarding.safety_advice", "Ne paie pas et n'envoie rien d'autre", True),
        ("safeguarding.safety_advice", "Mach Screenshots vom Profil, dann blockieren und melden", True),
        ("safeguarding.safety_advice", "no pagues nada, yo te lo compro", False),
        # Other languages: the threat after the picture, the condition or the deadline.
        ("sextortion_threat.share_images", "me depositas 3 mil pesos hoy o el video le llega a todos tus contactos", True),
        ("sextortion_threat.share_images", "sinon tout le monde reçoit la vidéo", True),
        ("sextortion_threat.share_images", "400 euro via tikkie of het gaat naar hen allemaal", True),
        ("sextortion_threat.share_images", "und wenn deine eltern was mitkriegen, ist es sofort online", True),
        ("sextortion_threat.share_images", "2 ghante me baaki arrange karo warna video net pe daal denge", True),
        ("sextortion_threat.share_images", "papara 5000 TL. yoksa video herkese gitmek", True),
        ("sextortion_threat.share_images", "sampai jam 9 malam. lewat dikit, langsung aku upload", True),
        ("sextortion_threat.share_images", "hasta las 6. y si me bloqueas la subo de una", True),
        ("sextortion_threat.share_images", "vas-y, et toute l'école aura la photo avant la récré", True),
        ("sextortion_threat.share_images", "se blocchi o avvisi qualcuno parte tutto, te lo giuro", True),
        ("sextortion_threat.share_images", "pues 150 ya. cada hora q pase se lo mando a 10 seguidores", True),
        ("sextortion_threat.share_images", "mi foto de perfil está en el grupo de la clase", False),
        ('sextortion_threat.share_images', 'me acaba de poner "tienes 1 hora o lo mando a tu clase"', False),
        ("sextortion_threat.share_images", "Conturi false cer o poza si apoi ameninta ca o trimit la toti daca nu platiti", False),
        ("sextortion_threat.has_material", "te grabé toda la llamada de anoche", True),
        ("sextortion_threat.has_material", "ya tengo la lista de tus seguidores", True),
        ("sextortion_threat.has_material", "tengo la lista de los jugadores para el sábado", False),
        ("sextortion_threat.has_material", "ricordi la videochiamata che abbiamo fatto? l'ho registrata tutta", True),
        ("sextortion_threat.has_material", "aku udah masuk ke akun google kamu", True),
        ("sextortion_threat.has_material", "ich hab unseren videocall aufgenommen", True),
        ("sextortion_threat.has_material", "ich hab das konzert aufgenommen, willst du es?", False),
        ("sextortion_threat.has_material", "mam screeny twoich znajomych i twojej mamy", True),
        ("sextortion_threat.everyone_will_see", "aku udah selesai, mau liat? fotonya ya", False),
        ("sextortion_threat.everyone_will_see", "gusto mo bang makita ng mama mo?", True),
        ("sextortion_threat.everyone_will_see", "wil je het zien? ik heb een nieuwe tekening", False),
        ("sextortion_demand.more_content", "me mandas 2 fotos nuevas privadas hoy", True),
        ("sextortion_demand.payment_method", "papara 5000 TL, hemen", True),
        ("sextortion_demand.payment_method", "Bitte keine Gutschein-Codes hier in den Chat schreiben", False),
        # Other languages: grooming moves with words between.
        ("picture_request.send_picture", "mandame una foto tuya pa ver con quien juego", True),
        ("picture_request.send_picture", "schick ma heut abend a foto, nur für mi", True),
        ("picture_request.send_picture", "ich schick dir morgen die fotos vom ausflug", False),
        ("picture_request.camera_call", "masz discorda? pogadamy na kamerce", True),
        ("private_app.move_to_app", "bora pro telegram? vc vai gostar", True),
        ("private_app.move_to_app", "telegram pe aaja, wahan baat karte hai", True),
        ("secrecy.keep_secret", "necesito unas fotos tuyas nuevas, que nadie más haya visto", True),
        ("secrecy.keep_secret", "nadie tiene que saber, es nuestro secretito", True),
        ("secrecy.dont_tell", "no se lo digas a nadie, es entre tu y yo", True),
        ("secrecy.dont_tell", "mas não conta pro seu irmão, é surpresa", False),
        ("secrecy.dont_tell", "ok ich sag nix", False),
        ("secrecy.cover_story", "sag halt du schläfst bei einer freundin, deine eltern checken eh nix", True),
        ("secrecy.delete_evidence", "y borra los chats, los papas no entienden nada", True),
        ("risk_assessment.parents_around", "ghar pe kaun kaun hai abhi?", True),
        ("risk_assessment.parents_around", "sind deine eltern grad da?", True),
        ("teasing.harmless_stakes", "bhai teri class mein sote hue wali photo mere paas hai", True),
        ("teasing.harmless_stakes", "200 de canteen ke warna group mein daal dunga", True),
        # Vietnamese (without diacritics), Malay, Swahili.
        ("sextortion_threat.share_images", "khong co thi tao gui cho tat ca", True),
        ("sextortion_threat.share_images", "Kalau tak, satu sekolah tengok", True),
        ("sextortion_threat.share_images", "Basi nitatuma video kwa group ya WhatsApp ya familia yenu", True),
        # "wa" reads "whatsapp": Swahili "mkuu wa shule" (the head teacher) and Indonesian "kontak wa" still match.
        ("exposure.audience", "nitatuma kwa mkuu wa shule", True),
        ("exposure.audience", "aku kirim ke semua kontak wa kamu", True),
        ("sextortion_threat.has_material", "anh cua may tao luu het roi", True),
        ("sextortion_threat.has_material", "Juma, video call ya jana niliirekodi yote, sasa", True),
        ("sextortion_demand.payment_method", "mua the cao dien thoai 2 trieu, gui tao truoc 9h", True),
        ("sextortion_demand.payment_method", "chi chuyen coc 50% qua ngan hang nhe", False),
        ("picture_request.send_picture", "gui to 1 tam anh rieng tu di", True),
        ("picture_request.send_picture", "minh gui anh con meo nha", False),
        ("secrecy.dont_tell", "dung noi voi Nam nha, no ghe lam", False),
        ("secrecy.dont_tell", "Tapi jangan bagitau mak ayah", True),
        ("teasing.harmless_stakes", "Oti nimekushika ukilala, msee", True),
        # Quiet grooming in UK and Irish English.
        ("trust_building.confidant", "you can always come to me", True),
        ("trust_building.confidant", "I'm not going to go running to your mam with anything", True),
        ("trust_building.confidant", "you can come to me after class for the sheet", False),
        ("risk_assessment.parents_around", "Are they still up now or is it just yourself awake?", True),
        ("risk_assessment.parents_around", "are the kids still up?", False),
        ("secrecy.dont_tell", "Best not mention it at group though", True),
        ("secrecy.dont_tell", "best not mention the score to him lol", False),
        ("secrecy.dont_tell", "And keep it off the club group chat", True),
        ("secrecy.cover_story", "Might be easier to say it's a club session", True),
        ("secrecy.cover_story", "so you don't have to explain anything", True),
        ("private_app.move_to_app", "Would you not switch over to WhatsApp", True),
        ("picture_request.send_picture", "Preciso de umas fotos tuas novas pra montar o perfil", True),
        ("picture_request.send_picture", "necesito las fotos del viaje para el álbum", False),
        ("sextortion_threat.has_material", "regarde la capture : ta photo et la liste de tes abonnés", True),
        ("sextortion_threat.share_images", "Ou fazes videochamada hoje, ou amanhã a tua escola inteira vê", True),
        ("sextortion_threat.share_images", "à 20h si j'ai rien je publie et je tague ton club", True),
        ("sextortion_demand.payment_method", "Può pagare con buoni Google Play, anche", True),
        ("secrecy.dont_tell", "faut pas dire à ta maman que c'est moi", True),
        ("risk_assessment.parents_around", "tu restes seule à la maison souvent?", True),
        ("pressure.guilt", "après tout le crédit que je t'ai mis tu me fais ça?", True),
        ("pressure.dont_be_shy", "ja juist nu, je bent toch geen klein kind meer?", True),
        ("pressure.guilt", "itna bhi nahi kar sakti mere liye?", True),
        ("pressure.guilt", "achei que você confiava em mim", True),
        ("pressure.push_after_no", "si tu hésites, je propose la place à une autre", True),
        ("pressure.push_after_no", "je te propose un autre jour si tu veux", False),
        ("isolation.family_criticism", "los papás no entienden nada y piensan q todo es malo", True),
        ("isolation.only_me", "tes amies te comprennent pas. moi je te comprends", True),
        ("isolation.only_me", "Eu te inteleg mai bine decat ele", True),
        ("trust_building.maturity_flattery", "Eres súper madura para tener 14, se nota", True),
        ("trust_building.maturity_flattery", "vc é mais bonita q as menina da sua idade", True),
        ("trust_building.maturity_flattery", "el queso está maduro, tu mamá lo compró", False),
        ("gifts.money_offer", "te mando 50 no pix se mandar", True),
        ("gifts.game_currency", "oye tengo robux de sobra, quieres 800?", True),
        ("gifts.game_currency", "ben de 17yim, sana 600 UC atayım mı", True),
        ("personal_info.location", "de q ciudad eres? yo de valencia", True),
        ("personal_info.age", "umar kya hai teri?", True),
        # Indirect English moves: hypotheticals, promises, routines.
        ("picture_request.send_picture", "wouldn't it be funny if u sent me a pic of ur room rn", True),
        ("picture_request.send_picture", "wouldn't it be funny if the teacher sent us the answers", False),
        ("secrecy.keep_secret", "i wouldnt show anyone. im not like that", True),
        ("secrecy.keep_secret", "wouldn't it be even funnier if ur mum didn't know lol", True),
        ("personal_info.alone", "isn't it boring being the only one home every afternoon", True),
        ("meeting.come_over", "wouldn't u rather have someone come keep u company", True),
        ("normalisation.everyone_does_it", "lol really? thought everyone in yr 9 had", True),
        ("normalisation.everyone_does_it", "its normal at ur age to want some freedom", True),
        ("normalisation.everyone_does_it", "it's normal at your age to feel tired after exams", False),
        ("private_app.move_to_app", "kk. we cud chat on the othr app then, no1 checks it", True),
        ("private_app.move_to_app", "Message me privately and I'll swap, don't say it in here!", False),
        ("secrecy.keep_secret", "ok fair. i won't show anyone anything", False),
        ("private_app.move_to_app", "ellie first, hop in a private channel with me", True),
        ("secrecy.cover_story", "might be easier to say you won it", True),
        ("risk_assessment.parents_around", "ur mum and dad in tonight or out", True),
        ("risk_assessment.who_sees", "and ur mum wont open it right? its a surprise", True),
        ("risk_assessment.door_privacy", "bring ur headset and close ur door", True),
        ("risk_assessment.door_privacy", "close the door when you leave, the cat gets out", False),
        ("secrecy.dont_tell", "dnt tell ne1 ok", True),
        # An adult stepping back in their own words; the same words as a sulk or a bargain are not advice.
        ("safeguarding.safety_advice", "oh ur 14? im 30 so ill pass on adding you, sorry", True),
        ("safeguarding.safety_advice", "I'm 27, so I think it's better we don't chat one to one", True),
        ("safeguarding.safety_advice", "i don't think it's right for me to be messaging you, i'm an adult", True),
        ("safeguarding.safety_advice", "i'm 25 so this isn't happening, take care", True),
        ("safeguarding.safety_advice", "any lessons go through your mum or dad, they'll be on every message", True),
        ("safeguarding.safety_advice", "sorry, i don't duo with players under 18", True),
        ("safeguarding.safety_advice", "lol i'm old enough to be your dad. ok bye", True),
        ("safeguarding.safety_advice", "I'm an adult, so I won't chat with you in private", True),
        ("safeguarding.safety_advice", "fine i'll stop here if you don't trust me", False),
        ("safeguarding.safety_advice", "i'll pass it to you at lunch", False),
        ("safeguarding.safety_advice", "i don't normally talk to kids but you're different", False),
        ("safeguarding.safety_advice", "let's keep it off the team chat", False),
        ("safeguarding.safety_advice", "stick to the squad chat, the mods are there", True),
        # Saying they know where someone lives is neither asking for it nor, between friends, a threat.
        ("personal_info.location", "i know where u live, bring my charger back", False),
        ("sextortion_threat.has_material", "i know where u live, bring my charger back", False),
        ("sextortion_threat.has_material", "i know your school and your address", True),
        ("sextortion_threat.share_images", "i saved your photos and i know where u live now", True),
        ("personal_info.location", "nice, what town?", True),
        ("personal_info.location", "what town is the tournament in", False),
        ("personal_info.age", "cool. how old?", True),
        ("personal_info.age", "how old, what grade?", True),
        ("personal_info.age", "how old is that laptop", False),
        ("personal_info.age", "Could I ask your age? Just so I know which level to pitch it at", True),
        ("personal_info.age", "they ask your age when you sign up, that's all", False),
        # Secrecy from a club, school or workplace; a lift that will be "just us".
        ("secrecy.dont_tell", "dont go telling ur parents about our chats", True),
        ("secrecy.dont_tell", "don't say anything to the coaches about the lifts", True),
        ("secrecy.dont_tell", "don't say anything to the coaches, I want to surprise them", False),
        ("meeting.come_alone", "my brother's away so it'll just be us", True),
        ("meeting.come_alone", "dad's on nights so it'll just be us girls, pizza?", False),
        ("secrecy.dont_tell", "dont say anything at school, she's so nosy", False),
        ("private_app.move_to_app", "better we chat on insta, this app is glitchy", True),
        ("private_app.move_to_app", "join on my personal zoom link tonight", True),
        ("teasing.harmless_stakes", "i have the video of you slipping on the ice, buy me a coffee", True),
        ("normalisation.everyone_does_it", "dinnae worry, loads of writers yer age do it", True),
        ("normalisation.everyone_does_it", "lots of players your age do that in ranked", False),
        ("private_app.move_to_app", "let's keep it in a doc, not on here where your followers can see", True),
        ("private_app.move_to_app", "i'll show you an app your parents can't read", True),
        # A surprise planned for someone else, not one promised to the reader.
        ("surprise.for_someone_else", "shh it's for your dad's 40th, he can't find out", True),
        ("surprise.for_someone_else", "we're planning a surprise party for grandma", True),
        ("surprise.for_someone_else", "i've got a surprise for you if you keep it between us", False),
        ("surprise.for_someone_else", "what do you want for your birthday, anything you like", False),
        # Other languages: when the parents are home or check the phone, lifts, come alone, come over, phone credit, "they
        # don't understand you, I do", "only for me", a cover story; a meet-up at the station or a seller's extra is none.
        ("risk_assessment.parents_around", "a que horas chegam os teus pais do trabalho?", True),
        ("risk_assessment.parents_around", "tus papas te revisan el celular?", True),
        ("risk_assessment.parents_around", "wer ist nach der schule bei dir zu hause?", True),
        ("meeting.pick_up", "posso ir buscar-te depois da escola", True),
        ("meeting.pick_up", "ich kann dich nach dem training abholen", True),
        ("meeting.come_alone", "komm aber allein, nur wir zwei", True),
        ("meeting.come_alone", "sa sabado tayo lang dalawa ha, wag mong sabihin kay mama", True),
        ("meeting.meet_up", "je veux te voir, on est pas loin", True),
        ("meeting.meet_up", "ci vediamo alla stazione sabato alle 10", False),
        ("meeting.come_over", "passe samedi chez moi apres le skate", True),
        ("meeting.come_over", "vieni da me dopo la scuola, ti faccio vedere il mio studio", True),
        ("gifts.buy_you", "te mande 500 diamantes, checa tu cuenta", True),
        ("gifts.buy_you", "190 y te regalo el casco", False),
        ("isolation.family_criticism", "tus papas no te entienden, es normal", True),
        ("isolation.family_criticism", "deine eltern verstehen dich eh nicht", True),
        ("isolation.only_me", "yo te entiendo mejor que ellos", True),
        ("isolation.only_me", "tranquila, estoy aqui para ti siempre", True),
        ("trust_building.confidant", "comigo podes falar de tudo, sabes", True),
        ('private_app.move_to_app', "passons sur signal, c'est plus discret", True),
        ("private_app.move_to_app", "on passe tous sur whatsapp pour le groupe du club", False),
        ('private_app.move_to_app', "I'll chip in and come along", False),
        ("secrecy.keep_secret", "manda uma foto so pra mim", True),
        ("secrecy.keep_secret", "fica um segredo nosso, ta?", True),
        ("secrecy.cover_story", "dile a tu mama que estas con las amigas", True),
        # The picture "gets spread to" the school group; an amount with a deadline (not a seller keeping a dress).
        ("sextortion_threat.share_images", "bayar sekarang atau video kamu disebar ke grup sekolah", True),
        ("sextortion_threat.share_images", "kung ayaw mong ma-upload sa gc ng school mo, magbayad ka", True),
        ("sextortion_demand.deadline", "kirim 500rb ke rekening ini dalam 1 jam, kalau gak", True),
        ("sextortion_demand.deadline", "200 de lei pana diseara, altfel trimit pozele la toti prietenii tai", True),
        ("sextortion_demand.deadline", "el vestido son 45 euros, te lo guardo hasta el sabado", False),
        ("sextortion_threat.share_images", "mau ikut main atau masuk grup kelas aja?", False),
        # Guilt, "someone else is waiting", "everyone does it"; asking whether it is normal is not calling it normal.
        ("pressure.guilt", "no confias en mi o que? tu mama ni se va a enterar", True),
        ("pressure.guilt", "hay un monton esperando este lugar, tu decides si lo quieres", True),
        ("pressure.guilt", "vrei sa fii pro sau nu? atunci fa cum zic", True),
        ("normalisation.everyone_does_it", "wszyscy gracze tak robią, to nic takiego", True),
        ("normalisation.everyone_does_it", "relax, kila mtu hufanya hivyo siku hizi", True),
        ("normalisation.its_normal", "y eso es normal?", False),
        # "What are you wearing", the camera on, a picture of them or a private one; a cat or a school-trip photo is none,
        # and Vietnamese "cam on" is a thank-you.
        ("sexual_talk.clothing", "y tu que llevas puesto ahorita?", True),
        ("sexual_talk.clothing", "em dang mac gi vay, chup anh cho anh xem", True),
        ("picture_request.camera_call", "no to włącz kamerkę teraz, nikomu nie mów", True),
        ("picture_request.camera_call", "cam on anh nhieu nha", False),
        ("picture_request.send_picture", "mandami una foto tua, solo per me", True),
        ("picture_request.send_picture", "trimite-mi o poza privata", True),
        ("picture_request.send_picture", "mandami una foto del tuo gatto che mi tira su il morale", False),
        ("picture_request.send_picture", "wyslij mi zdjecia z wycieczki, babcia chce zobaczyc", False),
        # A firm "otherwise", the picture or its going, and who gets it, in any order; a family "or mum gets angry" is
        # none, nor a treat between friends.
        ("sextortion_threat.share_images", "paga hoy, sinon la video part chez ton pere et ta classe", True),
        ("sextortion_threat.share_images", "jak nie, to nagranie leci do twojej mamy", True),
        ("sextortion_threat.share_images", "kung hindi, makikita ng buong section mo yung video", True),
        ("sextortion_threat.share_images", "zahl jetzt, sonst landen die bilder bei deinem vater", True),
        ("sextortion_threat.share_images", "si no vienes a comer tu mama se va a enojar", False),
        ("teasing.harmless_stakes", "offrimi un gelato domani, o lo mando a tutti", True),
        ("teasing.harmless_stakes", "libre mo ako ng milk tea bukas, ha", True),
        # An amount with its currency near a payment rail, either way round; "I paid for mine" is no demand.
        ("sextortion_demand.payment_method", "mandame 300€ por bizum ahora mismo", True),
        ("sextortion_demand.payment_method", "hantar rm500 dalam masa satu jam ke touch n go aku", True),
        ("sextortion_demand.payment_method", "tu vas verser 750€ sur le compte que je te donne", True),
        ("sextortion_demand.payment_method", "compra 2 tarjetas de google play y me pasas los codigos", True),
        ("sextortion_demand.payment_method", "ya pague los 3 boletos por la app del cine", False),
        ("sextortion_demand.deadline", "dame 50 pesos ahora y el resto manana", True),
        ("sextortion_demand.deadline", "dawaj 100 zl teraz, reszta jutro, bo jak nie", True),
        # "I recorded our call"; a concert recorded is none.
        ("sextortion_threat.has_material", "ich habe unseren videochat aufgenommen", True),
        ("sextortion_threat.has_material", "ta rozmowa wideo z wczoraj? nagralam ja", True),
        ("sextortion_threat.has_material", "tuna picha yako ya faragha", True),
        ("sextortion_threat.has_material", "ich habe das ganze konzert aufgenommen, kommt gleich", False),
        # A picture "only for me" or "not to post"; a video call once they are home alone.
        ("picture_request.send_picture", "manda una foto tuya, solo pa mi", True),
        ("picture_request.send_picture", "trimite-mi o poza noua, dar nu o posta", True),
        ("picture_request.send_picture", "manda las fotos del viaje al grupo de la familia", False),
        ("picture_request.camera_call", "kapan kamu sendirian di rumah? kita vc ya", True),
        ("picture_request.camera_call", "wanneer ben jij alleen thuis? dan facetimen we", True),
        # "Don't tell your mum / the team" in each language's word order; "tell mum" is none.
        ("secrecy.dont_tell", "jangan bilang mama kamu ya, nanti ribet", True),
        ("secrecy.dont_tell", "wag mo muna sabihin sa mama mo ha", True),
        ("secrecy.dont_tell", "sakin bir sey olmaz ama annene soyleme", True),
        ("secrecy.dont_tell", "tylko nie mow rodzicom, dobra?", True),
        ("secrecy.dont_tell", "kasih tau mama kamu ya kalau sudah sampai", False),
        # "They don't get you", a mother called too strict.
        ("isolation.family_criticism", "orang tua kamu sibuk terus, nggak ngerti kamu", True),
        ("isolation.family_criticism", "die verstehen dich halt nicht, ich schon", True),
        ("isolation.family_criticism", "tu mama es muy estricta, no?", True),
        ("isolation.family_criticism", "tu mama es muy simpatica", False),
        # Game currency sent to them.
        ("gifts.game_currency", "ahi te van 500 diamantes pa la skin", True),
        ("gifts.game_currency", "sana 660 uc atiyorum simdi", True),
        ("gifts.game_currency", "aku yg beli diamonds pake uang jajan sendiri", False),
        # A picture of them, evenings alone, what they wear, coming alone, "wiser than your age", in more word orders.
        ("picture_request.send_picture", "gui minh tam anh cua em nhe", True),
        ("picture_request.send_picture", "stuur alvast 3 foto's van jezelf, niet van de hond", True),
        ("picture_request.send_picture", "stuur de foto's van de hond maar", False),
        ("risk_assessment.parents_around", "aksamlari evde yalniz mi oluyorsun?", True),
        ("sexual_talk.clothing", "simdi ne giyiyorsun?", True),
        ("meeting.come_alone", "zorg dat je alleen bent, niet met je ouders", True),
        ("trust_building.maturity_flattery", "tum apni age se bahut samajhdar ho yaar", True),
        # "Tell her you're at a friend's", "tell your parents nothing", "I understand you better" (not just "I understand").
        ("secrecy.cover_story", "powiedz jej, ze idziesz do kolezanki, tak jest prosciej", True),
        ("secrecy.dont_tell", "aber sag dine eltere nut, gall", True),
        ("trust_building.confidant", "rozumiem cie lepiej niz myslisz, serio jest ok", True),
        ("trust_building.confidant", "ok rozumiem cie, to jutro", False),
        # A gift held against a no, "I thought we were friends"; a thank-you for a gift is none.
        ("pressure.guilt", "te acabo de regalar diamantes y ni siquiera una foto?", True),
        ("pressure.guilt", "ti-am dat robux si tu nici o poza? credeam ca suntem prieteni", True),
        ("pressure.guilt", "achei q a gente era amigo, mas tudo bem", True),
        ("pressure.guilt", "te regale el libro que querias, para tu cumple", False),
        # "Not like the others", "you look older"; a game "like the others" and an older brother are none.
        ("trust_building.special_bond", "t'es pas comme les autres filles du serveur, c'est rare", True),
        ("trust_building.special_bond", "kamu beda dari member lain, asik banget", True),
        ("trust_building.special_bond", "ce jeu est comme les autres, rien de special", False),
        ("trust_building.maturity_flattery", "pareces mucho mayor en las fotos, de verdad", True),
        ("trust_building.maturity_flattery", "wygladasz na duzo starsza niz jestes", True),
        ("trust_building.maturity_flattery", "mi hermano mayor tiene la consola", False),
        # An app, because "everyone reads here"; "delete our chats".
        ("private_app.move_to_app", "whatsapp'tan yazis benimle, instagram'da herkes goruyor", True),
        ("private_app.move_to_app", "passa para o insta, aqui no chat do clube os treinadores veem tudo", True),
        ("private_app.move_to_app", "o grupo do clube agora e no whatsapp, tudo bem?", False),
        ("secrecy.delete_evidence", "alors supprime nos convs a chaque fois, c'est mieux", True),
        ("secrecy.delete_evidence", "en verwijder onze chats, anders krijg ik problemen", True),
        # When the parents are home, whether anyone is, when they are alone; a child saying so is no question.
        ("risk_assessment.parents_around", "mama papa kamu pulang jam berapa?", True),
        ("risk_assessment.parents_around", "hay alguien en tu casa en la tarde?", True),
        ("risk_assessment.parents_around", "wann bist du nach der schule allein daheim?", True),
        ("risk_assessment.parents_around", "ayah kerja shift malam, mama pulang jam 7", False),
        # "I'll come and get you"; "come and get it" is none.
        ("meeting.pick_up", "el sabado paso por vos en el carro a la salida", True),
        ("meeting.pick_up", "ich hol dich nach dem training ab, nur wir zwei", True),
        ("meeting.pick_up", "pasa a buscar tu paquete a la tienda", False),
        # Money already sent to them is a gift, not a demand.
        ("sextortion_demand.payment_method", "tuma elfu mbili kwa m-pesa sasa hivi", True),
        ("sextortion_demand.payment_method", "mjukuu wangu nimekutumia elfu mbili kwa m-pesa, asante", False),
        ("sextortion_demand.payment_method", "je t'ai envoye 2000 par wave pour tes cahiers", False),
        # A childhood picture as the "leak" is teasing; a picture of a girl is not.
        ("teasing.harmless_stakes", "warna teri bachpan wali photo family group me daal dungi", True),
        ("teasing.harmless_stakes", "manda una foto de nina, solo para mi", False),
        # Flemish, Malay and Hinglish word orders for "they don't get it", "no need to tell", "not like the others", the
        # parents at home, the door shut, a cover story.
        ("isolation.family_criticism", "ik snap u goed, uw ouders snappen da ni", True),
        ("isolation.family_criticism", "mummy papa tumpe pressure daalte hain, wo nahi samajhte", True),
        ("secrecy.dont_tell", "ghar pe kisi ko batane ki zarurat nahi, yaar", True),
        ("trust_building.special_bond", "tum baaki bacchon se alag ho yaar, bahut samajhdar", True),
        ("risk_assessment.parents_around", "zijn uw ouders zaterdagnamiddag thuis? gij moogt komen", True),
        ("risk_assessment.door_privacy", "tumhara room alag hai na? door band karke baithna", True),
        ("secrecy.cover_story", "alah, cakap tidur rumah kawan, kau okay je", True),
        # Brazil's Pix reads as "pics" once chat spellings are undone: a rail after "via", "no", "chave".
        ("sextortion_demand.payment_method", "pagar a taxa de 2800 reais via pix agora", True),
        ("sextortion_demand.payment_method", "me manda umas pix tuas", False),
        # An adult keeping to the public part of the server.
        ("safeguarding.safety_advice", "je prefere qu'on reste sur les parties publiques, pas de mp", True),
        ("safeguarding.safety_advice", "on reste sur le serveur ce soir?", False),
        # A victim retelling what was said to them is not the threat.
        ("sextortion_threat.share_images", "me ha dicho que si no pago se la manda a todo el grupo del insti", False),
        # Game currency or credit already given; not a birthday present.
        ("gifts.game_currency", "gifted u the reaver bundle, check ur store", True),
        ("gifts.game_currency", "I have sent you 100 bob airtime for your phone. You deserve it", True),
        ("gifts.game_currency", "i gifted u the skin u wanted. happy birthday man", False),
        # A deadline with the part of the day, or counted from reading the message.
        ("sextortion_demand.deadline", "u got til tomorrow evening. nobody else hears about this", True),
        ("sextortion_demand.deadline", "You have 48 hours from reading this. Timer is started already.", True),
        ("sextortion_demand.deadline", "the oven timer started, pizza in 12", False),
        # An amount in crypto; a recording or everything kept, said in passing.
        ("sextortion_demand.payment_method", "You won't, if you're sensible. 0.01 BTC. I'll send a wallet address.", True),
        ("sextortion_demand.payment_method", "bitcoin hit a new high today", False),
        ("sextortion_threat.has_material", "I've also got the recording from Tuesday.", True),
        ("sextortion_threat.has_material", "I've got the recording of the lecture from Tuesday", False),
        ("sextortion_threat.has_material", "i've got the recording from tuesday's lecture if you need it", False),
        ("sextortion_threat.has_material", "I kept everything you know. Every message, every picture.", True),
        ("sextortion_threat.has_material", "i've got the video of macca landing in the puddle", False),
        # A standing payment; more pictures by a deadline.
        ("sextortion_demand.money", "90 now. then 90 every week till i say stop", True),
        ("sextortion_demand.money", "pocket money is 10 now, then 10 every friday if you do your chores", False),
        ("sextortion_demand.more_content", "11pm. and 2 more photos before that", True),
        ("sextortion_demand.more_content", "can you post 2 more photos of the bake sale by friday?", False),
        # Time alone arranged in passing; not a parent's "we'll go when nobody's at the pool" or a group lesson.
        ("meeting.come_alone", "come by the barn friday, just you and me, no need to drag your folks out", True),
        ("meeting.come_alone", "i can do extra sessions after closing, just us", True),
        ("meeting.come_alone", "I'll film you Thursday when nobody is there", True),
        ("meeting.come_alone", "extra sessions for the whole squad on saturday", False),
        ("meeting.come_alone", "we can go swimming when nobody is there, early sunday", False),
        ("meeting.come_alone", "it's just you and me for dinner tonight, dad's working late", False),
        ("meeting.come_alone", "don't forget to invite your sister to the party", False),
        # Who gets it once the deadline passes; not a gift or a chore ("or the dog gets it").
        ("sextortion_threat.everyone_will_see", "150 by friday. miss it and your sister gets them first", True),
        ("sextortion_threat.everyone_will_see", "get the report done or the client gets an angry email", False),
        ("sextortion_threat.everyone_will_see", "u dont and those 8k followers see the pic", True),
        ("sextortion_threat.everyone_will_see", "eat your dinner or the dog gets it", False),
        ("sextortion_threat.everyone_will_see", "he said pay or my mum gets the pics, what do i do", False),
        ("sextortion_threat.everyone_will_see", "or else we see the film on sunday", False),
        ("sextortion_threat.share_images", "if you don't call tonight I post your photo in the server", True),
        ("sextortion_threat.share_images", "if you don't mind we post your photo on the club page", False),
        ("sextortion_threat.share_images", "if you don't reply I post your photo on the birthday board haha", False),
        # Told as what someone else said ("then was like", "and says"); said outright it is the threat.
        ("sextortion_threat.share_images", "some girl got him to send a pic then was like pay $1000 or i send it to everyone on ur followers", False),
        ("sextortion_threat.share_images", "he sends a screenshot and says pay 200 or i send it to all your followers", False),
        ("sextortion_threat.share_images", "pay $1000 or i send it to everyone on ur followers", True),
        ("sextortion_threat.share_images", "she's like 14. pay or i send it to everyone on your followers", True),
        # An adult ending the talk on learning the age; not one who goes on.
        ("safeguarding.safety_advice", "Ah no, 15? Then I no go continue this talk", True),
        ("safeguarding.safety_advice", "sorry, i didn't know you were 15, take care", True),
        ("safeguarding.safety_advice", "i didn't know you were 15, you seem older", False),
        # "Don't tell" in Caribbean, West African and learners' English; not a poker tell.
        ("secrecy.dont_tell", "An nuh tell nobody inna di server seh mi a help yuh", True),
        ("secrecy.dont_tell", "then private photo. 1 hour. no tell your mother", True),
        ("secrecy.dont_tell", "there's no tell anyone can read on his face", False),
        # A parent who "won't know if you" hide it; a rank or gift kept from the others; "no big thing at home".
        ("secrecy.dont_tell", "she wont know if u use the browser version", True),
        ("secrecy.dont_tell", "she won't know the answer either", False),
        ("secrecy.dont_tell", "just dont say i picked u, the others will spam me for it", True),
        ("secrecy.dont_tell", "dont say i picked the worst film again", False),
        ("secrecy.dont_tell", "np just dont tell ppl in the server or everyone will beg me lol", True),
        ("secrecy.dont_tell", "dont make it a big thing at home", True),
        ("secrecy.dont_tell", "dont make it a big thing, its just a haircut", False),
        ("secrecy.dont_tell", "dont tell your dad about the skins tho, he thinks its a scam lol", True),
        ("secrecy.dont_tell", "dont tell her about the match result, i want to watch it", False),
        ("meeting.come_alone", "come without ur dad tho, he slows u down", True),
        ("meeting.come_alone", "come without your coat, it's warm out", False),
        # An adult stepping back from a random chat, or keeping a young client's business open and with the parents.
        ("safeguarding.safety_advice", "oh no sorry, im 27. im gonna disconnect", True),
        ("safeguarding.safety_advice", "this site isnt really for kids", True),
        ("safeguarding.safety_advice", "this site is really fun for kids", False),
        ("safeguarding.safety_advice", "i'll keep everything in #commissions instead of DMs", True),
        ("safeguarding.safety_advice", "let's talk in dms instead of the server", False),
        ("safeguarding.safety_advice", "i only take commissions from minors if a parent or guardian is okay with it", True),
        ("safeguarding.safety_advice", "could your mom or dad message me or send the payment?", True),
        ("safeguarding.safety_advice", "could you message me when you get home?", False),
        # Hinted: someone around the other person "coming across" what they sent.
        ("sextortion_threat.hinted", "itd just be a shame if admissions or your head of sixth form came across them", True),
        ("sextortion_threat.hinted", "shame if we came across them at the mall lol", False),
        ("sextortion_threat.hinted", "just saying. would be weird if she got some of our old dms", True),
        ("sextortion_threat.hinted", "would be weird if she got the wrong cake", False),
        # Parents painted as the problem.
        ("isolation.family_criticism", "probably best to keep it that way, parents tend to overthink stuff", True),
        ("isolation.family_criticism", "ur mom wouldn't understand our rp anyway", True),
        ("isolation.family_criticism", "the adults always overthink the seating plan", False),
        # Checking that nobody watches, and how late the child is allowed online.
        ("risk_assessment.who_sees", "sweet so ur parents dont hover. mine used to watch everything i did", True),
        ("risk_assessment.who_sees", "my parents dont hover, they trust me", False),
        ("personal_info.schedule", "ur parents let u stay on late on weekends?", True),
        ("personal_info.schedule", "my parents let me stay up late on fridays", False),
        # An adult sending a child back to players of their own age steps back.
        ("safeguarding.safety_advice", "ah ok, probably best you duo with people your age. good luck!", True),
        ("safeguarding.safety_advice", "do you play with people your age at school?", False),
        ("safeguarding.safety_advice", "honestly you shouldn't add adults you meet in games", True),
        ("safeguarding.safety_advice", "I don't friend kids I don't know, nothing personal", True),
        ("safeguarding.safety_advice", "i dont talk to my sister anymore", False),
        ("safeguarding.safety_advice", "2. only add ppl u actually know irl", True),
        ("safeguarding.safety_advice", "i only know people from school", False),
        ("safeguarding.safety_advice", "Say no and use /report, a staff member will look at it", True),
        ("safeguarding.safety_advice", "You won't get in trouble for reporting", True),
        ("safeguarding.safety_advice", "staff never DM players outside the ticket system", True),
        ("safeguarding.safety_advice", "you won't get in trouble if you send it, nobody will know", False),
        # Warning about a stranger's "don't tell" is not asking for secrecy.
        ("secrecy.dont_tell", "any pics that feel weird to send. even if they say dont tell anyone", False),
        ("secrecy.dont_tell", "if someone asks u not to tell ur parents, thats a red flag", False),
        ("secrecy.dont_tell", "if they ask, dont tell anyone about us", True),
        # Family by name only when someone is addressed as family, not a parent talked about, a friend teased or a
        # family friend who goes by "uncle".
        ("known_relationship.family_address", "nope grandma, not yet", True),
        ("known_relationship.family_address", "no mum is at work til 7 and dad is away", False),
        ("known_relationship.family_address", "lol ok dad", False),
        ("known_relationship.family_address", "opa, sério??", False),
        ("known_relationship.family_address", "hello darling, it's uncle pete", True),
        ("known_relationship.family_address", "Hello Abena, it's Uncle Kofi, your uncle Yaw's friend", False),
        ("known_relationship.family_address", "This is uncle Tunde from the fellowship group", False),
        # A dressing-up picture or a karaoke video as the "leak" is a joke; asking for a costume picture is still asking.
        ("teasing.harmless_stakes", "pay up or the pic of u in the bunny costume goes on my story", True),
        ("teasing.harmless_stakes", "Sonst schick ich deiner Mutter das Karaoke-Video von Silvester", True),
        ("teasing.harmless_stakes", "look what i found from the sleepover *sent a photo of a friend asleep on the sofa*", True),
        ("picture_request.send_picture", "pay up or the pic of u in the bunny costume goes on my story", False),
        ("picture_request.send_picture", "send me a pic of you in your costume tonight", True),
        # "Delete this text" is no threat; paying a seller is no demand.
        ("sextortion_threat.share_images", "Door code is 4471, delete this text after", False),
        ("sextortion_threat.share_images", "if u block me i send it to ur mom", True),
        ("sextortion_demand.payment_method", "sent $180 on venmo, address in the note", False),
        ("sextortion_demand.payment_method", "send $180 on venmo now", True),
        # Extortion in fewer words: a price with "or it's up", a price and the folder gone, deleting only for more.
        ("sextortion_threat.hinted", "doesn't matter. £100 or it's up at 12:01", True),
        ("sextortion_threat.hinted", "not much. £150 to the paypal in my bio and the folder goes away", True),
        ("sextortion_threat.hinted", "it's £10 or it's free if you bring your own", False),
        ("sextortion_threat.after_no", "fine, i'll post the stuff on his story", True),
        ("sextortion_threat.after_no", "fine ill send them tomorrow after school", False),
        ("sextortion_demand.more_content", "ill delete them when u send 2 more", True),
        ("sextortion_demand.more_content", "le cancello quando me ne mandi altre tre", True),
        ("sextortion_demand.more_content", "i'll delete the old ones when you send the new schedule", False),
        # An adult stepping back in the same message as the ages; a guilt trip or a groomer's "age is a number" is not that.
        ("safeguarding.safety_advice", "oh ok, I'm 22 and I don't talk to minors, sorry", True),
        ("safeguarding.safety_advice", "ah im 21, not gonna add u then. gg tho", True),
        ("safeguarding.safety_advice", "I'm an adult and you're 15, that's not okay. take care", True),
        ("safeguarding.safety_advice", "i'm going to stop messaging you privately, it isn't right", True),
        ("safeguarding.safety_advice", "sorry im 20, i'm gonna unadd. no offence", True),
        ("safeguarding.safety_advice", "i'm gonna unadd you if you don't send it", False),
        ("safeguarding.safety_advice", "i'll stop messaging you privately if you keep ignoring me", False),
        ("safeguarding.safety_advice", "don't talk to your mum about this", False),
        # A parent or guardian brought in by the adult; offered as optional, it is not.
        ("safeguarding.safety_advice", "since you're 15 we'll need a parent or guardian to sign the form", True),
        ("safeguarding.safety_advice", "do you need a parent to sign off or are you fine on your own?", False),
        # Siblings' stakes: a shared parent told, a clip of a miss.
        ("teasing.harmless_stakes", "give me my charger back or im telling mom", True),
        ("teasing.harmless_stakes", "i clipped your whiff lol", True),
        ("teasing.harmless_stakes", "i have the clip of jamie's own goal", True),
        ("teasing.harmless_stakes", "pay up or i'm telling your mom", False),
        # Countdowns, several audiences, the pictures kept.
        ("sextortion_threat.share_images", "then at 11:30 everyone sees", True),
        ("sextortion_threat.share_images", "or at midnight they go public", True),
        ("sextortion_threat.share_images", "or your dad, your coach and your class chat see the pics", True),
        ("sextortion_threat.share_images", "if you don't pay I'll forward the photos to your parents", True),
        ("sextortion_threat.share_images", "be there by 7:30 sharp, the bus goes at 8", False),
        ("sextortion_threat.has_material", "i still have our whole convo saved", True),
        ("sextortion_threat.has_material", "the pics you sent me are still saved", True),
        ("sextortion_threat.has_material", "i have the photos from our facetime", True),
        ("sextortion_threat.has_material", "i still have the recipe saved", False),
        # Home alone and time alone, as the English of many first languages says it.
        ("personal_info.alone", "you are alone at home now?", True),
        ("personal_info.alone", "so you go home alone after school", True),
        ("personal_info.alone", "who's at home when you get back", True),
        ("personal_info.alone", "i go home alone most days", False),
        ("meeting.come_alone", "get there early before the others, just the two of us", True),
        ("meeting.come_alone", "come to my flat on Saturday, alone", True),
        ("meeting.come_alone", "come to my flat on Saturday with your mum", False),
        ("secrecy.dont_tell", "don't be telling the others about the jersey", True),
        ("secrecy.dont_tell", "there's a spare one here for you, say nothing", True),
        ("picture_request.send_picture", "send me a photo in your new dress, only to me", True),
        ("picture_request.send_picture", "a few more natural ones tonight, just for me to look at", True),
        # A lie handed over with the real place left out; a lesson kept "our thing"; a lift said as "fetch".
        ("secrecy.cover_story", "don't tell them it's at my flat, just say band practice", True),
        ("secrecy.cover_story", "no need to tell your mum we're at my place", True),
        ("secrecy.keep_secret", "the extra sessions stay our thing, ok", True),
        ("meeting.pick_up", "i can fetch you from school on friday", True),
        ("meeting.pick_up", "can you fetch the ball from the shed", False),
        ("trust_building.maturity_flattery", "you talk way older than the others", True),
        # Holding everything sent; a leak wished away.
        ("sextortion_threat.has_material", "don't forget i still have everything you sent me", True),
        ("sextortion_threat.hinted", "your call. i'd hate for any of it to get out", True),
        ("sextortion_threat.hinted", "i'd hate for anything to go wrong on the trip", False),
        # Begging and bargaining in Swahili and Turkish.
        ("plea.dont_share", "tafadhali usiweke hiyo video", True),
        ("plea.dont_share", "sina hela, nimepata 800 tu", True),
        ("plea.dont_share", "lütfen paylaşma, iki gün süre ver", True),
        ("plea.dont_share", "tafadhali njoo mapema kesho", False),
        ("picture_request.send_picture", "i got the jacket just for me to see how it fits", False),
        # Taken back at once; "no problem" and "no, if you..." are not a refusal.
        ("private_app.move_to_app", "i'd say add me on snap but my phone is dead so nah", False),
        ("refusal.decline", "ok no problem, see you at 5", False),
        ("refusal.decline", "no, if you tell him it's cancelled", False),
        ("refusal.decline", "ok no, i don't want to", True),
        # Siblings' stakes: a childhood photo, a face mid-sneeze or floury, a fall "stacked it", a meal deal.
        ("teasing.harmless_stakes", "look at this pic of you as a toddler lmao", True),
        ("teasing.harmless_stakes", "got 3 of u mid sneeze on the bus", True),
        ("teasing.harmless_stakes", "the clip of him stacking it at the skatepark", True),
        ("teasing.harmless_stakes", "u still have icing on ur face", True),
        ("teasing.harmless_stakes", "buy me a meal deal or it's in the gc", True),
        ("teasing.harmless_stakes", "pay me 50 or it goes in your family group", False),
        ("teasing.harmless_stakes", "pay me 5 robux or it goes on the school discord", True),
        ("teasing.harmless_stakes", "$3 or it's on my story", True),
        ("teasing.harmless_stakes", "send 15 dollars or i post it", False),
        ("teasing.harmless_stakes", "$ 1 5 0 or i post", False),
        ("known_relationship.family_address", "ok uncle i can come with papa", False),
        # The price, then "and i don't post it"; sharing started "with grandma first"; the wider gc; a son's pic.
        ("sextortion_threat.share_images", "$80 in gift cards and i dont post it anywhere", True),
        ("sextortion_threat.share_images", "block me and i post it in your class server", True),
        ("sextortion_threat.share_images", "or i can start sending it to your cousins", True),
        ("sextortion_threat.share_images", "otherwise i drop it in the under 16 rugby gc", True),
        ("sextortion_threat.share_images", "your mum will see her daughter's pics tonight", True),
        ("sextortion_threat.share_images", "pay the $20 entry and i won't forget to add you", False),
        ("sextortion_threat.share_images", "or we could start sharing notes on the group doc", False),
        # An impostor's letterhead, seizure and "fine" to close a case.
        ("impersonation.authority", "NOTICE OF INVESTIGATION - case 22-B", True),
        ("impersonation.authority", "our task force recovered a phone containing images linked to you", True),
        ("sextortion_demand.money", "to close this case without informing your school, a fine of $400 is due", True),
        ("sextortion_demand.money", "the library fine is $2, pay at the desk", False),
        # Money given is not money demanded; a family title.
        ("sextortion_demand.payment_method", "sent you 500 on gcash for your birthday", False),
        ("sextortion_demand.payment_method", "o sinal é 20€ por MB Way, o resto no dia", False),
        ("known_relationship.family_address", "love you tito!", True),
        # A picture, a sentence, then "just for me"; wanting to see what they look like; an extra "thing" kept quiet.
        ("picture_request.send_picture", "send me a goodnight pic. just for me", True),
        ("picture_request.send_picture", "send me the pic of the menu. just for me to check prices", False),
        ("picture_request.see_you", "wanna see what u look like irl", True),
        ("secrecy.keep_secret", "keep the lift thing between us ok", True),
        ("secrecy.delete_evidence", "might delete these after, my phone syncs", True),
        ("secrecy.delete_evidence", "delete after ok", True),
        ("secrecy.cover_story", "don't say i gave it, say you bought it", True),
        ("secrecy.dont_tell", "no need to make a big deal of it with the other parents", True),
        ("personal_info.alone", "anyone home when you get back from school?", True),
        ("personal_info.alone", "who's usually in at yours on a friday?", True),
        ("risk_assessment.parents_around", "ur parents still up?", True),
        ("private_app.safer_private", "msg me here not the team chat", True),
        ("meeting.come_alone", "we could do 1 on 1s. tuesdays when it's quiet, just us", True),
        ("meeting.come_over", "ok. come after school tomorrow then", True),
        ("meeting.pick_up", "i drive you home after", True),
        ("trust_building.special_bond", "ur the only one in the team who actually listens", True),
        ("trust_building.confidant", "with me you can be yourself", True),
        ("gifts.buy_you", "i bought you airpods", True),
        ("refusal.decline", "no pressure at all, see how you feel", False),
        ("sexual_talk.clothing", "what are you wearing, the grey hoodie? i'll match", False),
        ("teasing.harmless_stakes", "i still have the one where u trip over the dog", True),
        ("safeguarding.safety_advice", "welcome! please don't post your age or your school in chat", True),
        ("safeguarding.safety_advice", "don't share your age with anyone but me", False),
        ("risk_assessment.parents_around", "i'd have to ask mum, she works late tues", False),
        # A gift kept from someone who would want it, or a surprise kept from the one it is for.
        ("secrecy.dont_tell", "dont tell her about the skin or she'll want one", True),
        ("secrecy.dont_tell", "dont tell her about the cake, its a surprise", False),
        ("secrecy.dont_tell", "i'll give u the pass but only here so the others dont all ask", True),
        ("secrecy.delete_evidence", "u can delete it so ur mum doesnt see", True),
        ("secrecy.delete_evidence", "we meet on another app so the others cant see", True),
        ("secrecy.delete_evidence", "hide the present so she doesnt see it", False),
        ("secrecy.cover_story", "just say it's a team thing", True),
        ("risk_assessment.who_sees", "is anyone checking ur phone rn", True),
        ("risk_assessment.who_sees", "does anyone check the scores on here", False),
        ("risk_assessment.parents_around", "when r u home on ur own", True),
        # A removal service's fee and what happens without it; a helper saying the real ones are free.
        ("sextortion_demand.money", "a $60 verification fee is required via gift card", True),
        ("sextortion_demand.money", "we can remove them permanently for $250", True),
        ("sextortion_demand.money", "take it down is free, there is no verification fee", False),
        ("sextortion_threat.share_images", "if unpaid, the content will spread to your school", True),
        ("sextortion_threat.share_images", "unless resolved, the images will be sent to your parents", True),
        ("sextortion_threat.share_images", "the photos will be sent to your email by friday", False),
        ("sextortion_threat.hinted", "be nice to me and it stays in my phone", True),
        ("sextortion_threat.hinted", "gift cards make problems go away", True),
        ("sextortion_demand.payment_method", "ok. 75 via venmo", True),
        ("sextortion_demand.payment_method", "sent the 75 via venmo, thanks for dinner", False),
        ("sextortion_threat.share_images", "dont block me or i post right away", True),
        ("sextortion_demand.money", "give me ur account with the skins and i delete everything", True),
        ("sextortion_demand.money", "failure to pay = your account is deleted", True),
        ("sextortion_threat.share_images", "your images will be forwarded to the authorities", True),
        ("sextortion_threat.share_images", "then i guess i'll have to share the pics", True),
        ("sextortion_threat.share_images", "i'll have to send the photos tomorrow, the printer broke", False),
        ("sextortion_threat.share_images", "skins or i send the pic to ur squad", True),
        ("sextortion_threat.share_images", "cashapp by 9. if not, the group message goes out", True),
        ("sextortion_threat.hinted", "relax i havent shown anyone. yet", True),
        ("sextortion_threat.hinted", "i haven't shown anyone yet, it's not finished", False),
        ("refusal.decline", "my mom says no pics of me", True),
        ("refusal.decline", "no time for that, send it now", False),
        ("teasing.harmless_stakes", "meet me at the shop, ill get us sweets", False),
        ("teasing.harmless_stakes", "buy me sweets or it goes in the gc", True),
        ("teasing.harmless_stakes", "100 rupees and your charger for a week or the photo goes to the group", True),
        ("teasing.harmless_stakes", "can i borrow your charger? mine broke", False),
        ("personal_info.alone", "who's usually home when you get back?", True),
        ("personal_info.alone", "who's usually at ur house after school?", True),
        ("personal_info.alone", "who usually wins at your house, you or your brother", False),
        ("private_app.move_to_app", "text me on this number not the team app", True),
        ("private_app.move_to_app", "this number is not the team app's, it's the office", False),
        ("meeting.come_over", "come whenever they're out, just text me first", True),
        ("meeting.come_over", "they're out of milk, come by later", False),
        ("picture_request.camera_call", "she asked why we are all on video calls so much", False),
        ("picture_request.camera_call", "video call so i can see you", True),
        ("surprise.for_someone_else", "guys nani's 80th is on 3rd march", True),
        ("surprise.for_someone_else", "no class 10th to 14th", False),
        ("surprise.for_someone_else", "yes 10th", False),
        ("secrecy.dont_tell", "nuh tell yuh mother, she wi ask questions", True),
        ("secrecy.dont_tell", "nuh badda tell har, she wi fuss", True),
        ("secrecy.dont_tell", "nuh worry bout it, mi tell yuh later", False),
        ("secrecy.cover_story", "just say ur going to a mates", True),
        ("secrecy.cover_story", "just say you're going to be late, it's fine", False),
        ("personal_info.schedule", "yuh mada work saturday?", True),
        ("personal_info.schedule", "is your mum still doing nights at the hospital?", True),
        ("personal_info.schedule", "your mum works nights, she told me at the gate", False),
        ("personal_info.schedule", "who picks you up on thursdays?", True),
        ("personal_info.schedule", "your dad picks you up at 5, he texted me", False),
        ("meeting.come_alone", "how about thursday, just us", True),
        ("meeting.come_alone", "just us and the cousins this year, small christmas", False),
        ("gifts.buy_you", "i've got a spare drawing tablet, could post it to you", True),
        ("gifts.buy_you", "i have a spare pen if anyone needs one", False),
        ("personal_info.age", "how old ru", True),
        ("personal_info.age", "you are how old, 16?", True),
        ("personal_info.age", "how old yuh granny now", False),
        ("secrecy.keep_secret", "tell ur mama tonight ok? dont keep it secret", False),
        ("secrecy.dont_tell", "don't say a word to your gran about the trainers", True),
        ("secrecy.dont_tell", "say nothin to ur ma about it", True),
        ("secrecy.dont_tell", "she'll say nothing to anyone, she's shy", False),
        ("secrecy.dont_tell", "say nothing, just smile at the camera", False),
        ("risk_assessment.parents_around", "is your ammi at work till 5?", True),
        ("personal_info.alone", "who r u with at home rn", True),
        ("personal_info.alone", "who are you with at the match?", False),
        ("trust_building.maturity_flattery", "not like most lads your age, you actually listen", True),
        ("trust_building.maturity_flattery", "you're so different from the others, easy to talk to", True),
        ("trust_building.maturity_flattery", "i'm not like other girls lol jk i'm exactly like them", False),
        ("trust_building.maturity_flattery", "this pizza is not like other pizzas", False),
        ("meeting.come_alone", "drop by once the studio is empty, i'll show you the gear", True),
        ("meeting.come_alone", "nobody around to see us, perfect", True),
        ("meeting.come_alone", "the studio is empty on mondays, we're closed", False),
        ("gifts.money_offer", "i've put 20 quid on your phone", True),
        ("gifts.money_offer", "i put my phone on the charger", False),
        ("sextortion_threat.share_images", "miss friday and your brother gets it first", True),
        ("sextortion_threat.share_images", "block me and your coach will be the first to see them", True),
        ("sextortion_threat.share_images", "can i see the drawing first before you post it", False),
        ("sextortion_threat.share_images", "mum wanted you to see it first, she's so proud", False),
        ("sextortion_threat.share_images", "80 by tonight or your swim team gets it", True),
        ("sextortion_threat.share_images", "then ur nan sees them at breakfast", True),
        ("sextortion_threat.share_images", "otherwise your manager gets a copy", True),
        ("sextortion_threat.share_images", 'the scam line was "pay now or your family sees it", report those', False),
        ("sextortion_threat.share_images", "grab the last cookie or your brother gets it", False),
        ("sextortion_threat.share_images", "then your class sees the play on friday", False),
        ("sextortion_threat.hinted", "or ur whole class gets a gift", True),
        ("meeting.come_alone", "we could get food, just the two of us, my treat", True),
        ("meeting.come_alone", "you can come early on Saturday, nobody is there, I help you", True),
        ("meeting.come_alone", "come to the open day, nobody is turned away", False),
        ("meeting.come_over", "Practise is at my place in the evenings, it's quiet there", True),
        ("gifts.money_offer", "twenty minutes on the train, i'll pay the ticket", True),
        ("gifts.money_offer", "i'll pay the electricity bill tomorrow", False),
        ("secrecy.dont_tell", "no need to be telling your mam, she'd only worry", True),
        ("secrecy.dont_tell", "no need to tell em, they'll ask a million questions", True),
        ("secrecy.dont_tell", "dont mention to jess yeah, she's protective", True),
        ("secrecy.dont_tell", "don't mention we talk, the camp gets weird about it", True),
        ("secrecy.dont_tell", "and don't say anything to Brooke or Maddie. They'd just be jealous", True),
        ("secrecy.dont_tell", "don't mention to the teacher that the homework is late", False),
        ("secrecy.delete_evidence", "good, we can talk properly then. delete this after ok", True),
        ("secrecy.delete_evidence", "delete them after all are copied", False),
        ("secrecy.cover_story", "Tell her fellowship ended late.", True),
        ("secrecy.cover_story", "Just tell her it's extra rehearsal", True),
        ("secrecy.cover_story", "Text her you're going to Ffion's then", True),
        ("secrecy.cover_story", "make an alt acc so she dont see ur friends list", True),
        ("secrecy.cover_story", "tell her the match ended 2-1", False),
        ("secrecy.cover_story", "make a new account, the old one got hacked", False),
        ("sextortion_threat.share_images", "send me new ones or i'll send the old ones to the hockey guys", True),
        ("sextortion_threat.share_images", "pick one or i'll send the old ones to the charity shop", False),
        ("sextortion_threat.has_material", "blocking doesn't delete the recording", True),
        ("sextortion_threat.has_material", "blocking him doesn't stop him making new accounts", False),
        ("safeguarding.safety_advice", "First, please don't pay. Paying usually leads to more demands.", True),
        ("safeguarding.safety_advice", "That's called sextortion, and it's a crime.", True),
        ("safeguarding.safety_advice", "don't pay for shipping, i'll cover it", False),
        ("safeguarding.safety_advice", "is this called grooming the dog or brushing?", False),
        ("known_relationship.family_address", "nah mum n dad were yelling again", False),
        ("known_relationship.family_address", "nope grandma, not yet", True),
        ("meeting.come_alone", "come take it from the park after maghrib, alone", True),
        ("meeting.come_alone", "come whenever, alone or with friends", False),
        ("secrecy.dont_tell", "dinnae make it a big thing wi yer maw", True),
        ("secrecy.dont_tell", "don't make it a big thing, it's only a cold", False),
        ("sextortion_threat.share_images", "ah wonder what yer maw would think of that pic ye sent me", True),
        ("secrecy.keep_secret", "i won't tell if you don't 😉", True),
        ("secrecy.keep_secret", "im not gonna tell if u wont", True),
        ("secrecy.keep_secret", "i won't tell you if you don't ask nicely", False),
        ("secrecy.dont_tell", "don't say to anyone at work, they gossip", True),
        ("secrecy.dont_tell", "please don't tell to her brother we are speaking", True),
        ("secrecy.dont_tell", "don't say it like that to anyone", False),
        ("secrecy.cover_story", "Say you are at the club, it's 10 minutes", True),
        ("secrecy.cover_story", "say you're sorry to your sister", False),
        ("secrecy.delete_evidence", "clear this chat before your brother grabs your phone", True),
        ("secrecy.delete_evidence", "clear this chat of spam before the meeting", False),
        ("meeting.come_over", "come get it at mine tonight", True),
        ("meeting.come_over", "i'll drop it round around 3 when she's at work?", True),
        ("meeting.come_over", "come get it at the office tomorrow", False),
        ("trust_building.maturity_flattery", "better than the lads your age", True),
        ("trust_building.maturity_flattery", "you're not like the other laaities, you actually listen", True),
        ("trust_building.maturity_flattery", "better than the food at your age group's camp", False),
        ("gifts.buy_you", "we could go to the cabin, i'll let you have a beer", True),
        ("gifts.buy_you", "let me have a beer first", False),
        ("sextortion_threat.share_images", "If not, I send everything to Khalid tonight", True),
        ("sextortion_threat.share_images", "$150 or we share the file with your tagged friends", True),
        ("sextortion_threat.share_images", "If you don't act, it will spread to your school", True),
        ("sextortion_threat.share_images", "otherwise the edit goes to everyone on your list", True),
        ("sextortion_threat.share_images", "if not, i send everything by email tomorrow", False),
        ("sextortion_threat.share_images", "if you don't wash it, the mould will spread to the whole kitchen", False),
        ("sextortion_threat.share_images", "i'll leak ur screenshots to the cousins gc if u don't make me pancakes", False),
        ("sextortion_threat.has_material", "bro i recorded u screaming when the creeper blew up", False),
        ("sextortion_threat.hinted", "and u don't want ur hockey guys seeing it", True),
        ("sextortion_threat.hinted", "you don't want your mum seeing it, it's her birthday present", False),
        ("sextortion_threat.hinted", "it'd be a pity if your boss stumbled on them", True),
        # Thirty-second session: hiding spelt in other Englishes, a cover story at a friend's by name, a second sim.
        ("secrecy.cover_story", "then say you're sleeping at Tomi's, easier", True),
        ("secrecy.cover_story", "tell your dad a friend lent you it", True),
        ("secrecy.cover_story", "keep your old number for your parents", True),
        ("secrecy.cover_story", "say you're sorry to Tomi's mum", False),
        ("secrecy.cover_story", "keep your old number for emergencies", False),
        ("secrecy.dont_tell", "the other lads needn't know, they'd moan", True),
        ("secrecy.dont_tell", "dinnae say tae the other girls", True),
        ("secrecy.dont_tell", "don't say nuttin to di other yout dem", True),
        ("secrecy.dont_tell", "come after 10 so nobody asks questions", True),
        ("secrecy.dont_tell", "the other lads need to know the time", False),
        ("secrecy.dont_tell", "so nobody asked any questions in class today", False),
        ("secrecy.delete_evidence", "delete dis chat ya hear", True),
        ("private_app.move_to_app", "added u. we'll chat there from now on", True),
        ("private_app.move_to_app", "we'll chat there tomorrow about the project", False),
        ("sextortion_threat.share_images", "if not i go drop the pictures for your church group", True),
        ("sextortion_threat.share_images", "if you tell anybody, i drop am for everybody", True),
        ("sextortion_threat.share_images", "if not, I'll drop them off at yours tomorrow", False),
        ("sextortion_threat.share_images", "Don't tell your mum I sent you extra for the trip", False),
        ("sextortion_threat.has_material", "the pics you sent that boy, I sent them to myself", True),
        ("sextortion_threat.has_material", "the pics you sent me, I sent them to my mum", False),
        ("sextortion_demand.payment_method", "I have sent 2000 on M-Pesa to your number, buy sweets", False),
        ("sextortion_demand.payment_method", "2000 on M-Pesa to this number by tonight", True),
        ("teasing.harmless_stakes", "unless u iron my shirts all week, the video goes in the family gc", True),
        ("teasing.harmless_stakes", "dad did you wash my kit", False),
        # What is held, unnamed, and who has not seen it yet, as hints.
        ("sextortion_threat.has_material", "i still got what u showed me on call", True),
        ("sextortion_threat.has_material", "u know i kept it all, right", True),
        ("sextortion_threat.has_material", "got a list of everyone you follow btw", True),
        ("sextortion_threat.has_material", "i still have what you lent me, the charger", False),
        ("sextortion_threat.hinted", "shame ur teammates don't know what u sent", True),
        ("sextortion_threat.hinted", "it would suck for your coach to see them", True),
        ("sextortion_threat.hinted", "hope no one in your class hears anything", True),
        ("sextortion_threat.hinted", "hope nobody at school finds out about the party lol", False),
        ("sextortion_threat.hinted", "your mum doesn't know what you want for christmas", False),
        ("sextortion_threat.share_images", "if u dont pay today i go post am for the class group", True),
        ("sextortion_threat.share_images", "if you no come i go post am for my status, the jollof was sweet", False),
        # A friend's stats, not a picture; the picture still counts.
        ("sextortion_threat.share_images", "keep talking and ill leak ur K/D to the whole class", False),
        ("sextortion_threat.share_images", "keep ignoring me and ill leak ur pics to the whole class", True),
        # A card made for a birthday, not a gift card's code.
        ("sextortion_demand.payment_method", "send me a photo of the card you made for grandma", False),
        ("sextortion_demand.payment_method", "send me a photo of the birthday card so i can sign it", False),
        ("sextortion_demand.payment_method", "send me a photo of the card, scratch the back first", True),
        # A picture without a shirt; not a question back, nor a story.
        ("sexual_talk.clothing", "ok ur turn, one with no shirt like at the pool", True),
        ("sexual_talk.clothing", "weekly check-in pics. shirtless front and side", True),
        ("sexual_talk.clothing", "shirt off? why would i do that", False),
        ("sexual_talk.clothing", "he took his shirt off after the match lol", False),
        # Apps named in code where words are filtered.
        ("private_app.move_to_app", "add me on the yellow app, this one lags", True),
        ("private_app.ask_handle", "you on the ghost one?", True),
        ("private_app.ask_handle", "the yellow app changed its map again", False),
        ("private_app.ask_handle", "grab the blue one, the green one is broken", False),
        # Who is home, asked in short.
        ("risk_assessment.parents_around", "ur mom and dad at home?", True),
        ("risk_assessment.parents_around", "do it when nobody is home so ur not shy", True),
        ("risk_assessment.parents_around", "your dad is home, tell him dinner is ready", False),
        # An old class photo of everyone is a joke's price.
        ("teasing.harmless_stakes", "skip training again and the year 8 pic of all of u goes in the chat", True),
        # Who is on the list, and what they get.
        ("sextortion_threat.has_material", "i screenshotted ur followers, ur mom, ur coach", True),
        ("sextortion_threat.has_material", "copied your followers list idea for my page", False),
        ("sextortion_threat.everyone_will_see", "every1 on ur list gets ur pic unless u pay", True),
        ("sextortion_threat.everyone_will_see", "everyone on your list gets an invite to the party", False),
        # Telling is answered with the picture; a later send is not.
        ("sextortion_threat.share_images", "if u go to police i send it first", True),
        ("sextortion_threat.share_images", "if you call me later i'll send it then", False),
        # The next instalment, not a count of anything.
        ("sextortion_demand.money", "good. now 200 more by 6", True),
        ("sextortion_demand.money", "i need 2 more by friday for the team", False),
        # A sum after a dollar sign, and a card only as a way to pay.
        ("sextortion_demand.payment_method", "it's $300 cash app. tonight", True),
        ("sextortion_demand.payment_method", "$500 in gift cards by tonight", True),
        ("sextortion_demand.payment_method", "want a $50 gift card for your birthday?", False),
        # A clause after doubled punctuation starts like any other.
        ("risk_assessment.parents_around", "ok!! ur mom and dad at home?", True),
        ("private_app.ask_handle", "lol?? you on snap", True),
        # Laughter does not undo a claim to hold pictures; a clip of a friend's mishap is no such claim.
        ("sextortion_threat.has_material", "haha nice try. i kept every pic you sent", True),
        ("sextortion_threat.has_material", "lol ok. anyway i saved ur video", True),
        ("sextortion_threat.has_material", "lmao i got a clip of you falling off the map", False),
        ("sextortion_threat.has_material", "then i'll delete it forever from my drafts lol", False),
        # Extortion and grooming in a clerk's or a mentor's formal words, each beside the same words said innocently.
        ("sextortion_threat.has_material", "You sent me certain things. I have kept them.", True),
        ("sextortion_threat.has_material", "Your images have been archived on our servers pending payment.", True),
        ("sextortion_threat.has_material", "Your photos from the school trip have been uploaded to the portal.", False),
        ("sextortion_threat.has_material", "Your mother's email address is on my list.", True),
        ("sextortion_threat.has_material", "Your mother's email address is on the form.", False),
        ("sextortion_threat.hinted", "I'd rather not share them with anyone, and that depends entirely on you.", True),
        ("sextortion_threat.hinted", "I'd rather not share them with anyone, they're just for me.", False),
        ("sextortion_threat.hinted", "I trust you understand what is at stake should your parents receive these.", True),
        ("sextortion_threat.hinted", "Please make sure your parents receive these forms by Friday.", False),
        ("sextortion_threat.share_images", "Three more by Friday or the originals go to your class group.", True),
        ("sextortion_threat.share_images", "Print three more by Friday or the originals go to the archive.", False),
        ("sextortion_demand.money", "Once the invoice is settled, the files will be permanently deleted.", True),
        ("sextortion_demand.money", "Once the invoice is settled, the files will be sent to you.", False),
        ("sextortion_demand.money", "Don't apologise. Pay. Sunday evening.", True),
        ("sextortion_demand.money", "Don't apologise, it was my mistake.", False),
        ("sextortion_demand.more_content", "Two hundred, or more pictures, your pick.", True),
        ("sextortion_demand.more_content", "Two hundred or more pictures were taken at the wedding.", False),
        ("isolation.only_me", "Your friends would not understand a connection like ours.", True),
        ("isolation.only_me", "Your friends would not understand the rules of cricket.", False),
        ("trust_building.maturity_flattery", "You have a wisdom well beyond your years.", True),
        ("trust_building.maturity_flattery", "These problems are beyond your years, ask your teacher.", False),
        ("trust_building.maturity_flattery", "Our talks are far more rewarding than those with people my own age.", True),
        ("trust_building.maturity_flattery", "Chess is more rewarding than most hobbies.", False),
        ("private_app.safer_private", "I have a proposition I would rather discuss somewhere more private.", True),
        ("private_app.safer_private", "I would rather discuss it at the parents' meeting.", False),
        ("sextortion_threat.has_material", "Someone who now has your whole photo backup.", True),
        ("sextortion_threat.has_material", "Google now has your whole photo backup, so relax.", False),
        ("sextortion_threat.has_material", "Too late for what I already downloaded.", True),
        ("sextortion_threat.has_material", "Too late for the bus, I already left.", False),
        ("sextortion_threat.share_images", "miss one and i'll remind u who's on ur friends list", True),
        ("sextortion_threat.share_images", "miss one and i'll remind u at practice", False),
        ("sextortion_threat.hinted", "if u could do 60 every week i won't have to share it", True),
        ("sextortion_threat.hinted", "if u could do the dishes i won't have to do them", False),
        ("sextortion_threat.hinted", "pay the 200 today and i won't need to find out if i would", True),
        ("sextortion_threat.hinted", "pay by friday so i don't have to send a reminder", False),
        ("sextortion_threat.hinted", "Would be awkward if your new manager got a little folder from our holiday", True),
        ("sextortion_threat.hinted", "Would be awkward if your new manager got a bigger desk than you", False),
        ("sextortion_demand.money", "the copy on my laptop is another 100", True),
        ("sextortion_demand.money", "the copy on my laptop is older", False),
        ("trust_building.maturity_flattery", "You've got an old head on young shoulders.", True),
        ("trust_building.maturity_flattery", "Put the old head of lettuce on the top shelf.", False),
        ("trust_building.maturity_flattery", "You are a very grown-up young woman, Niamh.", True),
        ("trust_building.maturity_flattery", "The play is about a young woman who grows up fast.", False),
        ("risk_assessment.parents_around", "What nights are the Pedersens out?", True),
        ("risk_assessment.parents_around", "What nights are the games on?", False),
        ("meeting.come_alone", "Could you stay back after rehearsal? I'll be locking up.", True),
        ("meeting.come_alone", "Could you stay back after rehearsal? Your mum is collecting you.", False),
        ("sextortion_demand.money", "The matter can be concluded quietly upon payment via the reference below.", True),
        ("sextortion_demand.money", "The matter can be concluded at the next meeting.", False),
        ("secrecy.dont_tell", "Resolve it yourself, to avoid awkward questions at home.", True),
        ("secrecy.dont_tell", "Label your lunchbox to avoid mix-ups at home.", False),
        ("sextortion_demand.money", "Upon receipt I will delete the file and the scheduled messages.", True),
        ("sextortion_demand.money", "Upon receipt I will send the tickets.", False),
        ("sextortion_demand.money", "$150 today, $150 Friday, and the balance next week.", True),
        ("sextortion_demand.money", "150 people today, 150 Friday at the fair.", False),
        ("sextortion_demand.payment_method", "My modest expectation is $500 in USDT.", True),
        ("sextortion_threat.share_images", "Any report to the moderators will result in immediate distribution.", True),
        ("sextortion_threat.share_images", "Any report to the moderators will result in a quick review.", False),
        ("sextortion_threat.has_material", "My portfolio includes a recording of your video chat with Jenna.", True),
        ("sextortion_threat.has_material", "The playlist includes a recording of your recital.", False),
        ("sextortion_threat.has_material", "I hold the following list of your connections: your mother, your father.", True),
        ("sextortion_threat.has_material", "I hold the following list of your lessons for the term.", False),
        ("sextortion_threat.hinted", "Shall I share a sample with them to demonstrate its value?", True),
        ("sextortion_threat.hinted", "Shall I share a sample of the cake with them?", False),
        ("picture_request.send_picture", "One you wouldn't send the group 😉", True),
        ("picture_request.send_picture", "a joke you wouldn't send the group", False),
        ("secrecy.keep_secret", "your mum's strict huh. what she doesnt know wont hurt her", True),
        ("secrecy.keep_secret", "what she doesnt know about football could fill a book", False),
        ("secrecy.dont_tell", "Best not mention tonight to her though", True),
        ("secrecy.dont_tell", "Best not leave the oven on tonight though", False),
        ("trust_building.maturity_flattery", "You're practically an adult, no need to hide upstairs", True),
        ("trust_building.maturity_flattery", "You're practically a neighbour, come for tea", False),
        ("risk_assessment.who_sees", "do it from your bedroom, your mam won't be listening in", True),
        ("risk_assessment.who_sees", "do it from your bedroom, the wifi's better", False),
        ("sextortion_threat.share_images", "take me back or the whole school sees it", True),
        ("sextortion_threat.share_images", "take me back or i'll cry the whole school day", False),
        ("sextortion_threat.share_images", "go ahead, she'll see it too then", True),
        ("sextortion_threat.share_images", "go ahead, she'll love it too", False),
        ("teasing.harmless_stakes", "i got screenshots of u getting 0 kills lmao", True),
        ("teasing.harmless_stakes", "i got screenshots of u lmao", False),
        ("safeguarding.safety_advice", "im 31 and u shouldnt be in this room kiddo", True),
        ("safeguarding.safety_advice", "u shouldnt be in this much pain, see a doctor", False),
        ("safeguarding.safety_advice", "its a grown up room, theres a teen room on the list", True),
        ("safeguarding.safety_advice", "its a big room, theres space for everyone", False),
        ("safeguarding.safety_advice", "dont give ur age and state to strangers like that", True),
        ("safeguarding.safety_advice", "dont give ur seat to strangers like that", False),
        ("trust_building.special_bond", "parents fuss about strangers. We are hardly strangers now, are we?", True),
        ("trust_building.special_bond", "we are hardly ever home now, are we?", False),
        ("sextortion_threat.hinted", "remember that pic? imagine if it ended up in the class gc lol", True),
        ("sextortion_threat.hinted", "imagine if the ball ended up in the river lol", False),
        ("sextortion_threat.hinted", "would be so funny if ur mum saw this by accident", True),
        ("sextortion_threat.hinted", "would be so funny if ur mum saw the cake before the party", False),
        ("sextortion_threat.share_images", "its saved. one click and it's in the group", True),
        ("sextortion_threat.share_images", "one click and you're in the group, here's the invite", False),
        ("sextortion_threat.share_images", "answer by 10. or its the group chat", True),
        ("sextortion_threat.share_images", "is it the blue one or its the group photo?", False),
        ("sextortion_threat.share_images", "if u dont pay it goes to ur whole year and ur mum", True),
        ("sextortion_threat.share_images", "the money it goes to ur whole year's trip fund", False),
        ("sextortion_demand.more_content", "send two new ones and i'll forget i have it", True),
        ("sextortion_demand.more_content", "send the recipe and i'll forget about the mess lol", False),
        ("sextortion_demand.money", "$150 keeps everybody quiet. cashapp me", True),
        ("sextortion_demand.money", "a $15 snack box keeps everybody happy at practice", False),
        ("teasing.harmless_stakes", "laundry. folded. by tonight. or the video goes on my story", True),
        ("teasing.harmless_stakes", "laundry folder broke, can u grab a new one", False),
        ("teasing.harmless_stakes", "i still have the snoring video from camp", True),
        ("teasing.harmless_stakes", "i still have the video from camp", False),
        ("teasing.harmless_stakes", "£5 and a milkshake or it goes in the group", True),
        ("teasing.harmless_stakes", "£50 or it goes in the group", False),
        ("secrecy.dont_tell", "maybe dont mention our side chats to the others", True),
        ("secrecy.dont_tell", "maybe mention our side quest in the recap", False),
        ("secrecy.dont_tell", "best not to mention the money at home, ok", True),
        ("secrecy.dont_tell", "best not to leave the money at home, bring it", False),
        ("sextortion_threat.everyone_will_see", "pay by 6 or everyone at st marys sees it", True),
        ("sextortion_threat.everyone_will_see", "pay by 6 and everyone gets a ticket to see it", False),
        ("sextortion_threat.share_images", "send it or the content goes on our page", True),
        ("sextortion_threat.share_images", "the content calendar goes on our page monday", False),
        ("risk_assessment.parents_around", "is anyone home when you get back from school", True),
        ("risk_assessment.parents_around", "is anyone going when you get back from school", False),
        ("age_claim.answered_age", "14, 15 in june", True),
        ("age_claim.answered_age", "14, 15 in the box", False),
        ("risk_assessment.parents_around", "who's at yours in the afternoons when i drop you?", True),
        ("risk_assessment.parents_around", "who's at yours for the match? i'll bring snacks", False),
        ("secrecy.keep_secret", "we'll keep it as our plan till we see how you go", True),
        ("secrecy.keep_secret", "we'll keep it as plan b if it rains", False),
        ("secrecy.dont_tell", "mama doesn't need to know about the trainers", True),
        ("secrecy.dont_tell", "mama doesn't need to buy new trainers", False),
        ("secrecy.dont_tell", "don't go shouting about it to the others", True),
        ("secrecy.dont_tell", "don't go shouting at the others in the match", False),
        ("secrecy.cover_story", "just say a lift off a mate", True),
        ("secrecy.cover_story", "just say thanks for the lift to his mum", False),
        ("secrecy.cover_story", "maybe just call it squad training when you do", True),
        ("secrecy.cover_story", "maybe just call it a day and train tomorrow", False),
        ("sextortion_threat.share_images", "if you tell your parents I'll post them the same second", True),
        ("sextortion_threat.share_images", "if you tell me the time i'll post them the same day", False),
        ("sextortion_threat.share_images", "otherwise they go to the dance academy group", True),
        ("sextortion_threat.share_images", "otherwise they go to the dance academy on monday", False),
        ("sextortion_threat.hinted", "the relay girls group chat would be pretty interested in what's on here", True),
        ("sextortion_threat.hinted", "the relay girls would be pretty interested in the new timetable", False),
        ("teasing.harmless_stakes", "large chips at lunch tomorrow or this goes on my story", True),
        ("teasing.harmless_stakes", "large bills at lunch tomorrow or this goes on my story", False),
        ("secrecy.dont_tell", "don't post about it though, the other kids'll be jealous lol", True),
        ("secrecy.dont_tell", "don't post the score yet, the other kids'll see it first", False),
        ("surprise.for_someone_else", "i want a couple portrait for my bf's birthday", True),
        ("surprise.for_someone_else", "i want a couple portrait for my bf, no rush", False),
        ("safeguarding.safety_advice", "I don't do private chats with students, post it in the help channel", True),
        ("safeguarding.safety_advice", "I don't do group chats with students, too noisy", False),
        ("safeguarding.safety_advice", "I'd rather keep it to the community server so others can help", True),
        ("safeguarding.safety_advice", "I'd rather keep the community server quiet tonight", False),
        ("private_app.move_to_app", "add me on msn its better", True),
        ("private_app.move_to_app", "msn was better than this", False),
        ("private_app.safer_private", "add me elsewhere, mods read everything here", True),
        ("private_app.safer_private", "keep it in the thread so mods can read everything", False),
        ("secrecy.cover_story", "just say you got a lift from a friend", True),
        ("secrecy.cover_story", "just say if you need a lift from a friend", False),
        ("secrecy.delete_evidence", "please delete these chats after", True),
        ("secrecy.delete_evidence", "please read these chats after", False),
        ("risk_assessment.parents_around", "join after ur mom goes to sleep", True),
        ("risk_assessment.parents_around", "join after ur mom goes to work, she needs the car", False),
        ("risk_assessment.parents_around", "do your parents check your steam purchases?", True),
        ("risk_assessment.parents_around", "do your parents like your steam purchases?", False),
        ("secrecy.dont_tell", "dont tell ppl, they'll tease u", True),
        ("secrecy.dont_tell", "dont tell me ppl still play that, they'll never learn", False),
        ("meeting.come_alone", "nah just u, more focused that way", True),
        ("meeting.come_alone", "nah just chill, more fun that way", False),
        ("secrecy.dont_tell", "no need to tell gogo you're coming with me", True),
        ("secrecy.dont_tell", "no need to ring gogo, she knows", False),
        ("secrecy.keep_secret", "lets be secret besties, no one else can know", True),
        ("secrecy.keep_secret", "no one else can come, the car is full", False),
        ("secrecy.keep_secret", "remember, our lil secret 🤫", True),
        ("secrecy.keep_secret", "remember our lil sister's recital is at 6", False),
        ("secrecy.delete_evidence", "also delete chats after, your mum might see", True),
        ("secrecy.delete_evidence", "this app deletes chats after a day", False),
        ("secrecy.cover_story", "just say training ran late", True),
        ("secrecy.cover_story", "training ran late, just say sorry to your mum for me", False),
        ("risk_assessment.who_sees", "your parents, are they strict?", True),
        ("risk_assessment.who_sees", "are the refs strict about kit?", False),
        ("risk_assessment.parents_around", "she still working those long shifts at the clinic?", True),
        ("risk_assessment.parents_around", "she still working at the clinic? tell her hi", False),
        ("risk_assessment.parents_around", "yuh mommy work friday?", True),
        ("risk_assessment.parents_around", "yuh mommy make the best cake friday", False),
        ("sextortion_threat.hinted", "your team follows you right? would hate for them to see it", True),
        ("sextortion_threat.hinted", "would hate for them to miss the bus", False),
        ("secrecy.delete_evidence", "and delete these voice notes after you listen", True),
        ("secrecy.delete_evidence", "and play these voice notes after you listen to the intro", False),
        ("secrecy.cover_story", "just say you are going to library", True),
        ("secrecy.cover_story", "just say if you are going to library, i'll come", False),
        ("secrecy.cover_story", "tell her you have extra lesson", True),
        ("secrecy.cover_story", "tell her she has extra lesson", False),
        ("secrecy.cover_story", "just tell him it's the normal club session", True),
        ("secrecy.cover_story", "just tell him the normal club session is cancelled", False),
        ("secrecy.dont_tell", "keep em at the gym, don't want your mum asking where they came from", True),
        ("secrecy.dont_tell", "keep em at the gym, don't want your mum tripping over them", False),
        ("secrecy.dont_tell", "sure your brother doesn't need to know either", True),
        ("secrecy.dont_tell", "sure your brother doesn't need to come either", False),
        ("secrecy.dont_tell", "sweet as. might not mention you're in private worlds with people", True),
        ("secrecy.dont_tell", "i might not make it to the private world tonight", False),
        ("risk_assessment.who_sees", "ur parents check ur phone?", True),
        ("risk_assessment.who_sees", "ur parents check ur homework?", False),
        ("risk_assessment.who_sees", "your mum goes through your phone dunnit", True),
        ("risk_assessment.who_sees", "delete this convo if ur mom checks ur phone lol", False),
        ("trust_building.maturity_flattery", "you're dead mature for primary seven", True),
        ("trust_building.maturity_flattery", "you're dead early for primary seven pickup", False),
        ("trust_building.maturity_flattery", "13?? proper mature vibes", True),
        ("trust_building.maturity_flattery", "13?? proper nature vibes", False),
        ("trust_building.maturity_flattery", "you are a mature girl, nothing weird", True),
        ("trust_building.maturity_flattery", "you are a mature student at the college?", False),
        ("sextortion_demand.money", "you send me three million dong by momo and i forget everything", True),
        ("sextortion_demand.money", "you send me the notes and i forget nothing this time", False),
        ("sextortion_demand.payment_method", "£200 paypal, mark it as a gift", True),
        ("sextortion_demand.payment_method", "£200 for the paypal account fees last year", False),
        ("sextortion_demand.payment_method", "200 euro on revo tonight", True),
        ("sextortion_demand.payment_method", "200 euro on rent tonight", False),
        ("sextortion_demand.more_content", "one call tonight and i delete everything", True),
        ("sextortion_demand.more_content", "20 quid and i'll delete the clip", False),
        ("sextortion_demand.more_content", "one call tonight and i explain everything", False),
        ("sextortion_threat.hinted", "check ur dms. u know what happens if u ignore me, right?", True),
        ("sextortion_threat.hinted", "check ur car. u know what happens if u ignore the warning light, right?", False),
        ("sextortion_threat.hinted", "u know what happened when u ignored me last time lol", False),
        ("sextortion_threat.share_images", "4 hrs till i send it to ur form group", True),
        ("sextortion_threat.share_images", "4 hrs till i get to ur form group", False),
        ("known_relationship.parents_included", "I'll message your mum directly tonight", True),
        ("known_relationship.parents_included", "I'll message you directly tonight", False),
        ("known_relationship.parents_included", "I prefer to come when he is there", True),
        ("known_relationship.parents_included", "I prefer to come when he is asleep", False),
        ("sextortion_threat.everyone_will_see", "ur mum is about to find out unless u reply fast", True),
        ("sextortion_threat.everyone_will_see", "ur mum is about to find out anyway, tell her first", False),
        ("meeting.come_over", "Easiest at my flat, it's got space to run lines", True),
        ("meeting.come_over", "Easiest at the library, it's got space to run lines", False),
        ("secrecy.dont_tell", "no no don't bother him, it's a small thing", True),
        ("secrecy.dont_tell", "no no don't bother, it's a small thing", False),
        ("secrecy.delete_evidence", "did u clear the chat like i said", True),
        ("secrecy.delete_evidence", "did u clear the table like i said", False),
        ("secrecy.delete_evidence", "ok. and delete my messages", True),
        ("secrecy.keep_secret", "remember the dock thing. still our thing right?", True),
        ("secrecy.keep_secret", "remember the dock party. still our team right?", False),
        ("secrecy.keep_secret", "so we can text late without ur parents hearing", True),
        ("secrecy.keep_secret", "so we can text late without ur phone dying", False),
        ("risk_assessment.parents_around", "whens ur mam on nights again", True),
        ("risk_assessment.parents_around", "whens ur mam's birthday again", False),
        ("private_app.safer_private", "so do it and send here, this app deletes", True),
        ("private_app.safer_private", "so do it and send here, this app loads faster", False),
        ("sexual_talk.clothing", "cute. send one without the hoodie, just for me", True),
        ("sexual_talk.clothing", "cute. send one with the hoodie, for the team page", False),
]

# A message an indicator's exceptions rule out, whatever found it (the semantic layer too); and its move, not ruled out.
VETO_ROWS = [
    # Begging the extortionist is not safety advice; telling someone not to send anything is.
    ("safeguarding.safety_advice", "please dont send them", True),
    ("safeguarding.safety_advice", "pls don't post it to my mum", True),
    ("safeguarding.safety_advice", "dont send them anything", False),
    ("sextortion_threat.share_images", "je poste sur la page du club seulement si le droit à l'image est coché", True),
    ("sextortion_threat.share_images", "je poste sur la page du club si tu payes pas", False),
    ("sextortion_threat.share_images", "the match photos go on the club page only with your parents' permission", True),
    ("sexual_talk.bedroom", "hide it under your bed till sunday, it's her present", True),
    ("sexual_talk.bedroom", "put the parcel in your wardrobe before dad gets in", True),
    ("sexual_talk.bedroom", "are you in your bed yet", False),
    ("gifts.money_offer", "cash preferred, I'll count it in front of you", True),
    ("gifts.money_offer", "cash on collection please, it's heavy", True),
    ("gifts.money_offer", "i can send you cash for a new game", False),
    ("secrecy.keep_secret", "if anyone online says keep it secret, tell your parents", True),
    ("secrecy.keep_secret", "if anyone asks, keep it secret", False),
]


@pytest.mark.parametrize(("indicator", "text", "found"), EVERYDAY_ROWS)
def test_everyday_context_is_told_from_the_move(indicator: str, text: str, found: bool) -> None:
    assert (indicator in _ids(text)) == found


@pytest.mark.parametrize(("indicator", "text", "ruled_out"), VETO_ROWS)
def test_exceptions_rule_out_an_everyday_message(indicator: str, text: str, ruled_out: bool) -> None:
    assert default_recognizer().vetoes(indicator, text) == ruled_out

"""Conversation analysis: roles, information asymmetry, age claims and contradictions, stages, escalation, context."""

from __future__ import annotations

from datetime import datetime, timedelta

from lurewatch import analyze
from lurewatch.model import Conversation, Message, MessageKind
from tests.conftest import chat


def _person(analysis, name):
    return next(p for p in analysis.participants if p.name == name)


def test_walkthrough_roles_asymmetry_and_age(examples) -> None:
    analysis = analyze(examples / "walkthrough.txt")
    suspect = _person(analysis, "Ad.17")
    target = _person(analysis, "Mia")
    assert suspect.role == "suspect" and suspect.role_confidence >= 0.6
    assert target.role == "target"
    assert suspect.asymmetry.questions_asked >= 3
    assert suspect.asymmetry.questions_asked > target.asymmetry.questions_asked
    assert target.asymmetry.disclosures >= 2
    assert [c.age for c in suspect.age_claims] == [17]
    assert [c.age for c in target.age_claims] == [13]
    # "17" but driving home from work with a boss: the handout's Ad.17 is really an adult
    assert suspect.age_inconsistencies and "17" in suspect.age_inconsistencies[0]
    assert any(f.indicator == "age_claim.inconsistent" for f in analysis.findings)


def test_one_sided_questions_are_named() -> None:
    analysis = analyze(
        chat(
            "Rob: what school do you go to?",
            "Kim: Oakwood",
            "Rob: where do you live?",
            "Kim: near the park",
            "Rob: how old are you?",
            "Kim: 12",
            "Rob: are your parents home?",
        )
    )
    rob = _person(analysis, "Rob")
    assert rob.asymmetry.questions_asked >= 3
    assert rob.asymmetry.disclosures == 0
    assert rob.asymmetry.ratio >= 3
    assert "keep themselves hidden" in rob.asymmetry.summary
    assert rob.role == "suspect"


def test_two_different_ages_are_an_inconsistency() -> None:
    analysis = analyze(chat("Max: I'm 16", "Lu: cool", "Max: well actually I'm 34", "Lu: what"))
    max_ = _person(analysis, "Max")
    assert [c.age for c in max_.age_claims] == [16, 34]
    assert len(max_.age_inconsistencies) == 1
    finding = next(f for f in analysis.findings if f.indicator == "age_claim.inconsistent")
    assert finding.message_index == 2
    assert finding.evidence in "well actually I'm 34"


def test_a_birthday_is_not_a_lie() -> None:
    analysis = analyze(chat("Max: I'm 15", "Lu: nice", "Max: I'm 16 now, it was my birthday"))
    assert _person(analysis, "Max").age_inconsistencies == []


def test_no_findings_means_unknown_roles() -> None:
    analysis = analyze(chat("A: hi", "B: hello", "A: how was the game"))
    assert {p.role for p in analysis.participants} == {"unknown"}
    assert analysis.stages == []
    assert analysis.escalation.first_finding_index is None


def test_pressure_after_refusal_needs_the_refusal() -> None:
    refused = analyze(chat("Al: send me a selfie", "Jo: no I don't want to", "Al: come on, why not"))
    assert any(f.category == "pressure" and f.message_index == 2 for f in refused.findings)
    casual = analyze(chat("Al: we're going bowling", "Jo: cool", "Al: come on, why not join"))
    assert not any(f.category == "pressure" for f in casual.findings)


def test_a_threat_after_a_no_needs_the_no() -> None:
    refused = analyze(chat("Al: jump on a video call tonight", "Jo: no im not doing that", "Al: then ur team gc gets a surprise"))
    threat = [f for f in refused.findings if f.indicator == "sextortion_threat.after_no"]
    assert [f.message_index for f in threat] == [2] and threat[0].matched_by == "pattern"
    planned = analyze(chat("Al: the match is saturday", "Jo: cool", "Al: then ur team gc gets the photos"))
    assert not any(f.indicator == "sextortion_threat.after_no" for f in planned.findings)
    # Alone it is a warning, not a verdict: a friend who offered photos and heard "no" may post them in the group.
    offered = analyze(chat("Al: want the photos?", "Jo: no", "Al: ok then i'll post them in the group chat"))
    assert offered.risk.level == "medium"


def test_a_threat_with_a_request_for_more_pictures_is_extortion() -> None:
    # More pictures is the price, as money is: both in the catalogue's words make it critical without a demand.
    asked = analyze(chat("Kai: send me another pic tonight", "Sam: no", "Kai: i still have your pics saved", "Sam: please"))
    assert asked.risk.level == "critical"
    asked_after = analyze(chat("Kai: i still have your pics saved", "Sam: no", "Kai: send me another pic tonight", "Sam: please"))
    assert asked_after.risk.level == "critical"  # in either order
    kept = analyze(chat("Kai: good game tonight", "Sam: no", "Kai: i still have your pics saved", "Sam: please", "Kai: ok"))
    assert kept.risk.level == "high"  # the threat alone: high, not critical


def test_a_threat_alone_is_high_from_its_authors_next_message() -> None:
    # Between friends the next line is often the joke's price or nothing; an extortionist's is the demand.
    lines = ["Jess: you dozed off in the middle of the film", "Priya: it was boring", "Jess: i have the pic. snoring", "Priya: no"]
    said = analyze(chat(*lines))
    assert [f.indicator for f in said.findings] == ["sextortion_threat.has_material"]
    assert said.risk.level == "medium" and said.first_alert_index is None
    again = analyze(chat(*lines, "Jess: nope"))  # a message without any finding of its own
    assert again.risk.level == "high" and again.first_alert_index == 4
    priced = analyze(chat(*lines, "Jess: pay me 20 quid or it goes on the story"))
    assert priced.risk.level == "critical" and priced.first_alert_index == 4
    # A threat that says what happens next is critical at once; so is one with a demand in the same message.
    assert analyze(chat("Jess: i have the pic. pay me $50 on cashapp or everyone sees it")).risk.level == "critical"


def test_stages_are_ordered_and_escalation_is_timed() -> None:
    start = datetime(2024, 1, 1, 20, 0)
    texts = [
        ("Al", "you're so mature for your age"),
        ("Jo", "thanks"),
        ("Al", "are your parents home?"),
        ("Al", "don't tell anyone about us"),
        ("Al", "send me a pic of you"),
    ]
    conversation = Conversation(
        id="t",
        messages=[Message(author=a, text=t, time=start + timedelta(minutes=5 * i)) for i, (a, t) in enumerate(texts)],
    )
    analysis = analyze(conversation)
    stages = [s.stage for s in analysis.stages]
    assert stages == ["trust", "risk_assessment", "exclusivity", "sexualisation"]
    assert analysis.escalation.first_finding_index == 0
    assert analysis.escalation.first_request_index == 4
    assert analysis.escalation.messages_to_request == 4
    assert analysis.escalation.minutes_to_request == 20.0


def test_spans_point_at_the_original_text() -> None:
    text = "Hey!! U r s00oo M@TURE for ur age 😊"
    analysis = analyze(chat(f"Al: {text}", "Jo: ok"))
    finding = next(f for f in analysis.findings if f.category == "trust_building")
    start, end = finding.span
    assert text[start:end] == finding.evidence
    assert "M@TURE" in finding.evidence


def test_media_and_system_messages_are_not_scanned() -> None:
    from lurewatch.model import MessageKind

    conversation = Conversation(
        id="m",
        messages=[
            Message(author="system", text="don't tell anyone, send me a pic", kind=MessageKind.SYSTEM),
            Message(author="Al", text="<image>", kind=MessageKind.MEDIA),
        ],
    )
    analysis = analyze(conversation)
    assert analysis.findings == []
    assert [p.name for p in analysis.participants] == ["Al"]


def test_a_job_fits_a_17_year_old_but_not_a_13_year_old() -> None:
    older = analyze(chat("Jay: I'm 17", "Lu: cool", "Jay: my boss kept me late at the shop"))
    assert _person(older, "Jay").age_inconsistencies == []
    younger = analyze(chat("Jay: I'm 13", "Lu: cool", "Jay: my boss kept me late at the shop"))
    assert len(_person(younger, "Jay").age_inconsistencies) == 1


def test_a_wife_does_not_fit_any_teenager() -> None:
    analysis = analyze(chat("Jay: my wife is asleep", "Lu: wait what", "Jay: I mean I'm 17"))
    jay = _person(analysis, "Jay")
    assert len(jay.age_inconsistencies) == 1
    assert "my wife" in jay.age_inconsistencies[0]
    finding = next(f for f in analysis.findings if f.indicator == "age_claim.inconsistent")
    assert finding.message_index == 2  # raised when the contradiction is complete


def test_adult_with_a_minor_is_raised_once_on_the_adults_claim() -> None:
    analysis = analyze(chat("Rick: asl?", "Amy: 13 f", "Rick: 34 m", "Amy: ok", "Rick: im 34 btw"))
    raised = [f for f in analysis.findings if f.indicator == "age_claim.adult_with_minor"]
    assert len(raised) == 1
    assert raised[0].author == "Rick" and raised[0].message_index == 2
    text = "34 m"
    assert text[raised[0].span[0] : raised[0].span[1]] == raised[0].evidence
    assert _person(analysis, "Rick").role == "suspect"


def test_chat_room_age_answers_in_any_order_are_ages() -> None:
    # a/s/l answers without the question right before them, the sex first or a place between: still ages
    analysis = analyze(chat("Rick: hey there", "Amy: hi", "Rick: m/44/ohio", "Amy: f toledo 13", "Rick: kewl"))
    assert [c.age for c in _person(analysis, "Rick").age_claims] == [44]
    assert [c.age for c in _person(analysis, "Amy").age_claims] == [13]
    assert any(f.indicator == "age_claim.adult_with_minor" and f.author == "Rick" for f in analysis.findings)
    assert analysis.risk.level in ("high", "critical")


def test_counts_and_distances_after_im_are_not_ages() -> None:
    analysis = analyze(chat("Jo: i'm 5 minutes away", "Kim: im 12 points behind", "Jo: i'm 30 weeks pregnant lol"))
    assert all(not p.age_claims for p in analysis.participants)


def test_peers_and_groups_are_not_adult_with_minor() -> None:
    peers = analyze(chat("Sam: I'm 17", "Alex: I'm 19"))
    assert not any(f.indicator == "age_claim.adult_with_minor" for f in peers.findings)
    group = analyze(chat("C: hi", "D: hello", "A: I'm 13", "B: I'm 40"))  # four people: not a private chat
    assert not any(f.indicator == "age_claim.adult_with_minor" for f in group.findings)


def test_an_adult_who_gives_their_age_is_high_from_their_next_message_unless_they_step_back() -> None:
    said = ["Kaz: i wasnt allowed to go bc im 15 and my dad is strict", "Rory: ahh ok so i'm 19, i should say that now"]
    assert analyze(chat(*said)).risk.level == "medium"  # the age alone: they may be about to say goodbye
    left = analyze(chat(*said, "Rory: not a great idea for a 19yo to be mates with someone 15 off an app. take care"))
    assert left.risk.level == "medium" and left.first_alert_index is None
    stayed = analyze(chat(*said, "Kaz: ok", "Rory: anyway"))
    assert stayed.risk.level == "high" and stayed.first_alert_index == 3  # their next message, whatever it says
    # Their age came before the minor's, and they write on: high at once.
    answered = analyze(chat("Rick: I'm 34", "Amy: I'm 13", "Rick: cool so what are you up to"))
    assert answered.risk.level == "high" and answered.first_alert_index == 2
    # A picture is not a message written: high from the next one.
    ages = chat("Rick: I'm 34", "Amy: I'm 13").messages
    media = Message(author="Rick", text="", kind=MessageKind.MEDIA)
    assert analyze(Conversation(id="m", messages=[*ages, media])).risk.level == "medium"
    written = analyze(Conversation(id="m", messages=[*ages, media, Message(author="Rick", text="so")]))
    assert written.risk.level == "high" and written.first_alert_index == 3


def test_minor_claim_after_the_adult_claim_credits_the_adult_once_they_write_again() -> None:
    analysis = analyze(chat("Rick: I'm 34", "Amy: I'm 13"))
    assert not any(f.indicator == "age_claim.adult_with_minor" for f in analysis.findings)  # Rick has not answered yet
    analysis = analyze(chat("Rick: I'm 34", "Amy: I'm 13", "Rick: cool so what are you up to"))
    raised = [f for f in analysis.findings if f.indicator == "age_claim.adult_with_minor"]
    assert [(f.author, f.message_index) for f in raised] == [("Rick", 0)]
    assert _person(analysis, "Rick").risk.level == "high"
    assert _person(analysis, "Amy").risk.level == "none"


def test_an_adult_stepping_back_on_learning_the_age_is_never_high() -> None:
    analysis = analyze(chat("Rick: im 24 wbu", "Amy: 14", "Rick: oh ok you're too young, sorry bye"))
    assert analysis.risk.level not in ("high", "critical")
    assert analysis.first_alert_index is None


def test_an_adult_giving_their_age_after_the_minor_is_raised_at_once() -> None:
    analysis = analyze(chat("Amy: im 13", "Rick: I'm 34"))
    raised = [f for f in analysis.findings if f.indicator == "age_claim.adult_with_minor"]
    assert [(f.author, f.message_index) for f in raised] == [("Rick", 1)]


def test_initiations_count_openings_and_restarts_after_silence() -> None:
    start = datetime(2024, 1, 1, 20, 0)
    lines = [("Al", 0), ("Jo", 1), ("Al", 2), ("Al", 200), ("Jo", 201), ("Jo", 500)]  # minutes
    conversation = Conversation(
        id="t", messages=[Message(author=a, text="hey", time=start + timedelta(minutes=m)) for a, m in lines]
    )
    analysis = analyze(conversation)
    assert {p.name: p.initiations for p in analysis.participants} == {"Al": 2, "Jo": 1}


def test_without_times_only_the_first_message_opens() -> None:
    analysis = analyze(chat("Al: hi", "Jo: hey", "Jo: you there?"))
    assert {p.name: p.initiations for p in analysis.participants} == {"Al": 1, "Jo": 0}


def test_running_risk_always_equals_the_riskiest_person(examples) -> None:
    """The conversation's risk is kept up to date from the people a message changed; it must equal the maximum over
    everyone after every message, including when someone's one-sided questioning lapses as they start sharing."""
    from lurewatch.conversation import ConversationState
    from lurewatch.indicators.recognizer import default_recognizer
    from lurewatch.ingest import parse_text

    lines = [
        "kai: what school do you go to",
        "kai: how old are you",
        "kai: where do you live",
        "kai: are your parents home",
        "kai: i'm 16, i live in leeds, my school is riverside, i play football",
        "bo: ur so cute",
        "cy: don't tell anyone about us",
    ]
    texts = [(examples / "walkthrough.txt").read_text(), "\n".join(lines)]
    for text in texts:
        conversation = next(iter(parse_text(text)))
        state = ConversationState(default_recognizer())
        for message in conversation.messages:
            state.add(message)
            everyone = max((person.score.score for person in state._people.values()), default=0.0)
            assert state.risk().score == everyone


def test_a_bare_number_is_an_age_only_as_an_answer() -> None:
    answered = analyze(chat("Rob: how old r u", "Kim: 14", "Rob: cool im 28"))
    assert [c.age for c in _person(answered, "Kim").age_claims] == [14]
    assert any(f.indicator == "age_claim.adult_with_minor" for f in answered.findings)
    unasked = analyze(chat("Rob: what level are you", "Kim: 14", "Rob: im 28"))
    assert _person(unasked, "Kim").age_claims == []
    # After greetings in between, the answer still counts; long after the question, a bare number is just a number.
    later = analyze(chat("Rob: asl?", "Kim: hi", "Rob: hey", "Kim: u first", "Rob: lol no u", "Kim: ok fine", "Kim: 14"))
    assert [c.age for c in _person(later, "Kim").age_claims] == [14]
    chatter = [f"{'Rob' if i % 2 else 'Kim'}: ok" for i in range(10)]
    too_late = analyze(chat("Rob: how old r u", *chatter, "Kim: 14"))
    assert _person(too_late, "Kim").age_claims == []
    # Confirming a guessed age is an answer too.
    confirmed = analyze(chat("Rob: what age are you now, 13?", "Kim: 13 yeah"))
    assert [c.age for c in _person(confirmed, "Kim").age_claims] == [13]
    # A private line's marker before the answer, and a young child's age in words.
    whispered = analyze(chat("Rob: how old r u", "Kim: [whisper] 12 lol", "Rob: and u?", "Ann: (dm) nine"))
    assert [c.age for c in _person(whispered, "Kim").age_claims] == [12]
    assert [c.age for c in _person(whispered, "Ann").age_claims] == [9]



def test_a_bare_age_just_before_the_question_is_an_answer() -> None:
    # Typed at once, or a log that lost the order: the age crosses the question.
    crossed = analyze(chat("Rob: hi", "Kim: 14", "Rob: how old r u", "Kim: lol", "Rob: im 28"))
    assert [c.age for c in _person(crossed, "Kim").age_claims] == [14]
    assert any(f.indicator == "age_claim.adult_with_minor" for f in crossed.findings)
    # Not when the question comes long after, or from the one who gave the number, or never.
    chatter = [f"{'Rob' if i % 2 else 'Kim'}: ok" for i in range(6)]
    long_before = analyze(chat("Kim: 14", *chatter, "Rob: how old r u"))
    assert _person(long_before, "Kim").age_claims == []
    own = analyze(chat("Rob: hi", "Kim: 14", "Kim: how old r u"))
    assert _person(own, "Kim").age_claims == []
    a_level = analyze(chat("Rob: what level are you", "Kim: 14", "Rob: im 28"))
    assert _person(a_level, "Kim").age_claims == []


def test_an_age_repeated_as_a_question_is_not_the_askers_age() -> None:
    # "13?" after the other's "13 f" makes sure of their age: Rob is not 13, so his 28 is no inconsistency.
    echoed = analyze(chat("Rob: asl?", "Kim: 13 f ohio", "Rob: 13?", "Kim: ya", "Rob: cool im 28 m"))
    rob = _person(echoed, "Rob")
    assert [c.age for c in rob.age_claims] == [28]
    assert rob.age_inconsistencies == []
    assert any(f.indicator == "age_claim.adult_with_minor" for f in echoed.findings)
    # It asks for the age, so a bare age it repeats is one (a log that lost which came first).
    unasked = analyze(chat("Rob: hey", "Kim: yeah 13 from ky", "Rob: 13?", "Kim: ya"))
    assert [c.age for c in _person(unasked, "Kim").age_claims] == [13]
    assert _person(unasked, "Rob").age_claims == []
    # A different number, or the same age given with more, is the writer's own.
    other = analyze(chat("Rob: asl?", "Kim: 13 f ohio", "Ann: 14?"))
    assert [c.age for c in _person(other, "Ann").age_claims] == [14]
    peer = analyze(chat("Rob: asl?", "Kim: 13 f ohio", "Ann: 13 m, u?"))
    assert [c.age for c in _person(peer, "Ann").age_claims] == [13]


def test_a_school_year_answer_is_an_age() -> None:
    # "8th" or "year 9" after a question about age or school: the grade plus five, the youngest age in that year.
    graded = analyze(chat("Rob: what grade r u in", "Kim: 8th", "Rob: cool im 28"))
    assert [c.age for c in _person(graded, "Kim").age_claims] == [13]
    assert any(f.indicator == "age_claim.adult_with_minor" for f in graded.findings)
    in_character = analyze(chat("Rob: ooc: what year are you in irl", "Kim: ooc: year 9 lol", "Rob: and ur age?", "Ann: ooc: 15"))
    assert [c.age for c in _person(in_character, "Kim").age_claims] == [14]
    assert [c.age for c in _person(in_character, "Ann").age_claims] == [15]
    # A place in a race, or a year of university, is not a school year; nor is a grade nobody asked about.
    for answer in ("8th place", "year 2 of uni", "form 2"):
        assert _person(analyze(chat("Rob: what year are you in", f"Kim: {answer}")), "Kim").age_claims == []
    assert _person(analyze(chat("Rob: who won", "Kim: 8th")), "Kim").age_claims == []


def test_in_a_group_who_asked_a_childs_age_knows_they_talk_to_a_child() -> None:
    lines = ["Al: ok lets go", "Bo: how old r u", "Cy: nine", "Di: lol", "Bo: r ur parents home rn", "Cy: no",
             "Bo: dont tell anyone ok"]
    asked = analyze(chat(*lines))
    assert [c.age for c in _person(asked, "Cy").age_claims] == [9]
    assert _person(asked, "Bo").risk.level == "high"
    # The same moves from someone else in the group, after another person asked, stay below high.
    other = analyze(chat(*[line.replace("Bo: how old", "Di: how old") for line in lines]))
    assert _person(other, "Bo").risk.level not in ("high", "critical")


def test_remarking_on_a_minors_age_makes_an_adult_with_minor() -> None:
    analysis = analyze(chat("Rob: wait you're only 13?", "Kim: yes", "Rob: im 41"))
    found = [f for f in analysis.findings if f.indicator == "age_claim.adult_with_minor"]
    assert [(f.author, f.message_index) for f in found] == [("Rob", 2)]
    no_remark = analyze(chat("Rob: hey", "Kim: yes", "Rob: im 41"))
    assert not any(f.indicator == "age_claim.adult_with_minor" for f in no_remark.findings)
    # The other gave their age, an adult's: the remark is a joke between adults.
    adults = analyze(chat("Kim: im 48 not 80 thank you", "Rob: wait you're only 13? lol", "Rob: im 41"))
    assert not any(f.indicator == "age_claim.adult_with_minor" for f in adults.findings)


def test_a_veiled_threat_counts_only_after_its_author_said_they_hold_pictures() -> None:
    # "i'd hate for things to get messy" is ordinary talk between colleagues; after "i kept your pics" it is the threat.
    hold = "Rex: i still have your pics saved"
    hinted = analyze(chat(hold, "Ana: what do you want", "Rex: just be nice to me. i'd hate for things to get messy"))
    assert [f.message_index for f in hinted.findings if f.indicator == "sextortion_threat.veiled"] == [2]
    plain = analyze(chat("Rex: the audit is next week", "Ana: ok", "Rex: just be nice to me. i'd hate for things to get messy"))
    assert not [f for f in plain.findings if f.indicator == "sextortion_threat.veiled"]
    # The other person's claim does not make the writer's words a threat.
    theirs = analyze(chat(hold, "Ana: please delete them, i'd hate for things to get messy"))
    assert not [f for f in theirs.findings if f.indicator == "sextortion_threat.veiled"]


def test_calm_promised_if_obeyed_is_a_demand_only_after_its_author_said_they_hold_pictures() -> None:
    hold = "Rex: u know what i still have. i kept your pics"
    demanded = analyze(chat(hold, "Ana: you wouldn't", "Rex: just pick up when i ring tonight and we won't have a problem"))
    assert [f.message_index for f in demanded.findings if f.indicator == "sextortion_demand.calm_if_obeyed"] == [2]
    assert demanded.risk.level == "critical"
    plain = analyze(chat("Rex: the report is due", "Ana: ok", "Rex: just pick up when i ring tonight and we won't have a problem"))
    assert not [f for f in plain.findings if f.indicator == "sextortion_demand.calm_if_obeyed"]


def test_an_adult_who_does_nothing_with_anyone_under_18_is_stepping_back() -> None:
    steps_back = analyze(
        chat(
            "fan_12: can we meet up and film a dance together?? im in atlanta too",
            "dancer: aw thank you! how old are you?",
            "fan_12: 12",
            "dancer: i don't do DMs or meetups with anyone under 18, that's my rule",
        )
    )
    # Safety advice: likenesses by meaning ("that's my rule" beside "everyone does it") no longer count against them.
    assert _person(steps_back, "dancer").risk.level == "none"

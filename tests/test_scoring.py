"""Risk levels on whole conversations: hard negatives stay calm, grooming climbs, sextortion is critical."""

from __future__ import annotations

import pytest

from lurewatch import analyze
from lurewatch.model import Finding
from lurewatch.scoring import ADVISED, KNOWN_RELATIONSHIP, LEVEL_THRESHOLDS, ParticipantScore, level_for
from lurewatch.semantic.author_model import AuthorModel, empty_signals
from tests.conftest import chat

HARD_NEGATIVES = {
    "gaming trash talk": chat(
        "Sam: I'll kill you next round",
        "Tyler: you're dead meat lol",
        "Sam: gg, I'm gonna destroy you tomorrow",
        "Tyler: bring it",
    ),
    "parent pickup and surprise party": chat(
        "Mom: I'll pick you up at 6 after practice",
        "Emma: ok",
        "Mom: don't tell dad about the cake, it's a surprise party",
        "Emma: I won't!",
    ),
    "coach schedule": chat(
        "Coach Dan: practice moves to 5pm on Thursday, bring your water bottle",
        "Jordan: ok coach",
        "Coach Dan: parents can pick you up at the main gate at 7",
    ),
    "pet photos": chat(
        "Ava: send me a pic of your cat",
        "Zoe: here she is sleeping",
        "Ava: so cute! here's a photo of my dog",
    ),
    "teacher homework": chat(
        "Ms. Lee: did you finish your homework on fractions?",
        "Noah: almost, question 4 is hard",
        "Ms. Lee: bring it tomorrow and we'll go through it",
    ),
    "classmates share schools": chat(
        "Kai: what school do you go to?",
        "Ben: Lincoln High, you?",
        "Kai: same! I go to Lincoln High too, what grade are you in?",
        "Ben: 9th grade",
    ),
}


@pytest.mark.parametrize("name", sorted(HARD_NEGATIVES))
def test_hard_negatives_stay_none_or_low(name: str) -> None:
    analysis = analyze(HARD_NEGATIVES[name])
    assert analysis.risk.level in ("none", "low"), [f.indicator for f in analysis.findings]
    assert analysis.first_alert_index is None


def test_gaming_trash_talk_raises_nothing() -> None:
    assert analyze(HARD_NEGATIVES["gaming trash talk"]).findings == []


def test_one_compliment_alone_stays_low() -> None:
    analysis = analyze(chat("Alex: you're so mature for your age", "Sam: thanks"))
    assert analysis.risk.level == "low"


def test_co_occurring_categories_climb_fast() -> None:
    one = analyze(chat("Alex: you're so mature for your age", "Sam: thanks"))
    grooming = analyze(
        chat(
            "Alex: you're so mature for your age",
            "Sam: thanks",
            "Alex: what school do you go to?",
            "Alex: don't tell anyone we talk, it's our secret",
            "Alex: send me a pic of you",
        )
    )
    assert grooming.risk.score > one.risk.score + 0.4
    assert grooming.risk.level in ("high", "critical")
    assert grooming.first_alert_index in (3, 4)  # the author model may alert at the secrecy, the rules at the picture


def test_any_sextortion_threat_is_critical() -> None:
    analysis = analyze(chat("X: I will send your pics to all your followers", "Leo: please no"))
    assert analysis.risk.level == "critical"
    assert analysis.first_alert_index == 0


def test_money_request_without_leverage_is_not_an_alert() -> None:
    collecting = analyze(chat("Dani: everyone send me 10 and i'll buy the gift card", "Bex: sent"))
    assert "sextortion_demand" in {f.category for f in collecting.findings}
    assert collecting.risk.level in ("low", "medium")
    with_leverage = analyze(
        chat("Dani: send me a pic of you", "Bex: ok", "Dani: now send me 100 or else", "Bex: what")
    )
    assert with_leverage.risk.level in ("high", "critical")


def test_a_victim_retelling_the_demand_is_not_the_extortionist() -> None:
    analysis = analyze(
        chat(
            "Jay: i messed up, i sent a pic to someone i met online",
            "Jay: now some guy is saying he'll send it to my followers unless i pay 200 in gift cards by tonight",
            "Sam: dont pay. screenshot it, block him and report the account. its not your fault",
        )
    )
    assert analysis.risk.level not in ("high", "critical")
    extortioner = analyze(chat("X: pay 200 in gift cards by tonight or i send it to your followers", "Jay: please"))
    assert extortioner.risk.level == "critical"


def test_friends_teasing_over_harmless_stakes_is_not_extortion() -> None:
    teasing = analyze(
        chat(
            "Ana: i still have the clip of you falling off the trampoline",
            "Bo: delete it!!",
            "Ana: buy me a milkshake or it goes on the class story",
            "Bo: fine, tomorrow",
        )
    )
    assert teasing.risk.level not in ("high", "critical")
    assert "teasing" not in {f.category for f in teasing.findings}  # context, never a finding
    # the joke's price and its "leak" in one message are one bargain, not two signs
    bargain = analyze(chat("Ana: try me. bring crisps by 7 or it's on the group chat", "Bo: ugh fine"))
    assert {"sextortion_threat", "sextortion_demand"} <= {f.category for f in bargain.findings}
    assert bargain.risk.level not in ("high", "critical")
    # a price of a few coins is a joke too; the same threat for hundreds is not
    coins = "Rafa: i have the pic. pay me {} robux or it goes on the school discord"
    assert analyze(chat(coins.format(5), "Ben: no")).risk.level not in ("high", "critical")
    assert analyze(chat(coins.format(500), "Ben: no")).risk.level == "critical"
    # the same words from someone who also asked for a private picture are extortion, stakes or not
    extortion = analyze(
        chat(
            "Ana: send me a private pic, just for me",
            "Bo: ok",
            "Ana: i still have the clip of you falling off the trampoline",
            "Ana: buy me a milkshake or it goes on the class story",
        )
    )
    assert extortion.risk.level == "critical"


def test_a_bystander_laughing_at_the_threat_makes_it_teasing() -> None:
    before = ("Rafa: i have the screenshot of ben saying he likes mrs donovan's class", "Ben: bro thats not embarrassing")
    threat = "Rafa: pay me 500 robux or it goes on the school discord"
    laughed = analyze(chat(*before, "Nia: lol", threat, "Nia: LMAOOO extortion arc", "Ben: i will end you"))
    assert laughed.risk.level not in ("high", "critical")
    # without the laugh, or with the laugh long after, or from someone who is part of it, the threat stands
    unlaughed = analyze(chat(*before, "Nia: lol", threat, "Nia: omg", "Ben: i will end you"))
    late = analyze(chat(*before, "Nia: hi", threat, "Ben: no", "Ben: stop", "Rafa: well?", "Nia: lol"))
    partner = analyze(chat(*before, "Nia: send me a private pic", threat, "Nia: lol just pay him"))
    # one to one, the one threatened laughing is not a bystander
    alone = analyze(chat(*before, threat, "Ben: LMAOOO extortion arc"))
    # nor is someone whose first words are the laugh: the threat's maker back on a second account
    newcomer = analyze(chat(*before, threat, "Ben: no. blocking u", "Rafa_2: u thought blocking would fix it lol"))
    for analysis in (unlaughed, late, partner, alone, newcomer):
        assert analysis.risk.level == "critical"


def test_a_laugh_after_the_threatened_ones_words_does_not_make_the_extortion_a_joke() -> None:
    # In a room, the one threatened says something that reads like a threat by meaning; a bystander's "lol" after it
    # is about the room, not a joke threat, and the extortion in the catalogue's words stands.
    extortion = (
        "Max: (dm) i have the video from our call. 200 in gift cards by tonight or it goes to your followers",
        "Leo: (dm) please just delete it",
        "Leo: (dm) i already took screenshots of everything",
    )
    analysis = analyze(chat("Leo: anyone on tonight", "Max: me in 10", "Sam: same", *extortion, "Sam: why is everyone so quiet lol"))
    assert analysis.risk.level == "critical"


def test_having_a_silly_picture_of_someone_is_not_asking_for_one() -> None:
    analysis = analyze(
        chat(
            "Lia: i have a pic of you asleep on the bus with your mouth open",
            "Max: delete it",
            "Lia: do my dishes tonight or it goes in the family group",
            "Max: ugh fine",
        )
    )
    assert "picture_request" not in {f.category for f in analysis.findings}
    assert analysis.risk.level not in ("high", "critical")


def test_conditional_threat_about_earlier_pictures_is_critical() -> None:
    analysis = analyze(
        chat(
            "K: i still have every pic from when we were talking",
            "R: you promised you deleted them",
            "K: send me a new one before school tomorrow or i send the old ones to your dad",
        )
    )
    assert analysis.risk.level == "critical"
    assert {"sextortion_threat", "sextortion_demand"} <= {f.category for f in analysis.findings}


def test_sextortion_example_is_critical(examples) -> None:
    analysis = analyze(examples / "sextortion.txt")
    assert analysis.risk.level == "critical"
    categories = {f.category for f in analysis.findings}
    assert {"sextortion_threat", "sextortion_demand"} <= categories


def test_walkthrough_reaches_high_before_the_end(examples) -> None:
    analysis = analyze(examples / "walkthrough.txt")
    assert analysis.risk.level in ("high", "critical")
    assert analysis.first_alert_index is not None
    assert analysis.first_alert_index < analysis.message_count - 1


@pytest.mark.parametrize("benign", ["benign_gaming.txt", "benign_family.txt"])
def test_benign_examples_stay_calm(examples, benign: str) -> None:
    assert analyze(examples / benign).risk.level in ("none", "low")


def test_alert_level_option_moves_first_alert() -> None:
    conversation = chat(
        "Alex: you're so mature for your age",
        "Alex: what school do you go to?",
        "Alex: don't tell anyone about us",
        "Alex: send me a pic of you",
    )
    low = analyze(conversation, alert_level="low").first_alert_index
    high = analyze(conversation, alert_level="high").first_alert_index
    assert low == 0
    assert high is not None and high > low


def _finding(category: str, severity: int, confidence: float = 0.8, message_index: int = 0) -> Finding:
    return Finding(
        message_index=message_index, author="a", indicator=f"{category}.x", category=category, stage="trust",
        severity=severity, span=(0, 1), evidence="x", explanation="x", confidence=confidence,
    )


def test_same_category_counts_once() -> None:
    once, many = ParticipantScore(), ParticipantScore()
    once.add([_finding("trust_building", 2)])
    many.add([_finding("trust_building", 2)] * 10)
    assert once.score == many.score


def test_a_second_message_of_the_same_move_adds_half_of_its_weight() -> None:
    once, twice, thrice = ParticipantScore(), ParticipantScore(), ParticipantScore()
    once.add([_finding("risk_assessment", 3)])
    twice.add([_finding("risk_assessment", 3, message_index=i) for i in (0, 4)])
    thrice.add([_finding("risk_assessment", 3, message_index=i) for i in (0, 4, 9)])
    assert once.score < twice.score == thrice.score
    assert twice.score == round(1 - (1 - 0.256) * (1 - 0.128), 4)  # a share of the runner-up, not a second category


def test_a_second_threat_is_judged_by_the_extortion_rules_not_added() -> None:
    once, twice = ParticipantScore(), ParticipantScore()
    once.add([_finding("sextortion_threat", 2, confidence=0.5)])
    twice.add([_finding("sextortion_threat", 2, confidence=0.5, message_index=i) for i in (0, 3)])
    assert once.best_by_category == twice.best_by_category


def test_levels_are_ordered_by_score() -> None:
    assert [level_for(s) for s in (0.0, 0.1, 0.4, 0.7, 0.9)] == ["none", "low", "medium", "high", "critical"]


MODERN_GROOMING = {
    "game currency and a move to discord": chat(
        "xXSlayerXx: yo ur actually cracked at this game",
        "kid99: lol thanks",
        "xXSlayerXx: how old r u? u play like a pro",
        "kid99: 12",
        "xXSlayerXx: want some free robux? i got extra",
        "xXSlayerXx: just add me on discord, its easier to send there",
        "xXSlayerXx: dont tell ur parents tho",
        "xXSlayerXx: send me a selfie so i know ur real",
    ),
    "fake peer, picture first": chat(
        "emma.xo: hiii i go to ur school too!! i saw u in the hallway",
        "Jake: oh hey, which grade?",
        "emma.xo: 9th same as u. ur cute btw",
        "emma.xo: do u have snap? its easier",
        "Jake: yeah",
        "emma.xo: i sent u a pic, ur turn 😘",
    ),
    "sextortion in three lines": chat(
        "Kayla: I have screenshots of everything and ur followers list",
        "Kayla: pay $200 in steam gift cards or I post it everywhere",
        "Kayla: u have 30 minutes",
    ),
}


@pytest.mark.parametrize("name", sorted(MODERN_GROOMING))
def test_modern_scripts_reach_high(name: str) -> None:
    analysis = analyze(MODERN_GROOMING[name])
    assert analysis.risk.level in ("high", "critical"), [f.indicator for f in analysis.findings]
    suspect = next(p for p in analysis.participants if p.role == "suspect")
    assert suspect.name == MODERN_GROOMING[name].messages[0].author


def test_sibling_secret_and_schedule_stay_calm() -> None:
    analysis = analyze(chat("Lily: dont tell mom i ate the last cookie", "Max: lol ok but u owe me",
                            "Lily: deal. what time r u home?", "Max: after soccer, like 6"))
    assert analysis.risk.level in ("none", "low")


def _meaning(category: str, index: int) -> Finding:
    return _finding(category, 5, 0.5).model_copy(update={"matched_by": "meaning", "message_index": index})


def test_extortion_by_meaning_alone_is_not_critical() -> None:
    """A victim retelling a threat, or a parent's "screenshot everything", reads like sextortion to the encoder."""
    by_meaning = ParticipantScore()
    by_meaning.add([_meaning("sextortion_threat", 1), _meaning("sextortion_demand", 2)])
    assert not by_meaning.critical
    with_words = ParticipantScore()
    with_words.add([_meaning("sextortion_threat", 1), _finding("sextortion_demand", 5)])
    assert with_words.critical


def test_the_one_advised_is_extorting_only_in_the_catalogues_words() -> None:
    """A teen telling a counsellor "someone is blackmailing me with pictures, he wants 200 by tonight" reads like a
    threat by meaning beside a demand in words; once they are advised, only a threat in words keeps them critical."""
    retelling = ParticipantScore()
    retelling.add([_meaning("sextortion_threat", 0), _finding("sextortion_demand", 5)])
    assert retelling.critical and level_for(retelling.value(None)) == "critical"
    retelling.mark(ADVISED)
    assert level_for(retelling.value(None)) != "critical"
    in_words = ParticipantScore()
    in_words.add([_finding("sextortion_threat", 5), _finding("sextortion_demand", 5)])
    in_words.mark(ADVISED)
    assert level_for(in_words.value(None)) == "critical"


def test_threats_and_demands_by_meaning_across_three_messages_are_critical() -> None:
    """An extortion script, however worded: threat, demand, threat again."""
    script = ParticipantScore()
    script.add([_meaning("sextortion_threat", 1), _meaning("sextortion_demand", 3), _meaning("sextortion_threat", 5)])
    assert script.critical
    threats_only = ParticipantScore()
    threats_only.add([_meaning("sextortion_threat", i) for i in (1, 3, 5)])
    assert not threats_only.critical


def test_the_author_model_does_not_veto_someone_it_cannot_read() -> None:
    """The author model reads MiniLM's signals, which say little of a chat in Hinglish or Spanish: for someone who wrote
    mostly in the other languages, a high of the rules that needs meaning matches stands."""
    model = AuthorModel.load()
    assert model is not None
    for other_language_texts, vetoed in ((0, True), (3, True), (4, False)):
        person = ParticipantScore()
        person.add([_finding("secrecy", 3, 0.75), _meaning("picture_request", 3), _meaning("private_app", 4)])
        person.note(empty_signals(17), 3)  # every category at its floor: the model gives low odds
        person.texts, person.other_language_texts = 8, other_language_texts
        assert person.score >= LEVEL_THRESHOLDS["high"]
        assert (level_for(person.value(model)) == "medium") == vetoed, other_language_texts


def test_family_extorts_only_in_the_catalogues_words() -> None:
    """A grandmother's "send me your school photo, my friends at church want to see you" and "tell your mummy to bring
    you for Christmas" read like threats and demands by meaning, across three messages."""
    grandma = ParticipantScore()
    grandma.add([_meaning("sextortion_threat", 1), _meaning("sextortion_demand", 3), _meaning("sextortion_threat", 5)])
    assert level_for(grandma.value(None)) == "critical"
    grandma.mark(KNOWN_RELATIONSHIP)
    assert level_for(grandma.value(None)) != "critical"
    in_words = ParticipantScore()
    in_words.add([_finding("sextortion_threat", 5), _finding("sextortion_demand", 5)])
    in_words.mark(KNOWN_RELATIONSHIP)
    assert level_for(in_words.value(None)) == "critical"


def test_adult_with_a_minor_is_high_on_its_own() -> None:
    # From the adult's next message: "33 m here" may be followed by "oh, sorry, you're too young for this app, bye".
    assert analyze(chat("Kim: im 14 f", "Rob: 33 m here")).risk.level == "medium"
    ages_alone = analyze(chat("Kim: im 14 f", "Rob: 33 m here", "Rob: wyd"))
    assert ages_alone.risk.level == "high"
    assert ages_alone.participants[1].name == "Rob" and ages_alone.participants[1].risk.level == "high"
    peers = analyze(chat("Rob: asl?", "Kim: 14 f", "Rob: 15 m here", "Rob: you're so cute"))
    assert peers.risk.level in ("low", "medium")


def test_someone_talking_with_a_declared_minor_is_high_on_sexual_talk_or_two_kinds_of_sign() -> None:
    # The rule itself, on the catalogue's findings (with the semantic layer, the author model judges the cases the
    # rule leaves below high; tests/test_author_model.py).
    def rules(*lines: str) -> str:
        return analyze(chat(*lines), detectors="catalogue").risk.level

    assert rules("Kim: im 13 btw", "Max: do u like sex?") == "high"
    assert rules("Kim: im 13 btw", "Max: ur so pretty", "Max: dont tell ur mom we talk") == "high"
    assert rules("Kim: im 13 btw", "Max: ur so pretty") in ("low", "medium")
    # The same moves before anyone said they are a child, or from someone who says they are one too, are not this case.
    assert rules("Max: ur so pretty", "Max: dont tell ur mom we talk") in ("low", "medium")
    assert rules("Kim: im 13 btw", "Max: same im 13 too", "Max: ur so pretty", "Max: dont tell ur mom we talk") in ("low", "medium")


def test_family_keeping_parents_in_the_loop_stays_below_high() -> None:
    lines = (
        "Gran: hello darling, it's grandma",
        "Noah: hi grandma",
        "Gran: is your mother at home?",
        "Gran: don't tell your sister about it",
        "Gran: send me a picture of you in your new blazer",
    )
    stranger = analyze(chat(*(line.replace("it's grandma", "it's me").replace("Gran:", "Pat:") for line in lines if "Noah" not in line)))
    assert stranger.risk.level in ("high", "critical")
    family = analyze(chat(*lines))
    assert family.risk.level == "medium"
    assert not any(f.category == "known_relationship" for f in family.findings)  # context, never a finding
    threatening = analyze(chat(*lines, "Gran: I will send your pics to all your followers"))
    assert threatening.risk.level == "critical"


def test_the_one_a_safety_adviser_helps_is_judged_on_the_catalogues_words() -> None:
    teen = (
        "Maya: miss can i talk to you, something happened",
        "Maya: i sent a photo to someone i thought was my age and now they're saying they'll send it to all my followers unless i pay",
        "Maya: do my parents have to know",
        "Maya: can you come to the gate, i'm scared",
    )
    advice = "Ms Hale: You're not in trouble. Don't pay them and don't send anything else, screenshot the messages and block the account."
    helped = analyze(chat(*teen[:2], advice, *teen[2:]))
    listened = analyze(chat(*teen[:2], "Ms Hale: ok, tell me more", *teen[2:]))
    assert helped.participants[0].name == listened.participants[0].name == "Maya"
    assert helped.participants[0].risk.score < listened.participants[0].risk.score
    assert helped.risk.level in ("none", "low")
    # An extortionist stays critical when the one they extort talks of reporting the account.
    extortion = analyze(chat("Rex: i have your pics. 300 on cash app in 1 hour or i send them to your mom and school",
                             "Kai: i'm reporting this account", "Rex: 50 now or i post"))
    assert extortion.risk.level == "critical"


def test_secrecy_about_a_surprise_for_someone_else_weighs_little() -> None:
    moves = ("Sam: don't tell anyone, not even your sister", "Sam: is she home right now?", "Sam: delete these texts after")
    plain = analyze(chat("Ava: hi", *moves), detectors="catalogue")
    surprise = analyze(chat("Ava: hi", "Sam: it's a surprise party for her birthday", *moves), detectors="catalogue")
    assert surprise.risk.score < plain.risk.score
    assert not any(f.category == "surprise" for f in surprise.findings)  # context, never a finding
    # Not for someone who also asks for pictures: a "surprise" is an old cover.
    asking = analyze(chat("Ava: hi", "Sam: it's a surprise party for her birthday", *moves, "Sam: send me a pic of you"), detectors="catalogue")
    unmarked = analyze(chat("Ava: hi", *moves, "Sam: send me a pic of you"), detectors="catalogue")
    assert asking.risk.score == unmarked.risk.score


def test_secrecy_asked_again_and_again_with_another_move_is_high() -> None:
    hiding = ("Lee: don't tell the others", "Jo: thanks!!", "Lee: just say you're at Kobi's on friday", "Jo: ok",
              "Lee: what school do you go to?")
    twice = analyze(chat(*hiding), detectors="catalogue")
    assert twice.risk.level == "medium"
    thrice = analyze(chat(*hiding, "Lee: and delete this chat after"), detectors="catalogue")
    assert thrice.risk.level == "high"
    # A teen confiding a crush asks for secrecy three times and does nothing else: not high.
    crush = analyze(chat("Ava: promise u wont tell anyone", "Liv: ok", "Ava: i like ethan. dont tell anyone",
                         "Liv: 🤐", "Ava: delete this chat later lol"), detectors="catalogue")
    assert crush.risk.level == "medium"
    # Nor when the secret is a surprise for someone else.
    party = analyze(chat("Mum: it's a surprise party for dad's birthday", *hiding, "Lee: and delete this chat after"),
                    detectors="catalogue")
    assert party.risk.level in ("low", "medium")


def test_safety_steps_taken_for_oneself_are_not_advice_to_the_other() -> None:
    lines = ("Rex: hey cutie", "Rex: don't tell your mom about us", "Rex: you're so mature", "Rex: what are you wearing")
    plain = analyze(chat(lines[0], "Kai: hi", *lines[1:]))
    blocked = analyze(chat(lines[0], "Kai: i already blocked the other guy", *lines[1:]))
    assert blocked.risk.score == plain.risk.score and plain.risk.level in ("high", "critical")


def test_a_contact_saved_as_a_parent_is_family() -> None:
    # In an export the names are those the phone's owner saved: "Mum" is their mother, whatever she asks.
    lines = ("{who}: is your dad home yet?", "Ava: no", "{who}: don't tell your brother about the cake", "{who}: send me a pic of the card")
    assert analyze(chat(*(line.format(who="Sam") for line in lines))).risk.level in ("high", "critical")
    for parent in ("Mum", "Grandma Joan", "dad", "Bibi", "Mãe", "Oma Gerda", "Bà Ngoại", "Mama (Dubai)", "Mum ❤️"):
        assert analyze(chat(*(line.format(who=parent) for line in lines))).risk.level in ("low", "medium"), parent
    # Not a priest, an uncle or a step-parent, whose titles are also given to those outside the family.
    for other in ("Father Michael", "Uncle Rob", "Stepdad Mike", "Mjomba Ali", "Anne", "Lola"):
        assert analyze(chat(*(line.format(who=other) for line in lines))).risk.level in ("high", "critical"), other


def test_a_fake_officer_asking_for_a_fee_is_extortion() -> None:
    lines = ("Dan: this is officer dan from the cyber crimes unit", "Kai: what??", "Dan: you will be arrested unless you pay")
    scam = analyze(chat(*lines, "Dan: pay 500 in steam cards within 2 hours"), detectors="catalogue")
    assert scam.risk.level == "critical"
    fee_alone = analyze(chat("Dan: pay 500 in steam cards within 2 hours"), detectors="catalogue")
    assert fee_alone.risk.level in ("low", "medium")


def test_an_adult_who_stops_on_learning_the_age_is_not_high() -> None:
    ages = ("Lexi: im 15 lol", "Nick: oh, I'm 29")
    assert analyze(chat(*ages)).risk.level == "medium"  # until Nick writes again
    assert analyze(chat(*ages, "Lexi: so?", "Nick: so what")).risk.level == "high"
    refusing = analyze(chat(*ages, "Nick: you're 15? sorry, I'm unmatching. you shouldn't be on a dating app"))
    assert refusing.risk.level in ("none", "low", "medium")
    carrying_on = analyze(chat(*ages, "Nick: you shouldn't be on here lol", "Nick: don't tell your mom we talk"))
    assert carrying_on.risk.level in ("high", "critical")


def test_asking_the_age_before_stepping_back_is_not_a_second_sign() -> None:
    lines = ("Dan: gg, wanna run a few more?", "Sam: ya but bedtime is 9", "Dan: oh wait how old are you", "Sam: 12")
    stepping_back = analyze(chat(*lines, "Dan: ah ok. i'm 31, i don't really chat 1 on 1 with kids. stick to your mates' lobbies"))
    assert stepping_back.risk.level in ("none", "low", "medium")
    carrying_on = analyze(chat(*lines, "Dan: ah ok. i'm 31, age is just a number"))
    assert carrying_on.risk.level in ("high", "critical")


def test_someone_giving_safety_advice_is_judged_on_their_own_moves() -> None:
    helper = (
        "Sis: ok breathe. don't pay them anything, paying only makes them ask for more",
        "Sis: screenshot the messages, then report the account and block it",
        "Sis: real moderators never ask you for photos or to keep things secret",
    )
    assert analyze(chat("Mia: someone says they'll post my pic unless i send money", *helper)).risk.level in (
        "none", "low", "medium"
    )
    grooming = analyze(chat(*helper, "Sis: i'm the only one you can trust. don't tell your mom about us",
                            "Sis: send me a pic just for me"))
    assert grooming.risk.level in ("high", "critical")
    extorting = analyze(chat(*helper, "Sis: send me 200 or i send your pics to your whole class"))
    assert extorting.risk.level == "critical"


def test_a_demand_and_where_the_picture_lands_is_critical() -> None:
    # No verb of sending: the consequence after the demand is the threat ("or it's on your wall").
    for line in ("now u send $90 or its on ur wall", "10k robux or the pic goes in the server with 3000 ppl"):
        analysis = analyze(chat("Kai: where did u get that", f"Rex: {line}"))
        assert analysis.risk.level == "critical", line
    assert analyze(chat("Ana: buy me a bubble tea or it's going on my story", "Bo: lol fine")).risk.level not in (
        "high", "critical"
    )


def test_a_plea_makes_the_threat_or_demand_of_the_one_pleaded_with_extortion() -> None:
    # A demand whose threat is only implied is not critical on its words alone ...
    demand = ("Rex: u know what this is about", "Rex: buy 3 steam cards 50 each. scratch and send code")
    alone = analyze(chat(*demand, "Kai: what"))
    assert any(f.category == "sextortion_demand" and f.author == "Rex" for f in alone.findings)
    assert alone.risk.level != "critical"
    # ... but it is once the other person begs not to have their pictures shared.
    assert analyze(chat(*demand, "Kai: please dont post them, i dont have that much")).risk.level == "critical"
    # Friends teasing stay teasing, and a refusal to lend money is no plea.
    teasing = chat("Ana: buy me a slushie or the clip of u falling goes on the story", "Bo: pls dont post it")
    assert analyze(teasing).risk.level not in ("high", "critical")
    assert analyze(chat("Rex: can u lend me 20 till friday", "Kai: i dont have money rn sorry")).risk.level != "critical"


def test_money_sent_with_an_offer_to_buy_something_is_no_demand() -> None:
    # The same amount and app are a demand alone, and a gift beside "i'll buy you": a plea then makes nothing critical.
    demand = analyze(chat("Rex: send $50 on cashapp now", "Kai: please dont"))
    assert any(f.category == "sextortion_demand" for f in demand.findings)
    assert demand.risk.level == "critical"
    offer = analyze(chat("Rex: i'll buy you the skin, $50 on cashapp now", "Kai: please dont, its too much"))
    assert not any(f.category == "sextortion_demand" for f in offer.findings)
    assert offer.risk.level != "critical"


def test_a_demand_beside_words_for_pictures_and_a_crowd_is_an_implied_threat() -> None:
    # In another language, a demand from someone who also named a video and the other's followers and class group.
    video, crowd, demand = (
        "Rex: me acuerdo de tu video de anoche, que bonito",
        "Rex: ya vi tus 300 seguidores y tu grupo de la clase",
        "Rex: 300€ por bizum, ahora",
    )
    implied = analyze(chat(video, "Kai: que??", crowd, demand))
    assert "sextortion_threat.implied" in {f.indicator for f in implied.findings}
    assert implied.risk.level == "critical"
    # A fake police officer: the school and parents, or a spouse and a workplace, as the crowd.
    for lines in (
        (
            "Dan: une video intime vous concernant a ete signalee, c'est serieux",
            "Dan: le dossier sera transmis a votre ecole et a vos parents demain",
            "Dan: une amende de 300 euros en cartes paysafecard, les codes ici",
        ),
        (
            "Dan: as fotos vao para o processo, tudo isso e serio",
            "Dan: sua esposa e seu trabalho serao notificados",
            "Dan: pagar a taxa de R$ 2.800 via pix ainda hoje",
        ),
    ):
        assert "sextortion_threat.implied" in {f.indicator for f in analyze(chat(*lines)).findings}, lines[1]
    # Without the crowd the picture's words imply nothing (the meaning of "I remember your video" is another matter),
    # and a seller's photos of a bike are a payment.
    assert "sextortion_threat.implied" not in {f.indicator for f in analyze(chat(video, "Kai: que??", demand)).findings}
    plain = analyze(chat("Rex: te mando mas fotos de la bici", "Kai: dale", demand))
    assert "sextortion_threat.implied" not in {f.indicator for f in plain.findings}
    assert plain.risk.level != "critical"


def test_a_countdown_is_a_deadline_in_any_language() -> None:
    threat = ("Rex: want your mum to see these?", "Kai: quien eres")
    assert analyze(chat(*threat, "Rex: 10", "Kai: espera", "Rex: 8")).risk.level != "critical"
    counted = analyze(chat(*threat, "Rex: 10", "Kai: espera", "Rex: 9", "Rex: 8"))
    countdown = [f for f in counted.findings if f.indicator == "sextortion_demand.countdown"]
    assert [(f.message_index, f.author, f.evidence) for f in countdown] == [(4, "Rex", "9"), (5, "Rex", "8")]
    assert counted.risk.level == "critical"
    assert any(f.indicator == "sextortion_demand.countdown" for f in analyze(chat("Rex: 5️⃣", "Rex: 4️⃣")).findings)
    # Answers that happen to be numbers, counting up, another person's number, or a room counting in the new year.
    ordinary = [
        chat("Ana: how many are coming?", "Bo: 5", "Bo: 4 actually, sam is sick"),
        chat("Ana: 3", "Ana: 4"),
        chat("Ana: 2", "Bo: 1"),
        chat("Ana: hny!", "Bo: hi", "Cy: yo", "Dee: lol", "Ana: 3", "Ana: 2", "Ana: 1"),
    ]
    for conversation in ordinary:
        assert not any(f.indicator == "sextortion_demand.countdown" for f in analyze(conversation).findings)


def test_flirting_alone_is_medium_until_a_minor_or_another_move_joins_it() -> None:
    def rules(*lines: str) -> str:
        return analyze(chat(*lines), detectors="catalogue").risk.level

    flirting = ("Sam: miss your face. send me a pic just for me", "Lee: haha ok")
    assert rules(*flirting) == "medium"
    assert rules("Lee: im 14", *flirting) == "high"
    assert rules(*flirting, "Sam: dont tell ur mom we talk") in ("high", "critical")


def test_secrecy_asked_again_and_again_is_high_however_warm_the_rest() -> None:
    # Three asks to hide in the catalogue's words and a check on who reads the phone, among friendly talk about tests and
    # pets that the author model alone would find ordinary.
    analysis = analyze(
        chat(
            "Ross: how did the spelling test go",
            "Mia: good i think",
            "Ross: told you you'd smash it",
            "Mia: lol",
            "Mia: the cat knocked my cup over again",
            "Ross: that cat 😂 classic",
            "Ross: your mum doesnt need to see every little chat, you're nearly 13",
            "Mia: she asked who i text",
            "Ross: just say its the swim group",
            "Mia: ok",
            "Ross: ha. our little secret",
            "Ross: is she still working sundays at the bakery",
            "Mia: ya 9 till 3",
            "Ross: might drop by then. dont mention it to her yeah",
        )
    )
    assert analysis.risk.level == "high"

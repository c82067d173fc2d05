"""Risk: findings -> participant -> conversation, in 0..1 with a level.

Not a plain sum. Within one category only the strongest finding counts (ten compliments are still flattery); separate
categories combine like independent pieces of evidence, and each extra category from the same person makes the whole
climb faster, because grooming is the combination (trust + probing + secrecy + requests), not any one line. A
sextortion threat is critical on its own, a demand with a threat (see `_is_extortion`), except between friends
teasing over harmless stakes (see TEASING).

With the semantic layer's author model (`semantic/author_model.py`), the model judges who of those with a finding is
`high`, reading the rules' score beside how near their messages came in every category; the rules keep extortion's
`critical`, the ages and what the catalogue's own words make high (see `ParticipantScore.judged`). A `critical` the rules
reach by many signs is the model's to judge when it needs meaning matches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from lurewatch.model import RISK_LEVELS, Finding, RiskLevel
from lurewatch.semantic.author_model import features

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from lurewatch.semantic.author_model import AuthorModel
    from lurewatch.semantic.encoder import Vectors

SEVERITY_WEIGHT = {1: 0.08, 2: 0.2, 3: 0.32, 4: 0.5, 5: 0.9}
# Each further category raises the exponent: (1 - base) ** (1 + SYNERGY * (categories - 1)).
SYNERGY = 0.35
CRITICAL_FLOOR = 0.95  # the score of anyone who extorts (see below)
# Lower bounds of each level, in RISK_LEVELS order (none has no findings or only trivial ones).
LEVEL_THRESHOLDS: dict[RiskLevel, float] = {"none": 0.0, "low": 0.05, "medium": 0.35, "high": 0.6, "critical": 0.85}
# Asking much while sharing nothing is itself a sign (the handout's point); it counts as one more category.
ASYMMETRY_CATEGORY = "one_sided_questions"
ASYMMETRY_WEIGHT = 0.15
# Only categories with at least this much weight speed up the climb: a faint sign (a comment on a video) is evidence,
# but not a reason to treat everything else as more alarming.
SYNERGY_MIN_WEIGHT = 0.1
# Sextortion is a threat with leverage. A certain threat (a pattern match) is critical on its own; a demand is critical
# once the same person also threatens; meaning matches, being less certain, need a threat, one more sextortion
# finding in another message, and one of them in the catalogue's words. A money request alone ("send me 10 and i'll
# pay you back") is not extortion.
THREAT = "sextortion_threat"
DEMAND = "sextortion_demand"
CRITICAL_ALONE_CONFIDENCE = 0.75
MEANING_EXTORTION_MESSAGES = 3
# A demand for money or more pictures is extortion only with leverage: a threat, pictures and intimate talk, or posing as
# police or staff in the same person's messages. Without them ("everyone send me 10 and i'll buy it") it weighs like an
# ordinary request.
SEXUAL_TALK = "sexual_talk"
PICTURE_REQUEST = "picture_request"
LEVERAGE = frozenset({THREAT, PICTURE_REQUEST, SEXUAL_TALK, "impersonation"})
DEMAND_WITHOUT_LEVERAGE_WEIGHT = 0.3
# An adult alone with someone who said they are a minor, or an age that does not add up, is context that changes what
# everything else means: with any other warning sign from the same person, even a faint one such as asking the age, it
# is high ("26" + "14" + "ur a cutie").
AGE_CATEGORY = "age_claim"
# What someone who then gives safety advice may have asked before stepping back (see `judged`).
STEPPED_BACK_FROM = ("personal_info", "private_app")
AGE_RED_FLAG_WEIGHT = 0.3
# An adult by their own words, one to one with someone who said they are a child, is high on its own once they write
# again without stepping back: strangers rarely swap ages, and a moderator wants to see such a chat before anything else
# happens in it; but "I'm 19, I should say that now" is often followed by "not a great idea for us to chat, take care".
ADULT_WITH_MINOR = "age_claim.adult_with_minor"
# Someone who has not said they are a child, one to one with someone who has (see `conversation.py`): what they do next is
# aimed at a child. Talk about sex or intimacy, or warning signs of two kinds, is then high. A marker like the one below.
WITH_MINOR = "with_minor"
# Family who keep the parents in the loop (see `conversation.py`): what would otherwise be grooming moves ("is your mum
# home", "send me a photo of you", "keep it secret" about a present) stays below high, unless the talk is sexual or an
# age does not add up; extortion in the catalogue's words is critical whoever it comes from (see `_extorts`).
KNOWN_RELATIONSHIP = "known_relationship"
KNOWN_RELATIONSHIP_CAP = 0.59
# Asking for pictures and flirting, with nothing else from the same person (no age that matters, no secret, gift, plan to
# meet or question about the other's life), is how adults and same-age teens flirt: medium, worth a look, not an alert.
# With someone who said they are a minor it is high (WITH_MINOR); any other move joins it by the synergy above.
FLIRTING = frozenset({PICTURE_REQUEST, SEXUAL_TALK})
FLIRTING_ALONE_CAP = KNOWN_RELATIONSHIP_CAP
# Friends teasing over stakes that are a joke (a snack, a chore, a clip of someone falling over: the catalogue's
# `teasing` signal, said by anyone in the chat): "pay up or it goes on the class story" is then banter. Unless the same
# person also asks for pictures, talks about sex or poses as staff in the catalogue's words, their threats and demands
# weigh together like one demand without leverage and are never critical on their own.
TEASING = "teasing"
# A surprise or a present planned for someone else (the catalogue's `surprise` signal, said by anyone in the chat:
# "it's for her birthday", "secret santa"): "don't tell her" and "delete this" are then about the surprise, so secrecy
# weighs like a meaning match, unless the same person also asks for pictures or talks about sex.
SURPRISE = "surprise"
SECRECY = "secrecy"
# Secrecy asked for in the catalogue's words in SUSTAINED_SECRECY_MESSAGES separate messages by one person ("don't tell
# the others", later "just say you're at Kobi's", later "delete this chat after") is a habit of hiding, not a one-off
# about a present or a sibling's sweets: high with any other move of theirs, even between family and whatever the author
# model makes of the rest of their talk, unless it is about a surprise or a joke. Alone it is a teen confiding a crush
# ("promise u wont tell anyone", "delete this chat later lol").
# In the training and read halves of the validation sets 78 risky chats had it and 1 benign one, that crush.
SUSTAINED_SECRECY = "sustained_secrecy"
SUSTAINED_SECRECY_MESSAGES = 3
INTIMATE_LEVERAGE = frozenset({PICTURE_REQUEST, SEXUAL_TALK, "impersonation"})
# Someone giving safety advice ("report the account", "don't pay them", "real moderators never ask for photos": the
# catalogue's `safeguarding` signal) talks about pictures and threats because someone else made them. Their level comes
# from the catalogue's words only: meaning matches, which cannot tell "don't pay, don't send anything else" from a
# demand, and the author model do not raise it, and an adult's age next to a declared minor is high only with another
# move ("you're 16? I'm unmatching" is the opposite of grooming; the age question or the handle they asked before
# stepping back is none). Extortion in the catalogue's words stays critical whoever says it.
SAFEGUARDING = "safeguarding"
# The one person a safety adviser talks to in a private chat ("don't pay them, screenshot everything, we'll tell your mum
# together") is the one being protected: their retelling of the threat, "do my parents have to know?" and "can you come
# over" read like moves by meaning, so, like the adviser, they are judged on the catalogue's words only.
ADVISED = "advised"
# The one person someone in a private chat begs not to share their pictures ("please don't post it", "if I pay will you
# delete it?": the catalogue's `plea` signal) is extorting them once they make any threat or demand, however worded:
# an extortionist's words vary with every language and script, the answer of the one extorted much less.
PLEADED = "pleaded"
# A second message of the same move in the catalogue's words (threats and demands aside, which have rules of their own)
# adds this share of its weight to the category: a quiet adult's "your mam won't be listening in" and, later, "lock the
# door" are more than either alone, yet ten compliments are still flattery. Over the blind halves of the validation
# sets it found 3 more risky chats for no benign one (eval/HISTORY.md, fortieth session).
REPEAT_SHARE = 0.5
# One meaning match is a hint, not a verdict: alone it stays low; three categories of them from one person reach high.
MEANING_MAX_WEIGHT = 0.3
# As many categories as make high by meaning alone (see `ParticipantScore.other_language`).
OTHER_LANGUAGE_CATEGORIES = 3
# Context the conversation marks on a person, not findings.
MARKERS = frozenset({
    ASYMMETRY_CATEGORY, KNOWN_RELATIONSHIP, WITH_MINOR, TEASING, SURPRISE, SAFEGUARDING, ADVISED, PLEADED, SUSTAINED_SECRECY
})
# The model lowers a high of the rules (one that needs meaning matches) only when it gives the person less than even
# odds of being a suspect. Between that and its threshold the rules stand: on real offender chats (Perverted-Justice)
# it vetoed highs at odds from 0.18 to 0.82, and synthetic look-alikes at 0.02 to 0.98, so a stricter veto cost as much
# early warning on real chats as it saved false alarms on written ones.
MODEL_VETO_BELOW = 0.5
# Below the author model's threshold a person is at most medium; above it, their score spans high by its probability.
MODEL_BELOW_HIGH = 0.59
MODEL_HIGH_SPAN = 0.25


def level_for(score: float) -> RiskLevel:
    level: RiskLevel = "none"
    for name in RISK_LEVELS:
        if score >= LEVEL_THRESHOLDS[name]:
            level = name
    return level


def level_at_least(level: RiskLevel, threshold: RiskLevel) -> bool:
    return RISK_LEVELS.index(level) >= RISK_LEVELS.index(threshold)


def finding_weight(finding: Finding) -> float:
    weight = SEVERITY_WEIGHT[finding.severity] * finding.confidence
    return min(weight, MEANING_MAX_WEIGHT) if finding.matched_by == "meaning" else weight


@dataclass(slots=True)
class ParticipantScore:
    """Running score of one participant; `add` findings as messages arrive."""

    best_by_category: dict[str, float] = field(default_factory=dict)
    critical: bool = False
    # An adult with a declared minor was raised for them (see `conversation.py`): high on its own once they have written
    # more than this many text messages (0: not raised; see `_rules`).
    adult_with_minor_at: int = 0
    # The text message (counted like `texts`) in which their threat last grew (0: none; see `_lone_threat_waits`).
    threat_at: int = 0
    extortion: tuple[Finding, ...] = ()  # this person's threats and demands, for the rule above (usually none)
    # The author model's input beyond the findings: the best meaning signals of their messages so far (None: none read),
    # and the message each came from (for the explanation).
    signals: Vectors | None = None
    signal_at: NDArray[np.int64] | None = None
    # The best of each category among findings in the catalogue's own words: a high those make alone stands.
    in_words: dict[str, float] = field(default_factory=dict)
    # Per category in the catalogue's words, the message of the strongest finding, its weight, and the strongest from
    # any other message (see REPEAT_SHARE).
    repeats: dict[str, tuple[int, float, float]] = field(default_factory=dict)
    # The categories of their moves the multilingual model found. The author model reads MiniLM's signals, which say
    # nothing of a message in another language: once OTHER_LANGUAGE_CATEGORIES of them are found, the rules judge.
    other_language: set[str] = field(default_factory=set)
    # Their text messages, and how many of those were in the other languages (see `mostly_other_language`).
    texts: int = 0
    other_language_texts: int = 0

    def add(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            weight = finding_weight(finding)
            if finding.matched_by == "pattern" and finding.category not in (THREAT, DEMAND):
                weight = self._repeated(finding, weight)
            if weight > self.best_by_category.get(finding.category, 0.0):
                self.best_by_category[finding.category] = weight
                if finding.category == THREAT:
                    self.threat_at = self.texts
            if finding.matched_by == "pattern" and weight > self.in_words.get(finding.category, 0.0):
                self.in_words[finding.category] = weight
            # Critical stays, so there is no need to keep more, except words for someone who gives safety advice.
            if finding.category in (THREAT, DEMAND) and (not self.critical or finding.matched_by == "pattern"):
                self.extortion += (finding,)
                self._check_extortion()
            elif finding.category == PICTURE_REQUEST and finding.matched_by == "pattern":
                self._check_extortion()  # more pictures may be the price of a threat already made (see `_is_extortion`)

    def _repeated(self, finding: Finding, weight: float) -> float:
        """The category's weight in the catalogue's words with this finding: its strongest message's, plus REPEAT_SHARE
        of the strongest in another message."""
        at, best, other = self.repeats.get(finding.category, (finding.message_index, 0.0, 0.0))
        if finding.message_index == at:
            best = max(best, weight)
        elif weight > best:
            at, best, other = finding.message_index, weight, best
        else:
            other = max(other, weight)
        self.repeats[finding.category] = (at, best, other)
        return round(1.0 - (1.0 - best) * (1.0 - REPEAT_SHARE * other), 4)

    @property
    def mostly_other_language(self) -> bool:
        """Whether at least half of their messages were in the other languages, whose words MiniLM, and so the author
        model, cannot read: it then does not veto a high of the rules."""
        return self.other_language_texts * 2 >= self.texts > 0

    @property
    def writes_after_waiting(self) -> bool:
        """Whether their latest message is the first they wrote after an adult with a minor was raised, or after a threat
        that waits for it (`_lone_threat_waits`): it may make them high, so it is scored even when it has no finding."""
        return self.texts - 1 in (self.adult_with_minor_at, self.threat_at) and self.texts > 1

    def mark(self, marker: str) -> None:
        """Context, not evidence, so it weighs nothing: from the whole conversation (KNOWN_RELATIONSHIP, TEASING,
        SURPRISE) or about this person (SAFEGUARDING: they give safety advice; ADVISED: the other person advises them;
        PLEADED: the other person begged them)."""
        self.best_by_category[marker] = 0.0
        if marker == PLEADED:
            self._check_extortion()

    def _check_extortion(self) -> None:
        self.critical = self.critical or self._extortion_in(self.extortion)

    def _extortion_in(self, findings: tuple[Finding, ...]) -> bool:
        """Whether these threats and demands are extortion: by themselves, or any of them once the other person begged."""
        pleaded = PLEADED in self.best_by_category and bool(findings)
        return pleaded or _is_extortion(findings, pictures_asked=PICTURE_REQUEST in self.in_words)

    def mark_with_minor(self, with_minor: bool) -> None:
        if with_minor:
            self.best_by_category[WITH_MINOR] = 0.0
        else:
            self.best_by_category.pop(WITH_MINOR, None)

    def mark_one_sided(self, one_sided: bool) -> None:
        if one_sided:
            self.best_by_category[ASYMMETRY_CATEGORY] = ASYMMETRY_WEIGHT
        else:
            self.best_by_category.pop(ASYMMETRY_CATEGORY, None)

    def note(self, signals: Vectors, message_index: int) -> bool:
        """Keep the best of each signal and the message it came from; whether any rose."""
        if self.signals is None or self.signal_at is None:
            self.signals = signals.copy()
            self.signal_at = np.full(signals.shape, message_index, dtype=np.int64)
            return True
        rose = signals > self.signals
        if not rose.any():
            return False
        self.signals[rose] = signals[rose]
        self.signal_at[rose] = message_index
        return True

    def value(self, model: AuthorModel | None) -> float:
        """The score as the author model judges it (the rules' `score` without one; see the module's docstring)."""
        return self.judged(model)[0]

    def judged(self, model: AuthorModel | None) -> tuple[float, float | None]:
        """The score, and the author model's odds that this person is a suspect when the model decided their level
        (lifted them to high or kept them below it; None when the rules decided)."""
        weights = self.best_by_category
        if (SAFEGUARDING in weights or ADVISED in weights) and not self._extorts(weights):
            # For the adviser, what they asked before stepping back ("whats ur discord" "im 14" "i'm 27, better you
            # stick with your mates") is not a sign either.
            dropped = STEPPED_BACK_FROM if SAFEGUARDING in weights else ()
            score = self._rules({k: v for k, v in self._markers_and_words().items() if k not in dropped})[0]
            if ADVISED in weights and self.in_words.keys() <= {THREAT}:
                # What the one being helped says they hold ("ok, I screenshotted everything") is the evidence they were
                # told to keep, and their retelling of the threat is the threat made to them: no threat of theirs
                # without a demand or another move.
                score = min(score, MODEL_BELOW_HIGH)
            return score, None
        score, settled = self._rules(weights)
        if self._lone_threat_waits(weights):
            return min(score, MODEL_BELOW_HIGH), None
        # Extortion stays critical whatever the odds; a critical by many signs stays only where the catalogue's words
        # alone make this person high (`_high_in_words`), else the model judges it like any high.
        if model is None or len(self.other_language) >= OTHER_LANGUAGE_CATEGORIES or self._extorts(weights) or settled or not self.categories_found or self._high_in_words():
            return score, None
        odds = model.probability(self.summary())
        if odds < model.threshold:
            if score < LEVEL_THRESHOLDS["high"] or odds >= MODEL_VETO_BELOW or self.mostly_other_language:
                return score, None  # the rules' level: below high, or a high the model does not doubt enough
            return MODEL_BELOW_HIGH, odds
        judged = max(score, LEVEL_THRESHOLDS["high"] + MODEL_HIGH_SPAN * (odds - model.threshold) / (1.0 - model.threshold))
        if KNOWN_RELATIONSHIP in weights and weights.get(SEXUAL_TALK, 0.0) <= MEANING_MAX_WEIGHT:
            return min(judged, KNOWN_RELATIONSHIP_CAP), None
        return round(judged, 4), odds

    def _lone_threat_waits(self, weights: dict[str, float]) -> bool:
        """Whether their only sign is a threat made in their latest message that does not make them critical ("i have
        the pic.", "i know ur address"): they are high from their next message, not at once. Between friends that line is
        often the joke's price ("£3 and a sausage roll", the catalogue's `teasing`) or nothing at all; an extortionist's
        is the demand, which is critical anyway."""
        if self.threat_at < self.texts or self._extorts(weights):
            return False
        return all(category in (THREAT, ASYMMETRY_CATEGORY) for category, weight in weights.items() if weight > 0)

    def summary(self) -> list[float]:
        """What the author model reads of this person (`author_model.features`)."""
        return features(self.signals)

    @property
    def categories_found(self) -> int:
        """How many categories this person has findings in (a marker that weighs nothing is not one)."""
        return sum(weight > 0 for weight in self.best_by_category.values())

    def _high_in_words(self) -> bool:
        """Whether the rules make this person high on the findings in the catalogue's words alone (with the markers)."""
        return bool(self.in_words) and self._rules(self._markers_and_words())[0] >= LEVEL_THRESHOLDS["high"]

    def _markers_and_words(self) -> dict[str, float]:
        markers = {k: v for k, v in self.best_by_category.items() if k in MARKERS}
        return {**markers, **self.in_words}

    @property
    def score(self) -> float:
        """The rules' score."""
        return self._rules(self.best_by_category)[0]

    def _rules(self, weights: dict[str, float]) -> tuple[float, bool]:
        """The rules' score of these best weights by category, and whether what made it high is settled past the author
        model: an age (an adult with a declared minor, an age that does not add up, or someone talking one to one with a
        declared minor) or secrecy asked for again and again with another move (SUSTAINED_SECRECY)."""
        if not weights:
            return 0.0, False
        teasing = self._teasing(weights)
        if teasing:  # a copy only then: this runs on every finding
            # The joke's price and its "leak" are one bargain ("crisps by 7 or it's on the group chat"): one sign, not two.
            bargain = min(max(weights.get(THREAT, 0.0), weights.get(DEMAND, 0.0)), DEMAND_WITHOUT_LEVERAGE_WEIGHT)
            weights = {k: v for k, v in weights.items() if k not in (THREAT, DEMAND)}
            if bargain:
                weights[THREAT] = bargain
        elif DEMAND in weights and LEVERAGE.isdisjoint(weights):
            weights = {**weights, DEMAND: min(weights[DEMAND], DEMAND_WITHOUT_LEVERAGE_WEIGHT)}
        if SURPRISE in weights and SECRECY in weights and INTIMATE_LEVERAGE.isdisjoint(weights):
            weights = {**weights, SECRECY: min(weights[SECRECY], MEANING_MAX_WEIGHT)}
        remaining = 1.0
        for weight in weights.values():
            remaining *= 1.0 - weight
        categories = max(1, sum(weight >= SYNERGY_MIN_WEIGHT for weight in weights.values()))
        score: float = 1.0 - remaining ** (1.0 + SYNERGY * (categories - 1))
        age_red_flag = weights.get(AGE_CATEGORY, 0.0) >= AGE_RED_FLAG_WEIGHT
        moves = sum(weight > 0 for weight in weights.values())
        with_another = age_red_flag and moves >= 2
        by_age = with_another or (0 < self.adult_with_minor_at < self.texts and SAFEGUARDING not in weights)
        hiding = SUSTAINED_SECRECY in weights and SURPRISE not in weights and not teasing and moves >= 2
        if by_age or hiding:
            score = max(score, LEVEL_THRESHOLDS["high"])
        elif KNOWN_RELATIONSHIP in weights and weights.get(SEXUAL_TALK, 0.0) <= MEANING_MAX_WEIGHT:
            score = min(score, KNOWN_RELATIONSHIP_CAP)
        elif WITH_MINOR in weights and (weights.get(SEXUAL_TALK, 0.0) >= SYNERGY_MIN_WEIGHT or categories >= 2):
            score = max(score, LEVEL_THRESHOLDS["high"])
            by_age = True
        elif all(category in FLIRTING for category, weight in weights.items() if weight > 0):
            score = min(score, FLIRTING_ALONE_CAP)
        if self._extorts(weights):
            score = max(score, CRITICAL_FLOOR)
        return round(min(score, 1.0), 4), by_age or hiding

    def _extorts(self, weights: dict[str, float]) -> bool:
        """Whether this person's threats and demands make them critical (not when it is teasing, see TEASING; for
        someone giving safety advice or the one they advise, and between family, only in the catalogue's words: a
        teacher's "forward the email", a target's "someone is blackmailing me with pictures" and a grandmother's "send
        me your school photo, my friends at church want to see you" read like threats)."""
        # `critical` is their threats and demands in any words, so it holds whenever those in the catalogue's words do.
        if not self.critical or self._teasing(weights):
            return False
        in_words_only = SAFEGUARDING in weights or ADVISED in weights or KNOWN_RELATIONSHIP in weights
        return not in_words_only or self._extortion_in(tuple(f for f in self.extortion if f.matched_by == "pattern"))

    def _teasing(self, weights: dict[str, float]) -> bool:
        """Teasing, unless this person asks for pictures, talks about sex or poses as staff in the catalogue's words: by
        meaning, a sibling's "i have your pics 😈" (of a sneeze) reads like a sexual request and "she's the one who sent
        it to me" like staff."""
        return TEASING in weights and INTIMATE_LEVERAGE.isdisjoint(self.in_words)


def _is_extortion(findings: tuple[Finding, ...], pictures_asked: bool) -> bool:
    """Whether these threats and demands are extortion; `pictures_asked`: the same person asked for pictures in the
    catalogue's words."""
    threats = [f for f in findings if f.category == THREAT]
    if any(f.confidence >= CRITICAL_ALONE_CONFIDENCE for f in threats):
        return True
    if not threats:
        return False
    if any(f.category == DEMAND and f.matched_by == "pattern" for f in findings):
        return True
    # A threat and a request for pictures, both in the catalogue's words ("send 2 more" ... "i still have your pics
    # saved"): more pictures is the price.
    if pictures_asked and any(f.matched_by == "pattern" for f in threats):
        return True
    # One or two meaning matches are not enough: a victim retelling a threat, or a parent's "screenshot everything",
    # reads like one. Either one of them is in the catalogue's own words, or the person threatens and demands across
    # three or more messages, which is what an extortion script looks like and a retelling rarely does.
    messages = len({f.message_index for f in findings})
    in_words = any(f.matched_by == "pattern" for f in findings)
    return (in_words and messages >= 2) or (messages >= MEANING_EXTORTION_MESSAGES and any(f.category == DEMAND for f in findings))


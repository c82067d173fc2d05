"""Conversation-level analysis, one message at a time: findings in context, who asks and who shares, stated ages and
their contradictions, roles, grooming stages and escalation.

`ConversationState` is incremental so that the batch `analyze` and the live `Watcher` are the same code: feed messages with
`add`, read the running risk at any time, call `result` for the full picture.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import chain

from lurewatch.indicators.catalogue import Catalogue, IndicatorSpec
from lurewatch.indicators.quotation import QUOTED_SHARE, is_quoted, quoted_share
from lurewatch.indicators.recognizer import Hit, Recognizer, in_other_language
from lurewatch.model import (
    AgeClaim,
    Asymmetry,
    Contribution,
    Escalation,
    Finding,
    Message,
    MessageKind,
    ParticipantReport,
    Risk,
    RiskLevel,
    Role,
    StageSpan,
    trusted,
)
from lurewatch.normalize import normalize
from lurewatch.own_words import own_words
from lurewatch.scoring import (
    ADULT_WITH_MINOR,
    ADVISED,
    AGE_CATEGORY,
    DEMAND,
    KNOWN_RELATIONSHIP,
    PLEADED,
    SAFEGUARDING,
    SECRECY,
    SURPRISE,
    SUSTAINED_SECRECY,
    SUSTAINED_SECRECY_MESSAGES,
    TEASING,
    THREAT,
    ParticipantScore,
    finding_weight,
    level_at_least,
    level_for,
)
from lurewatch.semantic.layer import SemanticHit, SemanticLayer

AGE_QUESTION = "personal_info.age"
# Questions a child answers with their age or school year ("what grade r u in" -> "8th"; see `_age_askers`).
AGE_QUESTIONS = frozenset({AGE_QUESTION, "personal_info.school"})
CONTEXT_MARKERS = frozenset({KNOWN_RELATIONSHIP, TEASING, SURPRISE})  # signals that mark everyone in the chat
# Adult-life cues and the claimed ages they contradict: a wife or a mortgage does not fit any teenager; a job or a car
# fits a 16- or 17-year-old, so they only contradict a younger claim.
ADULT_CUES = {"age_claim.adult_life": 18, "age_claim.working_life": 16}
AGE_INCONSISTENT = "age_claim.inconsistent"
# A number one person counts down over their messages ("10", "9"; "5️⃣", "4️⃣"): a deadline in any language.
COUNTDOWN = "sextortion_demand.countdown"
_COUNT = re.compile(r"\s*(\d{1,2})\ufe0f?\u20e3?\s*(?:\.{2,}|…)?\s*")
_COUNT_MAX_LENGTH = 12
# Remarks that show someone knows the other is young ("only 13?", "I'm too old for you").
AGE_REMARKS = ("age_claim.minor_remark", "age_claim.age_gap_admitted")
PRIVATE_CHAT_MAX_PEOPLE = 3
# An amount and a payment app in a message that offers to buy something for the other person are money given, not
# demanded ("i'll get you the skin, 50 by bizum"). Not any gift finding: "send $50 on cashapp" reads as a money offer too.
GIFT_OFFER = "gifts.buy_you"
# A demand in the catalogue's words, from someone who in their other-language messages also names pictures and a crowd
# around the other person (followers, contacts, the class or family group, the school), is the threat however it is
# worded ("sextortion_threat.implied").
EXPOSURE = "exposure"
EXPOSURE_WORDS = frozenset({"exposure.material", "exposure.audience"})
IMPLIED_THREAT = "sextortion_threat.implied"
HAS_MATERIAL = "sextortion_threat.has_material"
# In normalised text (where "u", "ur" and "ya" are "you" and "your" already): a word for the other person or a question,
# and a word of the writer's for themselves.
_ADDRESSED = re.compile(rb"\b(?:you|your|yours|yourself|yourselves|urself|yall|youre|yuh|thee|thy)\b|\?")
_OWN = re.compile(rb"\b(?:i|i'm|im|my|mine|myself|i'll|i've|ive|i'd)\b")
# Safety steps someone took for themselves ("i already blocked him", "reporting this account") are not advice to the
# other person, who may be the one they blocked (`scoring.ADVISED`).
_DONE_THEMSELVES = re.compile(r"(?:reported|reporting|blocked|blocking|muted|muting|screenshotted|saved|kept|got)\b")
# A participant named as a parent or grandparent ("Mum", "Dad", "Grandma Joan", "Nana Jo"): in an export, the name is
# the one the phone's owner saved for the contact, so the chat is with family (`scoring.KNOWN_RELATIONSHIP`). Not uncles,
# aunts or step-parents, whose titles are also given to family friends, nor "Father Michael", a priest.
_PARENT_TITLE = re.compile(
    r"(?:my )?(?:(?:mum|mom|mam|mama|mummy|mommy|dad|daddy|papa|grandma|grandpa|gran|granny|grandad|granddad|nan|nana|"
    r"nanna|nonna|nonno|oma|opa|abuela|abuelo|babcia|dziadek|"
    # the same in the other languages of the catalogue, not those that are also given names ("Lola", "Nani", "Tata")
    r"mãe|mae|maman|mamá|papá|papai|vovó|vovô|vovo|avó|avô|mamma|babbo|bunica|bunicul|mamaie|tataie|"
    r"nanay|tatay|inay|itay|ibu|bapak|ayah|emak|nenek|kakek|eyang|annem|babam|anneanne|babaanne|mamusia|"
    r"tatuś|tatus|babunia|moeder|vader|bibi|babu|ammi|abbu|dadi|bà nội|bà ngoại|ông nội|ông ngoại)"
    r"(?: [^\W\d_]+)?|mother|father)"
    # as contacts are saved: "Mama (Dubai)", "Mum ❤️"
    r"(?: ?\([^)]{1,30}\))?(?: ?[^\w\s()]+)*",
    re.IGNORECASE,
)
AGE_GAP = 4  # 17 and 19 are peers; 13 and 25 are not
SELF_DISCLOSURE = "self_disclosure"
REFUSAL = "refusal"
PLEA = "plea"
PICTURE_REQUEST = "picture_request"
ADULT_AGE = 18
PLAUSIBLE_AGES = range(5, 100)
# The ages under ten a child answers with in words (`age_claim.answered_age`); the normalizer makes digits of the others.
_AGE_WORDS = {"five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
AGE_TOLERANCE = 1  # a birthday between two claims is not a lie
CONTEXT_WINDOW = 4  # how many earlier messages a context rule looks back
THREAT_ANSWER_WINDOW = 2  # a laugh at a threat comes at once, or it is about something else
# An age question is often answered a few lines later, after greetings and the other's own "asl" ("asl?" "hi" "u?"
# "14"): its answer is looked for further back.
AGE_ANSWER_WINDOW = 8
# ... and sometimes just before it: two people typing at once ("13 f" crossing "asl?"), or a log that lost the order
# between them. A bare age with no question before it waits this many messages for one.
LATE_AGE_QUESTION = 4
# The context of a bare age (`age_claim.answered_age`): "14" is an age only as an answer. But "13?" just after someone
# else's "13 f" (or their bare "13") repeats their age as a question, to be sure of it: no age of the writer's (read as
# one, it made adults of chat rooms 13, and their own age later "inconsistent"), and a question about theirs (`_echo`).
AFTER_AGE_QUESTION = "after_age_question"
ONE_SIDED_MIN_QUESTIONS = 3
ONE_SIDED_RATIO = 3.0
REQUEST_STAGES = ("sexualisation", "extortion")
RESTART_AFTER = timedelta(hours=1)  # a message after this much silence starts the conversation anew
INITIATOR_BONUS = 0.05  # the one who makes contact is a little more likely the one seeking it
# The semantic layer (MiniLM) reads every message of a one-to-one conversation, where grooming happens; in a group, the
# messages around a catalogue finding: the person's SEMANTIC_PENDING messages before it and as many after it. Busy chat
# rooms rarely pay for the encoder.
ONE_TO_ONE = 2
SEMANTIC_PENDING = 6  # in a group, messages read before and after a catalogue finding (bounded state, bounded cost)
SEMANTIC_CONFIDENCE = (0.4, 0.6)  # a meaning match is less certain than a pattern match (0.8)
SEMANTIC_CONFIDENT_MARGIN = 0.12  # similarity above the threshold at which a meaning match reaches the top confidence


def opens_reading(hit: Hit) -> bool:
    """A catalogue hit after which, in a group, the semantic layer reads the person's nearby messages: an indicator
    (not a signal) that needs no context."""
    return not hit.spec.signal and hit.spec.context is None


@dataclass(frozen=True)
class _Cue:
    """A mention of adult life, and the claimed ages it contradicts (those below `contradicts_below`)."""

    message_index: int
    evidence: str
    span: tuple[int, int]
    contradicts_below: int


# slots: a live watcher keeps one of these per person of every open conversation.
@dataclass(slots=True)
class _Person:
    name: str
    score: ParticipantScore = field(default_factory=ParticipantScore)
    messages: int = 0
    initiations: int = 0
    questions: int = 0
    disclosures: int = 0
    load: float = 0.0  # sum of finding weights: who carries the indicators
    # Rarely added to, kept for every person of every open conversation: tuples, so that "none yet" costs nothing.
    ages: tuple[AgeClaim, ...] = ()
    adult_cues: tuple[_Cue, ...] = ()
    inconsistencies: tuple[str, ...] = ()
    adult_life_reported: bool = False
    replies_to: Counter[str] = field(default_factory=Counter)
    reads_left: int = 0  # in a group: how many more of their messages the semantic layer reads (see SEMANTIC_PENDING)
    # Their latest messages not yet read by the semantic layer: (index, text, time), at most SEMANTIC_PENDING.
    pending: tuple[tuple[int, str, datetime | None], ...] = ()
    count: int | None = None  # their last message, when it was a bare number (see COUNTDOWN)
    exposure: frozenset[str] = frozenset()  # which EXPOSURE_WORDS they used
    implied_threat_reported: bool = False
    asked_a_minor: bool = False  # in a group: asked the age that someone then gave as a child's (see `_mark_with_minor`)

    @property
    def one_sided(self) -> bool:
        return (
            self.questions >= ONE_SIDED_MIN_QUESTIONS and self.questions / max(self.disclosures, 1) >= ONE_SIDED_RATIO
        )


@dataclass(frozen=True)
class ConversationResult:
    risk: Risk
    first_alert_index: int | None
    findings: list[Finding]
    participants: list[ParticipantReport]
    stages: list[StageSpan]
    escalation: Escalation


class ConversationState:
    def __init__(
        self,
        recognizer: Recognizer,
        alert_level: RiskLevel = "high",
        *,
        semantic: SemanticLayer | None = None,
        patterns: bool = True,
    ) -> None:
        """`semantic`: the meaning-level layer (None: patterns only). `patterns=False` keeps the catalogue's signals
        (ages, disclosures, refusals) but raises no pattern findings: the semantic layer judged alone."""
        self.recognizer = recognizer
        self.catalogue: Catalogue = recognizer.catalogue
        self.alert_level = alert_level
        self.semantic = semantic
        self.patterns = patterns
        # Trained on the combined reading: with the patterns off, its inputs would mean something else.
        self._author_model = semantic.author_model if semantic is not None and patterns else None
        # (message index, indicator): one finding each, whoever found it. A dict used as a set: an empty one is a third
        # the size, and most open conversations have no finding at all.
        self._found: dict[tuple[int, str], None] = {}
        self.findings: list[Finding] = []
        self.first_alert_index: int | None = None
        self._people: dict[str, _Person] = {}
        self._message_count = 0
        # The times of the messages that can carry a finding (those with a catalogue hit or a meaning finding), for the
        # escalation's minutes: not one per message, since a live watcher keeps a conversation for weeks.
        self._times: dict[int, datetime] = {}
        self._signals: list[tuple[int, str, str]] = []  # (message index, author, signal or category id)
        self._last_author: str | None = None
        # The riskiest person so far (their score is the conversation's risk); None: not known since a score changed.
        # A message changes at most a few people's scores, so it is updated from theirs instead of from everyone's (a
        # room with 10,000 people must not cost 10,000 per line).
        self._riskiest: tuple[float, str | None] | None = (0.0, None)
        self._last_time: datetime | None = None
        self._other_languages_left = 0  # see `Recognizer.scan_in_conversation`
        # Bare ages said before anyone asked (author, claim), for LATE_AGE_QUESTION: usually none.
        self._unasked_ages: tuple[tuple[str, AgeClaim], ...] = ()

    @property
    def author_model_name(self) -> str:
        """How reports name the author model in use ("" without one)."""
        return f"author:{self._author_model.digest()[:12]}" if self._author_model is not None else ""

    @property
    def message_count(self) -> int:
        return self._message_count

    def risk(self) -> Risk:
        if self._riskiest is None:
            self._riskiest = max(((p.score.value(self._author_model), p.name) for p in self._people.values()), default=(0.0, None))
        score = self._riskiest[0]
        return Risk(score=score, level=level_for(score))

    def _rescore(self, changed: set[str]) -> None:
        if self._riskiest is None:
            return  # not computed since it was last invalidated: `risk()` will look at everyone
        top, name = self._riskiest
        scores = {who: self._people[who].score.value(self._author_model) for who in changed}
        if name in scores and scores[name] < top:
            self._riskiest = None  # the riskiest person became less risky (asymmetry can lapse): look at everyone again
            return
        for who, score in scores.items():
            if score > top:
                top, name = score, who
        self._riskiest = (top, name)

    def add(self, message: Message, hits: list[Hit] | None = None, other_language: bool = False) -> list[Finding]:
        """Analyse the next message; returns the findings it raised (usually none). `hits`: the recognizer's scan of
        this message, when the caller scanned ahead (and then `other_language`: whether the scan found the message in
        the other languages; see `recognizer.in_other_language`)."""
        # Most messages raise nothing: their path is kept free of calls and objects that would be made for nothing.
        index = self._message_count
        self._message_count += 1
        if message.kind is MessageKind.SYSTEM:
            return []
        author, time, last_author = message.author, message.time, self._last_author
        person = self._people.get(author) or self._person(author)
        person.messages += 1
        # `_opens_conversation` is True for the first message and False for one without a time after it.
        if (last_author is None or time is not None) and self._opens_conversation(time):
            person.initiations += 1
        if time is not None:
            self._last_time = time
        if last_author is not None and last_author != author:
            person.replies_to[last_author] += 1
        self._last_author = author
        own = own_words(message)
        is_text = own is not None
        if own is not None:
            message = own
        if hits is None:
            hits = []
            if is_text:
                before = self._other_languages_left
                hits, self._other_languages_left = self.recognizer.scan_in_conversation(message.text, before)
                other_language = in_other_language(before, self._other_languages_left)
        if is_text:  # (no call: this runs on every message)
            person.score.texts += 1
            person.score.other_language_texts += other_language
        answered: set[str] = set()
        echoed = False
        if hits:  # a hit whose context does not hold changes nothing: in a room, most laughs are not at a threat
            echo = self._echo(hits, index, message.text, author)
            if echo is not None:
                hits = [hit for hit in hits if hit is not echo]
                echoed = True
            held = [hit for hit in hits if hit.spec.context is None or self._context_holds(hit.spec, index, author)]
            if len(held) < len(hits):
                self._keep_unasked_age(hits, index, author)
            hits = held
        new = [finding for hit in hits if (finding := self._consider(hit, index, message, person)) is not None] if hits else []
        if self._unasked_ages and (echoed or any(f.indicator in AGE_QUESTIONS for f in new)):
            answered = self._answer_unasked_ages(person, index)
        if len(new) > 1 and any(finding.indicator == GIFT_OFFER for finding in new):
            new = [finding for finding in new if finding.category != DEMAND]
        # People never leave a conversation, so once it is a room no countdown can be raised: no reading for nothing.
        if is_text and len(self._people) <= PRIVATE_CHAT_MAX_PEOPLE:
            countdown = self._countdown(person, index, message.text)
            if countdown is not None:
                new.append(countdown)
        signals_rose = False
        if self.semantic is not None and is_text:
            # Most messages have no hit: no generator is made for them (a room of 200,000 lines paid ~0.3 s for those).
            # A refusal, or a message that is mostly a plea ("please dont send them"; not an extortionist's "i owe
            # people, if i don't have $200 by tomorrow they hurt me").
            refused = bool(hits) and any(
                hit.spec.category == REFUSAL or (hit.spec.category == PLEA and 2 * (hit.end - hit.start) >= len(message.text))
                for hit in hits
            )
            if hits and any(opens_reading(hit) for hit in hits):
                person.reads_left = SEMANTIC_PENDING
            signals_rose = self._read_meaning(person, index, message, refused, new, other_language)
        if hits and message.time is not None:
            self._times[index] = message.time
        if (
            not hits and not new and not signals_rose
            and (not person.ages or not self._may_be_adult_with_minor(person))
            and not person.score.writes_after_waiting
        ):  # fmt: skip
            return []  # nothing about this person's scores or signals changed
        new.extend(self._check_ages(person, index))
        new.extend(self._check_adult_with_minor(person, index, new))
        if person.exposure == EXPOSURE_WORDS and not person.implied_threat_reported:
            new.extend(self._check_implied_threat(person, new))
        self.findings.extend(new)
        for finding in new:  # usually the author of this message; an adult-with-minor finding is the adult's
            owner = self._people[finding.author]
            owner.score.add([finding])
            owner.load += finding_weight(finding)
        if (
            SUSTAINED_SECRECY not in person.score.best_by_category
            and any(f.category == SECRECY and f.matched_by == "pattern" for f in new)
            and self._keeps_hiding(person.name)
        ):
            person.score.mark(SUSTAINED_SECRECY)
        person.score.mark_one_sided(person.one_sided)
        self._rescore({person.name, *answered, *(finding.author for finding in new)})
        if self.first_alert_index is None and level_at_least(self.risk().level, self.alert_level):
            self.first_alert_index = index
        return new

    def _keep_unasked_age(self, hits: list[Hit], index: int, author: str) -> None:
        """Keep a bare age no question came before (see LATE_AGE_QUESTION)."""
        for hit in hits:
            claim = _age_claim(hit, index) if hit.spec.context == AFTER_AGE_QUESTION else None
            if claim is not None:
                self._unasked_ages = (*self._waiting_ages(index), (author, claim))
                return

    def _waiting_ages(self, index: int) -> list[tuple[str, AgeClaim]]:
        """The bare ages still waiting for their question at message `index` (see LATE_AGE_QUESTION)."""
        return [(who, claim) for who, claim in self._unasked_ages if claim.message_index >= index - LATE_AGE_QUESTION]

    def _echo(self, hits: list[Hit], index: int, text: str, author: str) -> Hit | None:
        """The bare age of this message when it repeats, as a question, the age someone else just gave ("13 f" ->
        "13?"): it asks about their age and is no age of the writer's (see AFTER_AGE_QUESTION)."""
        for hit in hits:
            if hit.spec.context != AFTER_AGE_QUESTION:
                continue
            if not (text[hit.start : hit.end].endswith("?") or text[hit.end :].lstrip().startswith("?")):
                continue
            claim = _age_claim(hit, index)
            if claim is None:
                return None
            since = index - AGE_ANSWER_WINDOW
            given = [c.age for p in self._people.values() if p.name != author for c in p.ages if c.message_index >= since]
            pending = [c.age for who, c in self._waiting_ages(index) if who != author]
            return hit if claim.age in given + pending else None
        return None

    def _answer_unasked_ages(self, person: _Person, index: int) -> set[str]:
        """This message asks for an age: the other people's bare ages of just before are its answers; returns who gave
        them. (The asker's own age does not make them answers: "what level are you" "14" "im 28" are levels.)"""
        waiting = self._waiting_ages(index)
        late = [item for item in waiting if item[0] != person.name]
        self._unasked_ages = tuple(item for item in waiting if item[0] == person.name)
        for who, claim in late:
            answerer = self._people[who]
            if answerer.ages and answerer.ages[-1].message_index >= claim.message_index:
                continue
            answerer.ages += (claim,)
            answerer.disclosures += 1
            self._signals.append((claim.message_index, who, AGE_CATEGORY))
            person.asked_a_minor = person.asked_a_minor or claim.age < ADULT_AGE
        if late:
            self._mark_with_minor()
        return {who for who, _ in late}

    def _keeps_hiding(self, author: str) -> bool:
        """Whether this person asked for secrecy in the catalogue's words in enough separate messages
        (`scoring.SUSTAINED_SECRECY`)."""
        asked = {f.message_index for f in self.findings if f.author == author and f.category == SECRECY and f.matched_by == "pattern"}
        return len(asked) >= SUSTAINED_SECRECY_MESSAGES

    def reads(self, author: str) -> bool:
        """Whether the semantic layer reads this person's messages from now on."""
        if self.semantic is None:
            return False
        person = self._people.get(author)
        return len(self._people) <= ONE_TO_ONE or (person is not None and person.reads_left > 0)

    def _opens_conversation(self, time: datetime | None) -> bool:
        if self._last_author is None:
            return True
        last = self._last_time
        if time is None or last is None or (time.tzinfo is None) != (last.tzinfo is None):
            return False
        return time - last >= RESTART_AFTER

    def _mark(self, marker: str) -> None:
        """Context for everyone in the chat, now and later: family talking one to one (`scoring.KNOWN_RELATIONSHIP`),
        friends teasing over harmless stakes, in a chat of any size (`scoring.TEASING`)."""
        if marker == KNOWN_RELATIONSHIP and len(self._people) > PRIVATE_CHAT_MAX_PEOPLE:
            return
        for person in self._people.values():
            person.score.mark(marker)
        self._riskiest = None

    def _mark_with_minor(self) -> None:
        """In a private chat, everyone who has not said they are a child, once someone else has (`scoring.WITH_MINOR`);
        in a group, those who asked the age a child then gave: they know whom they are talking to."""
        private = len(self._people) <= PRIVATE_CHAT_MAX_PEOPLE
        minors = {p.name for p in self._people.values() if any(c.age < ADULT_AGE for c in p.ages)}
        for person in self._people.values():
            knows = private or person.asked_a_minor
            person.score.mark_with_minor(knows and bool(minors - {person.name}) and person.name not in minors)
        self._riskiest = None

    def _note_who_asked(self, child: str, index: int) -> None:
        """Who put an age question shortly before a child's answer at `index` (see `_mark_with_minor`)."""
        for asker in self._age_askers(index - AGE_ANSWER_WINDOW, other_than=child):
            self._people[asker].asked_a_minor = True

    def _age_askers(self, since: int, other_than: str) -> set[str]:
        """Who, other than `other_than`, asked an age at message `since` or later. Findings are not in message order (an
        adult-with-minor finding points back at the adult's claim), so all are read."""
        return {
            f.author for f in self.findings if f.indicator in AGE_QUESTIONS and f.message_index >= since and f.author != other_than
        }

    def _person(self, name: str) -> _Person:
        if name not in self._people:
            self._people[name] = _Person(name)
            if _PARENT_TITLE.fullmatch(name.strip()):
                self._signals.append((self._message_count - 1, name, KNOWN_RELATIONSHIP))
            for marker in {category for _, _, category in self._signals} & CONTEXT_MARKERS:
                self._mark(marker)
            # Only while the chat is private or just stopped being so (then the marks go): a busy room never pays.
            if len(self._people) <= PRIVATE_CHAT_MAX_PEOPLE + 1 and any(p.ages for p in self._people.values()):
                self._mark_with_minor()
        return self._people[name]

    def _consider(self, hit: Hit, index: int, message: Message, person: _Person) -> Finding | None:
        spec = hit.spec
        if not spec.signal and (is_quoted(message.text, hit.start, hit.end) or self.recognizer.is_retold(message.text, hit.start)):
            return None
        if spec.questions:
            person.questions += 1
        if spec.category == SELF_DISCLOSURE:
            person.disclosures += 1
        # Two patterns reading one message's age give one claim.
        claim = _age_claim(hit, index) if not (person.ages and person.ages[-1].message_index == index) else None
        if claim is not None:
            person.ages += (claim,)
            person.disclosures += 1
            if claim.age < ADULT_AGE:
                self._note_who_asked(person.name, index)
            self._mark_with_minor()
        if spec.id in ADULT_CUES:
            person.adult_cues += (_Cue(index, hit.evidence, (hit.start, hit.end), ADULT_CUES[spec.id]),)
        if spec.signal:
            if spec.category == KNOWN_RELATIONSHIP and person.score.critical:
                # An extortionist's "then I send it to your father" is the threat, not family keeping the parents in
                # the loop: the chat is not between family for it (their extortion would count only in the
                # catalogue's words then; `scoring.KNOWN_RELATIONSHIP`).
                return None
            self._signals.append((index, message.author, spec.category))
            if spec.category in CONTEXT_MARKERS:
                self._mark(spec.category)
            elif spec.category == SAFEGUARDING:  # the helper, and in a private chat the one they advise
                person.score.mark(SAFEGUARDING)
                if not _DONE_THEMSELVES.match(hit.evidence.lower()):
                    self._mark_the_other(person, ADVISED)
            elif spec.category == PLEA:  # the one they plead with
                self._mark_the_other(person, PLEADED)
            elif spec.category == EXPOSURE:
                person.exposure |= {spec.id}
            return None
        if (not self.patterns and not spec.derived) or self._minor_on_minor(spec, person):
            return None
        confidence = spec.confidence
        if spec.context is not None:
            confidence = min(1.0, confidence + 0.1)
        return self._finding(spec, index, message.author, (hit.start, hit.end), hit.evidence, confidence)

    def _mark_the_other(self, person: _Person, marker: str) -> None:
        """In a one-to-one chat, mark the other person."""
        if len(self._people) != ONE_TO_ONE:
            return
        for other in self._people.values():
            if other is not person:
                other.score.mark(marker)
                self._rescore({other.name})

    def _read_meaning(
        self, person: _Person, index: int, message: Message, refused: bool, new: list[Finding], other_language: bool
    ) -> bool:
        """Read the message with MiniLM when the conversation is one to one, when it is a private line in a group, or when
        its author has shown a warning sign (then their latest earlier messages too): its findings go to `new`; returns
        whether the author's signals rose.
        A refusal is never read as the move it refuses ("I'd have to ask my mom"), nor a plea as the threat it begs
        against ("please dont send them"). `other_language`: the message is in the other languages, so in a one-to-one
        chat the multilingual model reads it too (in a room it read nothing the sets' chats needed, and its first read
        loads it: 0.7 s)."""
        assert self.semantic is not None
        if not refused:
            person.pending = (*person.pending, (index, message.text, message.time))[-SEMANTIC_PENDING:]
        if len(self._people) > ONE_TO_ONE and person.reads_left <= 0:  # `reads`, for this person
            # A private line ("(dm) ...", "[whisper] ...") is two people alone inside the room, read as a one-to-one chat.
            if refused or not self.recognizer.is_private_line(message.text):
                return False
            # This private line alone: the person's lines in the room stay unread (and pending).
            queue, person.pending = person.pending[-1:], person.pending[:-1]
        else:
            queue, person.pending = person.pending, ()
        person.reads_left = max(0, person.reads_left - 1)
        rose = False
        other_language = other_language and len(self._people) <= ONE_TO_ONE
        for at, queued, time in queue:
            reading = self.semantic.read(queued, other_language)
            # What someone quotes ("then the scammer says "send $300 or your followers see it"") is not their move,
            # so it does not feed the author model either.
            if reading.signals is not None and quoted_share(queued, 0, len(queued)) < QUOTED_SHARE:
                rose = person.score.note(reading.signals, at) or rose
            for hit in reading.hits:
                if (
                    (at, hit.spec.id) not in self._found
                    and len(queued.split()) >= hit.spec.meaning_min_words
                    and not self._only_own_news(hit, queued)
                    and not self._misread_age(hit.spec, person, at)
                    and not self.recognizer.vetoes(hit.spec.id, queued)
                    and not is_quoted(queued, hit.start, hit.end, QUOTED_SHARE)
                    and not self.recognizer.is_retold(queued, hit.start)
                ):
                    new.append(self._meaning_finding(hit, at, person.name))
                    if hit.other_language:
                        person.score.other_language.add(hit.spec.category)
                    if time is not None:
                        self._times[at] = time
        return rose

    @staticmethod
    def _only_own_news(hit: SemanticHit, text: str) -> bool:
        """Whether a likeness by meaning to a move about the other person is in a message that speaks only of its writer
        (see `IndicatorSpec.about_the_other`). The words for the writer and the other are English ones, so the
        multilingual model's likenesses are not held to them."""
        if not hit.spec.about_the_other or hit.other_language:
            return False
        canonical = normalize(text).encoded
        return _OWN.search(canonical) is not None and _ADDRESSED.search(canonical) is None

    @staticmethod
    def _minor_on_minor(spec: IndicatorSpec, person: _Person) -> bool:
        """Someone who says they are under 18 remarking that the other is young ("oh ok im 14", "ur only 12 lol") is
        not an adult who knows they are talking to a child."""
        return spec.id in AGE_REMARKS and any(claim.age < ADULT_AGE for claim in person.ages)

    def _misread_age(self, spec: IndicatorSpec, person: _Person, index: int) -> bool:
        """Meaning matches about ages in a message where the author gives their own ("anyway im 16") read the
        disclosure as a question or a remark; the catalogue's words have already taken the age."""
        about_age = spec.id == AGE_QUESTION or spec.id in AGE_REMARKS
        return self._minor_on_minor(spec, person) or (
            about_age and any(claim.message_index == index for claim in person.ages)
        )

    def _meaning_finding(self, hit: SemanticHit, index: int, author: str) -> Finding:
        low, high = SEMANTIC_CONFIDENCE
        strength = min(1.0, max(0.0, (hit.similarity - hit.threshold) / SEMANTIC_CONFIDENT_MARGIN))
        finding = self._finding(hit.spec, index, author, (hit.start, hit.end), hit.evidence, low + (high - low) * strength)
        explanation = (
            f"{finding.explanation} (Found by meaning rather than by exact words: it reads like "
            f'"{hit.example}", an example of this sign.)'
        )
        return finding.model_copy(update={"explanation": explanation, "matched_by": "meaning", "similarity": hit.similarity})

    def _context_holds(self, spec: IndicatorSpec, index: int, author: str) -> bool:
        recent = index - (AGE_ANSWER_WINDOW if spec.context == AFTER_AGE_QUESTION else CONTEXT_WINDOW)
        if spec.context == AFTER_AGE_QUESTION:
            return bool(self._age_askers(recent, other_than=author)) or any(
                claim.message_index >= recent
                for person in self._people.values()
                if person.name != author
                for claim in person.ages
            )
        if spec.context == "after_threat":  # by a bystander: in a group, with no warning signs of their own
            # One who first speaks to laugh at the threat may be its maker on a second account ("u thought blocking
            # would fix it lol"): a bystander was in the chat before.
            bystander = self._people[author]
            if len(self._people) <= ONE_TO_ONE or bystander.load > 0 or bystander.messages < 2:
                return False
            since = index - THREAT_ANSWER_WINDOW
            # A threat in the catalogue's own words: by meaning, the one threatened retelling it ("i already took
            # screenshots") reads like one too, and a laugh after that would make a real extortion a joke for everyone.
            for f in reversed(self.findings):  # newest first: a room's laughs look back over a few findings only
                if f.message_index < since:
                    return False
                if f.author != author and f.category in (THREAT, DEMAND) and f.matched_by == "pattern":
                    return True
            return False
        if spec.context == "after_material":  # said at any time before: what they hold stays held
            return any(f.author == author and f.indicator == HAS_MATERIAL for f in self.findings)
        wanted = REFUSAL if spec.context == "after_refusal" else PICTURE_REQUEST
        if wanted == REFUSAL:
            return any(i >= recent and who != author and cat == REFUSAL for i, who, cat in self._signals)
        return any(f.message_index >= recent and f.author == author and f.category == wanted for f in self.findings)

    def _finding(
        self, spec: IndicatorSpec, index: int, author: str, span: tuple[int, int], evidence: str, confidence: float
    ) -> Finding:
        self._found[index, spec.id] = None
        return Finding(
            message_index=index,
            author=author,
            indicator=spec.id,
            category=spec.category,
            stage=spec.stage,
            severity=spec.severity,
            span=span,
            evidence=evidence,
            explanation=spec.explanation.format(author=author, evidence=evidence),
            confidence=round(confidence, 2),
        )

    def _check_ages(self, person: _Person, index: int) -> list[Finding]:
        """The Ad.17 case: two different ages, or a teen age next to adult life. Raised at the message that completes
        the contradiction, once per contradiction."""
        problems: list[tuple[str, str, tuple[int, int]]] = []  # (description, evidence and span in this message)
        new_ages = [claim for claim in person.ages if claim.message_index == index]
        for claim in new_ages:
            earlier = next(
                (c for c in person.ages if c.message_index < index and abs(c.age - claim.age) > AGE_TOLERANCE), None
            )
            if earlier is not None:
                description = (
                    f"said they were {earlier.age} (message {earlier.message_index}) and later {claim.age} "
                    f"(message {index})"
                )
                problems.append((description, claim.evidence, claim.span))
        contradiction = next(
            ((claim, cue) for cue in person.adult_cues for claim in person.ages if claim.age < cue.contradicts_below),
            None,
        )
        if contradiction is not None and not person.adult_life_reported:
            teen, cue = contradiction
            if index in (cue.message_index, teen.message_index):
                person.adult_life_reported = True
                description = (
                    f"said they were {teen.age} (message {teen.message_index}) but mentioned adult life: "
                    f'"{cue.evidence}" (message {cue.message_index})'
                )
                here = cue if cue.message_index == index else teen
                problems.append((description, here.evidence, here.span))
        findings = []
        for description, evidence, span in problems:
            spec = self.catalogue.by_id(AGE_INCONSISTENT)
            person.inconsistencies += (description,)
            findings.append(self._finding(spec, index, person.name, span, evidence, spec.confidence))
        return findings

    def _countdown(self, person: _Person, index: int, text: str) -> Finding | None:
        """A bare number one below the same person's last message: raised on the lower number."""
        match = _COUNT.fullmatch(text) if len(text) <= _COUNT_MAX_LENGTH else None
        previous, person.count = person.count, int(match.group(1)) if match else None
        if match is None or previous != int(match.group(1)) + 1:
            return None
        spec = self.catalogue.by_id(COUNTDOWN)
        return self._finding(spec, index, person.name, match.span(1), match.group(1), spec.confidence)

    def _check_implied_threat(self, person: _Person, new: list[Finding]) -> list[Finding]:
        """IMPLIED_THREAT, once, on their first demand in the catalogue's words, in a private chat."""
        if len(self._people) > PRIVATE_CHAT_MAX_PEOPLE:
            return []
        # Their earlier threats and demands are kept in their score (every one in the catalogue's words); this
        # message's are not added yet.
        demand = next(
            (
                f
                for f in chain(person.score.extortion, new)
                if f.author == person.name and f.category == DEMAND and f.matched_by == "pattern"
            ),
            None,
        )
        if demand is None:
            return []
        person.implied_threat_reported = True
        spec = self.catalogue.by_id(IMPLIED_THREAT)
        return [self._finding(spec, demand.message_index, person.name, demand.span, demand.evidence, spec.confidence)]

    def _may_be_adult_with_minor(self, person: _Person) -> bool:
        """Whether this message may be an adult's first after a minor's age (see `_check_adult_with_minor`): they gave
        ages, none of them a minor's, in a private chat, and were not raised yet."""
        return (
            bool(person.ages)
            and not person.score.adult_with_minor_at
            and len(self._people) <= PRIVATE_CHAT_MAX_PEOPLE
            and all(c.age >= ADULT_AGE for c in person.ages)
        )

    def _check_adult_with_minor(self, person: _Person, index: int, new: list[Finding]) -> list[Finding]:
        """An adult by their own words, one to one with a minor by theirs (the PAN/Perverted-Justice "asl" exchange), or
        by the adult's own remark ("only 13?", "I'm too old for you"). Raised once, on the adult's own first message
        after the minor's age: "18. you?" "13" "oh, no, sorry, bye" is an adult stepping back, and that message is
        read together with the age."""
        if not self._may_be_adult_with_minor(person):
            return []
        others = [claim for p in self._people.values() if p is not person for claim in p.ages]
        minors = [claim for claim in others if claim.age < ADULT_AGE]
        if minors:
            youngest = min(claim.age for claim in minors)
            if index <= min(claim.message_index for claim in minors):
                return []  # the adult has not written since (their own later claim is such a message)
        elif not others and any(
            f.author == person.name and f.indicator in AGE_REMARKS for f in chain(self.findings, new)
        ):
            # They said the other is young, without an age; not when the others gave theirs, all adults' ("im 48 not
            # 80" "ha sorry. im 50 so you're a youngster to me").
            youngest = ADULT_AGE - 1
        else:
            return []
        adult = next((c for c in person.ages if c.age >= ADULT_AGE and c.age - youngest >= AGE_GAP), None)
        if adult is None:
            return []
        # High at once when they have written since stating their age; else from their next message, which is often a
        # goodbye ("i'm 19, i should say that now" ... "not a great idea for us to chat, take care"). At least 1, which
        # also records that it was raised (a picture sent since is not a message written).
        person.score.adult_with_minor_at = max(person.score.texts - (adult.message_index < index), 1)
        spec = self.catalogue.by_id(ADULT_WITH_MINOR)
        return [self._finding(spec, adult.message_index, person.name, adult.span, adult.evidence, spec.confidence)]

    def result(self) -> ConversationResult:
        participants = self._participants()
        return ConversationResult(
            risk=self.risk(),
            first_alert_index=self.first_alert_index,
            findings=sorted(self.findings, key=lambda f: (f.message_index, f.span[0])),  # reading order
            participants=participants,
            stages=self._stages(),
            escalation=self._escalation(),
        )

    def _participants(self) -> list[ParticipantReport]:
        roles = self._roles()
        found = Counter(finding.author for finding in self.findings)
        reports = []
        for person in self._people.values():
            role, confidence = roles.get(person.name, ("unknown", 0.0))
            score, odds = person.score.judged(self._author_model)
            reports.append(
                trusted(
                    ParticipantReport,
                    name=person.name,
                    role=role,
                    role_confidence=round(confidence, 2),
                    risk=trusted(Risk, score=float(score), level=level_for(score)),
                    message_count=person.messages,
                    indicator_count=found[person.name],
                    initiations=person.initiations,
                    asymmetry=_asymmetry(person),
                    age_claims=list(person.ages),
                    age_inconsistencies=list(person.inconsistencies),
                    contributions=self._author_reasons(person) if odds is not None else [],
                )
            )
        return reports

    def _author_reasons(self, person: _Person) -> list[Contribution]:
        """Why the author model decided this person's level (see `scoring.ParticipantScore.judged`)."""
        assert self._author_model is not None and self.semantic is not None and self.semantic.probe is not None
        score = person.score
        return self._author_model.explain(person.name, score.summary(), score.signals, score.signal_at, self.semantic.probe.categories)

    def _roles(self) -> dict[str, tuple[Role, float]]:
        """The suspect carries clearly more indicator weight than anyone else; the target is whom they talk to."""
        people = sorted(self._people.values(), key=lambda p: p.load, reverse=True)
        if not people or people[0].load < 0.15:
            return {}
        top = people[0]
        runner_up = people[1].load if len(people) > 1 else 0.0
        margin = (top.load - runner_up) / top.load
        if margin < 0.34:
            return {}
        strength = min(1.0, top.load / 0.8)
        confidence = min(0.95, 0.5 * margin + 0.5 * strength)
        if top.one_sided:
            confidence = min(0.95, confidence + 0.1)
        if top.initiations and top.initiations >= max(p.initiations for p in people):
            confidence = min(0.95, confidence + INITIATOR_BONUS)
        roles: dict[str, tuple[Role, float]] = {top.name: ("suspect", confidence)}
        partners = Counter(top.replies_to)
        for other in self._people.values():
            if other.name != top.name:
                partners[other.name] += other.replies_to[top.name]
        if partners:
            target, exchanged = partners.most_common(1)[0]
            share = exchanged / sum(partners.values())
            minor = any(claim.age < ADULT_AGE for claim in self._people[target].ages)
            roles[target] = ("target", min(0.95, confidence * share + (0.1 if minor else 0.0)))
        return roles

    def _stages(self) -> list[StageSpan]:
        by_stage: dict[str, list[int]] = defaultdict(list)
        for finding in self.findings:
            by_stage[finding.stage].append(finding.message_index)
        return [
            StageSpan(
                stage=stage.id,
                label=stage.label,
                first_message_index=min(by_stage[stage.id]),
                last_message_index=max(by_stage[stage.id]),
                finding_count=len(by_stage[stage.id]),
            )
            for stage in self.catalogue.stages
            if stage.id in by_stage
        ]

    def _escalation(self) -> Escalation:
        first = min((f.message_index for f in self.findings), default=None)
        request = min((f.message_index for f in self.findings if f.stage in REQUEST_STAGES), default=None)
        extortion = min((f.message_index for f in self.findings if f.stage == "extortion"), default=None)
        steps = minutes = None
        if first is not None and request is not None:
            steps = request - first
            start, end = self._times.get(first), self._times.get(request)
            if start is not None and end is not None and (start.tzinfo is None) == (end.tzinfo is None):
                minutes = round((end - start).total_seconds() / 60, 1)
        return Escalation(
            first_finding_index=first,
            first_request_index=request,
            first_extortion_index=extortion,
            messages_to_request=steps,
            minutes_to_request=minutes,
            summary=_escalation_summary(first, request, extortion, steps, minutes),
        )


def _asymmetry(person: _Person) -> Asymmetry:
    ratio = round(person.questions / max(person.disclosures, 1), 2)
    asked = f"{person.questions} personal question{'s' if person.questions != 1 else ''}"
    shared = f"{person.disclosures} fact{'s' if person.disclosures != 1 else ''} about themselves"
    if person.one_sided:
        summary = f"Asked {asked} but shared only {shared}: they ask about the other person and keep themselves hidden."
    elif person.questions or person.disclosures:
        summary = f"Asked {asked} and shared {shared}."
    else:
        summary = "Asked no personal questions and shared no personal facts."
    return trusted(Asymmetry, questions_asked=person.questions, disclosures=person.disclosures, ratio=ratio, summary=summary)


def _escalation_summary(
    first: int | None, request: int | None, extortion: int | None, steps: int | None, minutes: float | None
) -> str:
    if first is None:
        return "No warning signs were found."
    if request is None:
        return f"Warning signs start at message {first}; no requests or threats so far."
    pace = f"{steps} message{'s' if steps != 1 else ''}"
    if minutes is not None:
        pace += f" ({minutes:g} minutes)"
    text = (
        f"From the first warning sign (message {first}) to the first personal request (message {request}) took {pace}."
    )
    if extortion is not None:
        text += f" Threats or demands start at message {extortion}."
    return text


def _age(value: str) -> int:
    return _AGE_WORDS.get(value) or int(value)


def _age_claim(hit: Hit, index: int) -> AgeClaim | None:
    """The age a hit reads (the only named group a pattern has is an age), when it is a plausible one."""
    if hit.value is None or _age(hit.value) not in PLAUSIBLE_AGES:
        return None
    return AgeClaim(age=_age(hit.value), message_index=index, evidence=hit.evidence, span=(hit.start, hit.end))

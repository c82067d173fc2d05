"""The library entry points: `analyze` one conversation, `analyze_all` every conversation of an input."""

from __future__ import annotations

import bisect
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast

from lurewatch import ingest
from lurewatch.advice import advise
from lurewatch.conversation import ONE_TO_ONE, SEMANTIC_PENDING, ConversationState, opens_reading
from lurewatch.errors import InputError
from lurewatch.indicators.recognizer import Hit, Recognizer, default_recognizer
from lurewatch.model import Analysis, Audience, Conversation, Finding, Message, MessageKind, RiskLevel
from lurewatch.own_words import own_words
from lurewatch.semantic.encoder import load_ahead, one_blas_thread
from lurewatch.semantic.layer import Ahead, default_semantic_layer

if TYPE_CHECKING:
    from lurewatch.learn.scorer import LearnedScorer

# A conversation, a chat file's path, chat text, or its messages (`Message`s or `{"author": ..., "text": ...}` mappings).
Input = Conversation | str | Path | Sequence[Message | Mapping[str, Any]]
# Which recognizers run: the catalogue's patterns, the semantic layer (meaning-level matching), or both (the default).
Detectors = Literal["catalogue", "semantic", "combined"]
DETECTORS: tuple[Detectors, ...] = ("catalogue", "semantic", "combined")
PREFETCH_MESSAGES = 2000
# Looking ahead over conversations (`analyze_each`): until this many messages to encode are found, or this many messages
# are held. Far below the semantic layer's cache, so nothing encoded ahead is dropped before it is read.
READ_AHEAD_TEXTS = 1024
READ_AHEAD_MESSAGES = 50_000
WINDOWS_BEHIND = 2  # read and encoded, not yet analysed


def analyze(
    conversation: Input,
    *,
    audience: Audience = "parent",
    country: str | None = None,
    alert_level: RiskLevel = "high",
    input_format: str | None = None,
    detectors: Detectors = "combined",
    model: LearnedScorer | str | Path | None = None,
) -> Analysis:
    """Analyse one conversation: a `Conversation`, a path to a chat file, chat text (`"Name: message"` lines), or a list of
    its messages (`Message`s or `{"author": ..., "text": ...}` mappings).
    `model`: a learned scorer sets the risk (see `analyze_conversation`)."""
    conversations = list(_conversations(conversation, input_format))
    if len(conversations) != 1:
        is_text = isinstance(conversation, str) and not _names_a_file(conversation)
        name = "<text>" if is_text else str(conversation)
        raise InputError(name, f"holds {len(conversations)} conversations; use analyze_all() for more than one")
    return analyze_conversation(
        conversations[0],
        audience=audience,
        country=country,
        alert_level=alert_level,
        detectors=detectors,
        model=model,
    )


def analyze_all(
    conversations: Input | Iterable[Conversation],
    *,
    audience: Audience = "parent",
    country: str | None = None,
    alert_level: RiskLevel = "high",
    input_format: str | None = None,
    detectors: Detectors = "combined",
    model: LearnedScorer | str | Path | None = None,
) -> Iterator[Analysis]:
    items: Iterable[Conversation]
    if isinstance(conversations, Conversation | str | Path) or _holds_messages(conversations):
        items = _conversations(cast(Input, conversations), input_format)
    else:
        items = cast(Iterable[Conversation], conversations)
    analysed = analyze_each(
        items, audience=audience, country=country, alert_level=alert_level, detectors=detectors, model=model
    )
    for _, analysis in analysed:
        yield analysis


def analyze_each(
    conversations: Iterable[Conversation],
    *,
    audience: Audience = "parent",
    country: str | None = None,
    alert_level: RiskLevel = "high",
    detectors: Detectors = "combined",
    model: LearnedScorer | str | Path | None = None,
) -> Iterator[tuple[Conversation, Analysis]]:
    """`analyze_conversation` of each conversation, in order, paired with it.

    With the semantic layer on, what it is going to read in the next conversations is encoded together first (see
    `feed`): chat rooms and short chats give MiniLM a few messages each, and encoded one conversation at a time those
    batches are too small to keep it busy (half the speed measured on IRC #ubuntu). The catalogue's scan of each message
    is made once, while looking ahead, and handed on. The encoding runs in a thread beside the next look-ahead."""
    options: dict[str, Any] = {"audience": audience, "country": country, "alert_level": alert_level, "detectors": detectors}
    if model is not None or detectors == "catalogue":
        for conversation in conversations:
            yield conversation, analyze_conversation(conversation, model=model, **options)
        return
    load_ahead()  # MiniLM loads while the first conversations are read and scanned
    recognizer = default_recognizer()
    # One BLAS thread for the whole run, set here: the limit is the process's, only one thread may set it at a time
    # (threadpoolctl), and the encoding thread's own limit lapsed whenever a read here ended first, so that OpenBLAS ran
    # it on two threads that spun beside this one (0.3-0.5 s more CPU on 2,000 one-to-one messages).
    with one_blas_thread(), ThreadPoolExecutor(max_workers=1, thread_name_prefix="lurewatch-encode") as encoding:
        # Each window of conversations is encoded in the thread as soon as it is read and scanned (MiniLM's arithmetic
        # runs without the GIL, so on two cores it costs little wall time), and analysed WINDOWS_BEHIND windows later:
        # so the last window's encoding runs beside the analysis of the windows before it. Its `prefetch` is still made
        # once the window before it is analysed and takes the thread's work only where it has exactly the lists it would
        # encode itself, so the same batches are encoded as in one thread (a vector's last bits depend on its batch).
        try:
            yield from _analysed_behind(_read_ahead(recognizer, conversations), encoding, recognizer, options)
        finally:
            encoding.shutdown(cancel_futures=True)  # a caller that stops early does not wait for windows it will not see


def _analysed_behind(
    windows: Iterator[tuple[list[_Scanned], list[str]]],
    encoding: ThreadPoolExecutor,
    recognizer: Recognizer,
    options: dict[str, Any],
) -> Iterator[tuple[Conversation, Analysis]]:
    pending: deque[_Window] = deque()
    while True:
        try:
            window = next(windows, None)
        except Exception:  # an input error after the conversations before it, as without the thread
            while pending:
                yield from _analysed(*pending.popleft(), recognizer, options)
            raise
        if window is not None:
            earlier = [ahead for _, _, ahead in pending]  # their prefetches are not made yet
            pending.append((*window, encoding.submit(_encode_ahead, window[1], earlier)))
        while pending and (window is None or len(pending) > WINDOWS_BEHIND):
            yield from _analysed(*pending.popleft(), recognizer, options)
        if window is None:
            return


class Plan(NamedTuple):
    """How `feed` reads a conversation with the semantic layer on, worked out once (`planned_reads`)."""

    texts: list[str]  # each message's text, "" for one that is not text
    scans: list[list[Hit]]  # the catalogue's scan of each message
    other_language: list[bool]  # whether each message is in the other languages (`recognizer.in_other_language`)
    first: list[str]  # the texts the semantic layer is first to encode
    one_to_one: bool  # every message is read, in windows of PREFETCH_MESSAGES (in a group, those around hits)


_Scanned = tuple[Conversation, Plan]
_Window = tuple[list[_Scanned], list[str], Future[Ahead]]  # its conversations, what they will read, its encoding


def _read_ahead(recognizer: Recognizer, conversations: Iterable[Conversation]) -> Iterator[tuple[list[_Scanned], list[str]]]:
    """The conversations in windows, each with the catalogue's scans and what the semantic layer will read in it: until
    READ_AHEAD_TEXTS messages to encode are found, or READ_AHEAD_MESSAGES messages are held."""
    scanned: list[_Scanned] = []
    texts: list[str] = []
    held = 0
    for conversation in conversations:
        plan = planned_reads(recognizer, conversation.messages)
        scanned.append((conversation, plan))
        texts.extend(plan.first)
        held += len(conversation.messages)
        if len(texts) >= READ_AHEAD_TEXTS or held >= READ_AHEAD_MESSAGES:
            yield scanned, texts
            scanned, texts, held = [], [], 0
    yield scanned, texts


def _encode_ahead(texts: list[str], earlier: list[Future[Ahead]]) -> Ahead:
    # The earlier windows' work is done: the thread takes one window at a time, in order. The layer is first made here,
    # not in the thread that reads.
    return default_semantic_layer().encode_ahead(texts, [ahead.result() for ahead in earlier])


def _analysed(
    scanned: list[_Scanned],
    texts: list[str],
    ahead: Future[Ahead],
    recognizer: Recognizer,
    options: dict[str, Any],
) -> Iterator[tuple[Conversation, Analysis]]:
    work = ahead.result()  # first: the layer is made in the encoding thread (see `default_semantic_layer`)
    default_semantic_layer().prefetch(texts, work)
    for conversation, plan in scanned:
        yield conversation, _analyze(conversation, recognizer, plan, **options)


def analyze_conversation(
    conversation: Conversation,
    *,
    audience: Audience = "parent",
    country: str | None = None,
    alert_level: RiskLevel = "high",
    recognizer: Recognizer | None = None,
    detectors: Detectors = "combined",
    model: LearnedScorer | str | Path | None = None,
) -> Analysis:
    """`model`: a learned scorer (`lurewatch.learn.scorer.LearnedScorer`, a folder made by `lurewatch train`, or
    "default" for the bundled one) sets the risk, level, `first_alert_index` and advice from the same findings."""
    if model is not None:
        from lurewatch.learn.scorer import analyze_with_model  # imported on use: numpy-free analysis stays lean

        return analyze_with_model(
            conversation,
            model,
            audience=audience,
            country=country,
            alert_level=alert_level,
            recognizer=recognizer,
            detectors=detectors,
        )
    options: dict[str, Any] = {"audience": audience, "country": country, "alert_level": alert_level, "detectors": detectors}
    return _analyze(conversation, recognizer or default_recognizer(), None, **options)


def _analyze(
    conversation: Conversation,
    recognizer: Recognizer,
    plan: Plan | None,
    *,
    audience: Audience,
    country: str | None,
    alert_level: RiskLevel,
    detectors: Detectors,
) -> Analysis:
    state = new_state(recognizer, alert_level, detectors)
    for _ in feed(state, conversation.messages, plan):
        pass
    return analysis_of(state, conversation.id, audience=audience, country=country, **provenance(conversation))


def provenance(conversation: Conversation) -> dict[str, Any]:
    """Where an analysed conversation came from, as `analysis_of` takes it."""
    return {"source": conversation.source, "skipped_messages": conversation.skipped_messages}


def feed(state: ConversationState, messages: list[Message], plan: Plan | None = None) -> Iterator[tuple[int, list[Finding]]]:
    """Each message into the state; yields (message index, the findings it raised). `plan`: `planned_reads` of these
    messages, when the caller made it (with the catalogue's scans).

    With the semantic layer on, what it is going to read is encoded ahead in batches: one message at a time, MiniLM
    spends most of its time loading weights, and a batch of 64 costs little more than one. That is every message of a
    one-to-one chat (those in the other languages for the multilingual layer too), and in a group the messages around each
    catalogue hit (the catalogue runs ahead for that). The guess only warms a cache: a message it missed is encoded when
    read, one it added costs a little time."""
    semantic = state.semantic
    if semantic is None:
        for index, message in enumerate(messages):
            yield index, state.add(message)
        return
    texts, scans, other_language, first, one_to_one = plan or planned_reads(state.recognizer, messages)
    if not one_to_one:
        semantic.prefetch(first)
    for index, (message, hits, other) in enumerate(zip(messages, scans, other_language, strict=True)):
        if one_to_one and index % PREFETCH_MESSAGES == 0:
            window = slice(index, index + PREFETCH_MESSAGES)
            foreign = [text for text, is_other in zip(texts[window], other_language[window], strict=True) if is_other]
            semantic.prefetch(first if index == 0 else texts[window], other_language=foreign)
        yield index, state.add(message, hits, other)


def planned_reads(recognizer: Recognizer, messages: list[Message]) -> Plan:
    """What `feed` will first have the semantic layer encode from these messages, and the catalogue's scan of each
    message (which a group needs for that, and which says which messages are in the other languages)."""
    texts = _texts(messages)
    scans, other_language = recognizer.scan_conversation(texts)
    if _one_to_one(messages):
        return Plan(texts, scans, other_language, texts[:PREFETCH_MESSAGES], True)
    return Plan(texts, scans, other_language, _group_texts(messages, texts, scans), False)


def _texts(messages: list[Message]) -> list[str]:
    return [own.text if (own := own_words(m)) is not None else "" for m in messages]


def _one_to_one(messages: list[Message]) -> bool:
    return len({m.author for m in messages if m.kind is not MessageKind.SYSTEM}) <= ONE_TO_ONE


def _group_texts(messages: list[Message], texts: list[str], scans: list[list[Hit]]) -> list[str]:
    return [texts[i] for i in sorted(_group_reads(messages, scans))][:PREFETCH_MESSAGES]


def _group_reads(messages: list[Message], scans: list[list[Hit]]) -> set[int]:
    """The messages of a group chat the semantic layer will read: all of them until a third person speaks, then each
    person's messages around a catalogue hit of theirs (see `conversation.SEMANTIC_PENDING`)."""
    authors: dict[str, None] = {}
    third = len(messages)
    for index, message in enumerate(messages):
        authors.setdefault(message.author, None)
        if len(authors) > ONE_TO_ONE:
            third = index
            break
    to_read: set[int] = set(range(third))
    openers = [index for index, hits in enumerate(scans) if hits and any(opens_reading(hit) for hit in hits)]
    if not openers:  # most rooms: no need to index everyone's messages
        return to_read
    by_author: dict[str, list[int]] = {}
    for index, message in enumerate(messages):
        by_author.setdefault(message.author, []).append(index)
    for index in openers:
        indices = by_author[messages[index].author]
        position = bisect.bisect_left(indices, index)
        to_read.update(indices[max(0, position - SEMANTIC_PENDING) : position + SEMANTIC_PENDING + 1])
    return to_read


def new_state(recognizer: Recognizer, alert_level: RiskLevel, detectors: Detectors) -> ConversationState:
    if detectors not in DETECTORS:
        raise ValueError(f"detectors must be one of {', '.join(DETECTORS)}, not {detectors!r}")
    semantic = default_semantic_layer() if detectors != "catalogue" else None
    return ConversationState(recognizer, alert_level, semantic=semantic, patterns=detectors != "semantic")


def analysis_of(
    state: ConversationState,
    conversation_id: str,
    *,
    source: str | None = None,
    skipped_messages: int = 0,
    audience: Audience = "parent",
    country: str | None = None,
) -> Analysis:
    """The `Analysis` of everything a `ConversationState` has seen (batch and live analysis share this)."""
    result = state.result()
    # When the author model decided the riskiest person's level, the conversation's level is its decision: say so.
    riskiest = max(result.participants, key=lambda p: p.risk.score, default=None)
    reasons = riskiest.contributions if riskiest is not None and riskiest.risk.score == result.risk.score else []
    return Analysis(
        id=conversation_id,
        scorer=f"rules+{state.author_model_name}" if reasons else "rules",
        explanation=reasons,
        source=source,
        message_count=state.message_count,
        skipped_messages=skipped_messages,
        risk=result.risk,
        first_alert_index=result.first_alert_index,
        alert_level=state.alert_level,
        participants=result.participants,
        findings=result.findings,
        stages=result.stages,
        escalation=result.escalation,
        advice=advise(result.findings, result.risk.level, state.catalogue, audience, country),
    )


def _conversations(item: Input, input_format: str | None) -> Iterator[Conversation]:
    if isinstance(item, Conversation):
        yield item
    elif isinstance(item, Path) or (isinstance(item, str) and _names_a_file(item)):
        yield from ingest.load([item], input_format=input_format)
    elif isinstance(item, str):
        yield from ingest.parse_text(item, input_format=input_format)
    elif _holds_messages(item):
        yield Conversation(id=MESSAGES_ID, messages=[_message(entry, number) for number, entry in enumerate(item, 1)])
    else:
        raise InputError("<input>", f"cannot read a {type(item).__name__} as a conversation: give a Conversation, a path, "
                         "chat text or a list of messages")


MESSAGES_ID = "<messages>"


def _holds_messages(item: object) -> bool:
    """A list (or tuple) of messages, not a list of conversations: empty, or starting with a message."""
    return isinstance(item, list | tuple) and (not item or isinstance(item[0], Message | Mapping))


def _message(entry: object, number: int) -> Message:
    if isinstance(entry, Message):
        return entry
    if not isinstance(entry, Mapping):
        raise InputError(MESSAGES_ID, f"message {number} is a {type(entry).__name__}, not a message")
    missing = [key for key in ("author", "text") if not isinstance(entry.get(key), str)]
    if missing:
        raise InputError(MESSAGES_ID, f"message {number} needs {' and '.join(missing)} as text")
    return Message(author=entry["author"], text=entry["text"], line=number)


def _names_a_file(text: str) -> bool:
    if "\n" in text or len(text) > 4096:
        return False
    try:
        return Path(text).is_file()
    except OSError:  # not a usable path (too long, bad characters): it is chat text
        return False

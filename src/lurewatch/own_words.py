"""What of a message is its author's own words.

Not a platform's notice: "This message was deleted", "<Media omitted>", "[voice note 0:12]", "Missed video call",
"[2 days later]". The platform readers turn their own notices into media or system messages; a chat read as plain JSON,
CSV or pasted text keeps them as text, and read as words they look like someone deleting evidence or mentioning a
recording.

Not a quoted reply: "> keep it between us" above a child's answer is the other person's words, which the child is
answering (Discord, Slack and e-mail mark them so).
"""

from __future__ import annotations

import re

from lurewatch.model import Message, MessageKind

# "This message was deleted" as English, Spanish, German, Portuguese and French exports write it.
DELETED_NOTICES = (
    "This message was deleted",
    "You deleted this message",
    "Se eliminó este mensaje",
    "Eliminaste este mensaje",
    "Diese Nachricht wurde gelöscht",
    "Du hast diese Nachricht gelöscht",
    "Mensagem apagada",
    "Você apagou esta mensagem",
    "Ce message a été supprimé",
    "Vous avez supprimé ce message",
)
_MEDIA = r"image|photo|picture|video|audio|sticker|gif|document|file|attachment|media|contact card|voice (?:note|message)"
_CALL = r"(?:(?:missed|incoming|outgoing) (?:voice |video )?call|(?:voice|video) call)"
# Short strings only and no nested repetition: linear on any input.
_NOTICE = re.compile(
    rf"[\u200e\s]*(?:{'|'.join(DELETED_NOTICES)}|message deleted|deleted message|this message was edited"
    rf"|<(?:{_MEDIA}) omitted>|(?:{_MEDIA}) omitted|<(?:{_MEDIA})>|<this message was edited>"
    rf"|{_CALL}(?:,? \d{{1,2}}:\d{{2}}(?::\d{{2}})?| \d{{1,3}} ?(?:min|mins|minutes|sec|secs|seconds))?"
    rf"|\[(?:{_MEDIA}|deleted|removed|{_CALL})(?: \d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\]"
    rf"|\[\d{{1,3}} (?:minutes?|hours?|days?|weeks?|months?) later\]|\(this message was deleted\))[.\s]*",
    re.IGNORECASE,
)
_LONGEST = 64


def is_notice(text: str) -> bool:
    """Whether the whole text is a platform's notice rather than words someone wrote."""
    return len(text) <= _LONGEST and _NOTICE.fullmatch(text) is not None


_QUOTED_LINE = re.compile(r"^>(?: [^\n]*)?$", re.MULTILINE)


def own_words(message: Message) -> Message | None:
    """What of the message is read for indicators: None for media, a platform's notice or any non-text message; else the
    message with the lines it quotes from someone else blanked out. Blanked, not cut: evidence offsets into the text stay
    those of the text the user sees."""
    text = message.text
    if message.kind is not MessageKind.TEXT or is_notice(text):
        return None
    if not (text.startswith(">") or "\n>" in text):  # nearly every message: one cheap test
        return message
    return message.model_copy(update={"text": _QUOTED_LINE.sub(lambda line: " " * len(line.group()), text)})

"""Canonical text for matching, with a map back to the characters the user sees.

Offenders (and teens) write `pr3tty`, `s e c r e t`, `ur`, `sooo`, Cyrillic look-alikes and zero-width characters. The
catalogue's patterns are written once, against one canonical spelling: lower case, ASCII look-alikes folded, apostrophes
dropped (`dont`), leetspeak undone inside words, stretched letters shortened, letters split by spaces or dots joined, common
chat spellings expanded (`u` -> `you`, `skool` -> `school`), a few emoji named, white space collapsed. Apostrophes stay
(curly ones become `'`): the catalogue treats every `'` in a pattern as optional, so `don't` also finds `dont`.

Every rewrite is recorded as an edit, so a span found in the canonical text maps back to a span of the original message.
Work is done by a handful of C-level regex passes that call Python only where something changes: most messages cost two
or three scans.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

import re2

# Characters people use to hide words from filters, and soft hyphens: removed.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e"), None
)

# Look-alikes that NFKC leaves alone (Cyrillic and Greek letters in Latin words), folded to the Latin letter they imitate.
_HOMOGLYPHS = {
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "ѕ": "s",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ɡ": "g",
    "ı": "i",
    "α": "a",
    "β": "b",
    "ε": "e",
    "η": "n",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "γ": "y",
    "ω": "w",
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "′": "'",
    "ѵ": "v",
    "ℓ": "l",
    "ø": "o",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ð": "d",
    "þ": "th",
    # More Cyrillic, Greek and Armenian look-alikes, and the small capitals of "fancy text" generators.
    "һ": "h",
    "ӏ": "l",
    "ԍ": "g",
    "ϲ": "c",
    "ϳ": "j",
    "օ": "o",
    "ս": "u",
    "ո": "n",
    "ɑ": "a",
    "ɩ": "i",
    "ᴀ": "a",
    "ʙ": "b",
    "ᴄ": "c",
    "ᴅ": "d",
    "ᴇ": "e",
    "ꜰ": "f",
    "ɢ": "g",
    "ʜ": "h",
    "ɪ": "i",
    "ᴊ": "j",
    "ᴋ": "k",
    "ʟ": "l",
    "ᴍ": "m",
    "ɴ": "n",
    "ᴏ": "o",
    "ᴘ": "p",
    "ʀ": "r",
    "ꜱ": "s",
    "ᴛ": "t",
    "ᴜ": "u",
    "ᴠ": "v",
    "ᴡ": "w",
    "ʏ": "y",
    "ᴢ": "z",
}

# Emoji that carry a word in grooming talk; named so patterns can see them.
_EMOJI_WORDS = {
    "🤫": "secret",
    "🤐": "secret",
    "🙊": "secret",
    "🎁": "gift",
    "💰": "money",
    "💵": "money",
    "💸": "money",
    "💲": "money",
    "📸": "pic",
    "📷": "pic",
    "🤳": "selfie",
    "🎥": "video",
    "📹": "video",
    "😘": "kiss",
    "💋": "kiss",
    "😍": "love",
    "🥰": "love",
    "❤": "love",
    "😈": "naughty",
    "🍑": "naughty",
    "🔥": "hot",
    "🛏": "bed",
    "👻": "snapchat",
    "💕": "love",
    "💖": "love",
    "💗": "love",
    "💘": "love",
    "😻": "love",
    "🥵": "hot",
    "🍆": "naughty",
    "👅": "naughty",
    "🤑": "money",
    "📱": "phone",
    "📲": "phone",
    "📞": "call",
    "🔒": "locked",
    "🔐": "locked",
}

# Chat spellings -> the canonical word the patterns use. Only unambiguous ones: `r` and `u` are near-universal in chat.
_CHAT_WORDS = {
    "u": "you",
    "ya": "you",
    "yu": "you",
    "ur": "your",
    "yr": "your",
    "urs": "yours",
    "r": "are",
    "wat": "what",
    "wut": "what",
    "wht": "what",
    "wot": "what",
    "whats": "whats",
    "wats": "whats",
    "wuts": "whats",
    "skool": "school",
    "skul": "school",
    "scool": "school",
    "skl": "school",
    "schl": "school",
    "pic": "pic",
    "pics": "pics",
    "pix": "pics",
    "picz": "pics",
    "piccy": "pic",
    "piccies": "pics",
    "pik": "pic",
    "piks": "pics",
    "foto": "photo",
    "fotos": "photos",
    "vid": "video",
    "vids": "videos",
    "vidz": "videos",
    "cam": "camera",
    "snap": "snapchat",
    "sc": "snapchat",
    "snapchat": "snapchat",
    "tele": "telegram",
    "tg": "telegram",
    "insta": "instagram",
    "ig": "instagram",
    "wa": "whatsapp",
    "whatsap": "whatsapp",
    "watsapp": "whatsapp",
    "disc": "discord",
    "pls": "please",
    "plz": "please",
    "pleez": "please",
    "pleeze": "please",
    "plez": "please",
    "luv": "love",
    "ily": "i love you",
    "bday": "birthday",
    "ppl": "people",
    "prolly": "probably",
    "cuz": "because",
    "coz": "because",
    "bc": "because",
    "b4": "before",
    "gr8": "great",
    "l8r": "later",
    "2day": "today",
    "2nite": "tonight",
    "tonite": "tonight",
    "2moro": "tomorrow",
    "2morrow": "tomorrow",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "rn": "right now",
    "msg": "message",
    "msgs": "messages",
    "txt": "text",
    "num": "number",
    "nmbr": "number",
    "bf": "boyfriend",
    "gf": "girlfriend",
    "m8": "mate",
    "thx": "thanks",
    "ty": "thank you",
    "k": "ok",
    "kk": "ok",
    "wanna": "want to",
    "gonna": "going to",
    "gotta": "got to",
    "lemme": "let me",
    "gimme": "give me",
    "dunno": "do not know",
    "parentz": "parents",
    "rents": "parents",
    "mum": "mom",
    "mommy": "mom",
    "mummy": "mom",
    "daddy": "dad",
    "vbucks": "v bucks",
    "vbux": "v bucks",
    "robucks": "robux",
    "giftcard": "gift card",
    "giftcards": "gift cards",
    "cashapp": "cash app",
    "nudes": "nudes",
    "noods": "nudes",
    "nudez": "nudes",
    "gurl": "girl",
    "grl": "girl",
    "bby": "baby",
    "rly": "really",
    "srsly": "seriously",
    "sry": "sorry",
    "soz": "sorry",
    "abt": "about",
    "tho": "though",
    "thru": "through",
    "wyd": "what are you doing",
    "hbu": "how about you",
    "wbu": "what about you",
    "hmu": "hit me up",
    "imy": "i miss you",
    "ilysm": "i love you so much",
    "nbd": "no big deal",
    "fone": "phone",
    "priv": "private",
    "pvt": "private",
    "wen": "when",
    "whr": "where",
    "wher": "where",
    "u2": "you too",
    "h8": "hate",
    "w8": "wait",
    # Leetspeak is undone before this lookup, so "every1" arrives as "everyi" and "sum1" as "sumi".
    "everyi": "everyone",
    "anyi": "anyone",
    "somei": "someone",
    "sumi": "someone",
    "no1": "no one",
}

_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "@": "a", "$": "s"}

_CHAT_REWRITES = sorted((k for k, v in _CHAT_WORDS.items() if k != v), key=len, reverse=True)

# Cheap test, in linear time on the UTF-8 bytes, for "something here needs rewriting". Most messages need nothing, so
# they never reach the slower rewrite below.
_NEEDS_REWRITE_SOURCE = (
    r"[a-z][0-9@$]|[0-9@$][a-z]|"
    + "|".join(c * 3 for c in "abcdefghijklmnopqrstuvwxyz")
    + r"|\s\s|[\t\r\n\f\v]|\b[a-z][ .\-_*~][a-z][ .\-_*~][a-z]\b"
    + rf"|\b(?:{'|'.join(_CHAT_REWRITES)})\b"
)
_needs_rewrite_options = re2.Options()
_needs_rewrite_options.never_capture = True
_NEEDS_REWRITE = re2.Set.SearchSet(_needs_rewrite_options)  # a set's Match is a single C call on bytes: no Python glue
_NEEDS_REWRITE.Add(_NEEDS_REWRITE_SOURCE)
_NEEDS_REWRITE.Compile()

# The rewrite itself, on the UTF-8 bytes. Python's `re` here: it only runs on messages the RE2 test above picked, its
# per-match cost is lower than RE2's Python wrapper, and every alternative is anchored where a word starts (a
# look-behind), so a long input is scanned once.
_WORD_CHAR = rb"[\w@$']"
_WORD_START = rb"(?<!" + _WORD_CHAR + rb")"
_REWRITE = re.compile(
    rb"(?P<spaced>(?<![\w])[a-z](?:[.\-_*~][a-z]){2,}[.\-_*~]?(?![\w])|(?<![\w])[a-z](?: [a-z]){3,}(?![\w]))"
    rb"|(?P<word>" + _WORD_START + _WORD_CHAR + rb"*?(?:[a-z][0-9@$]|[0-9@$][a-z]|(?P<run>[a-z])(?P=run)(?P=run))"
    + _WORD_CHAR + rb"*)"
    rb"|(?P<chat>" + _WORD_START + rb"(?:" + "|".join(_CHAT_REWRITES).encode() + rb")(?!" + _WORD_CHAR + rb"))"
    rb"|(?P<space>\s{2,}|[\t\r\n\f\v])",
)
_CHAT_BYTES = {word.encode(): _CHAT_WORDS[word].encode() for word in _CHAT_REWRITES}
_RUNS = re.compile(r"([a-z])\1{2,}")
_HAS_LEET = re.compile(r"[0-9@$]")
_NOT_LETTER = re.compile(r"[^a-z]")


# An edit: canonical characters [out_start, out_end) came from [in_start, in_end) of the layer below. Plain tuples:
# a megabyte of leetspeak makes hundreds of thousands of them.
Edit = tuple[int, int, int, int]


class _Layer:
    """One rewrite step's edits; maps a position in its output to a span of its input."""

    __slots__ = ("_edits", "_starts")

    def __init__(self, edits: list[Edit]) -> None:
        self._edits = edits
        self._starts = [edit[0] for edit in edits]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self._position(start, is_end=False), self._position(end, is_end=True)

    def _position(self, pos: int, *, is_end: bool) -> int:
        # An end offset is exclusive: map the last included character instead, then step past it.
        probe = pos - 1 if is_end and pos > 0 else pos
        i = bisect_right(self._starts, probe) - 1
        if i < 0:
            return pos
        _, out_end, in_start, in_end = self._edits[i]
        if probe < out_end:
            return in_end if is_end else in_start
        return pos - out_end + in_end


_NO_EDITS = _Layer([])


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """The canonical text and how to get back: `folding` maps folded characters to original characters, `rewriting`
    maps canonical UTF-8 bytes (what the matchers read) to folded UTF-8 bytes."""

    original: str
    text: str  # canonical
    encoded: bytes  # the canonical text as UTF-8, what the RE2 matchers read
    folded: bytes  # the text after folding, as UTF-8 (what the rewrite read)
    folding: _Layer
    rewriting: _Layer

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Characters [start, end) of the canonical text -> the span of the original text they came from."""
        if len(self.encoded) != len(self.text):
            start, end = len(self.text[:start].encode()), len(self.text[:end].encode())
        return self.original_span_of_bytes(start, end)

    def original_span_of_bytes(self, start: int, end: int) -> tuple[int, int]:
        """Bytes [start, end) of `encoded` (a match) -> the span of the original text it came from."""
        start, end = self.rewriting.span(start, end)
        if len(self.folded) != len(self.original):  # not ASCII: bytes and characters part ways
            start = len(self.folded[:start].decode("utf-8", "ignore"))
            end = len(self.folded[:end].decode("utf-8", "ignore"))
        start, end = self.folding.span(start, end)
        # Never hand out a span that starts or ends in white space the canonical text did not have.
        while start < end and self.original[start].isspace():
            start += 1
        while end > start and self.original[end - 1].isspace():
            end -= 1
        return start, max(start, end)


def normalize(text: str) -> NormalizedText:
    folding = _NO_EDITS
    if text.isascii():
        folded = text.lower()
    else:
        folded, edits = _fold_unicode(text)
        folding = _Layer(edits) if edits else _NO_EDITS
    encoded = folded.encode("utf-8", "surrogatepass")
    if not _NEEDS_REWRITE.Match(encoded):
        return NormalizedText(text, folded, encoded, encoded, folding, _NO_EDITS)
    canonical, edits = _rewrite(encoded)
    return NormalizedText(
        text, canonical.decode("utf-8", "surrogatepass"), canonical, encoded, folding, _Layer(edits)
    )


_ASCII_LOWER = {ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def _fold_unicode(text: str) -> tuple[str, list[Edit]]:
    """NFKC, case folding, accents and look-alikes to ASCII, invisible characters removed, emoji named.

    Each distinct character is folded once (and cached); `str.translate` does the rest in C. Only characters whose
    folded form is not exactly one character long move later positions, so only they need edits."""
    table = dict(_ASCII_LOWER)
    resized: list[str] = []
    for char in set(text):
        if not char.isascii():
            folded = table[ord(char)] = _fold_char(char)
            if len(folded) != 1:
                resized.append(char)
    edits: list[Edit] = []
    if resized:
        delta = 0
        for match in re.finditer("[" + "".join(map(re.escape, resized)) + "]", text):
            i = match.start()
            size = len(table[ord(text[i])])
            edits.append((i + delta, i + delta + size, i, i + 1))
            delta += size - 1
    return text.translate(table), edits


@lru_cache(maxsize=65536)
def _fold_char(char: str) -> str:
    if char in _EMOJI_WORDS:
        return f" {_EMOJI_WORDS[char]} "
    if ord(char) in _INVISIBLE or unicodedata.category(char) in ("Mn", "Cf"):
        return ""  # invisible, or a combining accent / variation selector left over from decomposition
    folded = unicodedata.normalize("NFKC", char).casefold()
    result = []
    for part in folded:
        if part in _HOMOGLYPHS:
            result.append(_HOMOGLYPHS[part])
        elif part.isascii():
            result.append(part)
        else:
            stripped = "".join(c for c in unicodedata.normalize("NFKD", part) if not unicodedata.combining(c))
            result.append(_HOMOGLYPHS.get(stripped, stripped) if stripped.isascii() else stripped)
    return "".join(result)


def _rewrite(folded: bytes) -> tuple[bytes, list[Edit]]:
    pieces: list[bytes] = []
    edits: list[Edit] = []
    last = delta = 0  # delta: len(output so far) - len(input so far)
    for match in _REWRITE.finditer(folded):
        source = match.group()
        kind = match.lastgroup
        if kind == "chat":
            replacement = _CHAT_BYTES[source]
        elif kind == "word":
            replacement = _canonical_word(source.decode("ascii")).encode()
        elif kind == "space":
            replacement = b" "
        else:
            letters = _NOT_LETTER.sub("", source.decode("ascii"))
            replacement = _CHAT_WORDS.get(letters, letters).encode()
        if replacement == source:
            continue
        start, end = match.start(), match.end()
        pieces += (folded[last:start], replacement)
        last = end
        edits.append((start + delta, start + delta + len(replacement), start, end))
        delta += len(replacement) - (end - start)
    pieces.append(folded[last:])
    return b"".join(pieces), edits


@lru_cache(maxsize=65536)
def _canonical_word(word: str) -> str:
    if _HAS_LEET.search(word):
        word = _unleet(word)
    word = _RUNS.sub(r"\1", word)
    return _CHAT_WORDS.get(word, word)


def _unleet(word: str) -> str:
    """Digits and symbols that stand for letters inside a word: `pr3tty`, `s3cr3t`, `h0t`, `@lone` — but not `17yo` or `14f`."""
    letters = sum(c.isalpha() for c in word)
    if letters < 2 or sum(c.isdigit() for c in word) > letters:
        return word
    chars = list(word)
    for i, char in enumerate(chars):
        if char not in _LEET:
            continue
        before = chars[i - 1] if i > 0 else ""
        after = chars[i + 1] if i + 1 < len(chars) else ""
        inside = before.isalpha() and (after.isalpha() or after in _LEET)
        edge = (before.isalpha() and not after) or (not before and after.isalpha() and letters >= 3)
        if inside or (edge and letters >= 3):
            chars[i] = _LEET[char]
    return "".join(chars)

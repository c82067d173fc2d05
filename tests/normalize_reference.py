"""The normaliser as it was before its long-message passes were vectorised (issue 9), kept unchanged as the
reference for the differential tests in `tests/test_normalize_reference.py`: the new one must give the same
canonical text and the same map back to the original. Not used by lurewatch itself.

Its own description, as it was:
Canonical text for matching, with a map back to the characters the user sees.

Offenders (and teens) write `pr3tty`, `s e c r e t`, `ur`, `sooo`, Cyrillic look-alikes and zero-width characters. The
catalogue's patterns are written once, against one canonical spelling: lower case, ASCII look-alikes folded, apostrophes
dropped (`dont`), leetspeak undone inside words, stretched letters shortened, letters split by spaces or dots joined, common
chat spellings expanded (`u` -> `you`, `skool` -> `school`), number words written as digits (`seventeen` -> `17`), a few
emoji named, white space collapsed. Apostrophes stay (curly ones become `'`): the catalogue treats every `'` in a pattern
as optional, so `don't` also finds `dont`.

Digits are letters only where they cannot be a number. Inside a word (`h0t`) they always are; a message with such a word
is written in leetspeak, and there short and bare tokens are read as words too when they spell a common one (`53nd m3 4
p1c`). Elsewhere `at 4`, `5pm`, `i3`, `win10` and `17yo` stay as they are. Stretched letters become two where that spells
a word with a double letter (`gooood`), else one (`seeeend`).

Every rewrite is recorded as an edit, so a span found in the canonical text maps back to a span of the original message.
Work is done by a handful of C-level regex passes that call Python only where something changes: most messages cost two
or three scans.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, pairwise

import re2

from lurewatch.normalize import _CHAT_WORDS, characters_before  # the word list is data; only the algorithm is frozen

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

# Chat spellings (`_CHAT_WORDS`) come from the normaliser itself, imported above.

# Digits and symbols that stand for letters. `!` only counts inside a word: at the end of one it is punctuation.
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "@": "a", "$": "s", "!": "i"}
_LEET_TABLE = str.maketrans(_LEET)
_LEET_CHARS = frozenset(_LEET)
_VOWEL_LEET = frozenset("0134@!$")  # at the end of a word: vowels, and `$` (no number ends in a symbol)


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Common words, for telling a word spelt in digits from a number or a name: in a message written in leetspeak a token
# is read as a word when it spells one of these (`m3`, `4m`, `937` "get", `533m` "seem"). `m3` or `4m` alone is as
# likely a model or a measure (`i3`, `4k`, `3d`), so outside leetspeak messages only their shape counts.
_COMMON_WORDS = _word_set(
    "a i am an as at be by do go he hi if in is it me my no of oh ok on or so to up us we ya yo "
    "add age ago all and any app are ask asl ate bad bae bed bet bff big bit boy bro bus but buy cam can car cat cut "
    "dad day did die dog eat end eye far fav few fit for fun get got guy had has hat her hey him his hit hot how hug "
    "idk its job kid kik let lie lit lol lot mad man may me met mix mom new nor not now odd off old omg one our out own "
    "pay pic put run sad sat saw say see set she sis sit six son sup tea ten the tho tie tip too top toy try two use "
    "was way who why win yes yet you "
    "able also away baby back bath best body boss both busy call came card care cash chat city come cool cute date "
    "dead deal dear does done dont down each easy else even ever face fact fake fine free from game gave gift girl "
    "give goes gone good grow hair half hand hang hard hate have here high hold home hope hour huge into just keep kind "
    "kiss knew know last late leak left less life like line link live lock lone long look lose lost love made make "
    "mate mean meet mind mine miss mode more most move much must name near need next nice none note nude only open "
    "over page part past pics play plus post real rest ride room rule safe said same save seem seen self send sent "
    "shut shy sick side sign size skin snap some soon sort stop such sure take talk team tell text than that them "
    "then they this time told took true turn type used very wait walk want week well went were what when whom will "
    "wish with word work year your "
    "about admit after again alone angry apart asked being below bored bring cause check chill clean close could "
    "crush dance dream drive every extra fancy fight first found front funny given going great guess happy heard "
    "hello house hurry leave later learn least maybe money month mouth naked never night older other party phone "
    "photo place plans price proof quick quiet ready right scared share sleep small sorry start still story sweet "
    "thank their there these thing think those today trust under until video watch wears where which while whole "
    "would young yours always around before behind better delete enough family friend gotten honest inside little "
    "mature minute moment nobody number online parent people person pretty really reply school secret "
    "should simple single sister summer thanks things trying update wanted wearing window anyone someone everyone "
    "anything nothing something everything private picture pictures between because parents friends "
    # More of everyday chat, for splitting words run together letter by letter (`s e n d y o u r p i c`).
    "awake bedroom beautiful believe birthday brother camera cares caring choose clear comfortable conversation "
    "cousin cry daughter different difficult discord divorced doesnt door doing dress driving email exactly "
    "facebook favorite favourite feel feeling fortnite full girls grade grandma gorgeous hide history honestly hurt "
    "instagram instead judge kept latest lives locked lonely loved message messages messaging minecraft mirror "
    "model mutual neighbourhood normal okay once outside playing please profile promise pretend proud read roblox "
    "says selfie shower snapchat special stays surprise taxes telegram thinking thought tiktok together tonight "
    "treat trusted twitch understand understands username uses usually videos whatever whatsapp wonder world worry "
    "worried xbox youtube"
)
# Words that introduce an age or an amount: a number of two or more digits right after one stays a number ("1'm 45",
# "p4y 50"). For "is" (15) and "it" (17), both ages a teen gives, a few more words count ("sh3 w@5 15").
_NUMBER_LEADS = _word_set("im i'm am age aged asl turning turned only just almost nearly pay paid cost costs")
_AGE_LEADS = _NUMBER_LEADS | _word_set("be is was than over under about around like")
# ... and so does a number right before a unit ("y0u h4v3 1 h0ur", "15 m").
_NUMBER_UNITS = _word_set(
    "h hr hrs hour hours min mins minute minutes sec secs second seconds day days week weeks month months year years yr "
    "yrs yo m f male female boy girl guy dollars dollar bucks k usd euros pounds quid times time pm percent "
    "followers people of"
)
_CONTRACTION_TAILS = frozenset(("t", "s", "m", "re", "ll", "ve", "d"))
# A number with a unit or an ending is never leetspeak (`17yo`, `14f`, `8th`, `5pm`, `3d`, `4k`, `2nd`, `80's`), but
# an ordinal must have the right ending (`53nd` is "send") and `p` follows only video heights (`1080p`; `570p` is "stop").
_NUMBER_WITH_UNIT = re.compile(
    r"([0-9]+)(st|nd|rd|th|s|'s|am|pm|k|m|b|x|d|g|h|f|yo|yr|yrs|hr|hrs|min|mins|sec|secs|gb|mb|tb|km|kg|lb|lbs|cm|mm|"
    r"ft|fps|hz|ghz|mph|ish|v|mp|p)?"
)
_VIDEO_HEIGHTS = frozenset(("144", "240", "360", "480", "720", "1080", "1440", "2160"))
_LETTERS_THEN_DIGITS = re.compile(r"[a-z]+[0-9]+")  # `mp3`, `i3`, `win10`, and also `m3`, `cu73`
_DIGITS_THEN_LETTERS = re.compile(r"[0-9]+[a-z]{1,2}")  # `3ds`, `2fa`, and also `4m`, `0n`
_MENTION = re.compile(r"@[a-z][a-z0-9_]*")  # `@sam`: a user name, not leetspeak
_ONE_VERSUS_ONE = re.compile(r"[0-9]+[vx][0-9]+")  # `1v1`, `4x4`
_CPU = re.compile(r"i[3579]")

# Words written with a double letter. A stretched run (`gooood`, `seeeee`) is shortened to two letters when that gives
# one of these (or one of these plus an ending), and to one letter otherwise (`pleeease`, `soooo`, `piiics`, `mooods`).
_DOUBLED = _word_set(
    "access accept account accountant actually add address affection afford aggressive agree all allow allowance "
    "annoy apple app appear appreciate approach approve arrange asleep assess assignment attach attend attention "
    "attractive balloon ball battle bedroom been beer bell belly berry better between bff bigger bill bitter bless "
    "blood bloody boo book boom boot borrow boss bottle bottom bubble buddy bully butt button buzz call cannot carry "
    "cell channel cheek cheer chill choose class classmate coffee colleague collect college comment common community "
    "commute controlling cookie correct creepy cross cuddle currency daddy different difference difficult dinner "
    "disappear disappointed dizzy doll dollar door dress drool effort egg embarrass embarrassed employee engineer "
    "especially essay excellent fall fallen farewell fee feed feel feet fell fiancee fifteen fill finally flagged "
    "flattery follow follower food fool foot football free freedom freeze full fully funny fuzzy getting giggle glass "
    "goddess good goodbye goodnight goof goofy google goose gossip granny grass green greet gross guess hall happen "
    "happily happy harmless hello hell hidden hill hobby homeroom hood hoodie hook hooked hoop hotter hottest hottie "
    "hugged hugging immature immaturity immediately innocent install jelly keep kidding kill kiss kitten kitty ladder "
    "less lesson letter literally little lobby look loose loss mall married matter meet mess message messing middle "
    "million mirror miss modelling mommy moon narrow need neighbourhood neighborhood nineteen noob noodle noon nanny "
    "normally obsessed off offend offer office officer official offline oops openness opportunity pass passcode "
    "password pattern peer permission pillow pizza planned planning pool poor popped possible press pressure pretty "
    "prettiest princess process profession proof pull puppy puppies rabbit really recess recommended reddit reel room "
    "roommate rubbish sadder school scoop screen screenshot see seed seeing seek seem seen sell session seventeen "
    "shall sheet shoot shopping shyness silly sitting skill sleep sleepy small smell snoop soon sorry spammer speed "
    "spell spoon spotted staff steer still stopped street stress stuff stunning success sudden suggest summer sunny "
    "supplies support suppose supposedly sweet sweetheart sweetie swimming tall teammate teen teenage teenager teeth "
    "tell textbook thirteen three threema fourteen sixteen eighteen tomorrow too took tool tooth totally tree "
    "tripping twitter understood undressed unless usually vanilla village wall wallet wallpaper wedding week weekend "
    "well whatsapp will winning wood wool worried worry written yell yellow zelle zoom"
)
# Endings that keep the double letter of the stem (`looks`, `feelings`, `sweetie`). Not a lone "d" ("seen" + "d") or
# "y" ("pretty" + "y").
_ENDINGS = ("s", "es", "ed", "ing", "ings", "er", "ers", "est", "ly", "ie", "ies", "ness")

# Number words 10-99 as digits, so "im seventeen" is the age claim "im 17". Not "one".."nine" alone: "no one".
_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}
_NUMBER_WORD = re.compile(
    rb"(?<![\w'])(?:(?P<tens>" + "|".join(_TENS).encode() + rb")(?:[ -]?(?P<unit>" + "|".join(_UNITS).encode()
    + rb"))?|(?P<teen>" + "|".join(_TEENS).encode() + rb"))(?![\w'])"
)
# Number words as single canonical words (`twentyfive` too): a rewrite that makes one sends the text to the number pass.
_NUMBER_WORDS = frozenset(w.encode() for w in [*_TEENS, *_TENS, *(t + u for t in _TENS for u in _UNITS)])

_CHAT_REWRITES = sorted((k for k, v in _CHAT_WORDS.items() if k != v), key=len, reverse=True)

# Cheap test, in linear time on the UTF-8 bytes, for "something here needs rewriting". Most messages need nothing, so
# they never reach the slower rewrite below. More patterns in the same set say what the rewrite will meet (digits
# touching letters: maybe leetspeak; a `!` inside a word; number words; words spelt out letter by letter), so one C call
# answers them all.
_NEEDS_REWRITE_SOURCE = (
    r"[a-z][0-9@$]|[0-9@$][a-z]|[a-z0-9@$]![a-z0-9@$']|(?:^|\s)![a-z']|[0-9@$!]'[a-z]|"
    + "|".join(c * 3 for c in "abcdefghijklmnopqrstuvwxyz")
    + r"|\s\s|[\t\r\n\f\v]|\b[a-z][ .\-_*~][a-z][ .\-_*~][a-z]\b"
    + rf"|\b(?:{'|'.join(_CHAT_REWRITES)})\b"
)
_MAYBE_LEETSPEAK_SOURCE = r"[a-z][0-9@$]|[0-9@$!]'?[a-z]"
_NUMBER_WORD_SOURCE = rf"\b(?:{'|'.join([*_TEENS, *_TENS])})\b|\b(?:{'|'.join(_TENS)})-?(?:{'|'.join(_UNITS)})\b"
_needs_rewrite_options = re2.Options()
_needs_rewrite_options.never_capture = True
_NEEDS_REWRITE = re2.Set.SearchSet(_needs_rewrite_options)  # a set's Match is a single C call on bytes: no Python glue
_REWRITE_ANY = _NEEDS_REWRITE.Add(_NEEDS_REWRITE_SOURCE)
_MAYBE_LEETSPEAK = _NEEDS_REWRITE.Add(_MAYBE_LEETSPEAK_SOURCE)
_BANG_IN_WORD = _NEEDS_REWRITE.Add(r"[a-z0-9@$]![a-z0-9@$']|(?:^|\s)![a-z']")  # `p!c`, `!nd`; not `lol!`
_NUMBER_WORDS_SEEN = _NEEDS_REWRITE.Add(_NUMBER_WORD_SOURCE)
_SPLIT_WORDS = _NEEDS_REWRITE.Add(r"[a-z] [a-z]\s\s|\s\s[a-z] [a-z]|[a-z][.\-_*~][a-z][.\-_*~][a-z]")
_NEEDS_REWRITE.Compile()
_ONLY_REWRITE = [_REWRITE_ANY]

# The rewrite itself, on the UTF-8 bytes. Python's `re` here: it only runs on messages the RE2 test above picked, its
# per-match cost is lower than RE2's Python wrapper, and every alternative is anchored where a word starts (a
# look-behind), so a long input is scanned once.
_TOKEN_START = rb"(?<![\w@$!'])"
# Letters split by dots or single spaces. Not from the `t` of `don't`: `don't m i n d` is "don't mind".
_SPACED = rb"(?P<spaced>(?<![\w'])[a-z](?:[.\-_*~][a-z]){2,}[.\-_*~]?(?![\w])|(?<![\w'])[a-z](?: [a-z]){3,}(?![\w]))"
# Two or three spaced letters are a word only where words are set apart by two spaces (`s e n d  m e  a  p i c`): in
# ordinary text they are one-letter words (`r u k`). Longer runs were taken by the branch above. Not when every letter is
# a one-letter chat word either (`r u  k`); a contraction may follow (`d o n't`). Two dotted letters are a word only in
# a message that dots its longer words too (`s.e.n.d m.e`): elsewhere they are `e.g.` or `a.m.` (and `v-b u c k s` is not
# `vb`). Both branches are only compiled in for messages with such words: they cost a little at every position.
_NOT_ONE_LETTER_WORD = rb"[b-hj-qstv-xz]"  # a letter that is not a one-letter chat word (a i r u y)
_SPLIT_SHORT = (
    rb"(?P<short>(?<=\s\s)(?=(?:[airuy] ){0,2}" + _NOT_ONE_LETTER_WORD + rb")[a-z](?: [a-z]){1,2}"
    rb"(?=(?:'[a-z]{1,2})?[^\w\s]*(?:\s\s|\Z))"
    rb"|(?<![\w\s])(?=(?:[airuy] ){0,2}" + _NOT_ONE_LETTER_WORD + rb")[a-z](?: [a-z]){1,2}"
    rb"(?=(?:'[a-z]{1,2})?[^\w\s]*\s\s)"
    rb"|(?<![\w.\-_*~])(?=(?:[airuy]\.)?" + _NOT_ONE_LETTER_WORD + rb")[a-z]\.[a-z]\.?(?![\w\-]))"
)
_CHAT = rb"(?P<chat>" + _TOKEN_START + rb"(?:" + "|".join(_CHAT_REWRITES).encode() + rb")(?![\w@$']))"
_SPACE = rb"(?P<space>\s{2,}|[\t\r\n\f\v])"
# In a leetspeak message, tokens with no letter at all may be words too (`m3 4 p1c`, `! und3r5t4nd`, `c@n 1 937`).
_BARE = rb"(?P<bare>" + _TOKEN_START + rb"[0-9@$!]+(?![\w@$!']))"


def _rewriter(*, leet: bool, split_words: bool) -> re.Pattern[bytes]:
    # `!` is a letter only in leetspeak (`p!c`); there a word may also end in punctuation `!`, which `_rewrite` keeps.
    # Plain character classes, not an alternation per character: `re` runs a class repeat in a tight loop.
    char, leet_char = (rb"[a-z0-9@$'!]", rb"[0-9@$!]") if leet else (rb"[a-z0-9@$']", rb"[0-9@$]")
    word = (
        rb"(?P<word>" + _TOKEN_START + char + rb"*?(?:[a-z]" + leet_char + rb"|" + leet_char + rb"[a-z]|"
        + leet_char + rb"'[a-z0-9@$]|(?P<run>[a-z])(?P=run)(?P=run))" + char + rb"*)"
    )
    branches = [_SPACED, *([_SPLIT_SHORT] if split_words else []), word, *([_BARE] if leet else []), _CHAT, _SPACE]
    return re.compile(b"|".join(branches))


_REWRITERS = {(leet, split): _rewriter(leet=leet, split_words=split) for leet in (False, True) for split in (False, True)}
_CHAT_BYTES = {word.encode(): _CHAT_WORDS[word].encode() for word in _CHAT_REWRITES}
# Tokens with a letter next to a digit or symbol: the evidence for (or against) a message being leetspeak.
# An e-mail address (`mia@mail.com`) is not one: the atomic group keeps the whole token, then the look-ahead drops it.
_LEETISH_TOKEN = re.compile(
    rb"(?<![\w@$!'])(?>[a-z0-9@$!']*?(?:[a-z][0-9@$!]|[0-9@$!]'?[a-z])[a-z0-9@$!']*)(?!\.[a-z])"
)
_PREVIOUS_TOKEN = re.compile(rb"([a-z0-9@$!']+)[ ,]*\Z")
_NEXT_TOKEN = re.compile(rb"[ ,]*([a-z0-9@$!'/]+)")
_RUNS = re.compile(r"([a-z])\1{2,}")
_HAS_LEET = re.compile(r"[0-9@$!]")
_NOT_LETTER = re.compile(r"[^a-z]")
_LEET_RUN = re.compile(r"[0-9@$!]+|[^0-9@$!]+")


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
        return self.position(start, is_end=False), self.position(end, is_end=True)

    def position(self, pos: int, *, is_end: bool) -> int:
        # An end offset is exclusive: map the last included character instead, then step past it.
        probe = pos - 1 if is_end and pos > 0 else pos
        i = bisect_right(self._starts, probe) - 1
        if i < 0:
            return pos
        _, out_end, in_start, in_end = self._edits[i]
        if probe < out_end:
            return in_end if is_end else in_start
        return pos - out_end + in_end


class _Layers:
    """Rewrite steps one after the other, the last step first: a span goes back through each in turn."""

    __slots__ = ("_layers",)

    def __init__(self, *layers: _Map) -> None:
        self._layers = layers

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.position(start, is_end=False), self.position(end, is_end=True)

    def position(self, pos: int, *, is_end: bool) -> int:
        # Each layer maps a start and an end on their own, so a span goes back endpoint by endpoint.
        for layer in self._layers:
            pos = layer.position(pos, is_end=is_end)
        return pos


class _Chunks:
    """A long message rewritten chunk by chunk: where each chunk starts in the output and in the input, and its own
    map (None: copied as it is). Identical chunks share one map, so a megabyte that repeats itself costs one entry
    per chunk, not one per rewritten word."""

    __slots__ = ("_in_starts", "_maps", "_out_starts")

    def __init__(self, out_starts: list[int], in_starts: list[int], maps: list[_Map | None]) -> None:
        self._out_starts = out_starts
        self._in_starts = in_starts
        self._maps = maps

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.position(start, is_end=False), self.position(end, is_end=True)

    def position(self, pos: int, *, is_end: bool) -> int:
        # The chunk that holds the character at `pos` (for an exclusive end: the one before it), as `_Layer` does.
        probe = pos - 1 if is_end and pos > 0 else pos
        i = max(0, bisect_right(self._out_starts, probe) - 1)
        local = pos - self._out_starts[i]
        chunk_map = self._maps[i]
        return self._in_starts[i] + (local if chunk_map is None else chunk_map.position(local, is_end=is_end))


_Map = _Layer | _Layers | _Chunks
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
    rewriting: _Map

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Characters [start, end) of the canonical text -> the span of the original text they came from."""
        if len(self.encoded) != len(self.text):
            start, end = len(self.text[:start].encode()), len(self.text[:end].encode())
        return self.original_span_of_bytes(start, end)

    def original_span_of_bytes(self, start: int, end: int) -> tuple[int, int]:
        """Bytes [start, end) of `encoded` (a match) -> the span of the original text it came from."""
        start, end = self.rewriting.span(start, end)
        if not self.folded.isascii():  # the one change since it was frozen: the length test missed some non-ASCII text
            start, end = characters_before(self.folded, start), characters_before(self.folded, end)
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
    seen = _NEEDS_REWRITE.Match(encoded)
    if not seen:
        return NormalizedText(text, folded, encoded, encoded, folding, _NO_EDITS)
    if _REWRITE_ANY not in seen:  # only number words
        canonical, edits, numbers = encoded, [], False
    elif len(encoded) >= _CHUNKED_FROM:
        canonical, chunked, _ = _rewrite_chunked(encoded, seen)
        return NormalizedText(text, canonical.decode("utf-8", "surrogatepass"), canonical, encoded, folding, chunked)
    elif seen == _ONLY_REWRITE:  # the common case (chat spellings, stretched letters, white space): nothing to decide
        canonical, edits, numbers, _ = _rewrite(encoded, False, False, False)
    else:
        split_words = _SPLIT_WORDS in seen
        # Whether the message is leetspeak is learnt from the words the plain rewrite meets; it starts over in leetspeak
        # mode when they say so. Only a `!` inside a word (which the plain rewrite does not read) needs a scan first.
        leet = _BANG_IN_WORD in seen and _is_leetspeak(encoded)
        try:
            canonical, edits, numbers, _ = _rewrite(encoded, leet, split_words, _MAYBE_LEETSPEAK in seen)
        except _Leetspeak:
            canonical, edits, numbers, _ = _rewrite(encoded, True, split_words, False)
    rewriting: _Map = _Layer(edits)
    if numbers or _NUMBER_WORDS_SEEN in seen:
        # A second pass, because a number word may be made by the first (`s3v3nt33n`) or span two words (`twenty five`).
        canonical, number_edits = _substitute(canonical, _NUMBER_WORD, _number)
        if number_edits:
            rewriting = _Layers(_Layer(number_edits), rewriting)
    return NormalizedText(text, canonical.decode("utf-8", "surrogatepass"), canonical, encoded, folding, rewriting)


# Long messages are rewritten in chunks cut where no rewrite can reach across (see `_CHUNK_CUT`), each distinct chunk
# once: a long message repeats itself, and a megabyte of disguised words is then a few hundred distinct chunks instead
# of a Python step per word. Below this size the single pass is as fast and simpler.
_CHUNKED_FROM = 4096  # bytes
# A cut after a single space with two letters on each side. No rewrite pattern reaches across such a space (spaced
# letters are single letters; white-space runs are two or more), the look-arounds at a chunk's edges see the same as in
# the whole message (a chunk keeps its trailing space), and a digit token's neighbours (`_bare_word`) lie in its own
# chunk. Starts with the space, so `re` finds candidates by its fast literal search.
_CHUNK_CUT = re.compile(rb" (?<=[a-z][a-z] )(?=[a-z][a-z])")
# A number word made of two words across a cut (`twenty five`): then the number pass runs on the whole text.
_TENS_AT_END = re.compile(rb"(?<![\w'])(?:" + "|".join(_TENS).encode() + rb") \Z")
_UNIT_AT_START = re.compile(rb"(?:" + "|".join(_UNITS).encode() + rb")(?![\w'])")

Chunk = tuple[bytes, _Map | None, bool, int]  # output, map back (None: unchanged), made a number word, evidence


def _rewrite_chunked(encoded: bytes, seen: list[int]) -> tuple[bytes, _Map, bool]:
    """`_rewrite` of a long message, chunk by chunk, with the same result as one pass over the whole of it."""
    pieces = _CHUNK_CUT.split(encoded)
    # The cut dropped the space that ends every chunk but the last: give it back, so chunks are exact slices.
    chunks = [piece + b" " for piece in pieces]
    chunks[-1] = pieces[-1]
    split_words = _SPLIT_WORDS in seen
    double_spaced = b"  " in encoded
    watch = _MAYBE_LEETSPEAK in seen and seen != _ONLY_REWRITE
    leet = seen != _ONLY_REWRITE and _BANG_IN_WORD in seen and _is_leetspeak(encoded)
    counts = Counter(chunks)

    def rewrite_all(leet: bool, watch: bool) -> dict[bytes, Chunk]:
        done: dict[bytes, Chunk] = {}
        evidence = 0
        for chunk, count in counts.items():
            out, edits, numbers, found = _rewrite(chunk, leet, split_words, watch, double_spaced)
            done[chunk] = (out, _Layer(edits) if edits else None, numbers, found)
            evidence += found * count
            if watch and evidence >= 2:  # the words of the message as a whole show it is leetspeak
                raise _Leetspeak
        return done

    try:
        done = rewrite_all(leet, watch and not leet)
    except _Leetspeak:
        done = rewrite_all(True, False)
    numbers = any(result[2] for result in done.values())
    if numbers or _NUMBER_WORDS_SEEN in seen:
        # Decided per distinct chunk; pairs of neighbours are only looked at when both kinds of chunk occur.
        tens_last = {chunk for chunk, result in done.items() if _TENS_AT_END.search(result[0])}
        unit_first = {chunk for chunk, result in done.items() if _UNIT_AT_START.match(result[0])}
        if tens_last and unit_first and any(a in tens_last and b in unit_first for a, b in pairwise(chunks)):
            canonical, rewriting = b"".join([done[chunk][0] for chunk in chunks]), _chunk_map(chunks, done)
            canonical, number_edits = _substitute(canonical, _NUMBER_WORD, _number)
            return canonical, _Layers(_Layer(number_edits), rewriting) if number_edits else rewriting, numbers
        for chunk, (out, chunk_map, made, found) in done.items():
            out_numbers, number_edits = _substitute(out, _NUMBER_WORD, _number)
            if number_edits:
                layer = _Layer(number_edits)
                done[chunk] = (out_numbers, layer if chunk_map is None else _Layers(layer, chunk_map), made, found)
    return b"".join([done[chunk][0] for chunk in chunks]), _chunk_map(chunks, done), numbers


def _chunk_map(chunks: list[bytes], done: dict[bytes, Chunk]) -> _Chunks:
    results = [done[chunk] for chunk in chunks]
    in_starts = [0, *accumulate(map(len, chunks))][:-1]
    out_starts = [0, *accumulate(len(result[0]) for result in results)][:-1]
    return _Chunks(out_starts, in_starts, [result[1] for result in results])


_ASCII_LOWER = {ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def _fold_unicode(text: str) -> tuple[str, list[Edit]]:
    """NFKC, case folding, accents and look-alikes to ASCII, invisible characters removed, emoji named.

    In a text written in Cyrillic, Greek or Armenian (it has a letter of them that imitates no Latin one), only the
    look-alikes of words that also have an ASCII letter are folded to Latin."""
    def genuine(c: str) -> bool:
        return _in_lookalike_script(c) and c.isalpha() and (not _fold_char(c, False).isascii() or c in "вкмнтβγηκντυχωάέήίόύώϊϋΐΰ")

    native = any(genuine(c) for c in text)
    out: list[str] = []
    edits: list[Edit] = []
    fold_to_latin = [False] * len(text)
    if native:
        chars = list(text)
        for word in re.finditer(r"[^\W\d_]+", text):
            letters = word.group()
            if not any(c.isascii() for c in letters) or letters.isascii():
                continue
            if any(genuine(c) and 0x400 <= ord(c) <= 0x52F for c in letters):  # a Latin letter typed in a Cyrillic word
                for i in range(word.start(), word.end()):
                    latin = "aceiopxyACEIOPXY".find(text[i])
                    if latin >= 0:
                        chars[i] = "асеіорхуАСЕІОРХУ"[latin]
            else:
                fold_to_latin[word.start() : word.end()] = [True] * (word.end() - word.start())
        text = "".join(chars)
    size = 0
    for i, char in enumerate(text):
        if char.isascii():
            folded = char.lower()
        elif native and not (fold_to_latin[i] and len(_fold_char(char, False)) == 1 and _fold_char(char, False).isascii()):
            folded = _fold_char(char, True)
        else:
            folded = _fold_char(char, False)
        if len(folded) != 1:
            edits.append((size, size + len(folded), i, i + 1))
        out.append(folded)
        size += len(folded)
    return "".join(out), edits


def _in_lookalike_script(char: str) -> bool:
    return any(low <= ord(char) <= high for low, high in ((0x370, 0x3FF), (0x1F00, 0x1FFF), (0x400, 0x52F), (0x530, 0x58F)))


@lru_cache(maxsize=65536)
def _fold_char(char: str, native: bool) -> str:
    if char in _EMOJI_WORDS:
        return f" {_EMOJI_WORDS[char]} "
    category = unicodedata.category(char)
    spelling_mark = any(low <= ord(char) <= high for low, high in ((0x900, 0xDFF), (0xE00, 0xFFF), (0x1000, 0x109F), (0x1780, 0x17FF)))
    if ord(char) in _INVISIBLE or category == "Cf" or (category == "Mn" and not spelling_mark):
        return ""  # invisible, or a combining accent / variation selector left over from decomposition
    folded = unicodedata.normalize("NFKC", char).casefold()
    result = []
    for part in folded:
        if part.isdecimal() and not part.isascii():  # "١٣", "१३", "๑๓": an age or a sum like any other
            result.append(str(unicodedata.decimal(part)))
            continue
        if part.isascii():
            result.append(part)
            continue
        if part in _HOMOGLYPHS and not (native and _in_lookalike_script(part)):
            result.append(_HOMOGLYPHS[part])
            continue
        stripped = "".join(c for c in unicodedata.normalize("NFKD", part) if not unicodedata.combining(c))
        if stripped.isascii() and stripped:
            result.append(_HOMOGLYPHS.get(stripped, stripped))
        elif part == "ё" or part in "άέήίόύώϊϋΐΰ":
            result.append(stripped if native else _HOMOGLYPHS.get(stripped, stripped))
        else:
            result.append({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ة": "ه", "ک": "ك", "ـ": ""}.get(part, part))
    return "".join(result)


class _Leetspeak(Exception):
    """Raised by a watching `_rewrite` that has met enough leetspeak words to know the message is written in it."""


def _rewrite(
    folded: bytes, leet: bool, split_words: bool, watch: bool, /, double_spaced: bool | None = None
) -> tuple[bytes, list[Edit], bool, int]:
    """Spellings to canonical words. Also says whether a rewritten word is a number word, for the number pass, and how
    much leetspeak evidence its words gave. With `watch` (only outside leetspeak mode), stops with `_Leetspeak` as soon
    as its words show the message is leetspeak. `double_spaced`: whether the whole message has two spaces in a row
    (`folded` may be one chunk of it)."""
    if double_spaced is None:
        double_spaced = b"  " in folded
    pieces: list[bytes] = []
    edits: list[Edit] = []
    numbers = False
    evidence = 0  # see `_leet_evidence`
    last = delta = 0  # delta: len(output so far) - len(input so far)
    canonical_word = _leet_word if leet else _plain_word
    for match in _REWRITERS[leet, split_words].finditer(folded):
        source = match.group()
        kind = match.lastgroup
        if kind == "chat":
            replacement = _CHAT_BYTES[source]
        elif kind == "word":
            if b"@" in source and folded[match.end() : match.end() + 1] == b".":
                continue  # an e-mail address, not `@` for "a"
            if leet and source.endswith(b"!"):  # `wh4t!`: the word, then its punctuation
                source = source.rstrip(b"!")
            elif watch and not source.isalpha():  # a stretched word (`sooo`) is no evidence either way
                evidence += _leet_evidence(source)
                if evidence >= 2:
                    raise _Leetspeak
            replacement = canonical_word(source.decode("ascii")).encode()
        elif kind == "space":
            replacement = b" "
        elif kind == "bare":
            replacement = _bare_word(folded, match.start(), match.end()).encode()
        else:  # letters split by spaces or dots
            letters = _NOT_LETTER.sub("", source.decode("ascii"))
            # Letters spaced one by one with words set apart by one space run together (`s e n d y o u r`); with two
            # spaces between words (`s e n d  y o u r`) each run is one word already.
            words = _segment(letters) if kind == "spaced" and b" " in source and not double_spaced else None
            replacement = " ".join(map(_plain_word, words or [letters])).encode()
            if words and _NUMBER_WORDS.intersection(replacement.split()):
                numbers = True
        if replacement == source:
            continue
        if replacement in _NUMBER_WORDS:
            numbers = True
        start = match.start()
        end = start + len(source)  # not `match.end()`: a word's closing `!` stays
        pieces += (folded[last:start], replacement)
        last = end
        edits.append((start + delta, start + delta + len(replacement), start, end))
        delta += len(replacement) - (end - start)
    pieces.append(folded[last:])
    return b"".join(pieces), edits, numbers, evidence


def _segment(letters: str) -> tuple[str, ...] | None:
    """Words run together by spacing every letter with one space (`s e n d y o u r` is "send your", `i l o v e` is "i
    love"): the split into the fewest common words, or None when the letters are one word or no such split exists."""
    if len(letters) > _LONGEST_SEGMENTED:  # not words spaced out by hand; and not a key to keep in the cache
        return None
    return _segment_words(letters)


@lru_cache(maxsize=4096)
def _segment_words(letters: str) -> tuple[str, ...] | None:
    if _is_word(letters):
        return None
    fewest: list[tuple[int, ...] | None] = [None] * (len(letters) + 1)  # fewest[i]: word ends that cover letters[:i]
    fewest[0] = ()
    for end in range(1, len(letters) + 1):
        for start in range(max(0, end - _LONGEST_WORD), end):
            before = fewest[start]
            if before is None or not _is_segment(letters[start:end]):
                continue
            if fewest[end] is None or len(before) + 1 < len(fewest[end] or ()):
                fewest[end] = (*before, end)
    ends = fewest[-1]
    if not ends or len(ends) < 2:
        return None
    return tuple(letters[start:end] for start, end in zip((0, *ends), ends, strict=False))


_LONGEST_SEGMENTED = 80  # letters
_LONGEST_WORD = 14


def _is_segment(word: str) -> bool:
    # Of one-letter words only "a" and "i": `u` or `r` would cut almost anything into pieces.
    return word in ("a", "i") if len(word) == 1 else _is_word(word)


Replace = Callable[[re.Match[bytes]], bytes]


def _substitute(data: bytes, pattern: re.Pattern[bytes], replace: Replace) -> tuple[bytes, list[Edit]]:
    pieces: list[bytes] = []
    edits: list[Edit] = []
    last = delta = 0
    for match in pattern.finditer(data):
        replacement = replace(match)
        start, end = match.start(), match.end()
        pieces += (data[last:start], replacement)
        last = end
        edits.append((start + delta, start + delta + len(replacement), start, end))
        delta += len(replacement) - (end - start)
    if not edits:
        return data, edits
    pieces.append(data[last:])
    return b"".join(pieces), edits


def _number(match: re.Match[bytes]) -> bytes:
    if match.group("teen"):
        return str(_TEENS[match.group("teen").decode()]).encode()
    value = _TENS[match.group("tens").decode()]
    if match.group("unit"):
        value += _UNITS[match.group("unit").decode()]
    return str(value).encode()


def _is_leetspeak(folded: bytes) -> bool:
    """Whether the message is written in leetspeak, so that short and bare tokens (`m3`, `4`, `70`) are read as words.
    One token that can only be leetspeak is enough (`p1c`, `53nd`, `d0n'7`); tokens that may be names or numbers
    (`m3`, `i5`) need a second one."""
    evidence = 0
    for token in _LEETISH_TOKEN.findall(folded):
        evidence += _leet_evidence(token)
        if evidence >= 2:
            return True
    return False


@lru_cache(maxsize=65536)
def _leet_evidence(raw: bytes) -> int:
    """2: surely leetspeak; 1: a word if read as leetspeak, but maybe a name (`m3`); 0: a number, a name, chat."""
    token = raw.decode("ascii").rstrip("!'")
    if token in _CHAT_WORDS or _is_number(token) or _ONE_VERSUS_ONE.fullmatch(token):
        return 0
    if _LEET_CHARS.isdisjoint(token):  # only 2s and 6s: `r2d2`
        return 0
    if _MENTION.fullmatch(token) and _LEET_CHARS.isdisjoint(token[1:]):
        return 0
    if _LETTERS_THEN_DIGITS.fullmatch(token) or _DIGITS_THEN_LETTERS.fullmatch(token):
        return 1 if not _CPU.fullmatch(token) and _is_word(token.translate(_LEET_TABLE)) else 0
    return 2


def _is_number(token: str) -> bool:
    match = _NUMBER_WITH_UNIT.fullmatch(token)
    if match is None:
        return False
    digits, unit = match.groups()
    if unit in ("st", "nd", "rd", "th"):
        return unit == _ordinal_ending(digits)
    return unit != "p" or digits in _VIDEO_HEIGHTS


def _ordinal_ending(digits: str) -> str:
    if digits[-2:] in ("11", "12", "13"):
        return "th"
    return {"1": "st", "2": "nd", "3": "rd"}.get(digits[-1], "th")


def _is_word(word: str) -> bool:
    return word in _COMMON_WORDS or word in _CHAT_WORDS or _is_doubled_word(word)


def _canonical_word(word: str, leet: bool) -> str:
    if word in _CHAT_WORDS:  # `b4`, `gr8`, `4ever` before any digit is read as a letter
        return _CHAT_WORDS[word]
    if _HAS_LEET.search(word):
        word = _unleet(word, leet)
    if _RUNS.search(word):
        word = _shorten_runs(word)
    return _CHAT_WORDS.get(word, word)


# One cache per mode: a one-argument cache is the cheapest call on this path.
@lru_cache(maxsize=65536)
def _plain_word(word: str) -> str:
    return _canonical_word(word, False)


@lru_cache(maxsize=65536)
def _leet_word(word: str) -> str:
    return _canonical_word(word, True)


def _unleet(word: str, leet: bool) -> str:
    """Digits and symbols that stand for letters: `pr3tty`, `s3cr3t`, `h0t`, `@lone`, `d0n'7` — but not `17yo`, `14f`,
    `win10` or `mp3`. In a message written in leetspeak (`leet`) every word is read that way: `53nd m3`."""
    if "'" in word:
        return _unleet_contraction(word, leet)
    if not leet:
        return word if _is_number(word) else _unleet_by_shape(word)
    letters = word.translate(_LEET_TABLE)
    if _is_word(letters) or _is_word(_RUNS.sub(r"\1", letters)):
        return letters  # `m3`, `4m`, `533m` ("seem"): in leetspeak a word before a number
    if _is_number(word) or (len(word) <= 3 and _LETTERS_THEN_DIGITS.fullmatch(word)):
        return word  # `17m`, `8th`, `i3`, `mp3`
    return letters


def _unleet_contraction(word: str, leet: bool) -> str:
    head, _, tail = word.partition("'")
    tail_letters = tail.translate(_LEET_TABLE)
    if tail_letters not in _CONTRACTION_TAILS:  # a quote mark, or `80's`
        return (_unleet(head, leet) if _HAS_LEET.search(head) else head) + "'" + tail
    if head and not any(c.isalpha() for c in head):  # `1'm`, `!'ll`, `17'5`
        letters = head.translate(_LEET_TABLE)
        if letters == "i" and tail_letters in ("m", "ll", "d", "ve"):
            return "i'" + tail_letters
        return letters + "'" + tail_letters if leet and letters in _COMMON_WORDS else word
    return (_unleet(head, leet) if _HAS_LEET.search(head) else head) + "'" + tail_letters


def _unleet_by_shape(word: str) -> str:
    """Outside leetspeak messages: only digits that sit where a letter must be. A run of them between letters
    (`sch00l`), a vowel's stand-in at the end of a word of three or more letters (`lov3`; a run there only when it
    repeats, `fr33`: `gta5`, `win10` and `covid19` are names), or one at the start of one (`@lone`)."""
    alpha = sum(c.isalpha() for c in word)
    if alpha < 2 or sum(c.isdigit() for c in word) > alpha:
        return word
    out = []
    for match in _LEET_RUN.finditer(word):
        run = match.group()
        if run[0] not in _LEET:
            out.append(run)
            continue
        start, end = match.span()
        before = word[start - 1].isalpha() if start else False
        after = word[end].isalpha() if end < len(word) else False
        at_end = before and end == len(word) and alpha >= 3 and len(set(run)) == 1 and run[0] in _VOWEL_LEET
        at_start = after and start == 0 and alpha >= 3 and len(run) == 1
        out.append(run.translate(_LEET_TABLE) if (before and after) or at_end or at_start else run)
    return "".join(out)


def _bare_word(folded: bytes, start: int, end: int) -> str:
    """A token of digits and symbols only, in a leetspeak message: `4` -> "a", `!` -> "i", `70` -> "to", `937` ->
    "get", `$0` -> "so". A number next to a word that makes it an age or an amount stays a number (`1'm 45`,
    `h4v3 1 h0ur`, `15 m`), and so does any number that spells no word (`300`)."""
    token = folded[start:end].decode("ascii")
    letters = token.translate(_LEET_TABLE)
    if _RUNS.search(letters):
        letters = _shorten_runs(letters)
    spells_a_word = letters in ("a", "i") if len(token) == 1 else _is_word(letters)
    if not spells_a_word:
        return token
    if not token.isdigit():
        return letters  # `$0`, `!7`: a symbol is never part of a plain number
    if len(token) > 1:  # a lone `1` or `4` is no age or amount that a lead word could introduce
        leads = _AGE_LEADS if letters in ("is", "it") else _NUMBER_LEADS
        previous = _PREVIOUS_TOKEN.search(folded, max(0, start - 24), start)
        if previous and previous.group(1).decode("ascii").translate(_LEET_TABLE) in leads:
            return token
    following = _NEXT_TOKEN.match(folded, end)
    if following is None:
        # Nothing after it: "is" and "it" are more likely an age given as an answer ("how old r u? 15").
        return token if letters in ("is", "it") else letters
    after = following.group(1).decode("ascii")
    if after.startswith("/") or after.translate(_LEET_TABLE).rstrip("'") in _NUMBER_UNITS:
        return token
    return letters


def _shorten_runs(word: str) -> str:
    """`gooood` -> "good", `seeeend` -> "send": each run of three or more letters becomes two where that spells a word
    with a double letter, else one."""
    single = _RUNS.sub(r"\1", word)
    runs = list(_RUNS.finditer(word))
    if len(runs) > 4:  # 2**4 spellings to try is plenty; a longer word is keyboard mashing
        return single
    for choice in range(1, 2 ** len(runs)):
        pieces: list[str] = []
        last = 0
        for i, run in enumerate(runs):
            pieces += (word[last : run.start()], run.group(1) * (2 if choice >> i & 1 else 1))
            last = run.end()
        pieces.append(word[last:])
        candidate = "".join(pieces)
        if _is_doubled_word(candidate):
            return candidate
    return single


def _is_doubled_word(word: str) -> bool:
    if word in _DOUBLED or word in _CHAT_WORDS:
        return True
    # An ending that starts with the stem's last letter would be a stretched stem again ("sees" is fine, "feell" not).
    return any(
        word.endswith(ending) and word[: -len(ending)] in _DOUBLED and word[-len(ending) - 1] != ending[0]
        for ending in _ENDINGS
    )

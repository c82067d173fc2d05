"""Canonical text for matching, with a map back to the characters the user sees.

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
or three scans. A long message (4 KB and more) is folded with arrays of code points, cut into chunks that no rewrite
reaches across, and each distinct chunk is rewritten once; the per-chunk loops are in C (`_chunks.c`). The result is
the same as one pass over the whole message (`tests/test_normalize_reference.py`).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import re2

from lurewatch import _chunks

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
    "dnt": "dont",
    "cud": "could",
    "othr": "other",
    "hme": "home",
    "ther": "there",
    "ne1": "anyone",
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
    "4ever": "forever",
    "4eva": "forever",
    "4get": "forget",
    "4got": "forgot",
    "4real": "for real",
    # Scots and northern English spellings.
    "ye": "you",
    "yous": "you",
    "youse": "you",
    "yer": "your",
    "yersel": "yourself",
    "masel": "myself",
    "dinnae": "dont",
    "didnae": "didnt",
    "cannae": "cant",
    "wouldnae": "wouldnt",
    "couldnae": "couldnt",
    "shouldnae": "shouldnt",
    "isnae": "isnt",
    "wasnae": "wasnt",
    "gonnae": "going to",
    "wannae": "want to",
    "naebody": "nobody",
    "naw": "no",
    "nae": "no",
    "fae": "from",
    "whit": "what",
    "hoose": "house",
    "auld": "old",
    "oot": "out",
    "aboot": "about",
    "doon": "down",
    "tomorra": "tomorrow",
    "tae": "to",
    "wee": "little",
}


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


def set_matcher(patterns: re2.Set) -> Callable[[bytes], list[int]]:
    """A compiled `re2.Set`'s Match as the C call it wraps (the indices that match, an empty list for none): the Python
    wrapper's type test and `or None` cost a quarter of the test of a short message, made on every message."""
    match: Callable[[bytes], list[int]] = patterns._set.Match
    return match


_needs_rewrite = set_matcher(_NEEDS_REWRITE)

# The rewrite itself, on the UTF-8 bytes. Python's `re` here: it only runs on messages the RE2 test above picked, its
# per-match cost is lower than RE2's Python wrapper, and every alternative is anchored where a word starts (a
# look-behind), so a long input is scanned once. `re` tries every alternative at every position and a look-behind is
# the dearest step of such a try, so alternatives that share one are grouped under it: most positions are inside a word
# and are turned down by one or two look-behinds instead of four.
_TOKEN_START = rb"(?<![\w@$!'])"
_AFTER_WORD_START = rb"(?<![@$!])"  # with the look-behind of `_SPACED`, the same as `_TOKEN_START`
# Letters split by dots or single spaces (`_rewriter` puts the look-behind `(?<![\w'])` before it). Not from the `t` of
# `don't`: `don't m i n d` is "don't mind".
_SPACED_START = rb"(?<![\w'])"
_SPACED = rb"(?P<spaced>[a-z](?:(?:[.\-_*~][a-z]){2,}[.\-_*~]?|(?: [a-z]){3,})(?![\w]))"
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


def _trie(words: list[str]) -> str:
    """An alternation of `words` as a tree of their common beginnings, so that `re` compares a character once instead
    of once per word. Matches the same strings; which of two matching words a flat alternation would have picked first
    does not matter where it is used (`_CHAT`)."""
    tails: dict[str, list[str]] = {}
    for word in words:
        tails.setdefault(word[0], []).append(word[1:])
    branches = []
    for first, rests in sorted(tails.items()):
        longer = [rest for rest in rests if rest]
        if not longer:
            branches.append(re.escape(first))
        else:
            branches.append(re.escape(first) + "(?:" + _trie(longer) + ")" + ("?" if "" in rests else ""))
    return "|".join(branches)


# Chat spellings are letters and digits only and the look-ahead refuses a letter or digit after one, so at most one of
# them matches at any position: the tree form finds the same one as the list would.
_CHAT = rb"(?P<chat>(?:" + _trie(_CHAT_REWRITES).encode() + rb")(?![\w@$']))"
_SPACE = rb"(?P<space>\s{2,}|[\t\r\n\f\v])"
# In a leetspeak message, tokens with no letter at all may be words too (`m3 4 p1c`, `! und3r5t4nd`, `c@n 1 937`).
_BARE = rb"(?P<bare>[0-9@$!]+(?![\w@$!']))"


def _rewriter(*, leet: bool, split_words: bool) -> re.Pattern[bytes]:
    # `!` is a letter only in leetspeak (`p!c`); there a word may also end in punctuation `!`, which `_rewrite` keeps.
    # Plain character classes, not an alternation per character: `re` runs a class repeat in a tight loop.
    char, leet_char = (rb"[a-z0-9@$'!]", rb"[0-9@$!]") if leet else (rb"[a-z0-9@$']", rb"[0-9@$]")
    word = (
        rb"(?P<word>" + char + rb"*?(?:[a-z]" + leet_char + rb"|" + leet_char + rb"[a-z]|"
        + leet_char + rb"'[a-z0-9@$]|(?P<run>[a-z])(?P=run)(?P=run))" + char + rb"*)"
    )
    tokens = b"(?:" + b"|".join([word, *([_BARE] if leet else []), _CHAT]) + b")"
    # Alternatives in the order spaced, short, word, bare, chat, space: where two match at one position, the first wins.
    if split_words:
        branches = [_SPACED_START + _SPACED, _SPLIT_SHORT, _TOKEN_START + tokens, _SPACE]
    else:  # nothing between spaced letters and the words: one look-behind for both
        branches = [_SPACED_START + b"(?:" + _SPACED + b"|" + _AFTER_WORD_START + tokens + b")", _SPACE]
    return re.compile(b"|".join(branches))


_REWRITERS = {(leet, split): _rewriter(leet=leet, split_words=split) for leet in (False, True) for split in (False, True)}
_CHAT_BYTES = {word.encode(): _CHAT_WORDS[word].encode() for word in _CHAT_REWRITES}
_LONGEST_CHAT = max(map(len, _CHAT_BYTES))
# Tokens with a letter next to a digit or symbol: the evidence for (or against) a message being leetspeak.
# An e-mail address (`mia@mail.com`) is not one: the atomic group keeps the whole token, then the look-ahead drops it.
_LEETISH_TOKEN = re.compile(
    rb"(?<![\w@$!'])(?>[a-z0-9@$!']*?(?:[a-z][0-9@$!]|[0-9@$!]'?[a-z])[a-z0-9@$!']*)(?!\.[a-z])"
)
_PREVIOUS_TOKEN = re.compile(rb"([a-z0-9@$!']+)[ ,]*\Z")
_NEXT_TOKEN = re.compile(rb"[ ,]*([a-z0-9@$!'/]+)")
_RUNS = re.compile(r"([a-z])\1{2,}")
_HAS_LEET = re.compile(r"[0-9@$!]")
_NOT_LETTERS = bytes(c for c in range(256) if not ord("a") <= c <= ord("z"))  # for `bytes.translate`
_LEET_RUN = re.compile(r"[0-9@$!]+|[^0-9@$!]+")


# An edit: canonical characters [out_start, out_end) came from [in_start, in_end) of the layer below.
Edit = tuple[int, int, int, int]
# A column of edits: a tuple for a short message, an array for a long one (a megabyte of disguised words makes hundreds
# of thousands of edits; arrays are built without a Python step per edit).
Column = tuple[int, ...] | npt.NDArray[np.int64]


class _Layer:
    """One rewrite step's edits, column by column; maps a position in its output to a span of its input."""

    __slots__ = ("_in_ends", "_in_starts", "_out_ends", "_out_starts")

    def __init__(self, out_starts: Column, out_ends: Column, in_starts: Column, in_ends: Column) -> None:
        self._out_starts = out_starts
        self._out_ends = out_ends
        self._in_starts = in_starts
        self._in_ends = in_ends

    @classmethod
    def of(cls, edits: list[Edit]) -> _Layer:
        return cls(*zip(*edits, strict=True)) if edits else _NO_EDITS

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.position(start, is_end=False), self.position(end, is_end=True)

    def position(self, pos: int, *, is_end: bool) -> int:
        # An end offset is exclusive: map the last included character instead, then step past it.
        probe = pos - 1 if is_end and pos > 0 else pos
        i = bisect_right(self._out_starts, probe) - 1
        if i < 0:
            return pos
        if probe < self._out_ends[i]:
            return int(self._in_ends[i] if is_end else self._in_starts[i])
        return int(pos - self._out_ends[i] + self._in_ends[i])


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
    """A long message rewritten chunk by chunk: where each chunk starts in the output and in the input, and the map of
    its distinct chunk (None: copied as it is). Identical chunks share one map, so a megabyte that repeats its words
    costs one array entry per chunk, not a Python object per rewritten word."""

    __slots__ = ("_ids", "_in_starts", "_maps", "_out_starts")

    def __init__(
        self,
        out_starts: npt.NDArray[np.int64],
        in_starts: npt.NDArray[np.int64],
        ids: npt.NDArray[np.int64],
        maps: list[_Map | None],
    ) -> None:
        self._out_starts = out_starts
        self._in_starts = in_starts
        self._ids = ids
        self._maps = maps

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.position(start, is_end=False), self.position(end, is_end=True)

    def position(self, pos: int, *, is_end: bool) -> int:
        # The chunk that holds the character at `pos` (for an exclusive end: the one before it), as `_Layer` does.
        probe = pos - 1 if is_end and pos > 0 else pos
        i = max(0, int(np.searchsorted(self._out_starts, probe, "right")) - 1)
        local = pos - int(self._out_starts[i])
        chunk_map = self._maps[self._ids[i]]
        return int(self._in_starts[i]) + (local if chunk_map is None else chunk_map.position(local, is_end=is_end))


_Map = _Layer | _Layers | _Chunks
_NO_EDITS = _Layer((), (), (), ())


# Not frozen: a frozen dataclass sets each field through object.__setattr__, and one is made per message read (five
# times the cost of plain slots, ~0.2 s of a 200,000-message file). Treat it as read-only all the same.
@dataclass(slots=True)
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
        if self.folded.isascii():
            start, end = min(start, len(self.folded)), min(end, len(self.folded))
        else:  # bytes and characters part ways
            start, end = characters_before(self.folded, start), characters_before(self.folded, end)
        start, end = self.folding.span(start, end)
        # Never hand out a span that starts or ends in white space the canonical text did not have.
        while start < end and self.original[start].isspace():
            start += 1
        while end > start and self.original[end - 1].isspace():
            end -= 1
        return start, max(start, end)


_UTF8_CONTINUATION = bytes(range(0x80, 0xC0))


def characters_before(utf8: bytes, offset: int) -> int:
    """How many whole characters the first `offset` bytes of `utf8` hold (a lone surrogate, as written by
    "surrogatepass", counts as one; a character cut by `offset` does not count)."""
    prefix = utf8[:offset]
    count = len(prefix.translate(None, _UTF8_CONTINUATION))  # bytes that start a character
    lead = len(prefix) - 1
    while lead >= 0 and len(prefix) - lead < 4 and 0x80 <= prefix[lead] < 0xC0:
        lead -= 1
    if lead >= 0 and prefix[lead] >= 0xC0:
        needed = 2 if prefix[lead] < 0xE0 else 3 if prefix[lead] < 0xF0 else 4
        if len(prefix) - lead < needed:
            count -= 1
    return count


def normalize(text: str) -> NormalizedText:
    folding = _NO_EDITS
    if text.isascii():
        folded = text.lower()
    else:
        text_to_fold, native = _fold_mixed_words(text)
        fold = _fold_unicode if len(text) < _LONG_FROM else _fold_unicode_arrays
        folded, folding = fold(text_to_fold, native)
    encoded = folded.encode("utf-8", "surrogatepass")
    seen = _needs_rewrite(encoded)
    if not seen:
        return NormalizedText(text, folded, encoded, encoded, folding, _NO_EDITS)
    edits: list[Edit] = []
    if _REWRITE_ANY not in seen:  # only number words
        canonical, numbers = encoded, False
    elif len(encoded) >= _LONG_FROM and (chunked := _rewrite_chunked(encoded, seen)) is not None:
        canonical, chunks_map = chunked
        return NormalizedText(text, canonical.decode("utf-8", "surrogatepass"), canonical, encoded, folding, chunks_map)
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
    rewriting: _Map = _Layer.of(edits)
    if numbers or _NUMBER_WORDS_SEEN in seen:
        # A second pass, because a number word may be made by the first (`s3v3nt33n`) or span two words (`twenty five`).
        canonical, number_edits = _substitute(canonical, _NUMBER_WORD, _number)
        if number_edits:
            rewriting = _Layers(_Layer.of(number_edits), rewriting)
    return NormalizedText(text, canonical.decode("utf-8", "surrogatepass"), canonical, encoded, folding, rewriting)


# Long messages (from this many characters or bytes) are folded with arrays and rewritten in chunks; below it the
# plain passes are as fast and simpler. A long message is cut where no rewrite can reach across (see `_chunk_starts`),
# and each distinct chunk is rewritten once: a long message repeats its words, so a megabyte of disguised words is a few
# thousand distinct chunks to rewrite instead of a Python step per word.
_LONG_FROM = 4096
# A number word made of two words across a cut (`twenty five`): then the number pass runs on the whole text.
_TENS_AT_END = re.compile(rb"(?<![\w'])(?:" + "|".join(_TENS).encode() + rb") \Z")
_UNIT_AT_START = re.compile(rb"(?:" + "|".join(_UNITS).encode() + rb")(?![\w'])")

Chunk = tuple[bytes, _Map | None, bool, int]  # output, map back (None: unchanged), made a number word, evidence


def _rewrite_chunked(encoded: bytes, seen: list[int]) -> tuple[bytes, _Map] | None:
    """`_rewrite` of a long message, chunk by chunk, with the same result as one pass over the whole of it. None when
    most chunks differ from each other: then one pass costs less."""
    in_starts = _chunk_starts(encoded)
    # Every chunk but the first has white space before it, and is read so (`_rewrite`'s `after_space`); the first is
    # read at the start of the text, so it is rewritten on its own, as the last distinct chunk.
    bounds = np.append(in_starts, len(encoded))
    numbered, firsts = _chunks.number(encoded, bounds[1:])
    if 2 * len(firsts) > len(in_starts):
        return None
    ids = np.empty(len(in_starts), dtype=np.int64)
    ids[0] = len(firsts)
    ids[1:] = np.frombuffer(numbered, dtype=np.int64)
    distinct = [encoded[bounds[first + 1] : bounds[first + 2]] for first in firsts]
    distinct.append(encoded[: bounds[1]])
    counts = np.bincount(ids, minlength=len(distinct)).tolist()
    split_words = _SPLIT_WORDS in seen
    double_spaced = b"  " in encoded
    watch = _MAYBE_LEETSPEAK in seen and seen != _ONLY_REWRITE
    leet = seen != _ONLY_REWRITE and _BANG_IN_WORD in seen and _is_leetspeak(encoded)

    def rewrite_all(leet: bool, watch: bool) -> list[Chunk]:
        done: list[Chunk] = []
        evidence = 0
        for number, (chunk, count) in enumerate(zip(distinct, counts, strict=True)):
            after_space = number < len(firsts)
            out, edits, numbers, found = _rewrite(chunk, leet, split_words, watch, double_spaced, after_space)
            done.append((out, _Layer.of(edits) if edits else None, numbers, found))
            evidence += found * count
            if watch and evidence >= 2:  # the words of the message as a whole show it is leetspeak
                raise _Leetspeak
        return done

    try:
        done = rewrite_all(leet, watch and not leet)
    except _Leetspeak:
        done = rewrite_all(True, False)
    if any(result[2] for result in done) or _NUMBER_WORDS_SEEN in seen:
        # Decided per distinct chunk; pairs of neighbours are only looked at when both kinds of chunk occur.
        tens_last = np.array([_TENS_AT_END.search(result[0]) is not None for result in done])
        unit_first = np.array([_UNIT_AT_START.match(result[0]) is not None for result in done])
        if tens_last.any() and unit_first.any() and (tens_last[ids[:-1]] & unit_first[ids[1:]]).any():
            canonical = _chunks.join([result[0] for result in done], ids)
            rewriting = _chunk_map(in_starts, ids, done)
            canonical, number_edits = _substitute(canonical, _NUMBER_WORD, _number)
            return canonical, _Layers(_Layer.of(number_edits), rewriting) if number_edits else rewriting
        for number, (out, chunk_map, made, found) in enumerate(done):
            out_numbers, number_edits = _substitute(out, _NUMBER_WORD, _number)
            if number_edits:
                layer = _Layer.of(number_edits)
                done[number] = (out_numbers, layer if chunk_map is None else _Layers(layer, chunk_map), made, found)
    return _chunks.join([result[0] for result in done], ids), _chunk_map(in_starts, ids, done)


def _chunk_map(in_starts: npt.NDArray[np.int64], ids: npt.NDArray[np.int64], done: list[Chunk]) -> _Chunks:
    out_lengths = np.array([len(result[0]) for result in done], dtype=np.int64)[ids]
    out_starts = np.zeros(len(ids), dtype=np.int64)
    np.cumsum(out_lengths[:-1], out=out_starts[1:])
    return _Chunks(out_starts, in_starts, ids, [result[1] for result in done])


def _chunk_starts(encoded: bytes) -> npt.NDArray[np.int64]:
    r"""Where chunks start (found in C, `_chunks.cuts`): 0, and every cut. A cut is after one space or two white-space
    characters, between a word that ends in a letter, or in up to three digits and symbols right after a letter (`m3`,
    `gr33`), and one that starts with a letter, or with up to three digits and symbols right before one (`53nd`). After
    one space, the word after the cut must not be a single letter. So: `ab |cd`, `m3 |53nd`, `a  |b`, `s e n d  |m e`.
    A character that folding left outside ASCII (`😂`) counts as such a word's end or start.

    No rewrite reaches across such a cut. Spaced letters are single letters joined by single spaces; a white-space run
    ends at the cut; a digit token (`_bare_word`, all digits and symbols) reads the token before and after it, and
    neither is on the other side of a cut, since the words at a cut have a letter next to their digits or are not
    ASCII. The look-behinds at a chunk's start see the same as in the whole message when the chunk is read after white
    space (`_rewrite`'s `after_space`): only the two-character one (`(?<=\s\s)`) tells one space from two, and after
    one space it is followed by a letter and a space, which the cut rules out. Each chunk keeps the white space that
    ends it."""
    return np.frombuffer(_chunks.cuts(encoded), dtype=np.int64)


_ASCII_LOWER = {ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def _fold_unicode(text: str, native: bool = False) -> tuple[str, _Layer]:
    """NFKC, case folding, accents and look-alikes to ASCII, invisible characters removed, emoji named; `native`: the
    letters of a Cyrillic, Greek or Armenian text stay its own (see `_fold_mixed_words`).

    Each distinct character is folded once (and cached); `str.translate` does the rest in C. Only characters whose
    folded form is not exactly one character long move later positions, so only they need edits."""
    table = dict(_ASCII_LOWER)
    resized: list[str] = []
    for char in set(text):
        if not char.isascii():
            folded = table[ord(char)] = _fold_char(char, native)
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
    return text.translate(table), _Layer.of(edits)


_CODE_POINTS = 0x110000


def _fold_unicode_arrays(text: str, native: bool = False) -> tuple[str, _Layer]:
    """`_fold_unicode` of a long text, with arrays of code points instead of a `str.translate` table and a Python step
    per resized character (a megabyte of zero-width characters or emoji has hundreds of thousands)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    out = codes + ((codes - ord("A")) < 26) * np.uint32(32)  # ASCII capitals to small letters (below "A" wraps round)
    wide = np.flatnonzero(codes > 127)  # where the characters are that `_fold_char` folds
    wide_codes = codes[wide]
    present = np.zeros(_CODE_POINTS, dtype=bool)
    present[wide_codes] = True
    chars = np.flatnonzero(present)
    folds = [_fold_char(char, native) for char in map(chr, chars.tolist())]
    slot = np.empty(_CODE_POINTS, dtype=np.int32)  # only the pages of the code points that occur are touched
    slot[chars] = np.arange(len(chars), dtype=np.int32)
    which = slot[wide_codes]  # each one's place in `chars` and `folds`
    out[wide] = np.array([ord(fold[0]) if fold else 0 for fold in folds], dtype=np.uint32)[which]
    wide_lengths = np.array([len(fold) for fold in folds], dtype=np.int64)[which]
    changes = wide_lengths != 1
    resized, lengths = wide[changes], wide_lengths[changes]
    if not len(resized):
        return out.tobytes().decode("utf-32-le", "surrogatepass"), _NO_EDITS
    growth = lengths - 1
    out_starts = resized + np.cumsum(growth) - growth
    if lengths.any():  # some fold longer than one character: repeat its first character, then write the rest in
        repeats = np.ones(len(codes), dtype=np.int64)
        repeats[resized] = lengths
        out = np.repeat(out, repeats)
        longer = lengths > 1
        longer_slots, longer_starts = which[changes][longer], out_starts[longer]
        # `bincount`, not `np.unique`: the first `np.unique` in a process imports `numpy.ma` (tens of milliseconds).
        for place in np.flatnonzero(np.bincount(longer_slots)).tolist():
            starts = longer_starts[longer_slots == place]
            for offset, char in enumerate(folds[place][1:], start=1):
                out[starts + offset] = ord(char)
    else:  # only removals
        keep = np.ones(len(codes), dtype=bool)
        keep[resized] = False
        out = out[keep]
    folded = out.tobytes().decode("utf-32-le", "surrogatepass")
    return folded, _Layer(out_starts, out_starts + lengths, resized, resized + 1)


@lru_cache(maxsize=65536)
def _fold_char(char: str, native: bool = False) -> str:
    if char in _EMOJI_WORDS:
        return f" {_EMOJI_WORDS[char]} "
    if ord(char) in _INVISIBLE or unicodedata.category(char) == "Cf":
        return ""
    if unicodedata.category(char) == "Mn" and not _KEEPS_MARKS(char):
        return ""  # a combining accent / variation selector left over from decomposition
    folded = unicodedata.normalize("NFKC", char).casefold()
    result = []
    for part in folded:
        if part.isdecimal() and not part.isascii():  # "١٣", "१३", "๑๓": an age or a sum like any other
            result.append(str(unicodedata.decimal(part)))
            continue
        if part in _HOMOGLYPHS and not (native and _LOOKALIKE_SCRIPT(part)):
            result.append(_HOMOGLYPHS[part])
        elif part.isascii():
            result.append(part)
        else:
            stripped = "".join(c for c in unicodedata.normalize("NFKD", part) if not unicodedata.combining(c))
            if stripped.isascii() and stripped:  # empty: the part is a mark a script spells with
                result.append(_HOMOGLYPHS.get(stripped, stripped))
            elif part in _NATIVE_VARIANTS:  # "ё" is written "е" as often as not; Greek accents are left out in chat
                variant = _NATIVE_VARIANTS[part]
                result.append(variant if native else _HOMOGLYPHS.get(variant, variant))
            else:  # a letter of its own ("й", "が", "한", "क़"), not a Latin letter with an accent
                result.append(_ARABIC_VARIANTS.get(part, part))
    return "".join(result)


# Scripts with letters that look like Latin ones. Their look-alikes are folded to Latin in a Latin text ("ѕеnd mе а
# рiс"), never in a text in the script itself: "мама" and "ένα" are words, not disguises.
_LOOKALIKE_SCRIPTS = re.compile("[\u0370-\u03ff\u1f00-\u1fff\u0400-\u052f\u0530-\u058f]")
_LOOKALIKE_SCRIPT = _LOOKALIKE_SCRIPTS.match
# Combining marks that are part of a script's spelling (Indic vowel signs and viramas; Thai, Lao, Tibetan, Myanmar and
# Khmer vowels and tones), not accents to drop.
_KEEPS_MARKS = re.compile("[\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff]").match
_NATIVE_VARIANTS = {
    "ё": "е",
    **{
        char: unicodedata.normalize("NFKD", char)[0]
        for char in "άέήίόύώϊϋΐΰ"  # tonos and dialytika: "είσαι" and "εισαι" are the same word in chat
    },
}
# Arabic chat writes a letter's variants interchangeably: hamza on alef or not, alef maqsura for ya, ta marbuta as ha,
# the Persian and Urdu ya and kaf; the tatweel only stretches a word ("حلـــوة").
_ARABIC_VARIANTS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ة": "ه", "ک": "ك", "ـ": ""}
_WORD = re.compile(r"[^\W\d_]+")


def _fold_mixed_words(text: str) -> tuple[str, bool]:
    """Whether `text` is written in a script with Latin look-alikes (`_is_genuine`), and then the text with its mixed
    words unmixed: a word of the script with a Latin letter typed in it ("тiльки") gets the script's letter, and a
    Latin word with look-alikes in it ("sеnd", "рic" in a Russian message) is folded to Latin, as only it is a disguise."""
    if _LOOKALIKE_SCRIPTS.search(text) is None or not any(_is_genuine(char) for char in set(text)):
        return text, False
    return _WORD.sub(_unmix, text), True


@lru_cache(maxsize=4096)
def _is_genuine(char: str) -> bool:
    """A letter only a text in its script has: one that imitates no Latin letter ("д", "λ", "ш"), or one that filters
    are rarely dodged with (`_SCRIPT_ONLY`)."""
    return char.isalpha() and _LOOKALIKE_SCRIPT(char) is not None and (_latin_lookalike(char) is None or char in _SCRIPT_ONLY)


def _unmix(word: re.Match[str]) -> str:
    letters = word.group()
    if letters.isascii() or not any(char.isascii() for char in letters):
        return letters
    if any(_is_genuine(char) and _CYRILLIC(char) for char in letters):
        return letters.translate(_LATIN_TO_CYRILLIC)
    return "".join(_latin_lookalike(char) or char for char in letters)


# Small letters that imitate a Latin one only as a capital would ("мне", "нет", "ок" are Russian words; "ѕеnd" is a
# disguise), and Greek letters that filters are rarely dodged with ("χρονών", "όχι", "και" are Greek words).
_SCRIPT_ONLY = frozenset("вкмнт" "βγηκντυχωάέήίόύώϊϋΐΰ")
_CYRILLIC = re.compile("[\u0400-\u052f]").match
_LATIN_TO_CYRILLIC = str.maketrans("aceiopxyACEIOPXY", "асеіорхуАСЕІОРХУ")


@lru_cache(maxsize=4096)
def _latin_lookalike(char: str) -> str | None:
    """The Latin letter a Cyrillic, Greek or Armenian letter imitates, if it imitates one."""
    folded = _fold_char(char)
    return folded if _LOOKALIKE_SCRIPT(char) and len(folded) == 1 and folded.isascii() else None


class _Leetspeak(Exception):
    """Raised by a watching `_rewrite` that has met enough leetspeak words to know the message is written in it."""


def _rewrite(
    folded: bytes,
    leet: bool,
    split_words: bool,
    watch: bool,
    /,
    double_spaced: bool | None = None,
    after_space: bool = False,
) -> tuple[bytes, list[Edit], bool, int]:
    """Spellings to canonical words. Also says whether a rewritten word is a number word, for the number pass, and how
    much leetspeak evidence its words gave. With `watch` (only outside leetspeak mode), stops with `_Leetspeak` as soon
    as its words show the message is leetspeak. `double_spaced`: whether the whole message has two spaces in a row
    (`folded` may be one chunk of it). `after_space`: `folded` is a chunk that white space comes before, which the
    patterns' look-behinds see."""
    if double_spaced is None:
        double_spaced = b"  " in folded
    skip = 0
    if after_space:
        folded, skip = b"  " + folded, 2  # look-behinds see the two characters before the scan starts
    pieces: list[bytes] = []
    edits: list[Edit] = []
    numbers = False
    evidence = 0  # see `_leet_evidence`
    last = skip
    delta = -skip  # len(output so far) - len(input so far), positions counted from the chunk's start
    canonical_word = _leet_word if leet else _plain_word
    for start, stop, kind in _tokens(folded, skip, leet, split_words):
        source = folded[start:stop]
        if kind == "chat":
            replacement = _CHAT_BYTES[source]
        elif kind == "word":
            if b"@" in source and folded[stop : stop + 1] == b".":
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
            replacement = _bare_word(folded, start, stop).encode()
        else:  # letters split by spaces or dots
            letters = source.translate(None, _NOT_LETTERS).decode("ascii")
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
        end = start + len(source)  # not `stop`: a word's closing `!` stays
        pieces += (folded[last:start], replacement)
        last = end
        edits.append((start + delta, start + delta + len(replacement), start - skip, end - skip))
        delta += len(replacement) - (end - start)
    pieces.append(folded[last:])
    return b"".join(pieces), edits, numbers, evidence


def _tokens(folded: bytes, skip: int, leet: bool, split_words: bool) -> Iterable[tuple[int, int, str | None]]:
    """(start, end, kind) of each match of the rewrite's pattern from `skip` on. Without spaced-out words they are found
    in C (`_chunks.rewrite_tokens`, the same matches): the pattern's scan in `re` was most of the cost of normalising."""
    if split_words:
        return ((match.start(), match.end(), match.lastgroup) for match in _REWRITERS[leet, True].finditer(folded, skip))
    return _chunks.rewrite_tokens(folded, skip, leet, _CHAT_BYTES, _LONGEST_CHAT)


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
    for token in _LEETISH_TOKEN.finditer(folded):
        evidence += _leet_evidence(token.group())
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
    if (start >= 2 and folded[start - 1 : start] in (b".", b",") and folded[start - 2 : start - 1].isdigit()) or (
        folded[end : end + 1] in (b".", b",") and folded[end + 1 : end + 4].isdigit()
    ):
        return token  # either side of an amount's thousands separator: `R$ 2.800`, `1,500`
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

"""Moderation: what a visitor's post may hold, before it is kept and before it is shown.

A kiosk takes text from anyone. Three rules apply to every post:

- it is plain text: control characters and escape sequences (ECMA-48 CSI,
  OSC and the rest, 7-bit and 8-bit forms) are removed, so nothing a visitor
  types can move a cursor, clear a screen or set a terminal's title;
- it fits 140 characters, a 2011 tweet;
- it holds no blocked word. The words are profanex's well-kept list
  (``emulator/lexicon.py``) with a few British ones of ours
  (``emulator/moderation.toml``), plus a curator's ``blocked_words.txt`` in
  the exhibit's data folder; a curator's ``allowed_words.txt`` lifts any
  of them (one word or phrase a line, ``#`` starts a comment).

Matching sees through the disguises people use to slip a word past a
filter: the text is folded first (Unicode NFKC, look-alike letters from
other alphabets to ASCII, accents off, hidden characters out), then each
word is read as written, with leetspeak and masks undone (``sh!t``,
``f**k``, ``$h1t``), with stretched letters closed up (``fuuuuck``), and
joined to its neighbours when letters are spread out (``f u c k``,
``f.u.c.k``, ``fu ck``). A word matches a listed one with its endings
(plurals, -ed, -ing, -er, -y); a few roots match inside any word
(``motherf...``, ``...head``). Words that are abuse in one sentence and
innocent in another (a fag at one's desk in 1975, a chink of light) are
judged by the words around them.

``clean`` is applied before storing and again before display; ``check``
says, in words for a visitor, why a post cannot go up; ``WordList.judge``
says, for a curator, which word refused it and how it was written.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

MAX_POST = 140                  # characters in a visitor's post (a 2011 tweet)
WORDS_FILE = "blocked_words.txt"
ALLOWED_FILE = "allowed_words.txt"

REFUSED = ("That post has a word the wall does not allow. "
           "Please change it and post again.")

# ESC followed by a CSI (ESC [ ... final), an OSC/DCS/PM/APC string (up to
# BEL or ESC \), or any other single escape; the 8-bit C1 forms likewise.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"             # CSI
    r"|\x9b[0-?]*[ -/]*[@-~]?"              # 8-bit CSI
    r"|[\x1b][\]PX^_].*?(?:\x07|\x1b\\|$)"  # OSC, DCS, SOS, PM, APC
    r"|[\x90\x98\x9d\x9e\x9f].*?(?:\x07|\x9c|\x1b\\|$)"
    r"|\x1b[ -/]*[0-~]?",                   # any other escape (ESC c, ESC ( 0 ...)
    re.DOTALL)


def clean(text: str) -> str:
    """Plain text: escape sequences gone, control characters gone, spaces tidied.

    Line breaks, tabs and other spaces (no-break, wide) become spaces (a post
    is one paragraph); every other control or format character (Unicode
    categories Cc, Cf, Cs, Co, Cn) is dropped, and runs of spaces are closed up.
    """
    text = _ESCAPES.sub("", text)
    out = []
    for ch in text:
        if ch in "\r\n\t\v\f" or unicodedata.category(ch) == "Zs":
            out.append(" ")     # a no-break or wide space pasted in is a space
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            continue
        else:
            out.append(ch)
    return re.sub(r" {2,}", " ", "".join(out)).strip()


# -- folding: the text as plain lower-case ASCII letters ------------------

# Letters from other alphabets that look like Latin ones (after lower
# casing): Cyrillic, Greek, Armenian, IPA and small capitals, and Latin
# letters NFKD leaves alone. Unicode's confusables.txt is the source; these
# are the ones a phone or a character map offers.
_LOOKALIKES = str.maketrans({
    "а": "a", "б": "b", "в": "b", "г": "r", "д": "d", "е": "e", "ё": "e", "ж": "x",
    "з": "3", "и": "u", "й": "u", "к": "k", "л": "n", "м": "m", "н": "h", "о": "o",
    "п": "n", "р": "p", "с": "c", "т": "t", "у": "y", "ф": "o", "х": "x", "ц": "u",
    "ч": "4", "ш": "w", "щ": "w", "ъ": "b", "ы": "bi", "ь": "b", "э": "e", "ю": "io",
    "я": "r", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q",
    "ԝ": "w", "ү": "y", "ҝ": "k", "ӏ": "l", "є": "e", "ґ": "r",
    "α": "a", "β": "b", "γ": "y", "δ": "d", "ε": "e", "ζ": "z", "η": "n", "θ": "o",
    "ι": "i", "κ": "k", "λ": "l", "μ": "u", "ν": "v", "ξ": "e", "ο": "o", "π": "n",
    "ρ": "p", "σ": "o", "ς": "c", "τ": "t", "υ": "u", "φ": "o", "χ": "x", "ψ": "w",
    "ω": "w", "ϲ": "c", "ϳ": "j",
    "ո": "n", "ս": "u", "օ": "o", "ռ": "n", "ց": "g", "հ": "h", "զ": "q",
    "ı": "i", "ȷ": "j", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ŧ": "t",
    "ƅ": "b", "ɑ": "a", "ɡ": "g", "ɩ": "i", "ɪ": "i", "ʀ": "r", "ʏ": "y", "ɴ": "n",
    "ʙ": "b", "ʜ": "h", "ʟ": "l", "ᴀ": "a", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ɢ": "g",
    "ᴊ": "j", "ᴋ": "k", "ᴍ": "m", "ᴏ": "o", "ᴘ": "p", "ꜱ": "s", "ᴛ": "t", "ᴜ": "u",
    "ᴠ": "v", "ᴡ": "w", "ᴢ": "z", "ғ": "f", "æ": "ae", "œ": "oe", "þ": "p",
    "’": "", "‘": "", "'": "", "`": "", "´": "",
})

# Leetspeak: digits and signs standing for letters inside a word. "1" and
# "|" are read as i and, in a second reading, as l.
_LEET_I = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t",
                         "8": "b", "9": "g", "@": "a", "$": "s", "!": "i", "|": "i",
                         "+": "t", "€": "e", "£": "l", "¡": "i"})
_LEET_L = str.maketrans({"1": "l", "|": "l", "!": "i"})


def _unleet(text: str) -> str:
    """Leetspeak undone, except in a plain number: "post 455" and "1985" are numbers,
    not "ass" and "iges"."""
    return text if text.isdigit() else text.translate(_LEET_I)
_MASKS = "*#%"
_IN_WORD = r"a-z0-9@$!|+€£¡*#%"     # what a written word may be made of
_WORD = re.compile(f"[{_IN_WORD}]+")
_EDGES = re.compile(r"^[!|+%]+|[!|+.]+$")


def fold(text: str) -> str:
    """NFKC, lower case, look-alike letters to ASCII, accents and hidden characters off."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_LOOKALIKES)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text
                   if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf")


def _letters(word: str) -> str:
    return "".join(ch for ch in word if "a" <= ch <= "z")


# Endings a listed word takes: plurals, tenses, doers and adjectives
# ("bitches", "fucked", "wanking", "tossers", "cunty", "retards").
_ENDINGS = ("ings", "ing", "in", "ers", "er", "ed", "es", "s", "ies", "y", "ey", "ie",
            "ish", "z", "a", "heads", "head", "face", "faces", "bag", "bags", "wit", "wits")


# -- the word lists ---------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Rules:
    """The shipped rules: words, roots, lifted words, context cues."""

    words: frozenset[str]               # single words, folded
    phrases: frozenset[str]             # phrases of two or more words, folded
    roots: frozenset[str]
    allowed: frozenset[str]
    context: dict[str, tuple[str, ...]]
    hostile_anywhere: tuple[str, ...]
    hostile_before: tuple[str, ...]
    hostile_after: tuple[str, ...]
    groups: frozenset[str]              # words for people, refused only beside a hostile word
    group_before: tuple[str, ...]
    group_after: tuple[str, ...]


def _entry(word: str) -> str:
    """A list entry as the matcher compares it: folded, leet undone, one space between words."""
    word = fold(word).translate(_LEET_I).replace("_", "").replace("-", " ")
    return " ".join(_letters(part) for part in word.split() if _letters(part))


@functools.cache
def shipped() -> Rules:
    """profanex's list plus ours (``moderation.toml``), read once per process."""
    from emulator import lexicon

    ours: dict[str, Any] = tomllib.loads(
        resources.files("emulator").joinpath("moderation.toml").read_text(encoding="utf-8"))
    entries = {_entry(w) for w in (*lexicon.banned(), *ours["blocked"])
               if not any(m in w for m in _MASKS)}   # masks are read by the matcher
    entries.discard("")
    words = frozenset(e for e in entries if " " not in e)
    phrases = frozenset(e for e in entries if " " in e)
    context = {_entry(k): tuple(_entry(c) if c != "19" else c for c in v)
               for k, v in ours["context"].items()}
    hostile = ours["hostile"]
    return Rules(
        words=words | {p.replace(" ", "") for p in phrases},
        phrases=phrases,
        roots=frozenset(_entry(r) for r in ours["roots"]),
        allowed=frozenset(_entry(w) for w in (*lexicon.allowed(), *ours["allowed"])),
        context=context,
        hostile_anywhere=tuple(_entry(c) for c in hostile["anywhere"]),
        hostile_before=tuple(_entry(c) for c in hostile["before"]),
        hostile_after=tuple(_entry(c) for c in hostile["after"]),
        groups=frozenset(_entry(w) for w in ours["groups"]),
        group_before=tuple(_entry(c) for c in hostile["group_before"]),
        group_after=tuple(_entry(c) for c in hostile["group_after"]),
    )


def read_list(path: Path) -> list[str]:
    """The words of a curator's list: one word or phrase a line, ``#`` starts a comment.

    An unreadable file is an empty list (the shipped rules still apply): a
    kiosk must keep running when a curator saves a file oddly.
    """
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    words = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.append(line)
    return words


# -- judging a post ---------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Judgement:
    """What the wall's rules make of a text: the word that refuses it (None: it may
    go up), how it was written, and why, in one line for a curator."""

    word: str | None
    written: str = ""
    reason: str = ""
    notes: tuple[str, ...] = ()     # listed words read as innocent here, and why

    @property
    def refused(self) -> bool:
        return self.word is not None


@dataclasses.dataclass
class _Token:
    text: str          # folded, as written (leet and masks still in it)
    first: int         # index of its first and last word in the post
    last: int
    written: str       # the post's own characters, for a curator's reason
    parts: tuple[str, ...] = ()   # the written words it joins
    name: bool = False            # capitalised inside a sentence: a place or a person
    chunk: int = 0                # the first and last space-separated piece of the post it is in
    last_chunk: int = 0


class WordList:
    """Blocked words and phrases, matched however they are spelt, with lifted words let through."""

    def __init__(self, extra: Iterable[str] = (), allowed: Iterable[str] = (), *,
                 rules: Rules | None = None) -> None:
        base = rules or shipped()
        lifted = {_entry(w) for w in allowed} - {""}
        added = {_entry(w) for w in extra} - {""}
        self.lifted = frozenset(lifted)
        self.added = frozenset(added)
        lifted_roots = base.roots & lifted
        self.words = {w for w in base.words
                      if not _lifted_by(w, lifted) and not any(r in w for r in lifted_roots)} \
            | {w for w in added if " " not in w} | {w.replace(" ", "") for w in added if " " in w}
        self.phrases = (base.phrases - lifted) | {w for w in added if " " in w}
        self.roots = base.roots - lifted
        self.allowed = (base.allowed | lifted) - added
        self.context = {k: v for k, v in base.context.items() if k not in added}
        self.rules = base
        self._by_sound = {_sound(w): w for w in sorted(self.words | self.roots, key=len, reverse=True)
                          if len(w) >= 4 and w not in self.context}
        # Vowels dropped: only the strong roots, whose skeletons no common word shares.
        # ("cnt" is how a text message spells "can't", "twt" a tweet.)
        self._by_skeleton = {re.sub("[aeiouy]", "", r): r for r in self.roots if len(r) >= 4}
        for common in ("cnt", "twt"):
            self._by_skeleton.pop(common, None)
        spellable = sorted((w for w in self.words | self.roots if len(w) >= 3), key=len, reverse=True)
        self._spelt_re = re.compile("(?=(" + "|".join(map(re.escape, spellable)) + "))")
        self._by_length: dict[int, list[str]] = {}
        for w in self.words:
            self._by_length.setdefault(len(w), []).append(w)
        lifted_phrases = sorted(w for w in self.allowed if " " in w)
        self._lifted_re = (re.compile(r"(?<![a-z])(?:" + "|".join(
            r"[^a-z]{0,2}".join(re.escape(x) for x in p.split()) for p in lifted_phrases)
            + r")(?![a-z])") if lifted_phrases else None)
        self._phrase_re = (re.compile(r"(?<![a-z])(?:" + "|".join(
            re.escape(p).replace(r"\ ", " ?") for p in sorted(self.phrases)) + r")(?![a-z])")
            if self.phrases else None)

    @classmethod
    def load(cls, folder: str | Path | None) -> WordList:
        """The shipped rules with the curator's ``blocked_words.txt`` added and
        ``allowed_words.txt`` lifted, from ``folder`` (either file may be missing)."""
        if folder is None:
            return cls()
        folder = Path(folder)
        return cls(read_list(folder / WORDS_FILE), read_list(folder / ALLOWED_FILE))

    def blocked(self, text: str) -> str | None:
        """The first blocked word the text holds, or None."""
        return self.judge(text).word

    def judge(self, text: str) -> Judgement:
        """Whether the text holds a blocked word, which, written how, and why."""
        folded = fold(text)
        if self._lifted_re is not None:          # "cock-up", "bloody hell": lifted whole
            folded = self._lifted_re.sub(lambda m: re.sub(r"\S", "~", m.group(0)), folded)
        tokens = list(_tokens(text, folded))
        words = [_letters(_unleet(t.text)) for t in tokens]
        if self._phrase_re is not None:
            found = self._phrase_re.search(" " + " ".join(w for w in words if w) + " ")
            if found:
                phrase = found.group(0).strip()
                return Judgement(phrase, phrase, f'phrase "{phrase}" from {self._source(phrase)}')
        hated = self._hated(words)
        if hated is not None:
            return Judgement(hated, hated, f'"{hated}": abuse of a group of people')
        notes: list[str] = []
        for token in _joined(tokens, self._spelt):
            verdict = self._token(token, words, folded, notes)
            if verdict is not None:
                return verdict
        return Judgement(None, notes=tuple(notes))

    # -- one written word ---------------------------------------------------

    def _token(self, token: _Token, words: list[str], folded: str,
               notes: list[str]) -> Judgement | None:
        forms = _readings(token.text)
        # Lifted as written ("Twatt", "Scunthorpe"), not once stretched letters
        # are closed up ("twattttt" is not a place).
        as_written = {_letters(token.text), _letters(_unleet(token.text)), *token.parts}
        if not as_written.isdisjoint(self.allowed):
            return None
        for form in forms:
            for word, how in self._matches(form, joined=token.first != token.last):
                key = self._context_key(word)
                if key is None:
                    return Judgement(word, token.written, _reason(word, token.written, how,
                                                                  self._source(word)))
                hostile, innocent = self._context(key, token, words, folded)
                if hostile is None:     # read in context, the word is innocent here
                    note = f'"{key}" read as innocent ({innocent})'
                    if note not in notes:
                        notes.append(note)
                    return None
                return Judgement(word, token.written, hostile)
        return None

    def _hated(self, words: list[str]) -> str | None:
        """A word for a group of people right next to a hostile word ("dirty ...",
        "... bashing"), as the two are written; None if there is none."""
        rules = self.rules
        for i, word in enumerate(words):
            if word not in rules.groups or word in self.allowed:
                continue
            before = " " + " ".join(words[max(0, i - 2):i]) + " "
            after = " " + " ".join(words[i + 1:i + 3]) + " "
            for cue in rules.group_before:
                if before.endswith(f" {cue} "):
                    return f"{cue} {word}"
            for cue in rules.group_after:
                if after.startswith(f" {cue} "):
                    return f"{word} {cue}"
        return None

    def _spelt(self, run: str) -> Iterator[tuple[int, int]]:
        """The whole run ("t r a n n i e s" may carry an ending), then where listed
        words and roots lie inside it, longest first."""
        yield 0, len(run)
        for found in self._spelt_re.finditer(run):
            yield found.start(), found.start() + len(found.group(1))

    def _source(self, word: str) -> str:
        return "the data folder's blocked_words.txt" if word in self.added else "the list"

    def _matches(self, form: str, *, joined: bool) -> Iterator[tuple[str, str]]:
        """The listed words this reading can be, and how each matched."""
        if not any(m in form for m in _MASKS):
            if form in self.words:
                yield form, "word"
            stem = self._stem(form)
            if stem is not None:
                yield stem, "ending"
            if not joined:              # a root across two words is two words ("magic until")
                for root in self.roots:
                    if root in form:
                        yield root, "root"
            sound = _sound(form)            # "fook", "phuck", "fuk", "kunt"
            if sound in self._by_sound:
                yield self._by_sound[sound], "spelling"
            if len(form) >= 3 and not any(ch in "aeiouy" for ch in form) \
                    and form in self._by_skeleton:   # "fck", "sht", "twt"
                yield self._by_skeleton[form], "spelling"
            return
        # A masked word ("f**k", "c*nt", "a**hole"): the listed words it can be,
        # its first letter as written.
        if len(form) < 3 or not form[0].isalpha():
            return
        for candidate in (form, *(form[:-len(e)] for e in _ENDINGS if form.endswith(e))):
            if len(candidate) < 3:
                continue
            pattern = re.compile(re.sub(f"[{re.escape(_MASKS)}]", "[a-z]", candidate))
            for word in self._by_length.get(len(candidate), ()):
                if pattern.fullmatch(word):
                    yield word, "mask"

    def _stem(self, form: str) -> str | None:
        for ending in _ENDINGS:
            if not form.endswith(ending) or len(form) - len(ending) < 3:
                continue
            stem = form[:-len(ending)]
            for base in (stem, stem + "e", stem + "y", stem[:-1] if stem[-1:] == stem[-2:-1] else ""):
                if base and base in self.words:
                    return base
        return None

    def _context_key(self, word: str) -> str | None:
        if word in self.context:
            return word
        stem = self._stem(word)
        return stem if stem in self.context else None

    def _context(self, key: str, token: _Token, words: list[str],
                 folded: str) -> tuple[str | None, str]:
        """Why this word is abuse here (None when its neighbours make it innocent),
        and the cue that made it innocent."""
        sentence = " " + " ".join(w for w in words if w) + " "
        for cue in self.rules.hostile_anywhere:
            if f" {cue} " in sentence:
                return f'"{key}" in a post with "{cue}"', ""
        before = " " + " ".join(words[max(0, token.first - 3):token.first]) + " "
        after = " " + " ".join(words[token.last + 1:token.last + 3]) + " "
        for cue in self.rules.hostile_before:
            if before.endswith(f" {cue} "):
                return f'"{key}" after "{cue}"', ""
        for cue in self.rules.hostile_after:
            if after.startswith(f" {cue} "):
                return f'"{key}" before "{cue}"', ""
        if token.name:                  # "Greetings from Cocking": a name, and no hostile word
            return None, "a name"
        for cue in self.context[key]:
            if cue == "19":
                if _YEAR.search(folded):
                    return None, "a year"
            elif f" {cue} " in sentence:
                return None, f'next to "{cue}"'
        return f'"{key}" with nothing round it to say it is innocent', ""


def _sound(word: str) -> str:
    """A word as it sounds, near enough: "phuck", "fook", "fuk" and "fuck" all give "fuk"."""
    for was, now in (("ph", "f"), ("ck", "k"), ("q", "k"), ("c", "k"), ("oo", "u"), ("z", "s")):
        word = word.replace(was, now)
    return word


_YEAR = re.compile(r"(?<![0-9])(?:19[0-9][0-9]|[1-9]0s)(?![0-9])")


def _lifted_by(word: str, lifted: frozenset[str] | set[str]) -> bool:
    """Whether lifting these words lifts this listed one: itself, or it with an
    ending ("shits", "fagging" go with "shit", "fag")."""
    for stem in lifted:
        if word == stem:
            return True
        if word.startswith(stem):
            rest = word[len(stem):]
            if rest in _ENDINGS or (rest[:1] == stem[-1:] and rest[1:] in _ENDINGS):
                return True
    return False


def _reason(word: str, written: str, how: str, where: str) -> str:
    shown = "" if written == word else f' (written "{written}")'
    kind = {"word": "word", "ending": "word", "root": "word holding", "mask": "masked word",
            "spelling": "misspelt word"}[how]
    return f'{kind} "{word}" from {where}{shown}'


def _tokens(text: str, folded: str) -> Iterator[_Token]:
    """The post's written words, folded, in order; ``written`` is each as typed.

    A word written with a capital inside a sentence ("Greetings from
    Cocking") is marked as a name.
    """
    index = 0
    names = _names(text)
    chunks = folded.split()
    originals = unicodedata.normalize("NFKC", text).split()
    if len(originals) != len(chunks):       # NFKC made or took a space: show the folded text
        originals = chunks
    for chunk_no, chunk in enumerate(chunks):
        for found in _WORD.finditer(chunk):
            word = _EDGES.sub("", found.group(0))
            if word and any(ch.isalnum() for ch in word):
                yield _Token(word, index, index, originals[chunk_no].strip(".,;:!?\"'()"), (word,),
                             chunk_no in names, chunk_no, chunk_no)
                index += 1


def _names(text: str) -> set[int]:
    """Which of the text's space-separated chunks are capitalised names, not a sentence's start."""
    out = set()
    chunks = unicodedata.normalize("NFKC", text).split()
    for i, chunk in enumerate(chunks):
        letters = [ch for ch in chunk if ch.isalpha()]
        if (i > 0 and len(letters) > 1 and letters[0].isupper()
                and any(ch.islower() for ch in letters[1:])
                and not chunks[i - 1].endswith((".", "!", "?", ":"))):
            out.add(i)
    return out


def _joined(tokens: list[_Token],
            spelt: Callable[[str], Iterator[tuple[int, int]]]) -> Iterator[_Token]:
    """Each written word, then neighbours joined: "f u c k", "f.u.c.k", "fu ck", "ki ll yo urself"."""
    yield from tokens
    n = len(tokens)
    # A run of single letters is a word spelt out ("f u c k", "y o u s h i t"):
    # the stretches of it that hold a listed word, found by ``spelt``.
    i = 0
    while i < n:
        j = i
        while j < n and len(tokens[j].text) == 1:
            j += 1
        if j - i >= 3:
            run = "".join(t.text for t in tokens[i:j]).translate(_LEET_I)
            for start, end in spelt(run):
                yield _merge(tokens[i + start:i + end])
        i = max(j, i + 1)
    # Two to four neighbours that make a word together.
    for size in (2, 3, 4):
        for i in range(n - size + 1):
            part = tokens[i:i + size]
            if sum(len(t.text) for t in part) <= 16 and not all(len(t.text) == 1 for t in part):
                yield _merge(part)


def _merge(part: list[_Token]) -> _Token:
    written: list[str] = []
    for t in part:                  # "f.u.c.k" is one piece of the post, written once
        if not written or t.chunk != part[part.index(t) - 1].chunk:
            written.append(t.written)
    return _Token("".join(t.text for t in part), part[0].first, part[-1].last,
                  " ".join(written), tuple(t.text for t in part),
                  any(t.name for t in part), part[0].chunk, part[-1].last_chunk)


def _readings(word: str) -> list[str]:
    """The ways a written word can be read: as written, leet undone (1 as i, then
    as l), "!" as a mask, a mask between letters taken as a separator
    ("f*u*c*k"), stretched letters closed up ("fuuuuck")."""
    out: list[str] = []
    if word.isdigit():                  # a number is a number (see _unleet)
        return out
    bases = [word]
    if re.fullmatch(f"(?:[a-z0-9][{re.escape(_MASKS)}])+[a-z0-9]", word):
        bases.append(re.sub(f"[{re.escape(_MASKS)}]", "", word))
    if "!" in word.strip("!"):
        bases.append(word.replace("!", "*"))
    if "v" in word:                     # "fvck", "cvnt"
        bases.append(word.replace("v", "u"))
    for base in bases:
        for form in (base, base.translate(_LEET_L).translate(_LEET_I), base.translate(_LEET_I)):
            form = "".join(ch for ch in form if ch.isalpha() or ch in _MASKS)
            for seen in (form, re.sub(r"(.)\1{2,}", r"\1", form),
                         re.sub(r"(.)\1{2,}", r"\1\1", form)):
                if seen and seen not in out:
                    out.append(seen)
    return out


def check(text: str, words: WordList | None = None, *, limit: int = MAX_POST) -> str | None:
    """Why a (cleaned) post cannot go up, in one line for the visitor; None if it can."""
    if not text.strip():
        return "The post is empty. Type something first."
    if len(text) > limit:
        return f"The post is {len(text)} characters; {limit} fit. Please shorten it."
    if (words or WordList()).blocked(text):
        return REFUSED
    return None

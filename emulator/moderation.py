"""Moderation: what a visitor's post may hold, before it is kept and before it is shown.

A kiosk takes text from anyone. Three rules apply to every post:

- it is plain text: control characters and escape sequences (ECMA-48 CSI,
  OSC and the rest, 7-bit and 8-bit forms) are removed, so nothing a visitor
  types can move a cursor, clear a screen or set a terminal's title;
- it fits 140 characters, a 2011 tweet;
- it holds no word from the blocked list: a short shipped list of obvious
  abuse, plus any words a curator adds to ``blocked_words.txt`` in the
  exhibit's data folder (one word or phrase a line, ``#`` starts a comment).

``clean`` is applied before storing and again before display; ``check``
says, in words for a visitor, why a post cannot go up.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

MAX_POST = 140                  # characters in a visitor's post (a 2011 tweet)
WORDS_FILE = "blocked_words.txt"

# Obvious abuse only: a curator adds local words in the data folder's file.
SHIPPED_WORDS: tuple[str, ...] = (
    "fuck", "fucking", "fucker", "shit", "shite", "cunt", "bastard", "bitch",
    "wanker", "twat", "prick", "dickhead", "arsehole", "asshole", "bollocks",
    "slut", "whore", "retard", "spastic", "nigger", "nigga", "faggot", "fag",
    "paki", "kike", "chink", "tranny", "kill yourself", "kys",
)

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

    Line breaks and tabs become spaces (a post is one paragraph); every
    other control or format character (Unicode categories Cc, Cf, Cs, Co, Cn)
    is dropped, and runs of spaces are closed up.
    """
    text = _ESCAPES.sub("", text)
    out = []
    for ch in text:
        if ch in "\r\n\t\v\f":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            continue
        else:
            out.append(ch)
    return re.sub(r" {2,}", " ", "".join(out)).strip()


class WordList:
    """Blocked words and phrases, matched whole, ignoring case and l33t spelling."""

    def __init__(self, words: Iterable[str] = SHIPPED_WORDS) -> None:
        self.words = sorted({" ".join(_plain(w).split()) for w in words if _plain(w)})
        self._pattern = (re.compile(r"(?<![a-z0-9])(?:" + "|".join(
            re.escape(w).replace(r"\ ", r"\s+") for w in self.words) + r")(?![a-z0-9])")
            if self.words else None)

    @classmethod
    def load(cls, folder: str | Path | None) -> WordList:
        """The shipped words plus the curator's ``blocked_words.txt`` in ``folder``, if any.

        An unreadable file is skipped (the shipped list still applies): a
        kiosk must keep running when a curator saves a file oddly.
        """
        words = list(SHIPPED_WORDS)
        if folder is not None:
            try:
                extra = (Path(folder) / WORDS_FILE).read_text(encoding="utf-8", errors="replace")
            except OSError:
                extra = ""
            for line in extra.splitlines():
                line = line.split("#", 1)[0].strip()
                if line:
                    words.append(line)
        return cls(words)

    def blocked(self, text: str) -> str | None:
        """The first blocked word the text holds, or None."""
        if self._pattern is None:
            return None
        # As written, then with letter swaps undone ("sh1t"); either match blocks.
        for form in (_plain(text), _fold(text)):
            found = self._pattern.search(form)
            if found:
                return found.group(0)
        return None


_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "@": "a",
                       "$": "s", "*": "u"})


def _plain(text: str) -> str:
    # Accents off and lower case, so "SHÍT" matches "shit".
    plain = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in plain if not unicodedata.combining(ch)).lower().strip()


def _fold(text: str) -> str:
    # Common letter swaps undone too, so "Sh1t" and "f*ck" match.
    return _plain(text).translate(_LEET)


def check(text: str, words: WordList | None = None, *, limit: int = MAX_POST) -> str | None:
    """Why a (cleaned) post cannot go up, in one line for the visitor; None if it can."""
    if not text.strip():
        return "The post is empty. Type something first."
    if len(text) > limit:
        return f"The post is {len(text)} characters; {limit} fit. Please shorten it."
    if (words or WordList()).blocked(text):
        return REFUSED
    return None

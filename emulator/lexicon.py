"""The well-kept word list the wall builds on: profanex's packaged lexicon.

profanex (MIT; its English list is a reviewed subset of Shutterstock's
"List of Dirty, Naughty, Obscene and Otherwise Bad Words", CC BY 4.0) keeps
a list sorted into categories, with mask and leetspeak spellings and an
allow list of words that hold a rude word innocently ("classic",
"assassin", "Scunthorpe"). We read its list through
``profanex.lexicon.load_effective_lexicon`` and do our own matching
(``emulator.moderation``), so this module is the one place that knows how
profanex stores it; ``tests/test_moderation_lexicon.py`` fails when that
changes.
"""

from __future__ import annotations

import functools

from profanex import FilterConfig
from profanex.lexicon import load_effective_lexicon

SOURCE = "profanex"


@functools.cache
def _lexicon() -> tuple[tuple[str, ...], tuple[str, ...]]:
    # Both files are parsed on each call: read them once per process.
    data = load_effective_lexicon(FilterConfig())
    return (tuple(sorted({entry.term.lower() for entry in data.banned})),
            tuple(sorted({term.lower() for term in data.allowlist})))


def banned() -> tuple[str, ...]:
    """Every term on profanex's list, in every category, lower case, as written there."""
    return _lexicon()[0]


def allowed() -> tuple[str, ...]:
    """profanex's own allow list: words that hold a listed word innocently."""
    return _lexicon()[1]

"""The content rules: what a stop must hold, what fits the screen, and how stops line up.

``python -m exhibit check`` and the app at start run exactly these (through
``timeline.loader.check_folder``), so a folder the checker passes is a folder
the exhibit shows.

The journey is the folder's files in file-name order. "In order" means: in
each lane, no stop is earlier than the stop before it in that lane (a
``both`` stop counts in each lane). Stops in different lanes may share or
cross years.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from timeline.problem import Problem
from timeline.stop import Lane, Stop
from timeline.stream import Thread

# Screens of the exhibit itself that a stop can show instead of a Z80.
SCREENS = ("wall",)

# What fits. The stop screen's story column is about 50 characters wide
# beside an 80-column machine on a 140-column terminal; a title must fit on
# one line of it, and a story must be read standing, from about 3 m away.
TITLE_MAX = 40           # characters
LABEL_MAX = 12           # characters, the name on a timeline marker
YEAR_LABEL_MAX = 10      # characters, "late 1970s"
STORY_WORDS_MAX = 150
STORY_CHARS_MAX = 1000
TRY_WORDS_MAX = 70
NOTES_WORDS_MAX = 200
PROMPTS_MAX = 3
PROMPT_CHARS_MAX = 200
SOURCE_CHARS_MAX = 300
WORD_CHARS_MAX = 30      # a longer word cannot be wrapped in the story column


# A type-in listing is printed beside the machine, as magazines printed them.
LISTING_LINES_MAX = 16
LISTING_WIDTH_MAX = 40


def _p(stop: Stop, key: str, message: str) -> Problem:
    return Problem(stop.path or Path("?"), stop.line_of(key), message)


def _long_word(text: str) -> str | None:
    return next((w for w in text.split() if len(w) > WORD_CHARS_MAX), None)


def check_stop(stop: Stop) -> list[Problem]:
    """The rules one stop must meet on its own: sections present, lengths that fit."""
    found: list[Problem] = []
    if len(stop.title) > TITLE_MAX:
        found.append(_p(stop, "title", f"title has {len(stop.title)} characters; "
                                        f"keep it to {TITLE_MAX} so it fits on one line"))
    if len(stop.short_label) > LABEL_MAX:
        key = "label" if stop.label else "title"
        found.append(_p(stop, key, f"the timeline name {stop.short_label!r} is longer than "
                                   f"{LABEL_MAX} characters; set a shorter label = \"...\""))
    if len(stop.year_label) > YEAR_LABEL_MAX:
        found.append(_p(stop, "year_label", f"year_label has {len(stop.year_label)} characters; "
                                            f"keep it to {YEAR_LABEL_MAX}"))
    words = len(stop.story.split())
    if words > STORY_WORDS_MAX or len(stop.story) > STORY_CHARS_MAX:
        found.append(_p(stop, "story", f"the story has {words} words ({len(stop.story)} "
                                       f"characters); keep it to {STORY_WORDS_MAX} words and "
                                       f"{STORY_CHARS_MAX} characters so it fits the screen"))
    words = len(stop.try_this.split())
    if words > TRY_WORDS_MAX:
        found.append(_p(stop, "try_this", f"'Try this' has {words} words; keep it to "
                                          f"{TRY_WORDS_MAX}"))
    listing = stop.listing.splitlines()
    if len(listing) > LISTING_LINES_MAX or any(len(line) > LISTING_WIDTH_MAX for line in listing):
        found.append(_p(stop, "listing", f"the type-in listing must fit {LISTING_LINES_MAX} lines "
                                         f"of {LISTING_WIDTH_MAX} characters"))
    words = len(stop.notes.split())
    if words > NOTES_WORDS_MAX:
        found.append(_p(stop, "notes", f"the presenter notes have {words} words; keep them to "
                                       f"{NOTES_WORDS_MAX}"))
    for key, text in (("title", stop.title), ("story", stop.story), ("try_this", stop.try_this)):
        word = _long_word(text)
        if word:
            found.append(_p(stop, key, f"{word[:20]!r}... is longer than {WORD_CHARS_MAX} "
                                       "characters and cannot wrap; break it up"))
    if len(stop.prompts) > PROMPTS_MAX:
        found.append(_p(stop, f"prompt{PROMPTS_MAX}", f"{len(stop.prompts)} discussion prompts; "
                                                      f"keep it to {PROMPTS_MAX} at most"))
    for i, prompt in enumerate(stop.prompts):
        if len(prompt) > PROMPT_CHARS_MAX:
            found.append(_p(stop, f"prompt{i}", f"this prompt has {len(prompt)} characters; keep "
                                                f"it to {PROMPT_CHARS_MAX}"))
    if not stop.sources:
        found.append(_p(stop, "sources" if "sources" in stop.lines else "body",
                        "the stop has no sources: add '## Sources' with a '- ' line for each"))
    for i, source in enumerate(stop.sources):
        if len(source.text) + len(source.url) > SOURCE_CHARS_MAX:
            found.append(_p(stop, f"source{i}", f"this source is longer than {SOURCE_CHARS_MAX} "
                                                "characters; shorten it"))
        if source.url and not source.url.startswith(("https://", "http://")):
            found.append(_p(stop, f"source{i}", f"the address {source.url!r} should start "
                                                "with https://"))
    return found


def check_journey(stops: list[Stop]) -> list[Problem]:
    """The rules across stops: no id used twice, and each lane runs forward in time."""
    found: list[Problem] = []
    seen: dict[str, Stop] = {}
    for stop in stops:
        if not stop.id:         # an id already reported as a mistake
            continue
        first = seen.get(stop.id)
        if first is not None and first.path is not None:
            found.append(_p(stop, "id", f"id '{stop.id}' is already used by {first.path.name}"))
        else:
            seen[stop.id] = stop
    for lane in (Lane.HOME, Lane.WORK):
        before: Stop | None = None
        for stop in stops:
            if not stop.lane.includes(lane) or not stop.year:
                continue        # a stop whose year is itself a mistake has no place yet
            if before is not None and stop.year < before.year:
                name = before.path.name if before.path else before.id
                found.append(_p(stop, "year", (
                    f"year {stop.year} is earlier than {before.year}, the year of the "
                    f"{lane.value} stop before it ({name}); the journey runs in file-name "
                    "order, so fix the year or rename the file")))
            before = stop
    return found


def check_machines(stops: list[Stop], programs: Iterable[str] | None = None) -> list[Problem]:
    """The rules for what each stop runs: programs that are built, machine tables that work."""
    # Imported here: the loader itself needs neither the roms nor the emulator.
    from emulator.profile import Profile, ProfileError

    if programs is None:
        import roms
        programs = roms.program_names()
    built = {name.upper() for name in programs}
    listing = ", ".join(sorted(built)) or "none"
    found: list[Problem] = []
    for stop in stops:
        if stop.program and stop.screen:
            found.append(_p(stop, "screen", "a stop runs either a program (on its Z80) or a "
                                            "screen, not both; remove one"))
        if stop.screen and stop.screen not in SCREENS:
            found.append(_p(stop, "screen", f"unknown screen {stop.screen!r} (known: "
                                            f"{', '.join(SCREENS)})"))
        if stop.machine and not stop.program:
            found.append(_p(stop, "machine", "a [machine] table needs a program = \"NAME\" "
                                             "setting; without one the stop has no Z80"))
            continue
        if not stop.program:
            continue
        if stop.program not in built:
            found.append(_p(stop, "program", (
                f"program {stop.program} is not built (built: {listing}); leave out "
                "'program' and the stop will say its machine is coming")))
        machine = dict(stop.machine)
        machine.setdefault("programs", [stop.program])
        machine.setdefault("boot", stop.program)
        try:
            profile = Profile.from_mapping(machine, name=stop.id)
        except ProfileError as e:
            found.append(_p(stop, "machine", f"[machine]: {e}"))
            continue
        for name in profile.programs:
            if name not in built and name != stop.program:
                found.append(_p(stop, "machine", f"[machine] programs: {name} is not built "
                                                 f"(built: {listing})"))
    return found


# The social stream, as Twitter had it in 2011.
POST_CHARS_MAX = 140
HANDLE = re.compile(r"^[A-Za-z0-9_]{1,15}$")      # Twitter's rule for a handle
HANDLE_MIN = 8           # short handles are most likely some real person's
MENTION = re.compile(r"@([A-Za-z0-9_]+)")


def _t(thread: Thread, line: int, message: str) -> Problem:
    return Problem(thread.path or Path("?"), line, message)


def check_thread(thread: Thread) -> list[Problem]:
    """The rules for one thread of the stream: a fiction label, posts that fit in
    140 characters, dated within the real event, by clearly invented accounts."""
    found: list[Problem] = []
    if not thread.title:
        found.append(_t(thread, thread.line_of("title"), "the thread needs a title"))
    if "invented" not in thread.fiction.lower():
        found.append(_t(thread, thread.line_of("fiction"), (
            "the fiction label must say what is invented, with the word 'invented' "
            "(e.g. \"Invented accounts and words; the event is real.\")")))
    if not thread.sources:
        found.append(_t(thread, thread.line_of("sources"),
                        "the thread has no sources: say where its event comes from"))
    for source in thread.sources:
        if source.url and not source.url.startswith(("https://", "http://")):
            found.append(_t(thread, thread.line_of("sources"),
                            f"the address {source.url!r} should start with https://"))
    real = {r.lower() for r in thread.real_accounts}
    cast = {p.by.lower() for p in thread.every_post()}
    dated = thread.first != thread.first.min
    for post in thread.posts:
        for kid in (*post.replies, *post.live):
            if kid.at < post.at:
                found.append(_t(thread, kid.line, (
                    f"this reply is dated {kid.at:%d %b %Y %H:%M}, before the post it "
                    f"answers ({post.at:%d %b %Y %H:%M})")))
    for post in thread.every_post():
        if len(post.text) > POST_CHARS_MAX:
            found.append(_t(thread, post.line, (
                f"this post has {len(post.text)} characters; a 2011 post had at most "
                f"{POST_CHARS_MAX}")))
        if dated and not thread.first <= post.at.date() <= thread.last:
            found.append(_t(thread, post.line, (
                f"this post is dated {post.at:%d %b %Y}, outside the thread's real dates "
                f"({thread.first:%d %b %Y} to {thread.last:%d %b %Y})")))
        if not HANDLE.match(post.by):
            found.append(_t(thread, post.line, (
                f"the handle {post.by!r} is not a 2011 handle: at most 15 letters, "
                "digits or _")))
        elif len(post.by) < HANDLE_MIN:
            found.append(_t(thread, post.line, (
                f"the handle {post.by!r} is short enough to be a real person's; use a "
                f"clearly invented one of {HANDLE_MIN} to 15 characters")))
        if post.by.lower() in real:
            found.append(_t(thread, post.line, (
                f"@{post.by} is a real person's account (real_accounts); the stream's "
                "people are invented, so give the words to an invented account")))
        for name in MENTION.findall(post.text):
            if name.lower() in real:
                found.append(_t(thread, post.line, (
                    f"@{name} is a real person's account (real_accounts); mention an "
                    "invented one, or tell it in the stop's story instead")))
            elif name.lower() not in cast:
                found.append(_t(thread, post.line, (
                    f"@{name} is not one of this thread's invented accounts; an unknown "
                    "handle may be a real person's")))
    return found


def check_stream(stop: Stop) -> list[Problem]:
    """The stream as a whole: threads present, and only one live thread."""
    found: list[Problem] = []
    live = [t for t in stop.stream if any(p.live for p in t.posts)]
    for thread in live[1:]:
        first = next(p for p in thread.posts if p.live)
        found.append(_t(thread, first.line, (
            f"only one post in the stream may take live replies; {live[0].path} "
            "already does")))
    return found

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

from collections.abc import Iterable
from pathlib import Path

from timeline.problem import Problem
from timeline.stop import Lane, Stop

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
        first = seen.get(stop.id)
        if first is not None and first.path is not None:
            found.append(_p(stop, "id", f"id '{stop.id}' is already used by {first.path.name}"))
        else:
            seen[stop.id] = stop
    for lane in (Lane.HOME, Lane.WORK):
        before: Stop | None = None
        for stop in stops:
            if not stop.lane.includes(lane):
                continue
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

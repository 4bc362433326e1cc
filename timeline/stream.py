"""Read the social stop's 2011 stream: one TOML file per thread, dated post by post.

A stop names its stream folder with ``stream = "social"`` (a folder beside
the stop files), and every ``*.toml`` file in it is one thread of the stream,
in file-name order. A thread file looks like this::

    title = "Snow day: the council, the roads and the neighbours"
    dates = [2010-11-25, 2010-12-31]       # the real event's first and last day
    fiction = "Invented accounts and words; the snow and what people did in it are real."
    real_accounts = ["WhoseShoes"]           # real people's accounts: never an author here
    sources = ["Gill Phillips, ... | https://address"]

    [[post]]
    at = 2010-12-07T07:40:00                 # UTC, as a TOML date and time
    by = "SnowWatchOtter"
    text = "Snow day thread: ..."

      [[post.reply]]
      at = 2010-12-07T07:52:00
      by = "OtterholtHead"
      text = "..."

      [[post.live]]                          # arrives while a visitor watches
      at = 2011-01-26T14:10:00
      by = "..."
      text = "..."

Settings (required: title, dates, fiction, sources, at least one post):

    title          what the thread is about, for curators and the checker
    dates          the first and last day of the real event it follows; every
                   post in the thread must fall between them
    fiction        the label saying what is invented: the accounts and their
                   words, never the events
    real_accounts  accounts of real people the source names; they may not
                   post or be @mentioned in the stream
    sources        where the event comes from (a source may end "| address")

A post's ``live`` replies are held back and posted one by one while the
visitor has the stop open (a conference taking questions from home).
``timeline.rules.check_thread`` holds the rules (140 characters, dates, the
label, handles); this module only reads.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

from timeline.problem import CONTROL, Problem, control_in_settings, read_content
from timeline.stop import Source

SETTINGS = ("title", "dates", "fiction", "real_accounts", "sources", "post")
POST_KEYS = ("at", "by", "text", "reply", "live")


@dataclasses.dataclass(frozen=True)
class StreamPost:
    """One post of the stream: who (an invented handle), when (UTC) and what."""

    by: str
    at: dt.datetime
    text: str
    line: int = 1          # where it starts in its thread file
    replies: tuple[StreamPost, ...] = ()
    live: tuple[StreamPost, ...] = ()


@dataclasses.dataclass(frozen=True)
class Thread:
    """One thread file: an event of the source told in invented posts."""

    title: str
    first: dt.date
    last: dt.date
    fiction: str
    posts: tuple[StreamPost, ...]
    sources: tuple[Source, ...] = ()
    real_accounts: tuple[str, ...] = ()
    path: Path | None = None
    lines: dict[str, int] = dataclasses.field(default_factory=dict, compare=False)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)

    def every_post(self) -> list[StreamPost]:
        """Every post, reply and live reply, in file order."""
        out: list[StreamPost] = []
        for post in self.posts:
            out += [post, *post.replies, *post.live]
        return out


def _table_lines(lines: list[str]) -> tuple[dict[str, int], list[int], list[list[int]],
                                             list[list[int]]]:
    """Where each setting, [[post]], [[post.reply]] and [[post.live]] starts (tomllib
    gives no positions, so the lines are read again by hand)."""
    keys: dict[str, int] = {}
    posts: list[int] = []
    replies: list[list[int]] = []
    live: list[list[int]] = []
    in_table = False
    for n, line in enumerate(lines, start=1):
        s = line.strip()
        if s == "[[post]]":
            posts.append(n)
            replies.append([])
            live.append([])
            in_table = True
        elif s == "[[post.reply]]" and posts:
            replies[-1].append(n)
        elif s == "[[post.live]]" and posts:
            live[-1].append(n)
        elif not in_table:
            m = re.match(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*=", s)
            if m and m.group(1) not in keys:
                keys[m.group(1)] = n
    return keys, posts, replies, live


def _source(item: str) -> Source:
    text, _, url = item.partition("|")
    return Source(text.strip(), url.strip())


def read_thread(path: Path) -> tuple[Thread | None, list[Problem]]:
    """Read one thread file: the Thread (None when it cannot be built) and every problem.

    Like ``read_stop``, this checks what the file gets wrong on its own
    (TOML, settings, their types); ``timeline.rules.check_thread`` checks
    the content rules on what it builds.
    """
    text, problems = read_content(path)
    if text is None:
        return None, problems

    def problem(line: int, message: str) -> None:
        problems.append(Problem(path, line, message))

    lines = text.splitlines()
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        return None, [*problems, Problem(path, int(m.group(1)) if m else 1,
                                         f"not valid TOML: {e}")]
    keys, post_lines, reply_lines, live_lines = _table_lines(lines)

    def at(key: str) -> int:
        return keys.get(key, 1)

    for key, value in data.items():
        if key != "post":       # posts are checked one by one, each at its own line
            problems.extend(control_in_settings({key: value}, path, at(key)))
    for key in data:
        if key not in SETTINGS:
            problem(at(key), f"unknown setting '{key}' (known: {', '.join(SETTINGS)})")
    for key in ("title", "dates", "fiction", "sources"):
        if key not in data:
            problem(1, f"missing setting '{key}'")

    title = data.get("title", "")
    if not isinstance(title, str):
        problem(at("title"), "title must be some text")
        title = ""
    fiction = data.get("fiction", "")
    if not isinstance(fiction, str):
        problem(at("fiction"), "fiction must be a sentence saying what is invented")
        fiction = ""
    first = last = dt.date.min
    dates = data.get("dates")
    if dates is not None:
        if (isinstance(dates, list) and len(dates) == 2
                and all(type(d) is dt.date for d in dates)):
            first, last = dates
            if last < first:
                problem(at("dates"), "dates: the last day is before the first; swap them")
        else:
            problem(at("dates"), "dates must be the event's first and last day, "
                                 "like [2011-02-01, 2011-02-02]")
    real = data.get("real_accounts", [])
    if not isinstance(real, list) or not all(isinstance(r, str) for r in real):
        problem(at("real_accounts"), "real_accounts must be a list of handles, "
                                     "like [\"WhoseShoes\"]")
        real = []
    sources = data.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        problem(at("sources"), "sources must be a list of texts, like [\"Title | https://...\"]")
        sources = []

    def read_post(raw: Any, line: int, kind: str) -> StreamPost | None:
        if not isinstance(raw, dict):
            problem(line, f"a {kind} must be a table")
            return None
        ok = True
        for key in raw:
            if key not in POST_KEYS or (kind != "post" and key in ("reply", "live")):
                problem(line, f"unknown key '{key}' in this {kind}")
        when = raw.get("at")
        if type(when) is dt.date or not isinstance(when, dt.datetime):
            problem(line, f"this {kind} needs at = a date and time, like 2011-02-01T09:30:00")
            ok = False
        elif when.tzinfo is not None:
            try:
                when = when.astimezone(dt.UTC).replace(tzinfo=None)
            except OverflowError:   # 9999-12-31T23:59:59-23:59 is after the last UTC day
                problem(line, f"this {kind}'s time is out of range in UTC; give a date "
                              "and time like 2011-02-01T09:30:00")
                ok = False
        by, said = raw.get("by"), raw.get("text")
        if not isinstance(by, str) or not by.strip():
            problem(line, f"this {kind} needs by = \"a handle\"")
            ok = False
        if not isinstance(said, str) or not said.strip():
            problem(line, f"this {kind} needs text = \"what it says\"")
            ok = False
        for key, value in (("by", by), ("text", said)):
            m = CONTROL.search(value) if isinstance(value, str) else None
            if m:
                problem(line, f"control character U+{ord(m.group()):04X} in this {kind}'s "
                              f"{key} (written as an escape); delete it")
                ok = False
        if not ok:
            return None
        assert isinstance(when, dt.datetime) and isinstance(by, str) and isinstance(said, str)
        return StreamPost(by.strip(), when.replace(tzinfo=dt.UTC), said.strip(), line)

    posts: list[StreamPost] = []
    raw_posts = data.get("post", [])
    if not isinstance(raw_posts, list) or not raw_posts:
        problem(1, "the thread has no posts: add a [[post]] table for each")
        raw_posts = []
    for i, raw in enumerate(raw_posts):
        at_post = post_lines[i] if i < len(post_lines) else 1
        post = read_post(raw, at_post, "post")
        if post is None:
            continue
        kids: dict[str, list[StreamPost]] = {"reply": [], "live": []}
        for kind, where in (("reply", reply_lines), ("live", live_lines)):
            items = raw.get(kind, [])
            if not isinstance(items, list):
                problem(at_post, f"{kind} must be [[post.{kind}]] tables")
                continue
            for j, item in enumerate(items):
                at_line = where[i][j] if i < len(where) and j < len(where[i]) else at_post
                kid = read_post(item, at_line, kind)
                if kid is not None:
                    kids[kind].append(kid)
        posts.append(dataclasses.replace(post, replies=tuple(kids["reply"]),
                                         live=tuple(kids["live"])))
    return Thread(
        title=title.strip(), first=first, last=last, fiction=fiction.strip(),
        posts=tuple(posts), sources=tuple(_source(s) for s in sources),
        real_accounts=tuple(real), path=path, lines=keys,
    ), problems

"""Fuzzing with Hypothesis: the curator's content files and the visitor's text.

Targets here (``test_fuzz.py`` has the machine's): stop files and the
checker (``python -m exhibit check``), the social stop's thread files,
picture files, and the moderation text path every post passes (``clean``,
``check``, the store's rules, the wall's own post box). Content files are
the shipped ones, mutated: lines cut, random text and control characters
inserted, settings of the wrong type or given twice, fences broken, bytes
that are not UTF-8. Each must load, or give problems of one line each
(``file:line: what is wrong``); never a traceback. A file that loads clean
must hold no control character, since its text reaches the visitor's
terminal. Each test's ``max_examples`` is the count of cases it tries.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from fuzzing import fuzz
from hypothesis import given
from hypothesis import strategies as st

from emulator.moderation import MAX_POST, WordList, check, clean
from emulator.store import PostError, PostStore
from exhibit.__main__ import main
from timeline import Problem, check_folder, default_dir
from timeline.picture import read_picture
from timeline.problem import CONTROL
from timeline.stream import read_thread

STOPS = default_dir()
STOP_FILES = {p.name: p.read_text(encoding="utf-8") for p in sorted(STOPS.glob("*.md"))}
THREAD_FILES = {p.name: p.read_text(encoding="utf-8")
                for p in sorted((STOPS / "social").glob("*.toml"))}
PICTURE_FILES = {p.name: p.read_text(encoding="utf-8")
                 for p in sorted((STOPS / "pictures").glob("*.pic"))}

# What a careless editor, a bad paste or a broken disk leaves in a file.
NASTY = ["\x00", "\x1b", "\x1b[2J", "\x07", "\r", "\t", "\x7f", "\x85", "\x9b", "\u200b",
         "\u200d", "\u0301", "\u202e", "\u2028", "\ufeff", "\u00a0", "\ud7ff", "\U0010ffff"]
NOISE = st.lists(st.one_of(st.characters(codec="utf-8"), st.sampled_from(NASTY)),
                 max_size=30).map("".join)
LONG = "a" * 300

STOP_SNIPPETS = [
    'id = 5', 'id = "memo"', 'id = "Not An Id"', 'year = "1981"', 'year = 99999', 'year = true',
    'year = 1981.5', 'lane = 3', 'lane = "sideways"', 'lane = ["home"]', 'title = ""',
    'title = "\\u001b[2J"', 'title = "a\\u0000b"', 'label = ""', 'label = 12',
    'year_label = 1970', '"bad\\nkey" = 1', '"\\u001b[31m" = 1', 'story = "x"',
    f'picture = "{LONG}.pic"', 'picture = "../x.pic"', 'picture = "nope.pic"', 'picture = 3',
    'picture = "a\\u0000.pic"', 'picture = ""', f'stream = "{LONG}"', 'stream = "nope"',
    'stream = "../up"', 'stream = "social"', 'program = "NOPE"', 'program = 1',
    'screen = "tv"', 'screen = "wall"', 'machine = 7', '[machine]\nmhz = "fast"',
    '[machine]\ncols = -1', '[machine]\nrows = 1e9', '[machine]\nprograms = [1]',
    '[machine]\nbase = "pdp"', '[machine]\nseed = "x"', '[machine]\ntheme = 3',
    '[machine]\nrom = "zx80"', '[machine.sub]\nx = 1', '[[machine]]', '+++', '++++', '## Story',
    '## Bogus', '## Sources\n- x | ftp://y', '## Discussion\n- a\n- b\n- c\n- d',
    '## Type-in listing\n' + '10 PRINT "' + LONG + '"', 'word' * 40, '- ' + LONG,
]
THREAD_SNIPPETS = [
    'title = 5', 'title = "\\u001b[2J"', 'dates = [2011-01-01]', 'dates = [2012-01-01, 2011-01-01]',
    'dates = "2011"', 'dates = [2011-01-01T00:00:00, 2011-01-02]', 'fiction = 1',
    'real_accounts = "x"', 'real_accounts = [1]', 'sources = [1]', 'sources = "x"', 'post = 3',
    'post = []', '[[post]]', '[[post.reply]]', '[[post.live]]', '[post]', 'at = 2010-12-07',
    'at = "noon"', 'at = 2010-12-07T07:20:00+14:00', 'at = 9999-12-31T23:59:59-23:59',
    'at = 0001-01-01T00:00:00+23:59', 'by = 5', 'by = ""', 'by = "a\\u001bb"',
    'text = "\\u001b[2J"', 'text = "\\u009b31m"', 'text = ""', 'text = "' + "x" * 200 + '"',
    'reply = 1', 'live = [1]', 'other = 1', '"\\n" = 1',
    '[[post]]\nat = 2010-12-07T07:00:00\nby = "NewOtterHere"\ntext = "@nobody hi"',
    '[[post]]\nat = 1979-01-01T00:00:00+05:00\nby = "x"\ntext = "y"',
]
PICTURE_SNIPPETS = [
    'palette', 'pixels', 'pixels:', 'about:', 'about: ' + "x" * 400, 'about: a\x1b[2Jb',
    '. none', 'x #zzzzzz', 'x', '## #ffffff', 'ab #ffffff', '\x1b #ffffff', 'w #ffffff',
    '.' * 60, 'w' * 8, '????????', '# a comment', '',
]


def one_line(problem: Problem) -> None:
    """A problem is one clear line a curator's terminal shows as it is."""
    text = str(problem)
    assert problem.message.strip(), problem
    assert "\n" not in text and "\r" not in text, repr(text)
    assert not CONTROL.search(text), repr(text)
    assert isinstance(problem.line, int) and problem.line >= 0


def clean_text(*texts: str) -> None:
    """Text of content that loads clean reaches the visitor: no control characters."""
    for text in texts:
        assert not CONTROL.search(text), repr(text)


@st.composite
def mutated(draw: st.DrawFn, originals: dict[str, str], snippets: list[str]) -> bytes:
    """A real content file with a few random mutations, as bytes (perhaps not UTF-8)."""
    lines = draw(st.sampled_from(sorted(originals.values()))).splitlines(keepends=True)
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["cut", "noise", "snippet", "set", "set", "chars",
                                     "truncate", "repeat"]))
        i = draw(st.integers(0, len(lines)))
        if kind == "cut":
            del lines[i:draw(st.integers(i, i + 6))]
        elif kind == "noise":
            lines.insert(i, draw(NOISE) + "\n")
        elif kind == "snippet":
            lines.insert(i, draw(st.sampled_from(snippets)) + "\n")
        elif kind == "set":
            # A setting changed in place (a new one goes after the opening fence).
            snippet = draw(st.sampled_from(snippets))
            key = snippet.split("=")[0].strip() + " ="
            at = next((n for n, line in enumerate(lines) if line.startswith(key)), None)
            if at is None:
                lines.insert(min(1, len(lines)), snippet + "\n")
            else:
                lines[at] = snippet + "\n"
        elif kind == "chars" and i < len(lines):
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(NOISE) + lines[i][at:]
        elif kind == "truncate":
            lines = lines[:i]
        elif kind == "repeat" and i < len(lines):
            lines.insert(i, lines[i])           # a key, table or section given twice
    data = "".join(lines).encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 5)) == 0:            # bytes that are not UTF-8
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=6)) + data[at:]
    return data


@contextlib.contextmanager
def content_copy() -> Iterator[Path]:
    """A fresh copy of the shipped content folder (one per example)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "stops"
        shutil.copytree(STOPS, folder)
        yield folder


def check_all(folder: Path) -> list[Problem]:
    """The folder through the loader and its rules: every problem one line, and every
    stop that loads holds only printable text."""
    stops, problems = check_folder(folder)
    for problem in problems:
        one_line(problem)
    # The exhibit shows a folder only when it has no problems at all.
    for stop in stops if not problems else ():
        clean_text(stop.id, stop.title, stop.label, stop.year_label, stop.story, stop.try_this,
                   stop.listing.replace("\n", ""), stop.notes, stop.program, stop.screen,
                   *stop.prompts, *(s.text + s.url for s in stop.sources))
        for thread in stop.stream:
            clean_text(thread.title, thread.fiction)
            for post in thread.every_post():
                clean_text(post.by, post.text)
        if stop.picture is not None:
            clean_text(stop.picture.about)
    return problems


stop_edits = st.lists(st.tuples(st.sampled_from(sorted(STOP_FILES)),
                                mutated(STOP_FILES, STOP_SNIPPETS)), min_size=1, max_size=3)


@fuzz(150)
@given(edits=stop_edits)
def test_mutated_stop_files_load_or_name_each_mistake_in_one_line(edits):
    with content_copy() as folder:
        for name, data in edits:
            (folder / name).write_bytes(data)
        check_all(folder)


@fuzz(40)
@given(edits=stop_edits, extra=st.booleans())
def test_the_checker_prints_one_line_per_problem_and_says_how_many(edits, extra):
    with content_copy() as folder:
        for name, data in edits:
            (folder / ("99-extra.md" if extra else name)).write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(["check", str(folder)])
        lines = out.getvalue().splitlines()
        problems = check_folder(folder)[1]
        if problems:
            assert status == 1
            assert lines == [str(p) for p in problems]
            assert all(line.startswith(str(folder)) for line in lines)
            n = len(problems)
            assert err.getvalue() == (f"{n} problem{'s' if n != 1 else ''} in {folder}; "
                                      "fix them and check again.\n")
        else:
            assert status == 0 and lines[0].startswith(f"{folder}: ") and not err.getvalue()


@fuzz(3)
@given(edits=stop_edits)
def test_the_checker_command_never_shows_a_traceback(edits):
    # The command as a curator types it, in its own process.
    with content_copy() as folder:
        for name, data in edits:
            (folder / name).write_bytes(data)
        done = subprocess.run([sys.executable, "-m", "exhibit", "check", str(folder)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode in (0, 1), done.stderr
        assert "Traceback" not in done.stderr
        for line in done.stdout.splitlines():
            assert re.match(rf"^{re.escape(str(folder))}.*:\d+: \S", line) or done.returncode == 0


def read_mutated(reader, path, data: bytes):
    """Write a mutated content file and read it: a result, or problems of one line each."""
    path.write_bytes(data)
    found, problems = reader(path)
    for problem in problems:
        one_line(problem)
    if found is None:
        assert problems
    return found, problems


@fuzz(150)
@given(data=mutated(THREAD_FILES, THREAD_SNIPPETS), name=st.sampled_from(sorted(THREAD_FILES)))
def test_mutated_thread_files_load_or_name_each_mistake_in_one_line(data, name):
    with content_copy() as folder:
        read_mutated(read_thread, folder / "social" / name, data)
        # Through the checker too: the stream's rules run on what was read.
        check_all(folder)


@fuzz(100)
@given(data=mutated(PICTURE_FILES, PICTURE_SNIPPETS), name=st.sampled_from(sorted(PICTURE_FILES)))
def test_mutated_picture_files_load_or_name_each_mistake_in_one_line(data, name):
    with content_copy() as folder:
        picture, problems = read_mutated(read_picture, folder / "pictures" / name, data)
        if picture is not None:
            assert not problems
            clean_text(picture.about)
            assert 8 <= picture.width <= 48 and 8 <= picture.height <= 40
            assert all(len(row) == picture.width for row in picture.pixels)
        check_all(folder)


# -- the visitor's text -----------------------------------------------------------

VISITOR_CHARS = st.one_of(
    st.characters(codec="utf-8"),                               # any character but a surrogate
    st.sampled_from(NASTY),
    st.sampled_from(["\u05d0", "\u0627", "\u202b", "\u2066", "\u2069", "\u0300", "\u20dd",
                     "\u3000", "\u2003", "\u180e", "\ue000", "\U000e0041", "\U0001f468\u200d"
                     "\U0001f469\u200d\U0001f467", "\ufffd", "\U0001f1ec\U0001f1e7",
                     "f", "u", "c", "k", "s", "h", "i", "t", " ", "!", "*", "1"]),
)
VISITOR_TEXT = st.one_of(
    st.lists(VISITOR_CHARS, max_size=160).map("".join),
    # Huge pastes: a piece repeated up to a hundred thousand characters.
    st.builds(lambda s, n: (s * n)[:100_000],
              st.lists(VISITOR_CHARS, min_size=1, max_size=12).map("".join),
              st.integers(1, 20_000)),
)


def refused_in_one_line(error: Exception) -> None:
    assert isinstance(error, PostError)
    message = str(error)
    assert message and "\n" not in message and not CONTROL.search(message), repr(message)


@fuzz(200)
@given(text=VISITOR_TEXT)
def test_clean_leaves_plain_printable_text_and_check_says_one_line(text):
    post = clean(text)
    assert post == clean(post)                  # cleaning twice changes nothing more
    assert post == post.strip() and "  " not in post
    assert all(ch == " " or ch.isprintable() for ch in post), repr(post)
    assert "\x1b" not in post and "\x00" not in post
    problem = check(post, WORDS)
    assert problem is None or (problem and "\n" not in problem)
    if problem is None:
        assert 0 < len(post) <= MAX_POST


WORDS = WordList()


@fuzz(250)
@given(author=VISITOR_TEXT, text=VISITOR_TEXT, answer=st.booleans(), reply=st.booleans())
def test_the_stores_rules_accept_or_refuse_in_one_line_and_keep_exactly(tmp_path, author, text,
                                                                        answer, reply):
    with PostStore(tmp_path / "posts.db", words=WORDS) as store:
        try:
            if reply:
                parent = store.add("social", "FuzzParent", "a post to answer")
                post = store.reply(parent.id, author, text)
            else:
                post = store.add("wall" if answer else "social", author, text, answer=answer)
        except PostError as e:
            refused_in_one_line(e)
            return
        assert (post.author, post.text) == (author.strip(), text.strip())
        kept = store.get(post.id, include_hidden=True)
        assert kept is not None and (kept.author, kept.text) == (post.author, post.text)
        assert kept.answer == (answer and not reply)


@fuzz(200)
@given(author=VISITOR_TEXT, text=VISITOR_TEXT)
def test_a_post_the_wall_says_it_takes_the_store_takes(author, text):
    """The wall's two checks agree: what ``clean`` and ``check`` pass (the wall's
    box and ``exhibit wall --try``), the store's own rules take, so a visitor is
    never told "posted" by one rule and refused by the next."""
    post, name = clean(text), clean(author)[:24] or "visitor"
    if check(post, WORDS) is not None or WORDS.blocked(name):
        return
    with tempfile.TemporaryDirectory() as tmp, PostStore(Path(tmp) / "posts.db",
                                                          words=WORDS) as store:
        kept = store.add("wall", name, post, answer=True)
        assert (kept.author, kept.text) == (name.strip(), post)   # a name cut at a space
        again = store.get(kept.id)
        assert again is not None and again.text == post


@fuzz(4)
@given(posts=st.lists(st.tuples(VISITOR_TEXT, VISITOR_TEXT), min_size=8, max_size=8))
def test_the_walls_own_post_box_takes_any_text(tmp_path, posts):
    """The wall's post path in the running exhibit (``WallView.post``): each post is
    kept exactly as cleaned, or the message line says why not in one line."""
    from exhibit.app import ExhibitApp
    from exhibit.widgets.wall import WallView
    from timeline import load_timeline

    async def visit(store: PostStore) -> None:
        app = ExhibitApp(load_timeline(), start_stop="wall", turbo=True, store=store)
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            view = app.screen.query_one(WallView)
            for author, text in posts:
                before = store.count("wall", include_hidden=True)
                took = view.post(author, text)
                line = app.screen.query_one("#wall-message").render().plain  # type: ignore[union-attr]
                assert "\n" not in line.strip() and line.strip(), repr(line)
                after = store.count("wall", include_hidden=True)
                assert after == before + (1 if took else 0)
                if took:
                    newest = store.answers(limit=1)[0]
                    assert newest.text == clean(text)
                else:
                    assert line.startswith("✗ ")

    path = Path(tempfile.mkdtemp(dir=tmp_path)) / "posts.db"
    with PostStore(path, words=WORDS) as store:
        asyncio.run(visit(store))


@fuzz(150)
@given(text=VISITOR_TEXT, many=st.booleans())
def test_exhibit_wall_try_says_ok_or_refused_in_one_line_each(text, many):
    """``exhibit wall --try TEXT`` (or ``-`` for one post a line on standard input),
    the curator's way to ask what the wall would do with a post."""
    out = io.StringIO()
    with tempfile.TemporaryDirectory() as data, contextlib.redirect_stdout(out), \
            contextlib.redirect_stderr(io.StringIO()):
        stdin, sys.stdin = sys.stdin, io.StringIO(text)
        try:
            status = main(["wall", "--data", data, f"--try={'-' if many else text}"])
        finally:
            sys.stdin = stdin
    posts = [clean(line) for line in text.splitlines()] if many else [clean(text)]
    posts = [p for p in posts if p] if many else posts
    lines = out.getvalue().split("\n")
    assert lines.pop() == ""
    assert len(lines) == len(posts)
    for line, post in zip(lines, posts, strict=True):
        verdict, reason, shown = line.split("\t")
        assert verdict in ("ok", "refused") and reason and shown == post
        assert not CONTROL.search(line.replace("\t", ""))
    assert status == (1 if any(line.startswith("refused") for line in lines) else 0)

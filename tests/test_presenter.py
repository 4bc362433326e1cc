"""Presenter mode: clicker keys, blanking, jumps, the notes follower and the handout."""

from __future__ import annotations

import html
import subprocess
import sys

import pytest

from exhibit import bigtext, presenter_state
from exhibit.commands import notes
from exhibit.handout import markdown, to_html
from exhibit.presenter_app import PresenterApp, slides_for
from exhibit.widgets.bigtitle import BigTitle
from exhibit.widgets.terminal import TerminalView
from timeline import load_timeline


@pytest.fixture
def stops():
    return load_timeline()


@pytest.fixture
def memo():
    """Just the memo stop: it has every part, the running program included."""
    return [s for s in load_timeline() if s.id == "memo"]


def parts_of(app):
    return [(app.stops[s.stop_index].id, s.part) for s in app.slides]


async def test_clicker_keys_walk_through_every_part(tmp_path, memo):
    state = tmp_path / "state.json"
    app = PresenterApp(memo, state_path=state, turbo=True)
    async with app.run_test(size=(120, 34)) as pilot:
        assert app.slide.part == "title"
        assert app.query_one(BigTitle)
        seen = [app.slide.part]
        for key in ("pagedown", "right", "space"):
            await pilot.press(key)
            seen.append(app.slide.part)
        assert seen == ["title", "story", "program", "discussion"][: len(seen)]
        await pilot.press("pageup")
        assert app.slide.part == "program"
        await pilot.press("left", "backspace")
        assert app.slide.part == "title"
        await pilot.press("pageup")              # already at the start: stays
        assert app.index == 0


async def test_program_part_runs_the_machine_and_pgdn_still_moves(tmp_path, memo):
    app = PresenterApp(memo, state_path=tmp_path / "s.json", turbo=True)
    async with app.run_test(size=(120, 34)) as pilot:
        await pilot.press("pagedown", "pagedown")
        assert app.slide.part == "program"
        machine = app.machine
        assert machine is not None and machine.running
        await pilot.press("m")                    # the trainer types a demo
        assert isinstance(app.focused, TerminalView)
        await pilot.press("space")                # goes to the program, not the talk
        assert app.slide.part == "program"
        await pilot.press("pagedown")             # the clicker still moves on
        assert app.slide.part == "discussion"
        assert not machine.running


async def test_blank_and_back(tmp_path, stops):
    state = tmp_path / "s.json"
    app = PresenterApp(stops, state_path=state, turbo=True)
    async with app.run_test(size=(120, 34)) as pilot:
        await pilot.press("b")
        assert app.query_one("#blank").display
        assert presenter_state.read(state).blank
        await pilot.press("b")
        assert not app.query_one("#blank").display
        await pilot.press("full_stop")
        assert app.blank
        await pilot.press("pagedown")             # a click while blank just unblanks
        assert not app.blank and app.slide.part == "title"


async def test_jump_and_timeline_overview(tmp_path, stops):
    app = PresenterApp(stops, state_path=tmp_path / "s.json", turbo=True)
    async with app.run_test(size=(120, 34)) as pilot:
        await pilot.press("pagedown")
        await pilot.press("1")
        assert (app.slide.stop_index, app.slide.part) == (0, "title")
        await pilot.press("9")                    # no such stop: stays, says so
        assert app.slide.stop_index == 0
        await pilot.press("g", "2")
        assert app.slide.stop_index == 1 and app.slide.part == "title"
        await pilot.press("t")
        assert app.query_one("#overview").display
        await pilot.press("f5")
        assert not app.query_one("#overview").display


async def test_notes_follower_tracks_the_presenter(tmp_path, stops):
    state_path = tmp_path / "s.json"
    app = PresenterApp(stops, state_path=state_path, turbo=True)
    async with app.run_test(size=(120, 34)) as pilot:
        state = presenter_state.read(state_path)
        assert state.part == "Title card" and state.stop_id == stops[0].id
        await pilot.press("pagedown")
        state = presenter_state.read(state_path)
        assert state.part == "Story"
        panel = notes.render(state, now=state.started_at + 75)
        text = "".join(seg.text for seg in __import__("rich.console").console.Console(
            width=100).render(panel))
        assert stops[0].title in text and "Story" in text and "0:01:15" in text
        assert stops[0].notes.split()[0] in text
    # And from the command line, once, as a trainer's second terminal would.
    done = subprocess.run([sys.executable, "-m", "exhibit", "notes", "--once", "--state",
                           str(state_path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert "Story" in done.stdout


def test_notes_say_when_the_talk_has_ended(tmp_path):
    import dataclasses
    import time

    from exhibit.presenter_state import PresenterState

    path = tmp_path / "s.json"
    start = time.time() - 600
    state = PresenterState("memo", "The memo", 2, 8, "Story", 2, 4, "", (), "Program",
                           start, start + 300)
    presenter_state.write(path, state)
    console = __import__("rich.console").console.Console(width=100)

    def shown() -> str:
        return "".join(seg.text for seg in console.render(notes.render(presenter_state.read(path))))

    assert "Next: Program" in shown() and "ended" not in shown()         # this process runs it
    presenter_state.end(path)                                             # the app closed the talk
    text = shown()
    assert "the talk has ended" in text and "Next:" not in text
    assert "lasted 0:10:0" in text                                        # stopped, not counting on
    # A presenter killed without a word: its process is gone, so the talk is over
    # and the time stops at its last slide.
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    presenter_state.write(path, dataclasses.replace(state, pid=int(dead)))
    text = shown()
    assert "the talk has ended" in text and "lasted 0:05:00" in text


def test_notes_without_a_talk_says_how_to_start_one(tmp_path):
    done = subprocess.run([sys.executable, "-m", "exhibit", "notes", "--once", "--state",
                           str(tmp_path / "none.json")], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0
    assert "--presenter" in done.stdout


def test_slides_skip_parts_a_stop_lacks(stops):
    slides = slides_for(stops)
    for stop_index, stop in enumerate(stops):
        parts = [s.part for s in slides if s.stop_index == stop_index]
        assert parts[0] == "title"
        assert ("program" in parts) == stop.has_program
        assert ("discussion" in parts) == bool(stop.prompts)


def test_big_letters_wrap_and_fall_back_when_narrow():
    rows = bigtext.render("The memo", 60)
    assert rows is not None and len(rows) == bigtext.HEIGHT
    wrapped = bigtext.render("The memo and its carbon copies", 60)
    assert len(wrapped) > bigtext.HEIGHT
    assert all(len(r) <= 60 for r in wrapped)
    assert bigtext.render("Communications", 20) is None


def test_handout_has_every_stop_title_and_prompt(tmp_path, stops):
    for name in ("talk.md", "talk.html"):
        path = tmp_path / name
        done = subprocess.run([sys.executable, "-m", "exhibit", "handout", str(path)],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        text = path.read_text(encoding="utf-8")
        if name.endswith(".html"):
            text = html.unescape(text)
        for stop in stops:
            assert stop.title in text
            for prompt in stop.prompts:
                assert prompt in text


def test_handout_escapes_html(stops):
    page = to_html(stops)
    assert "<script" not in page
    assert markdown(stops).startswith("# ")


def test_handout_refuses_other_formats(tmp_path):
    done = subprocess.run([sys.executable, "-m", "exhibit", "handout", str(tmp_path / "x.pdf")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "neither .md nor .html" in done.stderr


def test_the_projector_story_is_shorter_and_ends_on_a_sentence(stops):
    from exhibit.presenter_app import PROJECTOR_WORDS, projector_story

    for stop in stops:
        short = projector_story(stop.story)
        assert short and stop.story.replace("\n\n", " ").startswith(short)
        assert len(short.split()) <= max(PROJECTOR_WORDS, len(short.split(". ")[0].split()) + 1)
        assert len(short.split()) < len(stop.story.split())
        assert short.endswith((".", "!", "?", '"'))


async def test_q_ends_the_talk_the_notes_learn_it_and_the_blank_is_black_to_the_edge(tmp_path,
                                                                                     memo):
    state = tmp_path / "s.json"
    app = PresenterApp(memo, state_path=state, turbo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        blank = app.query_one("#blank")
        assert blank.region.width == 80 and blank.region.height == 24
        assert app.screen.scrollbars_enabled == (False, False)
        await pilot.press("b", "pagedown", "pagedown")     # the program part
        assert app.slide.part == "program"
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.focused, TerminalView)
        assert "F10, then Q" in str(app.query_one("#status").render())
        await pilot.press("q")                              # the program's
        assert app.is_running
        await pilot.press("f10")
        await pilot.pause()
        assert "Q ends the talk" in str(app.query_one("#status").render())
        assert presenter_state.ended_at(presenter_state.read(state)) is None
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert presenter_state.read(state).ended_at is not None

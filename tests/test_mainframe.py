"""BATCH, the mainframe stop's program: a job request, the queue, and the line printer."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "roms" / "programs" / "batch.mac"


def font() -> dict[str, list[str]]:
    """The 5x7 shapes as BATCH's source gives them: character -> seven rows of dots."""
    shapes = {}
    for ch, rows in re.findall(r"DB\s+'(''|[^'])',((?:[01]{5}B,?){7})", SOURCE.read_text()):
        shapes["'" if ch == "''" else ch] = [r[:5] for r in rows.split(",")]
    return shapes


def block_letters(word: str, wide: int = 2) -> list[str]:
    """How a row of banner letters should print: each dot ``wide`` columns of its letter."""
    shapes = font()
    lines = []
    for y in range(7):
        line = "  "
        for ch in word:
            shape = shapes.get(ch, shapes[" "])          # no shape: a space
            line += "".join(ch * wide if dot == "1" else " " * wide for dot in shape[y]) + " "
        lines.append(line.rstrip())
    return lines


def submit(m, name="Ada Lovelace", dept="Accounts", job="1"):
    assert m.wait_for_input()
    for answer in (name + "\r", dept + "\r", job):
        m.type(answer)
        assert m.wait_for_input(60)


def test_the_form_asks_for_name_department_and_job(make_machine):
    m = make_machine("BATCH")
    assert m.wait_for_input()
    assert m.terminal.contains("REQUEST FOR A COMPUTER JOB", "Your name:", "Department:",
                               "1  A banner of your name", "2  The company telephone list",
                               "3  The monthly sales report", "Ctrl+C starts a clean form")
    assert all(len(line.rstrip()) <= 80 for line in m.terminal.lines())


def test_the_font_covers_letters_digits_and_some_marks():
    shapes = font()
    for ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-'!?&/":
        assert ch in shapes, ch
    assert len({tuple(v) for v in shapes.values()}) == len(shapes)   # all different


def test_banner_prints_the_name_in_block_letters(make_machine):
    m = make_machine("BATCH")
    submit(m, "Ada Byron", "Accounts", "1")
    paper = m.printer.lines()
    text = "\n".join(paper)
    assert "JOB 0417 - BANNER" in text
    assert "FOR: ADA BYRON" in text and "DEPT: ACCOUNTS" in text
    # Seven wide letters fit across the paper: ADA on one row, BYRON on the next.
    for word in ("ADA", "BYRON"):
        rows = block_letters(word)
        start = paper.index(rows[0])
        assert paper[start:start + 7] == rows, word
    assert "*** END OF JOB 0417 ***" in text
    assert paper[-1] == "\f"                       # the next job starts a new page
    assert all(len(line) <= 80 for line in paper)


def test_a_long_word_makes_the_letters_narrow(make_machine):
    m = make_machine("BATCH")
    submit(m, "Ada Lovelace", "Accounts", "1")
    paper = m.printer.lines()
    rows = block_letters("ADA LOVELACE", wide=1)    # 8 letters: too many for wide ones
    start = paper.index(rows[0])
    assert paper[start:start + 7] == rows
    m.type("\r")
    m.printer.clear()
    submit(m, "Bartholomewsonjones", "", "1")      # longer than a row even so: split
    paper = m.printer.lines()
    for word in ("BARTHOLOMEWSO", "NJONES"):
        rows = block_letters(word, wide=1)
        start = paper.index(rows[0])
        assert paper[start:start + 7] == rows, word
    assert all(len(line) <= 80 for line in paper)


def test_banner_breaks_between_words_and_blanks_unknown_marks(make_machine):
    m = make_machine("BATCH")
    submit(m, "Jo de Vries~", "", "1")
    paper = m.printer.lines()
    # JO and DE share a row, VRIES needs the next; ~ has no shape: a space.
    for word in ("JO DE", "VRIES~"):
        rows = block_letters(word)
        start = paper.index(rows[0])
        assert paper[start:start + 7] == rows, word
    assert "DEPT: GENERAL OFFICE" in "\n".join(paper)


def test_telephone_list(make_machine):
    m = make_machine("BATCH")
    submit(m, "Ada", "Sales", "2")
    text = m.printer.text()
    assert "INTERNAL TELEPHONE LIST" in text and "JOB 0417 - TELEPHONE LIST" in text
    entries = [line for line in m.printer.lines() if re.match(r"  [A-Z].{19}[A-Z].{27}\d{3}$", line)]
    assert len(entries) == 14
    assert "14 NAMES. SWITCHBOARD: DIAL 0." in text


def test_monthly_report_adds_up(make_machine):
    m = make_machine("BATCH")
    submit(m, "Ada", "Sales", "3")
    paper = m.printer.lines()
    rows = {}
    for line in paper:
        match = re.match(r"  ([A-Z][A-Z ]+?)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$", line)
        if match:
            rows[match[1]] = [int(n) for n in match.groups()[1:]]
    total = rows.pop("TOTAL")
    assert len(rows) == 5
    for name, row in rows.items():
        assert sum(row[:4]) == row[4], name
    assert [sum(col) for col in zip(*rows.values(), strict=True)] == total
    header = next(line for line in paper if "PRODUCT" in line)
    first = next(line for line in paper if line.startswith("  WORSTED"))
    assert header.index("NORTH") + 5 == first.index("2140") + 4      # columns line up


def test_the_day_goes_by_on_the_operator_console(make_machine):
    m = make_machine("BATCH")
    submit(m, "Ada", "Accounts", "1")
    screen = m.terminal
    assert screen.contains("OPERATOR CONSOLE", "0413  ACCOUNTS", "PAYROLL RUN", "0416  PERSONNEL",
                           "0417  ACCOUNTS              BANNER", "DELIVERED  <- YOURS",
                           "CLOCK 15:35", "14:10  JOB 0417 PRINTING ON LP1",
                           "it came back 6 hours 35 minutes later", "LINE PRINTER LP1: IDLE")
    m.type("\r")
    assert m.wait_for_input()
    assert screen.contains("REQUEST FOR A COMPUTER JOB")
    submit(m, "Bo", "", "2")
    assert "JOB 0418 - TELEPHONE LIST" in m.printer.text()      # the next job, the next number


def test_the_job_waits_then_runs_then_prints(make_machine):
    # Paced at 20 MHz each stage lasts long enough to be seen on the screen.
    m = make_machine("BATCH", mhz=20.0)
    assert m.wait_for_input()
    m.type("Ada\rAccounts\r1")
    for status in ("WAITING  <- YOURS", "PAYROLL RUN                 RUNNING",
                   "RUNNING  <- YOURS", "PRINTING  <- YOURS",
                   "LINE PRINTER LP1: PRINTING JOB 0417, LINE", "DELIVERED  <- YOURS"):
        assert m.wait_for_text(status, timeout=60), status
    assert m.terminal.contains("CLOCK 15:35")


def test_ctrl_c_while_printing_tears_off_the_paper_and_starts_a_clean_form(make_machine):
    m = make_machine("BATCH", mhz=20.0)
    assert m.wait_for_input()
    m.type("Margaret Whitworth\rAccounts\r1")
    assert m.wait_for_text("PRINTING  <- YOURS", timeout=60)
    m.type("\x03")
    assert m.wait_for_input(60)
    assert m.terminal.contains("REQUEST FOR A COMPUTER JOB")
    assert not m.terminal.contains("Margaret")
    paper = m.printer.lines()
    assert "JOB CANCELLED" in paper[-2] and paper[-1] == "\f"


def test_a_name_is_needed(make_machine):
    m = make_machine("BATCH")
    assert m.wait_for_input()
    m.type("   \r")
    assert m.wait_for_input()
    assert m.terminal.contains("Please write your name")
    m.type("Ada\r")
    assert m.wait_for_input()
    assert not m.terminal.contains("Please write your name")
    assert m.terminal.find("Ada") == (8, 14)


def test_long_lines_are_cut_and_control_keys_ignored(make_machine):
    m = make_machine("BATCH")
    assert m.wait_for_input()
    m.type("W" * 300 + "\x01\x1b[2J\x07\r")
    assert m.wait_for_input()
    assert m.terminal.lines()[8].rstrip() == " Your name:   " + "W" * 20
    m.type("D" * 100 + "\r")
    assert m.wait_for_input()
    m.type("x9\x1b0")                           # not a job: ignored
    assert m.wait_for_input()
    assert m.terminal.contains("Press 1, 2 or 3") and not m.terminal.contains("OPERATOR CONSOLE")
    m.type("1")
    assert m.wait_for_input(60)
    text = m.printer.text()
    assert "FOR: " + "W" * 20 + "  DEPT: " + "D" * 20 in text
    assert all(len(line) <= 80 for line in m.printer.lines())


@pytest.mark.parametrize("seed", [1, 2])
def test_random_keys_never_break_it(make_machine, seed):
    m = make_machine("BATCH")
    assert m.wait_for_input()
    rng = random.Random(seed)
    keys = bytes(rng.choice([*range(128), *b"123\r\r\r"]) for _ in range(3000))
    m.type(keys.replace(b"\x03", b""))
    assert m.wait_for_input(120)
    m.type("\x03")
    assert m.wait_for_input()
    assert m.terminal.contains("REQUEST FOR A COMPUTER JOB")
    m.printer.clear()
    submit(m, "Ada", "Sales", "1")
    assert block_letters("ADA")[0] in m.printer.lines()
    assert m.running and m.error is None

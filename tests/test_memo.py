"""MEMO, the memo stop's program: typed into headless, read off the pyte screen."""

from __future__ import annotations

MEMO = ["Mrs Patel", "J. Okafor", "3 March 1978", "New canteen hours", "A. Smith, B. Jones"]
BODY = ["The canteen opens at 8 from Monday.", "Please tell your teams."]


def fill(machine, fields=MEMO, body=BODY):
    assert machine.wait_for_input()
    for line in [*fields, *body, ""]:
        machine.type(line + "\r")
    assert machine.wait_for_input()


def test_form_shows_every_field(make_machine):
    m = make_machine("MEMO")
    assert m.wait_for_input()
    for label in ("To:", "From:", "Date:", "Subject:", "cc:", "INTERNAL MEMORANDUM"):
        assert m.terminal.contains(label)
    assert m.terminal.contains("correction fluid")


def test_top_copy_then_each_carbon_fainter(make_machine):
    m = make_machine("MEMO")
    fill(m)
    screen = m.terminal
    assert screen.contains("TOP COPY", "To:       Mrs Patel", "cc:       A. Smith, B. Jones",
                           "The canteen opens at 8 from Monday.", "Please tell your teams.")
    y, x = screen.find("Mrs Patel")
    inks = []
    top = screen.styles_at(y, [x])[0]
    assert top.bold
    inks.append(top.fg)
    for n in (1, 2):
        m.type("\r")
        assert m.wait_for_input()
        assert screen.contains(f"CARBON COPY {n} OF 2", "Mrs Patel", "Please tell your teams.")
        y, x = screen.find("Mrs Patel")
        cell = screen.styles_at(y, [x])[0]
        assert not cell.bold          # only the top copy is struck hard
        inks.append(cell.fg)
    # Each sheet is a different, fainter ink: black, blue, pale blue.
    assert inks == ["default", "blue", "brightblue"]
    m.type("\r")
    assert m.wait_for_input()
    # All the envelopes travel on the same rounds: about two days, however many.
    assert screen.contains("3 envelopes", "about 2 working days", "best part of a working week")


def test_no_cc_gives_one_file_copy(make_machine):
    m = make_machine("MEMO")
    fill(m, fields=MEMO[:4] + [""])
    m.type("\r")
    assert m.wait_for_input()
    assert m.terminal.contains("CARBON COPY 1 OF 1", "last carbon")


def test_backspace_corrects_like_correction_fluid(make_machine):
    m = make_machine("MEMO")
    assert m.wait_for_input()
    m.type("Mrs Pxx\b\b\x7fPatel\r")
    assert m.wait_for_input()
    assert m.terminal.contains("To:       Mrs Patel")
    assert not m.terminal.contains("Pxx")


def test_long_field_is_cut_at_its_width_and_controls_ignored(make_machine):
    m = make_machine("MEMO")
    assert m.wait_for_input()
    m.type("A" * 200 + "\x01\x02\x1b[2J" + "\r")
    assert m.wait_for_input()
    row = m.terminal.lines()[3]
    assert row.startswith("To:       " + "A" * 56)
    assert "A" * 57 not in row
    # The escape key was ignored, its '[2J' typed as text would not fit.
    assert m.terminal.contains("INTERNAL MEMORANDUM")


def test_ctrl_c_starts_a_clean_form(make_machine):
    m = make_machine("MEMO")
    assert m.wait_for_input()
    m.type("Someone\rSomebody\x03")
    assert m.wait_for_input()
    assert not m.terminal.contains("Someone")
    assert m.terminal.contains("To:")


def test_finishing_returns_to_cpm_and_the_exhibit_starts_memo_again(make_machine):
    m = make_machine("MEMO")
    fill(m)
    for _ in range(3):
        m.type("\r")
        assert m.wait_for_input()
    assert m.terminal.contains("start a new memo")
    m.type("\r")
    assert m.wait_for_input()
    assert m.cpu.warm_boots >= 2        # the cold boot's, and MEMO's exit
    assert m.terminal.contains("INTERNAL MEMORANDUM", "To:")
    assert not m.terminal.contains("Mrs Patel")

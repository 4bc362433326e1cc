"""NETWORK, the network stop's 1990s work PC: dial-up, mail, bulletin board, blocked web."""

from __future__ import annotations

import random

import pytest

UP, DOWN = "\x1b[A", "\x1b[B"


def online(m, name="Sam Jones"):
    """Dial in and wait at the main menu."""
    assert m.wait_for_input()
    m.type(name + "\r")
    assert m.wait_for_input(60)
    assert m.terminal.contains("MAIN MENU")


def press(m, keys):
    m.type(keys)
    assert m.wait_for_input(60)
    return m.terminal


def test_dial_up_shows_the_modem_talking(make_machine):
    m = make_machine("NETWORK", mhz=20.0)          # paced, so each line can be seen
    assert m.wait_for_input(60)
    assert m.terminal.contains("DIAL-UP NETWORKING", "Your name:", "NOT CONNECTED")
    m.type("Sam Jones\r")
    for line in ("Dialling head office", "ATZ", "   OK", "ATDT 01632 960514", "screeches and hisses",
                 "CONNECT 28800/V42BIS", "ONLINE 28800 bps", "head office network as Sam Jones..."):
        assert m.wait_for_text(line, timeout=60), line
    assert m.wait_for_input(60)
    screen = m.terminal
    assert screen.contains("MAIN MENU", "Good morning, Sam Jones.", "M   Electronic mail      5 new",
                           "B   Bulletin board", "W   Web browser", "H   Hang up")
    assert all(len(line.rstrip()) <= 80 for line in screen.lines())


def test_a_name_is_needed_to_log_on(make_machine):
    m = make_machine("NETWORK")
    assert m.wait_for_input()
    screen = press(m, "\r")
    assert screen.contains("Please type your name", "DIAL-UP NETWORKING")


def test_the_inbox_and_the_managements_message(make_machine):
    m = make_machine("NETWORK")
    online(m)
    screen = press(m, "m")
    assert screen.contains("INBOX", " N  1  Managing Director      Use of the Internet at work",
                           "Ann Price", "IT Helpdesk", "Raj Mistry", "Facilities")
    y, x = screen.find("Managing Director")
    assert screen.styles_at(y, [x])[0].reverse           # the chosen message
    screen = press(m, "1")
    assert screen.contains("From:    Managing Director <md@northgate>", "To:      Sam Jones",
                           "Subject: Use of the Internet at work", "waste of time",
                           "R reply   Q back to the inbox")
    screen = press(m, "q")
    assert screen.contains("    1  Managing Director")        # read: no longer N
    screen = press(m, DOWN + DOWN + UP + "\r")            # cursor keys choose, RETURN reads
    assert screen.contains("From:    Ann Price <ann.price@northgate>", "Canteen rota")


def test_reply_is_sent_and_answered(make_machine):
    m = make_machine("NETWORK")
    online(m)
    press(m, "M1")
    screen = press(m, "R")
    assert screen.contains("To:      md@northgate", "Subject: Re: Use of the Internet at work")
    screen = press(m, "It was for the sales figures.\rHonestly.\r\r")
    assert screen.contains("It was for the sales figures.", "Delivered to md@northgate.")
    screen = press(m, "\r")
    assert screen.contains(" N  1  md@northgate           Re: Use of the Internet at work         Today",
                           "    2  Managing Director")
    screen = press(m, "1")
    assert screen.contains("From:    md@northgate", "Got your message")
    assert not screen.contains("<md@northgate>")
    screen = press(m, "R")                                 # no "Re: Re:"
    assert screen.contains("Subject: Re: Use of the Internet at work")
    assert not screen.contains("Re: Re:")


def test_new_message_only_goes_round_the_office(make_machine):
    m = make_machine("NETWORK")
    online(m)
    press(m, "MN")
    screen = press(m, "pen.pal@example.com\r")
    assert screen.contains("outside the company: office mail only reaches @northgate")
    screen = press(m, "ann price\r")
    assert screen.contains("An address has no spaces")
    screen = press(m, "Ann.Price\r")
    assert screen.contains("To:      ann.price@northgate")
    assert not screen.contains("no spaces")
    screen = press(m, "\r\r")                              # no subject, no text: still sent
    assert screen.contains("Subject: (no subject)", "Delivered to ann.price@northgate.")
    press(m, "\r")
    for n in range(4):                                     # the inbox keeps three answers
        press(m, "N")
        press(m, f"raj.mistry@northgate\rNote {n}\r\r")
        press(m, "\r")                 # keys typed while it sends are not kept
    screen = m.terminal
    assert screen.contains(" N  1  raj.mistry@northgate   Re: Note 3", "Re: Note 2", "Re: Note 1",
                           " N  4  Managing Director")
    assert not screen.contains("Note 0") and not screen.contains("ann.price@northgate")
    screen = press(m, "Q")
    assert screen.contains("Electronic mail      8 new")


def test_bulletin_board_threads_and_an_answer(make_machine):
    m = make_machine("NETWORK")
    online(m, "Sam")
    screen = press(m, "B")
    assert screen.contains("BULLETIN BOARD", "1  Car park resurfacing next week             Facilities          3",
                           "Five-a-side football", "Lost: blue umbrella", "new scanner")
    screen = press(m, "1")
    lines = screen.lines()
    top = screen.find("Facilities")
    assert top == (4, 2)
    assert lines[4 + 2].startswith("   `- Raj Mistry")              # an answer to the first post
    assert lines[4 + 4].startswith("       `- Facilities")          # an answer to the answer
    assert lines[4 + 6].startswith("   `- Ann Price")
    screen = press(m, "R")
    assert screen.contains("Your answer:")
    screen = press(m, "I will cycle in that week.\r")
    assert screen.contains("   `- Sam", "      I will cycle in that week.")
    screen = press(m, "Q")
    assert screen.contains("Car park resurfacing next week             Facilities          4")
    screen = press(m, "2")
    assert not screen.contains("cycle in that week")                # answers stay in their topic
    screen = press(m, "R\r")                                        # an empty answer posts nothing
    assert not screen.contains("`- Sam")


def test_web_pages_are_blocked_except_the_intranet(make_machine):
    m = make_machine("NETWORK")
    online(m)
    screen = press(m, "W")
    assert screen.contains("WEB BROWSER", "BOOKMARKS", "1  http://intranet.northgate/")
    screen = press(m, "2")
    assert screen.contains("Address: http://www.morningharbour-news.example/",
                           "ACCESS DENIED BY THE NORTHGATE MILLS IT POLICY",
                           "waste of working time", "Attempts logged from this PC today: 1")
    screen = press(m, "G" + "www.football-daily.example\r")
    assert screen.contains("www.football-daily.example", "ACCESS DENIED", "today: 2")
    for address in ("intranetx.com", "www.intranet.com", "http://evil/intranet"):
        screen = press(m, "G" + address + "\r")
        assert screen.contains("ACCESS DENIED"), address
    screen = press(m, "1")
    assert screen.contains("STAFF INTRANET", "CANTEEN THIS WEEK", "outside web pages are")
    assert not screen.contains("ACCESS DENIED")
    for address in ("intranet", "HTTP://INTRANET.NORTHGATE/canteen", "  intranet:80/"):
        screen = press(m, "G" + address + "\r")
        assert screen.contains("STAFF INTRANET"), address
    screen = press(m, "H")
    assert screen.contains("BOOKMARKS")
    screen = press(m, "Q")
    assert screen.contains("MAIN MENU")


def test_hang_up_and_ctrl_c_start_clean(make_machine):
    m = make_machine("NETWORK")
    online(m)
    press(m, "M1Q")                                        # one message read
    press(m, "QH")
    assert m.terminal.contains("DIAL-UP NETWORKING", "Your name:")
    online(m, "Kim")
    assert m.terminal.contains("Good morning, Kim.", "5 new")
    press(m, "MN")
    screen = press(m, "ann.price\rHalf a messa\x03")      # Ctrl+C in the middle of writing
    assert screen.contains("DIAL-UP NETWORKING")
    assert not screen.contains("Half a messa")
    online(m, "Lee")
    assert m.terminal.contains("5 new")


def test_long_lines_and_control_keys(make_machine):
    m = make_machine("NETWORK")
    assert m.wait_for_input()
    online(m, "N" * 200 + "\x01\x02\x1b\x7f")
    assert m.terminal.contains("Good morning, " + "N" * 19 + ".")   # 20, less the one rubbed out
    press(m, "W")
    screen = press(m, "G" + "x" * 500 + "\x1b[2J\x00\r")
    assert screen.contains("Address: " + "x" * 60, "ACCESS DENIED")
    assert all(len(line.rstrip()) <= 80 for line in screen.lines())
    press(m, "Q")
    press(m, "MN")
    screen = press(m, "a" * 100 + "\r" + "s" * 100 + "\r" + "b" * 200 + "\r\r")
    assert screen.contains("To:      " + "a" * 30 + "@northgate", "Subject: " + "s" * 40, "b" * 70)
    assert not screen.contains("b" * 71)
    screen = press(m, "\x00\x1b\x1bOP\x1b[15~\x1b[Z\x7fZ\r")    # odd keys: ignored
    assert screen.contains("INBOX")


@pytest.mark.parametrize("seed", [3, 4])
def test_random_keys_never_break_it(make_machine, seed):
    m = make_machine("NETWORK")
    assert m.wait_for_input()
    rng = random.Random(seed)
    alphabet = [*range(128), *b"MBWQRNG12\r\r\r", 0x1B, 0x1B]
    keys = bytes(rng.choice(alphabet) for _ in range(3000)).replace(b"\x03", b"")
    m.type(keys)
    assert m.wait_for_input(120)
    screen = press(m, "\x03")
    assert screen.contains("DIAL-UP NETWORKING")
    online(m)
    screen = press(m, "W1")
    assert screen.contains("STAFF INTRANET")
    assert m.running and m.error is None

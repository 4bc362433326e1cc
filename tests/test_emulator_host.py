"""Host services: a Z80 program asks for the time, random numbers and posts."""

from __future__ import annotations

import datetime as dt
import importlib.util
import random
from pathlib import Path

import pytest

from emulator import Machine, Profile
from emulator.host import (
    MAX_ARGS,
    PORT_COMMAND,
    PORT_DATA,
    PORT_EXEC,
    PORT_LEFT_HIGH,
    Command,
    HostServices,
    Status,
)
from emulator.store import PostStore
from roms import build

HERE = Path(__file__).parent
FIXED = dt.datetime(1981, 12, 1, 9, 30, 5)


@pytest.fixture
def store(tmp_path):
    with PostStore(tmp_path / "posts.db") as s:
        yield s


def request(host: HostServices, command: int, args: bytes = b"") -> tuple[int, bytes]:
    host.port_out(PORT_COMMAND, command)
    for b in args:
        host.port_out(PORT_DATA, b)
    host.port_out(PORT_EXEC, 0)
    left = host.port_in(PORT_EXEC) | host.port_in(PORT_LEFT_HIGH) << 8
    return host.port_in(PORT_COMMAND), bytes(host.port_in(PORT_DATA) for _ in range(left))


def s(text: bytes) -> bytes:
    return bytes([len(text)]) + text


@pytest.mark.skipif(importlib.util.find_spec("um80") is None, reason="needs the ROM tools")
def test_posts_round_trip_through_a_z80_program(tmp_path, store):
    lib = build.build_library(tmp_path)
    rel = build._assemble(HERE / "z80" / "htest.mac", tmp_path)
    com = tmp_path / "HTEST.COM"
    build._tool("ul80", "-o", com, rel, lib, cwd=tmp_path)
    first = store.add("wall", "Ann", "First!")
    store.add("wall", "Bo", "Snow day: the school is shut")
    store.add("social", "Cy", "Not on this board")
    hidden = store.add("wall", "Troll", "Rude words")
    store.hide(hidden.id)

    m = Machine(Profile(mhz=None, programs=("HTEST",), boot="HTEST", restart=False, board="wall"),
                {"HTEST": com.read_bytes()}, store=store)
    m.host = HostServices(store, board="wall", clock=lambda: FIXED)
    m.start()
    try:
        assert m.wait_for_text("DONE")
        screen = m.terminal.text()
    finally:
        m.stop()
    print(screen)
    rng = random.Random(1234)
    expected = [
        "VERSION 1",
        "DATE 1981-12-1",
        f"RANDOM {rng.getrandbits(16)} {rng.getrandbits(16)}",
        "POSTS 2",
        "Bo: Snow day: the school is shut",     # newest first
        "Ann: First!",
        f"NEW {hidden.id + 1}",
        "REPLY STATUS 0",
        f"UNKNOWN {Status.UNKNOWN_COMMAND}",
        f"TOO LONG {Status.TOO_LONG}",
        f"BAD LIST {Status.BAD_REQUEST}",
        f"ESCAPE {Status.BAD_REQUEST}",
        f"MISSING {Status.NOT_FOUND}",
    ]
    for line in expected:
        assert line in screen
    assert "Troll" not in screen and "Cy" not in screen
    newest = store.list("wall")
    assert [(p.author, p.text) for p in newest[:2]] == [("Z80", "Hello from the Z80"),
                                                       ("Bo", "Snow day: the school is shut")]
    reply = store.replies(newest[1].id)
    assert [(p.author, p.text) for p in reply] == [("Z80", "Me too")]
    assert store.get(first.id).replies == 0


def test_every_malformed_request_gets_a_status(store):
    host = HostServices(store, board="wall", seed=1)
    post = store.add("wall", "Ann", "Hi")
    other = store.add("social", "Bo", "Elsewhere")
    pid = post.id.to_bytes(4, "little")
    cases = [
        (0x99, b"", Status.UNKNOWN_COMMAND),
        (Command.TIME, b"x", Status.BAD_REQUEST),                 # TIME takes nothing
        (Command.SEED, b"\x01", Status.BAD_REQUEST),              # seed is two bytes
        (Command.LIST, b"\x00\x00", Status.BAD_REQUEST),          # count missing
        (Command.LIST, b"\x00\x00\x09", Status.BAD_REQUEST),      # more than 8
        (Command.READ, b"\x01\x00", Status.BAD_REQUEST),          # id is four bytes
        (Command.READ, other.id.to_bytes(4, "little"), Status.NOT_FOUND),   # another board
        (Command.CREATE, s(b"Ann"), Status.BAD_REQUEST),          # text missing
        (Command.CREATE, s(b"Ann") + s(b""), Status.BAD_REQUEST),  # empty text
        (Command.CREATE, s(b"A" * 25) + s(b"hi"), Status.TOO_LONG),
        (Command.CREATE, s(b"Ann") + s(b"\x07bell"), Status.BAD_REQUEST),
        (Command.CREATE, s(b"Ann") + bytes([200]) + b"short", Status.BAD_REQUEST),
        (Command.REPLY, (12345).to_bytes(4, "little") + s(b"A") + s(b"B"), Status.NOT_FOUND),
        (Command.REPLIES, pid + b"\x00\x00", Status.BAD_REQUEST),
    ]
    for command, args, status in cases:
        got, answer = request(host, command, args)
        assert (command, args, got) == (command, args, status)
        assert answer == b""
    # Running with no command started, and an argument flood.
    host.port_out(PORT_EXEC, 0)
    assert host.port_in(PORT_COMMAND) == Status.NO_REQUEST
    assert request(host, Command.CREATE, b"A" * (MAX_ARGS + 1))[0] == Status.TOO_LONG
    # Reading past the answer gives zeros; unknown ports float.
    assert request(host, Command.RANDOM)[0] == Status.OK
    assert host.port_in(PORT_DATA) == 0
    assert store.count("wall") == 1


def test_no_store_and_a_failing_store(tmp_path):
    host = HostServices(None)
    assert request(host, Command.LIST, b"\x00\x00\x01")[0] == Status.NO_STORE
    store = PostStore(tmp_path / "p.db")
    host = HostServices(store)
    store.close()                       # a store that fails under the program
    assert request(host, Command.LIST, b"\x00\x00\x01")[0] == Status.HOST_ERROR
    assert request(host, Command.HELLO) == (Status.OK, bytes([1, MAX_ARGS, 8]))


def test_read_replies_and_the_wire_format(store):
    host = HostServices(store, board="wall")
    when = dt.datetime(2011, 2, 3, 4, 5, tzinfo=dt.UTC)
    post = store.add("wall", "Ann", "Caf\u00e9 at ten", created=when)
    store.reply(post.id, "Bo", "See you there", created=when)
    status, answer = request(host, Command.READ, post.id.to_bytes(4, "little"))
    assert status == Status.OK
    assert answer == (post.id.to_bytes(4, "little") + bytes(4) + b"\x01" + s(b"Ann")
                      + s(b"Caf? at ten") + (2011).to_bytes(2, "little") + bytes([2, 3, 4, 5]))
    status, answer = request(host, Command.REPLIES, post.id.to_bytes(4, "little") + b"\0\0\x08")
    assert status == Status.OK and answer[0] == 1 and b"See you there" in answer
    store.hide(post.id)
    status, _ = request(host, Command.REPLIES, post.id.to_bytes(4, "little") + b"\0\0\x08")
    assert status == Status.NOT_FOUND


def test_the_seed_makes_random_numbers_repeat_after_reset():
    host = HostServices(None, seed=7)
    first = [request(host, Command.RANDOM)[1] for _ in range(3)]
    host.reset()
    assert [request(host, Command.RANDOM)[1] for _ in range(3)] == first

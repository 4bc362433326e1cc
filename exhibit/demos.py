"""What the machines type by themselves on the kiosk's attract screen.

Each script is the keys a visitor might type, fed one at a time whenever the
program waits for a key, so the attract screen shows the program working as
it would for a person. A program with an attract mode of its own (the games)
needs no script: left alone on its title screen it plays itself.
"""

from __future__ import annotations

DEMOS: dict[str, str] = {
    # Open the live-streamed conference thread and watch questions arrive.
    "SOCIAL": "1",
    # The banner job: name, department, job 1; then RETURN when it is delivered.
    "BATCH": "Ada Visitor\rAccounts\r1\r\r",
    "MEMO": (
        "All departments\r"
        "Office Manager\r"
        "Monday 6 March 1978\r"
        "The new photocopier\r"
        "Accounts, Personnel, Sales\r"
        "The photocopier on the second floor is for urgent copies only.\r"
        "Please keep using carbon paper for everything else.\r"
        "\r\r\r\r\r"
    ),
}


def demo_for(programs: tuple[str, ...]) -> str:
    """The demo script for the first program that has one ('' if none do)."""
    for name in programs:
        if name in DEMOS:
            return DEMOS[name]
    return ""

"""``python -m exhibit pin``: make the admin PIN hash for the kiosk settings file."""

from __future__ import annotations

import argparse
import getpass
import sys

from exhibit.settings import hash_pin

NAME = "pin"
HELP = "ask for an admin PIN and print the line to put in the kiosk settings file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stdin", action="store_true", help="read the PIN from standard input")


def run(args: argparse.Namespace) -> int:
    pin = sys.stdin.readline().strip() if args.stdin else getpass.getpass("New admin PIN: ")
    if not (4 <= len(pin) <= 12 and pin.isdigit()):
        print("exhibit pin: a PIN is 4 to 12 digits; try again", file=sys.stderr)
        return 2
    print(f'admin_pin_hash = "{hash_pin(pin)}"')
    return 0

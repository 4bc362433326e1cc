"""``python -m exhibit wall``: the visitors' posts for staff: list, moderate, export.

The store is ``posts.db`` in the ``--data`` folder (the main option, given
before ``wall``). ``--moderate`` opens the moderation screen; ``--hide``,
``--show`` and ``--delete`` do one thing from a script; ``--export FILE.csv``
writes every post, hidden ones included, for a curator's spreadsheet.
"""

from __future__ import annotations

import argparse
import csv
import sqlite3
import sys
from pathlib import Path

from emulator.moderation import clean
from emulator.store import PostError, PostStore, open_store
from exhibit.settings import data_path

NAME = "wall"
HELP = "the visitors' posts: list, moderate (hide or delete), export to CSV"

FIELDS = ("id", "board", "author", "text", "reply_to", "created", "hidden")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--moderate", action="store_true",
                      help="open the moderation screen (H hides or shows, D twice deletes)")
    what.add_argument("--export", metavar="FILE.csv", type=Path,
                      help="write every post, hidden ones too, to a CSV file")
    what.add_argument("--hide", metavar="ID", type=int, help="hide one post everywhere")
    what.add_argument("--show", metavar="ID", type=int, help="show a hidden post again")
    what.add_argument("--delete", metavar="ID", type=int,
                      help="delete a post and its replies for good")


def run(args: argparse.Namespace) -> int:
    try:
        store = open_store(data_path(args.data))
    except PostError as e:
        print(f"exhibit wall: {e}", file=sys.stderr)
        return 1
    try:
        return _run(args, store)
    except sqlite3.Error as e:
        print(f"exhibit wall: the post store failed ({e}); try again, or check the disk",
              file=sys.stderr)
        return 1
    finally:
        store.close()


def _run(args: argparse.Namespace, store: PostStore) -> int:
    if args.moderate:
        from exhibit.screens.wall import ModerateApp  # Textual loads only for the screen

        ModerateApp(store).run()
        return 0
    if args.export:
        return export(store, args.export)
    for option, hidden in (("hide", True), ("show", False)):
        post_id = getattr(args, option)
        if post_id is not None:
            if not store.hide(post_id, hidden):
                print(f"exhibit wall: there is no post {post_id}", file=sys.stderr)
                return 2
            print(f"post {post_id} {'hidden' if hidden else 'shown again'}")
            return 0
    if args.delete is not None:
        if not store.delete(args.delete):
            print(f"exhibit wall: there is no post {args.delete}", file=sys.stderr)
            return 2
        print(f"post {args.delete} deleted, with its replies")
        return 0
    # No option: a short list, newest first, for a quick look.
    posts = store.list_since(store.boards(), None, limit=20, include_hidden=True)
    print(f"{store.path}: " + (", ".join(
        f"{b} {store.count(b, include_hidden=True)} posts" for b in store.boards()) or "no posts"))
    for post in posts:
        mark = " HIDDEN" if post.hidden else ""
        print(f"{post.id:>6} {post.board:<8} {post.created:%Y-%m-%d %H:%M}{mark} "
              f"{clean(post.author)}: {clean(post.text)[:60]}")
    return 0


def _cell(value: object) -> object:
    # A spreadsheet runs a cell that starts with = + - @ as a formula:
    # visitors' text must open as text.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export(store: PostStore, path: Path) -> int:
    rows = store.export()
    try:
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=FIELDS)
            writer.writeheader()
            for row in rows:
                writer.writerow({k: _cell(row[k]) for k in FIELDS})
    except OSError as e:
        print(f"exhibit wall: cannot write {path}: {e.strerror or e}", file=sys.stderr)
        return 1
    print(f"wrote {len(rows)} posts to {path}")
    return 0

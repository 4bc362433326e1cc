"""``python -m exhibit wall``: the visitors' posts for staff: list, moderate, export.

The store is ``posts.db`` in the ``--data`` folder, or a fleet's server
(``--store URL``, or the ``store`` the settings ``--config`` names), so a
curator moderates every kiosk at once from an office PC. ``--moderate``
opens the moderation screen; ``--hide``,
``--show`` and ``--delete`` do one thing from a script; ``--export FILE.csv``
writes every post, hidden ones included, for a curator's spreadsheet.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from emulator.moderation import clean
from emulator.store import PostError, SqliteStore, SqlStore, Store
from exhibit.settings import SettingsError, command_place

NAME = "wall"
HELP = "the visitors' posts: list, moderate (hide or delete), export to CSV"

FIELDS = ("id", "board", "author", "text", "reply_to", "created", "hidden", "kiosk")


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
    what.add_argument("--adopt", metavar="POSTS.db", type=Path,
                      help="copy a kiosk's own posts.db (posts, hidden ones too, and visit "
                           "figures) into the --store server; safe to run again")
    parser.add_argument("--kiosk", metavar="NAME", default="",
                        help="with --adopt: the kiosk those posts and figures came from")


def run(args: argparse.Namespace) -> int:
    try:
        # A curator's desk works on the server itself, with no outbox: what
        # it does happens everywhere at once, or it says it could not.
        store = command_place(args).open(outbox=False)
    except (PostError, SettingsError) as e:
        print(f"exhibit wall: {e}", file=sys.stderr)
        return 1
    try:
        return _run(args, store)
    except PostError as e:
        print(f"exhibit wall: {e}; try again, or check the disk or the server",
              file=sys.stderr)
        return 1
    finally:
        store.close()


def _run(args: argparse.Namespace, store: Store) -> int:
    if args.moderate:
        from exhibit.screens.wall import ModerateApp  # Textual loads only for the screen

        ModerateApp(store).run()
        return 0
    if args.export:
        return export(store, args.export)
    if args.adopt:
        return adopt(store, args.adopt, args.kiosk)
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
    print(f"{store.where}: " + (", ".join(
        f"{b} {store.count(b, include_hidden=True)} posts" for b in store.boards()) or "no posts"))
    for post in posts:
        mark = " HIDDEN" if post.hidden else ""
        print(f"{post.id:>6} {post.board:<8} {post.kiosk or '-':<10} {post.created:%Y-%m-%d %H:%M}{mark} "
              f"{clean(post.author)}: {clean(post.text)[:60]}")
    return 0


def _cell(value: object) -> object:
    # A spreadsheet runs a cell that starts with = + - @ as a formula:
    # visitors' text must open as text.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export(store: Store, path: Path) -> int:
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


def adopt(store: Store, path: Path, kiosk: str) -> int:
    """A kiosk's own file joins the fleet: its posts and figures go to the server, once."""
    if not isinstance(store, SqlStore) or not path.is_file():
        print(f"exhibit wall: --adopt copies an existing posts.db ({path}) into a store "
              "named with --store", file=sys.stderr)
        return 2
    with SqliteStore(path) as old:       # brought to this schema first, as any open does
        posts, figures, refused = store.adopt(old, kiosk=kiosk)
    print(f"{posts} posts and {figures} visit figures from {path} are in {store.where}")
    if refused:
        print(f"{refused} posts hold a word this store's blocked list refuses; they stayed behind")
    return 0

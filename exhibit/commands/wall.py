"""``python -m exhibit wall``: the visitors' posts for staff: list, moderate, export, try.

The store is ``posts.db`` in the ``--data`` folder, or a fleet's server
(``--store URL``, or the ``store`` the settings ``--config`` names), so a
curator moderates every kiosk at once from an office PC. ``--moderate``
opens the moderation screen; ``--approve``, ``--hide``,
``--show`` and ``--delete`` do one thing from a script; ``--export FILE.csv``
writes every post, hidden and held ones included, for a curator's spreadsheet.
``--try TEXT`` (or ``--try -``, one post a line from standard input) says
whether the wall would take each post, with the wall's own rules and the
data folder's word lists, and keeps nothing.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from emulator.moderation import MAX_POST, REFUSED, WordList, check, clean
from emulator.store import PostError, SqliteStore, SqlStore, Store
from exhibit.settings import SettingsError, command_place

NAME = "wall"
HELP = ("the visitors' posts: list, moderate (approve, hide or delete), export to CSV, "
        "try posts against the word lists")

FIELDS = ("id", "board", "author", "text", "reply_to", "created", "hidden", "pending", "kiosk")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--moderate", action="store_true",
                      help="open the moderation screen (A approves a held post, H hides or "
                           "shows, D twice deletes)")
    what.add_argument("--export", metavar="FILE.csv", type=Path,
                      help="write every post, hidden ones too, to a CSV file")
    what.add_argument("--try", dest="try_text", metavar="TEXT",
                      help="say whether the wall takes TEXT (- reads one post a line from "
                           "standard input): ok or refused, the reason, the post, tab-separated; "
                           "exits 1 if any post is refused")
    what.add_argument("--approve", metavar="ID", type=int,
                      help="put a post held for moderation on the wall")
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
    if args.try_text is not None:
        return try_posts(args.try_text, args.data)
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
    if args.approve is not None:
        post = store.get(args.approve, include_hidden=True)
        if post is None:
            print(f"exhibit wall: there is no post {args.approve}", file=sys.stderr)
            return 2
        if not post.pending:
            print(f"post {args.approve} is not held: it is already up")
            return 0
        store.approve(args.approve)
        print(f"post {args.approve} approved: it is on the wall now")
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
        mark = " HIDDEN" if post.hidden else " HELD" if post.pending else ""
        print(f"{post.id:>6} {post.board:<8} {post.kiosk or '-':<10} {post.created:%Y-%m-%d %H:%M}{mark} "
              f"{clean(post.author)}: {clean(post.text)[:60]}")
    return 0


def try_posts(text: str, data: Path | None) -> int:
    """Print, for each post, whether the wall takes it: exactly the wall's rules
    (``clean``, then ``check`` with the data folder's lists), nothing stored."""
    from exhibit.settings import data_path

    words = WordList.load(data_path(data))
    lines = sys.stdin.read().splitlines() if text == "-" else [text]
    refused = 0
    for line in lines:
        post = clean(line)
        if not post and text == "-":
            continue                    # a blank line between posts
        problem = check(post, words)
        if problem is None:
            notes = "; ".join(words.judge(post).notes) or "no blocked word"
            print(f"ok\t{notes}, {len(post)} of {MAX_POST} characters\t{post}")
            continue
        refused += 1
        # Only a blocked word needs the curator's reason; judging a long paste
        # that is refused for its length alone took seconds a kilobyte.
        judgement = words.judge(post) if problem == REFUSED else None
        reason = judgement.reason if judgement is not None and judgement.refused else problem
        print(f"refused\t{reason}\t{post}")
    return 1 if refused else 0


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

"""The story: stop files a curator can edit, and the loader that reads them.

Rooms:
    stops/      one Markdown file per stop, with TOML front matter; the
                files in name order are the journey
    stop.py     Stop and Lane: plain data classes for one stop
    loader.py   reads stop files; every mistake is a Problem naming its
                file and line
    rules.py    what the content must hold: lengths that fit the screen,
                lanes in time order, programs that exist
    picture.py  pictures of each stop's object (stops/pictures/*.pic):
                palette letters, two pixels to a line of text, and their checks

Nothing here imports Textual.
"""

from timeline.loader import (
                             ContentError,
                             Problem,
                             check_folder,
                             default_dir,
                             load_stop,
                             load_timeline,
                             read_stop,
)
from timeline.stop import Lane, Source, Stop

__all__ = ["ContentError", "Lane", "Problem", "Source", "Stop", "check_folder", "default_dir",
           "load_stop", "load_timeline", "read_stop"]

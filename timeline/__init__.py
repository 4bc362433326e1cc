"""The story: stop files a curator can edit, and the loader that reads them.

Rooms:
    stops/      one Markdown file per stop, with TOML front matter; the
                files in name order are the journey
    stops/social/  the social stop's 2011 stream, one TOML file per thread
    stop.py     Stop and Lane: plain data classes for one stop
    problem.py  Problem (a mistake, with its file and line) and ContentError
    loader.py   reads stop files (and a stop's stream) and checks a folder
                with the rules
    stream.py   reads the stream's thread files: dated posts, as plain data
    rules.py    what the content must hold: lengths that fit the screen,
                lanes in time order, programs that exist, and a stream of
                140-character posts on their event's real dates by
                clearly invented accounts (imports no loader)
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

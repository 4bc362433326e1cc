"""The story: stop files a curator can edit, and the loader that reads them.

Rooms:
    stops/      one Markdown file per stop, with TOML front matter
    stop.py     Stop and Lane: plain data classes for one stop
    loader.py   reads a folder of stop files; every mistake is a Problem
                naming its file and line

Nothing here imports Textual.
"""

from timeline.loader import ContentError, Problem, default_dir, load_stop, load_timeline
from timeline.stop import Lane, Source, Stop

__all__ = ["ContentError", "Lane", "Problem", "Source", "Stop", "default_dir", "load_stop",
           "load_timeline"]

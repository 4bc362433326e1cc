"""Drive A: built in memory from the era programs a profile names."""

from __future__ import annotations

import functools
from collections.abc import Mapping

from cpm80 import DiskDrive, DiskFormat, DiskImage, Error, FileSystem

# The IBM 3740 8-inch single-sided, single-density floppy that CP/M 2.2
# was first shipped on: 77 tracks of 26 sectors of 128 bytes, two tracks
# reserved for the system, 1K blocks and 64 directory entries (the
# CP/M 2.2 Alteration Guide's standard disk). About 241K for files: room
# for our programs and a visitor's saved work, and cheap to copy on reset.
EIGHT_INCH = DiskFormat(sectors_per_track=26, num_reserved_tracks=2, block_size=1024,
                        num_blocks=243, num_dir_entries=64)


class DiskFull(Exception):
    """The programs do not fit on the disk."""


@functools.lru_cache(maxsize=32)
def _image_bytes(files: tuple[tuple[str, bytes], ...]) -> bytes:
    # Files are written through the real BDOS (cpm80's FileSystem), so the
    # directory and allocation are exactly what CP/M itself would make.
    fs = FileSystem(DiskImage(EIGHT_INCH))
    for name, data in files:
        try:
            fs.write(name, data)
        except Error as e:  # no directory or data space left
            raise DiskFull(f"{name} does not fit on drive A: ({e})") from None
    return bytes(fs.image.data)


class BuiltDrive(DiskDrive):
    """A drive built from an image that stays cached (``make_drive``'s), which it remembers.

    A machine copies its disks for every snapshot it keeps (power-on, after
    boot, the monitor's history). While the disk is as it was built, the
    copy can be the cached image itself: every machine of a stop then shares
    one, and a storm of stops each holding two 250 KB copies holds none.
    """

    def __init__(self, built: bytes) -> None:
        super().__init__(DiskImage(EIGHT_INCH, data=built))
        self.built = built

    def copy_image(self) -> bytes:
        """The disk's bytes now, as the built image itself while nothing has changed."""
        data = self.image.data
        return self.built if data == self.built else bytes(data)


def make_drive(files: Mapping[str, bytes]) -> BuiltDrive:
    """A fresh drive holding the given files (CP/M 8.3 names, like ``MEMO.COM``)."""
    key = tuple(sorted((name.upper(), bytes(data)) for name, data in files.items()))
    return BuiltDrive(_image_bytes(key))

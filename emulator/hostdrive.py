"""A host folder as drive B:, keeping its word: what CP/M does to a file happens to the host file.

cpm80's ``HostDrive`` mirrors a folder onto an in-memory disk and writes
changed files back whenever CP/M commits a file (close, delete, make,
rename) or warm boots, but it never deletes a host file: a file erased
or renamed on B: stays in the folder and comes back at the next warm
boot, and the ``NAME.$$$`` temporaries that PIP, ED and our WRITE save
through (make NAME.$$$, erase NAME, rename NAME.$$$ to NAME) are left
behind. ``MountedFolder`` finishes the job: a file that CP/M no longer
has is removed from the folder too, but only a file this drive mounted
or wrote itself (never a file it left out, such as ``notes.md``).

Mounted read-only, nothing reaches the folder: a BIOS WRITE fails, so
CP/M says ``Bdos Err On B: Bad Sector`` instead of pretending to save.
"""

from __future__ import annotations

import pathlib

from cpm80 import SECTOR_SIZE, Error, FileSystem, HostDrive


class MountedFolder(HostDrive):
    """A host folder as a CP/M drive that writes, erases and renames through."""

    def __init__(self, directory: str | pathlib.Path, *, read_only: bool = False) -> None:
        self.read_only = read_only
        self.changes = 0          # how many times the folder was changed (the history cuts there)
        # Host names of files erased on B:, so a file saved back under the
        # same CP/M name (NAME.$$$ renamed over it) keeps its host name.
        self._former: dict[str, pathlib.Path] = {}
        super().__init__(directory)

    def write_sector(self, data: bytes | bytearray | memoryview) -> None:
        if self.read_only:
            raise Error(f"{self.directory} is mounted read-only")
        super().write_sector(data)

    def flush_files(self) -> None:
        if self.read_only:
            return
        fs = FileSystem(self.image)
        names = set(fs.names())
        for cpm_name in sorted(names):
            content = fs.read(cpm_name)
            path = (self.host_paths.get(cpm_name) or self._former.pop(cpm_name, None)
                     or self.directory / cpm_name)
            if _same_as_host_file(path, content):
                self.host_paths[cpm_name] = path
                continue
            path.write_bytes(content)
            self.host_paths[cpm_name] = path
            self.changes += 1
        # Erased on B: (or renamed away from): gone from the folder too. A
        # file a program moved to another user number is still a file.
        gone = set(self.host_paths) - names
        if gone:
            gone -= {name for user in range(1, 16) for name in fs.names(user)}
        for cpm_name in sorted(gone):
            path = self.host_paths.pop(cpm_name)
            if path.parent.resolve() == self.directory.resolve() and path.is_file():
                path.unlink()
                self._former[cpm_name] = path
                self.changes += 1


def _same_as_host_file(path: pathlib.Path, content: bytes) -> bool:
    # The host file may hold the unpadded text the record-padded disk copy
    # came from (as cpm80's own HostDrive allows).
    try:
        existing = path.read_bytes()
    except OSError:
        return False
    padding = b"\x1a" * (-len(existing) % SECTOR_SIZE)
    return content in (existing, existing + padding)

"""Assemble and link every era program with the MACRO-80 tools (um80/ul80).

    python -m roms.build            rebuild every program in place
    python -m roms.build --out DIR  build into DIR (the tests compare bytes)

Each ``programs/NAME.mac`` is assembled, then linked with the library
modules ``lib/*.mac`` that it needs into ``NAME.COM``. A program too big for
one file is a folder ``programs/NAME/`` of modules (PUBLIC/EXTRN between
them): ``NAME.mac`` inside it holds the entry point and is linked first, the
others follow in name order, and the result is ``programs/NAME.COM``. The library is a
LIB-80 style library (``ulib80``), so a program carries only the modules
it calls, as LINK-80's library search did.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
LIB = HERE / "lib"
PROGRAMS = HERE / "programs"


class BuildError(Exception):
    """A tool failed; the message holds what it said."""


def _tool(module: str, *args: str | Path, cwd: Path) -> None:
    # The tools are run as modules of the installed um80 package, so the
    # pinned version in this environment is the one used.
    cmd = [sys.executable, "-m", f"um80.{module}", *map(str, args)]
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildError(f"{module} {' '.join(map(str, args))} failed:\n{done.stdout}{done.stderr}")
    # um80 reports errors in its output but may still exit 0.
    out = done.stdout + done.stderr
    for line in out.splitlines():
        low = line.lower()
        if "error" in low and "0 error" not in low:
            raise BuildError(f"{module} reported: {line}\n{out}")


def _assemble(src: Path, work: Path) -> Path:
    rel = work / f"{src.parent.name}-{src.stem}.rel"
    # INCLUDE finds files beside the source and in the library folder.
    _tool("um80", "-I", src.parent, "-I", LIB, "-o", rel, src, cwd=work)
    return rel


def program_sources() -> dict[str, list[Path]]:
    """Each program's modules, entry module first, by program name."""
    programs: dict[str, list[Path]] = {}
    for src in sorted(PROGRAMS.glob("*.mac")):
        programs[src.stem.upper()] = [src]
    for folder in sorted(p for p in PROGRAMS.iterdir() if p.is_dir()):
        modules = sorted(folder.glob("*.mac"))
        entry = [m for m in modules if m.stem.lower() == folder.name.lower()]
        if not entry:
            raise BuildError(f"{folder}: a program folder needs {folder.name}.mac, its entry module")
        programs[folder.name.upper()] = entry + [m for m in modules if m not in entry]
    return programs


def build_library(work: Path) -> Path:
    """Assemble the shared library modules into one searchable library."""
    rels = [_assemble(src, work) for src in sorted(LIB.glob("*.mac"))]
    lib = work / "exhibit.lib"
    if lib.exists():
        lib.unlink()
    _tool("ulib80", "-c", lib, *rels, cwd=work)
    return lib


def build(out: Path | None = None, names: list[str] | None = None) -> list[Path]:
    """Build every program (or those named) into ``out`` (default: in place)."""
    out = PROGRAMS if out is None else out
    out.mkdir(parents=True, exist_ok=True)
    built = []
    with tempfile.TemporaryDirectory(prefix="roms-") as tmp:
        work = Path(tmp)
        lib = build_library(work)
        for name, sources in program_sources().items():
            if names and name not in names:
                continue
            rels = [_assemble(src, work) for src in sources]
            com = out / f"{name}.COM"
            _tool("ul80", "-o", com, *rels, lib, cwd=work)
            built.append(com)
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m roms.build", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="folder for the .COM files (default: next to the sources)")
    parser.add_argument("names", nargs="*", help="programs to build (default: all)")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("um80") is None:
        print("roms.build: the um80 tools are missing; install them with: pip install '.[build]'",
              file=sys.stderr)
        return 1
    try:
        built = build(args.out, [n.upper() for n in args.names] or None)
    except BuildError as e:
        print(f"roms.build: {e}", file=sys.stderr)
        return 1
    for com in built:
        print(f"built {com.name} ({com.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

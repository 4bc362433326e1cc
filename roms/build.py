"""Assemble and link every era program with the MACRO-80 tools (um80/ul80).

    python -m roms.build            rebuild every program in place
    python -m roms.build --out DIR  build into DIR (the tests compare bytes)

Each ``programs/NAME.mac`` is assembled, then linked with the library
modules ``lib/*.mac`` that it needs into ``NAME.COM``. The library is a
LIB-80 style library (``ulib80``), so a program carries only the modules
it calls, as LINK-80's library search did.
"""

from __future__ import annotations

import argparse
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
    rel = work / (src.stem + ".rel")
    _tool("um80", "-o", rel, src, cwd=work)
    return rel


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
        for src in sorted(PROGRAMS.glob("*.mac")):
            name = src.stem.upper()
            if names and name not in names:
                continue
            rel = _assemble(src, work)
            com = out / f"{name}.COM"
            _tool("ul80", "-o", com, rel, lib, cwd=work)
            built.append(com)
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m roms.build", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="folder for the .COM files (default: next to the sources)")
    parser.add_argument("names", nargs="*", help="programs to build (default: all)")
    args = parser.parse_args(argv)
    try:
        built = build(args.out, [n.upper() for n in args.names] or None)
    except BuildError as e:
        print(f"roms.build: {e}", file=sys.stderr)
        return 1
    except ModuleNotFoundError:
        print("roms.build: the um80 tools are missing; install them with: pip install '.[build]'",
              file=sys.stderr)
        return 1
    for com in built:
        print(f"built {com.name} ({com.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

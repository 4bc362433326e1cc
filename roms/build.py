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

Every label goes into ``NAME.SYM`` too (the SID/ZSID symbol file LINK-80
writes, ``ADDR NAME`` a line), so the monitor can show our programs'
disassembly with their own names. Modules are assembled with um80's
``-g`` (every symbol PUBLIC, for symbol files); a label defined in two
modules would then be ambiguous, so the build refuses that.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
LIB = HERE / "lib"
PROGRAMS = HERE / "programs"


class BuildError(Exception):
    """A tool failed; the message holds what it said."""


def _tool(module: str, *args: str | Path, cwd: Path) -> str:
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
        if "error" in low and "0 error" not in low and "--fatal-mult-def" not in low:
            raise BuildError(f"{module} reported: {line}\n{out}")
    return out


def _assemble(src: Path, work: Path) -> Path:
    rel = work / f"{src.parent.name}-{src.stem}.rel"
    # INCLUDE finds files beside the source and in the library folder;
    # -g makes every symbol PUBLIC so the linker can write them all out.
    _tool("um80", "-g", "-I", src.parent, "-I", LIB, "-o", rel, src, cwd=work)
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
            sym = work / f"{name}.sym"
            said = _tool("ul80", "-S", sym, "-o", com, *rels, lib, cwd=work)
            _check_labels_unique(said, sources)
            (out / f"{name}.SYM").write_text(_program_labels(sym.read_text(), com.stat().st_size))
            built.append(com)
    return built


_LABEL = re.compile(r"^\s*([A-Za-z_$?@.][A-Za-z0-9_$?@.]*)::?", re.MULTILINE)


def _check_labels_unique(said: str, sources: list[Path]) -> None:
    # With -g, a label two modules both define is linked as the first one
    # for every module that names it in EXTRN: that would change the code.
    # Labels nobody imports (and constants shared by modules) are harmless;
    # the symbol file then names the first.
    twice = set(re.findall(r"Mult\. Def\. Global ([^:\s]+):", said))
    if not twice:
        return
    texts = [src.read_text(errors="replace") for src in [*sources, *sorted(LIB.glob("*.mac"))]]
    imported = {name.strip().upper() for text in texts
                for line in re.findall(r"^\s*EXTRN\s+(.*)$", text, re.MULTILINE | re.IGNORECASE)
                for name in line.split(";")[0].split(",")}
    for name in sorted(twice & imported):
        where = sum(1 for text in texts
                    if any(label.upper() == name for label in _LABEL.findall(text)))
        if where > 1:
            raise BuildError(f"the label {name} is defined in more than one module and "
                             "imported by another; rename one so each import is unambiguous")


def _program_labels(sym: str, size: int) -> str:
    # The symbol file holds constants too (EQU); the monitor wants the
    # labels inside the program, so keep what lies in its bytes.
    lines = []
    for line in sym.splitlines():
        addr, _, name = line.partition(" ")
        value = int(addr, 16)
        if 0x100 <= value < 0x100 + size:
            lines.append((value, name.strip()))
    return "".join(f"{value:04X} {name}\n" for value, name in sorted(lines))


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

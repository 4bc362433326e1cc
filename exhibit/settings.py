"""Kiosk settings: a TOML file a museum edits, checked with clear messages."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import os
import tomllib
from pathlib import Path
from typing import Any

import platformdirs


class SettingsError(ValueError):
    """The settings file has a mistake; the message names the file and what to do."""


def data_dir(override: Path | None = None) -> Path:
    """Where the exhibit keeps its databases and logs."""
    path = override or Path(platformdirs.user_data_dir("exhibit"))
    path.mkdir(parents=True, exist_ok=True)
    return path


# PINs are stored as PBKDF2-HMAC-SHA256 ("pbkdf2$ROUNDS$SALT$HASH", hex), so
# the settings file never holds the PIN itself.
ROUNDS = 200_000


def hash_pin(pin: str, *, salt: bytes | None = None, rounds: int = ROUNDS) -> str:
    salt = os.urandom(16) if salt is None else salt
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, rounds)
    return f"pbkdf2${rounds}${salt.hex()}${digest.hex()}"


def check_pin(pin: str, stored: str) -> bool:
    try:
        scheme, rounds, salt, digest = stored.split("$")
        if scheme != "pbkdf2":
            return False
        mine = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), int(rounds))
    except ValueError:
        return False
    return hmac.compare_digest(mine.hex(), digest)


@dataclasses.dataclass(frozen=True)
class KioskSettings:
    """The ``[kiosk]`` section. Times are in seconds."""

    idle_timeout: float = 90.0        # no input this long: "Are you still there?"
    countdown: float = 20.0           # then this long to answer before the reset
    busy_cap: float = 300.0           # a running printout/game holds off the idle timer this long
    attract_cycle: float = 25.0       # each stop's demo plays this long on the attract screen
    admin_pin_hash: str = ""          # from: python -m exhibit pin
    stops: tuple[str, ...] = ()       # which stops the kiosk shows (empty: all)
    clearer_colours: bool = False     # start with clearer colours on (visitors' F3 toggles it)
    reduced_motion: bool = False      # no blinking cursors, no animations (exhibit.motion)

    @classmethod
    def load(cls, path: Path | None) -> KioskSettings:
        if path is None:
            return cls()
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as e:
            raise SettingsError(f"{path}: cannot read the settings file ({e.strerror})") from None
        except tomllib.TOMLDecodeError as e:
            raise SettingsError(f"{path}: not valid TOML ({e})") from None
        section: Any = data.get("kiosk", {})
        if not isinstance(section, dict):
            raise SettingsError(f"{path}: [kiosk] must be a table")
        fields = {f.name: f for f in dataclasses.fields(cls)}
        values: dict[str, Any] = {}
        for key, value in section.items():
            if key not in fields:
                raise SettingsError(f"{path}: unknown kiosk setting '{key}' "
                                    f"(known: {', '.join(fields)})")
            default = fields[key].default
            if isinstance(default, bool):
                if not isinstance(value, bool):
                    raise SettingsError(f"{path}: {key} must be true or false")
                values[key] = value
            elif isinstance(default, float):
                if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                    raise SettingsError(f"{path}: {key} must be a number of seconds above 0")
                values[key] = float(value)
            elif key == "stops":
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise SettingsError(f"{path}: stops must be a list of stop ids, like "
                                        "[\"memo\", \"bbc\"]")
                values[key] = tuple(value)
            else:
                if not isinstance(value, str):
                    raise SettingsError(f"{path}: {key} must be text")
                if key == "admin_pin_hash" and value and not value.startswith("pbkdf2$"):
                    raise SettingsError(f"{path}: admin_pin_hash must come from "
                                        "'python -m exhibit pin', never the PIN itself")
                values[key] = value
        return cls(**values)

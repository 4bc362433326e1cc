"""Kiosk settings: a TOML file a museum edits, checked with clear messages."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import math
import os
import tomllib
from pathlib import Path
from typing import Any

import platformdirs


class SettingsError(ValueError):
    """The settings file has a mistake; the message names the file and what to do."""


def data_path(override: Path | None = None) -> Path:
    """Where the exhibit keeps its posts, figures and logs: ``--data DIR``, or
    the user data folder platformdirs names for it. The one place this is chosen."""
    return override or Path(platformdirs.user_data_dir("exhibit"))


def data_dir(override: Path | None = None) -> Path:
    """The data folder (``data_path``), made if need be."""
    path = data_path(override)
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


# When staff see a wall post: "after" it is up (they hide what they must),
# or "before" it goes up (pre-moderation, for a kiosk left alone for days).
MODERATION = ("after", "before")


@dataclasses.dataclass(frozen=True)
class KioskSettings:
    """The ``[kiosk]`` section. Times are in seconds."""

    idle_timeout: float = 90.0        # no input this long: "Are you still there?"
    countdown: float = 20.0           # then this long to answer before the reset
    busy_cap: float = 300.0           # a running printout/game holds off the idle timer this long
    attract_cycle: float = 25.0       # each stop's demo plays this long on the attract screen
    admin_pin_hash: str = ""          # from: python -m exhibit pin
    stops: tuple[str, ...] = ()       # which stops the kiosk shows (empty: all)
    name: str = ""                    # this kiosk in a fleet's figures ("foyer")
    store: str = ""                   # a fleet's server: "postgresql://kiosk@host/exhibit"
    password_file: str = ""           # the server's password, in a file only this user reads
    moderation: str = "after"         # "before": wall posts wait for staff to approve them
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
        # Nothing in the file is ignored without a word: a setting outside
        # the [kiosk] table (a forgotten header) or an unknown table is a
        # mistake the museum would otherwise never notice.
        stray = [key for key in data if key != "kiosk"]
        if stray:
            tables = [k for k in stray if isinstance(data[k], dict)]
            if tables:
                raise SettingsError(f"{path}: unknown section [{tables[0]}]; every setting goes "
                                    "under [kiosk] (deploy/kiosk.toml shows them all)")
            raise SettingsError(f"{path}: '{stray[0]}' is outside the [kiosk] section; put a "
                                "[kiosk] line above the settings (deploy/kiosk.toml shows them all)")
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
                # nan and inf are numbers to TOML: nan compares false with every
                # time, so "idle_timeout = nan" would have turned the idle reset off.
                if (isinstance(value, bool) or not isinstance(value, (int, float))
                        or not math.isfinite(value) or value <= 0):
                    raise SettingsError(f"{path}: {key} must be a number of seconds above 0")
                values[key] = float(value)
            elif key == "stops":
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise SettingsError(f"{path}: stops must be a list of stop ids, like "
                                        "[\"memo\", \"bbc\"]")
                values[key] = tuple(value)
            elif key == "moderation":
                if value not in MODERATION:
                    raise SettingsError(f"{path}: moderation must be \"after\" (posts show at "
                                        "once, staff hide what they must) or \"before\" (posts "
                                        f"wait until staff approve them), not {value!r}")
                values[key] = value
            else:
                if not isinstance(value, str):
                    raise SettingsError(f"{path}: {key} must be text")
                if key == "admin_pin_hash" and value and not value.startswith("pbkdf2$"):
                    raise SettingsError(f"{path}: admin_pin_hash must come from "
                                        "'python -m exhibit pin', never the PIN itself")
                check_fleet_setting(path, key, value)
                if key == "password_file" and value:
                    # A relative file is beside the settings file, not wherever we started.
                    value = str(path.parent / Path(value).expanduser())
                values[key] = value
        return cls(**values)

    def unknown_stops(self, known: list[str]) -> list[str]:
        """The stop ids in ``stops`` that the timeline does not have."""
        return [stop for stop in self.stops if stop not in known]

def check_fleet_setting(path: Path, key: str, value: str) -> None:
    """The kiosk's name, its server and the password file: one clear line for a mistake."""
    if key == "name" and not (len(value) <= 32 and value.isprintable()):
        raise SettingsError(f"{path}: name is this kiosk's short name, like \"foyer\" "
                            "(32 characters at most)")
    if key == "store" and value:
        if not value.startswith(("postgresql://", "postgres://")):
            raise SettingsError(f"{path}: store must be a postgresql:// URL "
                                "(leave it out for this machine's own file)")
        from emulator.store import redact

        if redact(value) != value:
            raise SettingsError(f"{path}: the store URL holds a password; put it in a file "
                                "named by password_file (readable only by the kiosk's user), "
                                "or in PGPASSWORD, instead")


def store_place(args: Any, settings: KioskSettings | None = None) -> Any:
    """Where the store is, from --data and --store and the settings' name, store and
    password_file (--store wins over the settings)."""
    from emulator.store import StorePlace

    settings = settings or KioskSettings()
    url = getattr(args, "store", None) or settings.store or None
    return StorePlace(data=data_path(getattr(args, "data", None)), url=url, kiosk=settings.name,
                      password_file=Path(settings.password_file) if settings.password_file
                      else None)


def command_place(args: Any) -> Any:
    """The store a command works on: --data and --store, with the settings --config names."""
    config = getattr(args, "config", None)
    return store_place(args, KioskSettings.load(config) if config else None)

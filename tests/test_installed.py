"""What the tests import is what a user installs: under CI, the built wheel."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import emulator
import exhibit
import roms
import timeline

CHECKOUT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not os.environ.get("CI"), reason="a developer may test an editable checkout")
@pytest.mark.parametrize("package", [exhibit, emulator, timeline, roms], ids=lambda p: p.__name__)
def test_ci_tests_the_installed_wheel_not_the_checkout(package):
    where = Path(package.__file__).resolve()
    # The venv may live inside the checkout; what matters is that the
    # module is the installed copy, not the source folder beside the tests.
    assert where.parent != CHECKOUT / package.__name__ and "site-packages" in where.parts, (
        f"{package.__name__} was imported from the checkout ({where}); run the tests with "
        "'python -P -m pytest' after a non-editable 'pip install .[test]'")


def test_the_package_carries_what_its_build_and_checks_read():
    # roms.build assembles BASIC and CALC from their .inc files; the checker
    # and the app read the stop files and the styles from the package.
    here = Path(roms.__file__).parent
    assert list(here.glob("programs/*/*.inc")), "roms/programs/*/*.inc are missing"
    assert list(Path(timeline.__file__).parent.glob("stops/*.md"))
    assert (Path(exhibit.__file__).parent / "exhibit.tcss").is_file()

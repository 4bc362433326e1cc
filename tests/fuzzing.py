"""How many examples each Hypothesis target tries.

The test run uses the counts the tests name, so it stays quick;
``bench/reliability.py --scale N`` sets ``EXHIBIT_FUZZ_SCALE`` to run every
target N times longer for the reliability table.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings


def scale() -> int:
    raw = os.environ.get("EXHIBIT_FUZZ_SCALE", "1").strip() or "1"
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"EXHIBIT_FUZZ_SCALE is {raw!r}; give a whole number of 1 or more")
    return int(raw)


def fuzz(examples: int) -> settings:
    """Hypothesis settings for a target that tries ``examples`` cases in the test run."""
    return settings(max_examples=examples * scale(), deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

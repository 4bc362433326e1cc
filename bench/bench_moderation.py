"""How well the wall's moderation tells abuse from innocent posts, and how fast.

Runs every post in ``tests/data/moderation/`` through exactly the wall's
rules (``clean`` then ``WordList.judge``, the shipped lists, no curator's
files) and prints, per set, how many were refused, then the median time
per post. Goals (issue 20): at least 98 % of offensive posts refused, at
most 2 % of innocent ones.

The held-out sets were written after the rules were tuned on the others
and are printed apart, as a fairer guess at posts nobody thought of.
Each was run once first and only then shaped some rules, so the honest
figures for posts nobody thought of are those first runs: ``heldout_*``
81 % refused and 8 % wrongly refused; ``heldout2_*`` (written after every
other change) 71 % refused and 5 % wrongly refused. A word list misses
words it has never seen: pre-moderation is the kiosk's real safety net.

    PYTHONPATH=. python bench/bench_moderation.py [--show]

``--show`` lists every post that lands on the wrong side, with the reason.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from emulator.moderation import WordList, clean

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "moderation"

SETS = (  # file, what the wall should do, how a line becomes a post
    ("offensive.txt", "refuse", "{}"),
    ("innocent.txt", "take", "{}"),
    ("places.txt", "take", "Greetings from {}!"),
    ("period_slang.txt", "take", "{}"),
    ("heldout_offensive.txt", "refuse", "{}"),
    ("heldout_innocent.txt", "take", "{}"),
    ("heldout2_offensive.txt", "refuse", "{}"),
    ("heldout2_innocent.txt", "take", "{}"),
)


def posts(name: str, form: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [form.format(line) for line in lines if line.strip() and not line.startswith("#")]


def main() -> int:
    show = "--show" in sys.argv
    started = time.perf_counter()
    words = WordList()
    words.judge("warm up")
    print(f"rules loaded in {(time.perf_counter() - started) * 1000:.0f} ms "
          f"({len(words.words)} words, {len(words.phrases)} phrases)")
    times: list[float] = []
    totals = {"refuse": [0, 0], "take": [0, 0]}
    for name, want, form in SETS:
        texts = posts(name, form)
        wrong = []
        for text in texts:
            start = time.perf_counter()
            judgement = words.judge(clean(text))
            times.append(time.perf_counter() - start)
            if judgement.refused != (want == "refuse"):
                wrong.append((text, judgement.reason))
        refused = len(texts) - len(wrong) if want == "refuse" else len(wrong)
        if not name.startswith("heldout"):
            totals[want][0] += refused
            totals[want][1] += len(texts)
        print(f"{name:24} {len(texts):4} posts, {refused:4} refused ({refused / len(texts):6.1%})")
        if show:
            for text, reason in wrong:
                print(f"    {'missed' if want == 'refuse' else 'refused'}: {text!r}  {reason}")
    off, inn = totals["refuse"], totals["take"]
    off_rate, inn_rate = off[0] / off[1], inn[0] / inn[1]
    print(f"offensive refused:       {off_rate:6.1%} of {off[1]}   (goal >= 98 %: "
          f"{'met' if off_rate >= 0.98 else 'NOT met'})")
    print(f"innocent refused:        {inn_rate:6.1%} of {inn[1]}   (goal <= 2 %: "
          f"{'met' if inn_rate <= 0.02 else 'NOT met'})")
    print(f"median time per post:    {statistics.median(times) * 1e6:.0f} us "
          f"(p95 {statistics.quantiles(times, n=20)[-1] * 1e6:.0f} us, {len(times)} posts)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

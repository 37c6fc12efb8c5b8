"""Memory and load time of the gazetteer, in a fresh process each, as an engine worker would load it.

Run from the repository root:  flock /tmp/bench.lock .venv/bin/python -m bench.gazetteer [--runs N]
For each language given (default: en, fr, hu), a fresh Python loads numpy and Babel's English data (a worker
has both already), then the gazetteer; it prints load seconds, RSS before and after (after a collection and
malloc_trim, as the worker does after each job), the process peak, and the size of the hash arrays; then
the time of 100,000 lookups. It prints a table; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = r"""
import ctypes, gc, json, resource, sys, time
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
import numpy
from babel import Locale
Locale.parse("en").territories
before = rss()
started = time.perf_counter()
from summarizers.gazetteer import gazetteer
places = gazetteer(sys.argv[1])
seconds = time.perf_counter() - started
gc.collect()
ctypes.CDLL("libc.so.6").malloc_trim(0)
after = rss()
names = [f"name {i}" for i in range(100_000)]
t0 = time.perf_counter()
places.lookup(names)
lookups = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "before": before, "after": after, "nbytes": places.nbytes,
    "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "lookups": lookups,
    "sources": places.sources}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("languages", nargs="*", default=["en", "fr", "hu"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(
        "| language | load s (median) | RSS before → after, MB | added MB | peak MB | arrays MB | 100k lookups s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for language in args.languages:
        runs = []
        for _ in range(args.runs):
            done = subprocess.run(
                [sys.executable, "-c", _CHILD, language],
                cwd=ROOT,
                env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
                capture_output=True,
                text=True,
                check=True,
            )
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        med = {
            key: statistics.median(r[key] for r in runs)
            for key in ("seconds", "before", "after", "peak", "lookups")
        }
        print(
            f"| {language} | {med['seconds']:.2f} | {med['before']:.0f} → {med['after']:.0f} | "
            f"{med['after'] - med['before']:.0f} | {med['peak']:.0f} | {runs[0]['nbytes'] / 1e6:.1f} | "
            f"{med['lookups']:.3f} |"
        )


if __name__ == "__main__":
    main()

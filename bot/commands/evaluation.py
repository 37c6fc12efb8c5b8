"""`briefbot eval`: the quality tables, computed from ../shared/data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "eval",
        help="print the quality tables (ROUGE on SummEval, precision@3 on BBC, date F1 on TimeBank and per language)",
        description="Print the quality tables computed from ../shared/data next to the repository.",
    )
    p.add_argument("--bbc-limit", type=int, default=None, metavar="N", help="score only the first N BBC rows")
    p.set_defaults(handler=run_eval)


def run_eval(args: argparse.Namespace, settings: Settings) -> int:
    sys.path.insert(0, str(ROOT))
    try:
        from bench import quality
    except ImportError as exc:
        print(f"briefbot: eval needs the repository checkout (bench/quality.py): {exc}", file=sys.stderr)
        return 1
    argv = [] if args.bbc_limit is None else ["--bbc-limit", str(args.bbc_limit)]
    return int(quality.main(argv) or 0)

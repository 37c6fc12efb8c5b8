"""A bad setting stops every sub-command the same way: one line on stderr naming it, exit 2, no traceback.

Run through the real `python -m bot ...` process, in an empty folder (no .env), so what a user sees is what
is checked: the settings are loaded once, by bot.cli, before any sub-command starts.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
# One invocation per sub-command, with the arguments it needs to get past argparse.
INVOCATIONS = {
    "brief": ["brief", "-"],
    "extract": ["extract", "-"],
    "timeline": ["timeline", "-"],
    "feeds add": ["feeds", "add", "https://example.org/feed.xml"],
    "feeds list": ["feeds", "list"],
    "poll": ["poll", "--once"],
    "articles": ["articles"],
    "db upgrade": ["db", "upgrade"],
    "db prune": ["db", "prune", "--dry-run"],
    "db backup": ["db", "backup", "copy.sqlite3"],
    "db rebrief": ["db", "rebrief"],
    "run": ["run"],
    "eval": ["eval"],
    "status": ["status"],
    "digest send": ["digest", "send", "--all"],
    "digest deliver": ["digest", "deliver"],
    "digest status": ["digest", "status"],
    "digest resend": ["digest", "resend", "1"],
}
FAST = {"feeds list"}  # the others are the same path through bot.cli, in a process each


def _command_names(parser: argparse.ArgumentParser, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                inner = _command_names(sub, f"{prefix}{name} ")
                names |= inner or {f"{prefix}{name}"}
    return names


def test_every_sub_command_is_checked_below() -> None:
    assert _command_names(build_parser()) == set(INVOCATIONS)


@pytest.mark.parametrize(
    "command",
    [pytest.param(c, marks=[] if c in FAST else [pytest.mark.slow]) for c in sorted(INVOCATIONS)],
)
def test_a_bad_setting_is_one_line_and_exit_2(command: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "FETCH_ALLOW_PRIVATE": "maybe",
        "TELEGRAM_BOT_TOKEN": "123:abc",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'never.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot", *INVOCATIONS[command]],
        cwd=tmp_path,
        env=env,
        input="",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "briefbot: FETCH_ALLOW_PRIVATE must be true or false, not 'maybe'"
    ]
    assert done.stdout == ""
    assert not (tmp_path / "never.sqlite3").exists()  # nothing was started

"""Operator commands for feeds, polling, stored articles and the database. (Filled in by the ingest work.)"""

from __future__ import annotations

import argparse


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """No ingest commands yet."""

"""Temporal expressions -> calendar dates. (Stub: replaced by the dates work.)"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int  # character offsets of the expression in the text searched
    end: int
    expression: str
    value: str  # "2016", "2016-05", "2016-09-02"
    granularity: Literal["year", "month", "day"]
    end_value: str | None = None  # the range's last date, same granularity


def find_dates(text: str, anchor: dt.date | None, *, language: str | None = None) -> list[DateMention]:
    return []


def infer_anchor(text: str) -> dt.date | None:
    return None

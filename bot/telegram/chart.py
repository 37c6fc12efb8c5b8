"""The /timeline picture: a vertical time axis, one short label per event, one marker per source.

A long timeline keeps its most salient entries (the engine's score: more sources, more central), drawn in
date order, not its first ones by date. Each event is drawn with its whole label (what happened, 4-12
words, wrapped over up to three lines); the sentence only when it has none, cut at the end of a phrase.

Vertical, because a phone screen is tall: dates run down the left, labels read left to right.
"""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass

from summarizers.timeline import Timeline, TimelineEntry

MAX_EVENTS = 12
WRAP_CHARS = 38
LABEL_CHARS = 3 * WRAP_CHARS  # three wrapped lines: a label of 12 words fits whole
# Where a phrase ends: punctuation, or before a word that opens the next phrase or clause.
_PHRASE_END = re.compile(
    r"[,;:(]\s|\s[—–-]\s|\s(?=(?:and|but|or|after|before|when|while|which|who|that|because|although|as|with|"
    r"without|to|in|on|at|for|from|of|by|over|under|into|than)\s)",
    re.IGNORECASE,
)
_TRAILING = re.compile(r"[\s,;:(—–-]+$")


@dataclass(frozen=True, slots=True)
class Chart:
    png: bytes
    labels: tuple[str, ...]  # the text drawn beside each event, top to bottom


def short_label(text: str, limit: int = LABEL_CHARS) -> str:
    """The text whole when it fits; else cut where a phrase ends ("Relations had been put on ice…", never
    "put on ice after…"), or at a word when no phrase ends in the second half, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    ends = [m.start() for m in _PHRASE_END.finditer(head) if m.start() >= limit // 2]
    cut = ends[-1] if ends else head.rfind(" ")
    return _TRAILING.sub("", head[: cut if cut > 0 else len(head)]) + "…"


def chart_entries(timeline: Timeline, max_events: int = MAX_EVENTS) -> tuple[TimelineEntry, ...]:
    """The `max_events` most salient entries, in date order (the earlier first when scores tie)."""
    entries = timeline.entries
    if len(entries) <= max_events:
        return entries
    kept = sorted(range(len(entries)), key=lambda i: (-entries[i].salience, i))[:max_events]
    return tuple(entries[i] for i in sorted(kept))


def render_timeline_chart(timeline: Timeline, *, max_events: int = MAX_EVENTS) -> Chart:
    entries = chart_entries(timeline, max_events)
    if not entries:
        raise ValueError("a timeline chart needs at least one event")
    import matplotlib  # 50 MB: loaded by the first chart, in the process that draws it

    matplotlib.use("Agg")  # headless: no display on servers
    from matplotlib import pyplot as plt

    labels = tuple(short_label(e.event_label or e.text) for e in entries)
    height = 1.4 + 0.95 * len(entries)
    fig, ax = plt.subplots(figsize=(6.4, height), dpi=150)
    try:
        ys = list(range(len(entries)))[::-1]
        ax.axvline(0, color="#8a8a8a", linewidth=2, zorder=1)
        for y, entry, label in zip(ys, entries, labels, strict=True):
            colour = "#c0392b" if entry.expected else "#1f5fa8"
            for i, _ in enumerate(entry.sources[:6]):
                ax.scatter(0.06 * i, y, s=70, color=colour, zorder=3, edgecolors="white", linewidths=1)
            ax.text(-0.08, y, entry.label(), ha="right", va="center", fontsize=10, fontweight="bold")
            wrapped = "\n".join(textwrap.wrap(label, WRAP_CHARS))
            count = len(entry.sources)
            suffix = f"  ({count} sources)" if count > 1 else ""
            suffix += "  (scheduled)" if entry.expected else ""
            ax.text(0.06 * min(count, 6) + 0.08, y, wrapped + suffix, ha="left", va="center", fontsize=9.5)
        ax.set_xlim(-1.3, 2.6)
        ax.set_ylim(-0.8, len(entries) - 0.2)
        ax.axis("off")
        title = f"Timeline: {timeline.query}" if timeline.query else "Timeline"
        ax.set_title(short_label(title, 50), fontsize=12, loc="left")
        buf = io.BytesIO()
        fig.savefig(buf, format="png", bbox_inches="tight")
    finally:
        plt.close(fig)
    return Chart(buf.getvalue(), labels)

"""The /timeline picture: a vertical time axis, one short label per event, one marker per source.

Each event is drawn with its label (what happened, 4-12 words); the whole sentence only when it has none.

Vertical, because a phone screen is tall: dates run down the left, labels read left to right.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass

from summarizers.timeline import Timeline

MAX_EVENTS = 12
LABEL_CHARS = 60


@dataclass(frozen=True, slots=True)
class Chart:
    png: bytes
    labels: tuple[str, ...]  # the text drawn beside each event, top to bottom


def short_label(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def render_timeline_chart(timeline: Timeline, *, max_events: int = MAX_EVENTS) -> Chart:
    entries = timeline.entries[:max_events]
    if not entries:
        raise ValueError("a timeline chart needs at least one event")
    import matplotlib  # 50 MB: loaded by the first chart, in the process that draws it

    matplotlib.use("Agg")  # headless: no display on servers
    from matplotlib import pyplot as plt

    labels = tuple(short_label(e.event_label or e.text) for e in entries)
    height = 1.4 + 0.85 * len(entries)
    fig, ax = plt.subplots(figsize=(6.4, height), dpi=150)
    try:
        ys = list(range(len(entries)))[::-1]
        ax.axvline(0, color="#8a8a8a", linewidth=2, zorder=1)
        for y, entry, label in zip(ys, entries, labels, strict=True):
            colour = "#c0392b" if entry.expected else "#1f5fa8"
            for i, _ in enumerate(entry.sources[:6]):
                ax.scatter(0.06 * i, y, s=70, color=colour, zorder=3, edgecolors="white", linewidths=1)
            ax.text(-0.08, y, entry.label(), ha="right", va="center", fontsize=10, fontweight="bold")
            wrapped = "\n".join(textwrap.wrap(label, 38))
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

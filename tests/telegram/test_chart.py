"""The /timeline picture is a valid PNG whose labels are the events, in date order."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image

from bot.telegram.chart import render_timeline_chart, short_label
from summarizers.timeline import Timeline, TimelineEntry, TimelineSource

A = TimelineSource("The Diplomat", "https://thediplomat.com/a", dt.date(2016, 9, 13))
B = TimelineSource("Nikkei", "https://asia.nikkei.com/b", dt.date(2016, 9, 14))


def _timeline() -> Timeline:
    return Timeline(
        "Abe",
        (
            TimelineEntry(
                "2014-03",
                None,
                "month",
                "Relations froze after Russia annexed Crimea in March 2014, a step the G7 condemned.",
                (A, B),
                event_label="Russia annexed Crimea",
            ),
            TimelineEntry("2016-09-02", "2016-09-03", "day", "Abe and Putin met in Vladivostok.", (A,)),
            TimelineEntry(
                "2016-12-15",
                None,
                "day",
                "The Russian president is slated to visit Japan on "
                "December 15 and meet with Abe in the town of Nagato.",
                (A,),
                expected=True,
            ),
        ),
    )


def test_chart_is_a_valid_png_readable_on_a_phone():
    chart = render_timeline_chart(_timeline())
    image = Image.open(io.BytesIO(chart.png))
    image.verify()
    assert chart.png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = Image.open(io.BytesIO(chart.png)).size
    assert 500 <= width <= 1280 and height >= 300


def test_chart_draws_each_event_label_in_date_order_and_the_sentence_only_without_one():
    timeline = _timeline()
    chart = render_timeline_chart(timeline)
    assert chart.labels == tuple(short_label(e.event_label or e.text) for e in timeline.entries)
    assert chart.labels[0] == "Russia annexed Crimea"
    assert chart.labels[1] == "Abe and Putin met in Vladivostok."
    assert chart.labels[2].endswith("…") and len(chart.labels[2]) <= 60


def test_chart_of_an_empty_timeline_is_refused():
    with pytest.raises(ValueError):
        render_timeline_chart(Timeline("nobody", ()))

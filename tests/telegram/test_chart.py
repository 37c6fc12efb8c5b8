"""The /timeline picture is a valid PNG whose labels are the events, in date order: the most salient
entries of a long timeline, each label whole or cut where a phrase ends."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image

from bot.telegram.chart import MAX_EVENTS, chart_entries, render_timeline_chart, short_label
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
    assert chart.labels[2] == timeline.entries[2].text  # three wrapped lines hold it whole


def test_chart_of_an_empty_timeline_is_refused():
    with pytest.raises(ValueError):
        render_timeline_chart(Timeline("nobody", ()))


def _entry(day: int, salience: float, label: str) -> TimelineEntry:
    return TimelineEntry(
        f"2016-12-{day:02d}", None, "day", f"{label} that day.", (A,), salience=salience, event_label=label
    )


def test_a_long_timeline_s_chart_keeps_its_most_salient_entries_in_date_order_not_the_first_ones():
    early = [_entry(day, 1.0, f"Minor event number {day} happened") for day in range(1, 15)]
    summit = _entry(15, 9.0, "Putin met Abe in Nagato")
    talks = _entry(16, 8.0, "Two leaders moved to Tokyo for talks")
    timeline = Timeline("Putin", (*early, summit, talks))
    kept = chart_entries(timeline)
    assert len(kept) == MAX_EVENTS and kept[-2:] == (summit, talks)
    assert [e.date for e in kept] == sorted(e.date for e in kept)
    assert kept[:-2] == tuple(early[: MAX_EVENTS - 2])  # equal scores: the earlier first
    chart = render_timeline_chart(timeline)
    assert chart.labels[-2:] == ("Putin met Abe in Nagato", "Two leaders moved to Tokyo for talks")


def test_a_twelve_word_label_is_drawn_whole_and_a_long_sentence_is_cut_where_a_phrase_ends():
    label = "Relations between Tokyo and Moscow had been put on ice after Russia annexed Crimea"
    assert short_label(label) == label
    sentence = (
        "Relations between Tokyo and Moscow, which had warmed for a decade, had been put on ice after Russia "
        "annexed Crimea and Japan joined the Western sanctions against it."
    )
    cut = short_label(sentence)
    assert cut == "Relations between Tokyo and Moscow, which had warmed for a decade, had been put on ice…"
    assert all(
        not short_label(sentence, n).rstrip("…").endswith((" after", " and", ",", " of"))
        for n in range(30, 120)
    )

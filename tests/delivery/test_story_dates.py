"""An item that stands for several reports of one story carries the story's key dates, merged across the
reports: one entry per event, told by the report that says it happened; the instant message shows them."""

from __future__ import annotations

import datetime as dt

from bot.delivery.digest import DigestItem, select_items
from bot.telegram.render import LAYOUT
from summarizers.briefing import Entity, Event
from tests.conftest import make_briefing
from tests.servers.botapi import parse_telegram_html

LINE = Entity("Harbour Line", "organization", 4)


def _item(n: int, published: dt.date, entities: int, *events: Event) -> DigestItem:
    briefing = make_briefing(
        title=f"Report {n} on the Harbour Line",
        url=f"https://paper{n}.example/harbour-line",
        published=published,
        entities=(LINE, *(Entity(f"Name {k}", "person", 1) for k in range(entities))),
        events=events,
    )
    return DigestItem(n, n, 1, "City news", briefing, dt.datetime(2023, 6, 13, tzinfo=dt.UTC), story_id=7)


SLATED = Event(
    "2023-06-12",
    "day",
    "June 12",
    "The Harbour Line is slated to open to passengers on June 12.",
    label="Harbour Line is slated to open to passengers",
    entities=("Harbour Line",),
)
OPENED = Event(
    "2023-06-12",
    "day",
    "June 12, 2023",
    "The Harbour Line opened to passengers on June 12, 2023, with the first train at 5:30 a.m.",
    label="Harbour Line opened to passengers",
    entities=("Harbour Line",),
)
IN_JUNE = Event(
    "2023-06",
    "month",
    "in June",
    "Its opening in June completed the first phase of the metro expansion.",
    label="Opening completed the first phase of the metro expansion",
)


def test_a_story_item_carries_its_reports_dates_merged_and_the_instant_message_shows_them():
    announced = _item(1, dt.date(2023, 5, 10), 3, SLATED)  # the richest: it stands for the story
    held = _item(2, dt.date(2023, 6, 13), 0, OPENED, IN_JUNE)
    [lead] = select_items([announced, held], []).shown
    assert lead.article_id == 1
    [entry] = lead.story_dates
    assert (entry.date, entry.event_label, len(entry.sources)) == ("2023-06-12", OPENED.label, 2)
    text = parse_telegram_html(LAYOUT.instant(lead)[0]).text
    assert "12 Jun 2023 — The Harbour Line opened to passengers" in text and "slated" not in text


def test_an_item_alone_in_its_story_keeps_its_own_dates():
    [alone] = select_items([_item(1, dt.date(2023, 5, 10), 3, SLATED)], []).shown
    assert alone.story_dates == ()
    assert (
        "12 Jun 2023 — The Harbour Line is slated to open"
        in parse_telegram_html(LAYOUT.instant(alone)[0]).text
    )

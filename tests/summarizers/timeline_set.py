"""A small multi-article set for timelines: the seed article, a syndicated copy with other boilerplate,
a shorter rewrite from a third outlet (sentences reworded from the seed's paragraphs), and real unrelated
English pages from the fixtures. Used by tests/summarizers/test_timeline.py and bench/timeline.py.

GOLD lists each distinct dated event of the story with the sources that report it; KEY_EVENTS are the
ones a human timeline of "Abe and Russia" would keep (hand-labelled from the seed)."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from summarizers import Briefing, brief
from summarizers.extract import extract_html

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SEED = (SHARED / "fixtures" / "seed" / "000_dc81e270c460f236.txt").read_text("utf-8")
TITLE = "Shinzo Abe Going All In on Improving Japan-Russia Ties"

DIPLOMAT = "https://thediplomat.com/2016/09/shinzo-abe-going-all-in-on-improving-japan-russia-ties/"
WIRE = "https://pacificwire.example/asia/2016/09/14/abe-russia-ties"
HERALD = "https://herald.example/world/abe-putin-vladivostok"
UNRELATED_PAGES = (
    "bbc.com.52241221.html",
    "theguardian.com.academics.html",
    "edition.cnn.com-royal.html",
    "en.yna.co.kr__newspaper4k-yna_co_kr.html",
    "seattletimes.com__readability-seattletimes-1.html",
)

# (date, end) -> the story's sources that report that event
GOLD: dict[tuple[str, str | None], frozenset[str]] = {
    ("2014", None): frozenset({DIPLOMAT, WIRE}),
    ("2014-03", None): frozenset({DIPLOMAT, WIRE, HERALD}),
    ("2015", None): frozenset({DIPLOMAT, WIRE}),
    ("2016-05", None): frozenset({DIPLOMAT, WIRE, HERALD}),
    ("2016-09-02", "2016-09-03"): frozenset({DIPLOMAT, WIRE, HERALD}),
    ("2016-12-15", None): frozenset({DIPLOMAT, WIRE, HERALD}),
}
KEY_EVENTS = frozenset({"2014-03", "2016-05", "2016-09-02", "2016-12-15"})

_REWRITE = """Abe and Putin set a date for talks

Japanese Prime Minister Shinzo Abe is pressing ahead with closer ties to Moscow, breaking ranks with the G7.

Abe's visit to Sochi in May 2016 was a major sign of a thaw in relations, which had been put on ice after \
Russia annexed Crimea in March 2014.

In Sochi, Abe and Putin agreed to a new approach to the Northern Territories talks and set their next \
meeting for September 2016 in Vladivostok, on the sidelines of the Eastern Economic Forum.

The Russian president is slated to visit Japan on December 15 and to meet Abe in the town of Nagato.

Analysts say there is no guarantee that Abe's overtures will pay off."""


def _syndicated_copy() -> str:
    body = "\n\n".join(SEED.split("\n\n")[8:19])
    return (
        f"World | Asia\n\n{TITLE}\n\nBy Pacific Wire staff\n\n{body}\n\n"
        "© Pacific Wire. All rights reserved. Sign up for our newsletter to get the day's top stories."
    )


@functools.cache
def story_briefings() -> tuple[Briefing, ...]:
    """The three reports of the Abe story, in publication order."""
    return (
        brief(SEED, title=TITLE, url=DIPLOMAT, published=dt.date(2016, 9, 13)),
        brief(_syndicated_copy(), title=TITLE, url=WIRE, published=dt.date(2016, 9, 14)),
        brief(
            _REWRITE, title="Abe and Putin set a date for talks", url=HERALD, published=dt.date(2016, 9, 15)
        ),
    )


@functools.cache
def unrelated_briefings() -> tuple[Briefing, ...]:
    briefings = []
    for name in UNRELATED_PAGES:
        article = extract_html((SHARED / "fixtures" / "pages" / name).read_bytes())
        url = f"https://{name.split('__')[0]}/article"
        briefings.append(
            brief(
                article.text, title=article.title, url=url, published=article.published or dt.date(2020, 4, 1)
            )
        )
    return tuple(briefings)

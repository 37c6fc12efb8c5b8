"""The multi-article set for timelines: three stories, each told by several sources, plus real unrelated
English pages from the fixtures. Used by tests/summarizers/test_timeline.py, bench/timeline.py and
bench/timeline_quality.py.

- **Abe and Russia** (2016): the seed article (The Diplomat), a syndicated copy with other boilerplate, and
  a shorter rewrite from a third outlet (sentences reworded from the seed's paragraphs).
- **Parasite's awards run** (2020): the Reuters fixture page (dated by its own metadata, 20 Jan 2020: "on
  Sunday", "on Saturday", "Feb. 9"), a trade-press report of the same night with absolute dates, and a
  report written after the Oscars ("on Sunday" = 9 Feb 2020).
- **Harry and Meghan's interview** (2021): the CNN fixture page (8 Mar 2021), a same-day report with
  absolute dates and a report two days later that uses weekdays for the same days.
The articles written for the tests state facts as the reports of the day did; each event is told in
other words by each source, so merging cannot rely on copied sentences.

`STORIES` lists each story's distinct dated events (`GoldEvent`): the date at its granularity, the
sources that report it, the words that say what happened (a label should contain one: the event's main
verb or noun, as a stem) and whether a human timeline of the story would keep it (`key`). They were
written from the articles, before any label was computed. `GOLD` and `KEY_EVENTS` are the Abe story's, as
before."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

from summarizers import Briefing, brief, brief_html
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
    "time.com__newspaper4k-time_001.html",
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

REUTERS = "https://www.reuters.com/article/us-awards-sag/parasite-scores-historic-upset"
SCREENBEAT = "https://screenbeat.example/2020/01/20/parasite-sag-ensemble"
FILMWIRE = "https://filmwire.example/2020/02/10/parasite-best-picture"
CNN = "https://edition.cnn.com/2021/03/08/uk/harry-meghan-oprah-interview-takeaways"
ROYALWATCH = "https://royalwatch.example/2021/03/08/oprah-interview"
LEDGER = "https://dailyledger.example/2021/03/10/palace-responds"


@dataclass(frozen=True, slots=True)
class GoldEvent:
    date: str
    end: str | None
    sources: frozenset[str]
    main_words: tuple[str, ...]  # stems: a label that says what happened contains one of them
    key: bool = True

    def told_by(self, text: str) -> bool:
        """Whether a sentence (or label) says what happened: it holds one of the main words."""
        found = [w.lower() for w in text.replace("’", "'").split()]
        return any(w.strip("\"'“”(),.;:").startswith(stem) for w in found for stem in self.main_words)


@dataclass(frozen=True, slots=True)
class Story:
    name: str
    query: str  # what a reader would send to /timeline for it
    urls: tuple[str, ...]
    events: tuple[GoldEvent, ...]


ABE_STORY = Story(
    "Abe and Russia",
    "Abe",
    (DIPLOMAT, WIRE, HERALD),
    (
        GoldEvent("2014", None, frozenset({DIPLOMAT, WIRE}), ("crisis",), key=False),
        GoldEvent("2014-03", None, frozenset({DIPLOMAT, WIRE, HERALD}), ("annex",)),
        GoldEvent("2015", None, frozenset({DIPLOMAT, WIRE}), ("launch",), key=False),
        GoldEvent("2016-05", None, frozenset({DIPLOMAT, WIRE, HERALD}), ("visit",)),
        GoldEvent("2016-09-02", "2016-09-03", frozenset({DIPLOMAT, WIRE, HERALD}), ("meet",)),
        GoldEvent("2016-12-15", None, frozenset({DIPLOMAT, WIRE, HERALD}), ("visit",)),
    ),
)
PARASITE_STORY = Story(
    "Parasite's awards run",
    "Parasite",
    (REUTERS, SCREENBEAT, FILMWIRE),
    (
        GoldEvent("2019-05", None, frozenset({FILMWIRE}), ("palme", "premiere"), key=False),
        GoldEvent("2020-01-18", None, frozenset({REUTERS, SCREENBEAT}), ("producers", "winner", "won")),
        GoldEvent(
            "2020-01-19", None, frozenset({REUTERS, SCREENBEAT, FILMWIRE}), ("winner", "prize", "ensemble")
        ),
        GoldEvent(
            "2020-02-09", None, frozenset({REUTERS, SCREENBEAT, FILMWIRE}), ("oscar", "academy", "picture")
        ),
    ),
)
ROYAL_STORY = Story(
    "Harry and Meghan's interview",
    "Meghan",
    (CNN, ROYALWATCH, LEDGER),
    (
        GoldEvent("2020-11", None, frozenset({CNN, ROYALWATCH}), ("miscarriage",), key=False),
        GoldEvent(
            "2021-02", None, frozenset({CNN, ROYALWATCH}), ("expecting", "child", "pregnan"), key=False
        ),
        GoldEvent("2021-03-07", None, frozenset({ROYALWATCH, LEDGER}), ("aired", "interview", "broadcast")),
        GoldEvent("2021-03-08", None, frozenset({CNN, ROYALWATCH, LEDGER}), ("told",)),
        GoldEvent("2021-03-09", None, frozenset({LEDGER}), ("palace", "statement", "said", "concern")),
        GoldEvent("2021-03-09", None, frozenset({LEDGER}), ("quit",), key=False),
    ),
)
STORIES = (ABE_STORY, PARASITE_STORY, ROYAL_STORY)

_REWRITE = """Abe and Putin set a date for talks

Japanese Prime Minister Shinzo Abe is pressing ahead with closer ties to Moscow, breaking ranks with the G7.

Abe's visit to Sochi in May 2016 was a major sign of a thaw in relations, which had been put on ice after \
Russia annexed Crimea in March 2014.

In Sochi, Abe and Putin agreed to a new approach to the Northern Territories talks and set their next \
meeting for September 2016 in Vladivostok, on the sidelines of the Eastern Economic Forum.

The Russian president is slated to visit Japan on December 15 and to meet Abe in the town of Nagato.

Analysts say there is no guarantee that Abe's overtures will pay off."""


_SCREENBEAT = """Parasite makes history at the SAG Awards

Bong Joon Ho's Korean-language thriller Parasite won the top prize of best cast ensemble at the 26th \
Screen Actors Guild Awards in Los Angeles on January 19, 2020, the first film not in English to do so.

Joaquin Phoenix and Renee Zellweger took the lead acting prizes at the Shrine Auditorium ceremony.

The night before, on January 18, 2020, the war film 1917 was named the winner at the Producers Guild \
Awards, which often predict the Oscars.

Parasite now heads into the Oscars ceremony on February 9, 2020 with six Academy Award nominations, \
including best picture.

The cast, led by Song Kang-ho, received a long standing ovation from the audience of actors."""

_FILMWIRE = """Parasite wins best picture

Parasite became the first film not in the English language to win best picture at the Academy Awards on \
Sunday, and Bong Joon Ho also took the Oscars for best director and original screenplay.

The victory capped an awards run that began when Parasite premiered at the Cannes Film Festival in \
May 2019 and won the Palme d'Or there.

Parasite's cast had won the top ensemble prize at the Screen Actors Guild Awards on January 19, an \
upset that made the film a serious contender.

Distributor Neon said ticket sales in North America had risen sharply since the nominations."""

_ROYALWATCH = """Harry and Meghan's Oprah interview: what we know

Prince Harry and Meghan, Duchess of Sussex, gave their first joint interview since leaving royal duties \
to Oprah Winfrey, and it aired on CBS on March 7, 2021.

In the two-hour broadcast, Meghan said an unnamed member of the royal family had raised concerns about \
how dark their son Archie's skin might be.

Winfrey told CBS on March 8, 2021 that Harry had said the royal in question was not the Queen or Prince \
Philip.

The pair revealed in February 2021 that they were expecting another child, and said in the interview \
that it would be a girl.

Meghan revealed in November 2020 that she had suffered a miscarriage earlier that year."""

_LEDGER = """Palace responds to Harry and Meghan interview

Buckingham Palace said on Tuesday that the whole family was saddened to learn how challenging the last \
few years had been for Harry and Meghan, and that the issues raised, particularly race, were concerning.

The interview with Oprah Winfrey, which aired on CBS on Sunday, drew more than 17 million viewers in \
the United States.

On Monday, Winfrey told CBS that Harry had said the royal who asked about Archie's skin was not the \
Queen or Prince Philip.

Separately, Piers Morgan quit Good Morning Britain on Tuesday after refusing to apologise for comments \
he made about Meghan.

The palace statement said the matters would be addressed by the family privately."""


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
def parasite_briefings() -> tuple[Briefing, ...]:
    """The Reuters fixture page, dated by its own metadata, and two reports written for the tests."""
    reuters = (SHARED / "fixtures" / "pages" / "reuters.com.parasite.html").read_bytes()
    return (
        brief_html(reuters, url=REUTERS),
        brief(_SCREENBEAT, url=SCREENBEAT, published=dt.date(2020, 1, 20)),
        brief(_FILMWIRE, url=FILMWIRE, published=dt.date(2020, 2, 10)),
    )


@functools.cache
def royal_briefings() -> tuple[Briefing, ...]:
    """The CNN fixture page, dated by its own metadata, and two reports written for the tests."""
    cnn = (SHARED / "fixtures" / "pages" / "edition.cnn.com-royal.html").read_bytes()
    return (
        brief_html(cnn, url=CNN),
        brief(_ROYALWATCH, url=ROYALWATCH, published=dt.date(2021, 3, 8)),
        brief(_LEDGER, url=LEDGER, published=dt.date(2021, 3, 10)),
    )


def briefings_of(story: Story) -> tuple[Briefing, ...]:
    return {
        ABE_STORY.name: story_briefings,
        PARASITE_STORY.name: parasite_briefings,
        ROYAL_STORY.name: royal_briefings,
    }[story.name]()


def all_briefings() -> tuple[Briefing, ...]:
    """Every story's reports and the unrelated pages: what a store would hold."""
    return (*story_briefings(), *parasite_briefings(), *royal_briefings(), *unrelated_briefings())


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

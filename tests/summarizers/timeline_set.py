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
- **Abe and Putin's summit** (2016): the seed article, a report of 29 Nov 2016 ("On Monday, the Kremlin
  confirmed that Putin will visit Japan on December 15") and a report of 17 Dec 2016 after the summit took
  place; the follow-ups mention earlier events only by month ("the agreement they reached in Vladivostok
  in September", "Putin's visit to Japan in December").
- **The Harbour Line** (2023, written for the tests): a metro line slated to open on 12 June, the opening
  confirmed "on Monday", then opened; construction began "in March 2019" in all three reports, beside a
  different event of the same month (a fare freeze); a month-level "its opening in June".
- **The rail strike** (2024, written for the tests): a strike announced, confirmed "on Monday", then held;
  a ballot "in January" in all three, beside a different event of January (a pay cap); "the strike in
  February".
The articles written for the tests state facts as the reports of the day did; each event is told in
other words by each source, so merging cannot rely on copied sentences.

`STORIES` lists each story's distinct dated events (`GoldEvent`): the date at its granularity, the
sources that report it, the words that say what happened (a label should contain one: the event's main
verb or noun, as a stem), whether a human timeline of the story would keep it (`key`), and whether the
newest report says it took place (`happened`: its label must not say it is planned). They were written
from the articles, before any label was computed or any timeline of them was built. `GOLD` and `KEY_EVENTS` are the Abe story's, as
before."""

from __future__ import annotations

import datetime as dt
import functools
import re
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


# Wording that says an event is planned, not that it happened (for `GoldEvent.happened`).
PLANNED = re.compile(
    r"\b(?:will|would|slated|scheduled|set to|due to|expected to|plans? to|planned|is to|are to|to be)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class GoldEvent:
    date: str
    end: str | None
    sources: frozenset[str]
    main_words: tuple[str, ...]  # stems: a label that says what happened contains one of them
    key: bool = True
    happened: bool = False  # a later source reports that this planned event took place

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
KREMLIN = "https://eurasiadesk.example/2016/11/29/kremlin-confirms-putin-japan-trip"
NAGATO = "https://northpacific.example/2016/12/17/abe-putin-nagato-summit"
SUMMIT_STORY = Story(
    "Abe and Putin's summit",
    "Putin",
    (DIPLOMAT, KREMLIN, NAGATO),
    (
        GoldEvent("2014", None, frozenset({DIPLOMAT}), ("crisis",), key=False),
        GoldEvent("2014-03", None, frozenset({DIPLOMAT, KREMLIN, NAGATO}), ("annex",)),
        GoldEvent("2015", None, frozenset({DIPLOMAT}), ("launch",), key=False),
        GoldEvent("2016-05", None, frozenset({DIPLOMAT, KREMLIN, NAGATO}), ("visit",)),
        GoldEvent(
            "2016-09-02", "2016-09-03", frozenset({DIPLOMAT, KREMLIN, NAGATO}), ("meet", "agree", "talks")
        ),
        GoldEvent("2016-11-28", None, frozenset({KREMLIN}), ("confirm",), key=False),
        GoldEvent(
            "2016-12-15",
            None,
            frozenset({DIPLOMAT, KREMLIN, NAGATO}),
            ("visit", "met", "meet"),
            happened=True,
        ),
        GoldEvent("2016-12-16", None, frozenset({NAGATO}), ("agree", "talks", "moved")),
    ),
)
CITYDESK = "https://citydesk.example/2023/05/10/harbour-line-opening-date"
TRANSIT = "https://transitweekly.example/2023/05/30/harbour-line-confirmed"
EVENING = "https://eveningpost.example/2023/06/13/harbour-line-opens"
HARBOUR_STORY = Story(
    "The Harbour Line",
    "Harbour Line",
    (CITYDESK, TRANSIT, EVENING),
    (
        GoldEvent("2019-03", None, frozenset({CITYDESK, TRANSIT, EVENING}), ("construct", "began", "start")),
        GoldEvent("2019-03", None, frozenset({CITYDESK}), ("fare", "freez"), key=False),
        GoldEvent("2021-10", None, frozenset({CITYDESK}), ("tunnel", "broke", "boring")),
        GoldEvent("2023-04", None, frozenset({CITYDESK, TRANSIT}), ("test",), key=False),
        GoldEvent("2023-05", None, frozenset({EVENING}), ("approv", "regulator"), key=False),
        GoldEvent("2023-05-29", None, frozenset({TRANSIT}), ("confirm",), key=False),
        GoldEvent("2023-06-12", None, frozenset({CITYDESK, TRANSIT, EVENING}), ("open",), happened=True),
        GoldEvent("2027", None, frozenset({TRANSIT}), ("line", "planned", "universit"), key=False),
    ),
)
RAILNEWS = "https://railnews.example/2024/02/05/drivers-strike-date"
COURIER = "https://dailycourier.example/2024/02/13/rail-strike-confirmed"
GAZETTE = "https://metrogazette.example/2024/02/21/strike-halts-trains"
STRIKE_STORY = Story(
    "The rail strike",
    "Drivers' Union",
    (RAILNEWS, COURIER, GAZETTE),
    (
        GoldEvent("2023-12", None, frozenset({RAILNEWS, COURIER}), ("broke", "talks", "negotiat"), key=False),
        GoldEvent("2024-01", None, frozenset({RAILNEWS, COURIER, GAZETTE}), ("vote", "voting", "ballot")),
        GoldEvent("2024-01", None, frozenset({RAILNEWS}), ("cap",), key=False),
        GoldEvent("2024-02-12", None, frozenset({COURIER}), ("confirm",), key=False),
        GoldEvent(
            "2024-02-20",
            None,
            frozenset({RAILNEWS, COURIER, GAZETTE}),
            ("strike", "walk", "idle"),
            happened=True,
        ),
        GoldEvent("2024-02-27", None, frozenset({GAZETTE}), ("meet", "talks"), key=False),
    ),
)
STORIES = (ABE_STORY, PARASITE_STORY, ROYAL_STORY, SUMMIT_STORY, HARBOUR_STORY, STRIKE_STORY)

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


_KREMLIN = """Kremlin confirms Putin's trip to Japan

On Monday, Kremlin spokesman Dmitry Peskov confirmed that President Vladimir Putin will visit Japan on \
December 15 for talks with Prime Minister Shinzo Abe.

The two leaders will meet in Nagato, Abe's home town in Yamaguchi prefecture, before moving to Tokyo.

The trip builds on the agreement they reached in Vladivostok in September to step up economic cooperation.

Relations between Tokyo and Moscow cooled after Russia annexed Crimea in March 2014, when Japan joined \
Western sanctions.

Abe revived the dialogue with a visit to Sochi in May 2016.

The two countries have never signed a peace treaty, because of the dispute over the islands that Japan \
calls the Northern Territories."""

_NAGATO = """Abe and Putin end summit without breakthrough on islands

Russian President Vladimir Putin met Prime Minister Shinzo Abe at a hot-spring inn in Nagato on \
December 15, 2016, arriving nearly three hours late.

On December 16, the two leaders moved to Tokyo, where they agreed to start talks on joint economic \
activities on the disputed islands.

Putin's visit to Japan in December was his first in more than a decade, and it followed the agreement \
they reached in Vladivostok in September.

No peace treaty was signed, and the dispute over the islands remains unresolved.

Abe had courted Putin since his visit to Sochi in May 2016, despite the Western sanctions imposed after \
Russia annexed Crimea in March 2014.

Russia's economy ministry said Japanese companies had signed 68 business deals worth about $2.5 billion \
during the visit."""

_CITYDESK = """Harbour Line set to open in June

The Harbour Line, the city's first new metro line in forty years, is slated to open to passengers on \
June 12, 2023, the regional transit authority said.

Construction of the 14-kilometre line began in March 2019 after a decade of planning.

The authority's board also voted in March 2019 to freeze bus fares for two years, a decision that \
strained its budget.

The tunnel boring machines broke through under the harbour in October 2021, several months behind \
schedule.

Driverless test trains have been running on the line since April 2023.

The line will connect the airport with the central station in 22 minutes."""

_TRANSIT = """Harbour Line opening date confirmed

On Monday, the regional transit authority confirmed that the Harbour Line will open to passengers on \
June 12.

Chief executive Maria Lindqvist said safety regulators had signed off on the driverless trains after \
test runs that began in April.

Work on the line started in March 2019, and its cost has since risen to 3.1 billion euros.

Its opening in June will complete the first phase of the city's metro expansion.

A second line, to the university district, is planned for 2027."""

_EVENING = """Harbour Line carries its first passengers

The Harbour Line opened to passengers on June 12, 2023, with the first driverless train leaving the \
central station at 5:30 a.m.

About 40,000 people rode the line on its first day, the transit authority said.

The opening in June came more than four years after construction began in March 2019.

Regulators approved the driverless trains in May 2023 after months of test runs.

Mayor Jonas Berg called the line the biggest change to the city's transport in a generation."""

_RAILNEWS = """Train drivers to strike on February 20

Train drivers at Northern Rail Services will stage a 24-hour strike on February 20, 2024, the \
Drivers' Union announced, in a dispute over pay and rosters.

Members of the Drivers' Union voted 89% in favour of industrial action in January 2024, on a turnout of \
76%.

Talks between the union and the company broke down in December 2023 after the company offered a 3% rise.

The government capped public-sector pay rises at 4% in January 2024, a decision the union says left \
drivers behind.

It would be the first national rail strike in almost thirty years."""

_COURIER = """Rail strike to go ahead after talks fail

On Monday, the Drivers' Union confirmed that the strike at Northern Rail Services will go ahead on \
February 20 after last-minute talks with the company failed.

Union leader Ana Costa said members had voted for the walkout in January and would not accept a \
below-inflation offer.

Northern Rail Services said it would run about one train in five on the day of the strike.

Negotiations first broke down in December, when the company offered drivers a 3% rise."""

_GAZETTE = """Strike halts most trains

Most Northern Rail Services trains stood idle on February 20, 2024, as members of the Drivers' Union \
walked out in the first national rail strike in almost thirty years.

The strike in February followed a ballot in January in which 89% of drivers backed action.

Commuters crowded onto buses, and road traffic into the city rose by a fifth, the transport ministry said.

The company said it would meet union leaders again on February 27."""


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


def _written(*reports: tuple[str, str, dt.date]) -> tuple[Briefing, ...]:
    """Reports written for the tests: (text, url, publication date), the title being the first line."""
    return tuple(brief(text, url=url, published=published) for text, url, published in reports)


@functools.cache
def summit_briefings() -> tuple[Briefing, ...]:
    """The seed and two follow-ups written for the tests: the visit confirmed, then held."""
    follow_ups = _written(
        (_KREMLIN, KREMLIN, dt.date(2016, 11, 29)),
        (_NAGATO, NAGATO, dt.date(2016, 12, 17)),
    )
    return (story_briefings()[0], *follow_ups)


@functools.cache
def harbour_briefings() -> tuple[Briefing, ...]:
    return _written(
        (_CITYDESK, CITYDESK, dt.date(2023, 5, 10)),
        (_TRANSIT, TRANSIT, dt.date(2023, 5, 30)),
        (_EVENING, EVENING, dt.date(2023, 6, 13)),
    )


@functools.cache
def strike_briefings() -> tuple[Briefing, ...]:
    return _written(
        (_RAILNEWS, RAILNEWS, dt.date(2024, 2, 5)),
        (_COURIER, COURIER, dt.date(2024, 2, 13)),
        (_GAZETTE, GAZETTE, dt.date(2024, 2, 21)),
    )


def briefings_of(story: Story) -> tuple[Briefing, ...]:
    return {
        ABE_STORY.name: story_briefings,
        PARASITE_STORY.name: parasite_briefings,
        ROYAL_STORY.name: royal_briefings,
        SUMMIT_STORY.name: summit_briefings,
        HARBOUR_STORY.name: harbour_briefings,
        STRIKE_STORY.name: strike_briefings,
    }[story.name]()


def all_briefings() -> tuple[Briefing, ...]:
    """Every story's reports (an article two stories share, once) and the unrelated pages: what a store
    would hold."""
    every = [b for story in STORIES for b in briefings_of(story)] + list(unrelated_briefings())
    return tuple({b.url: b for b in every}.values())


def stories_sharing_articles(story: Story) -> frozenset[str]:
    """The urls of this story and of every story that shares an article with it (the two Abe stories
    share the seed)."""
    return frozenset(u for s in STORIES if set(s.urls) & set(story.urls) for u in s.urls)


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

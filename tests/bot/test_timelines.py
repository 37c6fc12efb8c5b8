"""/timeline from the store (SQLite and PostgreSQL): the query selects whole articles, each selected
article brings the other reports of its story, and bad or empty queries get an answer, not a crash."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from bot.store.engine import Database
from bot.store.queries import NewArticle, briefings_mentioning, store_article
from bot.store.story_queries import StoryRecord, record_story
from bot.stories import StoryService
from bot.timelines import MAX_QUERY_CHARS, TimelineQueryError, TimelineService, clean_query
from summarizers import Briefing
from summarizers.briefing import Entity, Event, SummarySentence

PUTIN = Entity("Vladimir Putin", "person", 3, ("Putin",))
ABE = Entity("Shinzo Abe", "person", 4, ("Abe",))


def _briefing(url: str, sentences: list[tuple[str, str, str]], entities: tuple[Entity, ...] = ()) -> Briefing:
    """A briefing whose events are (date, expression, sentence)."""
    return Briefing(
        title=f"Report {url}",
        url=url,
        source=None,
        language="en",
        published=dt.date(2016, 9, 13),
        published_inferred=False,
        summary=(SummarySentence(sentences[0][2], 0),),
        entities=entities,
        events=tuple(
            Event(date, ("day", "month", "year")[2 - date.count("-")], expr, text)  # type: ignore[arg-type]
            for date, expr, text in sentences
        ),
    )


SUMMIT = _briefing(
    "https://a.example/summit",
    [
        ("2016-05", "May 2016", "Putin hosted Abe in Sochi in May 2016."),
        ("2014-03", "March 2014", "Relations froze after Russia annexed Crimea in March 2014."),
    ],
    (PUTIN, ABE),
)
OTHER_REPORT = _briefing(  # the same story from another outlet that never writes the name
    "https://b.example/nagato",
    [("2016-12-15", "December 15", "The Russian president will visit Nagato on December 15.")],
    (ABE,),
)
UNRELATED = _briefing(
    "https://c.example/rates",
    [("2016-06", "June 2016", "The central bank kept rates on hold in June 2016.")],
)


async def store_briefing(
    database: Database, briefing: Briefing, story_id: int | None = None, *, feed_id: int | None = None
) -> int:
    """The briefing stored as an article (of `feed_id`'s feed, else on demand) in a story of its own, or
    in `story_id`'s."""
    record = NewArticle(
        feed_id=feed_id,
        guid=None,
        url=briefing.url,
        normalised_url=briefing.url,
        content_hash=hashlib.sha256((briefing.url or "").encode()).hexdigest(),
        title=briefing.title,
        source=None,
        published=dt.datetime(2016, 9, 13, tzinfo=dt.UTC),
        text=" ".join(e.text for e in briefing.events),
    )
    async with database.session() as session:
        article_id, _ = await store_article(session, record, briefing)
        story = StoryRecord(article_id, story_id or article_id, (1, 2, 3), frozenset(), None)
        await record_story(session, story)
    return article_id


@pytest.fixture
async def timelines(database: Database) -> TimelineService:
    summit = await store_briefing(database, SUMMIT)
    await store_briefing(database, OTHER_REPORT, story_id=summit)
    await store_briefing(database, UNRELATED)
    return TimelineService(database, StoryService(database))


async def test_the_query_selects_whole_articles_then_their_stories(timelines: TimelineService) -> None:
    found = await timelines.for_query("Putin")
    dates = [e.date for e in found.entries]
    assert dates == ["2014-03", "2016-05", "2016-12-15"]  # Crimea: no name; Nagato: another report
    nagato = found.entries[-1]
    assert [s.url for s in nagato.sources] == ["https://b.example/nagato"]


async def test_without_story_expansion_only_the_selected_articles_count(timelines: TimelineService) -> None:
    found = await timelines.for_query("Putin", follow_stories=False)
    assert [e.date for e in found.entries] == ["2014-03", "2016-05"]


async def test_a_query_that_matches_nothing_gets_the_closest_entity_names(timelines: TimelineService) -> None:
    assert (await timelines.for_query("Puttin")).entries == ()
    typo = await timelines.closest_entities("Puttin")
    assert typo.close and typo.names[0] == "Vladimir Putin"
    nothing = await timelines.closest_entities("zzqxw")
    assert not nothing.close and set(nothing.names) == {"Vladimir Putin", "Shinzo Abe"}


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("x" * 1000, "too long"),
        ("<b>Putin</b>", "not HTML"),
        ("Putin&nbsp;visit", "not HTML"),
        ("   ", "name"),
    ],
)
def test_long_text_html_and_empty_queries_are_refused_with_one_polite_line(query: str, reason: str) -> None:
    with pytest.raises(TimelineQueryError) as refused:
        clean_query(query)
    message = refused.value.user_message
    assert reason in message and "\n" not in message and len(message) < 120


def test_ordinary_queries_pass_with_their_whitespace_folded() -> None:
    assert clean_query("  AT&T   a < b ") == "AT&T a < b"
    assert clean_query("y" * MAX_QUERY_CHARS) == "y" * MAX_QUERY_CHARS


async def test_the_database_cut_matches_word_starts_in_any_script(
    database: Database, timelines: TimelineService
) -> None:
    """ "abe" must not fetch every briefing for its "label" keys; Cyrillic (escaped in the JSON, plain in
    `search_text`) is found whatever the case typed."""
    kremlin = _briefing(
        "https://d.example/kremlin",
        [("2016-12-16", "16 декабря", "Владимир Путин встретится с Абэ 16 декабря.")],
        (Entity("Владимир Путин", "person", 2, ("Путин",)),),
    )
    await store_briefing(database, kremlin)
    async with database.session() as session:
        abe = await briefings_mentioning(session, "abe", limit=100)
        putin = [await briefings_mentioning(session, q, limit=100) for q in ("Путин", "путин", "ПУТИН")]
    assert {data["url"] for _, data in abe} == {"https://a.example/summit", "https://b.example/nagato"}
    assert all([data["url"] for _, data in rows] == ["https://d.example/kremlin"] for rows in putin)
    found = await timelines.for_query("путин")
    assert [e.date for e in found.entries] == ["2016-12-16"]


def test_building_a_timeline_in_the_bots_process_imports_none_of_the_nlp_stack() -> None:
    """/timeline merges in the bot's own process (beside the event loop): its key words are cut to stems
    and filtered by stop words read as files, without sumy, nltk or spaCy."""
    script = """
import sys
from bot.timelines import _build
from tests.bot.test_timelines import OTHER_REPORT, SUMMIT
timeline = _build([SUMMIT], [(1, OTHER_REPORT.to_dict())], "Putin", 30)
assert len(timeline.entries) == 3, timeline
heavy = [m for m in ("spacy", "nltk", "sumy", "lingua", "thinc", "scipy") if m in sys.modules]
print(",".join(heavy))
"""
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=root, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


async def test_an_article_s_story_key_dates_merge_its_events_with_its_other_reports(
    database: Database, timelines: TimelineService
) -> None:
    """SQLite and PostgreSQL: the summit article's key dates carry the other report's 15 December; an
    article alone in its story has none (it shows its own)."""
    stories = timelines.stories
    async with database.session() as session:
        rows = await briefings_mentioning(session, "putin", limit=10)
    ids = {data["url"]: aid for aid, data in rows}
    dates = await stories.key_dates(ids["https://a.example/summit"], SUMMIT)
    assert [e.date for e in dates] == ["2014-03", "2016-05", "2016-12-15"]
    assert [s.url for s in dates[-1].sources] == ["https://b.example/nagato"]
    async with database.session() as session:
        [(unrelated, _)] = await briefings_mentioning(session, "central bank", limit=10)
    assert await stories.key_dates(unrelated, UNRELATED) == ()

"""`briefbot db rebrief`: stored briefings get today's entity rules, in batches, resumable (SQLite and
PostgreSQL), from the article's text while it is kept and from the stored names after."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import os
import sys

import pytest
from sqlalchemy import select, update

from bot.rebrief import count_pending, rebrief
from bot.store import queries
from bot.store.engine import Database
from bot.store.queries import NewArticle
from bot.store.tables import Article, BriefingRow
from summarizers.briefing import ENTITY_RULES, Briefing, Entity, Event
from tests.conftest import make_briefing

TEXT = (
    "Shinzo Abe created the post of minister for Okinawa and Northern Territories.\n\n"
    "Okinawa hosts most of the American bases in Japan, Abe said in Tokyo on Monday."
)
EVENT = Event(
    "2016-09-02", "day", "Monday", "Okinawa hosts most of the American bases in Japan.", entities=("Okinawa",)
)
OLD_ENTITIES = (
    Entity("Shinzo Abe", "person", 2, ("Abe",)),
    Entity("Okinawa", "person", 2),  # the model's type before the gazetteer
    Entity("Emmerson Mnangagwa", "person", 1),
    Entity("Mnangagwa", "organization", 2),  # a surname left apart, with another type
    Entity("Africans", "person", 1),  # a nationality
)


def _article(n: int, *, text: str) -> NewArticle:
    return NewArticle(
        feed_id=None,
        guid=f"guid-{n}",
        url=f"https://example.org/{n}",
        normalised_url=f"https://example.org/{n}",
        content_hash=f"{n:064d}",
        title=f"Article {n}",
        source="Example",
        published=None,
        text=text,
    )


async def _store_old_briefings(database: Database, count: int, *, text: str = TEXT) -> list[int]:
    """`count` articles whose briefings were stored before the entity rules had a version (NULL)."""
    old = make_briefing(entities=OLD_ENTITIES, events=(EVENT,), language="en")
    ids = []
    async with database.session() as session:
        for n in range(count):
            article_id, _ = await queries.store_article(session, _article(n, text=text), old)
            ids.append(article_id)
        await session.execute(update(BriefingRow).values(entity_rules=None))
    return ids


async def _stored(database: Database) -> list[tuple[Briefing, int | None, str]]:
    async with database.session() as session:
        rows = (
            await session.execute(
                select(BriefingRow.data, BriefingRow.entity_rules, BriefingRow.search_text).order_by(
                    BriefingRow.id
                )
            )
        ).all()
    return [(Briefing.from_dict(data), rules, search) for data, rules, search in rows]


def _types(briefing: Briefing) -> dict[str, str]:
    return {e.name: e.type for e in briefing.entities}


async def test_new_briefings_are_stored_with_todays_rules_and_are_not_pending(database: Database) -> None:
    async with database.session() as session:
        await queries.store_article(session, _article(1, text=TEXT), make_briefing())
    assert [rules for _, rules, _ in await _stored(database)] == [ENTITY_RULES]
    assert await count_pending(database) == 0


@pytest.mark.slow
async def test_rebrief_types_and_merges_names_from_the_text_and_from_stored_names(database: Database) -> None:
    await _store_old_briefings(database, 1)
    await _store_old_briefings_without_text(database)
    assert await count_pending(database) == 2
    steps: list[int] = []
    report = await rebrief(database, batch=1, progress=steps.append)
    assert (report.rebriefed, report.from_text, report.failed) == (2, 1, 0)
    assert steps == [1, 1]  # two batches of one
    (from_text, _, _), (from_names, rules, search) = await _stored(database)
    assert _types(from_text)["Okinawa"] == "place" and _types(from_text)["Shinzo Abe"] == "person"
    assert from_text.summary == make_briefing().summary  # names only: the summary is kept
    (event,) = from_text.events
    assert "Okinawa" in event.entities
    names = _types(from_names)
    assert names["Okinawa"] == "place"
    assert names["Emmerson Mnangagwa"] == "person" and "Mnangagwa" not in names
    assert "Africans" not in names
    assert rules == ENTITY_RULES and " emmerson mnangagwa " in search
    assert await count_pending(database) == 0
    again = await rebrief(database)
    assert again.rebriefed == 0  # done is done


async def _store_old_briefings_without_text(database: Database) -> None:
    """An article whose text retention dropped (ARTICLE_TEXT_DAYS): only the stored names are left."""
    await _store_old_briefings_at(database, 100, text="")


async def _store_old_briefings_at(database: Database, n: int, *, text: str) -> None:
    old = make_briefing(entities=OLD_ENTITIES, events=(EVENT,), language="en")
    async with database.session() as session:
        await queries.store_article(session, _article(n, text=text), old)
        await session.execute(update(BriefingRow).values(entity_rules=None))


def _from_stored_names(briefing: Briefing, _: str | None) -> Briefing:
    """The engine step without the engine (the engine's path is tested above): the names reversed."""
    return dataclasses.replace(briefing, entities=briefing.entities[::-1])


async def test_a_stopped_rebrief_resumes_at_the_first_batch_it_had_not_committed(database: Database) -> None:
    await _store_old_briefings(database, 5, text="")
    calls: list[int] = []

    def stop_after_two_batches(n: int) -> None:
        calls.append(n)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C between batches

    with pytest.raises(KeyboardInterrupt):
        await rebrief(database, batch=2, progress=stop_after_two_batches, renamed=_from_stored_names)
    assert [rules for _, rules, _ in await _stored(database)] == [ENTITY_RULES] * 4 + [None]
    assert await count_pending(database) == 1
    resumed = await rebrief(database, batch=2, renamed=_from_stored_names)
    assert resumed.rebriefed == 1
    assert all(rules == ENTITY_RULES for _, rules, _ in await _stored(database))


async def test_rebrief_since_a_date_leaves_older_articles_pending(database: Database) -> None:
    await _store_old_briefings(database, 3, text="")
    async with database.session() as session:
        await session.execute(update(Article).values(fetched_at=dt.datetime(2026, 1, 1)))
        await session.execute(
            update(Article).where(Article.guid == "guid-2").values(fetched_at=dt.datetime(2026, 6, 1))
        )
    since = dt.datetime(2026, 3, 1)
    assert await count_pending(database, since=since) == 1
    report = await rebrief(database, since=since, renamed=_from_stored_names)
    assert report.rebriefed == 1
    assert await count_pending(database) == 2


async def test_a_briefing_the_engine_cannot_rederive_stays_pending_and_the_others_go_on(
    database: Database,
) -> None:
    await _store_old_briefings(database, 3, text="")

    def fails_on_the_second(briefing: Briefing, text: str | None) -> Briefing:
        fails_on_the_second.calls += 1  # type: ignore[attr-defined]
        if fails_on_the_second.calls == 2:  # type: ignore[attr-defined]
            raise ValueError("broken")
        return briefing

    fails_on_the_second.calls = 0  # type: ignore[attr-defined]
    report = await rebrief(database, batch=10, renamed=fails_on_the_second)
    assert (report.rebriefed, report.failed) == (2, 1)
    assert [rules for _, rules, _ in await _stored(database)] == [ENTITY_RULES, None, ENTITY_RULES]


@pytest.mark.slow
async def test_briefbot_db_rebrief_shows_progress_and_says_what_it_did(
    database: Database, db_url: str
) -> None:
    await _store_old_briefings(database, 3, text="")
    env = {**os.environ, "DATABASE_URL": db_url}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "db", "rebrief", "--batch", "2", "--since", "2000-01-01", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    stdout, stderr = await asyncio.wait_for(process.communicate(), 180)
    assert process.returncode == 0, stderr.decode()
    assert stdout.decode().startswith("rebriefed 3 briefing(s) in ")
    assert "0 from their text, 3 from their stored names" in stdout.decode()
    assert "3/3" in stderr.decode()  # tqdm's bar, on stderr
    assert await count_pending(database) == 0

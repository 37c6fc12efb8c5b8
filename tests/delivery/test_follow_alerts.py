"""Follow alerts through the planner on SQLite and PostgreSQL: a salient entity in a new article of the
chat's feeds alerts once per story (at once for instant chats, with the digest otherwise), later reports
join it as "also reported by", and muted follows, muted feeds and passing mentions stay quiet."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import func, select

from bot.delivery.planner import Planner
from bot.follows import FollowService
from bot.settings import Settings
from bot.store.delivery_tables import OutboxRow
from bot.store.engine import Database
from bot.store.follow_tables import ArticleEntityKey, FollowAlert, FollowCursor
from bot.store.story_queries import StoryRecord, record_story
from bot.store.tables import Article, BriefingRow, Subscription
from bot.telegram.render import LAYOUT
from summarizers.briefing import Entity
from tests.conftest import make_briefing
from tests.delivery.seed import add_chat, add_feed, subscribe

PUTIN = Entity("Vladimir Putin", "person", 5, ("Putin",))
FILLER = tuple(Entity(f"Town {c}", "place", 2) for c in "ABCDE")


@pytest.fixture
def t0() -> dt.datetime:
    """Now: follows are made at the real time, and only news stored after them alerts."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


async def _store(
    database: Database,
    feed_id: int,
    title: str,
    entities: tuple[Entity, ...],
    *,
    at: dt.datetime,
    story: int | None = None,
    sentences: tuple[str, ...] = ("Officials met.",),
    source: str | None = None,
) -> int:
    url = f"https://news.example/{hashlib.sha1(title.encode()).hexdigest()[:10]}"
    briefing = make_briefing(title=title, url=url, source=source, entities=entities, sentences=sentences)
    async with database.session() as session:
        article = Article(
            feed_id=feed_id,
            url=url,
            normalised_url=url,
            title=title,
            fetched_at=at,
            text=title,
            content_hash=hashlib.sha256(url.encode()).hexdigest(),
            source=source,
        )
        session.add(article)
        await session.flush()
        session.add(
            BriefingRow(article_id=article.id, data=briefing.to_dict(), method="default", created_at=at)
        )
        await record_story(session, StoryRecord(article.id, story or article.id, (1, 2), frozenset(), None))
        return article.id


async def _setup(database: Database, cadence: str, t0: dt.datetime) -> tuple[int, int]:
    await add_chat(database, 7, created=t0 - dt.timedelta(days=1), cadence=cadence, times="08:00", zone="UTC")
    feed = await add_feed(database, "Wire")
    await subscribe(database, 7, feed, at=t0 - dt.timedelta(days=1))
    return 7, feed


async def _alerts(database: Database) -> list[OutboxRow]:
    async with database.session() as session:
        return list(
            await session.scalars(select(OutboxRow).where(OutboxRow.kind == "alert").order_by(OutboxRow.id))
        )


async def test_an_instant_chat_is_alerted_at_once_and_a_later_report_joins_the_alert(
    database: Database,
    settings: Settings,
    t0: dt.datetime,
) -> None:
    chat, feed = await _setup(database, "instant", t0)
    await _store(database, feed, "Earlier news about Putin", (PUTIN,), at=t0 - dt.timedelta(hours=1))
    follows = FollowService(database)
    result = await follows.follow(chat, "Vladimir Putin")
    assert result.status == "followed" and result.known
    planner = Planner(database, settings, LAYOUT)
    assert (await planner.plan_alerts(t0)).alerts == 0  # news stored before the follow does not alert

    first = await _store(
        database, feed, "Putin visits Japan", (PUTIN, *FILLER), at=t0 + dt.timedelta(minutes=1)
    )
    report = await planner.plan_alerts(t0 + dt.timedelta(minutes=2))
    (alert,) = await _alerts(database)
    assert report.alerts == 1 and alert.chat_id == chat
    assert "You follow <b>Vladimir Putin</b>" in alert.text and "Putin visits Japan" in alert.text
    assert alert.reply_markup["inline_keyboard"][0][0]["callback_data"].startswith("fmute:")

    await _store(
        database, feed, "Putin arrives in Nagato", (PUTIN,), at=t0 + dt.timedelta(minutes=3), story=first
    )
    await planner.plan_alerts(t0 + dt.timedelta(minutes=4))
    (alert,) = await _alerts(database)  # one alert per story: the unsent one now names the later report
    assert "Also reported by:" in alert.text and "Putin arrives in Nagato" not in alert.text
    async with database.session() as session:
        assert await session.scalar(select(func.count(FollowAlert.id))) == 1
        sent = await session.get(OutboxRow, alert.id)
        sent.status, sent.sent_message_id = "sent", 55

    await _store(
        database, feed, "Putin leaves", (PUTIN,), at=t0 + dt.timedelta(minutes=5), story=first, source="TASS"
    )
    await planner.plan_alerts(t0 + dt.timedelta(minutes=6))
    async with database.session() as session:
        (edit,) = await session.scalars(select(OutboxRow).where(OutboxRow.kind == "edit"))
    assert edit.idempotency_key == f"edit:2:{alert.idempotency_key}"  # edits the sent alert, no new alert
    assert "TASS" in edit.text and edit.reply_markup == alert.reply_markup


async def test_a_digest_chat_gets_its_alert_with_the_digest_naming_the_later_reports(
    database: Database,
    settings: Settings,
    t0: dt.datetime,
) -> None:
    chat, feed = await _setup(database, "daily", t0)
    await FollowService(database).follow(chat, "Vladimir Putin")
    planner = Planner(database, settings, LAYOUT)
    first = await _store(database, feed, "Putin visits Japan", (PUTIN,), at=t0 + dt.timedelta(minutes=1))
    await planner.plan_alerts(t0 + dt.timedelta(minutes=2))
    assert await _alerts(database) == []  # waits for the digest
    await _store(
        database,
        feed,
        "Putin in Nagato",
        (PUTIN,),
        at=t0 + dt.timedelta(minutes=3),
        story=first,
        source="Kyodo",
    )
    report = await planner.plan_now([chat], now=t0 + dt.timedelta(minutes=10))
    (alert,) = await _alerts(database)
    assert report.digests == 1
    assert "Putin visits Japan" in alert.text and "Also reported by:" in alert.text and "Kyodo" in alert.text


async def test_passing_mentions_muted_follows_and_muted_feeds_stay_quiet(
    database: Database,
    settings: Settings,
    t0: dt.datetime,
) -> None:
    chat, feed = await _setup(database, "instant", t0)
    follows = FollowService(database)
    await follows.follow(chat, "Vladimir Putin")
    rosneft = await follows.follow(chat, "Rosneft")
    planner = Planner(database, settings, LAYOUT)
    passing = (*FILLER, Entity("Rosneft", "organization", 1))
    await _store(database, feed, "Towns vote", passing, at=t0 + dt.timedelta(minutes=1))
    await planner.plan_alerts(t0 + dt.timedelta(minutes=2))
    assert await _alerts(database) == [] and not rosneft.known

    (putin_follow,) = [f for f in await follows.follows(chat) if f.name == "Vladimir Putin"]
    await follows.set_muted(chat, putin_follow.id, True)
    await _store(database, feed, "Putin speaks", (PUTIN,), at=t0 + dt.timedelta(minutes=3))
    await planner.plan_alerts(t0 + dt.timedelta(minutes=4))
    assert await _alerts(database) == []

    await follows.set_muted(chat, putin_follow.id, False)
    async with database.session() as session:
        (sub,) = await session.scalars(select(Subscription))
        sub.muted = True
    await _store(database, feed, "Putin speaks again", (PUTIN,), at=t0 + dt.timedelta(minutes=5))
    await planner.plan_alerts(t0 + dt.timedelta(minutes=6))
    assert await _alerts(database) == []


async def test_an_inflected_form_alerts_the_follow_of_its_entity(
    database: Database,
    settings: Settings,
    t0: dt.datetime,
) -> None:
    chat, feed = await _setup(database, "instant", t0)
    ru = Entity("Владимир Путин", "person", 3, ("Путина", "Путин"))
    await _store(database, feed, "Старая новость", (ru,), at=t0 - dt.timedelta(hours=1))
    follows = FollowService(database)
    choice = await follows.follow(chat, "Путина")
    assert choice.status == "choose" and choice.choices == ("Владимир Путин",)
    assert (await follows.follow(chat, "Владимир Путин", chosen=True)).status == "followed"
    only_alias = Entity("Путин", "person", 2, ("Путина",))
    await _store(database, feed, "Визит в Японию", (only_alias,), at=t0 + dt.timedelta(minutes=1))
    await Planner(database, settings, LAYOUT).plan_alerts(t0 + dt.timedelta(minutes=2))
    (alert,) = await _alerts(database)
    assert "Владимир Путин" in alert.text


async def test_matching_records_salient_keys_only_and_reads_each_briefing_once(
    database: Database,
    settings: Settings,
    t0: dt.datetime,
) -> None:
    chat, feed = await _setup(database, "instant", t0)
    await FollowService(database).follow(chat, "Rosneft")
    planner = Planner(database, settings, LAYOUT)
    article = await _store(
        database,
        feed,
        "Towns",
        (*FILLER, Entity("Rosneft", "organization", 1)),
        at=t0 + dt.timedelta(minutes=1),
    )
    await planner.plan_alerts(t0 + dt.timedelta(minutes=2))
    await planner.plan_alerts(t0 + dt.timedelta(minutes=3))
    async with database.session() as session:
        keys = set(
            await session.scalars(select(ArticleEntityKey.key).where(ArticleEntityKey.article_id == article))
        )
    assert keys == {"town a", "town b", "town c", "town d"}


async def test_without_follows_matching_skips_the_news_without_reading_it(
    database: Database, settings: Settings, t0: dt.datetime
) -> None:
    chat, feed = await _setup(database, "instant", t0)
    planner = Planner(database, settings, LAYOUT)
    for n in range(3):
        await _store(database, feed, f"Putin speaks {n}", (PUTIN,), at=t0 + dt.timedelta(minutes=n))
    await planner.plan_alerts(t0 + dt.timedelta(minutes=5))
    async with database.session() as session:
        assert await session.scalar(select(func.count()).select_from(ArticleEntityKey)) == 0
        cursor = await session.scalar(select(FollowCursor.last_briefing_id))
        assert cursor == await session.scalar(select(func.max(BriefingRow.id)))

    await FollowService(database).follow(chat, "Vladimir Putin")
    await _store(database, feed, "Putin speaks again", (PUTIN,), at=dt.datetime.now(dt.UTC))
    await planner.plan_alerts(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1))
    (alert,) = await _alerts(database)
    assert "Putin speaks again" in alert.text

"""Planning digests into the outbox: content, cursor, filters, new subscribers, schedules, instant mode."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from bot.chats import ChatService
from bot.delivery.filters import parse_filter_command
from bot.delivery.planner import Planner
from bot.delivery.service import DeliveryService
from bot.settings import Settings
from bot.store import chats as chat_queries
from bot.store.chats import drop_chat
from bot.store.delivery_tables import DeliveryState, DigestRun, OutboxRow
from bot.store.engine import Database
from bot.store.tables import BriefingRow, Chat, Subscription
from bot.telegram.keyboards import decode_callback
from bot.telegram.render import LAYOUT
from tests.conftest import outbox_rows
from tests.delivery.seed import add_briefing, add_chat, add_feed, subscribe
from tests.servers.botapi import parse_telegram_html, utf16_len

UTC = dt.UTC
T0 = dt.datetime(2026, 6, 15, 5, 0, tzinfo=UTC)  # a Monday, 07:00 in Berlin


async def digest_runs(database: Database, chat_id: int) -> list[DigestRun]:
    async with database.session() as session:
        return list(
            await session.scalars(
                select(DigestRun).where(DigestRun.chat_id == chat_id).order_by(DigestRun.slot_at)
            )
        )


def visible(rows: list[OutboxRow]) -> str:
    return "\n".join(parse_telegram_html(r.text).text for r in rows)


@pytest.fixture
def planner(database: Database, settings: Settings) -> Planner:
    return Planner(database, settings, LAYOUT)


async def test_a_digest_groups_items_by_feed_most_important_first(
    database: Database, planner: Planner
) -> None:
    await add_chat(database, 1, created=T0 - dt.timedelta(days=1))
    world, sport = await add_feed(database, "World Desk"), await add_feed(database, "Sport Daily")
    for feed in (world, sport):
        await subscribe(database, 1, feed, at=T0 - dt.timedelta(days=1))
    await add_briefing(database, sport, "Cup final tonight", at=T0, entities=["FC Example"])
    await add_briefing(
        database,
        world,
        "Summit opens in Geneva",
        at=T0,
        entities=["United Nations", "Geneva"],
        sentences=["Leaders met in Geneva.", "The United Nations hosted.", "Talks last two days."],
    )
    await add_briefing(database, world, "Geneva talks stall", at=T0, entities=["Geneva", "United Nations"])

    planned = await planner.plan_now([1], now=T0 + dt.timedelta(minutes=1))

    assert planned.digests == 1
    rows = await outbox_rows(database, 1)
    text = visible(rows)
    assert text.index("World Desk") < text.index("Sport Daily")  # the shared Geneva story ranks first
    assert "Leaders met in Geneva. The United Nations hosted. Talks last two days." in text
    assert "Key: United Nations, Geneva" in text
    entities = parse_telegram_html(rows[0].text).entities
    assert any(e["type"] == "text_link" and e["url"].startswith("https://news.example/") for e in entities)


async def test_a_digest_entry_without_names_says_why_in_the_chats_language(
    database: Database, planner: Planner
) -> None:
    await add_chat(database, 1, created=T0 - dt.timedelta(days=1))
    async with database.session() as session:
        await chat_queries.update_chat(session, 1, language="de")
    feed = await add_feed(database, "Budapest Times")
    await subscribe(database, 1, feed, at=T0 - dt.timedelta(days=1))
    await add_briefing(
        database, feed, "Új költségvetés", at=T0, language="hu", notes=["entities: no model for Hungarian"]
    )

    await planner.plan_now([1], now=T0 + dt.timedelta(minutes=1))

    text = visible(await outbox_rows(database, 1))
    assert "Namen nicht erkannt: kein Modell für diese Sprache (Ungarisch)." in text


async def test_only_the_top_items_are_shown_and_the_rest_sit_behind_a_more_button(
    database: Database, planner: Planner
) -> None:
    await add_chat(database, 1, created=T0 - dt.timedelta(days=1))
    feed = await add_feed(database, "Wire")
    await subscribe(database, 1, feed, at=T0 - dt.timedelta(days=1))
    for n in range(14):
        await add_briefing(database, feed, f"Story number {n}", at=T0)

    await planner.plan_now([1], now=T0 + dt.timedelta(minutes=1))

    rows = await outbox_rows(database, 1)
    assert visible(rows).count("• Story number") == 10
    assert "+4 more" in visible(rows)
    markup = rows[-1].reply_markup
    assert markup is not None and markup["inline_keyboard"][0][0]["text"] == "+4 more"
    data = markup["inline_keyboard"][0][0]["callback_data"]
    assert len(data.encode()) <= 64
    run_id = int(decode_callback(data).args[0])
    more = await planner.overflow_items(run_id, 1)
    assert len(more) == 4
    assert await planner.overflow_items(run_id, 2) == []  # another chat cannot read it


async def test_nothing_new_means_no_digest_and_the_cursor_prevents_repeats(
    database: Database, planner: Planner
) -> None:
    await add_chat(database, 1, created=T0 - dt.timedelta(days=1))
    feed = await add_feed(database, "Wire")
    await subscribe(database, 1, feed, at=T0 - dt.timedelta(days=1))

    empty = await planner.plan_now([1], now=T0)
    await add_briefing(database, feed, "First story", at=T0 + dt.timedelta(minutes=1))
    first = await planner.plan_now([1], now=T0 + dt.timedelta(minutes=2))
    again = await planner.plan_now([1], now=T0 + dt.timedelta(minutes=3))

    assert (empty.digests, empty.empty) == (0, 1)
    assert (first.digests, again.digests, again.empty) == (1, 0, 1)
    assert len(await outbox_rows(database, 1)) == 1


async def test_a_new_subscriber_gets_only_what_is_new_since_subscribing(
    database: Database, planner: Planner
) -> None:
    feed = await add_feed(database, "Wire")
    await add_briefing(database, feed, "Old backlog story", at=T0 - dt.timedelta(hours=5))
    await add_chat(database, 7, created=T0 - dt.timedelta(hours=1))
    await subscribe(database, 7, feed, at=T0 - dt.timedelta(hours=1))
    await add_briefing(database, feed, "Fresh story", at=T0)

    await planner.plan_now([7], now=T0 + dt.timedelta(minutes=1))

    text = visible(await outbox_rows(database, 7))
    assert "Fresh story" in text and "Old backlog story" not in text


async def test_filters_include_and_exclude_whole_words_case_insensitively(
    database: Database, settings: Settings
) -> None:
    service = DeliveryService(database, settings, LAYOUT)
    await add_chat(database, 1, created=T0 - dt.timedelta(days=1))
    feed = await add_feed(database, "Wire")
    await subscribe(database, 1, feed, at=T0 - dt.timedelta(days=1))
    await service.apply_filter_command(1, parse_filter_command('+climate +"central bank" -sport'))
    await add_briefing(database, feed, "Climate deal signed", at=T0)
    await add_briefing(database, feed, "The Central  Bank raises rates", at=T0)
    await add_briefing(database, feed, "Climate sport: marathon in the heat", at=T0)
    await add_briefing(database, feed, "Climatechange is not a word", at=T0)
    await add_briefing(database, feed, "Unrelated local news", at=T0)

    await service.planner.plan_now([1], now=T0 + dt.timedelta(minutes=1))

    text = visible(await outbox_rows(database, 1))
    assert "Climate deal signed" in text and "Central Bank raises rates" in text
    for dropped in ("marathon", "Climatechange", "Unrelated"):
        assert dropped not in text
    listed = await service.apply_filter_command(1, parse_filter_command("clear"))
    assert listed == []


async def test_a_digest_at_the_scheduled_time_is_planned_once(database: Database, planner: Planner) -> None:
    await add_chat(database, 1, created=T0 - dt.timedelta(days=2), times="08:00", zone="Europe/Berlin")
    feed = await add_feed(database, "Wire")
    await subscribe(database, 1, feed, at=T0 - dt.timedelta(days=2))
    await add_briefing(database, feed, "Morning story", at=T0)
    slot = dt.datetime(2026, 6, 15, 6, 0, tzinfo=UTC)

    before = await planner.plan_due(slot - dt.timedelta(minutes=1))
    at = await planner.plan_due(slot + dt.timedelta(seconds=30))
    after = await planner.plan_due(slot + dt.timedelta(minutes=1, seconds=30))

    assert (before.digests, at.digests, after.digests) == (0, 1, 0)
    assert not at.late
    assert "Your digest · Mon 15 Jun, 08:00" in visible(await outbox_rows(database, 1))


async def test_a_digest_missed_while_down_is_sent_late_within_the_grace_window(
    database: Database, planner: Planner
) -> None:
    await add_chat(database, 1, created=T0 - dt.timedelta(days=2), times="08:00", zone="Europe/Berlin")
    feed = await add_feed(database, "Wire")
    await subscribe(database, 1, feed, at=T0 - dt.timedelta(days=2))
    await planner.plan_due(T0)  # the planner ran before the slot, then the process went down
    await add_briefing(database, feed, "Morning story", at=T0)

    report = await planner.plan_due(dt.datetime(2026, 6, 15, 7, 10, tzinfo=UTC))  # back at 09:10 Berlin

    assert (report.digests, report.late) == (1, 1)
    text = visible(await outbox_rows(database, 1))
    assert "Late: this digest was due at 08:00 and is 70 mins late" in text


async def test_a_digest_missed_beyond_the_grace_window_is_skipped_and_its_news_comes_next_time(
    database: Database, planner: Planner
) -> None:
    await add_chat(database, 1, created=T0 - dt.timedelta(days=2), times="08:00", zone="Europe/Berlin")
    feed = await add_feed(database, "Wire")
    await subscribe(database, 1, feed, at=T0 - dt.timedelta(days=2))
    await planner.plan_due(T0)
    await add_briefing(database, feed, "Morning story", at=T0)

    down = await planner.plan_due(dt.datetime(2026, 6, 15, 12, 0, tzinfo=UTC))  # back at 14:00: 6 h late
    next_morning = await planner.plan_due(dt.datetime(2026, 6, 16, 6, 0, 20, tzinfo=UTC))

    assert (down.digests, down.skipped_slots) == (0, 1)
    assert [r.status for r in await digest_runs(database, 1)] == ["skipped", "planned"]
    assert next_morning.digests == 1 and "Morning story" in visible(await outbox_rows(database, 1))


async def test_a_schedule_changed_mid_day_fires_at_the_new_time_only(
    database: Database, planner: Planner
) -> None:
    await add_chat(database, 1, created=T0 - dt.timedelta(days=2), times="18:00", zone="UTC")
    feed = await add_feed(database, "Wire")
    await subscribe(database, 1, feed, at=T0 - dt.timedelta(days=2))
    await add_briefing(database, feed, "Story", at=T0)
    ten = dt.datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
    await planner.plan_due(ten)
    async with database.session() as session:  # at 10:00 the chat moves its digest to 09:00 and 12:00
        (await session.get_one(Chat, 1)).digest_times = "09:00,12:00"

    at_ten = await planner.plan_due(ten + dt.timedelta(minutes=1))
    at_noon = await planner.plan_due(ten + dt.timedelta(hours=2, seconds=20))
    at_six = await planner.plan_due(ten + dt.timedelta(hours=8, seconds=20))

    assert (at_ten.digests, at_ten.empty) == (0, 0)  # 09:00 had passed when it was set: no digest in the past
    assert at_noon.digests == 1
    assert (at_six.digests, at_six.empty) == (0, 0)  # 18:00 is no longer a digest time
    assert [r.slot_at.hour for r in await digest_runs(database, 1)] == [12]


async def test_a_berlin_fall_back_day_planned_every_quarter_hour_gets_one_digest(
    database: Database, planner: Planner
) -> None:
    start = dt.datetime(2026, 10, 24, 22, 0, tzinfo=UTC)  # Sunday 25 Oct, 00:00 CEST
    await add_chat(database, 1, created=start - dt.timedelta(days=1), times="02:30", zone="Europe/Berlin")
    feed = await add_feed(database, "Wire")
    await subscribe(database, 1, feed, at=start - dt.timedelta(days=1))
    digests = 0
    for quarter in range(4 * 6):
        now = start + dt.timedelta(minutes=15 * quarter, seconds=20)
        await add_briefing(database, feed, f"Story {quarter}", at=now - dt.timedelta(seconds=10))
        digests += (await planner.plan_due(now)).digests
    assert digests == 1
    assert [r.slot_at for r in await digest_runs(database, 1)] == [
        dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    ]


async def test_instant_mode_queues_each_new_briefing_once(database: Database, planner: Planner) -> None:
    await add_chat(database, 5, created=T0 - dt.timedelta(days=1), cadence="instant")
    feed = await add_feed(database, "Wire")
    await subscribe(database, 5, feed, at=T0 - dt.timedelta(days=1))
    await add_briefing(database, feed, "Breaking one", at=T0)
    await add_briefing(database, feed, "Breaking two", at=T0)

    first = await planner.plan_due(T0 + dt.timedelta(seconds=30))
    second = await planner.plan_due(T0 + dt.timedelta(seconds=90))

    rows = await outbox_rows(database, 5)
    assert (first.instant_items, second.instant_items) == (2, 0)
    assert [r.kind for r in rows] == ["instant", "instant"]
    assert "Breaking one" in parse_telegram_html(rows[0].text).text
    assert all(utf16_len(parse_telegram_html(r.text).text) <= 4096 for r in rows)


async def test_planning_the_same_slot_twice_queues_it_once(database: Database, planner: Planner) -> None:
    await add_chat(database, 1, created=T0 - dt.timedelta(days=1))
    feed = await add_feed(database, "Wire")
    await subscribe(database, 1, feed, at=T0 - dt.timedelta(days=1))
    await add_briefing(database, feed, "Story", at=T0)
    slot = T0 + dt.timedelta(minutes=5)

    first = await planner.plan_digest(1, slot, now=slot, zone="UTC")
    second = await planner.plan_digest(1, slot, now=slot, zone="UTC")

    assert (first.status, second.status) == ("planned", "duplicate")
    assert len(await outbox_rows(database, 1)) == 1
    async with database.session() as session:
        assert (await session.get_one(DeliveryState, 1)).last_briefing_id > 0


def test_digest_shows_one_item_per_story_naming_the_other_reports():
    import datetime as dt

    from bot.delivery.digest import DigestItem, select_items
    from bot.telegram.render import render_digest
    from summarizers.briefing import Briefing, Entity, SummarySentence

    def item(i: int, story: int | None, source: str, entities: int) -> DigestItem:
        briefing = Briefing(
            title=f"Story {story} from {source}",
            url=f"https://{source}.example/{i}",
            source=source,
            language="en",
            published=dt.date(2026, 11, 1),
            published_inferred=False,
            summary=(SummarySentence("Talks resumed in Geneva on Monday.", 0),),
            entities=tuple(Entity(f"Name {n}", "person", 1) for n in range(entities)),
        )
        return DigestItem(i, i, 1, "Feed", briefing, dt.datetime(2026, 11, 1, tzinfo=dt.UTC), story)

    digest = select_items([item(1, 7, "wire", 1), item(2, 7, "paper", 3), item(3, None, "blog", 1)], [])
    assert sorted(i.article_id for i in digest.shown) == [2, 3]
    lead = next(i for i in digest.shown if i.article_id == 2)
    assert lead.also_reported_by == (("wire", "https://wire.example/1"),)
    text = "\n".join(render_digest(digest, heading="Digest"))
    assert "Also reported by" in text and "https://wire.example/1" in text


async def test_a_chat_back_after_blocking_the_bot_gets_its_paused_feeds_but_not_the_muted_one(
    database: Database, settings: Settings
) -> None:
    await add_chat(database, 8, created=T0 - dt.timedelta(days=9))
    wire, sport, gossip = [await add_feed(database, name) for name in ("Wire", "Sport", "Gossip")]
    for feed in (wire, sport, gossip):
        await subscribe(database, 8, feed, at=T0 - dt.timedelta(days=9))
    async with database.session() as session:
        await chat_queries.mute_subscription(session, 8, gossip)  # the user's own choice
    await drop_chat(database, 8, "Forbidden: bot was blocked by the user", now=T0 - dt.timedelta(days=5))
    await add_briefing(database, wire, "Backlog while away", at=T0 - dt.timedelta(days=1))
    chats = ChatService(database, settings)

    resumed = await chats.register(8, "private", "Ann")
    again = await chats.register(8, "private", "Ann")

    async with database.session() as session:
        muted = {
            s.feed_id: s.muted
            for s in await session.scalars(select(Subscription).where(Subscription.chat_id == 8))
        }
        state = await session.get_one(DeliveryState, 8)
        chat = await session.get_one(Chat, 8)
        newest = await session.scalar(select(func.max(BriefingRow.id)))
    assert (resumed, again) == (2, 0)
    assert muted == {wire: False, sport: False, gossip: True}
    assert chat.active and chat.blocked_at is None
    assert state.last_briefing_id == newest  # the backlog of the days away is not sent
    assert (await Planner(database, settings, LAYOUT).plan_now([8], T0)).messages == 0


async def test_a_delivery_state_created_meanwhile_by_another_planner_does_not_fail_the_round(
    database: Database, planner: Planner
) -> None:
    feed = await add_feed(database, "Wire")
    for chat_id in (9, 10):
        await add_chat(database, chat_id, created=T0 - dt.timedelta(days=1))
        await subscribe(database, chat_id, feed, at=T0 - dt.timedelta(days=1))
    async with database.session() as session:  # chat 10 changed its schedule since its state was made
        session.add(DeliveryState(chat_id=10, last_briefing_id=0, schedule_signature="an older schedule"))
    chats = await planner._schedules()  # read before the other planner's insert: chat 9 has no state yet
    async with database.session() as session:
        session.add(DeliveryState(chat_id=9, last_briefing_id=0))  # the other planner, meanwhile

    await planner._sync_states(chats, T0)  # the conflict on chat 9 is absorbed, not raised

    async with database.session() as session:
        changed = await session.get_one(DeliveryState, 10)
    assert changed.schedule_signature != "an older schedule"  # the rest of the round still happened

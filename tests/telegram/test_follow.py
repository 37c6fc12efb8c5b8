"""/follow through the real bot and the strict Bot API server, on SQLite and PostgreSQL: a surname offers
the full name as a button, the follow alerts the chat when a new article of its feeds is about the entity
(in the chat's language, with a working mute button), /follow lists the follows with their buttons, and
/unfollow drops one by any of its names."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from pathlib import Path

import pytest

from bot.i18n import translator
from bot.store import chats as chat_queries
from bot.store.story_queries import StoryRecord, record_story
from bot.store.tables import Article, BriefingRow
from summarizers.briefing import Entity
from tests.conftest import make_briefing
from tests.delivery.seed import add_feed, subscribe
from tests.telegram.conftest import PRIVATE_CHAT, RunningBot, started_bot

pytestmark = pytest.mark.slow
PUTIN = Entity("Vladimir Putin", "person", 5, ("Putin",))


async def _store(
    bot: RunningBot, feed_id: int, title: str, *, at: dt.datetime, story: int | None = None
) -> int:
    url = f"https://news.example/{hashlib.sha1(title.encode()).hexdigest()[:10]}"
    briefing = make_briefing(title=title, url=url, entities=(PUTIN,), sentences=("Putin spoke in Tokyo.",))
    async with bot.runtime.database.session() as session:
        article = Article(
            feed_id=feed_id,
            url=url,
            normalised_url=url,
            title=title,
            fetched_at=at,
            text=title,
            content_hash=hashlib.sha256(url.encode()).hexdigest(),
        )
        session.add(article)
        await session.flush()
        session.add(
            BriefingRow(article_id=article.id, data=briefing.to_dict(), method="default", created_at=at)
        )
        story_id = story or article.id
        await record_story(session, StoryRecord(article.id, story_id, (1, 2), frozenset(), None))
        return article.id


async def _tap(bot: RunningBot, message_id: int, data: str) -> str | None:
    query_id = bot.server.push_callback(PRIVATE_CHAT, PRIVATE_CHAT, data, message_id)
    await bot.idle()
    record = next(q for q in bot.server.callback_queries() if q.query_id == query_id)
    return record.answer_text


async def test_follow_offers_the_full_name_alerts_in_the_chats_language_and_mutes(
    tmp_path: Path, web_server: str, db_url: str
) -> None:
    async with started_bot(tmp_path, web_server, database_url=db_url) as bot:
        database = bot.runtime.database
        start = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
        async with database.session() as session:
            await chat_queries.register_chat(session, PRIVATE_CHAT, "private", None)
            await chat_queries.update_chat(session, PRIVATE_CHAT, cadence="instant", language="de")
        feed = await add_feed(database, "Wire")
        await subscribe(database, PRIVATE_CHAT, feed, at=start)
        await _store(bot, feed, "Putin at the forum", at=start + dt.timedelta(minutes=5))
        de = translator("de")

        bot.say("/follow Putin")
        offer = await bot.reply(PRIVATE_CHAT, lambda m: bool(m.reply_markup), timeout=60)
        (button,) = offer.buttons
        assert button["text"] == de._("Follow {name}", name="Vladimir Putin")
        after = bot.last_id()
        await _tap(bot, offer.message_id, button["callback_data"])
        done = await bot.reply(PRIVATE_CHAT, after=after)
        assert done.text == de._(
            "You follow {name} now: I will tell you when it is what a new article in your feeds is about. "
            "/follow lists your follows.",
            name="Vladimir Putin",
        )
        assert done.text.startswith("Du folgst")  # the chat's language, not English

        first = await _store(bot, feed, "Putin visits Japan", at=dt.datetime.now(dt.UTC))
        after = bot.last_id()
        await asyncio.sleep(database.settle_time.total_seconds())  # PostgreSQL plans settled briefings only
        assert (await bot.runtime.delivery.plan_due()).alerts == 1
        alert = await bot.reply(PRIVATE_CHAT, lambda m: "Putin visits Japan" in (m.text or ""), after=after)
        assert de._("🔔 You follow {name}", name="Vladimir Putin") in alert.text
        assert "Putin at the forum" not in alert.text  # stored before the follow
        await _store(bot, feed, "Putin in Nagato", at=dt.datetime.now(dt.UTC), story=first)
        await asyncio.sleep(database.settle_time.total_seconds())
        assert (
            await bot.runtime.delivery.plan_due()
        ).alerts == 0  # a later report of the story: no new alert
        await bot.server.wait_for(lambda: bot.server.message(PRIVATE_CHAT, alert.message_id).edits == 1)
        edited = bot.server.message(PRIVATE_CHAT, alert.message_id)
        assert de._("Also reported by:") in edited.text and edited.buttons == alert.buttons
        header = de._("🔔 You follow {name}", name="Vladimir Putin")
        alerts = [m for m in bot.server.sent_messages(PRIVATE_CHAT) if header in (m.text or "")]
        assert [m.message_id for m in alerts] == [alert.message_id]  # edited in place, no second alert
        (mute,) = alert.buttons
        assert len(mute["callback_data"].encode()) <= 64
        toast = await _tap(bot, alert.message_id, mute["callback_data"])
        assert toast == de._("Muted alerts about {name}.", name="Vladimir Putin")

        after = bot.last_id()
        bot.say("/follow")
        listing = await bot.reply(PRIVATE_CHAT, lambda m: bool(m.reply_markup), after=after)
        assert de._("{name} (muted)", name="Vladimir Putin") in listing.text
        unmute, drop = listing.buttons
        assert unmute["callback_data"].startswith("funmute:") and drop["callback_data"].startswith("fdrop:")
        await _tap(bot, listing.message_id, unmute["callback_data"])
        refreshed = bot.server.message(PRIVATE_CHAT, listing.message_id)
        assert refreshed.buttons[0]["callback_data"].startswith("fmute:")

        after = bot.last_id()
        bot.say("/unfollow putin")
        gone = await bot.reply(PRIVATE_CHAT, after=after)
        assert gone.text == de._("You no longer follow {name}.", name="Vladimir Putin")
        assert await bot.runtime.follows.follows(PRIVATE_CHAT) == []


async def test_a_name_nobody_mentions_is_followed_until_it_appears(tmp_path: Path, web_server: str) -> None:
    async with started_bot(tmp_path, web_server) as bot:
        bot.say("/follow Zbigniew Nobody")
        reply = await bot.reply(PRIVATE_CHAT, timeout=60)
        assert "Zbigniew Nobody" in reply.text and "tell you when it appears" in reply.text
        assert [f.name for f in await bot.runtime.follows.follows(PRIVATE_CHAT)] == ["Zbigniew Nobody"]

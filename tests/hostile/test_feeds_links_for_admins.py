"""/feeds in a group shows the feeds' addresses to its admins only (issue 20, section 3, as /export): a
member sees the titles and statuses with no link, no quoted address, no address inside an error. Through
the real Application and the strict Bot API server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from bot.ingest.fetcher import HTTPStatus
from bot.store.tables import Feed, utcnow
from tests.servers.botapi import SentMessage
from tests.servers.gated import GatedWebServer
from tests.telegram.conftest import PRIVATE_CHAT, RunningBot, started_bot

pytestmark = pytest.mark.slow
GROUP, OWNER, ADMIN, MEMBER = -100400, 4001, 4002, 4003


@pytest.fixture
async def bot(tmp_path: Path, web_server: str) -> AsyncIterator[RunningBot]:
    async with started_bot(tmp_path, web_server) as running:
        yield running


async def _feeds_as(bot: RunningBot, user: int) -> SentMessage:
    after = bot.last_id(GROUP)
    bot.say("/feeds", chat=GROUP, user=user)
    return await bot.reply(GROUP, lambda m: "Your feeds" in (m.text or ""), after=after)


async def _first_polls_done(bot: RunningBot, count: int) -> None:
    """A new feed's first poll runs in the background; it would overwrite the status the test sets."""
    for _ in range(600):
        async with bot.runtime.database.session() as session:
            polled = await session.scalar(select(func.count(Feed.id)).where(Feed.last_polled_at.is_not(None)))
        if polled == count:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the first polls did not finish")


def _links(message: SentMessage) -> list[str]:
    return [e["url"] for e in message.entities if e.get("type") == "text_link"]


async def test_feeds_in_a_group_links_the_addresses_for_admins_and_names_only_the_titles_to_members(
    bot: RunningBot, feeds: GatedWebServer
):
    bot.server.add_chat(GROUP, chat_type="supergroup", title="News room")
    bot.server.set_admins(GROUP, [OWNER, ADMIN])
    bot.server.add_user(MEMBER)
    working, failing = feeds.feed_url("working"), feeds.feed_url("failing")
    for url in (working, failing):
        after = bot.last_id(GROUP)
        bot.say(f"/subscribe {url}", chat=GROUP, user=ADMIN)
        await bot.reply(GROUP, lambda m: "Subscribed to" in (m.text or ""), after=after)
    await _first_polls_done(bot, 2)
    async with bot.runtime.database.session() as session:  # what the poller stores when the feed fails
        await session.execute(
            update(Feed)
            .where(Feed.url == failing)
            .values(
                failing_since=utcnow(),
                consecutive_failures=2,
                last_error=HTTPStatus(failing, 404).user_message,
            )
        )

    shown_to_admin = await _feeds_as(bot, ADMIN)
    shown_to_member = await _feeds_as(bot, MEMBER)
    await bot.idle()

    assert sorted(_links(shown_to_admin)) == sorted([working, failing])
    assert "404" in (shown_to_admin.text or "") and failing.removeprefix("http://") in (
        shown_to_admin.text or ""
    )
    member_sent = (shown_to_member.source or "") + repr(shown_to_member.entities)
    assert _links(shown_to_member) == [] and feeds.base_url.removeprefix("http://") not in member_sent
    assert "Gated working" in (shown_to_member.text or "") and "Gated failing" in (shown_to_member.text or "")
    assert "404 Not Found" in (shown_to_member.text or "")  # the status stays, without the address
    assert "administrators only" in (shown_to_member.text or "")
    assert bot.server.errors == [], bot.server.describe()


async def test_feeds_in_a_private_chat_links_every_address(bot: RunningBot, feeds: GatedWebServer):
    after = bot.last_id()
    bot.say(f"/subscribe {feeds.feed_url('mine')}")
    await bot.reply(PRIVATE_CHAT, lambda m: "Subscribed to" in (m.text or ""), after=after)
    after = bot.last_id()
    bot.say("/feeds")
    listed = await bot.reply(PRIVATE_CHAT, lambda m: "Your feeds" in (m.text or ""), after=after)
    assert _links(listed) == [feeds.feed_url("mine")] and "administrators only" not in (listed.text or "")

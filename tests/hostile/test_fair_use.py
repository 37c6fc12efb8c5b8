"""Fair use (issue 20, section 4): one user cannot stall the bot for everyone.

Through the real Application against the strict Bot API server, with a slow site on cue
(tests/servers/gated.py): its fetches are held until the test opens the gate, so "answered before any
fetch finished" is an order of events, never a duration.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.limits import JobSlots
from bot.opml import OpmlFeed, render_opml
from bot.telegram.fair_use import FAIR_USE_KEY, STILL_WORKING, FairUse
from tests.servers.gated import GatedWebServer
from tests.telegram.conftest import PRIVATE_CHAT, USER, RunningBot, started_bot

OTHER = 1002  # a second user, in a private chat of the same id


@pytest.fixture
def slow_site() -> Iterator[GatedWebServer]:
    with GatedWebServer() as site:
        yield site


@pytest.fixture
async def bot(tmp_path: Path, web_server: str) -> AsyncIterator[RunningBot]:
    async with started_bot(tmp_path, web_server, on_demand_per_minute=3) as running:
        yield running


def _texts(bot: RunningBot, chat: int, after: int = 0) -> list[str]:
    return [m.text or "" for m in bot.server.sent_messages(chat) if m.message_id > after]


def _fair_use(bot: RunningBot) -> FairUse:
    assert bot.application is not None
    return bot.application.bot_data[FAIR_USE_KEY]


def test_fair_use_job_slots_hold_at_most_n_per_user_and_free_them_on_release():
    slots = JobSlots(per_user=2)
    assert [slots.try_take(1), slots.try_take(1), slots.try_take(1)] == [True, True, False]
    assert slots.try_take(2)  # another user is not affected
    slots.release(1)
    assert slots.running(1) == 1 and slots.try_take(1)
    slots.release(1), slots.release(1), slots.release(2)
    assert (slots.running(1), slots.running(2)) == (0, 0)


@pytest.mark.slow
async def test_fair_use_a_third_job_is_told_still_working_and_others_are_answered_meanwhile(
    bot: RunningBot, slow_site: GatedWebServer
):
    for n in range(8):
        bot.say(f"/subscribe {slow_site.feed_url(f'a{n}')}")
    await bot.server.wait_for(lambda: _texts(bot, PRIVATE_CHAT).count(str(STILL_WORKING)) == 6, timeout=30)
    await bot.server.wait_for(lambda: slow_site.in_flight() == 2, timeout=30)

    after = bot.last_id(OTHER)
    bot.say("/help", chat=OTHER, user=OTHER)
    await bot.reply(OTHER, lambda m: "Commands" in (m.text or ""), after=after)
    after = bot.last_id()
    bot.say("/settings")  # the busy user's own cheap commands are not queued either
    panel = await bot.reply(PRIVATE_CHAT, lambda m: "Settings" in (m.text or ""), after=after)
    query = bot.server.push_callback(PRIVATE_CHAT, USER, "tl:Nobody", panel.message_id)  # a heavy button
    await bot.server.wait_for(lambda: not bot.server.unanswered_callbacks())
    pressed = next(q for q in bot.server.callback_queries() if q.query_id == query)
    assert pressed.answer_text == str(STILL_WORKING)
    assert slow_site.log.answered == []  # all of that happened while both fetches were still held

    slow_site.open()
    await bot.server.wait_for(lambda: sum("Subscribed to" in t for t in _texts(bot, PRIVATE_CHAT)) == 2)
    await bot.server.wait_for(lambda: _fair_use(bot).slots.running(USER) == 0)
    subscribed = {f.feed.url for f in await bot.runtime.subscriptions.for_chat(PRIVATE_CHAT)}
    assert subscribed == {f"{slow_site.base_url}{path}" for path in slow_site.log.arrived[:2]}
    after = bot.last_id()
    bot.say(f"/subscribe {slow_site.feed_url('later')}")  # the slots are free again
    await bot.reply(PRIVATE_CHAT, lambda m: "Subscribed to Gated later" in (m.text or ""), after=after)
    await bot.idle()
    assert bot.server.errors == [], bot.server.describe()


@pytest.mark.slow
async def test_fair_use_eight_slow_fetches_leave_help_start_and_settings_answered(
    bot: RunningBot, slow_site: GatedWebServer
):
    """Four users hold two fetches each, as many as the old eight update workers; a fifth user's /help,
    /start and /settings are still answered before any of those fetches finishes."""
    users = [3001, 3002, 3003, 3004]
    for user in users:
        for n in range(2):
            bot.say(f"/subscribe {slow_site.feed_url(f'{user}-{n}')}", chat=user, user=user)
    await bot.server.wait_for(lambda: slow_site.in_flight() == 8, timeout=30)

    for command, expected in [("/help", "Commands"), ("/start", "Welcome"), ("/settings", "Settings")]:
        after = bot.last_id(OTHER)
        bot.say(command, chat=OTHER, user=OTHER)
        await bot.reply(OTHER, lambda m, expected=expected: expected in (m.text or ""), after=after)
    assert slow_site.log.answered == []

    slow_site.open()
    for user in users:
        await bot.server.wait_for(lambda user=user: sum("Subscribed to" in t for t in _texts(bot, user)) == 2)
    await bot.idle()
    assert bot.server.errors == [], bot.server.describe()


@pytest.mark.slow
async def test_fair_use_buttons_and_commands_share_the_per_minute_limit(bot: RunningBot):
    """on_demand_per_minute is 3 here: three timeline taps use it up; the fourth tap and a /summary are
    both told to slow down, politely."""
    bot.say("/help")
    shown = await bot.reply(PRIVATE_CHAT, lambda m: "Commands" in (m.text or ""))
    for n in range(3):
        after = bot.last_id()
        bot.server.push_callback(PRIVATE_CHAT, USER, f"tl:Nobody{n}", shown.message_id)
        await bot.reply(PRIVATE_CHAT, lambda m: "no dated events" in (m.text or ""), after=after)
        await bot.server.wait_for(lambda: _fair_use(bot).slots.running(USER) == 0)
    query = bot.server.push_callback(PRIVATE_CHAT, USER, "chart:Nobody", shown.message_id)
    await bot.server.wait_for(lambda: not bot.server.unanswered_callbacks())
    limited = next(q for q in bot.server.callback_queries() if q.query_id == query)
    assert limited.answer_text is not None and "going fast" in limited.answer_text
    after = bot.last_id()
    bot.say(f"/summary {bot.web}/pages/bbc.com__readability-bbc-1.html")
    reply = await bot.reply(PRIVATE_CHAT, after=after)
    assert "going fast" in reply.text
    await bot.idle()
    assert not bot.server.calls("sendPhoto")
    assert bot.server.errors == [], bot.server.describe()


@pytest.mark.slow
async def test_fair_use_opml_import_runs_in_the_background_with_its_progress_in_one_message(
    bot: RunningBot, slow_site: GatedWebServer
):
    names = [f"opml{n}" for n in range(7)]
    opml = render_opml([OpmlFeed(slow_site.feed_url(name), f"Feed {name}", None) for name in names])
    bot.server.push_document(PRIVATE_CHAT, USER, "feeds.opml", opml)
    progress = await bot.reply(PRIVATE_CHAT, lambda m: "Importing your feeds" in (m.text or ""))
    await bot.server.wait_for(lambda: slow_site.in_flight() == 1, timeout=30)

    after = bot.last_id(OTHER)
    bot.say("/help", chat=OTHER, user=OTHER)
    await bot.reply(OTHER, lambda m: "Commands" in (m.text or ""), after=after)
    bot.say(f"/subscribe {slow_site.feed_url('beside')}")  # the import is one job: one more may run
    await bot.server.wait_for(lambda: slow_site.in_flight() == 2, timeout=30)
    after = bot.last_id()
    bot.say(f"/subscribe {slow_site.feed_url('third')}")
    await bot.reply(PRIVATE_CHAT, lambda m: m.text == str(STILL_WORKING), after=after)
    assert slow_site.log.answered == []

    slow_site.open()
    await bot.server.wait_for(
        lambda: "Importing" not in (bot.server.message(PRIVATE_CHAT, progress.message_id).text or "")
    )
    await bot.idle()
    final = bot.server.message(PRIVATE_CHAT, progress.message_id).text or ""
    assert "OPML import done: 7 added" in final, final
    edits = [
        c for c in bot.server.calls("editMessageText") if c.params.get("message_id") == progress.message_id
    ]
    assert any("5/7" in str(c.params.get("text")) for c in edits)
    assert sum("Importing your feeds" in t for t in _texts(bot, PRIVATE_CHAT)) == 0  # one message, edited
    subscribed = {f.feed.url for f in await bot.runtime.subscriptions.for_chat(PRIVATE_CHAT)}
    assert subscribed == {slow_site.feed_url(name) for name in [*names, "beside"]}
    assert bot.server.errors == [], bot.server.describe()

"""Whole conversations with the real bot over HTTP, against a strict local Bot API server."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable

import pytest

from bot.ingest.urls import normalise_url
from bot.opml import parse_opml
from bot.store.chats import get_chat
from bot.store.queries import article_by_url
from tests.servers.botapi import utf16_len
from tests.telegram.conftest import PRIVATE_CHAT, USER, RunningBot

pytestmark = pytest.mark.slow
GROUP, ADMIN, MEMBER = -100200, 2001, 2002


def _no_errors(bot: RunningBot) -> None:
    assert bot.server.errors == [], bot.server.describe()


async def test_start_subscribe_summary_and_timeline(running_bot: RunningBot):
    bot = running_bot
    bot.say("/start")
    welcome = await bot.reply(PRIVATE_CHAT, lambda m: "Welcome" in (m.text or ""))
    assert any(b.get("callback_data", "").startswith("def:") for b in welcome.buttons)
    schedule = next(b for b in welcome.buttons if b["callback_data"] == "settings")
    after = bot.last_id()
    bot.server.push_callback(PRIVATE_CHAT, USER, schedule["callback_data"], welcome.message_id)
    await bot.reply(PRIVATE_CHAT, lambda m: "Digest: daily at 08:00 (UTC)" in (m.text or ""), after=after)
    assert bot.server.commands(), "setMyCommands was not called"

    after = bot.last_id()
    bot.say(f"/subscribe {bot.web}/site/")
    done = await bot.reply(PRIVATE_CHAT, lambda m: "Subscribed to" in (m.text or ""), after=after)
    assert "Local fixture news" in done.text and "Newest:" in done.text

    after = bot.last_id()
    bot.say(f"/summary {bot.web}/pages/bbc.com__readability-bbc-1.html")
    briefing = await bot.reply(
        PRIVATE_CHAT, lambda m: "Obama" in (m.text or "") and "•" in (m.text or ""), after=after
    )
    assert ("People:" in briefing.text and "Barack Obama" in briefing.text) or "Obama" in briefing.text
    assert "Key dates" in briefing.text
    assert briefing.link_preview_disabled
    tl_buttons = [b for b in briefing.buttons if b.get("callback_data", "").startswith("tl:")]
    assert tl_buttons

    after = bot.last_id()
    bot.say("/timeline Obama")
    timeline = await bot.reply(PRIVATE_CHAT, lambda m: "Timeline: Obama" in (m.text or ""), after=after)
    dates = [line for line in timeline.text.splitlines() if " — " in line]
    assert dates, timeline.text
    picture = next(b for b in timeline.buttons if b["callback_data"].startswith("chart:"))
    after = bot.last_id()
    bot.server.push_callback(PRIVATE_CHAT, USER, picture["callback_data"], timeline.message_id)
    chart = await bot.reply(PRIVATE_CHAT, lambda m: m.photo is not None, after=after, timeout=60)
    assert chart.photo.content.startswith(b"\x89PNG")
    assert "Timeline of Obama" in chart.caption and len(chart.caption) <= 1024
    await bot.idle()
    _no_errors(bot)


async def test_summary_of_a_url_that_cannot_be_briefed_gets_a_polite_reply(running_bot: RunningBot):
    bot = running_bot
    for url, expected in [
        (f"{bot.web}/hostile/pdf", "PDF"),
        ("http://169.254.169.254/latest/meta-data/", None),
        (f"{bot.web}/hostile/status/404", "404"),
    ]:
        after = bot.last_id()
        bot.say(f"/summary {url}")
        reply = await bot.reply(PRIVATE_CHAT, after=after)
        assert "Traceback" not in (reply.text or "")
        if expected:
            assert expected in reply.text, reply.text
    await bot.idle()
    _no_errors(bot)


async def test_non_admin_in_a_group_is_refused_and_admin_is_not(running_bot: RunningBot):
    bot = running_bot
    bot.server.add_chat(GROUP, chat_type="supergroup", title="News room")
    bot.server.set_admins(GROUP, [ADMIN])
    bot.say(f"/subscribe {bot.web}/generated/local.rss", chat=GROUP, user=MEMBER, chat_type="supergroup")
    refusal = await bot.reply(GROUP, lambda m: "administrators" in (m.text or ""))
    assert "only" in refusal.text.lower()
    after = bot.last_id(GROUP)
    bot.say(f"/subscribe {bot.web}/generated/local.rss", chat=GROUP, user=ADMIN, chat_type="supergroup")
    await bot.reply(GROUP, lambda m: "Subscribed to" in (m.text or ""), after=after)
    await bot.idle()
    _no_errors(bot)


async def test_replies_stay_in_the_forum_topic(running_bot: RunningBot):
    bot = running_bot
    bot.server.add_chat(GROUP, chat_type="supergroup", title="Forum", is_forum=True)
    bot.say("/help", chat=GROUP, user=ADMIN, chat_type="supergroup", message_thread_id=77)
    reply = await bot.reply(GROUP, lambda m: "Commands" in (m.text or ""))
    assert reply.message_thread_id == 77
    _no_errors(bot)


async def test_opml_export_and_import_round_trip(running_bot: RunningBot):
    bot = running_bot
    bot.say(f"/subscribe {bot.web}/generated/local.rss")
    await bot.reply(PRIVATE_CHAT, lambda m: "Subscribed to" in (m.text or ""))
    bot.say("/export")
    exported = await bot.reply(PRIVATE_CHAT, lambda m: m.document is not None)
    feeds = parse_opml(exported.document.content)
    assert [f.url for f in feeds] == [f"{bot.web}/generated/local.rss"]

    other = 3003
    bot.server.push_document(other, other, "mine.opml", exported.document.content)
    result = await bot.reply(other, lambda m: "OPML import done" in (m.text or ""))
    assert "1 added" in result.text
    after = bot.last_id(other)
    bot.server.push_message(other, other, "/feeds")
    listing = await bot.reply(other, lambda m: "Your feeds" in (m.text or ""), after=after)
    assert "Local fixture news" in listing.text
    _no_errors(bot)


async def test_an_invalid_opml_file_gets_a_polite_answer_about_the_file(running_bot: RunningBot):
    bot = running_bot
    bot.server.push_document(PRIVATE_CHAT, USER, "feeds.opml", b"<html><body>not a feed list</body></html>")
    answer = await bot.reply(PRIVATE_CHAT, lambda m: "couldn't import that file" in (m.text or ""))
    assert "not OPML" in answer.text
    assert "went wrong on my side" not in answer.text
    bot.server.push_document(PRIVATE_CHAT, USER, "broken.opml", b"<opml><body><outline")
    broken = await bot.reply(
        PRIVATE_CHAT, lambda m: "not valid OPML" in (m.text or ""), after=answer.message_id
    )
    assert "couldn't import that file" in broken.text
    assert await bot.runtime.subscriptions.for_chat(PRIVATE_CHAT) == []


async def test_long_article_is_split_into_valid_messages(running_bot: RunningBot, tmp_path):
    bot = running_bot
    after = bot.last_id()
    bot.say(f"/summary {bot.web}/pages/edition.cnn.com-royal.html")
    await bot.reply(PRIVATE_CHAT, lambda m: "•" in (m.text or ""), after=after, timeout=60)
    for message in bot.server.sent_messages(PRIVATE_CHAT):
        assert utf16_len(message.text or "") <= 4096
    _no_errors(bot)


async def test_unknown_command_and_rate_limit_get_polite_answers(running_bot: RunningBot):
    bot = running_bot
    bot.say("/frobnicate")
    unknown = await bot.reply(PRIVATE_CHAT, lambda m: "/help" in (m.text or ""))
    assert "don't know" in unknown.text
    bot.runtime.limiter.per_minute = 1
    bot.say("/summary")
    await bot.reply(PRIVATE_CHAT, lambda m: "Nothing new" in (m.text or "") or "subscribe" in (m.text or ""))
    after = bot.last_id()
    bot.say("/summary")
    slow_down = await bot.reply(PRIVATE_CHAT, lambda m: "try again in" in (m.text or ""), after=after)
    assert "seconds" in slow_down.text
    _no_errors(bot)


async def test_bare_link_offers_summarize_and_subscribe_and_buttons_are_answered(running_bot: RunningBot):
    bot = running_bot
    bot.say(f"{bot.web}/pages/bbc.com.52241221.html")
    offer = await bot.reply(PRIVATE_CHAT, lambda m: "What should I do" in (m.text or ""))
    labels = [b["text"] for b in offer.buttons]
    assert labels == ["Summarize", "Subscribe"]
    after = bot.last_id()
    bot.server.push_callback(PRIVATE_CHAT, USER, offer.buttons[0]["callback_data"], offer.message_id)
    briefing = await bot.reply(PRIVATE_CHAT, lambda m: "New York" in (m.text or ""), after=after, timeout=60)
    assert "Places:" in briefing.text
    await bot.idle()
    _no_errors(bot)


async def test_hostile_title_comes_through_escaped_and_intact(running_bot: RunningBot):
    bot = running_bot
    bot.say(f"/summary {bot.web}/hostile/html-title")
    briefing = await bot.reply(PRIVATE_CHAT, lambda m: "Tom & Jerry" in (m.text or ""), timeout=60)
    assert '<script>alert("x")</script>' in briefing.text  # shown as text, not markup
    assert "🚀" in briefing.text
    assert "<script>" not in (briefing.source or "")  # escaped in the HTML the bot sent
    _no_errors(bot)


async def test_slow_page_gets_a_holding_reply_that_is_edited_with_the_result(running_bot: RunningBot):
    bot = running_bot
    bot.say(f"/summary {bot.web}/slow/pages/bbc.com.52241221.html?delay=3")
    holding = await bot.reply(PRIVATE_CHAT, lambda m: "Reading the page" in (m.text or "") or m.edits > 0)
    edited = await bot.server.wait_for(
        lambda: (m := bot.server.message(PRIVATE_CHAT, holding.message_id)).edits and m, timeout=60
    )
    assert "New York" in edited.text
    assert any(a.action == "typing" for a in bot.server.chat_actions)
    _no_errors(bot)


async def test_settings_keyboard_and_typed_time_zone(running_bot: RunningBot):
    bot = running_bot
    bot.say("/settings")
    panel = await bot.reply(PRIVATE_CHAT, lambda m: "Settings" in (m.text or ""))
    assert "daily at 08:00 (UTC)" in panel.text
    weekly = next(b for b in panel.buttons if b["callback_data"] == "set:cadence:weekly")
    bot.server.push_callback(PRIVATE_CHAT, USER, weekly["callback_data"], panel.message_id)
    await bot.server.wait_for(
        lambda: "weekly at" in (bot.server.message(PRIVATE_CHAT, panel.message_id).text or "")
    )
    zone = next(b for b in panel.buttons if b["callback_data"] == "set:timezone")
    after = bot.last_id()
    bot.server.push_callback(PRIVATE_CHAT, USER, zone["callback_data"], panel.message_id)
    await bot.reply(PRIVATE_CHAT, lambda m: "time zone" in (m.text or ""), after=after)
    after = bot.last_id()
    bot.say("Mars/Olympus_Mons")
    await bot.reply(PRIVATE_CHAT, lambda m: "don't know the time zone" in (m.text or ""), after=after)
    after = bot.last_id()
    bot.say("asia/tokyo")
    saved = await bot.reply(PRIVATE_CHAT, lambda m: "Saved" in (m.text or ""), after=after)
    assert "(Asia/Tokyo)" in saved.text
    await bot.idle()
    _no_errors(bot)


async def test_channel_is_managed_from_a_private_chat_by_its_admin(running_bot: RunningBot):
    bot = running_bot
    channel = -100777
    bot.server.add_chat(channel, chat_type="channel", title="Daily Wire", username="dailywire")
    bot.server.set_admins(channel, [USER, bot.server.bot_id])
    bot.say("/manage @dailywire")
    await bot.reply(PRIVATE_CHAT, lambda m: "Now managing" in (m.text or ""))
    after = bot.last_id()
    bot.say(f"/subscribe {bot.web}/generated/local.rss")
    await bot.reply(PRIVATE_CHAT, lambda m: "Subscribed to" in (m.text or ""), after=after)
    feeds = await bot.runtime.subscriptions.for_chat(channel)
    assert [f.feed.url for f in feeds] == [f"{bot.web}/generated/local.rss"]
    assert await bot.runtime.subscriptions.for_chat(PRIVATE_CHAT) == []

    outsider = 4004
    bot.server.push_message(outsider, outsider, "/manage @dailywire")
    await bot.reply(outsider, lambda m: "Only the channel's admins" in (m.text or ""))
    _no_errors(bot)


async def test_stop_unsubscribes_everything_and_says_so(running_bot: RunningBot):
    bot = running_bot
    bot.say(f"/subscribe {bot.web}/generated/local.rss")
    await bot.reply(PRIVATE_CHAT, lambda m: "Subscribed to" in (m.text or ""))
    after = bot.last_id()
    bot.say("/stop")
    done = await bot.reply(PRIVATE_CHAT, lambda m: "unsubscribed from 1 feed" in (m.text or ""), after=after)
    assert "No more digests" in done.text
    assert await bot.runtime.subscriptions.for_chat(PRIVATE_CHAT) == []
    _no_errors(bot)


async def test_summary_without_url_gives_unseen_articles_then_timeline_buttons_and_mute(
    running_bot: RunningBot,
):
    bot = running_bot
    bot.say(f"/subscribe {bot.web}/generated/local.rss")
    await bot.reply(PRIVATE_CHAT, lambda m: "Subscribed to" in (m.text or ""))
    await _wait_for_articles(bot, 4)

    after = bot.last_id()
    bot.say("/summary 2")
    await bot.server.wait_for(lambda: len(_briefings_after(bot, after)) == 2, timeout=30)
    first_two = _briefings_after(bot, after)
    assert all(any(b["callback_data"].startswith("mute:") for b in m.buttons) for m in first_two)

    after = bot.last_id()
    bot.say("/summary 5")
    await bot.server.wait_for(lambda: len(_briefings_after(bot, after)) == 2, timeout=30)
    titles = {m.text.splitlines()[0] for m in first_two}
    assert titles.isdisjoint({m.text.splitlines()[0] for m in _briefings_after(bot, after)})

    mute = next(b for b in first_two[0].buttons if b["callback_data"].startswith("mute:"))
    bot.server.push_callback(PRIVATE_CHAT, USER, mute["callback_data"], first_two[0].message_id)
    await bot.idle()
    assert [f.muted for f in await bot.runtime.subscriptions.for_chat(PRIVATE_CHAT)] == [True]

    after = bot.last_id()
    bot.say("/timeline")
    offer = await bot.reply(PRIVATE_CHAT, lambda m: "Whose timeline" in (m.text or ""), after=after)
    assert offer.buttons and all(b["callback_data"].startswith("tl:") for b in offer.buttons)
    after = bot.last_id()
    bot.say("/feeds")
    listing = await bot.reply(PRIVATE_CHAT, lambda m: "Your feeds" in (m.text or ""), after=after)
    assert "(muted) — working" in listing.text
    _no_errors(bot)


def _briefings_after(bot: RunningBot, after: int) -> list:
    return [
        m for m in bot.server.sent_messages(PRIVATE_CHAT) if m.message_id > after and "•" in (m.text or "")
    ]


async def _wait_for_articles(bot: RunningBot, count: int) -> None:
    from bot.store.queries import count_articles

    async def stored() -> int:
        async with bot.runtime.database.session() as session:
            return await count_articles(session)

    async def enough() -> bool:
        return await stored() >= count

    await _until(enough, f"{count} articles stored")


async def _until(check: Callable[[], Awaitable[bool]], what: str, *, seconds: float = 60) -> None:
    """Wait for something the bot does in the background (a poll, a handler's database write)."""
    for _ in range(int(seconds * 10)):
        if await check():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"still not true after {seconds} s: {what}")


async def _muted(bot: RunningBot, chat: int) -> list[bool]:
    return [s.muted for s in await bot.runtime.subscriptions.for_chat(chat)]


async def test_digest_now_delivers_new_articles_once_and_filters_apply(running_bot: RunningBot):
    bot = running_bot
    after = bot.last_id()
    bot.say("/digest")
    await bot.reply(PRIVATE_CHAT, lambda m: "Nothing new" in (m.text or ""), after=after)
    bot.say(f"/subscribe {bot.web}/generated/local.rss")
    await bot.reply(PRIVATE_CHAT, lambda m: "Subscribed to" in (m.text or ""))
    await _wait_for_articles(bot, 4)

    after = bot.last_id()
    bot.say('/filter -"zzz-never-present"')
    await bot.reply(PRIVATE_CHAT, after=after)
    after = bot.last_id()
    bot.say("/digest")
    digest = await bot.reply(
        PRIVATE_CHAT, lambda m: "Key:" in (m.text or "") or "•" in (m.text or ""), after=after, timeout=60
    )
    assert "Local fixture news" in digest.text or "http" in (digest.source or "")
    after = bot.last_id()
    bot.say("/digest")
    await bot.reply(PRIVATE_CHAT, lambda m: "Nothing new" in (m.text or ""), after=after)
    await bot.idle()
    _no_errors(bot)


async def test_summary_length_and_language_settings_shape_replies_and_digests(running_bot: RunningBot):
    bot = running_bot
    page = f"{bot.web}/pages/bbc.com__readability-bbc-1.html"

    def bullets(text: str | None) -> int:
        return sum(line.startswith("• ") for line in (text or "").splitlines())

    await bot.runtime.chats.update_setting(PRIVATE_CHAT, "length", "5")
    await bot.runtime.chats.update_setting(PRIVATE_CHAT, "language", "de")
    after = bot.last_id()
    bot.say(f"/summary {page}")
    long = await bot.reply(
        PRIVATE_CHAT, lambda m: bullets(m.text) > 0 and "Reading" not in m.text, after=after
    )
    assert bullets(long.text) == 5
    assert "Wichtige Daten" in long.text and "Key dates" not in long.text

    await bot.runtime.chats.update_setting(PRIVATE_CHAT, "length", "3")
    await bot.runtime.chats.update_setting(PRIVATE_CHAT, "language", "en")
    after = bot.last_id()
    bot.say(f"/summary {page}")  # stored now: the same briefing, shown at this chat's length
    short = await bot.reply(PRIVATE_CHAT, lambda m: bullets(m.text) > 0, after=after)
    assert bullets(short.text) == 3 and "Key dates" in short.text
    assert [line for line in short.text.splitlines() if line.startswith("• ")] == [
        line for line in long.text.splitlines() if line.startswith("• ")
    ][:3]

    await bot.runtime.chats.update_setting(PRIVATE_CHAT, "language", "de")
    after = bot.last_id()
    bot.say("/digest")
    await bot.reply(
        PRIVATE_CHAT, lambda m: "Nichts Neues seit deinem letzten Überblick" in (m.text or ""), after=after
    )
    bot.say(f"/subscribe {bot.web}/generated/local.rss")
    await bot.reply(PRIVATE_CHAT, lambda m: "Local fixture news abonniert" in (m.text or ""))
    await _wait_for_articles(bot, 4)
    after = bot.last_id()
    bot.say("/digest")
    digest = await bot.reply(
        PRIVATE_CHAT, lambda m: "Dein Überblick (auf Anfrage)" in (m.text or ""), after=after
    )
    assert "Your digest" not in digest.text
    after = bot.last_id()
    bot.say("/settings")
    panel = await bot.reply(PRIVATE_CHAT, lambda m: "Einstellungen" in (m.text or ""), after=after)
    assert "Länge der Zusammenfassung: 3 Sätze" in panel.text
    await bot.idle()
    _no_errors(bot)


async def test_a_user_who_blocked_the_bot_gets_the_subscriptions_back_on_start_without_the_backlog(
    running_bot: RunningBot,
):
    bot = running_bot
    bot.say(f"/subscribe {bot.web}/generated/local.rss")
    await bot.reply(PRIVATE_CHAT, lambda m: "Subscribed to" in (m.text or ""))
    await _wait_for_articles(bot, 4)
    bot.server.block(PRIVATE_CHAT)
    bot.say("/digest")  # its answer and the digest itself meet "bot was blocked by the user"

    async def gone() -> bool:
        async with bot.runtime.database.session() as session:
            chat = await get_chat(session, PRIVATE_CHAT)
        return chat is not None and not chat.active

    await _until(gone, "the chat deactivated")
    assert await _muted(bot, PRIVATE_CHAT) == [True]

    bot.server.unblock(PRIVATE_CHAT)
    after = bot.last_id()
    bot.say("/start")
    back = await bot.reply(PRIVATE_CHAT, lambda m: "Welcome back" in (m.text or ""), after=after)
    assert "1 subscription is on again" in back.text
    assert await _muted(bot, PRIVATE_CHAT) == [False]
    after = bot.last_id()
    bot.say("/digest")
    await bot.reply(PRIVATE_CHAT, lambda m: "Nothing new" in (m.text or ""), after=after)
    assert {e.description for e in bot.server.errors} == {"Forbidden: bot was blocked by the user"}


async def test_keyword_filters_are_managed_from_the_settings_panel(running_bot: RunningBot):
    bot = running_bot
    bot.say("/settings")
    panel = await bot.reply(PRIVATE_CHAT, lambda m: "Settings" in (m.text or ""))
    button = next(b for b in panel.buttons if b["callback_data"] == "set:filters")
    after = bot.last_id()
    bot.server.push_callback(PRIVATE_CHAT, USER, button["callback_data"], panel.message_id)
    await bot.reply(PRIVATE_CHAT, lambda m: "Filters" in (m.text or "") and "+word" in m.text, after=after)

    after = bot.last_id()
    bot.say('-sport +"climate change"')
    saved = await bot.reply(PRIVATE_CHAT, lambda m: "Saved" in (m.text or ""), after=after)
    assert "climate change" in saved.text and "sport" in saved.text
    delivery = bot.runtime.delivery
    assert {f.label() for f in await delivery.filters(PRIVATE_CHAT)} == {'+"climate change"', "-sport"}

    remove = next(b for b in saved.buttons if b["text"] == "✕ -sport")
    bot.server.push_callback(PRIVATE_CHAT, USER, remove["callback_data"], saved.message_id)
    await bot.server.wait_for(
        lambda: "sport" not in (bot.server.message(PRIVATE_CHAT, saved.message_id).text or "")
    )
    assert {f.label() for f in await delivery.filters(PRIVATE_CHAT)} == {'+"climate change"'}

    after = bot.last_id()
    bot.say(f"{bot.web}/pages/bbc.com__readability-bbc-1.html")  # a link after the panel is just a link
    await bot.reply(PRIVATE_CHAT, lambda m: any(b.get("text") == "Summarize" for b in m.buttons), after=after)
    await bot.idle()
    _no_errors(bot)


async def test_a_block_reported_by_telegram_pauses_at_once_and_the_unblock_resumes(running_bot: RunningBot):
    bot = running_bot
    bot.say(f"/subscribe {bot.web}/generated/local.rss")
    await bot.reply(PRIVATE_CHAT, lambda m: "Subscribed to" in (m.text or ""))

    async def paused() -> bool:
        return await _muted(bot, PRIVATE_CHAT) == [True]

    bot.server.change_bot_status(PRIVATE_CHAT, USER, "kicked")  # the user blocked the bot
    await _until(paused, "the feed paused")

    after = bot.last_id()
    bot.server.change_bot_status(PRIVATE_CHAT, USER, "member")  # and unblocked it
    back = await bot.reply(PRIVATE_CHAT, lambda m: "Welcome back" in (m.text or ""), after=after)
    assert "1 subscription is on again" in back.text
    assert await _muted(bot, PRIVATE_CHAT) == [False]
    await bot.idle()
    _no_errors(bot)  # nothing was sent while the bot was blocked


async def test_a_group_that_removes_the_bot_and_adds_it_back_gets_its_feeds_again(running_bot: RunningBot):
    bot = running_bot
    bot.server.add_chat(GROUP, chat_type="supergroup", title="Newsroom")
    bot.server.set_admins(GROUP, [ADMIN])
    bot.say(f"/subscribe {bot.web}/generated/local.rss", chat=GROUP, user=ADMIN, chat_type="supergroup")
    await bot.reply(GROUP, lambda m: "Subscribed to" in (m.text or ""))

    async def paused() -> bool:
        return await _muted(bot, GROUP) == [True]

    bot.server.change_bot_status(GROUP, ADMIN, "left")
    await _until(paused, "the group's feed paused")

    after = bot.last_id(GROUP)
    bot.server.change_bot_status(GROUP, ADMIN, "administrator")
    await bot.reply(GROUP, lambda m: "Welcome back" in (m.text or ""), after=after)
    assert await _muted(bot, GROUP) == [False]
    _no_errors(bot)


async def test_a_group_upgraded_to_a_supergroup_keeps_its_feeds_and_settings_under_the_new_id(
    running_bot: RunningBot,
):
    bot = running_bot
    old, new = -4001, -1004001
    bot.server.add_chat(old, chat_type="group", title="Newsroom")
    bot.server.set_admins(old, [ADMIN])
    bot.say(f"/subscribe {bot.web}/generated/local.rss", chat=old, user=ADMIN, chat_type="group")
    await bot.reply(old, lambda m: "Subscribed to" in (m.text or ""))
    await bot.runtime.chats.update_setting(old, "cadence", "weekly")

    bot.server.migrate(old, new)
    bot.server.change_bot_status(new, ADMIN, "member")  # Telegram announces the bot in the supergroup
    bot.server.push_update(
        "message",
        {"message_id": 9001, "date": 0, "chat": {"id": old, "type": "group", "title": "Newsroom"},
         "from": {"id": ADMIN, "is_bot": False, "first_name": "Ada"}, "migrate_to_chat_id": new},
    )  # fmt: skip

    async def moved() -> bool:
        return len(await bot.runtime.subscriptions.for_chat(new)) == 1

    await _until(moved, "the feed moved to the supergroup")
    assert await bot.runtime.subscriptions.for_chat(old) == []
    assert (await bot.runtime.chats.settings_of(new)).cadence == "weekly"
    await bot.idle()
    _no_errors(bot)


async def test_timeline_labels_full_sentences_and_bad_queries_answered_politely(running_bot: RunningBot):
    """The 2016 seed page (its own date in its metadata) briefed on demand, then /timeline: short labels
    with the page's years, whole sentences on a tap; a typo gets the closest names as buttons; a pasted
    1,000-character text or HTML gets one polite line."""
    bot = running_bot
    bot.say(f"/summary {bot.web}/dated/meta.html")
    await bot.reply(PRIVATE_CHAT, lambda m: "Abe" in (m.text or "") and "•" in (m.text or ""), timeout=60)
    async with bot.runtime.database.session() as session:
        stored = await article_by_url(session, normalise_url(f"{bot.web}/dated/meta.html"))
    assert stored is not None and (stored.page_published, stored.dated_by) == (dt.date(2016, 9, 13), "page")

    after = bot.last_id()
    bot.say("/timeline Putin")
    timeline = await bot.reply(PRIVATE_CHAT, lambda m: "Timeline: Putin" in (m.text or ""), after=after)
    entries = [line for line in timeline.text.splitlines() if " — " in line]
    assert "2 – 3 Sept 2016" in timeline.text and "15 Dec 2016" in timeline.text, timeline.text
    assert all(len(line.split(" — ", 1)[1].split()) <= 16 for line in entries), entries
    full = next(b for b in timeline.buttons if b["callback_data"].startswith("tlfull:"))
    after = bot.last_id()
    bot.server.push_callback(PRIVATE_CHAT, USER, full["callback_data"], timeline.message_id)
    sentences = await bot.reply(PRIVATE_CHAT, lambda m: "Timeline: Putin" in (m.text or ""), after=after)
    assert "on the sidelines of the Eastern Economic Forum" in sentences.text
    assert not any(b["callback_data"].startswith("tlfull:") for b in sentences.buttons)

    after = bot.last_id()
    bot.say("/timeline Puttin")
    offer = await bot.reply(PRIVATE_CHAT, after=after)
    assert "no dated events about Puttin" in offer.text and "Did you mean" in offer.text
    putin = next(b for b in offer.buttons if "Putin" in b["text"])
    after = bot.last_id()
    bot.server.push_callback(PRIVATE_CHAT, USER, putin["callback_data"], offer.message_id)
    await bot.reply(PRIVATE_CHAT, lambda m: "Timeline: Vladimir Putin" in (m.text or ""), after=after)

    for query, expected in [("x" * 1000, "too long"), ("<b>Putin</b> <i>visit</i>", "not HTML")]:
        after = bot.last_id()
        bot.say(f"/timeline {query}")
        refusal = await bot.reply(PRIVATE_CHAT, after=after)
        assert expected in refusal.text and "\n" not in refusal.text, refusal.text
    await bot.idle()
    _no_errors(bot)

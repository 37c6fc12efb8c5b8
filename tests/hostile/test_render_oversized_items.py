"""Oversized fields, rendering side (issue 20 §1): one item whose title was 5 MB became about 1,220
Telegram messages in a digest and in `/summary 10`. Rendering is safe on its own, for rows already stored:
every field is cut, and no single item ever spans more than one message."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from bot.delivery.digest import Digest, DigestItem
from bot.i18n import translator
from bot.store import chats as chat_queries
from bot.store.queries import NewArticle, add_feed, store_article
from bot.telegram import render
from summarizers.briefing import Briefing, Entity, Event, SummarySentence
from summarizers.timeline import Timeline, TimelineEntry, TimelineSource
from tests.servers.botapi import MAX_TEXT_UTF16, parse_telegram_html, utf16_len
from tests.telegram.conftest import PRIVATE_CHAT, RunningBot, running_bot  # noqa: F401  (the fixture)

EN = translator("en")

MB = 1_000_000
HUGE = "Huge " + "ti&tle<" * (5 * MB // 7)  # 5 MB, with the characters an escape must handle
WORDLESS = "😀" * (MB // 4)


def monstrous_briefing(n: int) -> Briefing:
    """Every field a row can hold, far past anything sensible."""
    return Briefing(
        title=f"{n} {HUGE}",
        url=f"https://news.example.org/{n}/" + "p" * MB,
        source="Source " + "s" * MB,
        language="en",
        published=dt.date(2026, 12, 1),
        published_inferred=False,
        summary=(
            *(SummarySentence(f"Sentence {i} " + "word " * (MB // 5), i) for i in range(5)),
            SummarySentence(WORDLESS, 9),
        ),
        entities=tuple(
            Entity(f"Name{i} " + "n" * MB, kind, 9 - i)
            for i, kind in enumerate(
                ["person", "person", "person", "organization", "place", "place", "other"]
            )
        ),
        events=(
            *(Event(f"2026-12-0{i + 1}", "day", "x" * MB, "Event sentence " + "e" * MB) for i in range(5)),
            Event("not-a-date" * MB, "day", "?", "a stored value that is not a date"),
        ),
        method="m" * MB,
        notes=tuple("note " * MB for _ in range(10)),
    )


def _one_message_each(messages: list[str]) -> list[str]:
    texts = [parse_telegram_html(m).text for m in messages]
    assert all(utf16_len(t) <= MAX_TEXT_UTF16 for t in texts)
    return texts


def test_a_monstrous_briefing_is_one_valid_message():
    [text] = _one_message_each(render.render_briefing(monstrous_briefing(1)))
    assert text.startswith("1 Huge ti&tle<") and "Sentence 0" in text


def test_every_digest_item_stays_within_one_message():
    items = [
        DigestItem(
            n, n, n, f"Feed {n} " + "f" * MB, monstrous_briefing(n), dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
        )
        for n in range(1, 4)
    ]
    digest = Digest(shown=tuple(items), more=tuple(items))
    for messages in (
        render.render_digest(digest, heading="Your digest"),
        render.render_more(items),
    ):
        texts = _one_message_each(messages)
        assert len(texts) <= len(items) + 1
        for n in range(1, 4):
            holding = [t for t in texts if f"• {n} Huge" in t]
            assert len(holding) == 1 and f"Name{n - 1}"[:4] in holding[0]


def test_timeline_entries_with_monstrous_fields_stay_one_message_each():
    sources = tuple(TimelineSource("t" * MB, "https://e.org/" + "u" * MB, None) for _ in range(50))
    entries = tuple(
        TimelineEntry("2026-12-01", None, "day", f"Entry {i} " + "w " * MB, sources, event_label="l " * MB)
        for i in range(3)
    )
    for full in (False, True):
        texts = _one_message_each(
            render.render_timeline(Timeline("q" * MB, entries), EN, full_sentences=full)
        )
        assert all(sum(f"Entry {i}" in t or "l l l" in t for t in texts) >= 1 for i in range(3))
        assert len(texts) <= 4
    caption = render.chart_caption(Timeline("😀" * MB, entries), EN)
    assert utf16_len(parse_telegram_html(caption).text) <= 1024


def test_bot_replies_about_feeds_with_monstrous_titles_are_one_message():
    class Result:
        new, title, url = True, HUGE, "https://e.org/" + "u" * MB
        newest_headline, newest_link = HUGE, "https://e.org/a"
        topic_id = 2**31 - 1  # sent in a forum topic: one more line

    _one_message_each([render.subscribed(Result(), EN)])  # type: ignore[arg-type]
    _one_message_each([render.feed_switched_off(HUGE, "https://e.org/feed", "reason " * MB, EN)])


async def _store_monstrous_articles(bot: RunningBot, count: int) -> None:
    database = bot.runtime.database
    async with database.session() as session:
        await chat_queries.register_chat(session, PRIVATE_CHAT, "private", None)
        feed, _ = await add_feed(session, "https://feeds.example.org/monster.xml", title="Feed " + "f" * MB)
        await chat_queries.subscribe_chat(session, PRIVATE_CHAT, feed.id)
    for n in range(1, count + 1):
        briefing = monstrous_briefing(n)
        record = NewArticle(
            feed_id=feed.id,
            guid=None,
            url=briefing.url,
            normalised_url=briefing.url,
            content_hash=hashlib.sha256(str(n).encode()).hexdigest(),
            title=briefing.title,
            source=briefing.source,
            published=dt.datetime(2026, 12, 1, n, tzinfo=dt.UTC),
            text=f"Article {n}.",
        )
        async with database.session() as session:
            await store_article(session, record, briefing)


@pytest.mark.slow
async def test_summary_10_of_monstrous_stored_items_sends_one_message_per_item(
    running_bot: RunningBot,  # noqa: F811
):
    bot = running_bot
    await _store_monstrous_articles(bot, 3)
    after = bot.last_id()
    bot.say("/summary 10")
    await bot.server.wait_for(
        lambda: len([m for m in bot.server.sent_messages(PRIVATE_CHAT) if m.message_id > after]) >= 3,
        timeout=60,
    )
    await bot.idle()
    sent = [m for m in bot.server.sent_messages(PRIVATE_CHAT) if m.message_id > after]
    assert len(sent) == 3, [m.text[:80] for m in sent]
    assert all(utf16_len(m.text) <= MAX_TEXT_UTF16 for m in sent)
    assert bot.server.errors == [], bot.server.describe()


@pytest.mark.slow
async def test_a_digest_of_monstrous_stored_items_is_a_few_messages(running_bot: RunningBot):  # noqa: F811
    bot = running_bot
    await _store_monstrous_articles(bot, 3)
    after = bot.last_id()
    bot.say("/digest")
    await bot.reply(PRIVATE_CHAT, lambda m: "• 3 Huge" in (m.text or ""), after=after, timeout=60)
    await bot.idle()
    sent = [m for m in bot.server.sent_messages(PRIVATE_CHAT) if m.message_id > after]
    assert 1 <= len(sent) <= 4, [m.text[:80] for m in sent]
    shown = [len([m for m in sent if f"• {n} Huge" in (m.text or "")]) for n in range(1, 4)]
    assert max(shown) == 1, [m.text[:300] for m in sent]  # each item shown is in one message only
    assert all(utf16_len(m.text) <= MAX_TEXT_UTF16 for m in sent)
    assert bot.server.errors == [], bot.server.describe()

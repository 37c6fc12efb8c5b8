"""Inline sharing (issue 18, section 4): `@bot URL` and `@bot words` in any chat, through the real Application
and the strict Bot API server, which checks every answer as Telegram does (50 results, unique ids, valid
HTML within 4,096 units, one answer within 10 seconds) and records what the user was offered. The store is
read on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.store.chats import ensure_chat, subscribe_chat
from bot.store.engine import Database
from bot.store.queries import add_feed
from summarizers import Briefing
from summarizers.briefing import Event
from tests.bot.test_timelines import store_briefing
from tests.conftest import make_briefing
from tests.servers.botapi import InlineQueryRecord, OfferedResult, keyboard_buttons
from tests.servers.web import FixtureSite
from tests.summarizers.timeline_set import KREMLIN, summit_briefings
from tests.telegram.conftest import PRIVATE_CHAT, USER, RunningBot, started_bot

pytestmark = pytest.mark.slow
OTHER_USER = 2002
_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")


async def _ask(bot: RunningBot, query: str, *, user: int = USER) -> InlineQueryRecord:
    query_id = bot.server.push_inline_query(user, query)
    return await bot.server.wait_for_inline_answer(query_id, timeout=30)


def _deep_link(result: OfferedResult, bot: RunningBot) -> str:
    """The /start payload of the result's "Full timeline" button, checked as Telegram would take it."""
    (button,) = keyboard_buttons(result.reply_markup)
    link = urlsplit(button["url"])
    assert (link.scheme, link.netloc, link.path) == ("https", "t.me", f"/{bot.server.bot_username}")
    (payload,) = parse_qs(link.query)["start"]
    assert _PAYLOAD.fullmatch(payload), payload
    return payload


async def _feed_article(database: Database, chat_id: int, feed_url: str, briefing: Briefing) -> int:
    """An article of a feed `chat_id` subscribes to, briefed and stored."""
    async with database.session() as session:
        feed, _ = await add_feed(session, feed_url, title=f"Feed {feed_url[-6:]}")
        await ensure_chat(session, chat_id)
        await subscribe_chat(session, chat_id, feed.id)
    return await store_briefing(database, briefing, feed_id=feed.id)


async def test_a_briefed_page_is_offered_from_the_store_and_its_button_opens_the_story_timeline(
    tmp_path: Path, web_server: str, db_url: str
) -> None:
    async with started_bot(tmp_path, web_server, database_url=db_url) as bot:
        seed, *follow_ups = summit_briefings()
        story = await store_briefing(bot.runtime.database, seed)
        for briefing in follow_ups:
            await store_briefing(bot.runtime.database, briefing, story_id=story)

        answer = await _ask(bot, KREMLIN)
        (result,) = answer.results
        kremlin = next(b for b in summit_briefings() if b.url == KREMLIN)
        assert result.title == kremlin.title and result.type == "article"
        assert result.text is not None and result.text.startswith(kremlin.title or "-"), result.text
        assert "Key dates" in result.text and "15 Dec 2016" in result.text, result.text
        assert answer.is_personal and answer.answered_after is not None and answer.answered_after < 10
        assert bot.server.calls("sendMessage") == []  # nothing was sent to any chat: only offered
        commented = await _ask(bot, f"{KREMLIN}  worth a read")  # words after the link: still the page
        assert [r.id for r in commented.results] == [result.id]

        payload = _deep_link(result, bot)
        bot.say(f"/start {payload}")
        timeline = await bot.reply(PRIVATE_CHAT, lambda m: "Timeline" in (m.text or ""), timeout=60)
        assert timeline.text.splitlines()[0] == f"Timeline: {kremlin.title}", timeline.text
        assert "15 Dec 2016" in timeline.text and "2 – 3 Sept 2016" in timeline.text, timeline.text
        assert "Welcome" not in timeline.text
        after = bot.last_id()
        bot.say("/start story_999999")  # a story since pruned
        gone = await bot.reply(PRIVATE_CHAT, after=after)
        assert gone.text == "That story is no longer stored. Send /timeline NAME for what I have."
        await bot.idle()
        assert bot.server.errors == [], bot.server.describe()


async def test_words_offer_the_matching_briefings_of_the_users_own_feeds_only(
    tmp_path: Path, web_server: str, db_url: str
) -> None:
    async with started_bot(tmp_path, web_server, database_url=db_url) as bot:
        db = bot.runtime.database
        harbour = make_briefing(
            title="Harbour strike ends in Rotterdam",
            url="https://port.example/strike-ends",
            sentences=("Dockers in Rotterdam went back to work on Monday.",),
            events=(Event("2023-01-02", "day", "2 January", "Dockers went back to work on 2 January."),),
        )
        mine = await _feed_article(db, USER, "https://port.example/feed.xml", harbour)
        for n in range(3):  # the newest first, all of them within Telegram's 50
            later = make_briefing(
                title=f"Harbour cranes, part {n}",
                url=f"https://port.example/cranes-{n}",
                sentences=("Cranes.",),
            )
            await _feed_article(db, USER, "https://port.example/feed.xml", later)
        theirs = make_briefing(title="Harbour fees rise", url="https://elsewhere.example/fees")
        await _feed_article(db, OTHER_USER, "https://elsewhere.example/feed.xml", theirs)
        await store_briefing(db, make_briefing(title="Harbour tour", url="https://nobody.example/tour"))

        answer = await _ask(bot, "  harbour  ")
        titles = [r.title for r in answer.results]
        assert sorted(titles) == sorted(
            ["Harbour strike ends in Rotterdam"] + [f"Harbour cranes, part {n}" for n in range(3)]
        ), titles
        assert len({r.id for r in answer.results}) == len(answer.results)
        strike = next(r for r in answer.results if r.title == harbour.title)
        assert strike.description == "Dockers in Rotterdam went back to work on Monday."
        assert _deep_link(strike, bot) == f"story_{mine}"
        assert "Key dates" in (strike.text or "")

        narrowed = await _ask(bot, "rotterdam")
        assert [r.title for r in narrowed.results] == [harbour.title]
        other = await _ask(bot, "harbour fees", user=OTHER_USER)
        assert [r.title for r in other.results] == ["Harbour fees rise"]
        newest = await _ask(bot, "")  # nothing typed yet: the user's feeds' newest briefings
        assert sorted(r.title for r in newest.results) == sorted(titles)
        (hint,) = (await _ask(bot, "", user=OTHER_USER + 1)).results  # a user without feeds
        assert hint.title == "Share a briefing" and (hint.text or "").startswith("Type a link"), hint
        assert bot.server.errors == [], bot.server.describe()


async def test_words_that_match_nothing_get_one_result_saying_so_in_the_users_language(
    running_bot: RunningBot,
) -> None:
    bot = running_bot
    cases = {
        "en": "No briefing from your feeds matches",
        "de": "Keine Zusammenfassung",
        "pt-br": "Nenhum resumo",
    }
    for n, (language, expected) in enumerate(cases.items()):
        user = 3000 + n
        bot.server.add_user(user, language_code=language)
        answer = await _ask(bot, "zebra crossing", user=user)
        (result,) = answer.results
        assert result.text is not None and result.text.startswith(expected), (language, result.text)
        assert "zebra crossing." in result.text and answer.cache_time == 0 and answer.is_personal
    bot.server.add_user(3100, language_code="xx")
    (result,) = (await _ask(bot, "zebra", user=3100)).results
    assert (result.text or "").startswith("No briefing from your feeds matches"), result.text
    assert bot.server.errors == [], bot.server.describe()


async def test_a_page_not_yet_briefed_gets_a_reading_placeholder_then_its_briefing(
    running_bot: RunningBot, web_site: FixtureSite
) -> None:
    bot = running_bot
    url = f"{bot.web}/slow/pages/bbc.com__readability-bbc-1.html?delay=8"
    first = await _ask(bot, url)
    (placeholder,) = first.results
    assert placeholder.id == "reading" and placeholder.title == "Reading the page…"
    assert first.cache_time == 0 and first.is_personal
    assert first.answered_after is not None and first.answered_after < 10
    assert (placeholder.text or "").startswith("I am still reading"), placeholder.text
    again = await _ask(bot, url + " ")  # typed on while the page is read: the same fetch, not a second
    assert [r.id for r in again.results] == ["reading"]

    await bot.server.wait_for(lambda: _briefed(bot, url), timeout=90)
    assert web_site.hits_under("/slow/pages/") == 1
    stored = await bot.runtime.briefings.stored_for_url(url)
    assert stored is not None
    (result,) = (await _ask(bot, url + "  ")).results
    assert result.id == f"a{stored.article_id}" and result.title == stored.briefing.title
    assert (result.text or "").startswith(stored.briefing.title or "-")
    assert _deep_link(result, bot) == f"story_{stored.article_id}"
    assert bot.server.errors == [], bot.server.describe()


def _briefed(bot: RunningBot, url: str) -> bool:
    background = bot.application.bot_data["background_briefings"] if bot.application else None
    return background is not None and background.pending(url) is None


async def test_an_inline_link_is_fetched_through_the_summary_guard_and_its_refusal_is_told(
    tmp_path: Path, web_server: str
) -> None:
    async with started_bot(tmp_path, web_server, fetch_allow_private=False) as bot:
        url = f"{web_server}/pages/bbc.com__readability-bbc-1.html"
        answer = await _ask(bot, url)
        if [r.id for r in answer.results] == ["reading"]:  # a slow machine: the refusal comes next time
            await bot.server.wait_for(lambda: _briefed(bot, url), timeout=30)
            answer = await _ask(bot, url + " ")
        (result,) = answer.results
        bot.say(f"/summary {url}")
        summary = await bot.reply(PRIVATE_CHAT, lambda m: "Cannot fetch" in (m.text or ""))
        expected = summary.text
        assert expected is not None and "a private or local network address" in expected, expected
        assert result.text == expected and result.title == "No briefing"
        repeated = await _ask(bot, url + "  ")  # told from memory, not fetched again
        assert [r.text for r in repeated.results] == [expected]
        assert bot.server.errors == [], bot.server.describe()

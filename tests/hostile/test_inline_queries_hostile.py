"""Hostile inline queries (issue 18, bad input): 256 characters of HTML, links that carry markup, links to
hostile bodies and a flood of links each get one polite result, valid Telegram HTML that shows the user's
text as text. Through the real Application against the strict Bot API server, which parses every offered
message as Telegram does."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.servers.botapi import MAX_INLINE_QUERY_CHARS, InlineQueryRecord
from tests.servers.hostile_bodies import HostileBodyServer
from tests.telegram.conftest import USER, RunningBot, started_bot

pytestmark = pytest.mark.slow


def _fill(pattern: str) -> str:
    """`pattern` repeated to exactly Telegram's 256 characters."""
    return (pattern * (MAX_INLINE_QUERY_CHARS // len(pattern) + 1))[:MAX_INLINE_QUERY_CHARS]


async def _ask(bot: RunningBot, query: str, *, user: int = USER) -> InlineQueryRecord:
    query_id = bot.server.push_inline_query(user, query)
    return await bot.server.wait_for_inline_answer(query_id, timeout=30)


@pytest.fixture
async def bot(tmp_path: Path, web_server: str) -> AsyncIterator[RunningBot]:
    async with started_bot(tmp_path, web_server) as running:
        yield running


@pytest.fixture(scope="module")
def hostile() -> Iterator[str]:
    with HostileBodyServer() as server:
        yield server.base_url


@pytest.mark.parametrize(
    "query",
    [
        _fill("<b>bold</b>"),
        _fill("<script>alert(1)</script>"),
        _fill('<a href="javascript:alert(1)">x</a>'),
        _fill("&lt;&amp;&#x3C;&unknown;"),
        _fill("</i></b><tg-spoiler>"),
        "<" * MAX_INLINE_QUERY_CHARS,
    ],
)
async def test_an_inline_query_of_256_characters_of_html_gets_one_polite_result(
    bot: RunningBot, query: str
) -> None:
    answer = await _ask(bot, query)
    (result,) = answer.results
    assert result.title in ("Plain words, please", "That is too long", "No briefing matches"), result.title
    assert result.text is not None and result.text.startswith(("Type a link", "No briefing")), result.text
    assert result.entities == () and "<" not in (result.source or "").replace("&lt;", ""), result.source
    assert bot.server.errors == [], bot.server.describe()


async def test_a_long_query_of_words_is_asked_for_fewer_words_in_the_users_language(bot: RunningBot):
    bot.server.add_user(4001, language_code="ru")
    (result,) = (await _ask(bot, _fill("слово "), user=4001)).results
    assert result.title == "Слишком длинно" and "100" in (result.text or ""), result
    assert bot.server.errors == [], bot.server.describe()


async def test_a_link_full_of_markup_is_refused_with_the_link_shown_as_text(bot: RunningBot) -> None:
    link = _fill("https://127.0.0.1:1/<b>&amp;<i>")  # nothing listens on port 1: refused at once
    answer = await _ask(bot, link)
    (result,) = answer.results
    assert result.title == "No briefing" and (result.text or "").startswith(
        "Cannot fetch https://127.0.0.1:1/<b>"
    )
    assert result.entities == () and answer.cache_time == 0
    assert bot.server.errors == [], bot.server.describe()


async def test_inline_links_to_hostile_bodies_get_the_summary_refusals(bot: RunningBot, hostile: str):
    for path, expected in [
        ("/bomb?encoding=gzip,gzip&mib=64", "the site sent a response the bot cannot read safely"),
        ("/bomb?encoding=gzip&mib=64", "it is larger than 5 MB"),
        ("/identity?mb=50", "larger than 5 MB"),
    ]:
        url = f"{hostile}{path}"
        answer = await _ask(bot, url)
        if [r.id for r in answer.results] == ["reading"]:  # a slow machine: the refusal is told next time
            await bot.server.wait_for(lambda url=url: _settled(bot, url), timeout=60)
            answer = await _ask(bot, url + " ")
        (result,) = answer.results
        assert result.id == "problem" and expected in (result.text or ""), (path, result.text)
    assert bot.server.errors == [], bot.server.describe()


def _settled(bot: RunningBot, url: str) -> bool:
    assert bot.application is not None
    return bot.application.bot_data["background_briefings"].pending(url) is None


async def test_a_flood_of_links_is_held_to_the_on_demand_limit(tmp_path: Path, web_server: str) -> None:
    async with started_bot(tmp_path, web_server, on_demand_per_minute=2) as bot:
        pages = [f"{web_server}/slow/pages/bbc.com__readability-bbc-1.html?delay=1&n={n}" for n in range(3)]
        first, second = [await _ask(bot, page) for page in pages[:2]]
        assert all(r.id in ("reading",) or r.id.startswith("a") for r in first.results + second.results)
        (third,) = (await _ask(bot, pages[2])).results
        assert third.id == "wait" and (third.text or "").startswith("You're going fast!"), third.text
        bot.say("/help")  # still answering everyone else
        await bot.reply(USER, lambda m: "/summary" in (m.text or ""))
        assert bot.server.errors == [], bot.server.describe()

"""Hostile taps, section 2 of issue 20: malformed callback data is ignored politely, and every callback
query is answered exactly once (the strict server refuses a second answer as Telegram does, "query is too
old ... or query ID is invalid", so a double answer shows up in its errors)."""

from __future__ import annotations

import pytest

from bot.i18n import LOCALES, translator
from bot.telegram import keyboards
from bot.telegram.handlers.callbacks import ACTIONS, NO_LONGER_VALID
from bot.telegram.handlers.common import NOT_ADMIN
from tests.telegram.conftest import PRIVATE_CHAT, USER, RunningBot, running_bot  # noqa: F401  (the fixture)

pytestmark = pytest.mark.slow
GROUP, ADMIN, MEMBER = -100300, 3001, 3002
MALFORMED = [
    "unsub:abc",
    "unsub:",
    "unsub:1:2",
    "unsub:-1",
    "mute:1e9",
    "def:x",
    "more:",
    "dgmore:run",
    "src:",
    "src:abc",
    "src:-5",
    "src:1:2",
    "src:" + "9" * 19,
    "link:sum:abc",
    "link:delete:1",
    "set:cadence:never",
    "set:length:99",
    "set:admin:yes",
    "set:filters:rm<b>",
    "settings:extra",
    "set:topic:",
    "set:topic:-5",
    "set:topic:007",
    "set:topic:1234567890123",
    "ftopic:1",
    "ftopic:1:abc",
    "ftopic:1:-2",
    "ftopic:abc:5",
    "tl:",
    "tl:   ",
    "tl:a%zz",
    "tl:a:b",
    "tl:<b>bold</b>",
    "chart:&amp;",
    "chart",
    "rmd:1:2026121",
    "rmd:x:20261215",
    "rmdall:yes",
    "upics:now",
    "nosuchaction:1",
    ":",
    "x" * 65,
    "é" * 33,
]


async def test_malformed_callback_data_is_answered_once_and_nothing_is_posted(
    running_bot: RunningBot,  # noqa: F811
):
    bot = running_bot
    bot.say("/help")
    message = await bot.reply(PRIVATE_CHAT, lambda m: "Commands" in (m.text or ""))
    before = bot.last_id()
    ids = [bot.server.push_callback(PRIVATE_CHAT, USER, data, message.message_id) for data in MALFORMED]
    await bot.idle()
    answers = {q.query_id: q for q in bot.server.callback_queries()}
    assert [answers[i].answer_text for i in ids] == [str(NO_LONGER_VALID)] * len(MALFORMED)
    assert bot.last_id() == before, [m.text for m in bot.server.sent_messages(PRIVATE_CHAT)][-3:]
    assert bot.server.errors == [], bot.server.describe()


async def _group_with_buttons(bot: RunningBot) -> int:
    bot.server.add_chat(GROUP, chat_type="supergroup", title="News room")
    bot.server.set_admins(GROUP, [ADMIN])
    bot.say("/start", chat=GROUP, user=ADMIN, chat_type="supergroup")
    welcome = await bot.reply(GROUP, lambda m: "Welcome" in (m.text or ""))
    return welcome.message_id


@pytest.mark.parametrize("data", ["settings", "def:0", "set:cadence:weekly", "unsub:1", "mute:1"])
async def test_a_non_admin_pressing_a_real_admin_button_gets_one_alert_and_no_message(
    running_bot: RunningBot,  # noqa: F811
    data: str,
):
    bot = running_bot
    message_id = await _group_with_buttons(bot)
    before = bot.last_id(GROUP)
    query_id = bot.server.push_callback(GROUP, MEMBER, data, message_id)
    await bot.idle()
    query = next(q for q in bot.server.callback_queries() if q.query_id == query_id)
    assert (query.answer_text, query.show_alert) == (str(NOT_ADMIN), True)
    assert bot.last_id(GROUP) == before
    assert bot.server.errors == [], bot.server.describe()


async def test_a_tap_whose_handler_fails_is_still_answered_exactly_once(running_bot: RunningBot):  # noqa: F811
    """A bug behind a valid button: the apology goes to the chat, the query gets one (blank) answer."""
    bot = running_bot
    bot.say("/help")
    message = await bot.reply(PRIVATE_CHAT, lambda m: "Commands" in (m.text or ""))
    original = ACTIONS[keyboards.MORE]

    async def broken(update, context, args):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug in a tap handler")

    ACTIONS[keyboards.MORE] = broken
    try:
        after = bot.last_id()
        query_id = bot.server.push_callback(PRIVATE_CHAT, USER, "more:3", message.message_id)
        apology = await bot.reply(PRIVATE_CHAT, after=after)
        await bot.idle()
    finally:
        ACTIONS[keyboards.MORE] = original
    assert "Sorry" in apology.text
    assert next(q for q in bot.server.callback_queries() if q.query_id == query_id).answered
    assert bot.server.errors == [], bot.server.describe()


def test_every_button_the_bot_makes_passes_the_callback_parser():
    EN = translator("en")
    from bot.delivery.filters import EXCLUDE, INCLUDE, KeywordFilter
    from bot.store.follow_queries import FollowRecord
    from summarizers.upcoming import UpcomingEvent

    class Feed:
        id, title, url = 12, "A feed", "https://example.org/feed"

    class ChatFeed:
        feed, topic_id = Feed(), None

    class RoutedFeed:
        feed, topic_id = Feed(), 77

    class Current:
        cadence, summary_length, language, digest_topic = "daily", 3, "en", 77

    class Default:
        title, url = "Default", "https://example.org/"

    markups = [
        keyboards.welcome_keyboard([Default()] * 3, EN),
        keyboards.unsubscribe_keyboard([ChatFeed()]),
        keyboards.link_choice_keyboard("999", EN),
        keyboards.entity_keyboard(["Re: 100% sure", "東京都知事選挙" * 5, "a:" * 40], EN),
        keyboards.timeline_keyboard("%" * 60, EN),
        keyboards.more_keyboard(25, EN),
        keyboards.settings_keyboard(Current(), EN),
        keyboards.filters_keyboard(
            [KeywordFilter(INCLUDE, "ai"), KeywordFilter(EXCLUDE, "transfer window")], EN
        ),
        keyboards.feed_keyboard([ChatFeed(), RoutedFeed()], EN, forum=True, here=123456789012),
        keyboards.feed_keyboard([RoutedFeed()], EN, forum=True, here=None),
        keyboards.settings_keyboard(Current(), EN, forum=True, here=123456789012),
        keyboards.settings_keyboard(Current(), EN, forum=True, here=None),
        keyboards.upcoming_keyboard(
            [UpcomingEvent("2026-12-15", None, "day", "Summit", "", (), 10**17)], False, EN
        ),
        keyboards.upcoming_keyboard([], True, EN),
        keyboards.follow_choices_keyboard(["Re: 100% sure", "Министерство иностранных дел России" * 2], EN),
        keyboards.follows_keyboard([FollowRecord(4, 1, "Putin", False), FollowRecord(5, 1, "Abe", True)], EN),
    ]
    for locale in LOCALES:  # every language's settings panel (its language row holds every locale)
        markups.append(keyboards.settings_keyboard(Current(), translator(locale)))
    data = [b.callback_data for m in markups for row in m.inline_keyboard for b in row]
    data += [
        keyboards.mute_feed_button(7, EN).callback_data,
        keyboards.encode_callback(keyboards.DIGEST_MORE, 1234),
        keyboards.story_sources_button(10**17, "東京都知事選挙" * 5, EN).callback_data,
        keyboards.follow_mute_markup(77, "Vladimir Putin", EN)["inline_keyboard"][0][0]["callback_data"],
        keyboards.story_sources_button(10**15, "東京都知事選挙" * 20, EN).callback_data,
    ]
    parsed = [keyboards.parse_callback(d) for d in data]
    assert all(p is not None for p in parsed), [d for d, p in zip(data, parsed, strict=True) if p is None]
    assert {p.action for p in parsed if p} == set(ACTIONS)


def test_malformed_callback_data_does_not_parse():
    assert [d for d in MALFORMED if keyboards.parse_callback(d) is not None] == []
    assert keyboards.parse_callback(None) is None

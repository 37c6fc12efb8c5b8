"""The local Bot API server answers python-telegram-bot the way Telegram does, errors included."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import sys

import httpx
import pytest
import tornado.httpserver
import tornado.netutil
import tornado.web
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes

from tests.servers.botapi import (
    BotApiServer,
    EntityParseError,
    RateLimits,
    keyboard_buttons,
    parse_telegram_html,
    utf16_len,
)

pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")

USER = 1001
GROUP = -2002


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def seconds(value: int | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


@pytest.fixture
async def server():
    async with BotApiServer() as running:
        running.add_chat(USER)
        yield running


@pytest.fixture
async def bot(server: BotApiServer):
    async with Bot(server.token, base_url=server.base_url, base_file_url=server.file_url) as client:
        yield client


# -- the HTML parser ---------------------------------------------------------------------------------


def test_html_parser_returns_text_and_entities_in_utf16_offsets():
    parsed = parse_telegram_html('😀 <b>bold <i>both</i></b> <a href="https://x.org/?a=1&amp;b=2">link</a>')
    assert parsed.text == "😀 bold both link"
    by_type = {e["type"]: e for e in parsed.entities}
    assert by_type["bold"] == {"type": "bold", "offset": 3, "length": 9}
    assert by_type["italic"] == {"type": "italic", "offset": 8, "length": 4}
    assert by_type["text_link"]["url"] == "https://x.org/?a=1&b=2"
    assert by_type["text_link"]["offset"] == 13


def test_html_parser_accepts_every_tag_telegram_allows():
    source = (
        "<strong>a</strong><em>b</em><u>c</u><ins>d</ins><s>e</s><strike>f</strike><del>g</del>"
        '<tg-spoiler>h</tg-spoiler><span class="tg-spoiler">i</span><code>j</code>'
        '<pre><code class="language-python">k</code></pre><blockquote>l</blockquote>'
        '<blockquote expandable>m</blockquote><tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
        " &lt;&gt;&amp;&quot;&#39;&#x1F600;"
    )
    parsed = parse_telegram_html(source)
    assert parsed.text == "abcdefghijklm👍 <>&\"'😀"
    types = [e["type"] for e in parsed.entities]
    assert "expandable_blockquote" in types and "custom_emoji" in types
    assert {"type": "pre", "offset": 10, "length": 1, "language": "python"} in parsed.entities


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("line<br>next", 'Unsupported start tag "br" at byte offset 4'),
        ("<p>para</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ('<a href="x', "Unclosed start tag at byte offset 0"),
        ("AT&T", "Character '&' must be escaped as &amp; at byte offset 2"),
        ("&nbsp;", 'Unsupported HTML entity "&nbsp;" at byte offset 0'),
        ("é 1 < 2", "Character '<' must be escaped as &lt; at byte offset 5"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ],
)
def test_html_parser_rejects_what_telegram_rejects(source: str, error: str):
    with pytest.raises(EntityParseError) as raised:
        parse_telegram_html(source)
    assert str(raised.value) == error


def test_utf16_len_counts_astral_characters_twice():
    assert utf16_len("a😀é") == 4
    assert utf16_len("👩‍👩‍👧") == 8


# -- sending -----------------------------------------------------------------------------------------


async def test_bot_sends_html_message_and_server_records_what_the_user_sees(server, bot):
    sent = await bot.send_message(
        USER,
        "<b>Hello</b> &amp; welcome",
        parse_mode="HTML",
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )
    assert sent.text == "Hello & welcome"
    assert sent.entities[0].type == "bold"
    [message] = server.sent_messages(USER)
    assert (message.text, message.source, message.link_preview_disabled) == (
        "Hello & welcome",
        "<b>Hello</b> &amp; welcome",
        True,
    )
    assert server.errors == []


async def test_bad_html_is_refused_with_telegrams_error(server, bot):
    with pytest.raises(BadRequest, match=r"(?i)can.t parse entities: unsupported start tag .br."):
        await bot.send_message(USER, "a<br>b", parse_mode="HTML")
    assert server.errors[-1].description == (
        'Bad Request: can\'t parse entities: Unsupported start tag "br" at byte offset 1'
    )
    assert server.sent_messages(USER) == []


async def test_text_over_4096_utf16_units_is_too_long_but_4096_is_accepted(server, bot):
    await bot.send_message(USER, "😀" * 2048)
    await bot.send_message(USER, "&amp;" * 4096, parse_mode="HTML")  # an entity counts as one character
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(USER, "😀" * 2048 + "a")
    assert [utf16_len(m.text) for m in server.sent_messages(USER)] == [4096, 4096]


async def test_empty_text_after_parsing_is_refused(bot):
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(USER, "<b></b>  ", parse_mode="HTML")


async def test_unknown_chat_is_chat_not_found(server, bot):
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(777, "hello")
    assert server.errors[-1].description == "Bad Request: chat not found"


async def test_callback_data_over_64_bytes_is_button_data_invalid(server, bot):
    fits = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="é" * 32)]])
    await bot.send_message(USER, "fits", reply_markup=fits)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("no", callback_data="é" * 32 + "x")]])
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(USER, "too long", reply_markup=too_long)
    assert server.errors[-1].description == "Bad Request: BUTTON_DATA_INVALID"
    assert server.sent_messages(USER)[0].buttons[0]["callback_data"] == "é" * 32


async def test_inline_button_without_an_action_is_refused(server):
    markup = json.dumps({"inline_keyboard": [[{"text": "dead"}]]})
    async with httpx.AsyncClient() as client:
        answer = await client.post(
            f"{server.base_url}{server.token}/sendMessage",
            data={"chat_id": str(USER), "text": "x", "reply_markup": markup},
        )
    assert answer.status_code == 400
    assert "Text buttons are unallowed" in answer.json()["description"]


async def test_caption_over_1024_utf16_units_is_too_long(bot):
    with pytest.raises(BadRequest, match=r"(?i)message caption is too long"):
        await bot.send_document(USER, document=b"data", filename="a.txt", caption="😀" * 513)


async def test_editing_to_the_same_text_is_not_modified(server, bot):
    sent = await bot.send_message(USER, "<i>working…</i>", parse_mode="HTML")
    await bot.edit_message_text("<b>done</b>", chat_id=USER, message_id=sent.message_id, parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text(
            "<b>done</b>", chat_id=USER, message_id=sent.message_id, parse_mode="HTML"
        )
    [message] = server.sent_messages(USER)
    assert (message.text, message.edits) == ("done", 1)


async def test_deleted_messages_leave_the_chat(server, bot):
    sent = await bot.send_message(USER, "temporary")
    assert await bot.delete_message(USER, sent.message_id)
    assert server.sent_messages(USER) == []
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(USER, sent.message_id)


async def test_unknown_method_is_404_method_not_found(server):
    async with httpx.AsyncClient() as client:
        answer = await client.post(f"{server.base_url}{server.token}/sendTelepathy", json={})
    assert answer.status_code == 404
    assert answer.json() == {"ok": False, "error_code": 404, "description": "Not Found: method not found"}


async def test_json_bodies_are_accepted_like_forms(server):
    async with httpx.AsyncClient() as client:
        answer = await client.post(
            f"{server.base_url}{server.token}/sendMessage",
            json={
                "chat_id": USER,
                "text": "<b>json</b>",
                "parse_mode": "HTML",
                "disable_web_page_preview": True,
            },
        )
    assert answer.json()["result"]["text"] == "json"
    assert server.sent_messages(USER)[0].link_preview_disabled


# -- chats that refuse -------------------------------------------------------------------------------


async def test_blocked_and_deactivated_users_are_forbidden(server, bot):
    server.add_chat(1002)
    server.block(USER)
    server.deactivate(1002)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(USER, "hello")
    with pytest.raises(Forbidden, match="user is deactivated"):
        await bot.send_message(1002, "hello")
    assert [e.status for e in server.errors] == [403, 403]


async def test_migrated_group_answers_with_the_new_chat_id(server, bot):
    server.add_chat(GROUP)
    server.migrate(GROUP, -1001234567890)
    with pytest.raises(ChatMigrated) as raised:
        await bot.send_message(GROUP, "hello")
    assert raised.value.new_chat_id == -1001234567890
    await bot.send_message(-1001234567890, "hello again")
    assert server.sent_messages(-1001234567890)[0].text == "hello again"


async def test_topic_replies_record_their_thread_and_unknown_topics_are_refused(server, bot):
    server.push_message(-1005, USER, "hi", message_thread_id=7)
    await bot.send_message(-1005, "in the topic", message_thread_id=7)
    assert server.sent_messages(-1005)[0].message_thread_id == 7
    with pytest.raises(BadRequest, match=r"(?i)message thread not found"):
        await bot.send_message(-1005, "elsewhere", message_thread_id=8)


async def test_a_forum_creates_topics_and_refuses_closed_and_deleted_ones_with_telegrams_words(server, bot):
    forum = -1001500
    server.add_chat(forum, chat_type="supergroup", title="Forum", is_forum=True)
    server.set_admins(forum, [USER, server.bot_id])
    created = await bot.create_forum_topic(forum, "Markets")
    sports = server.create_topic(forum, "Sports")
    assert created.name == "Markets" and created.message_thread_id != sports
    assert (await bot.get_chat(forum)).is_forum
    sent = await bot.send_message(forum, "in Markets", message_thread_id=created.message_thread_id)
    assert sent.is_topic_message and sent.message_thread_id == created.message_thread_id
    await bot.send_chat_action(forum, "typing", message_thread_id=sports)

    await bot.close_forum_topic(forum, sports)
    await bot.send_message(forum, "admins may still post", message_thread_id=sports)
    server.set_admins(forum, [USER])  # the bot is a member only now
    with pytest.raises(BadRequest, match=r"(?i)^topic_closed$"):
        await bot.send_message(forum, "closed", message_thread_id=sports)
    with pytest.raises(BadRequest, match=r"(?i)^topic_closed$"):
        await bot.send_chat_action(forum, "typing", message_thread_id=sports)
    with pytest.raises(BadRequest, match=r"(?i)not enough rights to delete"):
        await bot.delete_forum_topic(forum, created.message_thread_id)
    server.close_topic(forum, sports, closed=False)
    await bot.send_message(forum, "reopened", message_thread_id=sports)

    server.delete_topic(forum, created.message_thread_id)
    with pytest.raises(BadRequest, match=r"(?i)^message thread not found$"):
        await bot.send_message(forum, "deleted", message_thread_id=created.message_thread_id)
    assert server.message(forum, sent.message_id).deleted
    assert [t.name for t in server.topics(forum)] == ["Sports"]
    assert [e.description for e in server.errors] == [
        "Bad Request: TOPIC_CLOSED",
        "Bad Request: TOPIC_CLOSED",
        "Bad Request: not enough rights to delete the topic",
        "Bad Request: message thread not found",
    ]


async def test_topics_exist_only_in_forum_supergroups_managed_by_the_bot(server, bot):
    server.add_chat(GROUP, chat_type="group")
    server.set_admins(GROUP, [USER, server.bot_id])
    with pytest.raises(BadRequest, match=r"(?i)the chat is not a forum"):
        await bot.create_forum_topic(GROUP, "News")
    forum = -1001501
    server.add_chat(forum, chat_type="supergroup", is_forum=True)
    with pytest.raises(BadRequest, match=r"(?i)not enough rights to create a topic"):
        await bot.create_forum_topic(forum, "News")
    server.set_admins(forum, [USER, server.bot_id])
    with pytest.raises(BadRequest, match=r"(?i)topic_title_empty"):
        await bot.create_forum_topic(forum, " ")
    with pytest.raises(BadRequest, match=r"(?i)topic_color_invalid"):
        await bot.create_forum_topic(forum, "News", icon_color=123)
    topic = await bot.create_forum_topic(forum, "News")
    await bot.close_forum_topic(forum, topic.message_thread_id)
    with pytest.raises(BadRequest, match=r"(?i)topic_not_modified"):
        await bot.close_forum_topic(forum, topic.message_thread_id)


# -- limits and forced failures ----------------------------------------------------------------------


async def test_limits_allow_one_message_per_second_in_a_private_chat():
    clock = FakeClock()
    async with BotApiServer(limits=True, clock=clock) as server:
        server.add_chat(USER)
        async with Bot(server.token, base_url=server.base_url) as bot:
            await bot.send_message(USER, "one")
            with pytest.raises(RetryAfter) as raised:
                await bot.send_message(USER, "two")
            assert seconds(raised.value.retry_after) == 1
            clock.now += 1.0
            await bot.send_message(USER, "two")
    assert server.errors[0].description == "Too Many Requests: retry after 1"
    assert [m.text for m in server.sent_messages(USER)] == ["one", "two"]


async def test_limits_allow_twenty_messages_per_minute_in_a_group():
    clock = FakeClock()
    async with BotApiServer(limits=True, clock=clock) as server:
        server.add_chat(GROUP)
        async with Bot(server.token, base_url=server.base_url) as bot:
            for n in range(20):
                clock.now += 0.5
                await bot.send_message(GROUP, f"message {n}")
            with pytest.raises(RetryAfter) as raised:
                await bot.send_message(GROUP, "one too many")
    assert seconds(raised.value.retry_after) == 51  # the first one leaves the window 60 s after it was sent


async def test_limits_allow_thirty_messages_per_second_overall():
    clock = FakeClock()
    server = BotApiServer(limits=True, clock=clock, rate_limits=RateLimits(global_per_second=30))
    async with server, Bot(server.token, base_url=server.base_url) as bot:
        for chat in range(1, 31):
            server.add_chat(chat)
            await bot.send_message(chat, "hi")
        server.add_chat(31)
        with pytest.raises(RetryAfter):
            await bot.send_message(31, "hi")
    assert len(server.sent_messages()) == 30


async def test_storm_429_and_5xx_bursts_fail_only_the_next_sends(server, bot):
    server.storm_429(2, retry_after=3)
    server.fail_next(1, status=502)
    await bot.send_chat_action(USER, "typing")  # not a send: untouched
    for _ in range(2):
        with pytest.raises(RetryAfter) as raised:
            await bot.send_message(USER, "hi")
        assert seconds(raised.value.retry_after) == 3
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(USER, "hi")
    await bot.send_message(USER, "finally")
    assert [(e.status, e.injected) for e in server.errors] == [(429, True), (429, True), (502, True)]
    assert [m.text for m in server.sent_messages(USER)] == ["finally"]


async def test_a_lost_reply_still_delivers_the_message(server, bot):
    server.lose_reply_next(1)
    with pytest.raises(NetworkError):
        await bot.send_message(USER, "did it arrive?")
    assert [m.text for m in server.sent_messages(USER)] == ["did it arrive?"]


# -- updates -----------------------------------------------------------------------------------------


async def test_get_updates_long_polls_until_a_user_writes(server, bot):
    polling = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    assert not polling.done()
    server.push_message(USER, USER, "/start now")
    [update] = await asyncio.wait_for(polling, 5)
    assert update.message.text == "/start now"
    assert update.message.entities[0].type == "bot_command"
    assert await bot.get_updates(offset=update.update_id + 1, timeout=0) == ()


async def test_get_updates_keeps_unconfirmed_updates_and_filters_allowed_kinds(server, bot):
    server.push_message(USER, USER, "one")
    sent = await bot.send_message(
        USER,
        "pick",
        reply_markup=InlineKeyboardMarkup.from_button(InlineKeyboardButton("go", callback_data="go")),
    )
    server.push_callback(USER, USER, "go", sent.message_id)
    assert len(await bot.get_updates(timeout=0)) == 2
    [only] = await bot.get_updates(timeout=0, allowed_updates=["callback_query"])
    assert only.callback_query.data == "go"


async def test_group_admins_are_reported_by_get_chat_member(server, bot):
    server.push_message(GROUP, 5, "hello")
    server.push_message(GROUP, 6, "hello")
    server.set_admins(GROUP, [5, server.bot_id])
    assert (await bot.get_chat_member(GROUP, 5)).status == "creator"
    assert (await bot.get_chat_member(GROUP, server.bot_id)).status == "administrator"
    assert (await bot.get_chat_member(GROUP, 6)).status == "member"
    assert {m.user.id for m in await bot.get_chat_administrators(GROUP)} == {5, server.bot_id}
    assert (await bot.get_chat(GROUP)).type == "group"


async def test_admin_changes_are_reported_only_where_the_bot_is_admin_and_asked_for_them(server, bot):
    server.push_message(GROUP, 5, "hello")
    server.push_message(GROUP, 6, "hello")
    server.set_admins(GROUP, [5, 6, server.bot_id])
    await bot.get_updates(timeout=0, allowed_updates=["message", "chat_member"])
    await bot.get_updates(offset=3, timeout=0)  # both messages confirmed
    server.set_admins(GROUP, [5, server.bot_id], report=True)
    [demoted] = await bot.get_updates(offset=3, timeout=0)
    change = demoted.chat_member
    assert (change.chat.id, change.from_user.id, change.new_chat_member.user.id) == (GROUP, 5, 6)
    assert (change.old_chat_member.status, change.new_chat_member.status) == ("administrator", "member")

    server.set_admins(GROUP, [5, 6], report=True)  # the bot is no admin any more: Telegram says nothing
    await bot.get_updates(offset=demoted.update_id + 1, timeout=0, allowed_updates=["message"])
    server.set_admins(GROUP, [5, server.bot_id], report=True)  # and a bot that did not ask hears nothing
    assert await bot.get_updates(offset=demoted.update_id + 1, timeout=0) == ()


async def test_a_channel_shows_its_members_only_to_a_bot_that_is_its_admin(server, bot):
    channel = -1003
    server.add_chat(channel, chat_type="channel", title="Wire")
    server.add_user(5)
    server.set_admins(channel, [5, server.bot_id])
    assert (await bot.get_chat_member(channel, 5)).status == "creator"
    server.set_admins(channel, [5])
    with pytest.raises(BadRequest, match=r"(?i)member list is inaccessible"):
        await bot.get_chat_member(channel, 5)
    assert (await bot.get_chat_member(channel, server.bot_id)).status == "left"


# -- files -------------------------------------------------------------------------------------------


async def test_uploaded_documents_round_trip_through_get_file(server, bot):
    opml = b'<?xml version="1.0"?><opml version="2.0"><body/></opml>'
    sent = await bot.send_document(
        USER, document=opml, filename="feeds.opml", caption="<b>your feeds</b>", parse_mode="HTML"
    )
    assert sent.document.file_name == "feeds.opml"
    assert server.sent_messages(USER)[0].caption == "your feeds"
    downloaded = await (await bot.get_file(sent.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == opml


async def test_documents_pushed_by_a_user_can_be_downloaded(server, bot):
    server.push_document(USER, USER, "mine.opml", b"<opml/>", mime_type="text/x-opml")
    [update] = await bot.get_updates(timeout=0)
    file = await bot.get_file(update.message.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"<opml/>"


# -- a whole Application -----------------------------------------------------------------------------


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_chat.send_action("typing")
    await update.effective_message.reply_html(
        "<b>Welcome</b>",
        reply_markup=InlineKeyboardMarkup.from_button(InlineKeyboardButton("Go", callback_data="go")),
    )


async def _tap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.callback_query.answer("done")


async def test_a_callback_query_answered_twice_is_query_id_invalid_as_on_telegram(server, bot):
    sent = await bot.send_message(
        USER, "tap", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("a", callback_data="a")]])
    )
    query_id = server.push_callback(USER, USER, "a", sent.message_id)
    assert await bot.answer_callback_query(query_id, "first")
    with pytest.raises(BadRequest, match=r"(?i)query is too old .* query id is invalid"):
        await bot.answer_callback_query(query_id, "second")
    assert [q.answer_text for q in server.callback_queries()] == ["first"]


async def test_an_application_polls_replies_and_answers_callbacks_from_a_threaded_server():
    with BotApiServer() as server:
        app = (
            ApplicationBuilder()
            .token(server.token)
            .base_url(server.base_url)
            .base_file_url(server.file_url)
            .build()
        )
        app.add_handler(CommandHandler("start", _start))
        app.add_handler(CallbackQueryHandler(_tap))
        async with app:
            await app.start()
            await app.updater.start_polling(poll_interval=0, timeout=1)
            server.push_message(USER, USER, "/start")
            reply = await server.wait_for_message(USER, lambda m: m.text == "Welcome")
            server.push_callback(USER, USER, reply.buttons[0]["callback_data"], reply.message_id)
            await server.wait_for(lambda: server.callback_queries() and not server.unanswered_callbacks())
            await app.updater.stop()
            await app.stop()
        assert [a.action for a in server.chat_actions] == ["typing"]
        assert server.callback_queries()[0].answer_text == "done"
        assert server.errors == []


async def test_updates_go_to_the_webhook_with_its_secret(server, bot):
    received: list[tuple[dict, str | None]] = []

    class Hook(tornado.web.RequestHandler):
        def post(self) -> None:
            received.append(
                (json.loads(self.request.body), self.request.headers.get("X-Telegram-Bot-Api-Secret-Token"))
            )

    hook = tornado.httpserver.HTTPServer(tornado.web.Application([(r"/hook", Hook)]))
    [sock] = tornado.netutil.bind_sockets(0, "127.0.0.1")
    hook.add_sockets([sock])
    try:
        await bot.set_webhook(f"http://127.0.0.1:{sock.getsockname()[1]}/hook", secret_token="s3cret")
        server.push_message(USER, USER, "/help")
        await server.wait_for(lambda: received)
    finally:
        hook.stop()
    assert received[0][0]["message"]["text"] == "/help"
    assert received[0][1] == "s3cret"
    assert server.pending_updates() == []


async def test_commands_are_stored_per_scope_and_invalid_names_refused(server, bot):
    await bot.set_my_commands([("summary", "Brief a page"), ("timeline", "Dated events")])
    assert [c.command for c in await bot.get_my_commands()] == ["summary", "timeline"]
    assert server.commands()[0] == {"command": "summary", "description": "Brief a page"}
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([("Summary!", "bad name")])


async def test_kicked_bot_is_forbidden_in_that_group(server, bot):
    server.add_chat(GROUP)
    server.kick(GROUP)
    with pytest.raises(Forbidden, match="bot was kicked from the group chat"):
        await bot.send_message(GROUP, "hello")


async def test_driver_endpoint_lets_another_process_play_the_user(server):
    async with httpx.AsyncClient() as client:
        pushed = await client.post(
            f"http://127.0.0.1:{server.port}/_driver/push_message",
            json={"chat": 5, "user": 5, "text": "/start"},
        )
        assert pushed.json()["result"]["text"] == "/start"
        await client.post(f"{server.base_url}{server.token}/sendMessage", data={"chat_id": "5", "text": "hi"})
        sent = await client.post(f"http://127.0.0.1:{server.port}/_driver/sent_messages", json={"chat_id": 5})
    assert [m["text"] for m in sent.json()["result"]] == ["hi"]


async def test_a_bot_in_another_process_reaches_a_threaded_server():
    script = (
        "import asyncio, sys\n"
        "from telegram import Bot\n"
        "async def main():\n"
        "    async with Bot(sys.argv[1], base_url=sys.argv[2]) as bot:\n"
        "        await bot.send_message(int(sys.argv[3]), '<b>from a subprocess</b>', parse_mode='HTML')\n"
        "asyncio.run(main())\n"
    )
    with BotApiServer() as server:
        server.add_chat(USER)
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-c", script, server.token, server.base_url, str(USER)
        )
        assert await asyncio.wait_for(child.wait(), 60) == 0
        assert [m.text for m in server.sent_messages(USER)] == ["from a subprocess"]
        assert server.errors == []


async def test_link_preview_options_are_recorded_as_sent(server, bot):
    options = LinkPreviewOptions(url="https://example.org/a", prefer_small_media=True, show_above_text=True)
    await bot.send_message(USER, "<b>Item</b>", parse_mode="HTML", link_preview_options=options)
    (message,) = server.sent_messages(USER)
    assert message.link_preview_options == {
        "url": "https://example.org/a",
        "prefer_small_media": True,
        "show_above_text": True,
    }
    assert not message.link_preview_disabled


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ("{not json", "can't parse link_preview_options JSON object"),
        ("[1, 2]", "can't parse link preview options JSON object"),
        ('"https://example.org"', "can't parse link preview options JSON object"),
        ('{"url": 5}', 'field "url" must be of type String'),
        ('{"is_disabled": "yes"}', 'field "is_disabled" must be of type Boolean'),
        (
            '{"url": "https://example.org", "show_above_text": 1}',
            'field "show_above_text" must be of type Boolean',
        ),
    ],
)
async def test_link_preview_options_telegram_cannot_read_are_refused_and_nothing_is_sent(
    server, options, error
):
    async with httpx.AsyncClient() as client:
        answer = await client.post(
            f"{server.base_url}{server.token}/sendMessage",
            data={"chat_id": str(USER), "text": "hi", "link_preview_options": options},
        )
    assert answer.status_code == 400 and answer.json()["description"] == f"Bad Request: {error}"
    assert server.sent_messages(USER) == []


# -- inline mode -------------------------------------------------------------------------------------


def _article(result_id: str, text: str = "<b>Hi</b>", **fields: object) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        result_id, fields.pop("title", "A title"), InputTextMessageContent(text, parse_mode="HTML"), **fields
    )


async def test_an_inline_query_reaches_the_bot_and_its_answer_is_recorded_as_the_user_sees_it(server, bot):
    server.add_user(USER, language_code="ja")
    query_id = server.push_inline_query(USER, "https://example.org/a")
    (update,) = await bot.get_updates()
    assert update.inline_query.id == query_id and update.inline_query.query == "https://example.org/a"
    assert update.inline_query.from_user.language_code == "ja" and update.inline_query.chat_type == "sender"
    button = InlineKeyboardButton("Full timeline", url="https://t.me/briefbot_test_bot?start=story_7")
    results = [_article("a7", "<b>Title</b> &amp; more", reply_markup=InlineKeyboardMarkup([[button]]))]
    assert await update.inline_query.answer(results, cache_time=0, is_personal=True)
    answer = server.inline_answer(query_id)
    assert answer is not None and answer.cache_time == 0 and answer.is_personal
    (offered,) = answer.results
    assert (offered.id, offered.title, offered.text) == ("a7", "A title", "Title & more")
    assert offered.entities == ({"type": "bold", "offset": 0, "length": 5},)
    assert keyboard_buttons(offered.reply_markup) == ({"text": "Full timeline", "url": button.url},)


@pytest.mark.parametrize(
    ("results", "error"),
    [
        ([_article(f"r{n}") for n in range(51)], "RESULTS_TOO_MUCH"),
        ([_article("same"), _article("same")], "RESULT_ID_DUPLICATE"),
        ([_article("x" * 65)], "RESULT_ID_INVALID"),
        ([_article("é" * 33)], "RESULT_ID_INVALID"),  # 66 bytes in 33 characters
        ([_article("long", "a" * 4097)], "MESSAGE_TOO_LONG"),
        ([_article("html", "<b>unclosed")], "can't parse entities"),
        ([_article("empty", "<b> </b>")], "MESSAGE_EMPTY"),
        ([_article("untitled", title=" ")], "RESULT_TITLE_EMPTY"),
        (
            [
                _article(
                    "data",
                    reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data="d" * 65)]]),
                )
            ],
            "BUTTON_DATA_INVALID",
        ),
    ],
)
async def test_inline_answers_telegram_refuses_are_refused_and_the_query_stays_open(
    server, bot, results, error
):
    query_id = server.push_inline_query(USER, "words")
    with pytest.raises(BadRequest, match=f"(?i){re.escape(error)}"):
        await bot.answer_inline_query(query_id, results)
    assert server.inline_answer(query_id) is None
    assert await bot.answer_inline_query(query_id, [_article(f"r{n}") for n in range(50)])  # 50 is fine
    assert len(server.inline_answer(query_id).results) == 50
    assert await bot.answer_inline_query(server.push_inline_query(USER, "u"), [_article("u", "a" * 4096)])


async def test_an_inline_query_answered_twice_or_too_late_is_query_id_invalid():
    server = BotApiServer(inline_timeout=0.2)
    async with server, Bot(server.token, base_url=server.base_url, base_file_url=server.file_url) as bot:
        first = server.push_inline_query(USER, "a")
        assert await bot.answer_inline_query(first, [_article("a")])
        with pytest.raises(BadRequest, match=r"(?i)query is too old .* query id is invalid"):
            await bot.answer_inline_query(first, [_article("b")])
        late = server.push_inline_query(USER, "b")
        await asyncio.sleep(0.3)
        with pytest.raises(BadRequest, match=r"(?i)query is too old .* query id is invalid"):
            await bot.answer_inline_query(late, [_article("b")])
        with pytest.raises(BadRequest, match=r"(?i)query id is invalid"):
            await bot.answer_inline_query("iq999", [])
    assert [q.query for q in server.inline_queries() if q.answered] == ["a"]


async def test_the_results_button_needs_a_start_parameter_telegram_accepts(server, bot):
    query_id = server.push_inline_query(USER, "")
    with pytest.raises(BadRequest, match=r"(?i)START_PARAM_INVALID"):
        await bot.answer_inline_query(
            query_id, [], button=InlineQueryResultsButton("Open", start_parameter="a b")
        )
    assert await bot.answer_inline_query(
        query_id, [], button=InlineQueryResultsButton("Open", start_parameter="x_1")
    )
    assert server.inline_answer(query_id).button == {"text": "Open", "start_parameter": "x_1"}


def test_an_inline_query_longer_than_telegram_sends_is_a_test_mistake():
    with pytest.raises(ValueError, match="256"):
        BotApiServer().push_inline_query(USER, "x" * 257)

"""Hostile /follow input (issue 19): a 300-character name, HTML, control characters and punctuation get a
polite refusal; a name nobody mentions is followed until it appears; a chat asking for 1,000 follows stops
at the limit with a clear message; a forged button cannot touch another chat's follows; names too long
for a button's 64 bytes still follow the entity they name."""

from __future__ import annotations

import pytest

from bot.follows import MAX_FOLLOWS, FollowError, FollowService
from bot.i18n import translator
from bot.store import chats as chat_queries
from bot.store.engine import Database
from bot.telegram import keyboards
from bot.telegram.handlers.common import NOT_ADMIN
from summarizers.briefing import Entity
from tests.bot.test_timelines import store_briefing
from tests.conftest import make_briefing
from tests.telegram.conftest import PRIVATE_CHAT, RunningBot, running_bot  # noqa: F401  (the fixture)


@pytest.mark.parametrize(
    ("name", "refusal"),
    [
        ("x" * 300, "too long"),
        ("<b>Putin</b>", "not HTML"),
        ("Putin &amp; Co", "not HTML"),
        ("   ", "Send a name"),
        ("?!…—", "not a name I can follow"),
        ("\x00\x07", "Send a name"),
    ],
)
async def test_a_name_that_is_no_name_is_refused_politely(
    database: Database, name: str, refusal: str
) -> None:
    with pytest.raises(FollowError) as caught:
        await FollowService(database).follow(5, name)
    assert refusal in translator("en").text(caught.value.message)
    assert await FollowService(database).follows(5) == []


async def test_a_thousand_follows_in_one_chat_stop_at_the_limit(database: Database) -> None:
    service = FollowService(database)
    refused = []
    for n in range(1_000):
        try:
            await service.follow(9, f"Person {n:04d}")
        except FollowError as exc:
            refused.append(translator("en").text(exc.message))
    assert len(await service.follows(9)) == MAX_FOLLOWS
    assert len(refused) == 1_000 - MAX_FOLLOWS
    assert refused[0].startswith(f"This chat follows {MAX_FOLLOWS} names, the most it can.")
    again = await service.follow(9, "Person 0001")  # following one it has is no new follow
    assert again.status == "already"


async def test_a_follow_id_of_another_chat_cannot_be_muted_or_dropped(database: Database) -> None:
    service = FollowService(database)
    await service.follow(1, "Rosneft")
    (theirs,) = await service.follows(1)
    assert await service.set_muted(2, theirs.id, True) is None
    assert await service.drop(2, theirs.id) is None
    assert await service.follows(1) == [theirs]


async def test_a_name_too_long_for_a_button_still_follows_its_entity(database: Database) -> None:
    ministry = Entity("Министерство иностранных дел Российской Федерации", "organization", 4, ("МИД",))
    await store_briefing(
        database, make_briefing(language="ru", url="https://a.example/1", entities=(ministry,))
    )
    service = FollowService(database)
    offer = await service.follow(3, "иностранных дел")
    assert offer.status == "choose" and offer.choices == (ministry.name,)
    markup = keyboards.follow_choices_keyboard(offer.choices, translator("ru"))
    data = markup.inline_keyboard[0][0].callback_data
    assert len(data.encode()) <= keyboards.MAX_CALLBACK_BYTES
    tapped = keyboards.parse_callback(data)
    assert tapped is not None and tapped.action == keyboards.FOLLOW
    followed = await service.follow(3, tapped.args[0], chosen=True)
    assert followed.name == ministry.name and followed.known


@pytest.mark.slow
@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/follow " + "Путин" * 60, "too long"),
        ("/follow <script>alert(1)</script>", "not HTML"),
        ("/unfollow " + "x" * 300, "too long"),
        ("/follow Zbigniew Nobody", "tell you when it appears"),
    ],
)
async def test_bad_follow_commands_get_a_short_polite_reply(
    running_bot: RunningBot,  # noqa: F811
    command: str,
    expected: str,
) -> None:
    running_bot.say(command)
    reply = await running_bot.reply(PRIVATE_CHAT, timeout=60)
    assert expected in reply.text and len(reply.text) < 400
    assert not [e for e in running_bot.server.errors if not e.injected]


@pytest.mark.slow
async def test_a_forged_mute_tap_on_another_chats_follow_changes_nothing(
    running_bot: RunningBot,  # noqa: F811
) -> None:
    database = running_bot.runtime.database
    async with database.session() as session:
        await chat_queries.register_chat(session, -500, "group", "Other")
    await running_bot.runtime.follows.follow(-500, "Rosneft")
    (theirs,) = await running_bot.runtime.follows.follows(-500)
    running_bot.say("/follow")
    own = await running_bot.reply(PRIVATE_CHAT, timeout=60)  # a message of ours to tap under
    query = running_bot.server.push_callback(PRIVATE_CHAT, PRIVATE_CHAT, f"fmute:{theirs.id}", own.message_id)
    await running_bot.idle()
    (record,) = [q for q in running_bot.server.callback_queries() if q.query_id == query]
    assert record.answer_text == "You no longer follow that."
    assert not (await running_bot.runtime.follows.follows(-500))[0].muted


@pytest.mark.slow
async def test_in_a_group_only_admins_follow_or_mute_and_members_may_list(
    running_bot: RunningBot,  # noqa: F811
) -> None:
    group, admin, member = -100300, 2101, 2102
    server = running_bot.server
    server.add_user(admin)
    server.add_user(member)
    server.add_chat(group, chat_type="supergroup", title="News room")
    server.set_admins(group, [admin])
    running_bot.say("/follow Rosneft", chat=group, user=member)
    refusal = await running_bot.reply(group, timeout=60)
    assert refusal.text == str(NOT_ADMIN)
    assert await running_bot.runtime.follows.follows(group) == []

    after = running_bot.last_id(group)
    running_bot.say("/follow Rosneft", chat=group, user=admin)
    await running_bot.reply(group, lambda m: "Rosneft" in (m.text or ""), after=after, timeout=60)
    (rosneft,) = await running_bot.runtime.follows.follows(group)

    after = running_bot.last_id(group)
    running_bot.say("/follow", chat=group, user=member)
    listing = await running_bot.reply(group, lambda m: bool(m.reply_markup), after=after)
    query = server.push_callback(group, member, f"fmute:{rosneft.id}", listing.message_id)
    await running_bot.idle()
    (record,) = [q for q in server.callback_queries() if q.query_id == query]
    assert record.show_alert and record.answer_text == str(NOT_ADMIN)
    assert not (await running_bot.runtime.follows.follows(group))[0].muted

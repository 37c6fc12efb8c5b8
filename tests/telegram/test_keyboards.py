"""Callback data fits Telegram's 64 bytes, round-trips, and the briefing's buttons are accepted."""

from __future__ import annotations

import datetime as dt

import pytest
from telegram import Bot

from bot.i18n import translator
from bot.telegram.keyboards import (
    MAX_CALLBACK_BYTES,
    MUTE_FEED,
    TIMELINE,
    TIMELINE_SENTENCES,
    CallbackDataTooLong,
    briefing_keyboard,
    decode_callback,
    encode_callback,
    mute_feed_button,
    timeline_button,
    timeline_keyboard,
)
from summarizers.briefing import Briefing, Entity, SummarySentence
from tests.servers.botapi import BotApiServer

EN = translator("en")


def briefing(*entities: Entity) -> Briefing:
    return Briefing(
        title="t",
        url="https://example.org/a",
        source=None,
        language="en",
        published=dt.date(2020, 1, 1),
        published_inferred=False,
        summary=(SummarySentence("s.", 0),),
        entities=entities,
    )


def test_callback_data_round_trips_colons_and_percent_signs():
    data = encode_callback("tl", "Re: 100% sure", 7)
    assert decode_callback(data).action == "tl"
    assert decode_callback(data).args == ("Re: 100% sure", "7")


@pytest.mark.parametrize("name", ["東京都知事選挙" * 5, "😀" * 40, "é" * 70, "a:" * 40, "%" * 30])
def test_truncated_callback_data_fits_64_bytes_and_decodes_to_a_prefix(name: str):
    data = encode_callback(TIMELINE, name, truncate=True)
    assert len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES
    kept = decode_callback(data).args[0]
    assert kept and name.startswith(kept)
    assert (
        len(data.encode("utf-8")) > MAX_CALLBACK_BYTES - 4
    )  # it used the room it had (a character is ≤ 4 bytes)


def test_callback_data_that_does_not_fit_raises_instead_of_being_sent():
    with pytest.raises(CallbackDataTooLong):
        encode_callback(MUTE_FEED, "é" * 40)
    with pytest.raises(ValueError, match="action"):
        encode_callback("Bad Action", 1)


def test_exactly_64_bytes_is_allowed():
    data = encode_callback("x", "é" * 31)  # 2 + 62 bytes
    assert len(data.encode("utf-8")) == MAX_CALLBACK_BYTES


def test_timeline_button_names_the_entity_and_carries_it():
    button = timeline_button("Shinzo Abe", EN)
    assert button.text == "Timeline of Shinzo Abe"
    assert decode_callback(button.callback_data).args == ("Shinzo Abe",)
    long_button = timeline_button("The International Bank for Reconstruction and Development", EN)
    assert long_button.text.endswith("…") and len(long_button.text) <= len("Timeline of ") + 32


def test_briefing_keyboard_offers_the_top_named_entity_and_muting_the_feed():
    keyboard = briefing_keyboard(
        briefing(Entity("Monday", "other", 9), Entity("Angela Merkel", "person", 3)), EN, feed_id=12
    )
    assert keyboard is not None
    data = [decode_callback(row[0].callback_data) for row in keyboard.inline_keyboard]
    assert [(d.action, d.args) for d in data] == [(TIMELINE, ("Angela Merkel",)), (MUTE_FEED, ("12",))]
    assert briefing_keyboard(briefing(Entity("Monday", "other", 9)), EN) is None


async def test_buttons_with_long_multibyte_names_are_accepted_by_the_strict_server():
    async with BotApiServer() as server, Bot(server.token, base_url=server.base_url) as bot:
        server.add_chat(42)
        for name in ("東京都知事選挙" * 5, "😀" * 40, "Ünïcödé:name%" * 10):
            keyboard = briefing_keyboard(briefing(Entity(name, "place", 1)), EN, feed_id=123456789)
            await bot.send_message(42, "briefing", reply_markup=keyboard)
        await bot.send_message(42, "mute", reply_markup=None)
        assert mute_feed_button(5, EN).callback_data == "mute:5"
        assert server.errors == []
        assert len(server.sent_messages(42)) == 4


def test_the_timeline_keyboard_offers_the_picture_and_full_sentences_within_64_bytes():
    query = "Организация Объединённых Наций и Всемирная организация здравоохранения"
    buttons = timeline_keyboard(query, EN).inline_keyboard[0]
    data = [decode_callback(b.callback_data) for b in buttons]
    assert all(len(b.callback_data.encode()) <= MAX_CALLBACK_BYTES for b in buttons)
    assert [d.action for d in data] == ["chart", TIMELINE_SENTENCES]
    assert all(query.startswith(d.args[0]) for d in data)
    assert [b.text for b in timeline_keyboard(query, EN, full_sentences=True).inline_keyboard[0]] == [
        "Show as a picture"
    ]

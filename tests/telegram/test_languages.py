"""Briefings in other languages on Telegram: the reader is told in their own language why a briefing has
no names, and right-to-left and CJK text goes through the strict Bot API server within its limits."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from telegram import Bot

from bot.delivery.digest import Digest, DigestItem
from bot.delivery.layout import DigestSlot
from bot.i18n import translator
from bot.telegram.html import MAX_MESSAGE_UTF16, utf16_len
from bot.telegram.reader_notes import entities_note
from bot.telegram.render import LAYOUT, best_sentences, render_briefing
from summarizers.briefing import Briefing, Entity
from tests.conftest import make_briefing
from tests.servers.botapi import BotApiServer, parse_telegram_html
from tests.telegram.conftest import PRIVATE_CHAT, RunningBot

ARABIC = "أعلنت الحكومة المصرية اليوم عن خطة جديدة لدعم الاقتصاد، وقال الوزير إن الخطة ستبدأ في يناير."
PERSIAN = "وزیر امور خارجه ایران روز دوشنبه در تهران با همتای ترک خود دیدار و گفت‌وگو کرد."
URDU = "وزیر اعظم نے اسلام آباد میں ایک اجلاس کی صدارت کی اور نئے بجٹ کا اعلان کیا۔"
CHINESE = "国务院总理李强在北京主持召开国务院常务会议，研究部署进一步促进经济回升向好的政策措施。"
JAPANESE = "岸田文雄首相は東京でトヨタ自動車の社長と会談し、賃上げについて意見を交わした。"


def _briefing(language: str, sentence: str, *, repeat: int = 3, **changes: object) -> Briefing:
    fields: dict[str, object] = {
        "title": f"News in {language}",
        "url": f"https://news.example/{language}/1",
        "source": "Example News",
        "language": language,
        "published": dt.date(2024, 3, 12),
        "notes": (f"entities: no model for {language}",),
    }
    fields.update(changes)
    return make_briefing(sentences=(sentence,) * repeat, **fields)


def _item(briefing: Briefing, n: int = 1) -> DigestItem:
    return DigestItem(n, n, 1, "Example feed", briefing, dt.datetime(2024, 3, 12, tzinfo=dt.UTC), n)


# -- the no-model line -------------------------------------------------------------------------------


def test_no_model_line_names_the_language_in_the_readers_language():
    hungarian = _briefing(
        "hu",
        "A kormány bejelentette az új költségvetést Budapesten.",
        notes=("entities: no model for Hungarian",),
    )
    assert (
        entities_note(hungarian, translator("en"))
        == "Names not listed: no model for this language (Hungarian)."
    )
    assert (
        entities_note(hungarian, translator("de"))
        == "Namen nicht erkannt: kein Modell für diese Sprache (Ungarisch)."
    )
    assert (
        entities_note(hungarian, translator("ru"))
        == "Имена не выделены: нет модели для этого языка (венгерский)."
    )
    with_names = dataclasses.replace(hungarian, notes=(), entities=(Entity("Budapest", "place", 1),))
    assert entities_note(with_names, translator("de")) is None


def test_briefing_says_it_once_in_place_of_the_names_and_not_as_an_english_note():
    text = parse_telegram_html(render_briefing(_briefing("ar", ARABIC), language="fr")[0]).text
    assert "Noms non relevés : aucun modèle pour cette langue (arabe)." in text
    assert "entities:" not in text and "Note:" not in text


def test_digest_entry_without_names_carries_the_line_in_the_chats_language():
    digest = Digest((_item(_briefing("ar", ARABIC)),), ())
    slot = DigestSlot(dt.datetime(2024, 3, 12, 8, tzinfo=dt.UTC), "UTC", language="es")
    text = parse_telegram_html(LAYOUT.digest(digest, slot)[0].text).text
    assert "Nombres no extraídos: no hay modelo para esta lengua (árabe)." in text
    instant = parse_telegram_html(LAYOUT.instant(_item(_briefing("ur", URDU)), "it")[0]).text
    assert "Nomi non estratti: nessun modello per questa lingua (urdu)." in instant
    more = parse_telegram_html(LAYOUT.more([_item(_briefing("fa", PERSIAN))], "ru")[0]).text
    assert "Имена не выделены: нет модели для этого языка (персидский)." in more


# -- right-to-left and CJK through the strict server -------------------------------------------------


@pytest.mark.parametrize(
    ("language", "sentence"),
    [("ar", ARABIC), ("fa", PERSIAN), ("ur", URDU), ("zh", CHINESE), ("ja", JAPANESE)],
)
async def test_rtl_and_cjk_briefings_and_digests_are_accepted_whole_and_within_limits(language, sentence):
    long = _briefing(language, sentence, repeat=150)  # far past one message: cut to one (issue 20)
    digest = Digest(tuple(_item(_briefing(language, sentence), n) for n in range(1, 13)), ())
    slot = DigestSlot(dt.datetime(2024, 3, 12, 8, tzinfo=dt.UTC), "UTC")
    messages = render_briefing(long) + [m.text for m in LAYOUT.digest(digest, slot)]
    async with BotApiServer() as server, Bot(server.token, base_url=server.base_url) as bot:
        server.add_chat(42)
        for text in messages:
            await bot.send_message(42, text, parse_mode="HTML")
        assert server.errors == []
        sent = [m.text or "" for m in server.sent_messages(42)]
    assert len(sent) == len(messages) and len(render_briefing(long)) == 1  # one item, one message
    assert all(utf16_len(text) <= MAX_MESSAGE_UTF16 for text in sent)
    # the briefing shows whole sentences as far as they fit; every digest sentence arrives whole
    in_briefing = sent[0].count(sentence)
    in_digest = sum(best_sentences(item.briefing).count(sentence) for item in digest.shown)
    assert 10 < in_briefing < 150
    assert in_digest >= 12 and sum(text.count(sentence) for text in sent) == in_briefing + in_digest


# -- through the bot ---------------------------------------------------------------------------------


@pytest.mark.slow
async def test_summary_of_a_page_without_a_model_tells_the_reader_in_their_apps_language(
    running_bot: RunningBot,
):
    bot = running_bot
    bot.server.add_user(PRIVATE_CHAT, language_code="de")
    after = bot.last_id()
    bot.say(f"/summary {bot.web}/pages/nu.nl__1721884119.html")
    reply = await bot.reply(PRIVATE_CHAT, lambda m: "•" in (m.text or ""), after=after, timeout=60)
    assert "Organisationen nicht erkannt: kein Modell für diese Sprache (Niederländisch)." in reply.text
    assert bot.server.errors == []

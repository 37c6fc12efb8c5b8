"""The command menu in every language: English for all apps, then one menu per locale under its two-letter
language_code, accepted and recorded by the strict Bot API server."""

from __future__ import annotations

import pytest
from telegram import Bot
from telegram.error import BadRequest

from bot.i18n import LOCALES, telegram_code
from bot.telegram.app import set_command_menus
from bot.telegram.handlers.start import COMMANDS
from tests.servers.botapi import BotApiServer


async def test_every_locale_gets_its_own_menu_of_the_same_commands():
    async with BotApiServer() as server, Bot(server.token, base_url=server.base_url) as bot:
        await set_command_menus(bot)
        assert server.errors == []
        english = server.commands()
        assert [c["command"] for c in english] == [name for name, _ in COMMANDS]
        assert (
            dict((c["command"], c["description"]) for c in english)["stop"] == "unsubscribe from everything"
        )
        for locale in LOCALES[1:]:
            menu = server.commands(language_code=telegram_code(locale))
            assert [c["command"] for c in menu] == [name for name, _ in COMMANDS], locale
            assert all(1 <= len(c["description"]) <= 256 for c in menu)
        assert server.commands(language_code="de")[-1]["description"] == "alles abbestellen"
        assert server.commands(language_code="ru")[-1]["description"] == "отписаться от всего"


async def test_the_server_refuses_a_menu_language_telegram_would_refuse():
    async with BotApiServer() as server, Bot(server.token, base_url=server.base_url) as bot:
        for code in ("zh_Hans", "pt-br", "EN", "deu"):
            with pytest.raises(BadRequest, match="Invalid language code"):
                await bot.set_my_commands([("help", "help")], language_code=code)
        assert server.commands(language_code="zh_Hans") == []

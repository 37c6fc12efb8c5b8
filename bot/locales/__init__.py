"""The bot's gettext catalogs: messages.pot (extracted from bot/) and <locale>/LC_MESSAGES/messages.po.

`python -m bot.locales extract|update|compile|check` runs Babel with the project's options (README.md in
this folder says how a translator works); bot.i18n loads the catalogs.
"""

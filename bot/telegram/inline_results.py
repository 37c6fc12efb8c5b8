"""The results an inline query offers (`@bot URL`, `@bot words`): briefings to share, or one notice.

Pure: data in, python-telegram-bot result objects out. A briefing's message is the one /summary sends
(bot.telegram.render), always within one message; titles and descriptions are plain text, cut to what
Telegram's result list shows.
"""

from __future__ import annotations

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
)
from telegram.constants import ParseMode

from bot.briefings import BriefedArticle
from bot.delivery.layout import Reader
from bot.i18n import Translator
from bot.telegram import render
from bot.telegram.deep_links import start_link, story_payload
from bot.telegram.html import escape, shorten

RESULT_TITLE_CHARS = 120
RESULT_DESCRIPTION_CHARS = 160
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def briefing_result(
    item: BriefedArticle, reader: Reader, t: Translator, bot_username: str
) -> InlineQueryResultArticle:
    """A briefing as a result: its title and first sentence in the list; when chosen, /summary's message
    with a "Full timeline" button that opens the bot on the timeline of the article's story."""
    briefing = item.briefing
    text = render.stored_briefing(item, t.locale, reader.sentences)[0]  # one message: see render_briefing
    first = briefing.summary[0].text if briefing.summary else ""
    button = InlineKeyboardButton(
        t._("Full timeline"), url=start_link(bot_username, story_payload(item.article_id))
    )
    return InlineQueryResultArticle(
        id=f"a{item.article_id}",
        title=shorten(briefing.title or briefing.url or t._("Untitled article"), RESULT_TITLE_CHARS),
        description=shorten(first, RESULT_DESCRIPTION_CHARS) or None,
        input_message_content=InputTextMessageContent(
            text, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
        ),
        reply_markup=InlineKeyboardMarkup([[button]]),
    )


def notice_result(
    result_id: str, title: str, text: str, description: str | None = None
) -> InlineQueryResultArticle:
    """One line in the result list (no briefing, still reading, a refusal); chosen, it sends `text`,
    which is plain text here and escaped."""
    return InlineQueryResultArticle(
        id=result_id,
        title=shorten(title, RESULT_TITLE_CHARS),
        description=shorten(description, RESULT_DESCRIPTION_CHARS) if description else None,
        input_message_content=InputTextMessageContent(
            escape(text), parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
        ),
    )

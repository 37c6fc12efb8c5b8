"""Anything that goes wrong reaches the user as one short, polite line; the logs get the detail."""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.delivery.topics import topic_refused
from bot.errors import UserFacingError
from bot.i18n import N_, Text, Translator, translator
from bot.redact import mask_urls
from bot.telegram.chat_language import translator_for
from bot.telegram.html import escape, shorten
from bot.telegram.topics import TOPIC_GONE, topic_of
from summarizers import BriefingError
from summarizers.briefing import NO_ARTICLE_TEXT

log = logging.getLogger(__name__)
GENERIC = N_("Sorry, something went wrong on my side. Please try again in a minute.")
FALLBACK = N_("Sorry, that did not work.")  # when even the error reply was refused: short, always sendable
MAX_ERROR_REPLY_CHARS = 600  # an error reply is one short paragraph, whatever its message holds
BRIEFING_PROBLEMS = {  # the engine's reasons (summarizers is pure: its words are English), for a reader
    NO_ARTICLE_TEXT: N_("no article text found"),
    "the text is empty": N_("the text is empty"),
    "this looks like binary data, not text": N_("this looks like binary data, not text"),
    "the text has no sentences to summarize": N_("the text has no sentences to summarize"),
    "the page has no article text": N_("the page has no article text"),
}


def user_message(error: BaseException) -> Text | str | None:
    """Errors at our boundaries (bot.errors.UserFacingError) carry a message for the user; anything else
    is our bug and gets the generic apology."""
    if isinstance(error, UserFacingError):
        return error.message
    if isinstance(error, BriefingError):
        problem = str(error)
        return N_("I couldn't brief that page: {problem}.", problem=BRIEFING_PROBLEMS.get(problem, problem))
    return None


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the traceback; tell the user in one line, unless the chat can't be written to at all.

    A tap's callback query is not answered here: the button dispatcher (handlers.callbacks) has answered
    it already, exactly once.
    """
    error = context.error
    assert error is not None
    if isinstance(update, Update) and await _answered_in_general(update, context, error):
        return
    friendly = user_message(error)
    if friendly is None:
        log.error("Unhandled error while handling %r", update, exc_info=error)
    else:
        log.info("User-facing error: %s (%r)", mask_urls(str(friendly)), error)
    if isinstance(error, Forbidden) or not isinstance(update, Update):
        return
    message = update.effective_message
    if message is not None:
        t = await _translator(update, context)
        await send_error_reply(message, mask_urls(t.text(friendly or GENERIC)), t)


async def _answered_in_general(
    update: Update, context: ContextTypes.DEFAULT_TYPE, error: BaseException
) -> bool:
    """A reply refused because its forum topic is closed (an admin may still write there, the bot not) or
    gone: the user is told so in General, where a reply can go, instead of an apology the topic refuses
    too. False for any other error."""
    message = update.effective_message
    if not isinstance(error, BadRequest) or not topic_refused(str(error)) or topic_of(message) is None:
        return False
    assert message is not None
    log.info(
        "chat %s: a reply in topic %s was refused (%s)", message.chat_id, message.message_thread_id, error
    )
    t = await _translator(update, context)
    try:
        await context.bot.send_message(message.chat_id, t.text(TOPIC_GONE), message_thread_id=None)
    except TelegramError as exc:
        log.warning("Telegram refused the note in General too: %s", exc)
    return True


async def _translator(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Translator:
    """The chat's language; the app's when even that cannot be read (the store may be what failed)."""
    try:
        return await translator_for(update, context)
    except Exception:  # an error reply must go out whatever broke
        log.warning("Could not read the chat's language for an error reply", exc_info=True)
        return translator(update.effective_user.language_code if update.effective_user else None)


async def send_error_reply(message: Message, text: str, t: Translator) -> None:
    """The error's line under `message`; if Telegram refuses it (too long, a markup slip, a vanished
    topic...), the short fixed FALLBACK instead, and the refusal is logged rather than dropped."""
    try:
        await message.reply_text(escape(shorten(text, MAX_ERROR_REPLY_CHARS)), do_quote=False)
        return
    except Forbidden:
        return
    except TelegramError as exc:
        log.warning("Telegram refused an error reply (%s); sending the short fallback instead", exc)
    try:
        await message.reply_text(t.text(FALLBACK), parse_mode=None, do_quote=False)
    except TelegramError as exc:
        log.warning("Telegram refused the fallback error reply too: %s", exc)

"""Inline mode: `@bot URL` or `@bot words` typed in any chat offers briefings to share into it.

Telegram wants the answer within about 10 seconds and sends the query again as the user types. A page
already briefed is answered from the store. Another is briefed in the background (bot.background_briefings,
through /summary's fetch path); a briefing ready within WAIT_SECONDS is offered at once, else a "Reading
the page…" notice is, cached for no time, so the user's next keystroke (a space) gets the briefing.
"""

from __future__ import annotations

import asyncio
import logging
import re

from telegram import InlineQueryResultArticle, Update
from telegram.ext import ContextTypes

from bot.background_briefings import BackgroundBriefings
from bot.briefings import BriefedArticle
from bot.delivery.layout import Reader
from bot.errors import quoted
from bot.i18n import Text, Translator, translator
from bot.redact import mask_urls
from bot.telegram.fair_use import fair_use
from bot.telegram.handlers.common import runtime
from bot.telegram.handlers.errors import GENERIC, user_message
from bot.telegram.inline_results import briefing_result, notice_result
from bot.timelines import has_markup

log = logging.getLogger(__name__)
BACKGROUND_KEY = "background_briefings"
WAIT_SECONDS = 3.0  # a page briefed this fast is offered in the first answer, well within Telegram's 10 s
MAX_RESULTS = 50  # Telegram's limit for one answer
FOUND_CACHE_SECONDS = 30  # Telegram may reuse an answer of stored briefings this long
RETRY_CACHE_SECONDS = 0  # a notice that may change with the next keystroke is not cached
MAX_WORDS_CHARS = 100  # a name or a few words, as for /timeline
QUOTED_QUERY_CHARS = 60
_URL = re.compile(r"(?i)https?://\S+")

Results = tuple[list[InlineQueryResultArticle], int]  # the results and their cache time


async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The user typed `@bot …` in any chat and sees what they can share: the page's briefing for a link,
    their feeds' briefings matching words (the newest with no words), or one line saying why there is
    none, in their language. Whatever goes wrong, the query gets exactly one answer."""
    query = update.inline_query
    if query is None:
        return
    rt = runtime(context)
    user = query.from_user
    try:
        t = translator(await rt.chats.locale_of(user.id, user.language_code))
        reader = Reader(t.locale, (await rt.chats.settings_of(user.id)).summary_length)
        results, cache_time = await _results(query.query, user.id, reader, t, context)
    except Exception as error:
        t = translator(user.language_code)
        results, cache_time = [_problem(error, t)], RETRY_CACHE_SECONDS
    await query.answer(results, cache_time=cache_time, is_personal=True)


async def _results(
    raw: str, user_id: int, reader: Reader, t: Translator, context: ContextTypes.DEFAULT_TYPE
) -> Results:
    text = " ".join(raw.split())
    link = text.split(" ", 1)[0]
    if _URL.fullmatch(link):  # a link, maybe with words after it: the page is what is asked for
        return await _page(link, user_id, reader, t, context)
    if has_markup(text):
        notice = t._("Type a link, or plain words to find a briefing: not HTML.")
        return [notice_result("html", t._("Plain words, please"), notice)], RETRY_CACHE_SECONDS
    if len(text) > MAX_WORDS_CHARS:
        notice = t._("Type a link, or a few words (at most {n} characters).", n=MAX_WORDS_CHARS)
        return [notice_result("long", t._("That is too long"), notice)], RETRY_CACHE_SECONDS
    items = await runtime(context).briefings.of_chat_feeds(user_id, text, MAX_RESULTS)
    if items:
        return _briefings(items, reader, t, context), FOUND_CACHE_SECONDS
    if not text:
        notice = t._("Type a link to brief its page, or words to find briefings from your feeds.")
        return [notice_result("help", t._("Share a briefing"), notice)], RETRY_CACHE_SECONDS
    notice = t._("No briefing from your feeds matches {query}.", query=quoted(text, QUOTED_QUERY_CHARS))
    title = t._("No briefing matches")
    return [notice_result("none", title, notice, description=notice)], RETRY_CACHE_SECONDS


async def _page(
    url: str, user_id: int, reader: Reader, t: Translator, context: ContextTypes.DEFAULT_TYPE
) -> Results:
    """The page's briefing from the store; else its failure of a moment ago; else briefed now in the
    background, offered if it is ready within WAIT_SECONDS, and otherwise the "reading" notice."""
    stored = await runtime(context).briefings.stored_for_url(url)
    if stored is not None:
        return _briefings([stored], reader, t, context), FOUND_CACHE_SECONDS
    background: BackgroundBriefings = context.application.bot_data[BACKGROUND_KEY]
    failed = background.failure(url)
    if failed is not None:
        return [_problem(failed, t)], RETRY_CACHE_SECONDS
    if background.pending(url) is None:
        wait = fair_use(context).limiter.try_acquire(user_id)  # a fetch costs what a /summary costs
        if wait > 0:
            return [_going_fast(int(wait) + 1, t)], RETRY_CACHE_SECONDS
    task = background.start(url, user_id)
    done, _ = await asyncio.wait({task}, timeout=WAIT_SECONDS)
    if done and not task.cancelled():
        error = task.exception()
        if error is None:
            return _briefings([task.result()], reader, t, context), FOUND_CACHE_SECONDS
        return [_problem(error, t)], RETRY_CACHE_SECONDS
    notice = t._(
        "I am still reading {url}. Type a space after the link to see its briefing.", url=quoted(url)
    )
    description = t._("Type a space after the link in a few seconds to see its briefing.")
    return [notice_result("reading", t._("Reading the page…"), notice, description)], RETRY_CACHE_SECONDS


def _briefings(
    items: list[BriefedArticle], reader: Reader, t: Translator, context: ContextTypes.DEFAULT_TYPE
) -> list[InlineQueryResultArticle]:
    username = context.bot.username
    return [briefing_result(item, reader, t, username) for item in items[:MAX_RESULTS]]


def _problem(error: BaseException, t: Translator) -> InlineQueryResultArticle:
    """Why there is no briefing, in one line: the boundary's own message, or the generic apology."""
    friendly: Text | str | None = user_message(error)
    if friendly is None:
        log.error("An inline query failed", exc_info=error)
    text = mask_urls(t.text(friendly or GENERIC))
    return notice_result("problem", t._("No briefing"), text, description=text)


def _going_fast(seconds: int, t: Translator) -> InlineQueryResultArticle:
    text = t.ngettext(
        "You're going fast! Please try again in {n} second.",
        "You're going fast! Please try again in {n} seconds.",
        seconds,
    )
    return notice_result("wait", t._("No briefing"), text, description=text)

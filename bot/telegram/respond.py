"""How the bot answers: HTML pieces with a plain-text fallback, and a holding reply for slow work."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Sequence
from typing import Any, TypeVar

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Message
from telegram.constants import ChatAction
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.telegram.html import to_plain_text

log = logging.getLogger(__name__)
T = TypeVar("T")
HOLDING_AFTER_SECONDS = 2.0
TYPING_EVERY_SECONDS = 4.5  # Telegram shows a chat action for about 5 seconds


async def reply_pieces(
    message: Message,
    pieces: Sequence[str],
    *,
    keyboard: InlineKeyboardMarkup | None = None,
    edit: Message | None = None,
    preview: dict[str, Any] | None = None,
) -> None:
    """Send each piece (the keyboard goes under the last); the first may replace a holding message, and
    carries `preview` (Bot API link_preview_options, bot.delivery.previews) when given."""
    for i, piece in enumerate(pieces):
        markup = keyboard if i == len(pieces) - 1 else None
        options = {"link_preview_options": LinkPreviewOptions(**preview)} if preview and i == 0 else {}
        if i == 0 and edit is not None:
            await _safe(edit.edit_text, piece, reply_markup=markup, **options)
        else:
            await _safe(message.reply_text, piece, reply_markup=markup, do_quote=False, **options)


async def _safe(send, text: str, **kwargs):  # type: ignore[no-untyped-def]
    """'can't parse entities' would be our bug: log it loudly and send the same words as plain text."""
    try:
        return await send(text, **kwargs)
    except BadRequest as exc:
        if "can't parse entities" not in str(exc).lower():
            raise
        log.error("Telegram rejected our HTML (%s); sending plain text instead: %r", exc, text[:500])
        return await send(to_plain_text(text), parse_mode=None, **kwargs)


async def with_holding_reply(
    message: Message,
    context: ContextTypes.DEFAULT_TYPE,
    work: Awaitable[T],
    holding_text: str,
) -> tuple[T, Message | None]:
    """Run `work` showing "typing"; past 2 seconds post a holding reply the caller edits with the result."""
    task = asyncio.ensure_future(work)
    typing = asyncio.create_task(_keep_typing(context, message))
    holding: Message | None = None
    try:
        done, _ = await asyncio.wait({task}, timeout=HOLDING_AFTER_SECONDS)
        if not done:
            holding = await message.reply_text(holding_text, do_quote=False)
        return await task, holding
    except BaseException:
        if holding is not None:
            with contextlib.suppress(Exception):
                await holding.delete()
        raise
    finally:
        typing.cancel()


async def _keep_typing(context: ContextTypes.DEFAULT_TYPE, message: Message) -> None:
    with contextlib.suppress(Exception):
        while True:
            await context.bot.send_chat_action(
                message.chat_id, ChatAction.TYPING, message_thread_id=_thread(message)
            )
            await asyncio.sleep(TYPING_EVERY_SECONDS)


def _thread(message: Message) -> int | None:
    return message.message_thread_id if message.is_topic_message else None

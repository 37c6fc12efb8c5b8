"""The one answer every inline button tap gets.

Telegram shows a spinner on a tapped button until its callback query is answered, and refuses a second
answer ("query is too old ... or query ID is invalid"). Everything that handles a tap (the dispatcher in
handlers.callbacks, the admin checks, fair use, the handlers themselves) answers through `answer_tap`: the
first call is sent, later ones are dropped, and the dispatcher answers at the end if nothing did.
"""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.telegram.html import shorten

log = logging.getLogger(__name__)
MAX_ANSWER_CHARS = 200  # Telegram's limit for a callback query's toast or alert


class TapAnswer:
    """A callback query's answer: the first call is sent, later ones are dropped (and logged)."""

    def __init__(self, query: CallbackQuery) -> None:
        self.query = query
        self.answered = False

    async def __call__(self, text: str | None = None, *, show_alert: bool = False) -> None:
        if self.answered:
            log.debug("Callback query %s already answered; dropping %r", self.query.id, text)
            return
        self.answered = True
        try:
            await self.query.answer(shorten(text, MAX_ANSWER_CHARS) if text else None, show_alert=show_alert)
        except TelegramError as exc:  # a courtesy (it stops the button's spinner): the tap's work goes on
            log.warning("Could not answer callback query %s: %s", self.query.id, exc)


def tap_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> TapAnswer:
    """The answer of this update's callback query, shared by everything that handles the tap."""
    answer = getattr(context, "tap_answer", None)
    if not isinstance(answer, TapAnswer) or answer.query is not update.callback_query:
        assert update.callback_query is not None
        answer = TapAnswer(update.callback_query)
        context.tap_answer = answer  # type: ignore[attr-defined]
    return answer


async def answer_tap(
    update: Update, context: ContextTypes.DEFAULT_TYPE, text: str | None = None, *, show_alert: bool = False
) -> None:
    """Answer the tap (a toast, or an alert with show_alert), unless it was answered already."""
    await tap_answer(update, context)(text, show_alert=show_alert)

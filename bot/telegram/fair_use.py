"""Fair use: one user cannot stall the bot for everyone.

Long-running work (fetches, summaries, timelines, charts, digests, OPML import), from a command or a
button, runs as a background task outside python-telegram-bot's update workers (`concurrent_updates`),
so /help, /start and /settings are never queued behind a fetch. Each user has at most `JOBS_PER_USER`
such jobs at once (a further one is answered "still working" at once), all users together at most
`JOBS_AT_ONCE` (further ones wait their turn without holding a worker), and the heavy ones, commands
and buttons alike, count against the same per-minute limit.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import Update
from telegram.ext import ContextTypes

from bot.i18n import N_, Text, lazy_ngettext
from bot.limits import JobSlots, OnDemandLimiter
from bot.settings import Settings
from bot.telegram.chat_language import translator_for
from bot.telegram.taps import answer_tap

log = logging.getLogger(__name__)
FAIR_USE_KEY = "fair_use"
STILL_WORKING = N_("Still working on your last request. Please send this again once I have answered it.")
Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]
Job = Callable[[], Awaitable[None]]


@dataclass
class FairUse:
    slots: JobSlots  # long-running jobs per user at once
    budget: asyncio.Semaphore  # long-running jobs of all users at once
    limiter: OnDemandLimiter  # heavy commands and buttons per user and minute

    @classmethod
    def from_settings(cls, settings: Settings, limiter: OnDemandLimiter) -> FairUse:
        return cls(JobSlots(settings.jobs_per_user), asyncio.Semaphore(settings.jobs_at_once), limiter)


def fair_use(context: ContextTypes.DEFAULT_TYPE) -> FairUse:
    return context.application.bot_data[FAIR_USE_KEY]


def in_background(name: str, handler: Handler, *, counted: bool) -> Handler:
    """The handler as a long-running job (see `start_job`); `counted` ones also take a per-minute slot."""

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await start_job(update, context, lambda: handler(update, context), name=name, counted=counted)

    return start


async def start_job(
    update: Update, context: ContextTypes.DEFAULT_TYPE, job: Job, *, name: str, counted: bool
) -> bool:
    """Start `job` as a background task when its user has a free slot (and, when `counted`, is within the
    per-minute limit); otherwise say why at once. True when it started. Its errors reach the error
    handler with `update`, as a handler's would."""
    limits = fair_use(context)
    who = requester(update)
    if not limits.slots.try_take(who):
        log.info("%s from %s refused: %d jobs still running", name, who, limits.slots.running(who))
        await answer_at_once(update, context, STILL_WORKING)
        return False
    wait = limits.limiter.try_acquire(who) if counted else 0.0
    if wait > 0:
        limits.slots.release(who)
        seconds = int(wait) + 1
        await answer_at_once(
            update,
            context,
            lazy_ngettext(
                "You're going fast! Please try again in {n} second.",
                "You're going fast! Please try again in {n} seconds.",
                seconds,
            ),
        )
        return False
    context.application.create_task(_run(limits, who, job), update=update, name=f"{name} for {who}")
    return True


async def _run(limits: FairUse, who: int, job: Job) -> None:
    try:
        async with limits.budget:
            await job()
    finally:
        limits.slots.release(who)


def requester(update: Update) -> int:
    """Whose slots a request takes: the user's, or the chat's for a post without a user (a channel)."""
    if update.effective_user is not None:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat is not None else 0


async def answer_at_once(update: Update, context: ContextTypes.DEFAULT_TYPE, message: Text) -> None:
    """A tap gets a short toast (its one answer); a message gets a short reply; in the chat's language."""
    text = (await translator_for(update, context)).text(message)
    if update.callback_query is not None:
        await answer_tap(update, context, text)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text, do_quote=False)

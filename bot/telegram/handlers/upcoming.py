"""/upcoming: the dates coming up in the chat's feeds, as a list with reminder buttons or as a calendar
file; `/upcoming remind on|off` switches a reminder of every upcoming event."""

from __future__ import annotations

import datetime as dt
import io

from telegram import Update
from telegram.ext import ContextTypes

from bot.i18n import Translator
from bot.store.tables import utcnow
from bot.telegram import keyboards
from bot.telegram.handlers.common import (
    may_act_on_managed_channel,
    require_admin,
    runtime,
    target_chat_id,
    translator_for,
)
from bot.telegram.html import escape
from bot.telegram.respond import reply_pieces
from bot.telegram.taps import answer_tap
from bot.telegram.upcoming_layout import render_upcoming, upcoming_calendar
from bot.upcoming import MAX_CALENDAR_EVENTS, Reminded

CALENDAR_FILE = "upcoming.ics"


async def upcoming(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/upcoming` lists the events; `/upcoming ics` sends them as a calendar file; `/upcoming remind on`
    (or off) switches a reminder of every event the day before."""
    message = update.effective_message
    if message is None:
        return
    args = [a.lower() for a in context.args or []]
    if args[:1] == ["ics"] and len(args) == 1:
        await send_calendar(update, context)
    elif args[:1] == ["remind"] and len(args) == 2 and args[1] in ("on", "off"):
        await set_every_event(update, context, args[1] == "on")
    elif not args:
        await send_list(update, context)
    else:
        t = await translator_for(update, context)
        await message.reply_text(
            escape(
                t._("Send /upcoming, /upcoming ics for a calendar file, or /upcoming remind on (or off).")
            ),
            do_quote=False,
        )


async def send_list(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    if not await may_act_on_managed_channel(update, context):
        return
    t = await translator_for(update, context)
    found = await runtime(context).upcoming.for_chat(await target_chat_id(update, context))
    if not found.events:
        await message.reply_text(escape(_nothing_coming(t)), do_quote=False)
        return
    keyboard = keyboards.upcoming_keyboard(found.events, found.every_event_reminders, t)
    await reply_pieces(message, render_upcoming(found.events, found.today, t), keyboard=keyboard)


async def send_calendar(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The upcoming events as an .ics file; a short message when there are none to put in it."""
    message = update.effective_message
    assert message is not None
    if not await may_act_on_managed_channel(update, context):
        return
    t = await translator_for(update, context)
    chat_id = await target_chat_id(update, context)
    found = await runtime(context).upcoming.for_chat(chat_id, limit=MAX_CALENDAR_EVENTS)
    name = t._("briefbot: coming up")
    calendar = upcoming_calendar(found.events, t, now=utcnow(), name=name)
    if calendar is None:
        await message.reply_text(escape(_nothing_coming(t)), do_quote=False)
        return
    await message.reply_document(
        io.BytesIO(calendar),
        filename=CALENDAR_FILE,
        caption=escape(t._("Your upcoming events: open the file to add them to your calendar.")),
        do_quote=False,
    )


def _nothing_coming(t: Translator) -> str:
    return t._("No upcoming dates in your feeds yet. I list them as soon as an article announces one.")


async def set_every_event(update: Update, context: ContextTypes.DEFAULT_TYPE, on: bool) -> None:
    message = update.effective_message
    assert message is not None
    if not await require_admin(update, context):
        return
    await runtime(context).upcoming.remind_every_event(await target_chat_id(update, context), on)
    t = await translator_for(update, context)
    await message.reply_text(escape(_every_event_said(on, t)), do_quote=False)


def _every_event_said(on: bool, t: Translator) -> str:
    if on:
        return t._("I'll remind you the day before every upcoming event in your feeds.")
    return t._("I'll remind you only of the events you pick.")


# -- buttons ----------------------------------------------------------------------------------------------


async def remind_button(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    """The bell under an /upcoming entry: a reminder the day before that event."""
    t = await translator_for(update, context)
    try:
        day = dt.datetime.strptime(args[1], "%Y%m%d").date()
    except ValueError:
        await answer_tap(update, context, t._("This button is no longer valid."))
        return
    if not await require_admin(update, context):
        return
    outcome = await runtime(context).upcoming.remind(await target_chat_id(update, context), int(args[0]), day)
    said = {
        Reminded.ADDED: t._("I'll remind you the day before."),
        Reminded.ALREADY: t._("You have that reminder already."),
        Reminded.GONE: t._("I no longer have that event."),
        Reminded.TOO_LATE: t._("That is too soon for a reminder the day before."),
    }[outcome]
    await answer_tap(update, context, said)


async def remind_every_button(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    if not await require_admin(update, context):
        return
    on = args[0] == "on"
    await runtime(context).upcoming.remind_every_event(await target_chat_id(update, context), on)
    await answer_tap(update, context, _every_event_said(on, await translator_for(update, context)))


async def calendar_button(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    await answer_tap(update, context)
    await send_calendar(update, context)

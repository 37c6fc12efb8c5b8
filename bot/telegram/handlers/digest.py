"""/digest (the chat's digest now), /filter (keyword filters), the "+M more" button, and the delivery loops.

`start_delivery` runs, in the bot's process, the planner (each minute: due digests and instant items) and
a sender loop, and has the poller hand news to instant-mode chats as soon as it is stored. Both loops are
plain asyncio tasks rather than JobQueue jobs: planning catches up on missed slots by itself (see
bot.delivery.schedule), so it needs none of APScheduler's misfire rules.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging

from telegram import Update
from telegram.ext import Application, ContextTypes

from bot.delivery import DeliveryService, Sender, build_sender_bot
from bot.delivery.digest import MORE_ACTION
from bot.delivery.filters import EXCLUDE, INCLUDE, FilterError, KeywordFilter, parse_filter_command
from bot.delivery.planner import PLANNER_PERIOD
from bot.runtime import Runtime
from bot.telegram import keyboards
from bot.telegram.connection import LINK_KEY
from bot.telegram.handlers.common import command_args, require_admin, target_chat_id
from bot.telegram.handlers.summary import within_limit
from bot.telegram.render import escape
from bot.telegram.respond import reply_pieces

log = logging.getLogger(__name__)
DELIVERY_KEY = "delivery"
_TASKS_KEY = "delivery_tasks"
_STOP_KEY = "delivery_stop"


def delivery(context: ContextTypes.DEFAULT_TYPE) -> DeliveryService:
    return context.application.bot_data[DELIVERY_KEY]


async def digest_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The chat gets its digest of what is new now, or a short "nothing new" reply."""
    message = update.effective_message
    if message is None or not await require_admin(update, context) or not await within_limit(update, context):
        return
    requested = await delivery(context).digest_now(await target_chat_id(update, context))
    if not requested.messages:
        await message.reply_text(
            "Nothing new since your last digest. Add feeds with /subscribe, or check /filter.", do_quote=False
        )


async def filter_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/filter lists the filters; /filter +word, /filter -"a phrase", /filter remove +word, /filter clear."""
    message = update.effective_message
    if message is None:
        return
    args = " ".join(command_args(context))
    try:
        command = parse_filter_command(args)
    except FilterError as exc:
        await message.reply_text(escape(str(exc)), do_quote=False)
        return
    chat_id = await target_chat_id(update, context)
    if command.action == "list":
        await message.reply_text(describe_filters(await delivery(context).filters(chat_id)), do_quote=False)
        return
    if not await require_admin(update, context):
        return
    try:
        filters = await delivery(context).apply_filter_command(chat_id, command)
    except FilterError as exc:
        await message.reply_text(escape(str(exc)), do_quote=False)
        return
    await message.reply_text("Saved.\n\n" + describe_filters(filters), do_quote=False)


def describe_filters(filters: list[KeywordFilter]) -> str:
    """The chat's filters in HTML, with how to change them."""
    includes = [f for f in filters if f.mode == INCLUDE]
    excludes = [f for f in filters if f.mode == EXCLUDE]
    if not filters:
        return (
            "<b>Filters</b>: none, so digests hold everything from your feeds.\n"
            "/filter +word keeps only items that mention a word, /filter -word drops them; "
            'quote phrases: /filter -"transfer window".'
        )
    lines = ["<b>Filters</b> (whole words, any case)"]
    if includes:
        lines.append(
            "Only items mentioning: " + ", ".join(f"<code>{escape(f.phrase)}</code>" for f in includes)
        )
    if excludes:
        lines.append(
            "Never items mentioning: " + ", ".join(f"<code>{escape(f.phrase)}</code>" for f in excludes)
        )
    lines.append("/filter remove +word drops one; /filter clear drops all.")
    return "\n".join(lines)


async def show_more(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    """The "+M more" button under a digest: the rest of its items, as new messages (callbacks.ACTIONS form)."""
    query = update.callback_query
    assert query is not None
    run_id = int(args[0]) if args and args[0].isdigit() else 0
    chat = update.effective_chat
    pieces = await delivery(context).more_messages(run_id, chat.id) if chat and run_id else []
    if not pieces or query.message is None:
        await query.answer("Those items are no longer available.")
        return
    await query.answer()
    await reply_pieces(query.message, pieces)  # type: ignore[arg-type]


async def on_more_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The same, as a handler of its own: CallbackQueryHandler(on_more_button, pattern=r"^dgmore:")."""
    query = update.callback_query
    if query is None:
        return
    await show_more(update, context, list(keyboards.decode_callback(query.data or "").args))


async def start_delivery(application: Application, runtime: Runtime) -> None:
    """Start the planner and the sender in this process; `stop_delivery` ends them."""
    bot = build_sender_bot(runtime.settings, link=application.bot_data.get(LINK_KEY))
    await bot.initialize()
    sender = Sender(
        runtime.database, bot, rate_per_second=runtime.settings.send_rate_per_second, metrics=runtime.metrics
    )
    service = DeliveryService(runtime.database, runtime.settings, sender)
    stop = asyncio.Event()
    application.bot_data[DELIVERY_KEY] = service
    runtime.poller.on_new_articles = lambda result: service.news_stored(result.feed_id)
    application.bot_data[_STOP_KEY] = stop
    application.bot_data[_TASKS_KEY] = (
        asyncio.create_task(_plan_every_minute(service, stop), name="delivery planner"),
        asyncio.create_task(sender.run(stop), name="delivery sender"),
        bot,
    )


def delivery_running(application: Application) -> bool:
    """Both delivery loops (planner and sender) are running in this process."""
    tasks = application.bot_data.get(_TASKS_KEY)
    return tasks is not None and not any(task.done() for task in tasks[:2])


async def stop_delivery(application: Application) -> None:
    """Stop planning, let messages in flight finish and be recorded, and close the sender's connections."""
    stop: asyncio.Event | None = application.bot_data.get(_STOP_KEY)
    if stop is None:
        return
    stop.set()
    planner, sender, bot = application.bot_data.pop(_TASKS_KEY)
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.gather(planner, sender, return_exceptions=True)
    await application.bot_data[DELIVERY_KEY].settled(cancel=True)
    await bot.shutdown()


async def _plan_every_minute(service: DeliveryService, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            report = await service.plan_due()
            if report.messages or report.skipped_slots:
                log.info(
                    "planned %d digest(s), %d instant item(s), %d message(s); %d late, %d slot(s) skipped",
                    report.digests,
                    report.instant_items,
                    report.messages,
                    report.late,
                    report.skipped_slots,
                )
        except Exception:
            log.exception("planning deliveries failed; trying again in a minute")
        period = PLANNER_PERIOD.total_seconds()
        now = dt.datetime.now(dt.UTC).timestamp()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), period - now % period + 1)


__all__ = [
    "MORE_ACTION",
    "digest_command",
    "filter_command",
    "on_more_button",
    "show_more",
    "start_delivery",
    "stop_delivery",
]

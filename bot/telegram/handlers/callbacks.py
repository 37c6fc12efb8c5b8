"""Inline button taps. Every callback query is answered, even stale or unknown ones."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.telegram import keyboards
from bot.telegram.fair_use import start_job
from bot.telegram.handlers import feeds, settings, summary, timeline
from bot.telegram.handlers.common import require_admin, runtime, target_chat_id
from bot.telegram.html import escape

log = logging.getLogger(__name__)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Route the tap by its action; the user always gets an answer (a toast or a new message)."""
    query = update.callback_query
    if query is None:
        return
    callback = keyboards.decode_callback(query.data or "")
    handler = ACTIONS.get(callback.action)
    if handler is None:
        await query.answer("This button is no longer valid.")
        return
    args = list(callback.args)
    if callback.action not in LONG_RUNNING_ACTIONS:
        await handler(update, context, args)
        return
    await start_job(
        update,
        context,
        lambda: handler(update, context, args),
        name=f"button {callback.action}",
        counted=_counted(callback.action, args),
    )


def _counted(action: str, args: list[str]) -> bool:
    """Buttons that brief, draw or list like /summary and /timeline count against the same per-minute
    limit; the ones that subscribe are held to the job slots only, like /subscribe."""
    if action == keyboards.LINK:
        return bool(args) and args[0] == "sum"
    return action != keyboards.SUBSCRIBE_DEFAULT


async def _timeline_of(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    await update.callback_query.answer()  # type: ignore[union-attr]
    await timeline.send_timeline(update, context, args[0] if args else "")


async def _timeline_sentences(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    await update.callback_query.answer()  # type: ignore[union-attr]
    await timeline.send_timeline(update, context, args[0] if args else "", full_sentences=True)


async def _chart_of(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    await update.callback_query.answer("Drawing the timeline…")  # type: ignore[union-attr]
    await timeline.send_timeline_chart(update, context, args[0] if args else "")


async def _mute_feed(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    query = update.callback_query
    assert query is not None
    if not await require_admin(update, context):
        return
    title = await runtime(context).subscriptions.mute(await target_chat_id(update, context), int(args[0]))
    await query.answer(f"Muted {title}." if title else "You are not subscribed to that feed any more.")


async def _unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    query = update.callback_query
    assert query is not None
    if not await require_admin(update, context):
        return
    title = await runtime(context).subscriptions.unsubscribe(
        await target_chat_id(update, context), int(args[0])
    )
    await query.answer()
    text = f"Unsubscribed from {title}." if title else "You were not subscribed to that feed."
    await query.edit_message_text(escape(text))


async def _subscribe_default(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    query = update.callback_query
    assert query is not None
    defaults = runtime(context).subscriptions.default_feeds()
    index = int(args[0]) if args and args[0].isdigit() else -1
    if not 0 <= index < len(defaults):
        await query.answer("That feed is no longer offered.")
        return
    if not await require_admin(update, context):
        return
    await query.answer("Subscribing…")
    await feeds.subscribe_url(update, context, defaults[index].url)


async def _link_choice(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    query = update.callback_query
    assert query is not None
    choice, token = ([*args, "", ""])[:2]
    url = feeds.recall_link(context, token)
    if url is None:
        await query.answer("I no longer have that link; please send it again.", show_alert=True)
        return
    await query.answer()
    if choice == "sum":
        await summary.summarize_url(update, context, url)
    elif await require_admin(update, context):
        await feeds.subscribe_url(update, context, url)


async def _setting(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    name, value = ([*args, "", ""])[:2]
    await settings.apply_setting(update, context, name, value)


async def _settings_panel(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    await update.callback_query.answer()  # type: ignore[union-attr]
    await settings.show_settings(update, context)


async def _more_digest(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    count = int(args[0]) if args and args[0].isdigit() else summary.DEFAULT_COUNT
    context.args = [str(min(count, summary.MAX_COUNT))]
    await summary.summary(update, context)


# Buttons whose work can take long: they run as background jobs (bot.telegram.fair_use).
LONG_RUNNING_ACTIONS = frozenset(
    {
        keyboards.TIMELINE,
        keyboards.CHART,
        keyboards.TIMELINE_SENTENCES,
        keyboards.SUBSCRIBE_DEFAULT,
        keyboards.LINK,
        keyboards.MORE,
    }
)
ACTIONS = {
    keyboards.TIMELINE: _timeline_of,
    keyboards.CHART: _chart_of,
    keyboards.TIMELINE_SENTENCES: _timeline_sentences,
    keyboards.MUTE_FEED: _mute_feed,
    keyboards.UNSUBSCRIBE: _unsubscribe,
    keyboards.SUBSCRIBE_DEFAULT: _subscribe_default,
    keyboards.LINK: _link_choice,
    keyboards.SETTING: _setting,
    keyboards.MORE: _more_digest,
    keyboards.SETTINGS_PANEL: _settings_panel,
}

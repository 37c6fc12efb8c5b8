"""Inline button taps: the data is parsed before any handler runs, and every query is answered once.

keyboards.parse_callback rejects data none of our buttons carries (a stale keyboard, a forged client):
such a tap gets a short toast and nothing in the chat. A handler answers through answer_tap; whatever
path it takes (a refusal, an error), the dispatcher answers once at the end if nothing did, or, for a
tap whose work runs as a background job (bot.telegram.fair_use), the job does when it ends.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import ContextTypes

from bot.errors import quoted
from bot.i18n import N_
from bot.telegram import keyboards
from bot.telegram.fair_use import start_job
from bot.telegram.handlers import (
    digest,
    feeds,
    follow,
    settings,
    sources,
    summary,
    timeline,
    topics,
    upcoming,
)
from bot.telegram.handlers.common import require_admin, runtime, target_chat_id, translator_for
from bot.telegram.html import escape
from bot.telegram.taps import TapAnswer, answer_tap, tap_answer

log = logging.getLogger(__name__)
NO_LONGER_VALID = N_("This button is no longer valid.")
TapHandler = Callable[[Update, ContextTypes.DEFAULT_TYPE, list[str]], Awaitable[None]]


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Route the tap by its action; the user always gets exactly one answer (a toast or an alert)."""
    query = update.callback_query
    if query is None:
        return
    answer = tap_answer(update, context)
    in_background = False
    try:
        callback = keyboards.parse_callback(query.data)
        if callback is None:
            log.info("Ignoring a tap with malformed callback data %r", quoted(query.data or "", 100))
            await answer((await translator_for(update, context)).text(NO_LONGER_VALID))
            return
        handler, args = ACTIONS[callback.action], list(callback.args)
        if callback.action not in LONG_RUNNING_ACTIONS:
            await handler(update, context, args)
            return
        in_background = await start_job(
            update,
            context,
            lambda: _answered(answer, handler(update, context, args)),
            name=f"button {callback.action}",
            counted=_counted(callback.action, args),
        )
    finally:
        if not in_background:
            await answer()  # a no-op when the handler answered


async def _answered(answer: TapAnswer, work: Awaitable[None]) -> None:
    """A tap's background job, answered when it ends if it did not answer itself."""
    try:
        await work
    finally:
        await answer()


def _counted(action: str, args: list[str]) -> bool:
    """Buttons that brief, draw or list like /summary and /timeline count against the same per-minute
    limit; the ones that subscribe are held to the job slots only, like /subscribe."""
    if action == keyboards.LINK:
        return bool(args) and args[0] == "sum"
    return action != keyboards.SUBSCRIBE_DEFAULT


async def _timeline_of(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    await answer_tap(update, context)
    await timeline.send_timeline(update, context, args[0])


async def _timeline_sentences(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    await answer_tap(update, context)
    await timeline.send_timeline(update, context, args[0], full_sentences=True)


async def _chart_of(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    await answer_tap(update, context, (await translator_for(update, context))._("Drawing the timeline…"))
    await timeline.send_timeline_chart(update, context, args[0])


async def _mute_feed(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    if not await require_admin(update, context):
        return
    title = await runtime(context).subscriptions.mute(await target_chat_id(update, context), int(args[0]))
    t = await translator_for(update, context)
    await answer_tap(
        update,
        context,
        t._("Muted {title}.", title=quoted(title))
        if title
        else t._("You are not subscribed to that feed any more."),
    )


async def _unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    query = update.callback_query
    assert query is not None
    if not await require_admin(update, context):
        return
    title = await runtime(context).subscriptions.unsubscribe(
        await target_chat_id(update, context), int(args[0])
    )
    await answer_tap(update, context)
    t = await translator_for(update, context)
    text = (
        t._("Unsubscribed from {title}.", title=quoted(title))
        if title
        else t._("You were not subscribed to that feed.")
    )
    await query.edit_message_text(escape(text))


async def _subscribe_default(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    defaults = runtime(context).subscriptions.default_feeds()
    index = int(args[0])
    t = await translator_for(update, context)
    if not 0 <= index < len(defaults):
        await answer_tap(update, context, t._("That feed is no longer offered."))
        return
    if not await require_admin(update, context):
        return
    await answer_tap(update, context, t._("Subscribing…"))
    await feeds.subscribe_url(update, context, defaults[index].url)


async def _link_choice(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    choice, token = args
    url = feeds.recall_link(context, token)
    if url is None:
        t = await translator_for(update, context)
        await answer_tap(
            update, context, t._("I no longer have that link; please send it again."), show_alert=True
        )
        return
    if choice == "sum":
        await answer_tap(update, context)
        await summary.summarize_url(update, context, url)
    elif await require_admin(update, context):
        await answer_tap(update, context)
        await feeds.subscribe_url(update, context, url)


async def _setting(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    name, value = ([*args, ""])[:2]
    await settings.apply_setting(update, context, name, value)


async def _settings_panel(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    await settings.show_settings(update, context)  # a non-admin's alert is the answer; else a blank one


async def _more_digest(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    await answer_tap(update, context)
    context.args = [str(min(int(args[0]), summary.MAX_COUNT))]
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
        keyboards.UPCOMING_FILE,
    }
)
ACTIONS: dict[str, TapHandler] = {
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
    keyboards.DIGEST_MORE: digest.show_more,
    keyboards.FEED_PREVIEWS: feeds.set_feed_previews,
    keyboards.FEED_TOPIC: topics.set_feed_topic,
    keyboards.REMIND: upcoming.remind_button,
    keyboards.REMIND_EVERY: upcoming.remind_every_button,
    keyboards.UPCOMING_FILE: upcoming.calendar_button,
    keyboards.STORY_SOURCES: sources.sources_button,
    keyboards.FOLLOW: follow.follow_choice,
    keyboards.FOLLOW_MUTE: follow.mute_follow,
    keyboards.FOLLOW_UNMUTE: follow.unmute_follow,
    keyboards.FOLLOW_DROP: follow.drop_follow,
}

"""/start and /help: the welcome, the default feeds with one tap, and the list of commands."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.telegram import keyboards, render
from bot.telegram.handlers.common import runtime
from bot.telegram.html import escape

COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "welcome and the default feeds"),
    ("help", "what every command does"),
    ("subscribe", "subscribe to a feed or site: /subscribe URL"),
    ("unsubscribe", "choose a feed to drop"),
    ("feeds", "your feeds and their status"),
    ("summary", "brief a page (/summary URL) or your newest articles (/summary 5)"),
    ("timeline", "how a story unfolded: /timeline Putin"),
    ("digest", "send your digest now"),
    ("filter", "keyword filters: /filter +word, /filter -word, /filter clear"),
    ("settings", "digest time, time zone, summary length, language"),
    ("export", "your feeds as an OPML file (send an .opml file to import)"),
    ("manage", "manage a channel from this chat: /manage @channel"),
    ("stop", "unsubscribe from everything"),
)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The user sees a welcome, what the bot does, and one-tap buttons for the default feeds."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None:
        return
    rt = runtime(context)
    resumed = await rt.chats.register(chat.id, chat.type, chat.title or chat.full_name)
    if resumed:
        await message.reply_text(render.welcome_back(resumed), do_quote=False)
        return
    defaults = rt.subscriptions.default_feeds()
    text = (
        "<b>Welcome to briefbot.</b>\n"
        "I read news feeds for you and send short briefings: the key sentences, who and where, and the "
        f"dates that matter. Your digest arrives daily at {escape(rt.settings.digest_time)} "
        f"({escape(rt.settings.default_timezone)}); change it in /settings.\n\n"
        "Send me a link to brief it, /subscribe to a feed, or tap a default feed below. /help lists everything."
    )
    await message.reply_text(text, reply_markup=keyboards.welcome_keyboard(defaults), do_quote=False)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The user sees every command with a one-line description."""
    if update.effective_message is None:
        return
    lines = ["<b>Commands</b>"] + [f"/{name} – {escape(text)}" for name, text in COMMANDS]
    await update.effective_message.reply_text("\n".join(lines), do_quote=False)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An unknown /command gets a pointer to /help instead of silence."""
    if update.effective_message is None:
        return
    await update.effective_message.reply_text(
        "I don't know that command. /help lists what I can do.", do_quote=False
    )

"""/start and /help: the welcome, the default feeds with one tap, and the list of commands."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.i18n import N_, Text, Translator
from bot.telegram import keyboards, render
from bot.telegram.deep_links import story_of_payload
from bot.telegram.handlers.common import command_args, runtime, translator_for
from bot.telegram.handlers.timeline import send_story_timeline
from bot.telegram.html import escape
from bot.telegram.topics import is_forum

COMMANDS: tuple[tuple[str, Text], ...] = (
    ("start", N_("welcome and the default feeds")),
    ("help", N_("what every command does")),
    ("subscribe", N_("subscribe to a feed or site: /subscribe URL")),
    ("unsubscribe", N_("choose a feed to drop")),
    ("feeds", N_("your feeds and their status")),
    ("summary", N_("brief a page (/summary URL) or your newest articles (/summary 5)")),
    ("timeline", N_("how a story unfolded: /timeline Putin")),
    ("upcoming", N_("the dates coming up in your feeds; /upcoming ics for a calendar file")),
    ("follow", N_("alerts about a person, organisation or place: /follow Putin")),
    ("unfollow", N_("stop following a name: /unfollow Putin")),
    ("sources", N_("who reported a story, and who first: the “Sources” button under a digest item")),
    ("digest", N_("send your digest now")),
    ("filter", N_("keyword filters: /filter +word, /filter -word, /filter clear")),
    ("settings", N_("digest time, time zone, summary length, language")),
    ("export", N_("your feeds as an OPML file (send an .opml file to import)")),
    ("manage", N_("manage a channel from this chat: /manage @channel")),
    ("stop", N_("unsubscribe from everything")),
)


def command_menu(t: Translator) -> list[tuple[str, str]]:
    """The command menu in one language: (command, description) pairs, descriptions within Telegram's 256."""
    return [(name, t.text(description)[:256]) for name, description in COMMANDS]


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The user sees a welcome, what the bot does, and one-tap buttons for the default feeds; opened from
    a shared briefing's "Full timeline" button (/start story_<article id>), the timeline of its story."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None:
        return
    rt = runtime(context)
    resumed = await rt.chats.register(chat.id, chat.type, chat.title or chat.full_name)
    story = story_of_payload(next(iter(command_args(context)), None))
    if story is not None:
        await send_story_timeline(update, context, story)
        return
    t = await translator_for(update, context)
    if resumed:
        await message.reply_text(render.welcome_back(resumed, t), do_quote=False)
        return
    defaults = rt.subscriptions.default_feeds()
    text = "\n".join(
        [
            t._("<b>Welcome to briefbot.</b>"),
            t._(
                "I read news feeds for you and send short briefings: the key sentences, who and where, and "
                "the dates that matter. Your digest arrives daily at {time} ({zone}); change it in /settings.",
                time=escape(rt.settings.digest_time),
                zone=escape(rt.settings.default_timezone),
            ),
            "",
            t._(
                "Send me a link to brief it, /subscribe to a feed, or tap a default feed below. /help lists everything."
            ),
        ]
    )
    await message.reply_text(text, reply_markup=keyboards.welcome_keyboard(defaults, t), do_quote=False)


TOPICS_HELP = N_(
    "🧵 Topics: /subscribe inside a topic sends that feed's items and digests there. /feeds inside a topic "
    "has a “Send here” button for every feed, and /settings inside a topic can send the digest there. If a "
    "topic is closed or deleted, its messages go to General and the admins are told."
)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The user sees every command with a one-line description, in the chat's language."""
    if update.effective_message is None:
        return
    t = await translator_for(update, context)
    lines = [t._("<b>Commands</b>")] + [f"/{name} – {escape(text)}" for name, text in command_menu(t)]
    if is_forum(update.effective_chat):
        lines += ["", escape(t.text(TOPICS_HELP))]
    await update.effective_message.reply_text("\n".join(lines), do_quote=False)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An unknown /command gets a pointer to /help instead of silence."""
    if update.effective_message is None:
        return
    t = await translator_for(update, context)
    await update.effective_message.reply_text(
        t._("I don't know that command. /help lists what I can do."), do_quote=False
    )

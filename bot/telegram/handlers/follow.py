"""/follow and /unfollow: the people, organisations and places a chat gets alerts about."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.errors import quoted
from bot.follows import FollowError, FollowResult
from bot.i18n import Translator
from bot.telegram import keyboards
from bot.telegram.handlers.common import (
    may_act_on_managed_channel,
    require_admin,
    runtime,
    target_chat_id,
    translator_for,
)
from bot.telegram.html import escape
from bot.telegram.taps import answer_tap

NAME_CHARS = 60


async def follow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/follow NAME` follows a person, organisation or place (buttons when the name may mean several);
    `/follow` alone lists the follows, each with buttons to mute or drop it."""
    text = await _name_to_act_on(update, context)
    if text is not None:
        await follow_name(update, context, text)


async def _name_to_act_on(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | None:
    """The NAME of `/follow NAME` or `/unfollow NAME` once an admin sent it; without a name the chat gets
    its list of follows instead, and None."""
    if update.effective_message is None:
        return None
    text = " ".join(context.args or []).strip()
    if not text:
        await list_follows(update, context)
        return None
    return text if await require_admin(update, context) else None


async def follow_name(
    update: Update, context: ContextTypes.DEFAULT_TYPE, text: str, *, chosen: bool = False
) -> None:
    message = update.effective_message
    assert message is not None
    t = await translator_for(update, context)
    try:
        result = await runtime(context).follows.follow(
            await target_chat_id(update, context), text, chosen=chosen
        )
    except FollowError as exc:
        await message.reply_text(escape(t.text(exc.message)), do_quote=False)
        return
    if result.status == "choose":
        await message.reply_text(
            escape(t._("Which one do you mean by {name}?", name=quoted(result.name, NAME_CHARS))),
            reply_markup=keyboards.follow_choices_keyboard(result.choices, t),
            do_quote=False,
        )
        return
    await message.reply_text(escape(_followed(result, t)), do_quote=False)


def _followed(result: FollowResult, t: Translator) -> str:
    name = quoted(result.name, NAME_CHARS)
    if result.status == "already":
        return t._("You already follow {name}.", name=name)
    if not result.known:
        return t._(
            "None of the news I have mentions {name} yet. I follow it for you and will tell you when it "
            "appears.",
            name=name,
        )
    return t._(
        "You follow {name} now: I will tell you when it is what a new article in your feeds is about. "
        "/follow lists your follows.",
        name=name,
    )


async def unfollow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/unfollow NAME` drops that follow; without a name, the list with its buttons."""
    text = await _name_to_act_on(update, context)
    if text is None:
        return
    message = update.effective_message
    assert message is not None
    t = await translator_for(update, context)
    try:
        name = await runtime(context).follows.unfollow(await target_chat_id(update, context), text)
    except FollowError as exc:
        await message.reply_text(escape(t.text(exc.message)), do_quote=False)
        return
    reply = (
        t._("You no longer follow {name}.", name=quoted(name, NAME_CHARS))
        if name
        else t._("You do not follow {name}. /follow lists your follows.", name=quoted(text, NAME_CHARS))
    )
    await message.reply_text(escape(reply), do_quote=False)


async def list_follows(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The follows, each with a button to mute (or unmute) it and one to drop it."""
    message = update.effective_message
    assert message is not None
    if not await may_act_on_managed_channel(update, context):
        return
    t = await translator_for(update, context)
    follows = await runtime(context).follows.follows(await target_chat_id(update, context))
    if not follows:
        await message.reply_text(
            escape(t._("You follow no one yet. Send /follow NAME, e.g. /follow Putin.")), do_quote=False
        )
        return
    lines = [t._("Your follows ({n}):", n=len(follows))]
    for f in follows:
        name = quoted(f.name, NAME_CHARS)
        lines.append("• " + (t._("{name} (muted)", name=name) if f.muted else name))
    await message.reply_text(
        escape("\n".join(lines)), reply_markup=keyboards.follows_keyboard(follows, t), do_quote=False
    )


# -- buttons ---------------------------------------------------------------------------------------------


async def follow_choice(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    if not await require_admin(update, context):
        return
    await answer_tap(update, context)
    await follow_name(update, context, args[0], chosen=True)


async def mute_follow(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    await _set_muted(update, context, int(args[0]), True)


async def unmute_follow(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    await _set_muted(update, context, int(args[0]), False)


async def _set_muted(update: Update, context: ContextTypes.DEFAULT_TYPE, follow_id: int, muted: bool) -> None:
    if not await require_admin(update, context):
        return
    t = await translator_for(update, context)
    name = await runtime(context).follows.set_muted(await target_chat_id(update, context), follow_id, muted)
    if name is None:
        await answer_tap(update, context, t._("You no longer follow that."))
        return
    name = quoted(name, NAME_CHARS)
    toast = (
        t._("Muted alerts about {name}.", name=name)
        if muted
        else t._("Alerts about {name} are back on.", name=name)
    )
    await _refresh_list(update, context)
    await answer_tap(update, context, toast)


async def drop_follow(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    if not await require_admin(update, context):
        return
    t = await translator_for(update, context)
    name = await runtime(context).follows.drop(await target_chat_id(update, context), int(args[0]))
    if name is None:
        await answer_tap(update, context, t._("You no longer follow that."))
        return
    await _refresh_list(update, context)
    await answer_tap(update, context, t._("You no longer follow {name}.", name=quoted(name, NAME_CHARS)))


async def _refresh_list(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Under /follow's list, the buttons follow the change; under an alert, the alert stays as it is."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    markup = getattr(query.message, "reply_markup", None)
    data = [b.callback_data for row in (markup.inline_keyboard if markup else ()) for b in row]
    if not any(str(d).startswith(keyboards.FOLLOW_DROP + ":") for d in data):
        return
    t = await translator_for(update, context)
    follows = await runtime(context).follows.follows(await target_chat_id(update, context))
    await query.edit_message_reply_markup(reply_markup=keyboards.follows_keyboard(follows, t))

"""The main conversations in every locale, through the real bot and the strict Bot API server: /start,
/help, subscribe, feeds, summary, timeline, digest, settings (a tap included) and an error. In a chat whose
Telegram app speaks another language, no reply, button or toast may hold an English phrase of the
catalog, and Telegram must accept every message (4,096 UTF-16 units, 64-byte callback data, valid HTML).

An English phrase is (a) a run of three words or more of a msgid, between its placeholders, or (b) a whole
line or button label equal to a msgid; either only when the locale's own translations do not contain it
too (commands, "JSON Feed" and the like are the same in every language). Three words keep the article
text (English web pages) from matching by chance; web text is never translated.
"""

from __future__ import annotations

import asyncio
import functools
import re
import string
from pathlib import Path

import pytest

from bot.i18n import DEFAULT_LOCALE, LOCALES, placeholders
from bot.locales import catalogs
from tests.servers.botapi import MAX_TEXT_UTF16, keyboard_buttons, utf16_len
from tests.telegram.conftest import RunningBot, started_bot

pytestmark = pytest.mark.slow
APP_CODES = {"pt": "pt-br", "zh_Hans": "zh-hans"}  # what Telegram apps send; the rest send the base code
_WORD = re.compile(r"[^\W\d_]{2,}")
_TAG = re.compile(r"<[^>]+>")
_DECORATION = re.compile(r"^[\s✓«»⏰+✕•↳]+|[\s…:.]+$")


def _pattern(parts: list[tuple[str, str | None, str | None, str | None]]) -> str:
    """A msgid with placeholders as a regex: a count matches digits only, any other value a short run, so
    English web text ("and then more") does not pass for "and {n} more"."""
    out = ""
    for literal, field, *_ in parts:
        out += re.escape(" ".join(literal.split(" ")).casefold())
        if field is not None:
            out += r"[\d\s.,]+" if field in {"n", "done", "total"} else ".{1,80}?"
    return out


@functools.cache
def _english_and_translations(locale: str) -> tuple[set[str], set[str], list[re.Pattern[str]]]:
    """(phrases of three words or more, whole msgids, msgids with placeholders as patterns), each only
    when no translation of the locale holds it too."""
    with catalogs.po_path(locale).open("rb") as handle:
        catalog = catalogs.read_po(handle, locale=locale)
    runs: set[str] = set()
    wholes: set[str] = set()
    patterns: set[str] = set()
    translated: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        translated += [s.casefold() for s in strings if s]
        for msgid in ids:
            plain = _TAG.sub("", msgid)
            if not placeholders(msgid):
                wholes.add(_DECORATION.sub("", plain).casefold())
            else:
                parts = list(string.Formatter().parse(plain))
                if sum(len(_WORD.findall(lit)) for lit, *_ in parts) >= 2:
                    patterns.add(_pattern(parts))
            for literal, *_ in string.Formatter().parse(plain):
                for clause in re.split(r"[.;:!?()“”\"]", literal):
                    if len(_WORD.findall(clause)) >= 3:
                        runs.add(" ".join(clause.split()).casefold())
    joined = "\n".join(translated)
    kept = [re.compile(p) for p in patterns if not any(re.search(p, t) for t in translated)]
    same = {_DECORATION.sub("", _TAG.sub("", t)) for t in translated}  # labels a language keeps as they are
    return {r for r in runs if r not in joined}, {w for w in wholes if w and w not in same}, kept


def english_in(texts: list[str], buttons: list[str], locale: str) -> list[str]:
    """The English catalog phrases found in a chat's texts and button labels."""
    runs, wholes, patterns = _english_and_translations(locale)
    found = []
    for text in texts:
        folded = " ".join(text.split()).casefold()
        found += [f"phrase {r!r} in {text[:80]!r}" for r in runs if r in folded]
        found += [f"message {p.pattern!r} in {text[:80]!r}" for p in patterns if p.search(folded)]
        found += [
            f"line {line!r}" for line in text.splitlines() if _DECORATION.sub("", line).casefold() in wholes
        ]
    found += [f"button {b!r}" for b in buttons if _DECORATION.sub("", b).casefold() in wholes]
    return found


def _has_button(message, prefix: str) -> bool:  # type: ignore[no-untyped-def]
    return any(b.get("callback_data", "").startswith(prefix) for b in message.buttons)


async def _conversation(bot: RunningBot, user: int, *, first: bool) -> None:
    """One chat through the main commands; each step waits for its reply."""

    async def say(text: str, count: int = 1, timeout: float = 60) -> None:
        before = len(bot.server.sent_messages(user))
        bot.say(text, chat=user, user=user)
        await bot.server.wait_for(
            lambda: len(bot.server.sent_messages(user)) >= before + count, timeout=timeout
        )

    await say("/start")
    await say("/help")
    await say(f"/subscribe {bot.web}/generated/local.rss")
    await say("/feeds")
    await say(f"/summary {bot.web}/dated/meta.html")
    await bot.server.wait_for(  # the briefing (a holding reply may come first), its timeline button under it
        lambda: any(_has_button(m, "tl:") for m in bot.server.sent_messages(user)),
        timeout=120 if first else 60,
    )
    await say("/timeline Putin")

    def timeline_message():  # type: ignore[no-untyped-def]
        return next((m for m in bot.server.sent_messages(user) if _has_button(m, "tlfull:")), None)

    timeline = await bot.server.wait_for(timeline_message, timeout=60)
    full = next(b for b in timeline.buttons if b["callback_data"].startswith("tlfull:"))
    before = len(bot.server.sent_messages(user))
    bot.server.push_callback(user, user, full["callback_data"], timeline.message_id)
    await bot.server.wait_for(lambda: len(bot.server.sent_messages(user)) > before, timeout=60)
    await say("/timeline Nobodyknowsthisname")
    await say("/digest")
    await say("/settings")
    panel = await bot.server.wait_for(
        lambda: next((m for m in bot.server.sent_messages(user) if _has_button(m, "set:cadence:")), None)
    )
    weekly = next(b for b in panel.buttons if b["callback_data"] == "set:cadence:weekly")
    bot.server.push_callback(user, user, weekly["callback_data"], panel.message_id)
    await bot.server.wait_for(
        lambda: bot.server.sent_messages(user)[-1].edits > 0 or not bot.server.unanswered_callbacks()
    )
    await say("/filter")
    await say("/subscribe http://127.0.0.1:9/nothing-listens-here")
    await say("/timeline <b>html</b>")
    await say("/nosuchcommand")
    # Inline mode: the page briefed above, words that match nothing, HTML, and nothing typed yet.
    for query in (f"{bot.web}/dated/meta.html", "Nobodyknowsthisname", "<b>html</b>", ""):
        await bot.server.wait_for_inline_answer(bot.server.push_inline_query(user, query), timeout=60)
    await bot.idle()


async def test_every_locale_speaks_its_own_language_in_the_main_conversations(
    tmp_path: Path, web_server: str
) -> None:
    async with started_bot(tmp_path, web_server) as bot:
        users = {locale: 7000 + n for n, locale in enumerate(LOCALES)}
        for locale, user in users.items():
            bot.server.add_user(
                user, first_name=f"Reader {locale}", language_code=APP_CODES.get(locale, locale)
            )
        await _conversation(bot, users[DEFAULT_LOCALE], first=True)  # briefs the page once; the rest reuse it
        await asyncio.gather(
            *(
                _conversation(bot, user, first=False)
                for locale, user in users.items()
                if locale != DEFAULT_LOCALE
            )
        )
        assert bot.server.errors == [], bot.server.describe()
        problems: dict[str, list[str]] = {}
        for locale, user in users.items():
            sent = bot.server.sent_messages(user, include_deleted=True)
            texts = [m.text or m.caption or "" for m in sent]
            assert len(texts) >= 12, (locale, texts)
            assert all(utf16_len(t) <= MAX_TEXT_UTF16 for t in texts)
            taps = [q.answer_text or "" for q in bot.server.callback_queries() if q.chat_id == user]
            buttons = [b["text"] for m in sent for b in m.buttons]
            offered = [r for q in bot.server.inline_queries() if q.user_id == user for r in q.results]
            assert len(offered) >= 4 and any(r.id.startswith("a") for r in offered), (locale, offered)
            texts += [part or "" for r in offered for part in (r.title, r.description, r.text)]
            buttons += [b["text"] for r in offered for b in keyboard_buttons(r.reply_markup)]
            assert all(len(b.get("callback_data", "").encode()) <= 64 for m in sent for b in m.buttons)
            found = english_in(texts + taps, buttons, locale) if locale != DEFAULT_LOCALE else []
            if found:
                problems[locale] = found
        assert problems == {}
        english = [m.text or "" for m in bot.server.sent_messages(users[DEFAULT_LOCALE])]
        assert english_in(english, [], "de"), "the check finds English where there is English"


def test_the_english_check_skips_what_a_language_keeps_as_it_is_and_finds_the_rest():
    # "/filter clear" or "OPML" stay as they are in German: not evidence of English
    assert english_in(["Sende /filter clear oder exportiere als OPML."], [], "de") == []
    found = english_in(["Subscribed to Tagesschau.", "Settings"], ["Show as a picture"], "de")
    assert len(found) == 3, found
    assert english_in(["Tagesschau abonniert."], ["Als Bild zeigen"], "de") == []

"""/follow: a chat follows a person, organisation or place; bot.delivery.alerts tells it when one becomes
the news. A name is resolved against the entities and aliases of the stored briefings that mention it
(summarizers.follows), so a follow holds every form the store knows the entity by."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from typing import Any, Literal

from bot.errors import UserFacingError
from bot.i18n import N_
from bot.store import chats as chat_queries
from bot.store import follow_queries as queries
from bot.store.engine import Database
from bot.store.follow_queries import FollowRecord
from bot.store.queries import briefings_mentioning
from summarizers import Briefing
from summarizers.follows import KnownEntity, candidates_for, follow_key, known_entities

MAX_FOLLOWS = 100  # per chat: enough for a beat, few enough for one /follow list
MAX_NAME_CHARS = 80  # a name, not a sentence
MAX_KEYS = 40  # forms kept per follow
MATCHED_ARTICLES = 600  # newest briefings mentioning the name that resolution reads
MAX_CHOICES = 6
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^<>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class FollowError(UserFacingError):
    """A name that cannot be followed (too long, markup, empty), or a chat at its limit."""


@dataclass(frozen=True, slots=True)
class FollowResult:
    """followed: now followed (`known`: the store has news about it); already: it was; choose: `choices`
    are the entities the name may mean."""

    status: Literal["followed", "already", "choose"]
    name: str
    known: bool = True
    choices: tuple[str, ...] = ()


def clean_name(text: str) -> str:
    """The name with its whitespace folded; refused politely when it is long, markup or no name at all."""
    name = " ".join(_CONTROL.sub(" ", text).split())
    if not name:
        raise FollowError(N_("Send a name to follow, e.g. /follow Putin."))
    if len(name) > MAX_NAME_CHARS:
        raise FollowError(
            N_(
                "That is too long for a name: send at most {n} characters, e.g. /follow Putin.",
                n=MAX_NAME_CHARS,
            )
        )
    if _HTML.search(name):
        raise FollowError(N_("Please send a plain name, not HTML, e.g. /follow Putin."))
    if len(follow_key(name)) < 2:
        raise FollowError(N_("That is not a name I can follow; send a person, organisation or place."))
    return name


class FollowService:
    def __init__(self, database: Database, *, max_follows: int = MAX_FOLLOWS) -> None:
        self.database = database
        self.max_follows = max_follows

    async def follow(self, chat_id: int, text: str, *, chosen: bool = False) -> FollowResult:
        """Follow the entity `text` names. An exact name of one known entity is followed at once; a name
        only other names answer to ("Putin": "Vladimir Putin"), or several do, gets `choose`; a name no article mentions yet is
        followed as written. `chosen`: the text came from a choice button (possibly cut to fit it)."""
        name = clean_name(text)
        key = follow_key(name)
        known = await self._known(name)
        if chosen:  # a button's name may have been cut to fit its 64 bytes: the name it starts
            picked = next((e for e in known if e.name == name), None) or next(
                (e for e in known if e.name.startswith(name)), None
            )
            return await self._add(chat_id, picked.name if picked else name, picked)
        candidates = candidates_for(name, known, MAX_CHOICES)
        exact = [c for c in candidates if follow_key(c.name) == key]
        if len(exact) == 1:
            return await self._add(chat_id, exact[0].name, exact[0])
        if candidates:
            await self._check_room(chat_id)
            return FollowResult("choose", name, choices=tuple(c.name for c in candidates))
        return await self._add(chat_id, name, None)

    async def unfollow(self, chat_id: int, text: str) -> str | None:
        """Drop the follow this name (or one of its forms) names; its name, or None when none does."""
        key = follow_key(clean_name(text))
        async with self.database.session() as session:
            found = await queries.follow_by_key(session, chat_id, key)
            if found is None:
                for follow in await queries.chat_follows(session, chat_id):
                    if key in await queries.follow_keys(session, follow.id):
                        found = follow
                        break
            if found is None:
                return None
            return await queries.remove_follow(session, chat_id, found.id)

    async def follows(self, chat_id: int) -> list[FollowRecord]:
        async with self.database.session() as session:
            return await queries.chat_follows(session, chat_id)

    async def set_muted(self, chat_id: int, follow_id: int, muted: bool) -> str | None:
        """Mute or unmute one follow; its name, or None when the chat has no such follow any more."""
        async with self.database.session() as session:
            return await queries.set_muted(session, chat_id, follow_id, muted)

    async def drop(self, chat_id: int, follow_id: int) -> str | None:
        async with self.database.session() as session:
            return await queries.remove_follow(session, chat_id, follow_id)

    async def _known(self, name: str) -> list[KnownEntity]:
        """The entities of the newest briefings whose words start with the name (the /timeline index)."""
        async with self.database.session() as session:
            rows = await briefings_mentioning(session, name, limit=MATCHED_ARTICLES)
        return await asyncio.to_thread(_known_in, [data for _, data in rows])

    async def _check_room(self, chat_id: int, key: str | None = None) -> None:
        async with self.database.session() as session:
            if key is not None and await queries.follow_by_key(session, chat_id, key) is not None:
                return
            if await queries.count_follows(session, chat_id) >= self.max_follows:
                raise FollowError(
                    N_(
                        "This chat follows {n} names, the most it can. /follow lists them: drop some "
                        "before adding more.",
                        n=self.max_follows,
                    )
                )

    async def _add(self, chat_id: int, name: str, entity: KnownEntity | None) -> FollowResult:
        key = follow_key(name)
        await self._check_room(chat_id, key)
        keys = list(entity.keys[:MAX_KEYS]) if entity else []
        async with self.database.session() as session:
            await chat_queries.ensure_chat(session, chat_id)
            record, new = await queries.add_follow(session, chat_id, name, key, keys)
        return FollowResult("followed" if new else "already", record.name, known=entity is not None)


def _known_in(rows: list[dict[str, Any]]) -> list[KnownEntity]:
    return known_entities(Briefing.from_dict(data) for data in rows)

"""The chat's language from the store (SQLite and PostgreSQL): the setting, a private chat's Telegram app
language kept for its digests, a group's feeds by the language most of them write in."""

from __future__ import annotations

from bot.chats import ChatService
from bot.settings import Settings
from bot.store import chats as queries
from bot.store.engine import Database
from bot.store.queries import add_feed
from bot.store.story_tables import ArticleStory
from bot.store.tables import Article, Subscription

GROUP, USER = -100500, 501


async def _feed_writing(session, url: str, languages: list[str | None]) -> int:
    feed, _ = await add_feed(session, url)
    for n, language in enumerate(languages):
        article = Article(
            feed_id=feed.id, url=f"{url}/{n}", normalised_url=f"{url}/{n}", content_hash=f"{url}{n}"
        )
        session.add(article)
        await session.flush()
        session.add(
            ArticleStory(
                article_id=article.id, story_id=article.id, signature=b"", entities=[], language=language
            )
        )
    await session.flush()
    return feed.id


async def test_a_private_chat_speaks_its_app_language_and_keeps_it_for_digests(
    database: Database, settings: Settings
):
    chats = ChatService(database, settings)
    await chats.register(USER, "private", "Ana")
    assert await chats.locale_of(USER) == "en"
    assert await chats.locale_of(USER, "pt-br") == "pt"
    assert await chats.locale_of(USER) == "pt"  # a digest later, without an update: the stored one
    async with database.session() as session:
        assert (await queries.get_chat(session, USER)).app_language == "pt-br"
        assert await queries.locale_of_chat(session, USER) == "pt"
    await chats.update_setting(USER, "language", "de")
    assert await chats.locale_of(USER, "pt-br") == "de"  # /settings first
    await chats.update_setting(USER, "language", "auto")
    assert await chats.locale_of(USER, "xx") == "en"  # a language the bot does not have


async def test_a_group_without_a_setting_speaks_the_language_of_most_of_its_feeds(
    database: Database, settings: Settings
):
    chats = ChatService(database, settings)
    await chats.register(GROUP, "supergroup", "Новости")
    assert (
        await chats.locale_of(GROUP, "ja") == "en"
    )  # no feeds yet; a member's app language is not the group's
    async with database.session() as session:
        feeds = [
            await _feed_writing(session, "https://ru1.example", ["ru", "ru", "en"]),
            await _feed_writing(session, "https://ru2.example", ["ru"]),
            await _feed_writing(session, "https://en.example", ["en", "en", "en", "en", "en"]),
            await _feed_writing(session, "https://none.example", [None]),
        ]
        session.add_all(Subscription(chat_id=GROUP, feed_id=f) for f in feeds)
    assert await chats.locale_of(GROUP, "ja") == "ru"  # two feeds of three vote ru, whatever their sizes
    async with database.session() as session:
        assert (await queries.get_chat(session, GROUP)).app_language is None
    await chats.update_setting(GROUP, "language", "fr")
    assert await chats.locale_of(GROUP) == "fr"

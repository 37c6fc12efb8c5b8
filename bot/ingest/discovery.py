"""A URL a user gives -> the feed behind it: the URL itself, or the first working feed its page announces."""

from __future__ import annotations

from bot.ingest.feeds import FeedError, ParsedFeed, discover_feeds, parse_feed
from bot.ingest.fetcher import Fetcher, FetchError


class NoFeedFound(FeedError):
    """The URL is reachable but neither is a feed nor announces one that works."""

    @property
    def user_message(self) -> str:
        return f"{super().user_message} No feed is announced on that page either."


async def resolve_feed(fetcher: Fetcher, url: str) -> tuple[str, ParsedFeed]:
    """(final feed URL, parsed feed); raises FetchError for the URL itself, NoFeedFound when no feed works."""
    fetched = await fetcher.fetch(url.strip())
    try:
        return fetched.url, await parse_feed(fetched.content, url=fetched.url, media_type=fetched.media_type)
    except FeedError as not_a_feed:
        for candidate in discover_feeds(fetched.text(), fetched.url):
            try:
                found = await fetcher.fetch(candidate)
                return found.url, await parse_feed(found.content, url=found.url, media_type=found.media_type)
            except (FetchError, FeedError):
                continue
        raise NoFeedFound(fetched.url, not_a_feed.reason) from not_a_feed

"""A URL a user gives -> the feed behind it: the URL itself, or the first working feed its page announces.

Feed addresses with a user name or password (`http://user:pass@host/feed`) are refused wherever one comes
from: what the user typed, where a redirect led, what a page announces. A feed is shared by every chat
that subscribes to it and its address is shown in /feeds, /export, the operator's CLI and the logs, so a
stored password would be a password shown to strangers; refusing is simpler and safer than hiding it.
"""

from __future__ import annotations

from bot.i18n import N_, Text
from bot.ingest.feeds import FeedError, ParsedFeed, discover_feeds, parse_feed
from bot.ingest.fetcher import Fetcher, FetchError
from bot.redact import has_credentials, mask_urls
from bot.store.queries import refuse_long_feed_address


class NoFeedFound(FeedError):
    """The URL is reachable but neither is a feed nor announces one that works."""

    @property
    def message(self) -> Text:
        return N_("{problem} No feed is announced on that page either.", problem=super().message)


class CredentialsRefused(FeedError):
    """The feed's address holds a user name or password; it is neither fetched nor stored."""

    def __init__(self, url: str) -> None:
        super().__init__(mask_urls(url), N_("its address holds a user name or password"))

    @property
    def message(self) -> Text:
        return N_(
            "I don't accept feed addresses with a user name or password in them (user:password@…): "
            "everyone in a chat can see its feeds' addresses. Please use a feed that needs no login."
        )


async def resolve_feed(fetcher: Fetcher, url: str) -> tuple[str, ParsedFeed]:
    """(final feed URL, parsed feed); raises FetchError for the URL itself, NoFeedFound when no feed works,
    CredentialsRefused for an address with a password, FeedAddressTooLong for one the store cannot keep."""
    url = refuse_long_feed_address(refuse_credentials(url.strip()))  # before any fetch
    fetched = await fetcher.fetch(url)
    refuse_credentials(fetched.url)
    try:
        return fetched.url, await parse_feed(fetched.content, url=fetched.url, media_type=fetched.media_type)
    except FeedError as not_a_feed:
        refused: str | None = None
        for candidate in discover_feeds(fetched.text(), fetched.url):
            if has_credentials(candidate):
                refused = refused or candidate
                continue
            try:
                found = await fetcher.fetch(candidate)
                refuse_credentials(found.url)
                return found.url, await parse_feed(found.content, url=found.url, media_type=found.media_type)
            except (FetchError, FeedError) as exc:
                refused = refused or (exc.url if isinstance(exc, CredentialsRefused) else None)
                continue
        if refused is not None:
            raise CredentialsRefused(refused) from not_a_feed
        raise NoFeedFound(fetched.url, not_a_feed.reason) from not_a_feed


def refuse_credentials(url: str) -> str:
    """`url` itself, or CredentialsRefused when it names a user or password."""
    if has_credentials(url):
        raise CredentialsRefused(url)
    return url

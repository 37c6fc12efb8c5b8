"""Operator commands: `db upgrade`, `feeds add|list`, `poll [--once]`, `articles` (`db prune|backup`: maintenance.py)."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
from collections.abc import Awaitable, Callable

from bot.commands.maintenance import add_db_actions
from bot.delivery.service import DeliveryService
from bot.errors import UserFacingError
from bot.ingest.discovery import resolve_feed
from bot.ingest.feeds import FeedError
from bot.ingest.fetcher import Fetcher, FetchError
from bot.ingest.pages import BriefingPool
from bot.ingest.poller import Poller, log_failure
from bot.redact import mask_urls
from bot.settings import Settings
from bot.store import Database, queries
from bot.store.engine import database_error_reason
from bot.store.migrate import open_migrated
from bot.stories import StoryService
from bot.telegram.render import LAYOUT

log = logging.getLogger(__name__)


class CommandError(UserFacingError):
    """A one-line reason the command failed (exit 1)."""


def add_parsers(sub: argparse._SubParsersAction) -> None:
    db = sub.add_parser("db", help="database maintenance", description="Database maintenance.")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_sub.add_parser("upgrade", help="apply the migrations (DATABASE_URL)").set_defaults(
        handler=_sync(run_db_upgrade)
    )
    add_db_actions(db_sub)

    feeds = sub.add_parser(
        "feeds", help="add and list feeds", description="The operator's view of the feeds."
    )
    feeds_sub = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    add = feeds_sub.add_parser(
        "add",
        help="add a feed by its URL, or by a site URL that announces one",
        description="Fetch URL; if it is a site page, use the feed it announces (<link rel=alternate>).",
    )
    add.add_argument("url", metavar="URL", help="feed URL (RSS, Atom, JSON Feed) or a site's home page")
    add.set_defaults(handler=_sync(run_feeds_add))
    listing = feeds_sub.add_parser("list", help="list feeds with their poll state")
    listing.add_argument("--json", action="store_true", help="print JSON, one object per feed")
    listing.set_defaults(handler=_sync(run_feeds_list))

    poll = sub.add_parser(
        "poll",
        help="a poll-only worker (run several on PostgreSQL), or one cycle with --once",
        description="Fetch new entries of the feeds as they fall due, brief their pages and store them, "
        "until stopped (SIGINT/SIGTERM). Feeds are claimed with a lease in the database, so any number of "
        "`briefbot poll` and `briefbot run` processes share them.",
    )
    poll.add_argument("--once", action="store_true", help="run one poll cycle over all feeds and exit")
    poll.set_defaults(handler=_sync(run_poll))

    articles = sub.add_parser("articles", help="the newest stored articles, with their briefings")
    articles.add_argument(
        "--json", action="store_true", help="print a JSON list (url, title, source, published, briefing)"
    )
    articles.add_argument("--limit", type=_positive, default=20, metavar="N", help="how many (default 20)")
    articles.set_defaults(handler=_sync(run_articles))


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from exc
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _sync(
    command: Callable[[argparse.Namespace, Settings], Awaitable[int]],
) -> Callable[[argparse.Namespace, Settings], int]:
    """Run an async command; known failures become one line on stderr and exit 1."""

    def run(args: argparse.Namespace, settings: Settings) -> int:
        try:
            return asyncio.run(command(args, settings))
        except (UserFacingError, ValueError, OSError) as exc:
            print(f"briefbot: {exc}", file=sys.stderr)
            return 1

    return run


async def _open(settings: Settings, *, verbose: bool = False, in_subprocess: bool = False) -> Database:
    """Open the database and bring its schema up to date (cheap when it already is); `in_subprocess` for
    the long-running commands (bot.store.migrate)."""
    logging.getLogger("alembic").setLevel(logging.INFO if verbose else logging.WARNING)
    # its error names the database without the password
    return await open_migrated(settings.database_url, in_subprocess=in_subprocess)


def _print_masked(text: str) -> None:
    """Operator output shows addresses with their keys and passwords masked (bot.redact.mask_urls)."""
    print(mask_urls(text))


async def run_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    database = await _open(settings, verbose=True)
    await database.close()
    print("database is up to date")
    return 0


async def run_feeds_add(args: argparse.Namespace, settings: Settings) -> int:
    async with Fetcher(settings) as fetcher:
        url, title, site_url = await _find_feed(fetcher, args.url)
    database = await _open(settings)
    try:
        async with database.session() as session:
            feed, created = await queries.add_feed(session, url, title=title, site_url=site_url)
    finally:
        await database.close()
    _print_masked(f"{'added' if created else 'already there'}: {feed.title or '(untitled)'} <{feed.url}>")
    return 0


async def _find_feed(fetcher: Fetcher, url: str) -> tuple[str, str | None, str | None]:
    """The feed at `url`, or the first feed the page at `url` announces."""
    try:
        feed_url, feed = await resolve_feed(fetcher, url)
    except (FetchError, FeedError) as exc:
        raise CommandError(exc.user_message) from exc
    return feed_url, feed.title, feed.site_url


async def run_feeds_list(args: argparse.Namespace, settings: Settings) -> int:
    database = await _open(settings)
    try:
        async with database.session() as session:
            feeds = await queries.list_feeds(session)
    finally:
        await database.close()
    if args.json:
        _print_masked(json.dumps([f.to_dict() for f in feeds], ensure_ascii=False, indent=2))
        return 0
    if not feeds:
        print("No feeds yet. Add one with: briefbot feeds add URL")
    for feed in feeds:
        state = "active" if feed.active else f"deactivated: {feed.deactivation_reason}"
        if feed.active and feed.consecutive_failures:
            state = f"failing ({feed.consecutive_failures}x): {feed.last_error}"
        polled = feed.last_polled_at.strftime("%Y-%m-%d %H:%M") if feed.last_polled_at else "never"
        _print_masked(
            f"{feed.id:>4}  {feed.title or '(untitled)'}\n      {feed.url}\n      polled {polled}; {state}"
        )
    return 0


async def run_poll(args: argparse.Namespace, settings: Settings) -> int:
    database = await _open(settings, in_subprocess=True)
    pool = BriefingPool.create(settings)
    try:
        async with Fetcher(settings) as fetcher:
            poller = Poller(
                database,
                fetcher,
                pool,
                settings,
                assign_story=StoryService(database).assign,
                on_deactivated=DeliveryService(database, settings, LAYOUT).feed_switched_off,
            )
            if args.once:
                return await _poll_once(poller)
            await _poll_until_stopped(poller)
            return 0
    finally:
        pool.shutdown()
        await database.close()


SHOWN_NOT_STORED = 10  # feeds named one by one on stderr when a poll could not store them


async def _poll_once(poller: Poller) -> int:
    """One cycle; exit 1 when a feed could not be stored (a full disk, a database error), naming them."""
    try:
        report = await poller.poll_once()
    except Exception as exc:
        log_failure("the poll cycle failed", exc)
        reason = database_error_reason(exc) or type(exc).__name__
        raise CommandError(f"the poll could not run: {reason}; nothing was stored") from exc
    print(report.summary())
    if not report.not_stored:
        return 0
    failed = report.not_stored
    print(f"briefbot: {len(failed)} feed(s) could not be stored:", file=sys.stderr)
    for result in failed[:SHOWN_NOT_STORED]:
        print(f"  {result.url}: {result.error}", file=sys.stderr)
    if len(failed) > SHOWN_NOT_STORED:
        print(f"  ... and {len(failed) - SHOWN_NOT_STORED} more (see the log)", file=sys.stderr)
    return 1


async def _poll_until_stopped(poller: Poller) -> None:
    """The poll worker: SIGINT or SIGTERM stops claiming; feeds already claimed are finished first."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    log.info("poll worker %s started", poller.poller_id)
    await poller.run(stop)
    log.info("poll worker %s stopped", poller.poller_id)


async def run_articles(args: argparse.Namespace, settings: Settings) -> int:
    database = await _open(settings)
    try:
        async with database.session() as session:
            articles = await queries.latest_articles(session, limit=args.limit)
    finally:
        await database.close()
    if args.json:
        _print_masked(json.dumps([a.to_dict() for a in articles], ensure_ascii=False, indent=2))
        return 0
    if not articles:
        print("No articles yet. Add a feed and run: briefbot poll --once")
    for article in articles:
        day = article.published.date().isoformat() if article.published else "no date"
        print(
            f"{day}  {article.title or '(untitled)'}  [{article.source or '?'}]\n"
            f"            {mask_urls(article.url or '')}"
        )
        for sentence in (article.briefing or {}).get("summary", [])[:3]:
            print(f"            • {sentence['text']}")
        if article.dates_disagree and article.page_published:
            print(
                f"            dated by its page: {article.page_published.isoformat()} (the feed says {day})"
            )
        if article.note:
            print(f"            note: {article.note}")
    return 0

"""A failure on our side (the database refuses a write) counts against the feed like any failure of the
feed itself: backoff, then switch-off, and a short reason in its status; the log has the detail, bounded,
and never a bound parameter. Before, `_poll_guarded` swallowed it: consecutive_failures stayed 0 and each
poll logged the whole failing statement (1.4 MB).

The database's refusal is real: a trigger on seen_entries raises, on SQLite and on PostgreSQL, so the
error comes back through the driver and SQLAlchemy exactly as a full disk's or a limit's would.
"""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy import text

from bot.ingest.poller import MAX_LOGGED_ERROR_CHARS
from bot.settings import Settings
from bot.store import Database, open_database
from bot.store.engine import database_now
from tests.hostile.poll_fixtures import (
    PollerFactory,
    add_feed,
    assert_no_bound_parameters,
    feed_record,
    make_poller,
    payloads,
)
from tests.servers.payloads import PayloadServer, rss, title_only_items

__all__ = ["make_poller", "payloads"]  # fixtures

REFUSAL = "refused by the test trigger"


async def refuse_inserts_into_seen_entries(database: Database) -> None:
    async with database.session() as session:
        if database.is_sqlite:
            await session.execute(
                text(
                    "CREATE TRIGGER refuse_seen BEFORE INSERT ON seen_entries "
                    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
                )
            )
            return
        await session.execute(
            text(
                "CREATE FUNCTION refuse_seen() RETURNS trigger AS $$ "
                f"BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$ LANGUAGE plpgsql"
            )
        )
        await session.execute(
            text(
                "CREATE TRIGGER refuse_seen BEFORE INSERT ON seen_entries "
                "FOR EACH ROW EXECUTE FUNCTION refuse_seen()"
            )
        )


async def test_database_failure_counts_against_the_feed_until_it_is_switched_off(
    database: Database,
    settings: Settings,
    make_poller: PollerFactory,
    payloads: PayloadServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # 5,000 entries, none kept (backfill 0): the poll writes them all as seen, in statements of
    # thousands of rows, and the database refuses each one.
    url = payloads.put("/refused.rss", rss(title_only_items(5_000)), "application/rss+xml")
    feed_id = await add_feed(database, url)
    await refuse_inserts_into_seen_entries(database)
    caplog.set_level(logging.DEBUG)
    interval = dt.timedelta(minutes=settings.poll_interval_minutes)
    async with make_poller(feed_backfill=0, feed_failure_limit=3) as poller:
        before = await database_now(database)
        first = await poller.poll_once()
        (result,) = first.results
        reason = f"the database failed ({REFUSAL})"
        assert (result.status, result.error, result.internal_error) == ("failed", reason, True)
        assert "1 not stored (an internal error)" in first.summary()
        feed = await feed_record(database, feed_id)
        assert (feed.consecutive_failures, feed.last_error) == (1, reason)
        assert feed.next_poll_at is not None and feed.next_poll_at >= before + interval  # backed off

        failures = [r for r in caplog.records if r.getMessage().startswith(f"polling {url} failed")]
        assert len(failures) == 1 and REFUSAL in failures[0].getMessage()
        logged_error = failures[0].getMessage().split("\nTraceback (most recent call last):")[0]
        assert len(logged_error) < len(f"polling {url} failed: ") + MAX_LOGGED_ERROR_CHARS + 40
        assert "more characters)" in logged_error  # the statement itself was cut
        assert_no_bound_parameters(caplog, "4999", "1234")

        await poller.poll_once()
        last = await poller.poll_once()
    assert last.results[0].status == "deactivated"
    feed = await feed_record(database, feed_id)
    assert feed.consecutive_failures == 3 and not feed.active
    assert feed.deactivation_reason == f"3 failures in a row; last: {reason}"


async def test_database_errors_never_carry_their_bound_parameters(db_url: str) -> None:
    database = open_database(db_url)
    try:
        with pytest.raises(Exception) as caught:
            async with database.session() as session:
                await session.execute(text("SELECT no_such_column, :value"), {"value": "secret-value-7"})
    finally:
        await database.close()
    assert "secret-value-7" not in str(caught.value)
    assert "hidden" in str(caught.value)


async def test_a_poll_whose_failure_cannot_be_recorded_still_reports_it(
    database: Database, make_poller: PollerFactory, payloads: PayloadServer
) -> None:
    """The database refuses even the failure's record (here: the feeds table is locked out by a trigger
    too); the poll still reports the feed as not stored, and the feed is polled again next time."""
    url = payloads.put("/refused-twice.rss", rss(title_only_items(3)), "application/rss+xml")
    feed_id = await add_feed(database, url)
    await refuse_inserts_into_seen_entries(database)
    async with database.session() as session:
        if database.is_sqlite:
            await session.execute(
                text(
                    "CREATE TRIGGER refuse_failures BEFORE UPDATE OF consecutive_failures ON feeds "
                    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
                )
            )
        else:
            await session.execute(
                text(
                    "CREATE TRIGGER refuse_failures BEFORE UPDATE OF consecutive_failures ON feeds "
                    "FOR EACH ROW EXECUTE FUNCTION refuse_seen()"
                )
            )
    async with make_poller(feed_backfill=0) as poller:
        report = await poller.poll_once()
    (result,) = report.results
    assert (result.status, result.internal_error) == ("failed", True)
    assert [r.url for r in report.not_stored] == [url]
    feed = await feed_record(database, feed_id)
    assert feed.consecutive_failures == 0 and feed.next_poll_at is not None  # given back to its next slot

"""The durable store: tables, queries and migrations, on SQLite (default) or PostgreSQL."""

from bot.store.engine import Database, DatabaseURLError, async_url, open_database
from bot.store.migrate import upgrade_database
from bot.store.queries import FeedPollOutcome, FeedRecord, NewArticle, StoredArticle

__all__ = [
    "Database",
    "DatabaseURLError",
    "FeedPollOutcome",
    "FeedRecord",
    "NewArticle",
    "StoredArticle",
    "async_url",
    "open_database",
    "upgrade_database",
]

"""Retention: briefings.events_until (filled from the JSON of existing rows), feeds.seen_floor, and the
indexes pruning needs so it never scans a table (bot/store/retention.py)

- articles (fetched_at) WHERE text != '': the texts still to drop, oldest first;
- seen_entries (feed_id, seen_at): a feed's forgettable entries; seen_entries (article_id) and
  chat_articles (article_id): what deleting an article updates or deletes through its foreign keys, which
  would otherwise scan those tables once for every article deleted;
- outbox (created_at): finished rows oldest first;
- article_stories (story_id, assigned_at) in place of (story_id): whether a story has a recent report is
  one index seek, not a walk through every report of a long story.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from bot.store.event_dates import events_until

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_BATCH = 500


def upgrade() -> None:
    op.add_column("briefings", sa.Column("events_until", sa.Date(), nullable=True))
    op.add_column("feeds", sa.Column("seen_floor", sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        "ix_articles_text_kept",
        "articles",
        ["fetched_at"],
        sqlite_where=sa.text("text != ''"),
        postgresql_where=sa.text("text != ''"),
    )
    op.create_index("ix_seen_entries_feed_seen", "seen_entries", ["feed_id", "seen_at"])
    op.create_index("ix_seen_entries_article", "seen_entries", ["article_id"])
    op.create_index("ix_chat_articles_article", "chat_articles", ["article_id"])
    op.create_index("ix_outbox_created_at", "outbox", ["created_at"])
    op.drop_index("ix_article_stories_story", table_name="article_stories")
    op.create_index("ix_article_stories_story", "article_stories", ["story_id", "assigned_at"])
    _fill_events_until()


def _fill_events_until() -> None:
    briefings = sa.table(
        "briefings",
        sa.column("id", sa.Integer),
        sa.column("data", sa.Text),
        sa.column("events_until", sa.Date),
    )
    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(
            sa.select(briefings.c.id, briefings.c.data)
            .where(briefings.c.id > last)
            .order_by(briefings.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            break
        for row_id, data in rows:
            until = events_until(json.loads(data) if isinstance(data, str | bytes) else data)
            if until is not None:
                connection.execute(
                    sa.update(briefings).where(briefings.c.id == row_id).values(events_until=until)
                )
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_index("ix_article_stories_story", table_name="article_stories")
    op.create_index("ix_article_stories_story", "article_stories", ["story_id"])
    op.drop_index("ix_outbox_created_at", table_name="outbox")
    op.drop_index("ix_chat_articles_article", table_name="chat_articles")
    op.drop_index("ix_seen_entries_article", table_name="seen_entries")
    op.drop_index("ix_seen_entries_feed_seen", table_name="seen_entries")
    op.drop_index("ix_articles_text_kept", table_name="articles")
    with op.batch_alter_table("feeds") as batch:
        batch.drop_column("seen_floor")
    with op.batch_alter_table("briefings") as batch:
        batch.drop_column("events_until")

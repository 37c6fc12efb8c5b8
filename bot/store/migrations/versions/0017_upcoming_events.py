"""/upcoming: dated_events (the stored events still to come, indexed by feed and day, filled from the JSON of
existing briefings), event_reminders and reminder_settings

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from alembic import op

from bot.store.event_dates import coming_spans

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

_BATCH = 500


def upgrade() -> None:
    op.create_table(
        "dated_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("feed_id", sa.Integer(), sa.ForeignKey("feeds.id", ondelete="SET NULL"), nullable=True),
        sa.Column("starts", sa.Date(), nullable=False),
        sa.Column("ends", sa.Date(), nullable=False),
        sa.Column("granularity", sa.String(5), nullable=False),
    )
    op.create_index("ix_dated_events_feed_ends", "dated_events", ["feed_id", "ends", "starts"])
    op.create_index("ix_dated_events_article", "dated_events", ["article_id"])
    op.create_table(
        "event_reminders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "chat_id", sa.BigInteger(), sa.ForeignKey("chats.chat_id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("date", sa.String(10), nullable=False),
        sa.Column("end", sa.String(10), nullable=True),
        sa.Column("starts", sa.Date(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("chat_id", "article_id", "date", name="uq_event_reminders_chat_event"),
    )
    op.create_index("ix_event_reminders_starts", "event_reminders", ["starts"])
    op.create_table(
        "reminder_settings",
        sa.Column(
            "chat_id",
            sa.BigInteger(),
            sa.ForeignKey("chats.chat_id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("every_event", sa.Boolean(), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=True),
    )
    _fill_dated_events()


def _fill_dated_events() -> None:
    """The events still to come of the briefings stored so far, batch by batch."""
    briefings = sa.table(
        "briefings",
        sa.column("id", sa.Integer),
        sa.column("article_id", sa.Integer),
        sa.column("data", sa.Text),
    )
    articles = sa.table("articles", sa.column("id", sa.Integer), sa.column("feed_id", sa.Integer))
    events = sa.table(
        "dated_events",
        sa.column("article_id", sa.Integer),
        sa.column("feed_id", sa.Integer),
        sa.column("starts", sa.Date),
        sa.column("ends", sa.Date),
        sa.column("granularity", sa.String),
    )
    connection = op.get_bind()
    today = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)  # the earliest "today" of any time zone
    last = 0
    while True:
        rows = connection.execute(
            sa.select(briefings.c.id, briefings.c.article_id, articles.c.feed_id, briefings.c.data)
            .join(articles, articles.c.id == briefings.c.article_id)
            .where(briefings.c.id > last)
            .order_by(briefings.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            break
        values = [
            {
                "article_id": article_id,
                "feed_id": feed_id,
                "starts": span.starts,
                "ends": span.ends,
                "granularity": span.granularity,
            }
            for _, article_id, feed_id, data in rows
            if feed_id is not None
            for span in coming_spans(json.loads(data) if isinstance(data, str | bytes) else data, today)
        ]
        if values:
            connection.execute(sa.insert(events), values)
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_table("reminder_settings")
    op.drop_index("ix_event_reminders_starts", table_name="event_reminders")
    op.drop_table("event_reminders")
    op.drop_index("ix_dated_events_article", table_name="dated_events")
    op.drop_index("ix_dated_events_feed_ends", table_name="dated_events")
    op.drop_table("dated_events")

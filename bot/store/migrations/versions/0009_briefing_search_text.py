"""briefings.search_text: the words /timeline matches a query against (title, sentences, entity names and
aliases), so the database cut no longer scans the JSON's keys; existing rows are filled from their JSON

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from bot.store.search_text import briefing_search_text

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_BATCH = 500


def upgrade() -> None:
    op.add_column("briefings", sa.Column("search_text", sa.Text(), nullable=True))
    briefings = sa.table(
        "briefings",
        sa.column("id", sa.Integer),
        sa.column("data", sa.Text),
        sa.column("search_text", sa.Text),
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
            value = json.loads(data) if isinstance(data, str | bytes) else data
            connection.execute(
                sa.update(briefings)
                .where(briefings.c.id == row_id)
                .values(search_text=briefing_search_text(value))
            )
        last = rows[-1][0]


def downgrade() -> None:
    with op.batch_alter_table("briefings") as batch:
        batch.drop_column("search_text")

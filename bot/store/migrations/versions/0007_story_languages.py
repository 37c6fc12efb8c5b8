"""article_stories.language and article_stories.event_days: reports of one story in two languages

Texts in two languages share no shingles, so the story index groups them on shared key entities and a
shared event day instead (summarizers/stories.py); both are kept so the index rebuilds the same way.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("article_stories", sa.Column("language", sa.String(length=10), nullable=True))
    op.add_column("article_stories", sa.Column("event_days", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("article_stories") as batch:
        batch.drop_column("event_days")
        batch.drop_column("language")

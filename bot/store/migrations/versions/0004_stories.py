"""stories: each article's story id with the signature and key entities that placed it there

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_stories",
        sa.Column("article_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("entities", sa.JSON(), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id"),
    )
    op.create_index("ix_article_stories_story", "article_stories", ["story_id"])
    op.create_index("ix_article_stories_assigned_at", "article_stories", ["assigned_at"])


def downgrade() -> None:
    op.drop_index("ix_article_stories_assigned_at", table_name="article_stories")
    op.drop_index("ix_article_stories_story", table_name="article_stories")
    op.drop_table("article_stories")

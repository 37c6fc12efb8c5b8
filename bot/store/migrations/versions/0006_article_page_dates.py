"""articles.page_published and articles.dated_by: the page's own date, and which date anchored the text's

A feed may stamp an entry with the time of the poll while the page says it was written years before; the
article keeps both (the feed's stays in `published`, for ordering) and says which one resolved its dates.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("page_published", sa.Date(), nullable=True))
    op.add_column("articles", sa.Column("dated_by", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("dated_by")
        batch.drop_column("page_published")

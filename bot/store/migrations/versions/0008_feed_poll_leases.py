"""feeds.poll_claimed_by / poll_claimed_until: the lease a poller holds on a feed while it polls it

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("feeds", sa.Column("poll_claimed_by", sa.String(length=64), nullable=True))
    op.add_column("feeds", sa.Column("poll_claimed_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("feeds") as batch:
        batch.drop_column("poll_claimed_until")
        batch.drop_column("poll_claimed_by")

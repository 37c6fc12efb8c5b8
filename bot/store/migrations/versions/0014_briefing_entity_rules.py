"""briefings.entity_rules: the version of the entity rules a briefing's names were found with

Existing rows get NULL (the rules before the gazetteer); `briefbot db rebrief` re-derives their names
with today's rules and sets the version, batch by batch, so an interrupted run resumes where it stopped.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("briefings", sa.Column("entity_rules", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("briefings") as batch:
        batch.drop_column("entity_rules")

"""Feed addresses no longer hold user names or passwords: stored ones lose them and are switched off

briefbot now refuses `http://user:pass@host/` feed addresses (bot.ingest.discovery): a feed is shared by
its chats and its address is shown in /feeds, /export, the CLI and the logs. A feed stored before keeps
its row (subscriptions, articles) but loses the user info from `url` and `site_url` and is switched off
with a reason its subscribers see in /feeds; subscribing to the same address without a password switches
it on again. When the bare address is already another feed's, `#credentials-removed-<id>` keeps the two
apart. Error texts that quoted the address are masked. The credentials cannot be brought back.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

from bot.redact import has_credentials, mask_urls, without_credentials

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

REASON = (
    "its address held a user name and password, which briefbot no longer stores; subscribe again to an "
    "address without them"
)


def upgrade() -> None:
    feeds = sa.table(
        "feeds",
        sa.column("id", sa.Integer),
        sa.column("url", sa.String),
        sa.column("site_url", sa.String),
        sa.column("last_error", sa.Text),
        sa.column("deactivated_at", sa.DateTime(timezone=True)),
        sa.column("deactivation_reason", sa.Text),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(feeds.c.id, feeds.c.url, feeds.c.site_url, feeds.c.last_error, feeds.c.deactivation_reason)
        .where(
            sa.or_(
                feeds.c.url.like("%@%"),
                feeds.c.site_url.like("%@%"),
                feeds.c.last_error.like("%@%"),
                feeds.c.deactivation_reason.like("%@%"),
            )
        )
        .order_by(feeds.c.id)
    ).all()
    now = dt.datetime.now(dt.UTC)
    for feed_id, url, site_url, last_error, reason in rows:
        values: dict[str, object] = {
            "site_url": without_credentials(site_url) if site_url and has_credentials(site_url) else site_url,
            "last_error": mask_urls(last_error) if last_error else last_error,
            "deactivation_reason": mask_urls(reason) if reason else reason,
        }
        if has_credentials(url):
            bare = without_credentials(url)
            taken = connection.scalar(
                sa.select(sa.func.count()).select_from(feeds).where(feeds.c.url == bare)
            )
            values |= {
                "url": f"{bare}#credentials-removed-{feed_id}" if taken else bare,
                "deactivated_at": now,
                "deactivation_reason": REASON,
            }
        connection.execute(sa.update(feeds).where(feeds.c.id == feed_id).values(**values))


def downgrade() -> None:
    """Nothing to undo: the credentials are gone."""

"""Alembic environment: runs on the connection bot.store.migrate hands in (see upgrade_database)."""

from __future__ import annotations

from alembic import context

from bot.store.engine import batch_migrations
from bot.store.tables import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `briefbot db upgrade` (bot.store.migrate.upgrade_database)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=batch_migrations(connection),
)
with context.begin_transaction():
    context.run_migrations()

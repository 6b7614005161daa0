"""Alembic environment: migrations run on the connection ledger.db.migrate passes in."""
from alembic import context

from ledger.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # `alembic` from the command line: use the configured URL
    from ledger.db import database_url, make_engine
    connection = make_engine(database_url()).connect()

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

"""Where the ledger lives and how its schema is brought up to date.

The database URL comes, in this order, from the LEDGER_DATABASE_URL environment variable, from the URL the
caller found in `.streamlit/secrets.toml` ([connections.ledger] url = ..., as st.connection expects), or
defaults to an SQLite file in the data folder (LEDGER_DATA_DIR, default ./var) — so a fresh clone just runs.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import tomllib
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import sessionmaker

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_LOCK_KEY = 2023_08_01  # any constant: serialises migrations of several app instances on one PostgreSQL


def database_url(configured: str | None = None) -> str:
    url = os.environ.get("LEDGER_DATABASE_URL") or configured
    if url:
        return url
    folder = Path(os.environ.get("LEDGER_DATA_DIR") or ROOT / "var")
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'ledger.sqlite'}"


def url_in_secrets(path: Path = ROOT / ".streamlit" / "secrets.toml") -> str | None:
    """The ledger URL of the app's secrets file, for the command line, which runs without Streamlit and must
    still reach the same database as the app."""
    try:
        secrets = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return secrets.get("connections", {}).get("ledger", {}).get("url")


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record):
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")    # readers never block the one writer
            cursor.execute("PRAGMA busy_timeout=30000")  # a second writer waits instead of failing
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
        return engine
    return create_engine(url, pool_pre_ping=True)


@contextlib.contextmanager
def _file_lock(engine: Engine):
    """Several app instances on one SQLite file: one migrates at a time (a lock file beside the database)."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate-lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def migrate(engine: Engine) -> None:
    """Apply every Alembic migration not yet applied (run at start; safe to run again, and from several app
    instances at once: PostgreSQL serialises them with an advisory lock, SQLite with a lock file)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with _file_lock(engine), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def sessions(engine: Engine) -> sessionmaker:
    return sessionmaker(engine, expire_on_commit=False)

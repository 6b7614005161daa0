"""Where the ledger lives and how its schema is brought up to date.

The database URL comes, in this order, from the LEDGER_DATABASE_URL environment variable, from the URL the
caller found in `.streamlit/secrets.toml` ([connections.ledger] url = ..., as st.connection expects), or
defaults to an SQLite file in the data folder (LEDGER_DATA_DIR, default ./var) — so a fresh clone just runs.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import tomllib
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy import exc
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
    if database.startswith("file:"):   # a URI (…?mode=ro&uri=true): the file is its path
        database = database[len("file:"):]
    try:
        lock = open(f"{database}.migrate-lock", "a")
    except OSError:   # a read-only folder: no instance can write the schema, so none needs the lock
        yield
        return
    with lock:
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


# What went wrong with the database, in three words a page can explain (ui/faults.py says them): the codes
# are SQLSTATE classes (PostgreSQL) and SQLite's result names; anything else is not a fault of the ledger's.
FAULTS = ("unreachable", "read_only", "full")
_READ_ONLY = {"25006", "SQLITE_READONLY", "SQLITE_READONLY_DIRECTORY", "SQLITE_READONLY_DBMOVED"}
_FULL = {"53100", "53000", "SQLITE_FULL"}


def fault(error: BaseException) -> str | None:
    """"unreachable", "read_only" or "full" for an error of the database (down, read-only, out of disk);
    None for any other error, which is a bug to show as such."""
    if isinstance(error, OSError) and not isinstance(error, exc.SQLAlchemyError):
        return {errno.EROFS: "read_only", errno.ENOSPC: "full", errno.EDQUOT: "full"}.get(error.errno)
    if isinstance(error, exc.DBAPIError):
        original = error.orig
        code = getattr(original, "sqlstate", None) or getattr(original, "sqlite_errorname", None) or ""
        words = str(original).lower()
        if code in _READ_ONLY or "read-only" in words or "readonly" in words:
            return "read_only"
        if code in _FULL or "disk is full" in words or "no space left" in words:
            return "full"
        if error.connection_invalidated or isinstance(error, exc.InterfaceError):
            return "unreachable"
        if isinstance(error, exc.OperationalError) and (
                code.startswith(("08", "57P", "SQLITE_CANTOPEN", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_IOERR"))
                or (not code and original.__class__.__module__.startswith("psycopg"))):   # no server answered
            return "unreachable"
        return None
    if isinstance(error, (exc.DisconnectionError, exc.TimeoutError)):
        return "unreachable"
    return None

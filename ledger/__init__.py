"""The shared progress ledger (台账): saved submissions, their history, share links, backups, the year-end pack.

SQLAlchemy 2 on SQLite (a file under a data folder, the default) or PostgreSQL (when a URL is configured),
with the schema managed by Alembic. No Streamlit here; ui/ledger.py is the thin layer the pages use.
"""

"""Ledger administration from the server's shell (the same database as the app: LEDGER_DATABASE_URL, else
[connections.ledger] url in .streamlit/secrets.toml, else the default SQLite file):

    python -m ledger export BACKUP.json      # the whole ledger in one file
    python -m ledger import BACKUP.json      # load a backup (what is already there is skipped)
    python -m ledger pack 2025 --out PACK.xlsx [--lang zh|en]   # the year-end report pack
    python -m ledger migrate                 # bring the schema up to date (the app also does this at start)
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ledger.db import database_url, make_engine, migrate, url_in_secrets
from ledger.store import LedgerError, export_ledger, import_ledger


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ledger", description="Carbon-peak progress ledger")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate")
    commands.add_parser("export").add_argument("file")
    commands.add_parser("import").add_argument("file")
    pack = commands.add_parser("pack")
    pack.add_argument("year", type=int)
    pack.add_argument("--out", required=True)
    pack.add_argument("--lang", choices=("zh", "en"), default="zh")
    args = parser.parse_args(argv)
    engine = make_engine(database_url(url_in_secrets()))
    migrate(engine)
    try:
        if args.command == "export":
            Path(args.file).write_bytes(export_ledger(engine))
        elif args.command == "import":
            added = import_ledger(engine, Path(args.file).read_bytes())
            print(f"added {added[0]} submissions and {added[1]} reports")
        elif args.command == "pack":
            from ledger.pack import build_pack
            from loaders.catalog import load_catalog
            Path(args.out).write_bytes(build_pack(engine, load_catalog(), args.year, args.lang))
    except LedgerError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

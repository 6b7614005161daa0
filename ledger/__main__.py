"""Ledger administration from the server's shell (the same database as the app: LEDGER_DATABASE_URL, else
[connections.ledger] url in .streamlit/secrets.toml, else the default SQLite file):

    python -m ledger export BACKUP.json      # the whole ledger in one file
    python -m ledger import BACKUP.json      # load a backup (checked first; what is already there is skipped)
    python -m ledger pack 2025 --out REPORT.docx [--lang zh|en]  # the leaders' report (Word)
    python -m ledger pack 2025 --out PACK.xlsx [--lang zh|en]    # its Excel annex
    python -m ledger migrate                 # bring the schema up to date (the app also does this at start)

Every failure ends with one line saying what went wrong and exit status 2, never a traceback.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from ledger import audit
from ledger.backup import export_ledger, import_ledger, known_for
from ledger.db import database_url, make_engine, migrate, url_in_secrets
from ledger.store import LedgerError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ledger", description="Carbon-peak progress ledger")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="bring the database schema up to date")
    commands.add_parser("export", help="write the whole ledger to a JSON backup").add_argument("file")
    commands.add_parser("import", help="load a JSON backup (checked first; existing entries are skipped)").add_argument("file")
    pack = commands.add_parser("pack", help="the year-end report pack")
    pack.add_argument("year", type=int)
    pack.add_argument("--out", required=True, help="REPORT.docx (the leaders' report) or PACK.xlsx (its annex)")
    pack.add_argument("--lang", choices=("zh", "en"), default="zh")
    args = parser.parse_args(argv)
    if args.command == "pack" and not 2000 <= args.year <= 2060:
        parser.error(f"year {args.year} is outside 2000–2060")
    if args.command == "pack" and Path(args.out).suffix.lower() not in (".docx", ".xlsx"):
        parser.error(f"--out must end in .docx (the report) or .xlsx (the annex), not {Path(args.out).suffix or 'nothing'}")
    try:
        engine = make_engine(database_url(url_in_secrets()))
        migrate(engine)
        if args.command == "export":
            Path(args.file).write_bytes(export_ledger(engine))
        elif args.command == "import":
            from loaders.catalog import load_catalog
            added = import_ledger(engine, Path(args.file).read_bytes(), known_for(load_catalog()))
            audit.record(engine, "import", actor="command line", role="admin",
                         details={"submissions": added[0], "reports": added[1], "file": Path(args.file).name})
            print(f"added {added[0]} submissions and {added[1]} reports")
        elif args.command == "pack":
            from ledger.leaders_report import build_leaders_report
            from ledger.pack import build_pack
            from ledger.year_end import read_frames, year_end
            from loaders.catalog import load_catalog
            catalog = load_catalog()
            picture = year_end(catalog, read_frames(engine), args.year)
            if Path(args.out).suffix.lower() == ".docx":
                Path(args.out).write_bytes(build_leaders_report(catalog, picture, args.lang))
            else:
                Path(args.out).write_bytes(build_pack(engine, catalog, args.year, args.lang, picture=picture))
    except LedgerError as error:
        from loaders.catalog import load_catalog
        from tracker.wording import say
        print(say(error.message, args.__dict__.get("lang") or "en", load_catalog()), file=sys.stderr)
        return 2
    except OSError as error:
        print(f"{error.filename or ''}: {error.strerror}", file=sys.stderr)
        return 2
    except SQLAlchemyError as error:
        print(f"database error: {type(error).__name__}: {str(error).splitlines()[0][:200]}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

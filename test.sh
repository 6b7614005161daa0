#!/usr/bin/env bash
# Set up and run every test: unit, page (AppTest), ledger on SQLite and PostgreSQL, and real-browser tests.
set -euo pipefail
cd "$(dirname "$0")"
[ -d .venv ] || python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -r requirements-dev.txt
./scripts/system-packages.sh chromium fonts-wqy-microhei postgresql nginx
url=$(./scripts/postgres.sh start)
trap './scripts/postgres.sh stop' EXIT
.venv/bin/python -m pytest --browser --postgres "$url" "$@"

#!/usr/bin/env bash
# Set up and start the app on http://localhost:8501 (a fresh machine needs only Python 3.11 and this file).
set -euo pipefail
cd "$(dirname "$0")"
[ -d .venv ] || python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -r requirements.txt
# A Chinese font, so that chart images (PNG/SVG downloads) show Chinese text; optional for the app itself.
./scripts/system-packages.sh fonts-wqy-microhei || echo "(no Chinese font installed: chart images may show boxes)"
exec .venv/bin/streamlit run app.py --server.port "${PORT:-8501}" "$@"

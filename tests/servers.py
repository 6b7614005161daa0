"""`streamlit run app.py` for the tests that need a real server (the browser flows, the deploy stack, a first
visit over Streamlit's own protocol): on a free port, its log shown when a test fails."""
from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def app_server(folder: Path, env: dict, *arguments: str, port: int | None = None):
    """`streamlit run app.py` on a free port; its log is shown if a test fails."""
    log_path = folder / "streamlit.log"
    port = port or free_port()
    with open(log_path, "w") as log:
        process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true",
                                    f"--server.port={port}", "--browser.gatherUsageStats=false", *arguments],
                                   cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the app did not start:\n" + log_path.read_text())
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        sys.stderr.write("\n--- app server log ---\n" + log_path.read_text())  # shown by pytest when a test fails

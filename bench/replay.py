"""A page's elements without its script: what Streamlit itself costs to draw exactly what the page shows.

`record` runs a page of the app under AppTest on the ledger named by LEDGER_DATABASE_URL and keeps the deltas
its last script run sent (every element and block, with its path, data and chart specs: what the page ends up
showing, a delta replaced at the same path kept in its last state only) and the sidebar's page list.
bench/replay_app.py draws the same page list and sends the deltas back, unchanged and with no work of the app
behind them, to a browser that visits it. The page's time minus its replay's is the work done on the server
per view (the app's script, and Streamlit building its elements: Arrow tables, chart specs); the replay's
ratio to the bare app is the least the page can cost while it shows what it shows.

    python -m bench.replay FOLDER PATH...     # e.g. /targets "/units?unit=housing": FOLDER/0.bin, FOLDER/1.bin
"""
from __future__ import annotations

import pickle
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

ROOT = Path(__file__).resolve().parent.parent


def record(path: str) -> dict:
    """The page at `path` (with its query) as its last script run sent it: "pages", the navigation's pages as
    (title, icon, url path), "shown", the position of the page at `path` among them, and "deltas", the
    serialised delta messages."""
    # Streamlit's AppTest keeps the messages only to build its element tree; the one internal recording
    # relies on is the module-level function it builds the tree with (streamlit 1.67)
    import streamlit.testing.v1.local_script_runner as runner
    from streamlit.testing.v1 import AppTest

    kept: list = []
    build_tree = runner.parse_tree_from_messages

    def keep(messages):
        kept[:] = list(messages)
        return build_tree(messages)

    runner.parse_tree_from_messages = keep
    try:
        parts = urlsplit(path)
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        for name, value in parse_qsl(parts.query):
            app.query_params[name] = value
        # a page's address is its file's name (app.py's url_path), which AppTest's switch_page needs
        app.switch_page(f"pages/{(parts.path.strip('/') or 'overview')}.py")
        app.run()
    finally:
        runner.parse_tree_from_messages = build_tree
    if app.exception or app.error or not kept:   # an error box (a ledger fault the router shows) is no page
        raise RuntimeError(f"{path} did not run under AppTest: {app.exception or app.error or 'no messages kept'}")
    navigation = next(message.navigation for message in kept if message.WhichOneof("type") == "navigation")
    return {"pages": [(page.page_name, page.icon, page.url_pathname) for page in navigation.app_pages],
            "shown": [page.page_script_hash for page in navigation.app_pages].index(navigation.page_script_hash),
            "deltas": [message.SerializeToString() for message in kept if message.WhichOneof("type") == "delta"]}


def main(folder: str, paths: list[str]) -> None:
    Path(folder).mkdir(parents=True, exist_ok=True)
    for index, path in enumerate(paths):
        (Path(folder) / f"{index}.bin").write_bytes(pickle.dumps(record(path)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])

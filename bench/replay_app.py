"""Sends a recorded page (bench/replay.py) to the browser: `?recorded=N` replays $BENCH_REPLAY_DIR/N.bin in a
wide page under the same sidebar page list, as the app draws them. Each visit parses its own copy of the
deltas, since sending a message stamps it. No element of the page is built here: the deltas go straight to the
session's queue, which is an internal of Streamlit (1.67), used by this bench only."""
import os
import pickle
from pathlib import Path

import streamlit as st
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

ROOT = Path(__file__).resolve().parent.parent
# as app.py's page, whose favicon the browser fetches too; written out, not replayed: the recorded config
# names the favicon by a media address of the recording process, which this server does not have
st.set_page_config(page_title="碳达峰目标浏览器 · Carbon-peak targets",
                   page_icon=str(ROOT / "static" / "favicon.png"), layout="wide")
recorded = pickle.loads((Path(os.environ["BENCH_REPLAY_DIR"]) / f"{int(st.query_params.get('recorded', 0))}.bin")
                        .read_bytes())


def replay() -> None:
    context = get_script_run_ctx()
    for raw in recorded["deltas"]:
        message = ForwardMsg()
        message.ParseFromString(raw)
        message.ClearField("hash")   # stamped when recorded: the page hashes each delta, so the replay must too
        context.enqueue(message)


# the page recorded is the one shown (and marked in the list); the others are only names, as the app's are
# until clicked
shown = recorded["shown"]
pages = [st.Page(replay if n == shown else (lambda: None), title=title, icon=icon or None,
                 url_path=url or f"p{n}", default=n == shown) for n, (title, icon, url) in enumerate(recorded["pages"])]
st.navigation(pages).run()

"""How many sessions one instance holds at a city's ledger before a page view takes twice its time alone.

The app is started on a city ledger (bench.make_ledger.city, 30 units × 8 years). Each simulated visitor is a
websocket client speaking Streamlit's own protocol (a BackMsg asking to run the page, as a browser sends when
it opens it): the time from that message to the server's script_finished is the server's part of a page view,
what every open session competes for. No browser is involved, so the browser's own CPU does not take the
machine's two cores from the server. For 1, 2, 4, 8 and 16 visitors opening the page at once, over and over,
it prints the median view time and its ratio to one visitor alone.

    python -m bench.bench_sessions [page] [seconds per level]      # page: progress (default), targets, overview
"""
from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

from bench.bench_first_chart import start
from bench.bench_pages import build, machine

LEVELS = (1, 2, 4, 8, 16)


async def one_view(url: str, page: str) -> float:
    """A first visit's server time: connect, ask for the page, wait until its script has finished."""
    async with connect(url.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"],
                       max_size=None) as connection:
        message = BackMsg()
        message.rerun_script.page_name = "" if page == "overview" else page   # the default page has no name
        message.rerun_script.query_string = ""
        started = time.perf_counter()
        await connection.send(message.SerializeToString())
        drawn = 0
        async for raw in connection:
            reply = ForwardMsg()
            reply.ParseFromString(raw)
            drawn += reply.WhichOneof("type") == "delta"
            if reply.WhichOneof("type") == "script_finished" and reply.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                if not drawn:
                    raise RuntimeError(f"/{page} drew nothing: not a page view")
                return time.perf_counter() - started
    raise RuntimeError("the server closed the session before the page had run")


async def level(url: str, page: str, visitors: int, seconds: float) -> list[float]:
    """`visitors` clients each opening the page again and again for `seconds`: every view's time."""
    times: list[float] = []
    deadline = time.perf_counter() + seconds

    async def visitor():
        while time.perf_counter() < deadline:
            times.append(await one_view(url, page))

    await asyncio.gather(*(visitor() for _ in range(visitors)))
    return times


async def measure(url: str, page: str, seconds: float) -> list[tuple[int, float, int]]:
    await level(url, page, 1, 3)   # caches filled: what a running instance has
    return [(n, statistics.median(times), len(times))
            for n in LEVELS for times in [await level(url, page, n, seconds)]]


def main(page: str = "progress", seconds: float = 15) -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["LEDGER_DATABASE_URL"] = build(Path(folder), range(2019, 2027))
        app, url = start("app.py")
        try:
            rows = asyncio.run(measure(url, page, seconds))
        finally:
            app.terminate()
    alone = rows[0][1]
    print(f"/{page} at the city ledger (30 units × 8 years): the server's time per page view\n")
    print("| sessions at once | median view | × alone | views measured |")
    print("|---|---|---|---|")
    for visitors, median, count in rows:
        print(f"| {visitors} | {median:.2f} s | {median / alone:.2f}× | {count} |")
    print(f"\n{machine()}")


if __name__ == "__main__":
    main(*(sys.argv[1:2] or ["progress"]), *(float(a) for a in sys.argv[2:3]))

"""A fresh server's first visitor opens a page's address, not the front page (issue 22.3): the page runs through
app.py's navigation (titles, language, layout), with its query kept. Spoken over Streamlit's own websocket
protocol, so it runs in the default test run, without a browser."""
from __future__ import annotations

import asyncio
import os

import pytest
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.servers import app_server


@pytest.fixture(scope="module")
def fresh_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("first_visit")
    env = {**os.environ, "LEDGER_DATA_DIR": str(folder)}
    env.pop("LEDGER_DATABASE_URL", None)
    with app_server(folder, env) as url:
        yield url


async def first_visit(url: str, page: str, query: str) -> list[ForwardMsg]:
    """What the server sends a browser that opens /<page>?<query>, until a run of the script finishes well."""
    async with websockets.connect(url.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"]) as socket:
        request = BackMsg()
        request.rerun_script.page_name, request.rerun_script.query_string = page, query
        await socket.send(request.SerializeToString())
        received = []
        while True:
            message = ForwardMsg()
            message.ParseFromString(await asyncio.wait_for(socket.recv(), 60))
            received.append(message)
            if message.WhichOneof("type") == "script_finished" and message.script_finished == 0 and any(
                    m.WhichOneof("type") == "navigation" and m.navigation.app_pages[0].page_name == "Overview"
                    for m in received):
                return received


def test__first_visit__a_page_address_runs_through_the_navigation_with_its_query(fresh_server):
    received = asyncio.run(first_visit(fresh_server, "targets", "lang=en&action=5"))
    navigation = [m.navigation for m in received if m.WhichOneof("type") == "navigation"][-1]
    pages = {p.page_script_hash: p for p in navigation.app_pages}
    assert [p.page_name for p in navigation.app_pages] == ["Overview", "Targets", "Key tasks", "Units", "Progress",
                                                           "Method & data"]   # app.py's titles, not file names
    last_run = received[max(i for i, m in enumerate(received) if m.WhichOneof("type") == "navigation"):]
    headings = [m.delta.new_element.heading.body for m in last_run
                if m.WhichOneof("type") == "delta" and m.delta.new_element.WhichOneof("type") == "heading"]
    assert headings[0] == "Targets"
    assert pages[navigation.page_script_hash].url_pathname == "targets"
    texts = [m.delta.new_element.markdown.body for m in last_run
             if m.WhichOneof("type") == "delta" and m.delta.new_element.WhichOneof("type") == "markdown"]
    assert any(text.startswith("**10 targets**") for text in texts)   # action 5's targets: the query was kept

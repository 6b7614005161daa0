"""bench/replay.py keeps a page's deltas through two internals of Streamlit (AppTest's tree builder and the
script run context's queue): if either changes, the replay must fail here, not draw an empty page in a bench."""
import pickle
from pathlib import Path

from streamlit.testing.v1 import AppTest

from bench.replay import record
from test_pages import open_app

ROOT = Path(__file__).resolve().parent.parent


def test__replay__draws_the_page_it_recorded(tmp_path, monkeypatch):
    recorded = record("/targets?lang=en&action=5&year=2030")
    assert [title for title, _, _ in recorded["pages"]] == ["Overview", "Targets", "Key tasks", "Units", "Progress",
                                                            "Method & data"]
    assert recorded["shown"] == 1
    (tmp_path / "0.bin").write_bytes(pickle.dumps(recorded))
    monkeypatch.setenv("BENCH_REPLAY_DIR", str(tmp_path))

    replay = AppTest.from_file(str(ROOT / "bench" / "replay_app.py"), default_timeout=60)
    replay.query_params["recorded"] = "0"
    replay.run()

    assert not replay.exception
    assert [title.value for title in replay.title] == ["Targets"]
    table = replay.dataframe[0].value
    assert list(table.index) == ["A05-05", "A05-06", "A05-08", "A05-10"]
    assert list(table["Value"]) == ["Qualitative", "≈ 9.5%", "≥ 70% (strive for)", "≥ 6,900 posts"]
    page = open_app("pages/targets.py", lang="en", action="5", year="2030")
    charts = [chart.proto.spec for chart in page.get("vega_lite_chart")]
    assert len(charts) == 3 and [chart.proto.spec for chart in replay.get("vega_lite_chart")] == charts

"""The ledger on SQLite and on a real PostgreSQL server (--postgres URL; test.sh starts one)."""
from __future__ import annotations

import datetime
import io
import json
import threading

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import event, inspect, select, text
from sqlalchemy.orm import Session

from ledger import store
from ledger.__main__ import main as ledger_command
from ledger.db import make_engine, migrate, url_in_secrets
from ledger.models import Submission, SubmittedValue
from ledger.pack import build_pack, pack_tables

COLUMNS = ["indicator_id", "year", "value", "sheet", "row", "column"]


def reset_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        for table in ("report", "submitted_value", "submission", "alembic_version"):
            connection.execute(text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'ledger.sqlite'}"
    else:
        url = request.config.getoption("--postgres")
        if not url:
            pytest.skip("PostgreSQL test: run with --postgres URL (test.sh does)")
        reset_postgres(url)
    engine = make_engine(url)
    migrate(engine)
    yield engine
    engine.dispose()


def values(*rows) -> pd.DataFrame:
    return pd.DataFrame([(i, y, v, "S", n + 2, "C") for n, (i, y, v) in enumerate(rows)], columns=COLUMNS)


def details(unit="ndrc", year=2024, who="王工", name="a.xlsx") -> store.SubmissionInput:
    return store.SubmissionInput(unit, year, who, name, name.encode().hex().ljust(64, "0")[:64])


def current(engine) -> dict:
    with Session(engine) as session:
        frame = store.current_values(session)
    return {(r.indicator_id, r.year): r.value for r in frame.itertuples()}


def test__migrate__creates_the_schema_and_is_idempotent(engine):
    migrate(engine)
    assert {"submission", "submitted_value", "report", "alembic_version"} <= set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"


def test__save__the_latest_submission_wins_and_history_keeps_everything(engine):
    first = store.save_submission(engine, details("ndrc", 2023, "王工", "a.xlsx"), values(
        ("clean_energy_capacity", 2022, 410.0), ("clean_energy_capacity", 2023, 440.0)))
    with Session(engine) as session:
        preview = store.preview(session, values(("clean_energy_capacity", 2023, 445.0),
                                                ("clean_energy_capacity", 2022, 410.0), ("forest_coverage", 2023, 15.9)))
    assert list(zip(preview["change"], preview["old_value"].fillna(-1))) == [
        ("changed", 440.0), ("unchanged", 410.0), ("new", -1)]
    second = store.save_submission(engine, details("natres", 2024, "李工", "b.xlsx"), values(
        ("clean_energy_capacity", 2023, 445.0), ("forest_coverage", 2023, 15.9)))
    assert second.id > first.id and second.values == 2
    assert current(engine) == {("clean_energy_capacity", 2022): 410.0, ("clean_energy_capacity", 2023): 445.0,
                               ("forest_coverage", 2023): 15.9}
    with Session(engine) as session:
        history = store.history(session, "clean_energy_capacity")
        subs = store.submissions(session)
    assert list(zip(history["year"], history["value"], history["submitter"], history["file_name"])) == [
        (2022, 410.0, "王工", "a.xlsx"), (2023, 440.0, "王工", "a.xlsx"), (2023, 445.0, "李工", "b.xlsx")]
    assert history["replaced_value"].tolist()[2] == 440.0
    assert history["replaced_submission"].tolist()[2] == first.public_id
    assert subs["values"].tolist() == [2, 2] and subs["submitter"].tolist() == ["李工", "王工"]
    assert subs["submitted_at"].iloc[0].tzinfo is not None
    # provenance: the cell each value came from
    with Session(engine) as session:
        row = store.current_values(session).iloc[1]
    assert (row["sheet"], row["row"], row["column"], row["file_sha256"]) == ("S", 2, "C", details(name="b.xlsx").file_sha256)


def test__save__concurrent_saves_lose_nothing(engine):
    errors = []

    def save(n: int) -> None:
        try:
            store.save_submission(engine, details(who=f"user {n}", name=f"f{n}.xlsx"), values(
                ("public_chargers", 2024, 1000.0 + n), ("public_chargers", 2000 + n, float(n))))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
    threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Session(engine) as session:
        subs = store.submissions(session)
        everything = store.all_values(session)
    assert len(subs) == 8 and len(everything) == 16
    latest = subs.iloc[0]  # highest id
    now = current(engine)
    assert now[("public_chargers", 2024)] == 1000.0 + int(latest["submitter"].split()[1])
    assert {now[("public_chargers", 2000 + n)] for n in range(8)} == {float(n) for n in range(8)}


def test__save__a_failure_half_way_leaves_no_half_submission(engine):
    def explode(mapper, connection, target):
        if target.indicator_id == "forest_stock":
            raise RuntimeError("disk full")
    event.listen(SubmittedValue, "before_insert", explode)
    try:
        with pytest.raises(RuntimeError, match="disk full"):
            store.save_submission(engine, details(), values(("forest_coverage", 2023, 15.9), ("forest_stock", 2023, 190.0)))
    finally:
        event.remove(SubmittedValue, "before_insert", explode)
    with Session(engine) as session:
        assert session.scalar(select(Submission.id)) is None
        assert session.scalar(select(SubmittedValue.id)) is None


def test__save__several_files_in_one_transaction_and_stale_previews(engine):
    with Session(engine) as session:
        head = store.head(session)
    assert head == 0
    saved = store.save_submissions(engine, [(details(name="a.xlsx"), values(("wetland_area", 2023, 79.0)), None),
                                            (details(name="b.xlsx"), values(("wetland_area", 2024, 80.0)), None)],
                                   expected_head=0)
    assert [s.values for s in saved] == [1, 1]
    with pytest.raises(store.StaleLedger) as error:
        store.save_submission(engine, details(), values(("wetland_area", 2025, 81.0)), expected_head=0)
    assert error.value.en.startswith("Someone saved to the ledger after your preview.")
    with pytest.raises(store.LedgerError, match="Enter the submitter's name."):
        store.save_submission(engine, details(who="  "), values(("wetland_area", 2025, 81.0)))
    assert len(current(engine)) == 2


def test__share_link__reopens_exactly_that_view(engine):
    first = store.save_submission(engine, details(), values(("forest_coverage", 2023, 15.9)))
    as_of = store.now()
    link = store.create_report(engine, kind="ledger", lang="en", reporting_year=2024, as_of=as_of,
                               view={"action": 7, "indicator": ["forest_coverage"]})
    store.save_submission(engine, details(name="late.xlsx"), values(("forest_coverage", 2023, 16.4)))
    report = store.get_report(engine, link)
    assert (report.kind, report.lang, report.reporting_year, report.view) == (
        "ledger", "en", 2024, {"action": 7, "indicator": ["forest_coverage"]})
    assert store.report_values(engine, report)["value"].tolist() == [15.9]  # the later save is not in it
    by_submission = store.get_report(engine, store.create_report(engine, kind="submission", lang="zh",
                                                                 reporting_year=2024, submission_id=first.id))
    assert store.report_values(engine, by_submission)["file_name"].tolist() == ["a.xlsx"]
    assert len(link) == 22 and link != store.create_report(engine, kind="ledger", lang="en", reporting_year=2024)


@pytest.mark.parametrize("token, message", [
    ("../../etc/passwd", "The report id in the link is malformed; check that the whole link was copied."),
    ("abc", "The report id in the link is malformed; check that the whole link was copied."),
    ("x" * 22, "No report has this id. The link may be wrong, or the report lives on another server."),
])
def test__share_link__bad_ids_get_a_clear_message(engine, token, message):
    with pytest.raises(store.LedgerError) as error:
        store.get_report(engine, token)
    assert str(error.value) == message


def test__backup__round_trip_loses_nothing(engine, tmp_path):
    store.save_submission(engine, details(), values(("forest_coverage", 2023, 15.9), ("forest_stock", 2023, 190.5)),
                          pd.DataFrame([{"file": "a.xlsx", "sheet": "S", "row": 4, "column": "B", "code": "unknown_indicator",
                                         "message_zh": "无法识别", "message_en": "Unknown"}]))
    store.save_submission(engine, details("natres", 2024, "李工", "b.xlsx"), values(("forest_coverage", 2024, 16.2)))
    store.create_report(engine, kind="ledger", lang="en", reporting_year=2024, view={"q": "森林"})
    backup = store.export_ledger(engine)
    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    migrate(fresh)
    assert store.import_ledger(fresh, backup) == (2, 1)
    again = store.export_ledger(fresh)
    strip = lambda raw: {k: v for k, v in json.loads(raw).items() if k != "exported_at"}  # noqa: E731
    assert strip(again) == strip(backup)
    assert store.import_ledger(fresh, backup) == (0, 0)  # importing twice changes nothing
    assert json.loads(backup)["submissions"][0]["problems"][0]["message_en"] == "Unknown"
    with pytest.raises(store.LedgerError, match="not a ledger backup"):
        store.import_ledger(fresh, b'{"format": "something else"}')


def test__year_end_pack__content_and_traceability(engine, catalog):
    store.save_submission(engine, details("ndrc", 2024, "王工", "ndrc-2024.xlsx"), values(
        ("clean_energy_capacity", 2020, 380.0), ("clean_energy_capacity", 2024, 470.0)))
    store.save_submission(engine, details("ndrc", 2025, "王工", "ndrc-2025.xlsx"), values(
        ("clean_energy_capacity", 2024, 476.0), ("clean_energy_capacity", 2025, 505.0)))
    store.save_submission(engine, details("natres", 2025, "李工", "natres.xlsx"), values(
        ("forest_coverage", 2024, 15.8), ("forest_coverage", 2025, 16.3)))
    tables = pack_tables(engine, catalog, 2025, "en")
    statuses = tables["statuses"].set_index("indicator_id")
    assert statuses.loc["clean_energy_capacity", "Status"] == "✔ Achieved"
    assert statuses.loc["clean_energy_capacity", "Status a year before"] == "◆ Acceleration needed"
    assert tables["moves"]["This year"].tolist() == ["✔ Achieved", "✔ Achieved"]
    changes = tables["changes"]
    assert changes["New value"].tolist() == [476.0, 505.0, 15.8, 16.3]
    assert changes["Replaced value"].tolist()[0] == 470.0
    missing = tables["not_reported"]["Lead unit"].tolist()
    assert "Municipal Development and Reform Commission" not in missing
    assert "Municipal Bureau of Industry and Information Technology" in missing
    by_unit = tables["by_unit"].set_index("Lead unit")
    assert by_unit.loc["Municipal Bureau of Natural Resources", "✔ Achieved"] == 1
    book = openpyxl.load_workbook(io.BytesIO(build_pack(engine, catalog, 2025, "zh",
                                                        generated=datetime.datetime(2026, 1, 5, tzinfo=datetime.timezone.utc))))
    assert book.sheetnames == ["概况", "按牵头单位", "各指标状态", "状态变化", "本年度新数值", "未报送单位", "数值来源", "轨迹图"]
    assert book["概况"]["A1"].value == "银川市碳达峰目标进展 2025 年度报告"
    assert len(book["轨迹图"]._images) == 2
    sources = list(book["数值来源"].iter_rows(values_only=True))
    header, rows = sources[0], sources[1:]
    assert len(rows) == 5 and header[4] == "提交编号"  # 2020, 2024, 2025 capacity; 2024, 2025 forest cover
    with Session(engine) as session:
        known = set(store.submissions(session)["public_id"])
    assert {row[4] for row in rows} <= known  # every number names the submission it came from


def test__url_in_secrets__reads_the_connection_the_app_uses(tmp_path):
    secrets = tmp_path / "secrets.toml"
    assert url_in_secrets(secrets) is None
    secrets.write_text('[connections.ledger]\nurl = "postgresql+psycopg://u@db/ledger"\n\n[ledger]\neditor_passcode = "x"\n',
                       encoding="utf-8")
    assert url_in_secrets(secrets) == "postgresql+psycopg://u@db/ledger"
    secrets.write_text('[ledger]\neditor_passcode = "x"\n', encoding="utf-8")
    assert url_in_secrets(secrets) is None


def test__command_line__export_and_import_move_a_ledger_between_databases(tmp_path, monkeypatch, capsys):
    old = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = make_engine(old)
    migrate(engine)
    store.save_submission(engine, details(), values(("forest_coverage", 2023, 15.9)))
    engine.dispose()
    monkeypatch.setenv("LEDGER_DATABASE_URL", old)
    assert ledger_command(["export", str(tmp_path / "backup.json")]) == 0
    monkeypatch.setenv("LEDGER_DATABASE_URL", f"sqlite:///{tmp_path / 'new.sqlite'}")
    assert ledger_command(["import", str(tmp_path / "backup.json")]) == 0
    assert capsys.readouterr().out.strip() == "added 1 submissions and 0 reports"
    assert current(make_engine(f"sqlite:///{tmp_path / 'new.sqlite'}")) == {("forest_coverage", 2023): 15.9}

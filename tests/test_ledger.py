"""The ledger on SQLite and on a real PostgreSQL server (--postgres URL; test.sh starts one)."""
from __future__ import annotations

import datetime
import io
import json
import threading

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import event, func, inspect, select, text
from sqlalchemy.orm import Session

from ledger import backup, links, store
from ledger.__main__ import main as ledger_command
from ledger.db import make_engine, migrate, url_in_secrets
from ledger.models import Report, Submission, SubmittedValue
from ledger.pack import build_pack

from conftest import reset_postgres, words

COLUMNS = ["indicator_id", "year", "value", "sheet", "row", "column"]


def values(*rows) -> pd.DataFrame:
    return pd.DataFrame([(i, y, v, "S", n + 2, "C") for n, (i, y, v) in enumerate(rows)], columns=COLUMNS)


def details(unit="ndrc", year=2024, who="王工", name="a.xlsx") -> store.SubmissionInput:
    return store.SubmissionInput(unit, year, who, name, name.encode().hex().ljust(64, "0")[:64])


def current(engine) -> dict:
    with Session(engine) as session:
        frame = store.current_values(session, None)
    return {(r.indicator_id, r.year): r.value for r in frame.itertuples()}


def test__migrate__creates_the_schema_and_is_idempotent(engine):
    migrate(engine)
    assert {"submission", "submitted_value", "report", "task_entry", "review", "audit_event", "alembic_version"} <= set(
        inspect(engine).get_table_names())
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0005"


def test__save__the_latest_submission_wins_and_history_keeps_everything(engine):
    first = store.save_submission(engine, details("ndrc", 2023, "王工", "a.xlsx"), values(
        ("clean_energy_capacity", 2022, 410.0), ("clean_energy_capacity", 2023, 440.0)))
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
        row = store.current_values(session, None).iloc[1]
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
    assert words(error.value, "en").startswith("Someone saved to the ledger after you checked the table.")
    with pytest.raises(store.LedgerError) as error:
        store.save_submission(engine, details(who="  "), values(("wetland_area", 2025, 81.0)))
    assert words(error.value, "en") == "Enter the submitter's name."
    assert len(current(engine)) == 2


def test__share_link__reopens_exactly_that_view(engine):
    first = store.save_submission(engine, details(), values(("forest_coverage", 2023, 15.9)))
    link = links.create_report(engine, kind="ledger", lang="en", reporting_year=2024,
                               view={"action": 7, "indicator": ["forest_coverage"]})
    store.save_submission(engine, details(name="late.xlsx"), values(("forest_coverage", 2023, 16.4)))
    report = links.get_report(engine, link)
    assert (report.kind, report.lang, report.reporting_year, report.view) == (
        "ledger", "en", 2024, {"action": 7, "indicator": ["forest_coverage"]})
    assert links.report_values(engine, report, None)["value"].tolist() == [15.9]  # the later save is not in it
    by_submission = links.get_report(engine, links.create_report(engine, kind="submission", lang="zh",
                                                                 reporting_year=2024, submission_id=first.id))
    assert links.report_values(engine, by_submission, None)["file_name"].tolist() == ["a.xlsx"]
    assert len(link) == 22


def test__share_link__the_same_view_of_the_same_ledger_is_one_link(engine):
    store.save_submission(engine, details(), values(("forest_coverage", 2023, 15.9)))
    make = lambda view: links.create_report(engine, kind="ledger", lang="zh", reporting_year=2024, view=view)  # noqa: E731
    first = make({"action": 7})
    assert make({"action": 7}) == first and make({"action": 7, "junk": "<b>"}) == first
    assert make({"action": 6}) != first
    store.save_submission(engine, details(name="b.xlsx"), values(("forest_coverage", 2024, 16.0)))
    assert make({"action": 7}) != first  # the ledger changed: a new state, a new link
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 3


def test__share_link__visitors_make_only_so_many_links_an_hour(engine, monkeypatch):
    monkeypatch.setattr(links, "VISITOR_LINKS_PER_HOUR", 3)
    store.save_submission(engine, details(), values(("forest_coverage", 2023, 15.9)))
    for n in range(3):
        links.create_report(engine, kind="ledger", lang="zh", reporting_year=2024, view={"q": f"词{n}"})
    with pytest.raises(store.LedgerError) as error:
        links.create_report(engine, kind="ledger", lang="zh", reporting_year=2024, view={"q": "再来"})
    assert words(error.value, "en") == "Many share links were made in the last hour; try again later, or sign in to make one."
    links.create_report(engine, kind="ledger", lang="zh", reporting_year=2024, view={"q": "再来"}, created_by="王工")


def test__share_link__a_link_to_a_missing_submission_says_so(engine):
    report = links.ReportView("x" * 22, "submission", None, 999, "zh", 2024, {}, store.now(), "")
    with pytest.raises(store.LedgerError) as error:
        links.report_values(engine, report, None)
    assert words(error.value) == "该链接指向的提交已不在台账中(可能来自另一台服务器的备份)。"


@pytest.mark.parametrize("token, message", [
    ("../../etc/passwd", "The report id in the link is malformed; check that the whole link was copied."),
    ("abc", "The report id in the link is malformed; check that the whole link was copied."),
    ("x" * 22, "No report has this id. The link may be wrong, or the report lives on another server."),
])
def test__share_link__bad_ids_get_a_clear_message(engine, token, message):
    with pytest.raises(store.LedgerError) as error:
        links.get_report(engine, token)
    assert words(error.value, "en") == message


def tasks(*rows) -> pd.DataFrame:
    return pd.DataFrame([{"item_id": i, "status": s, "progress": p, "issues": "", "next_steps": "", "evidence": "",
                          "sheet": "台账", "row": n + 3} for n, (i, s, p) in enumerate(rows)])


def test__backup__round_trip_loses_nothing(engine, tmp_path, catalog):
    store.save_submission(engine, details(), values(("forest_coverage", 2023, 15.9), ("forest_stock", 2023, 190.5)),
                          pd.DataFrame([{"file": "a.xlsx", "sheet": "S", "row": 4, "column": "B", "code": "unknown_indicator",
                                         "message_zh": "无法识别", "message_en": "Unknown"}]),
                          tasks=tasks(("22", "on_schedule", "湿地保护修复工程推进中")))
    second = store.save_submission(engine, details("natres", 2024, "李工", "b.xlsx"), values(("forest_coverage", 2024, 16.2)))
    store.add_review(engine, second.id, decision="returned", text_="2024 年数值缺少佐证", reviewer="办公室张三")
    links.create_report(engine, kind="ledger", lang="en", reporting_year=2024, view={"q": "森林"})
    exported = backup.export_ledger(engine)
    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    migrate(fresh)
    known = backup.known_for(catalog)
    assert backup.import_ledger(fresh, exported, known) == (2, 1)
    again = backup.export_ledger(fresh)
    strip = lambda raw: {k: v for k, v in json.loads(raw).items() if k != "exported_at"}  # noqa: E731
    assert strip(again) == strip(exported)
    assert backup.import_ledger(fresh, exported, known) == (0, 0)  # importing twice changes nothing
    assert strip(backup.export_ledger(fresh)) == strip(exported)
    assert json.loads(exported)["submissions"][0]["problems"][0]["message_en"] == "Unknown"
    assert json.loads(exported)["submissions"][0]["tasks"][0]["progress"] == "湿地保护修复工程推进中"
    with pytest.raises(store.LedgerError) as error:
        backup.import_ledger(fresh, b'{"format": "something else"}', known)
    assert words(error.value, "en") == "This is not a ledger backup exported by this app."


def backup_with(catalog, change) -> tuple[bytes, backup.Known]:
    """A valid one-submission backup, with one field changed by `change(payload)`."""
    payload = {"format": backup.EXPORT_FORMAT, "version": 2, "submissions": [{
        "public_id": "a" * 32, "reporting_unit": "natres", "reporting_year": 2024, "submitter": "李工",
        "submitted_at": "2025-01-05T03:00:00+00:00", "file_name": "b.xlsx", "file_sha256": "",
        "values": [{"indicator_id": "forest_coverage", "year": 2024, "value": 16.2}], "tasks": []}], "reports": []}
    change(payload)
    return json.dumps(payload, ensure_ascii=False).encode(), backup.known_for(catalog)


@pytest.mark.parametrize("change, message", [
    (lambda p: p["submissions"][0].update(reporting_unit="no_such_unit"),
     "The backup is not valid: submission 1, field reporting_unit “no_such_unit” is not a unit of this app's catalog; nothing was imported."),
    (lambda p: p["submissions"][0]["values"][0].update(indicator_id="carbon_sink_trade"),
     "The backup is not valid: value 1 of submission 1, field indicator_id “carbon_sink_trade” is not an indicator of this app's catalog; nothing was imported."),
    (lambda p: p["submissions"][0]["values"][0].update(value=float("nan")),
     "The backup is not valid: value 1 of submission 1, field value is not a finite number; nothing was imported."),
    (lambda p: p["submissions"][0]["values"][0].update(value="16.2"),
     "The backup is not valid: value 1 of submission 1, field value is not a finite number; nothing was imported."),
    (lambda p: p["submissions"][0].update(submitted_at="yesterday"),
     "The backup is not valid: submission 1, field submitted_at is not a valid time; nothing was imported."),
    (lambda p: p["submissions"][0].update(reporting_year=99999),
     "The backup is not valid: submission 1, field reporting_year is not a valid value; nothing was imported."),
    (lambda p: p["submissions"][0].update(public_id="../x"),
     "The backup is not valid: submission 1, field public_id is not a valid value; nothing was imported."),
    (lambda p: p["submissions"][0].update(tasks=[{"item_id": "99", "status": "completed"}]),
     "The backup is not valid: task 1 of submission 1, field item_id “99” is not a task of this app's catalog; nothing was imported."),
    (lambda p: p["submissions"][0].update(tasks=[{"item_id": "22", "status": "done!"}]),
     "The backup is not valid: task 1 of submission 1, field status “done!” is not one of the allowed values; nothing was imported."),
    (lambda p: p.update(submissions={"a": 1}),
     "The backup is not valid: submissions is not a list; nothing was imported."),
    (lambda p: p["submissions"].append("text"),
     "The backup is not valid: submission 2, is not a record; nothing was imported."),
])
def test__backup__a_tampered_backup_is_refused_whole_saying_where(engine, catalog, change, message):
    content, known = backup_with(catalog, change)
    with pytest.raises(store.LedgerError) as error:
        backup.import_ledger(engine, content, known)
    assert words(error.value, "en") == message
    with Session(engine) as session:
        assert store.submissions(session).empty


def test__backup__an_older_backup_does_not_make_its_old_values_current(engine, catalog):
    content, known = backup_with(catalog, lambda p: None)  # forest cover 2024 = 16.2, submitted 2025-01-05
    store.save_submission(engine, details("natres", 2025, "李工", "c.xlsx"), values(("forest_coverage", 2024, 16.4)))
    assert backup.import_ledger(engine, content, known) == (1, 0)
    assert current(engine)[("forest_coverage", 2024)] == 16.4


def test__backup__version_1_files_still_import(engine, catalog):
    content, known = backup_with(catalog, lambda p: (p.update(version=1), p["submissions"][0].pop("tasks")))
    assert backup.import_ledger(engine, content, known) == (1, 0)
    assert current(engine) == {("forest_coverage", 2024): 16.2}


def test__save__a_stale_preview_never_saves_even_under_a_race(engine):
    """Many people confirm previews made against the same ledger state: exactly one save goes in."""
    with Session(engine) as session:
        seen = store.head(session)
    outcomes = []

    def confirm(n: int) -> None:
        try:
            store.save_submission(engine, details(who=f"user {n}"), values(("public_chargers", 2024, 1000.0 + n)),
                                  expected_head=seen)
            outcomes.append("saved")
        except store.StaleLedger:
            outcomes.append("stale")
    threads = [threading.Thread(target=confirm, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["saved"] + ["stale"] * 11


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


def ledger_of_the_previous_schema(url: str) -> None:
    """A ledger as release 0001 left it: one submission with two values and a share link."""
    from alembic import command
    from alembic.config import Config
    from ledger.db import MIGRATIONS
    engine = make_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(text(
            "INSERT INTO submission (public_id, reporting_unit, reporting_year, submitter, submitted_at, file_name,"
            " file_sha256, status, note, problems) VALUES (:p, 'natres', 2024, '李工', :t, 'old.xlsx', '', "
            "'accepted', '', '[]')"), {"p": "b" * 32, "t": datetime.datetime(2025, 1, 5, tzinfo=datetime.timezone.utc)})
        connection.execute(text(
            "INSERT INTO submitted_value (submission_id, indicator_id, year, value, sheet, \"row\", \"column\") "
            "SELECT id, 'forest_coverage', 2023, 15.9, 'S', 4, 'C' FROM submission UNION ALL "
            "SELECT id, 'forest_coverage', 2024, 16.2, 'S', 4, 'D' FROM submission"))
        connection.execute(text(
            "INSERT INTO report (id, kind, as_of, submission_id, lang, reporting_year, view, created_at, created_by) "
            "VALUES (:id, 'ledger', :t, NULL, 'zh', 2024, '{}', :t, '')"),
            {"id": "r" * 22, "t": datetime.datetime(2025, 1, 6, tzinfo=datetime.timezone.utc)})
    engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test__migrate__a_ledger_made_by_the_previous_schema_keeps_everything(backend, tmp_path, request):
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    else:
        url = request.config.getoption("--postgres")
        if not url:
            pytest.skip("PostgreSQL test: run with --postgres URL (test.sh does)")
        reset_postgres(url)
    ledger_of_the_previous_schema(url)
    engine = make_engine(url)
    migrate(engine)
    with Session(engine) as session:
        kept = store.current_values(session, None)
        subs = store.submissions(session)
    assert kept[["indicator_id", "year", "value", "approximate", "note"]].values.tolist() == [
        ["forest_coverage", 2023, 15.9, False, ""], ["forest_coverage", 2024, 16.2, False, ""]]
    assert subs[["submitter", "origin", "period", "values", "tasks"]].values.tolist() == [["李工", "upload", "", 2, 0]]
    old_link = links.get_report(engine, "r" * 22)
    assert old_link.ledger_head is None and links.report_values(engine, old_link, None)["value"].tolist() == [15.9, 16.2]
    # the migrated ledger takes task reports at once
    store.save_submission(engine, details("natres", 2025), values(("forest_coverage", 2025, 16.4)),
                          tasks=tasks(("22", "completed", "已完成")))
    with Session(engine) as session:
        assert store.all_task_entries(session)["status"].tolist() == ["completed"]
    engine.dispose()


def test__migrate__several_instances_starting_at_once_on_one_sqlite_file(tmp_path):
    """Each app instance migrates as it starts; on SQLite a lock file lets one at a time do it."""
    import subprocess
    import sys
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    code = "import sys; from ledger.db import make_engine, migrate; migrate(make_engine(sys.argv[1]))"
    starts = [subprocess.Popen([sys.executable, "-c", code, url], stderr=subprocess.PIPE, text=True) for _ in range(6)]
    results = [(process.wait(timeout=120), process.stderr.read()) for process in starts]
    assert [code for code, _ in results] == [0] * 6, [error for _, error in results]
    with make_engine(url).connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0005"


def test__command_line__bad_input_ends_in_one_line_not_a_traceback(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LEDGER_DATABASE_URL", f"sqlite:///{tmp_path / 'l.sqlite'}")
    assert ledger_command(["import", str(tmp_path / "missing.json")]) == 2
    assert capsys.readouterr().err.strip() == f"{tmp_path / 'missing.json'}: No such file or directory"
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps({"format": backup.EXPORT_FORMAT, "version": 2, "submissions": [
        {"public_id": "c" * 32, "reporting_unit": "nowhere", "reporting_year": 2024, "submitter": "x",
         "submitted_at": "2025-01-01T00:00:00+00:00", "file_name": "f", "values": []}]}), encoding="utf-8")
    assert ledger_command(["import", str(tampered)]) == 2
    assert capsys.readouterr().err.strip() == ("The backup is not valid: submission 1, field reporting_unit “nowhere” "
                                               "is not a unit of this app's catalog; nothing was imported.")
    assert ledger_command(["pack", "2025", "--out", str(tmp_path / "no-such-folder" / "p.xlsx")]) == 2
    assert "No such file or directory" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        ledger_command(["pack", "99999", "--out", str(tmp_path / "p.xlsx")])
    assert exit_.value.code == 2 and "year 99999 is outside 2000–2060" in capsys.readouterr().err


def test__year_end_pack__a_year_with_no_data_builds(engine, catalog):
    book = openpyxl.load_workbook(io.BytesIO(build_pack(engine, catalog, 2025, "en")))
    assert book.sheetnames[0] == "Summary"

"""The indicator renamed from renewable_resource_recovery to recyclable_resource_recovery (再生资源 are recyclable
resources): ledgers and backups made before the rename read the new id. SQLite only."""
from __future__ import annotations

import datetime
import json

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.orm import Session

from ledger import backup, links, store
from ledger.db import MIGRATIONS, make_engine, migrate

OLD, NEW = "renewable_resource_recovery", "recyclable_resource_recovery"
from conftest import words


def alembic_to(url: str, revision: str, *, downgrade: bool = False) -> None:
    engine = make_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if downgrade else command.upgrade)(config, revision)
    engine.dispose()


def ledger_at_0003_with_the_old_id(url: str) -> None:
    """A ledger as revision 0003 left it: commerce reported the recovery rate (old id) and forest cover, and a
    share link picked the recovery rate's chart."""
    alembic_to(url, "0003")
    engine = make_engine(url)
    moment = datetime.datetime(2025, 1, 5, tzinfo=datetime.timezone.utc)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO submission (public_id, reporting_unit, reporting_year, submitter, submitted_at, file_name,"
            " file_sha256, status, note, problems, origin, period) VALUES (:p, 'commerce', 2024, '赵工', :t,"
            " 'old.xlsx', '', 'accepted', '', '[]', 'upload', '')"), {"p": "c" * 32, "t": moment})
        connection.execute(text(
            "INSERT INTO submitted_value (submission_id, indicator_id, year, value, sheet, \"row\", \"column\","
            " approximate, note, matched_by, written) "
            f"SELECT id, '{OLD}', 2024, 81.5, 'S', 4, 'C', 0, '', 'id', '{OLD}' FROM submission UNION ALL "
            "SELECT id, 'forest_coverage', 2024, 16.2, 'S', 5, 'C', 0, '', 'id', 'forest_coverage' FROM submission"))
        connection.execute(text(
            "INSERT INTO report (id, kind, as_of, submission_id, lang, reporting_year, view, created_at, created_by)"
            " VALUES (:id, 'ledger', :t, NULL, 'zh', 2024, :view, :t, '')"),
            {"id": "s" * 22, "t": moment, "view": json.dumps({"q": "回收", "indicator": [OLD, "forest_coverage"]})})
    engine.dispose()


def stored(url: str) -> tuple[list, dict]:
    engine = make_engine(url)
    with engine.connect() as connection:
        ids = connection.execute(text("SELECT indicator_id, year, value FROM submitted_value ORDER BY id")).all()
        view = json.loads(connection.execute(text("SELECT view FROM report")).scalar())
    engine.dispose()
    return [tuple(row) for row in ids], view


def test__migration_0004__a_ledger_with_the_old_id_reads_the_new_one(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    ledger_at_0003_with_the_old_id(url)
    assert stored(url)[0] == [(OLD, 2024, 81.5), ("forest_coverage", 2024, 16.2)]
    engine = make_engine(url)
    migrate(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0005"
    with Session(engine) as session:
        current = store.current_values(session, None)
    assert sorted(current[["indicator_id", "year", "value"]].values.tolist()) == [
        ["forest_coverage", 2024, 16.2], [NEW, 2024, 81.5]]
    # the share link's picked chart is the renamed indicator's, and the link still shows its value
    link = links.get_report(engine, "s" * 22)
    assert link.view == {"q": "回收", "indicator": [NEW, "forest_coverage"]}
    assert sorted(links.report_values(engine, link, None)["indicator_id"]) == ["forest_coverage", NEW]
    engine.dispose()
    # and back: a downgrade to 0003 restores the old id
    alembic_to(url, "0003", downgrade=True)
    assert stored(url) == ([(OLD, 2024, 81.5), ("forest_coverage", 2024, 16.2)],
                           {"q": "回收", "indicator": [OLD, "forest_coverage"]})


def test__backup__made_before_the_rename_imports_under_the_new_id(tmp_path, catalog):
    assert NEW in set(catalog.indicators["indicator_id"]) and OLD not in set(catalog.indicators["indicator_id"])
    payload = {"format": backup.EXPORT_FORMAT, "version": 2, "submissions": [{
        "public_id": "d" * 32, "reporting_unit": "commerce", "reporting_year": 2024, "submitter": "赵工",
        "submitted_at": "2025-01-05T03:00:00+00:00", "file_name": "old.xlsx", "file_sha256": "",
        "values": [{"indicator_id": OLD, "year": 2024, "value": 81.5}], "tasks": []}],
        "reports": [{"id": "t" * 22, "kind": "ledger", "as_of": "2025-01-06T00:00:00+00:00", "submission": None,
                     "lang": "en", "reporting_year": 2024, "view": {"indicator": [OLD]},
                     "created_at": "2025-01-06T00:00:00+00:00", "created_by": ""}]}
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    migrate(engine)
    content = json.dumps(payload, ensure_ascii=False).encode()
    assert backup.import_ledger(engine, content, backup.known_for(catalog)) == (1, 1)
    with Session(engine) as session:
        assert store.current_values(session, None)[["indicator_id", "value"]].values.tolist() == [[NEW, 81.5]]
    assert links.get_report(engine, "t" * 22).view == {"indicator": [NEW]}
    # what the ledger exports now names the new id only
    assert OLD not in backup.export_ledger(engine).decode("utf-8")
    engine.dispose()


def test__backup__the_old_and_the_new_id_of_one_year_are_one_value_twice(tmp_path, catalog):
    payload = {"format": backup.EXPORT_FORMAT, "version": 2, "submissions": [{
        "public_id": "e" * 32, "reporting_unit": "commerce", "reporting_year": 2024, "submitter": "赵工",
        "submitted_at": "2025-01-05T03:00:00+00:00", "file_name": "old.xlsx", "file_sha256": "",
        "values": [{"indicator_id": OLD, "year": 2024, "value": 81.5}, {"indicator_id": NEW, "year": 2024, "value": 82.0}],
        "tasks": []}], "reports": []}
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    migrate(engine)
    with pytest.raises(store.LedgerError) as error:
        backup.import_ledger(engine, json.dumps(payload).encode(), backup.known_for(catalog))
    assert words(error.value, "en") == ("The backup is not valid: value 2 of submission 1, field year repeats another value of "
                              "the same submission; nothing was imported.")
    engine.dispose()

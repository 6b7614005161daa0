"""How far a backup is trusted (ledger.backup): no time in the future, no audit events of its own, and reviews
only with the submissions they are of. Backups are built in code, as an attacker would edit one by hand."""
from __future__ import annotations

import datetime
import json

import pandas as pd
import pytest
from sqlalchemy.orm import Session

from ledger import access, audit, backup, store
from ledger.__main__ import main as ledger_command
from ledger.db import make_engine

SUBMISSION = "a" * 32
from conftest import words


def moment(**delta) -> str:
    return (store.now() + datetime.timedelta(**delta)).isoformat()


def a_backup(catalog, *, submitted_at="2025-01-05T03:00:00+00:00", reviews=(), audit_events=(), reports=(),
             public_id=SUBMISSION) -> tuple[bytes, backup.Known]:
    """A one-submission backup (forest cover 2024 = 16.2 by natres) with the given reviews and audit events."""
    payload = {"format": backup.EXPORT_FORMAT, "version": 2, "submissions": [{
        "public_id": public_id, "reporting_unit": "natres", "reporting_year": 2024, "submitter": "李工",
        "submitted_at": submitted_at, "file_name": "b.xlsx", "file_sha256": "",
        "values": [{"indicator_id": "forest_coverage", "year": 2024, "value": 16.2}], "tasks": []}],
        "reviews": list(reviews), "reports": list(reports), "audit": list(audit_events)}
    return json.dumps(payload, ensure_ascii=False).encode(), backup.known_for(catalog)


def review(submission: str = SUBMISSION, *, at="2025-01-06T03:00:00+00:00", decision="returned",
           reviewer="随便谁") -> dict:
    return {"submission": submission, "item_id": "", "decision": decision, "text": "数据有误,退回重报",
            "reviewer": reviewer, "reviewed_at": at}


def save_forest_cover(engine, value: float) -> store.Saved:
    return store.save_submission(engine, store.SubmissionInput("natres", 2025, "王工", "c.xlsx", ""),
                                 pd.DataFrame([("forest_coverage", 2024, value)],
                                              columns=["indicator_id", "year", "value"]))


def forest_cover(engine) -> float:
    with Session(engine) as session:
        values = store.current_values(session, None)
    return values.set_index(["indicator_id", "year"]).loc[("forest_coverage", 2024), "value"]


def refusal(engine, content, known) -> str:
    with pytest.raises(store.LedgerError) as error:
        backup.import_ledger(engine, content, known)
    return words(error.value, "en")


def test__backup__a_submission_dated_in_the_future_is_refused_and_cannot_outlast_later_saves(engine, catalog):
    content, known = a_backup(catalog, submitted_at="2059-06-01T00:00:00+00:00")
    assert refusal(engine, content, known) == (
        "The backup is not valid: submission 1, field submitted_at is in the future (2059-06-01T00:00:00+00:00); "
        "nothing was imported.")
    save_forest_cover(engine, 16.4)
    assert forest_cover(engine) == 16.4
    with Session(engine) as session:
        assert len(store.submissions(session)) == 1


@pytest.mark.parametrize("change, where", [
    (dict(reviews=[review(at="2059-06-01T00:00:00+00:00")]), "review 1, field reviewed_at"),
    (dict(reports=[{"id": "r" * 22, "kind": "ledger", "lang": "zh", "reporting_year": 2024, "view": {},
                    "created_at": "2059-06-01T00:00:00+00:00", "created_by": ""}]), "share link 1, field created_at"),
])
def test__backup__no_time_in_it_may_lie_in_the_future(engine, catalog, change, where):
    assert refusal(engine, *a_backup(catalog, **change)).startswith(f"The backup is not valid: {where} is in the future")


def test__backup__a_few_minutes_ahead_is_clock_skew_not_the_future(engine, catalog):
    assert backup.import_ledger(engine, *a_backup(catalog, submitted_at=moment(minutes=2))) == (1, 0)


def invented_events(action: str, n: int, **fields) -> list[dict]:
    return [{"at": moment(seconds=-n), "action": action, "actor": "管理员", "role": "admin", "unit_id": "",
             "client": f"10.9.0.{n % 250}", "details": {"why": "made up"}, **fields} for n in range(n)]


def test__backup__its_audit_events_are_not_imported_the_import_is_one_event_of_its_caller(engine, catalog, tmp_path,
                                                                                         monkeypatch):
    content, known = a_backup(catalog, audit_events=invented_events("delete_everything", 51))
    assert backup.import_ledger(engine, content, known) == (1, 0)
    assert audit.events(engine).empty  # the trail says what happened here; the backup's events did not
    # the command line records the import, once
    other = f"sqlite:///{tmp_path / 'other.sqlite'}"
    (tmp_path / "backup.json").write_bytes(content)
    monkeypatch.setenv("LEDGER_DATABASE_URL", other)
    assert ledger_command(["import", str(tmp_path / "backup.json")]) == 0
    assert audit.events(make_engine(other))["action"].tolist() == ["import"]


def test__backup__imported_failed_unlocks_lock_nobody_out(engine, catalog):
    events = invented_events("unlock_failed", 80, role="reviewer", client="10.0.0.7")
    assert backup.import_ledger(engine, *a_backup(catalog, audit_events=events)) == (1, 0)
    config = access.from_settings({"reviewer_passcode": "office pass"}, {})
    assert access.try_unlock(engine, config, "张主任", "office pass", "10.0.0.7", access.REVIEWER).reviewer


def test__backup__a_review_of_a_submission_already_in_the_ledger_is_refused(engine, catalog):
    saved = save_forest_cover(engine, 16.4)
    content, known = a_backup(catalog, reviews=[review(saved.public_id)])
    assert refusal(engine, content, known) == (
        f"The backup is not valid: review 1, is of submission {saved.public_id}, which this ledger already has "
        "without this review (reviews are imported only with their submissions); nothing was imported.")
    with Session(engine) as session:
        assert store.reviews(session).empty and len(store.submissions(session)) == 1
    # nor when the backup brings that submission too (it is skipped: this ledger has it)
    content, known = a_backup(catalog, reviews=[review()])
    backup.import_ledger(engine, a_backup(catalog)[0], known)
    assert "which this ledger already has without this review" in refusal(engine, content, known)


def test__backup__a_review_comes_with_its_submission_never_dated_before_it(engine, catalog):
    content, known = a_backup(catalog, reviews=[review(at="2025-01-04T03:00:00+00:00")])
    assert refusal(engine, content, known) == (
        "The backup is not valid: review 1, is dated before its submission; nothing was imported.")
    content, known = a_backup(catalog, reviews=[review("b" * 32)])
    assert refusal(engine, content, known) == (
        f"The backup is not valid: review 1, is of submission {'b' * 32}, which is neither in the backup nor in "
        "this ledger; nothing was imported.")
    content, known = a_backup(catalog, reviews=[review(), review(decision="note")])
    assert backup.import_ledger(engine, content, known) == (1, 0)
    with Session(engine) as session:
        assert store.reviews(session)["decision"].tolist() == ["returned", "note"]
    assert backup.import_ledger(engine, content, known) == (0, 0)  # the identical reviews are here: skipped

"""A save, a review and an import are written with their audit events in one transaction: a server that dies
between the two leaves neither (issue 20, point 3)."""
from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy.orm import Session

from ledger import audit, store

VALUES = pd.DataFrame([("new_energy_capacity", 2026, 510.0)], columns=["indicator_id", "year", "value"])


class Killed(Exception):
    """What the process dying after the save and before its event looks like to the transaction."""


def details() -> store.SubmissionInput:
    return store.SubmissionInput("ndrc", 2026, "王工", "ndrc.xlsx", "")


def test__save__its_audit_event_commits_with_it(engine):
    saved = store.save_submission(engine, details(), VALUES, record=lambda session, saved: audit.add(
        session, "save", actor="王工", unit_id="ndrc", details={"submissions": [s.public_id for s in saved]}))
    events = audit.events(engine)
    assert events["action"].tolist() == ["save"]
    assert events["details"].iloc[0] == {"submissions": [saved.public_id]}


def test__save__a_death_between_the_save_and_its_event_leaves_neither(engine):
    def dies(session, saved):
        audit.add(session, "save", actor="王工", unit_id="ndrc")
        raise Killed
    with pytest.raises(Killed):
        store.save_submission(engine, details(), VALUES, record=dies)
    with Session(engine) as session:
        assert store.submissions(session).empty and store.state(session) == (0, 0)
    assert audit.events(engine).empty


def test__review__names_the_unit_reviewed_and_dies_with_its_event(engine):
    saved = store.save_submission(engine, details(), VALUES)
    seen = []
    store.add_review(engine, saved.id, decision="returned", text_="请补充", reviewer="办公室",
                     record=lambda session, unit_id: (seen.append(unit_id), audit.add(session, "return", unit_id=unit_id)))
    assert seen == ["ndrc"] and audit.events(engine)["unit_id"].tolist() == ["ndrc"]

    def dies(session, unit_id):
        raise Killed
    with pytest.raises(Killed):
        store.add_review(engine, saved.id, decision="note", text_="已阅", reviewer="办公室", record=dies)
    with Session(engine) as session:
        assert store.reviews(session)["decision"].tolist() == ["returned"]

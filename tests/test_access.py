"""Who may do what: editors save only for their own units, the office reviews, failed tries lock out across
sessions and instances, and every unlock is in the audit trail."""
from __future__ import annotations

import pytest

from ledger import access, audit
from ledger.db import make_engine, migrate

CONFIG = access.from_settings(
    {"editor_passcode": "admin pass", "reviewer_passcode": "office pass",
     "unit_passcodes": {"housing": "housing pass", "transport": "transport pass"},
     "editor_emails": {"Zhang@Yinchuan.gov.cn": ["housing"], "admin@yinchuan.gov.cn": ["*"]},
     "reviewer_emails": ["office@yinchuan.gov.cn"]}, {})


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'l.sqlite'}")
    migrate(engine)
    return engine


def test__unlock__a_units_passcode_saves_for_that_unit_only():
    editor = access.unlock(CONFIG, " 王工 ", "housing pass")
    assert (editor.name, editor.role, editor.may_save_for("housing"), editor.may_save_for("transport")) == (
        "王工", "editor", True, False)


def test__unlock__the_office_reviews_but_saves_for_no_unit():
    office = access.unlock(CONFIG, "张主任", "office pass")
    assert (office.reviewer, office.may_save, office.role) == (True, False, "reviewer")


def test__unlock__the_administrators_passcode_saves_for_every_unit_and_a_wrong_one_for_none():
    assert access.unlock(CONFIG, "", "admin pass").may_save_for("districts")
    assert access.unlock(CONFIG, "x", "housing pass ") is None and access.unlock(CONFIG, "x", "") is None


def test__signed_in__addresses_map_to_units_case_blind():
    assert access.signed_in(CONFIG, "zhang@yinchuan.gov.cn", "张三").units == frozenset({"housing"})
    assert access.signed_in(CONFIG, "office@yinchuan.gov.cn", None).reviewer
    assert access.signed_in(CONFIG, "someone@else.cn", "x") is None and access.signed_in(CONFIG, None, None) is None


def test__from_settings__environment_wins_and_the_old_list_of_emails_means_every_unit():
    config = access.from_settings({"editor_passcode": "a", "editor_emails": ["old@x.cn"]},
                                  {"LEDGER_EDITOR_PASSCODE": "b", "LEDGER_UNIT_PASSCODES": '{"water": "w"}'})
    assert config.editor_passcode == "b" and config.unit_passcodes == {"water": "w"}
    assert config.editor_emails == {"old@x.cn": frozenset({"*"})}


def test__try_unlock__five_failures_lock_an_address_out_in_every_session(engine):
    for _ in range(access.TRIES_PER_ADDRESS):
        assert access.try_unlock(engine, CONFIG, "x", "guess", "10.0.0.7") is None
    with pytest.raises(access.Locked):  # the right passcode too: nothing is compared while locked
        access.try_unlock(engine, CONFIG, "x", "housing pass", "10.0.0.7")
    # another address is not locked; a second app instance on the same database sees the same lockout
    assert access.try_unlock(engine, CONFIG, "王工", "housing pass", "10.0.0.8").units == frozenset({"housing"})
    other_instance = make_engine(str(engine.url))
    with pytest.raises(access.Locked):
        access.try_unlock(other_instance, CONFIG, "x", "housing pass", "10.0.0.7")
    events = audit.events(engine)
    assert events["action"].tolist() == ["unlock"] + ["unlock_failed"] * 5
    assert events.iloc[0][["actor", "role", "client"]].tolist() == ["王工", "editor", "10.0.0.8"]


def test__try_unlock__many_addresses_guessing_lock_everyone_out(engine, monkeypatch):
    monkeypatch.setattr(access, "TRIES_IN_ALL", 6)
    for n in range(6):
        access.try_unlock(engine, CONFIG, "x", "guess", f"10.0.1.{n}")
    with pytest.raises(access.Locked):
        access.try_unlock(engine, CONFIG, "x", "housing pass", "10.0.2.1")

"""Who may do what: editors save only for their own units, the office reviews, failed tries lock out across
sessions and instances — per address and per passcode's holder, never everyone — and every unlock, refused
try and sign-in is in the audit trail; sign-on gives no rights to an address its provider has not verified."""
from __future__ import annotations

import datetime

import pytest

from ledger import access, audit, store
from ledger.db import make_engine

CONFIG = access.from_settings(
    {"editor_passcode": "admin pass", "reviewer_passcode": "office pass",
     "unit_passcodes": {"housing": "housing pass", "transport": "transport pass"},
     "editor_emails": {"Zhang@Yinchuan.gov.cn": ["housing"], "admin@yinchuan.gov.cn": ["*"]},
     "reviewer_emails": ["office@yinchuan.gov.cn"]}, {})


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


HOUSING, TRANSPORT = access.Holder("editor", "housing"), access.Holder("editor", "transport")


def test__unlock__a_passcode_is_compared_with_the_chosen_holders_only():
    assert access.unlock(CONFIG, "王工", "housing pass", HOUSING).units == frozenset({"housing"})
    assert access.unlock(CONFIG, "王工", "housing pass", TRANSPORT) is None
    assert access.unlock(CONFIG, "张主任", "admin pass", access.REVIEWER) is None
    assert access.unlock(CONFIG, "张主任", "office pass", access.REVIEWER).role == "reviewer"
    assert access.unlock(CONFIG, "x", "admin pass", access.ADMIN).role == "admin"
    assert access.unlock(CONFIG, "x", "", access.Holder("editor", "water")) is None  # no passcode: nobody


def test__holders__the_office_the_units_and_the_administrators_each_by_a_key_of_their_own():
    assert access.holders(CONFIG) == [access.REVIEWER, HOUSING, TRANSPORT, access.ADMIN]
    assert [access.Holder.from_key(h.key) for h in access.holders(CONFIG)] == access.holders(CONFIG)
    # the office is also a unit of the catalog (unit id "office"): its unit passcode is another holder
    assert access.Holder.from_key("editor:office") != access.REVIEWER
    assert [access.Holder.from_key(k) for k in ("", None, "editor", "reviewer:x", "root")] == [None] * 5


def guess(engine, client: str, holder: access.Holder | None) -> str:
    """One wrong passcode: "wrong" when it was compared, "locked" when refused without comparing."""
    try:
        assert access.try_unlock(engine, CONFIG, "x", "guess", client, holder) is None
        return "wrong"
    except access.Locked:
        return "locked"


def test__try_unlock__five_failures_lock_an_address_out_in_every_session(engine):
    for _ in range(access.TRIES_PER_ADDRESS):
        assert access.try_unlock(engine, CONFIG, "x", "guess", "10.0.0.7", HOUSING) is None
    with pytest.raises(access.Locked) as locked:  # the right passcode too: nothing is compared while locked
        access.try_unlock(engine, CONFIG, "x", "housing pass", "10.0.0.7", HOUSING)
    assert locked.value.reason == "address"
    # another address is not locked; a second app instance on the same database sees the same lockout
    assert access.try_unlock(engine, CONFIG, "王工", "housing pass", "10.0.0.8", HOUSING).units == frozenset({"housing"})
    other_instance = make_engine(engine.url.render_as_string(hide_password=False))
    with pytest.raises(access.Locked):
        access.try_unlock(other_instance, CONFIG, "x", "housing pass", "10.0.0.7", HOUSING)
    events = audit.events(engine)
    assert events["action"].tolist() == ["unlock_refused", "unlock", "unlock_refused"] + ["unlock_failed"] * 5
    assert events.iloc[1][["actor", "role", "unit_id", "client"]].tolist() == ["王工", "editor", "housing", "10.0.0.8"]
    assert events.iloc[-1][["role", "unit_id", "client"]].tolist() == ["editor", "housing", "10.0.0.7"]


def test__try_unlock__an_address_over_its_limit_is_refused_for_every_holder_even_with_the_right_passcode(engine):
    for _ in range(access.TRIES_PER_ADDRESS):
        access.try_unlock(engine, CONFIG, "x", "guess", "10.0.0.7", HOUSING)
    for passcode, holder in [("office pass", access.REVIEWER), ("transport pass", TRANSPORT), ("admin pass", None)]:
        with pytest.raises(access.Locked) as locked:
            access.try_unlock(engine, CONFIG, "x", passcode, "10.0.0.7", holder)
        assert locked.value.reason == "address"


def test__try_unlock__ten_addresses_guessing_at_one_unit_lock_out_neither_the_office_nor_the_other_units(engine):
    outcomes = [guess(engine, f"10.0.1.{n}", HOUSING) for n in range(10) for _ in range(5)]
    assert outcomes == ["wrong"] * access.TRIES_PER_HOLDER + ["locked"] * (50 - access.TRIES_PER_HOLDER)
    # from fresh addresses, with their right passcodes
    assert access.try_unlock(engine, CONFIG, "张主任", "office pass", "10.0.2.1", access.REVIEWER).reviewer
    assert access.try_unlock(engine, CONFIG, "李工", "transport pass", "10.0.2.2", TRANSPORT).units == {"transport"}
    assert access.try_unlock(engine, CONFIG, "管理员", "admin pass", "10.0.2.3", access.ADMIN).role == "admin"
    assert access.try_unlock(engine, CONFIG, "王工", "housing pass", "10.0.2.4").units == {"housing"}  # no holder named
    # the unit guessed at takes no tries from strangers for now: its passcode is not compared from them
    with pytest.raises(access.Locked) as locked:
        access.try_unlock(engine, CONFIG, "王工", "housing pass", "10.0.2.5", HOUSING)
    assert locked.value.reason == "holder"


def test__try_unlock__a_unit_guessed_at_by_strangers_still_unlocks_where_it_unlocked_before(engine):
    access.try_unlock(engine, CONFIG, "王工", "housing pass", "10.0.3.1", HOUSING)  # the unit's own office
    for n in range(access.TRIES_PER_HOLDER):
        guess(engine, f"10.0.4.{n}", HOUSING)
    with pytest.raises(access.Locked):
        access.try_unlock(engine, CONFIG, "x", "housing pass", "10.0.4.200", HOUSING)
    assert access.try_unlock(engine, CONFIG, "王工", "housing pass", "10.0.3.1", HOUSING).units == {"housing"}
    # an address that unlocked as another holder is no address of this one's
    access.try_unlock(engine, CONFIG, "李工", "transport pass", "10.0.3.2", TRANSPORT)
    with pytest.raises(access.Locked):
        access.try_unlock(engine, CONFIG, "李工", "housing pass", "10.0.3.2", HOUSING)


def test__try_unlock__refused_tries_are_recorded_a_few_at_a_time_and_do_not_prolong_the_lockout(engine, monkeypatch):
    for _ in range(access.TRIES_PER_ADDRESS):
        access.try_unlock(engine, CONFIG, "x", "guess", "10.0.0.7", HOUSING)
    for _ in range(access.REFUSED_RECORDED + 10):  # a script hammering the locked form
        with pytest.raises(access.Locked):
            access.try_unlock(engine, CONFIG, "mallory", "housing pass", "10.0.0.7", HOUSING)
    refused = audit.events(engine).query("action == 'unlock_refused'")
    assert len(refused) == access.REFUSED_RECORDED
    assert refused.iloc[0][["actor", "role", "unit_id", "client"]].tolist() == ["mallory", "editor", "housing", "10.0.0.7"]
    assert refused.iloc[0]["details"] == {"reason": "address"}
    # a window after the failures the address may try again, however many refused tries came since
    later = store.now() + access.LOCKOUT_WINDOW + datetime.timedelta(seconds=1)
    monkeypatch.setattr(access, "now", lambda: later)
    assert access.try_unlock(engine, CONFIG, "王工", "housing pass", "10.0.0.7", HOUSING).units == {"housing"}


def test__try_unlock__tries_naming_no_holder_share_a_pool_whose_end_locks_no_holder_out(engine, monkeypatch):
    monkeypatch.setattr(access, "TRIES_UNNAMED", 6)
    assert [guess(engine, f"10.0.1.{n}", None) for n in range(6)] == ["wrong"] * 6
    with pytest.raises(access.Locked) as locked:
        access.try_unlock(engine, CONFIG, "王工", "housing pass", "10.0.2.1")
    assert locked.value.reason == "unnamed"  # the page asks whom the person unlocks as
    assert access.try_unlock(engine, CONFIG, "王工", "housing pass", "10.0.2.1", HOUSING).units == {"housing"}
    assert access.try_unlock(engine, CONFIG, "张主任", "office pass", "10.0.2.2", access.REVIEWER).reviewer


def progress_page(long_sheet, monkeypatch):
    """/progress with a sheet uploaded, two units' passcodes and the office's."""
    from test_pages import progress_with
    monkeypatch.setenv("LEDGER_UNIT_PASSCODES", '{"transport": "transport pass", "housing": "housing pass"}')
    monkeypatch.setenv("LEDGER_REVIEWER_PASSCODE", "office pass")
    return progress_with((long_sheet, "transport.xlsx"), lang="en")


def unlock_in(app, passcode: str, holder: str | None = None):
    if holder is not None:
        app.selectbox(key="ledger_unlock:holder").set_value(holder)
    app.text_input(key="ledger_unlock:name").input("Ma Li")
    app.text_input(key="ledger_unlock:passcode").input(passcode)
    app.button(key="ledger_unlock:button").click().run()
    assert not app.exception, app.exception
    return app


def test__unlock_form__asks_whom_one_unlocks_as_and_compares_with_that_holders_passcode(long_sheet, monkeypatch):
    app = progress_page(long_sheet, monkeypatch)
    holder = app.selectbox(key="ledger_unlock:holder")
    assert holder.label == "Unlocking as" and holder.value is None
    assert holder.options == ["Leading group office (reviewer passcode)",
                              "Municipal Bureau of Housing and Urban-Rural Development", "Municipal Transport Bureau"]
    unlock_in(app, "transport pass", "editor:housing")
    assert [e.value for e in app.error] == ["The passcode is wrong."]
    unlock_in(app, "transport pass", "editor:transport")
    assert any(m.value.startswith("Saving for **Municipal Transport Bureau**") for m in app.markdown)


def test__unlock_form__when_tries_naming_nobody_ran_out_it_asks_whom_one_unlocks_as(long_sheet, monkeypatch):
    from test_pages import ledger_engine
    monkeypatch.setattr(access, "TRIES_UNNAMED", 3)
    config = access.from_settings({"unit_passcodes": {"transport": "transport pass"}}, {})
    for n in range(3):
        access.try_unlock(ledger_engine(), config, "x", "guess", f"10.0.1.{n}")
    app = unlock_in(progress_page(long_sheet, monkeypatch), "transport pass")
    assert [e.value for e in app.error] == [
        "Choose whom you are unlocking as (your unit, the office or administrator), then enter the passcode."]
    unlock_in(app, "transport pass", "editor:transport")
    assert any(m.value.startswith("Saving for **Municipal Transport Bureau**") for m in app.markdown)


def test__unlock_form__a_unit_guessed_at_by_strangers_says_so_by_its_name(long_sheet, monkeypatch):
    from test_pages import ledger_engine
    monkeypatch.setattr(access, "TRIES_PER_HOLDER", 2)
    for n in range(2):
        guess(ledger_engine(), f"10.0.1.{n}", HOUSING)
    app = unlock_in(progress_page(long_sheet, monkeypatch), "housing pass", "editor:housing")
    assert [e.value for e in app.error] == [
        "Too many wrong passcodes were tried for Municipal Bureau of Housing and Urban-Rural Development lately: for up "
        "to 15 minutes it can be unlocked only from computers that unlocked it before."]


def test__signed_in__an_address_the_provider_has_not_verified_gets_no_rights():
    for claim in (False, "false", "False"):
        assert access.signed_in(CONFIG, "zhang@yinchuan.gov.cn", "张三", claim) is None
    assert access.signed_in(CONFIG, "zhang@yinchuan.gov.cn", "张三", True).units == frozenset({"housing"})
    # providers that issue the addresses themselves often send no such claim
    editor = access.signed_in(CONFIG, "Zhang@Yinchuan.gov.cn", "张三", None)
    assert (editor.name, editor.email, editor.actor) == ("张三", "zhang@yinchuan.gov.cn", "张三 <zhang@yinchuan.gov.cn>")


def signed_in_page(long_sheet, user: dict):
    """/progress with a sheet uploaded, single sign-on set up and `user` signed in (AppTest stands in for the
    provider; tests/test_browser.py signs in for real)."""
    from streamlit.testing.v1 import AppTest

    from loaders.actuals import read_actuals
    from test_pages import APP
    app = AppTest.from_file(APP, default_timeout=60)
    result = read_actuals(long_sheet, "transport.xlsx")
    app.session_state["_uploads"] = {result.sha256: result}
    app.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "s",
                           "client_id": "c", "client_secret": "s", "server_metadata_url": "http://127.0.0.1:9/x"}
    app.secrets["ledger"] = {"editor_emails": {"zhang@yinchuan.gov.cn": ["transport"]}}
    app.user = {"is_logged_in": True, **user}
    app.query_params["lang"] = "en"
    app.switch_page("pages/progress.py")
    app.run()
    assert not app.exception, app.exception
    return app


def test__sign_on__an_unverified_address_is_told_why_it_has_no_rights(long_sheet):
    from test_pages import ledger_engine
    app = signed_in_page(long_sheet, {"email": "zhang@yinchuan.gov.cn", "name": "张三", "email_verified": False})
    assert [w.value.replace("\u2060", "") for w in app.warning] == [  # the address is inert, not a link
        "The sign-on provider has not verified your address zhang@yinchuan\\.gov\\.cn, so this account has no "
        "editing rights. Ask the sign-on administrator to verify it, then log in again."]
    assert not any(m.value.startswith("Saving for") for m in app.markdown)
    assert audit.events(ledger_engine()).empty


def test__sign_on__a_session_records_one_sign_in_with_the_name_and_the_address(long_sheet):
    from test_pages import ledger_engine
    app = signed_in_page(long_sheet, {"email": "Zhang@Yinchuan.gov.cn", "name": "张三", "email_verified": True})
    assert any(m.value.startswith("Saving for **Municipal Transport Bureau**") for m in app.markdown)
    app.run()
    app.selectbox(key="widget:unit").set_value("transport").run()
    events = audit.events(ledger_engine())
    assert events[["action", "actor", "role"]].values.tolist() == [["sign_in", "张三 <zhang@yinchuan.gov.cn>", "editor"]]
    assert events.iloc[0]["details"] == {"units": ["transport"], "reviewer": False}

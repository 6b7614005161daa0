"""The ledger's database down, read-only or out of disk, on SQLite and PostgreSQL: every page says so in its
language (nothing lost, what still works) instead of Streamlit's error, and recovers by itself once the
database is back; a save that cannot be written says why and keeps what was typed."""
from __future__ import annotations

import socket
import threading

import pandas as pd
import psycopg
import pytest
from sqlalchemy import event, exc, text
from sqlalchemy.orm import Session

from ledger import audit, store
from ledger.db import fault, make_engine
from test_pages import open_app
from test_tasks_page import unlock
from tests.servers import free_port

# every page that reads the ledger (/units once a unit is open; /method never does)
PAGES = [("pages/overview.py", {}), ("pages/targets.py", {}), ("pages/tasks.py", {}), ("pages/units.py", {"unit": "housing"}),
         ("pages/progress.py", {})]
UNREACHABLE = {"zh": "暂时无法连接台账数据库。已保存的数据不会丢失；数据库恢复后本页即自动恢复，请稍后刷新。",
               "en": "The ledger's database cannot be reached at the moment. Nothing saved has been lost; this page "
                     "works again by itself once the database is back, so please reload it in a while."}
READ_ONLY = ("The ledger's database is read-only at the moment: you can view everything, but nothing can be saved, "
             "reviewed or unlocked for editing. Nothing saved has been lost; please tell the system administrator.")
FULL = ("The disk that holds the ledger is full, so this could not be saved. Nothing saved before has been lost and "
        "what you entered is still on the page; please ask the system administrator to free space, then save again.")


class Gate:
    """A TCP forwarder in front of the database: closed, the database is unreachable; open, it is back."""

    def __init__(self, host: str, port: int):
        self.target, self.port, self.open = (host, port), free_port(), False
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            client, _ = self.listener.accept()
            if not self.open:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            sink.close()


def seeded(engine) -> None:
    store.save_submission(engine, store.SubmissionInput("transport", 2026, "马丽", "t.xlsx", ""),
                          pd.DataFrame([("public_chargers", 2026, 3300.0)], columns=["indicator_id", "year", "value"]))


def unreachable_url(engine, tmp_path) -> tuple[str, object]:
    """A URL of the same kind whose database is not there yet, and what brings it back."""
    if engine.dialect.name == "sqlite":
        folder = tmp_path / "not-yet"
        return f"sqlite:///{folder / 'ledger.sqlite'}", lambda: folder.mkdir()
    gate = Gate(engine.url.host, engine.url.port)
    url = engine.url.set(host="127.0.0.1", port=gate.port).render_as_string(hide_password=False)
    return url, lambda: setattr(gate, "open", True)


def read_only_url(engine) -> str:
    if engine.dialect.name == "sqlite":
        return f"sqlite:///file:{engine.url.database}?mode=ro&uri=true"
    return engine.url.update_query_dict({"options": "-c default_transaction_read_only=on"}).render_as_string(
        hide_password=False)


def test__pages__say_in_their_language_that_the_ledger_is_unreachable_then_recover(engine, tmp_path, monkeypatch):
    url, bring_back = unreachable_url(engine, tmp_path)
    monkeypatch.setenv("LEDGER_DATABASE_URL", url)
    for page, query in PAGES:
        for lang in ("zh", "en"):
            app = open_app(page, lang=lang, **query)   # open_app fails on any uncaught error
            assert [e.value for e in app.error] == [UNREACHABLE[lang]], (page, lang)
    bring_back()
    for page, query in PAGES:
        app = open_app(page, lang="en", **query)
        assert not app.error, (page, [e.value for e in app.error])
    seeded(make_engine(url))
    assert "**Indicators not reported (5)**" in [m.value
                                                  for m in open_app("pages/progress.py", lang="en", action="5", status="no_data").markdown]


def test__read_only_ledger__viewing_goes_on_and_unlocking_says_why_it_cannot(engine, monkeypatch):
    seeded(engine)
    monkeypatch.setenv("LEDGER_DATABASE_URL", read_only_url(engine))
    monkeypatch.setenv("LEDGER_UNIT_PASSCODES", '{"utilities": "u-pass"}')
    for page, query in PAGES:
        assert not open_app(page, lang="en", **query).error, page
    app = open_app("pages/tasks.py", lang="en", item="P24", reporting_year="2026")
    unlock(app, "Li Na", "u-pass")
    assert not app.exception
    assert [e.value for e in app.error] == [READ_ONLY]
    assert "task_form_unit" not in [s.key for s in app.selectbox]   # not unlocked: nothing could be saved
    assert audit.events(engine).empty


def fill_the_disk(engine, monkeypatch) -> callable:
    """What makes the ledger's disk full from the moment it is called. SQLite: its own SQLITE_FULL, the file's
    pages capped as the save is written. PostgreSQL: the server's own error for a full disk (SQLSTATE 53100,
    as when it cannot extend a file), raised by a trigger on the table a save writes."""
    if engine.dialect.name == "sqlite":
        disk = {"full": False}

        def capped_engine(url):
            made = make_engine(url)

            @event.listens_for(made, "checkout")
            def _cap(connection, _record, _proxy):
                if disk["full"]:
                    cursor = connection.cursor()
                    pages = cursor.execute("PRAGMA page_count").fetchone()[0]
                    cursor.execute(f"PRAGMA max_page_count = {pages + 1}")
                    cursor.close()
            return made
        monkeypatch.setattr("ui.ledger.make_engine", capped_engine)
        return lambda: disk.update(full=True)

    def full() -> None:
        with engine.begin() as connection:
            connection.execute(text("CREATE OR REPLACE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                                    "RAISE EXCEPTION 'could not extend file: No space left on device' "
                                    "USING ERRCODE = 'disk_full'; END $$"))
            connection.execute(text("CREATE TRIGGER disk_full BEFORE INSERT ON task_entry "
                                    "FOR EACH ROW EXECUTE FUNCTION disk_full()"))
    return full


def test__full_disk__a_save_says_so_keeps_the_text_and_saves_nothing(engine, monkeypatch):
    url = engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("LEDGER_DATABASE_URL", url)
    monkeypatch.setenv("LEDGER_UNIT_PASSCODES", '{"utilities": "u-pass"}')
    disk_fills = fill_the_disk(engine, monkeypatch)
    app = open_app("pages/tasks.py", lang="en", item="P24", reporting_year="2026")
    unlock(app, "Li Na", "u-pass")
    typed = "锅炉安装完成，五月试运行。" * 300   # about 12 kB: more than the one page SQLite has left
    app.selectbox(key="task_form_status").set_value("on_schedule")
    app.text_area(key="task_form_progress").input(typed)
    disk_fills()
    app.button[[b.label for b in app.button].index("Save to the ledger")].click().run()
    assert not app.exception
    assert [e.value for e in app.error] == [FULL]
    assert app.text_area(key="task_form_progress").value == typed
    assert app.selectbox(key="task_form_status").value == "on_schedule"
    with Session(make_engine(url)) as session:
        assert store.all_task_entries(session).empty
        assert store.submissions(session).empty   # the save's transaction, submission and all, was undone


@pytest.mark.parametrize("error, kind", [
    (exc.OperationalError("INSERT", {}, psycopg.errors.DiskFull("could not extend file: No space left on device")),
     "full"),
    (exc.InternalError("INSERT", {}, psycopg.errors.ReadOnlySqlTransaction("read-only transaction")), "read_only"),
    (exc.OperationalError("SELECT", {}, psycopg.errors.AdminShutdown("terminating connection")), "unreachable"),
    (exc.ProgrammingError("SELECT", {}, psycopg.errors.UndefinedTable("relation does not exist")), None),
    (OSError(28, "No space left on device"), "full"),
    (ValueError("a bug"), None),
])
def test__fault__tells_the_three_apart_from_a_bug(error, kind):
    assert fault(error) == kind

"""The hourly cap on share links made by visitors who are not signed in: per visitor's address, so that one
visitor's flood refuses nobody else (the links themselves: tests/test_ledger.py)."""
from __future__ import annotations

import pandas as pd
import pytest

from ledger import links, store
from conftest import words


@pytest.fixture
def engine(engine):
    """conftest's ledger (SQLite, and PostgreSQL under --postgres) with one saved value."""
    store.save_submission(engine, store.SubmissionInput("ndrc", 2024, "王工", "a.xlsx", ""),
                          pd.DataFrame([("forest_coverage", 2023, 15.9)], columns=["indicator_id", "year", "value"]))
    return engine


def share(engine, client: str, q: str) -> str:
    return links.create_report(engine, kind="ledger", lang="zh", reporting_year=2024, view={"q": q}, client=client)


def test__share_link__one_visitors_200_links_refuse_another_visitor_nothing(engine):
    for n in range(links.VISITOR_LINKS_PER_HOUR):
        share(engine, "203.0.113.5", f"词{n}")
    with pytest.raises(store.LedgerError) as error:
        share(engine, "203.0.113.5", "再来")
    assert words(error.value, "en") == "Many share links were made in the last hour; try again later, or sign in to make one."
    assert links.get_report(engine, share(engine, "198.51.100.7", "再来")).created_by == "visitor 198.51.100.7"
    assert share(engine, "203.0.113.5", "词0")  # the same view again is the link made before, not a new one


def test__share_link__an_ipv6_host_counts_as_its_64_whatever_address_it_takes_in_it(engine, monkeypatch):
    monkeypatch.setattr(links, "VISITOR_LINKS_PER_HOUR", 3)
    for n in range(3):
        share(engine, f"2001:db8:1:2::{n + 1:x}", f"词{n}")
    with pytest.raises(store.LedgerError):
        share(engine, "2001:db8:1:2:ffff::9", "再来")
    share(engine, "2001:db8:1:3::1", "再来")  # another network
    assert links.visitor("::ffff:203.0.113.5") == "visitor 203.0.113.5"
    assert (links.visitor("unknown"), links.visitor("")) == ("visitor unknown", "")

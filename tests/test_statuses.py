"""The status registry is whole: every status and verdict has its name and meaning in both languages, a symbol
that reads without colour, a colour, its place in its family, and the words uploads may write for it."""
from __future__ import annotations

import re

import pytest

from loaders.statuses import (ACCEPTED_WORDS, ASSESSED, BEHIND, BY_CODE, ITEM_STATUSES, REGISTRY, REPORTED, TERMINAL,
                              TRAJECTORY, VERDICTS)
from loaders.tasks import status_code
from tracker.charts import STATUS_COLOUR
from tracker.i18n import messages, status_label


@pytest.mark.parametrize("lang", ["zh", "en"])
def test__registry__every_status_is_named_and_explained_in_both_languages(lang):
    catalog = messages(lang)
    for status in REGISTRY:
        assert catalog.get(status.label_key), (lang, status.code)
        assert catalog.get(status.meaning_key), (lang, status.code)
    for family in (TRAJECTORY, VERDICTS, ITEM_STATUSES):   # one family's names tell its statuses apart
        labels = [status_label(code, lang) for code in family]
        assert len(set(labels)) == len(labels), labels


def test__registry__symbols_colours_and_families():
    assert [s.family for s in REGISTRY] == ["trajectory"] * 8 + ["verdict"] * 3 + ["item"] * 9
    assert len(BY_CODE) == len(REGISTRY) == 20
    for status in REGISTRY:
        assert status.symbol.strip() and len(status.symbol) == 1, status.code
        assert re.fullmatch(r"#[0-9a-f]{6}", status.colour), status.code
        assert STATUS_COLOUR[status.code] == status.colour
    assert VERDICTS == ("met", "missed", "no_value_for_year")
    assert ASSESSED == TRAJECTORY[:-1] and TRAJECTORY[-1] == "no_data"
    # better first: the ranks of each family are distinct and follow the registry's order
    for family in (TRAJECTORY, VERDICTS, ITEM_STATUSES):
        ranks = [BY_CODE[c].rank for c in family if BY_CODE[c].rank is not None]
        assert len(set(ranks)) == len(ranks)
    assert REPORTED == ("completed", "on_schedule", "behind", "not_started", "changed")
    assert TERMINAL == ("completed", "changed")
    assert BEHIND == {"acceleration_needed", "limited_progress", "moving_away", "missed", "no_value_for_year",
                      "behind", "returned", "overdue"}


def test__registry__upload_words_belong_to_one_reported_status_each():
    words = [w for s in REGISTRY for w in s.words]
    assert len(words) == len(set(words)) == len(ACCEPTED_WORDS)
    assert {BY_CODE[code].reported for code in ACCEPTED_WORDS.values()} == {True}
    for word, code in ACCEPTED_WORDS.items():   # and the task reader takes each word for its status
        assert status_code(word) == code, word
    assert status_code("已完成!") is None and status_code("基本完成") is None   # not clearly one of the five

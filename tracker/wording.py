"""Messages in words: a code and its parameters (loaders.message) as a sentence in the reader's language.

The parameters' names say what they hold, so that the sentence can name it as people do: `indicator`,
`item`, `unit` (or ending in `_indicator` …) are catalog ids, named in the language; their plurals are lists;
a name ending in `period` is a part of a year ("1-10": January to October, "" the whole year); `flags` are why a
row was left out (tracker.review.FLAGS); a Message is said in turn; a float is written as the plan writes
numbers. Everything else (what a person wrote, counts, years) goes in as it is.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from loaders.catalog import Catalog
from loaders.message import Difference, Goal, GoalInWords, Message, Quantity
from tracker import views
from tracker.i18n import COMPARATOR_KEY, aspiration_word, format_number, format_target, plain, t


def period_label(period: str, lang: str) -> str:
    """"1-10" → "1–10 月" / "Jan–Oct"; "" → "全年" / "the whole year"."""
    if not period:
        return t("period.whole_year", lang)
    first, last = (int(p) for p in period.split("-"))
    return t("period.months", lang, first=first, last=last, first_name=t(f"month.{first}", lang),
             last_name=t(f"month.{last}", lang))


def _named(name: str, value, lang: str, catalog: Catalog):
    if name == "indicator" or name.endswith("_indicator"):
        return views.indicator_name(catalog, value, lang)
    if name == "indicators":
        return t("list.separator", lang).join(views.indicator_name(catalog, v, lang) for v in value)
    if name == "item" or name.endswith("_item"):
        return views.item_name(catalog, value, lang)
    if name == "items":
        return t("list.separator", lang).join(views.item_name(catalog, v, lang) for v in value)
    if name == "unit" or name.endswith("_unit"):
        return views.unit_label(catalog, value, lang)
    if name == "units":
        return views.unit_names(catalog, value, lang)
    if name == "files":   # which files said which year: [(file name, year), …]
        return t("list.separator", lang).join(f"{file} {year}" for file, year in value)
    if name == "flags":   # why a row was not saved (tracker.review.FLAGS)
        return t("list.separator", lang).join(t(f"review.flag.{flag}", lang) for flag in value)
    if isinstance(value, Quantity):
        return quantity(catalog, value.value, value.indicator, lang)
    if isinstance(value, Difference):
        if _unit(catalog, value.indicator, lang) == "%":
            return t("percentage_points", lang, n=format_number(round(value.value, 2)))
        return quantity(catalog, value.value, value.indicator, lang)
    if isinstance(value, GoalInWords):
        unit = _unit(catalog, value.indicator, lang)
        number = f"{format_number(value.value)}{'' if unit in ('%', '') or lang == 'zh' else ' '}{unit}"
        text = t(f"goal_words.{COMPARATOR_KEY[value.comparator]}", lang, target=number)
        return t("target.aspired", lang, aspiration=aspiration_word(value.aspiration, lang), target=text) \
            if value.aspiration else text
    if isinstance(value, Goal):
        unit = _unit(catalog, value.indicator, lang)
        return format_target(value.value, value.comparator, unit, lang, value.aspiration)
    if isinstance(value, Message):   # a message inside a message: where a backup's bad record is, say
        return say(value, lang, catalog)
    if name.endswith("period"):
        return period_label(value or "", lang)
    if isinstance(value, float):
        return format_number(value)
    return value


def _unit(catalog: Catalog, indicator_id: str, lang: str) -> str:
    row = views.names(catalog).indicator.get(indicator_id) or {}
    return row.get("unit_en" if lang == "en" else "unit", "")


def quantity(catalog: Catalog, value: float, indicator_id: str, lang: str) -> str:
    """455 万千瓦, 455 ×10⁴ kW, 26.2%: a number of an indicator with its unit, as the plan writes numbers."""
    unit = _unit(catalog, indicator_id, lang)
    return f"{format_number(round(value, 2))}{'' if unit in ('%', '') else ' '}{unit}"


def words(value, lang: str, catalog: Catalog) -> str:
    """A Quantity, Goal or Difference as a message writes it: 455 万千瓦, ≥ 500 万千瓦, 2.5 个百分点."""
    return str(_named("value", value, lang, catalog))


def listing(parts: list[str], lang: str) -> str:
    """a、b、c · a, b and c: a list inside a sentence."""
    if lang == "zh" or len(parts) < 2:
        return "、".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def say(message: Message, lang: str, catalog: Catalog) -> str:
    return t(message.code, lang, **{k: _named(k, v, lang, catalog) for k, v in message.params.items()})


def say_md(message: Message, lang: str, catalog: Catalog) -> str:
    """say() for Markdown: every value filled in (a file name, a unit's words) is made inert (i18n.plain)."""
    return t(message.code, lang, **{k: plain(v) if isinstance(v, str) else v
                                    for k, v in ((k, _named(k, v, lang, catalog)) for k, v in message.params.items())})


def problem_text(problem: Mapping, lang: str, catalog: Catalog) -> str:
    """One row of a reader's problems (loaders.actuals.PROBLEM_COLUMNS), or one stored with a submission before
    problems were kept as codes (its words were stored then, in both languages)."""
    params = problem.get("params")
    if isinstance(params, Mapping) and problem.get("code", "").count("."):
        return say(Message(problem["code"], dict(params)), lang, catalog)
    stored = problem.get("message_en" if lang == "en" else "message_zh")
    return "" if stored is None or (isinstance(stored, float) and pd.isna(stored)) else str(stored)

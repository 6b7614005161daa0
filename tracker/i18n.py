"""The app's words: the message catalogs (locale/), and how numbers, targets, times and user text are written.
Catalog text (names, statements) lives in data/."""
from __future__ import annotations

import datetime
import functools
import re
import string
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.messages.pofile import read_po

from loaders.statuses import BY_CODE

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

COMPARATOR_SYMBOL = {">=": "≥", "<=": "≤", "~": "≈", "=": "="}
# the catalog's words for the plan's marks, aspirations, periods and kinds of unit (locale/: comparator.*,
# aspiration.*, plan_period.*, unit_kind.*): data/ stores the plan's own marks and words, these name their messages
COMPARATOR_KEY = {">=": "ge", "<=": "le", "~": "approx", "=": "eq"}
ASPIRATION_KEY = {"力争": "strive", "争取": "aim"}
PERIOD_KEY = {"十四五": "fyp14", "十五五": "fyp15", "十六五": "fyp16"}


class _Counting(string.Formatter):
    """`{n|sheet|sheets}` → '1 sheet', '2 sheets': English counts read naturally (Chinese needs no plural)."""

    def get_value(self, key, args, kwargs):
        if isinstance(key, str) and "|" in key:
            name, one, many = key.split("|")
            return f"{kwargs[name]} {one if str(kwargs[name]) == '1' else many}"   # 1, or "1" as a number is written
        return super().get_value(key, args, kwargs)


_COUNTING = _Counting()


LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


@functools.cache
def messages(lang: str) -> dict[str, str]:
    """The language's message catalog (locale/<lang>/LC_MESSAGES/messages.po, read with Babel): code → text.
    Codes are the msgids; every language, Chinese included, translates them."""
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", "rb") as file:
        catalog = read_po(file)
    return {message.id: message.string for message in catalog if message.id}


def t(key: str, lang: str, **values) -> str:
    """The text of `key` in `lang` (Chinese for any language the app does not have), its {placeholders}
    filled in; `{n|item|items}` counts read naturally in English."""
    text = messages(lang if lang in LANGS else DEFAULT_LANG)[key]
    return _COUNTING.format(text, **values) if values else text


_MARKDOWN_SIGNS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
_WHITESPACE = re.compile(r"\s+")
# Streamlit's Markdown turns bare addresses into links after escapes are undone, so the three patterns it
# looks for are broken with an invisible word joiner: "www" before a dot, a scheme before "://", a name before "@".
_LINK_STARTS = (re.compile(r"(?i)(?<=www)(?=\.)"), re.compile(r"(?i)(?<=[a-z])(?=:/)"), re.compile(r"(?<=[-.\w+])(?=@)"))
WORD_JOINER = "\u2060"


def plain(text) -> str:
    """The one way user text (names, file names, notes, link values, cells, ledger content) reaches Markdown:
    inert, on one line, read exactly as written — no link, image, emphasis, heading, icon (:material/…:),
    colour (:red[…]), formula ($…$) or HTML."""
    text = _WHITESPACE.sub(" ", str(text)).strip()
    for pattern in _LINK_STARTS:
        text = pattern.sub(WORD_JOINER, text)
    return _MARKDOWN_SIGNS.sub(r"\\\1", text)


def md(key: str, lang: str, **values) -> str:
    """t() for Markdown: every text value passes through plain(), so a message can never carry markup that
    someone typed. Numbers are shown as they are."""
    return t(key, lang, **{name: plain(value) if isinstance(value, str) else value for name, value in values.items()})


BEIJING = ZoneInfo("Asia/Shanghai")


def beijing_today() -> datetime.date:
    """Today in Yinchuan, whatever the server's clock zone: from 16:00 UTC on 31 December it is next year."""
    return datetime.datetime.now(BEIJING).date()


def beijing_time(moment: datetime.datetime | None, *, seconds: bool = False) -> str:
    """A stored (UTC) moment as people in Yinchuan read it: '2026-11-27 14:42', Beijing time."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


BABEL_LOCALES = {"zh": "zh_CN", "en": "en_GB"}


def long_date(moment: datetime.datetime | datetime.date, lang: str) -> str:
    """The day of a moment in Beijing, as a sentence writes it: 2026年12月2日, 2 December 2026 (CLDR's words)."""
    if isinstance(moment, datetime.datetime):
        moment = (moment if moment.tzinfo else moment.replace(tzinfo=datetime.timezone.utc)).astimezone(BEIJING).date()
    return format_date(moment, "long", locale=BABEL_LOCALES.get(lang, BABEL_LOCALES[DEFAULT_LANG]))


_HAN = "\u4e00-\u9fff"
_PROSE_MARKS = [(re.compile(r"(?<!\d),|,(?!\d{3}(?!\d))"), "，"),     # not 1,234
                (re.compile(r"(?<!\d):|:(?!\d)"), "："),              # not 16:27
                (re.compile(r";"), "；"),
                (re.compile(rf"\(([^()]*[{_HAN}][^()]*)\)"), r"（\1）"),
                # 2026年, 500万千瓦: no space between Chinese and the numbers in it (the pages space them)
                (re.compile(rf"(?<=[{_HAN}])[ \u00a0]+(?=[\d≥≤≈])|(?<=[\d%])[ \u00a0]+(?=[{_HAN}])"), "")]


def chinese_prose(text: str) -> str:
    """Chinese text with the punctuation a Chinese document uses (，：；（）). The app keeps the plan's text
    as stored, with ASCII marks (its source was normalised); documents an office hands on are written out
    with full-width ones. Numbers keep theirs: 1,234 · 16:27 · 9.5%."""
    for pattern, mark in _PROSE_MARKS:
        text = pattern.sub(mark, text)
    return text


def pick(zh: str, en: str, lang: str) -> str:
    return en if lang == "en" else zh


def status_name(code: str, lang: str) -> str:
    """A status's or verdict's name (loaders.statuses; its words in the catalog, status.<code>)."""
    return t(BY_CODE[code].label_key, lang)


def status_label(code: str, lang: str) -> str:
    """The name with the symbol that reads without colour: '✔ 已达成'."""
    return f"{BY_CODE[code].symbol} {status_name(code, lang)}"


def comparator_word(comparator: str, lang: str) -> str:
    """以上 / or more: how the plan words a comparator."""
    return t(f"comparator.{COMPARATOR_KEY[comparator]}", lang)


def comparator_label(comparator: str, lang: str) -> str:
    return f"{COMPARATOR_SYMBOL[comparator]} ({comparator_word(comparator, lang)})"


def aspiration_word(aspiration: str, lang: str) -> str:
    """力争 / strive for (an aspiration the plan writes before a target)."""
    return t(f"aspiration.{ASPIRATION_KEY[aspiration]}", lang)


def period_name(period: str, lang: str) -> str:
    """十四五 / 14th FYP (2021–2025)."""
    return t(f"plan_period.{PERIOD_KEY[period]}", lang)


def unit_kind_name(kind: str, lang: str) -> str:
    return t(f"unit_kind.{kind}", lang)


def format_number(value: float) -> str:
    """150.0 → '150', 9.5 → '9.5', 6900 → '6,900'."""
    if value is None:
        return ""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text


def format_target(value: float, comparator: str, unit: str, lang: str, aspiration: str | None = None) -> str:
    """'≥ 500 万千瓦', '≈ 9.5%' — the target as one short phrase."""
    number = format_number(value)
    space = "" if unit in ("%", "") else " "
    # a plain 达到 (=) reads best as the bare figure; the others keep their sign
    sign = "" if comparator == "=" else f"{COMPARATOR_SYMBOL[comparator]} "
    core = f"{sign}{number}{space}{unit}"
    if aspiration:
        core = t("target.aspired", lang, aspiration=aspiration_word(aspiration, lang), target=core)
    return core

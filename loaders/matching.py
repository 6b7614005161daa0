"""Recognise what staff type into a sheet: indicator names, units, years, numbers.

Staff name an indicator by its id, by its Chinese or English name, with the unit in brackets or not, or with
small wording differences ("公共充电桩数量" for 公共充电桩); they write numbers as text, with thousands
separators, full-width digits, "%", "约". Everything here is pure functions over strings.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, process

from loaders.budget import Spending

NO_DATA = {"", "-", "—", "–", "－", "/", "无", "暂无", "n/a", "na", "none", "null", "..", "…", "缺", "空", "x"}
APPROXIMATE = ("大约", "约", "左右", "≈", "~", "about", "approx.", "approx", "ca.")
_BRACKETS = re.compile(r"[\(\[（【]([^\)\]）】]*)[\)\]）】]\s*$")
_SEPARATORS = re.compile(r"[\s\u3000_\-–—·・,，。、:：;；'\"“”‘’()（）\[\]【】]")
_YEAR = re.compile(r"^(\d{4})\s*(?:年)?\s*(?:实际值|实际|完成值|完成|actuals?|value)?$", re.IGNORECASE)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
YEAR_MIN, YEAR_MAX = 2000, 2060

UNIT_SYNONYMS = {
    "%": {"%", "％", "百分比", "百分数", "percent", "pct", "per cent"},
    "万千瓦": {"万千瓦", "万kw", "10^4kw", "10000kw", "10,000kw", "×10⁴kw", "x10^4kw", "万 千瓦"},
    "克/千瓦时": {"克/千瓦时", "g/kwh", "克标准煤/千瓦时", "gce/kwh", "克/kwh"},
    "家": {"家", "个", "factories", "factory"},
    "个": {"个", "parks", "products", "park", "product", "项"},
    "万平方米": {"万平方米", "万m2", "万m²", "10^4m2", "×10⁴m²", "10,000m²", "10000m2"},
    "台": {"台", "个", "posts", "post", "units", "charging posts"},
    "万立方米": {"万立方米", "万m3", "万m³", "10^4m3", "×10⁴m³", "10,000m³"},
    "万亩": {"万亩", "10^4mu", "×10⁴mu", "10,000mu"},
}


def normalise(text) -> str:
    """Compare-friendly text: full-width → half-width, lower case, no spaces or punctuation; CO2 (CO₂) written
    as the plan writes it, 二氧化碳."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", str(text)).lower()).replace("co2", "二氧化碳")


_KNOWN_UNIT_SPELLINGS = {"万吨", "吨", "万千瓦时", "亿千瓦时", "亿元", "万元", "元", "辆", "万辆", "座", "户", "万户", "处", "人",
                         "公里", "km", "万公顷", "公顷", "亩", "吨标准煤", "万吨标准煤", "吨标煤", "万吨标煤", "tce"}


def split_unit(text: str) -> tuple[str, str | None]:
    """'森林蓄积量(万立方米)' → ('森林蓄积量', '万立方米'); text without a bracketed tail → (text, None)."""
    text = unicodedata.normalize("NFKC", str(text)).strip()
    match = _BRACKETS.search(text)
    if not match:
        return text, None
    return text[: match.start()].strip(), match.group(1).strip()


# what a bracket says when it is a note, not a unit: (累计), (较2020年), (预计), (初步统计), (含…), (同比)
_NOTE_WORDS = re.compile(r"[较比累计预估初步统含不同口径截至以来年月季度注约]|20\d\d")
_KNOWN_UNITS = {normalise(spelling).replace("×", "x")
                for spelling in [*_KNOWN_UNIT_SPELLINGS, *(s for spellings in UNIT_SYNONYMS.values() for s in spellings)]}


def bracket_is_unit(text: str | None) -> bool:
    """Does a bracket read as a unit ('万千瓦', '%', 'posts') rather than a note ('累计', '较2020年', '预计')?"""
    if not text:
        return False
    key = normalise(text).replace("×", "x")
    if key in _KNOWN_UNITS:
        return True
    return len(key) <= 6 and not _NOTE_WORDS.search(text)


def unit_matches(written: str, unit: str, unit_en: str) -> bool:
    if not written or not written.strip():
        return True
    key = normalise(written).replace("×", "x")
    allowed = {normalise(s).replace("×", "x") for s in UNIT_SYNONYMS.get(unit, {unit}) | {unit, unit_en}}
    return key in allowed


def parse_year(cell) -> int | None:
    """A year in a header or a year column: 2023, 2023.0, '2023', '2023年', '2023 实际'. Else None."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)) and float(cell).is_integer() and 1000 <= cell <= 2999:
        return int(cell)
    if isinstance(cell, str):
        match = _YEAR.match(unicodedata.normalize("NFKC", cell).strip())
        if match:
            return int(match.group(1))
    return None


_PART_NAMES = {"上半年": "1-6", "下半年": "7-12", "前三季度": "1-9", "前两季度": "1-6", "前二季度": "1-6",
               "一季度": "1-3", "第一季度": "1-3", "1季度": "1-3", "q1": "1-3", "二季度": "4-6", "第二季度": "4-6",
               "2季度": "4-6", "q2": "4-6", "三季度": "7-9", "第三季度": "7-9", "3季度": "7-9", "q3": "7-9",
               "四季度": "10-12", "第四季度": "10-12", "4季度": "10-12", "q4": "10-12", "h1": "1-6", "h2": "7-12"}
_MONTHS = re.compile(r"^[(\[]?(\d{1,2})(?:月份?)?[-–—~至到](\d{1,2})月份?[)\]]?$")       # 1-10月, (1-10月), 1月-10月
_UP_TO = re.compile(r"^(?:截至|截止|截止到|截止至|至)?(\d{1,2})月(?:份)?(?:底|末|末前)?(?:止)?$")  # 截至10月底, 10月底
_WHOLE_YEAR = re.compile(r"^(?:全年|年度|实际值|实际|完成值|完成|actuals?|value)?$", re.IGNORECASE)
_VALUE_SUFFIX = re.compile(r"(完成值|完成情况|完成数|完成|实际值|实际完成|实际|数值|数据|情况|actuals?|value)$", re.IGNORECASE)
_LEADING_YEAR = re.compile(r"^(?:截至|截止|截止到|截止至)?(\d{4})(?:年度|年)?(.*)$")
_NOT_ACTUALS = ("目标", "计划", "规划", "预期", "预测", "target", "plan", "goal")


def _period_words(text: str) -> str | None:
    """What a header says after its year: "" for the whole year, "1-10" for January–October; None if it says
    something else."""
    text = _VALUE_SUFFIX.sub("", text.strip("()（）[]【】:：")).strip("()（）[]【】:：")   # 1-10月完成 is 1-10月
    if _WHOLE_YEAR.match(text):
        return ""
    if text.lower() in _PART_NAMES:
        return _PART_NAMES[text.lower()]
    months = _MONTHS.match(text)
    if months and 1 <= int(months.group(1)) <= int(months.group(2)) <= 12:
        return f"{int(months.group(1))}-{int(months.group(2))}"
    up_to = _UP_TO.match(text)
    if up_to and 1 <= int(up_to.group(1)) <= 12:
        return "1-12" if int(up_to.group(1)) == 12 else f"1-{int(up_to.group(1))}"
    return None


UNREADABLE = "unreadable"


@functools.lru_cache(maxsize=4096)   # a long table says the same few years on every row
def parse_period(cell) -> tuple[int | None, str] | str | None:
    """A year column's header with the part of the year it covers: 2026 → (2026, ""); "2026年(1-10月)",
    "2026年1-10月", "截至2026年10月底" → (2026, "1-10"); "上半年", "截至10月底" → (None, "1-6"), (None, "1-10")
    (a year from elsewhere: the group above, the title). UNREADABLE for a header that names a year in a way
    that is not one of these ("2026年预计"); None for anything else, target and plan columns included."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)):
        return (int(cell), "") if float(cell).is_integer() and 1000 <= cell <= 2999 else None
    if not isinstance(cell, str):
        return None
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell))
    if not text or any(word in text.lower() for word in _NOT_ACTUALS):
        return None
    leading = _LEADING_YEAR.match(text)
    if leading:
        period = _period_words(leading.group(2))
        if period == "1-12":
            period = ""
        return (int(leading.group(1)), period) if period is not None else UNREADABLE
    period = _period_words(text)
    if period:
        return (None, "" if period == "1-12" else period)
    return UNREADABLE if re.search(r"(19|20)\d{2}", text) else None


class BadNumber(ValueError):
    pass


@dataclass(frozen=True)
class Reading:
    value: float | None      # None: the cell means "no data"
    percent: bool = False    # written with a % sign
    approximate: bool = False  # written as 约25, 25左右, ≈25


def parse_number(cell) -> Reading:
    """A cell as a number, or no data; raises BadNumber with the reason when it is neither."""
    if cell is None or (isinstance(cell, float) and cell != cell):  # None or NaN
        return Reading(None)
    if isinstance(cell, bool):
        raise BadNumber("a true/false value")
    if isinstance(cell, (int, float)):
        return Reading(float(cell))
    if not isinstance(cell, str):
        raise BadNumber(f"a {type(cell).__name__}")
    text = unicodedata.normalize("NFKC", cell).strip()
    if text.lower() in NO_DATA:
        return Reading(None)
    if text.startswith("#"):  # Excel error values such as #DIV/0!, #N/A
        raise BadNumber("an Excel error value")
    lowered = text.lower()
    approximate = False
    for word in APPROXIMATE:
        if word in lowered:
            approximate = True
            lowered = lowered.replace(word, "")
    lowered = lowered.strip()
    percent = lowered.endswith("%")
    number = lowered.rstrip("%").strip().replace(" ", "")
    if _THOUSANDS.match(number):
        number = number.replace(",", "")
    if not _NUMBER.match(number):
        raise BadNumber("text")
    return Reading(float(number), percent, approximate)


@dataclass(frozen=True)
class Match:
    indicator_id: str | None
    written_unit: str | None           # a bracket that reads as a unit: 森林蓄积量(万立方米)
    candidates: tuple[str, ...] = ()   # more than one when the name is ambiguous
    how: str = ""                      # id | name | alias | similar; over_budget when no comparison was made
    note: str = ""                     # a bracket that reads as a note: 公共充电桩(累计), …下降率(较2020年)


class IndicatorMatcher:
    """Resolves what a sheet calls an indicator to an indicator_id.

    Exact forms (id, name, alias, each with or without a bracketed tail) are dictionary look-ups; other
    wordings are compared by similarity (rapidfuzz, compiled) against every known name, at most
    `spending.budget.similar_names` distinct ones per upload, so a sheet of 80,000 invented names costs
    seconds, not minutes."""

    SIMILARITY = 0.8
    NEAR = 0.7          # partial similarity at which a name is offered, never taken

    def __init__(self, indicators: pd.DataFrame, spending: Spending | None = None):
        self.ids = {i.lower(): i for i in indicators["indicator_id"]}
        self.names: dict[str, tuple[str, str]] = {}   # normalised name → (indicator_id, name | alias)
        for row in indicators.itertuples():
            aliases = [] if pd.isna(row.aliases) else str(row.aliases).split("|")
            for how, name in [("name", row.name_zh), ("name", row.name_en), *(("alias", a) for a in aliases)]:
                self.names.setdefault(normalise(name), (row.indicator_id, how))
                base, _ = split_unit(name)  # '老旧小区节能改造面积(累计)' is also known without its bracket
                self.names.setdefault(normalise(base), (row.indicator_id, how))
        self._known = list(self.names)
        self.spending = spending
        self._cache: dict[str, Match] = {}

    def match(self, cell) -> Match:
        text = "" if cell is None else str(cell).strip()
        if text not in self._cache:
            self._cache[text] = self._match(text)
        return self._cache[text]

    def _match(self, text: str) -> Match:
        if not text:
            return Match(None, None)
        if text.lower() in self.ids:
            return Match(self.ids[text.lower()], None, how="id")
        key = normalise(text)
        if key in self.names:
            return Match(self.names[key][0], None, how=self.names[key][1])
        name, bracket = split_unit(text)
        unit, note = (bracket, "") if bracket_is_unit(bracket) else (None, bracket or "")
        key = normalise(name)
        if key in self.names:
            return Match(self.names[key][0], unit, how=self.names[key][1], note=note)
        if len(key) < 2:
            return Match(None, unit, note=note)
        if self.spending is not None and not self.spending.may_compare_name():
            return Match(None, unit, how="over_budget", note=note)
        scores: dict[str, float] = {}
        for known, score, _ in process.extract(key, self._known, scorer=fuzz.ratio, limit=None,
                                               score_cutoff=self.SIMILARITY * 100):
            indicator_id = self.names[known][0]
            scores[indicator_id] = max(scores.get(indicator_id, 0), score / 100)
        if len(key) >= 4:
            for known in self._known:
                if len(known) >= 4 and (key in known or known in key):
                    indicator_id = self.names[known][0]
                    scores[indicator_id] = max(scores.get(indicator_id, 0), 0.85)
        if not scores:   # nothing close enough to take: the likeliest few are offered to choose from
            near: dict[str, float] = {}
            for known, score, _ in process.extract(key, self._known, scorer=fuzz.partial_ratio, limit=12,
                                                   score_cutoff=self.NEAR * 100):
                near.setdefault(self.names[known][0], score)
            offered = tuple(sorted(near, key=lambda i: -near[i])[:3])
            return Match(None, unit, offered, how="near" if offered else "", note=note)
        best = max(scores.values())
        winners = tuple(sorted(i for i, s in scores.items() if best - s < 0.02))
        if len(winners) > 1:
            return Match(None, unit, winners, note=note)
        return Match(winners[0], unit, how="similar", note=note)

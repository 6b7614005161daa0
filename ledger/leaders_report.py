"""The year-end report the leading group's office sends to the city's leaders, as a Word document it can send as
it is: the form of a 公文 (ledger.gongwen), the words of the message catalogs (yr.*), the facts of the year-end
picture (ledger.year_end).

一、总体情况: the verdicts on the targets now due first, then every indicator and every ledger item in exactly one
status (the counts add up to the plan's); 二、主要进展: per action, the numbers and the departments' own words,
attributed; 三、存在问题: targets missed, indicators behind their plan path, tasks behind, overdue or returned
(with lead unit and reason), the problems the units report, and what does not add up; 四、下步工作打算: the units'
own plans and what falls due next; 五、报送情况: who was due and did not report (the office itself not counted);
then the 附件 list, 落款 and 成文日期, and the attachments. English too.
"""
from __future__ import annotations

import pandas as pd

from ledger.gongwen import Gongwen, chinese_ordinal, shortened, signed_date
from ledger.year_end import BEHIND_INDICATORS, BEHIND_ITEMS, INDICATOR_STATUSES, YearEnd
from loaders.catalog import Catalog, split_ids
from loaders.items import OFFICE, item_indicators
from loaders.message import Difference, GoalInWords, Quantity, message
from loaders.statuses import ITEM_STATUSES, VERDICTS
from tracker import views
from tracker.assess import targets_of_year
from tracker.i18n import long_date, status_label, status_name, t
from tracker.wording import listing, say, words

QUOTES_PER_ACTION = 4    # the departments' sentences quoted under an action
QUOTE_LENGTH = 90        # characters of a quoted sentence before it is shortened (……)
LATE_LISTED = 30         # items behind, overdue or returned listed by name; the annex has them all
MAX_CHARTS = 8           # trajectories attached: the targets missed and the indicators furthest behind first
KIND_ORDER = ("task", "goal", "project", "duty")
VERDICT_COLUMNS = ("no", "indicator", "target", "actual", "gap", "verdict", "lead")   # yr.col.*


class _Report:
    """One report being written: the document, its language and what the sentences are made of."""

    def __init__(self, catalog: Catalog, picture: YearEnd, lang: str):
        self.catalog, self.picture, self.lang = catalog, picture, lang
        self.doc = Gongwen(lang)
        self.headings = [0, 0]

    def say(self, code: str, **params) -> str:
        return say(message(code, **params), self.lang, self.catalog)

    def heading(self, level: int, code: str, **params) -> None:
        """一、… and (一)…, numbered in order: the catalog has the words, the count is kept here."""
        self.headings[level - 1] += 1
        if level == 1:
            self.headings[1] = 0
        n = self.headings[level - 1]
        number = chinese_ordinal(n) if self.lang == "zh" else str(n)
        self.doc.heading(t(f"yr.h{level}", self.lang, n=number, text=t(code, self.lang, **params)), level)

    def action_heading(self, action_id: int) -> None:
        self.headings[1] += 1
        n = self.headings[1]
        name = views.action_label(self.catalog, action_id, self.lang).split(". ", 1)[-1]
        number = chinese_ordinal(n) if self.lang == "zh" else str(n)
        self.doc.heading(t("yr.h2", self.lang, n=number, text=name), 2)

    def units(self, cell) -> str:
        ids = split_ids(cell)
        return views.unit_names(self.catalog, ids, self.lang) if ids else t("yr.no_units", self.lang)

    def with_leads(self, sentence: str, indicator_id: str, lead_units) -> str:
        """The sentence with the indicator's lead units right after its name: 新能源发电装机规模（牵头单位：市发改委）…"""
        name = views.indicator_name(self.catalog, indicator_id, self.lang)
        return sentence.replace(name, name + t("yr.lead_after", self.lang, leads=self.units(lead_units)), 1)

    def counts(self, counts: dict[str, int]) -> str:
        return listing([t(f"yr.count.{code}", self.lang, n=n) for code, n in counts.items() if n], self.lang)

    def item(self, row) -> str:
        title = (row["title_zh"] if self.lang == "zh" else row["title_en"]).rstrip("。.")
        title = title.replace("“", "‘").replace("”", "’")   # quotes in quotes, as both languages write them
        if row["kind"] == "task":
            return t("yr.item.task", self.lang, number=row["number"], title=title)
        return t("yr.item.other", self.lang, title=title)


def _sentence(text: str) -> str:
    """A quoted sentence ends as a sentence does (its 。 inside the quotes)."""
    return text if text.endswith(("。", "！", "？", "……", ".", "!", "?")) else text + "。"


def _goal(row) -> GoalInWords:
    return GoalInWords(row["target_value"], row["comparator"], row["indicator_id"],
                       None if pd.isna(row["aspiration"]) else row["aspiration"])


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else " ".join(str(value).split())


def build_leaders_report(catalog: Catalog, picture: YearEnd, lang: str = "zh", *, recipient: str | None = None,
                         charts: bool = True) -> bytes:
    """The report as .docx bytes. `recipient`: the 主送机关 (the leading group by default)."""
    r = _Report(catalog, picture, lang)
    year, date = picture.year, long_date(picture.generated, lang)
    reported = int((picture.coverage["indicators_reported"] + picture.coverage["items_reported"] > 0).sum())
    r.doc.title(t("yr.title", lang, year=year))
    r.doc.recipient(recipient or t("yr.recipient_default", lang))
    r.doc.add(t("yr.opening", lang, year=year, date=date, units=reported))
    _overview(r)
    _progress(r)
    _problems(r)
    _next_steps(r)
    _coverage(r)
    attachments = []
    if len(picture.verdicts):
        attachments.append(("verdicts", t("yr.attachment.verdicts", lang) if set(picture.verdicts["target_year"]) == {2025}
                            else t("yr.attachment.verdicts_year", lang, year=int(picture.verdicts["target_year"].min()))))
    attachments.append(("coverage", t("yr.attachment.coverage", lang)))
    charted = _charted(picture) if charts else []
    if charted:
        attachments.append(("charts", t("yr.attachment.charts", lang)))
    names = [name for _, name in attachments] + [t("yr.attachment.annex", lang, year=year)]
    r.doc.attachments(t("yr.attachments", lang), names)
    r.doc.signature(t("yr.office", lang), signed_date(picture.generated, lang))
    for n, (kind, name) in enumerate(attachments, start=1):
        r.doc.attachment(t("yr.attachment_n", lang, n=n), name)
        if kind == "verdicts":
            r.doc.table(_verdict_table(r), [1.2, 5, 3, 2.5, 2.3, 2.6, 3])
        elif kind == "coverage":
            r.doc.table(_coverage_table(r), [1.3, 5.5, 1.8, 1.8, 1.8, 1.8, 2.2])
        else:
            _charts(r, charted)
    return r.doc.save()


# --- 一、总体情况 --------------------------------------------------------------------------------------------

def _overview(r: _Report) -> None:
    picture, lang = r.picture, r.lang
    r.heading(1, "yr.h.overview")
    for target_year in sorted(picture.verdicts["target_year"].unique()):   # what was due, first
        target_year = int(target_year)
        due = picture.verdicts[picture.verdicts["target_year"] == target_year]
        counts, total = picture.verdict_counts(target_year), targets_of_year(r.catalog, target_year)
        if target_year == 2025:
            r.heading(2, "yr.h.verdicts_2025")
        else:
            r.heading(2, "yr.h.verdicts", year=target_year)
        if target_year < picture.year:
            text = t("yr.verdicts", lang, year=target_year, total=total, met=counts["met"], missed=counts["missed"],
                     unknown=counts["no_value_for_year"])
        else:
            text = t("yr.verdicts_current", lang, year=target_year, total=total, n=sum(counts.values()),
                     met=counts["met"], missed=counts["missed"], rest=total - sum(counts.values()))
        parts = []
        for action_id, rows in due.groupby("action_id", sort=True):
            met, missed = int((rows["verdict"] == "met").sum()), int((rows["verdict"] == "missed").sum())
            if met or missed:
                name = views.action_label(r.catalog, int(action_id), lang).split(". ", 1)[-1]
                parts.append(t("yr.verdicts_action", lang, action=name, met=met, missed=missed))
        if parts:
            text += ("" if lang == "zh" else " ") + t("yr.verdicts_by_action", lang,
                                                      parts=(";" if lang == "zh" else "; ").join(parts))
        r.doc.add(text)
    indicators, items = picture.indicators, picture.items
    r.heading(2, "yr.h.indicators")
    r.doc.add(t("yr.indicator_counts", lang, total=len(indicators), counts=r.counts(picture.indicator_counts())))
    r.heading(2, "yr.h.items")
    kinds = items["kind"].value_counts()
    kinds_text = listing([t(f"yr.kind.{k}", lang, n=int(kinds.get(k, 0))) for k in KIND_ORDER], lang)
    r.doc.add(t("yr.item_counts", lang, total=len(items), kinds=kinds_text, counts=r.counts(picture.item_counts())))


# --- 二、主要进展 --------------------------------------------------------------------------------------------

def indicator_sentence(r: _Report, row: dict, *, after_verdict: bool = False) -> str:
    """How an indicator stands, in words a leader reads: the value, what the plan path asks of it, what that means
    (never "progress is 84% of what was required"). `after_verdict`: it follows the sentence on its verdict, so
    it speaks of the next target without naming the indicator again."""
    iid = row["indicator_id"]
    if pd.isna(row["latest_value"]):
        return ""
    params = {"indicator": iid, "year": int(row["latest_year"]), "actual": Quantity(row["latest_value"], iid)}
    status = row["status"]
    if after_verdict and status in ("on_track", "acceleration_needed", "limited_progress") \
            and not pd.isna(row["required_value"]) and not pd.isna(row["target_year"]):
        return r.say(f"yr.next.{status}", goal_year=int(row["target_year"]), goal=_goal(row),
                     required=Quantity(round(row["required_value"], 1), iid), year=int(row["latest_year"]))
    if status == "achieved":
        return r.say("yr.ind.achieved", **params, goal=_goal(row), goal_year=int(row["target_year"])) \
            if not pd.isna(row["target_year"]) else r.say("yr.ind.other", indicator=iid, reason=row["reason"])
    if status in ("on_track", "acceleration_needed", "limited_progress") and not pd.isna(row["required_value"]):
        return r.say(f"yr.ind.{status}", **params, required=Quantity(round(row["required_value"], 1), iid))
    if status == "moving_away" and not pd.isna(row["baseline_value"]) and row["baseline_year"] != row["latest_year"]:
        return r.say("yr.ind.moving_away", **params, baseline_year=int(row["baseline_year"]),
                     baseline=Quantity(row["baseline_value"], iid))
    return r.say("yr.ind.other", indicator=iid, reason=row["reason"])


def _progress(r: _Report) -> None:
    picture, lang = r.picture, r.lang
    r.heading(1, "yr.h.progress")
    reports = picture.reports
    for action_id in r.catalog.actions["action_id"]:
        indicators = picture.indicators[(picture.indicators["action_id"] == action_id)
                                        & picture.indicators["status"].isin(("achieved", "on_track"))]
        met = picture.verdicts[(picture.verdicts["action_id"] == action_id) & (picture.verdicts["verdict"] == "met")]
        items = set(picture.items.loc[picture.items["action_id"] == action_id, "item_id"])
        done = reports[reports["item_id"].isin(items) & reports["status"].isin(("completed", "on_schedule"))
                       & reports["progress"].map(bool)] if len(reports) else reports
        if indicators.empty and met.empty and done.empty:
            continue
        r.action_heading(int(action_id))
        sentences, judged = [], set(met["indicator_id"])
        by_indicator = indicators.set_index("indicator_id")
        for v in met.itertuples():
            sentences.append(r.say("yr.met", indicator=v.indicator_id, year=int(v.target_year),
                                   actual=Quantity(v.actual_value, v.indicator_id), goal=_goal(v._asdict())))
            if v.indicator_id in by_indicator.index:   # and how it goes on toward its next target
                sentences.append(indicator_sentence(r, {**by_indicator.loc[v.indicator_id].to_dict(),
                                                        "indicator_id": v.indicator_id}, after_verdict=True))
        sentences += [indicator_sentence(r, row) for row in indicators.to_dict("records")
                      if row["indicator_id"] not in judged]
        if sentences:
            r.doc.add("".join(s for s in sentences if s) if lang == "zh" else " ".join(s for s in sentences if s))
        quoted, items = set(), picture.items.set_index("item_id")
        for row in done.sort_values("role").to_dict("records"):   # the lead units' words before the partners'
            text = shortened(row["progress"], QUOTE_LENGTH)
            if (row["reporting_unit"], text) in quoted or len(quoted) >= QUOTES_PER_ACTION:
                continue
            quoted.add((row["reporting_unit"], text))
            r.doc.add(r.say("yr.quote", about=r.item(items.loc[row["item_id"]]), unit=row["reporting_unit"],
                            text=_sentence(text)))


# --- 三、存在问题 --------------------------------------------------------------------------------------------

def _problems(r: _Report) -> None:
    picture, lang = r.picture, r.lang
    r.heading(1, "yr.h.problems")
    leads = dict(zip(picture.indicators["indicator_id"], picture.indicators["lead_units"]))
    r.heading(2, "yr.h.missed")
    missed = picture.verdicts[picture.verdicts["verdict"] == "missed"]
    for n, row in enumerate(missed.to_dict("records"), start=1):
        r.doc.add(r.with_leads(_missed_sentence(r, row), row["indicator_id"], leads[row["indicator_id"]]),
                  lead=f"{n}." if lang == "zh" else f"{n}. ")
    if missed.empty:
        r.doc.add(t("yr.none.missed", lang))
    r.heading(2, "yr.h.behind")
    behind = picture.indicators[picture.indicators["status"].isin(BEHIND_INDICATORS)]
    for n, row in enumerate(behind.to_dict("records"), start=1):
        r.doc.add(r.with_leads(indicator_sentence(r, row), row["indicator_id"], row["lead_units"]),
                  lead=f"{n}." if lang == "zh" else f"{n}. ")
    if behind.empty:
        r.doc.add(t("yr.none.behind", lang))
    r.heading(2, "yr.h.late_items")
    late = picture.items[picture.items["status"].isin(BEHIND_ITEMS)]
    # the main goals the plan gives no unit are the office's own to assess: said once, not as a unit that is late
    ours = (late["lead_units"] == OFFICE) & (late["status"] == "overdue") \
        & ~late["reported_status"].map(lambda status: isinstance(status, str) and bool(status))
    others = late[~ours]
    for n, row in enumerate(others.head(LATE_LISTED).to_dict("records"), start=1):
        r.doc.add(_late_sentence(r, row), lead=f"{n}." if lang == "zh" else f"{n}. ")
    if len(others) > LATE_LISTED:
        r.doc.add(t("yr.late.more", lang, n=len(others) - LATE_LISTED))
    for deadline, goals in late[ours].groupby("year", sort=True):
        r.doc.add(t("yr.late.office", lang, n=len(goals), deadline=int(deadline),
                    items=listing([r.item(row) for row in goals.to_dict("records")], lang)))
    if late.empty:
        r.doc.add(t("yr.none.late", lang))
    r.heading(2, "yr.h.unit_issues")
    said = _by_unit(picture.reports, "issues")
    for unit, texts in said.items():
        r.doc.add(r.say("yr.quote_issue", unit=unit, text=shortened("；".join(texts), QUOTE_LENGTH * 2)))
    if not said:
        r.doc.add(t("yr.none.issues", lang))
    checks = _to_check(r)
    flagged = views.contradictions(r.catalog)
    if checks or len(flagged):
        r.heading(2, "yr.h.to_check")
        for text in checks:
            r.doc.add(text)
        if len(flagged):
            r.doc.add(t("yr.check.plan", lang, n=flagged["notes"].nunique()))


def _missed_sentence(r: _Report, row: dict) -> str:
    iid = row["indicator_id"]
    params = {"indicator": iid, "year": int(row["target_year"]), "actual": Quantity(row["actual_value"], iid),
              "goal": _goal(row), "gap": Difference(round(row["gap"], 2), iid)}
    if not pd.isna(row["later_year"]):
        return r.say("yr.missed_later", **params, later_year=int(row["later_year"]), later=Quantity(row["later_value"], iid))
    return r.say("yr.missed", **params)


def _late_sentence(r: _Report, row: dict) -> str:
    item, units = r.item(row), r.units(row["lead_units"])
    if row["status"] == "returned":
        return t("yr.late.returned", r.lang, item=item, units=units, why=_text(row["return_reason"]).rstrip("。."))
    if row["status"] == "overdue":
        reported = row["reported_status"] if isinstance(row["reported_status"], str) and row["reported_status"] else None
        if reported:
            return t("yr.late.overdue_reported", r.lang, item=item, units=units, deadline=int(row["year"]),
                     status=status_name(reported, r.lang))
        return t("yr.late.overdue_silent", r.lang, item=item, units=units, deadline=int(row["year"]))
    why = _text(row["issues"]).rstrip("。.")
    if why:
        return t("yr.late.behind", r.lang, item=item, units=units, why=shortened(why, QUOTE_LENGTH))
    return t("yr.late.behind_silent", r.lang, item=item, units=units)


def _by_unit(reports: pd.DataFrame, column: str) -> dict[str, list[str]]:
    """Each unit's own texts in `column`, each said once, in the order they came."""
    found: dict[str, list[str]] = {}
    for row in reports.to_dict("records") if len(reports) else []:
        text = _text(row[column]).rstrip("。.；;")
        if text and text not in found.setdefault(row["reporting_unit"], []):
            found[row["reporting_unit"]].append(text)
    return {unit: texts for unit, texts in found.items() if texts}


def _to_check(r: _Report) -> list[str]:
    """A task reported completed whose own indicator missed its target, or lags its plan path."""
    picture = r.picture
    linked = item_indicators(r.catalog)
    indicators = picture.indicators.set_index("indicator_id")
    missed = {(v.indicator_id): v for v in picture.verdicts.itertuples() if v.verdict == "missed"}
    found = []
    for row in picture.items[picture.items["status"] == "completed"].to_dict("records"):
        for iid in linked.get(row["item_id"], ()):
            state = None
            if iid in missed:
                v = missed[iid]
                state = r.say("yr.check.missed_state", year=int(v.target_year), actual=Quantity(v.actual_value, iid),
                              goal=_goal(v._asdict()))
            elif indicators.at[iid, "status"] in BEHIND_INDICATORS and not pd.isna(indicators.at[iid, "required_value"]):
                state = r.say("yr.check.behind_state", year=int(indicators.at[iid, "latest_year"]),
                              actual=Quantity(indicators.at[iid, "latest_value"], iid),
                              required=Quantity(round(indicators.at[iid, "required_value"], 1), iid))
            if state:
                found.append(r.say("yr.check.completed_but", task=r.item(row), leads=r.units(row["lead_units"]),
                                   indicator=iid, state=state))
                break
    return found


# --- 四、下步工作打算 ----------------------------------------------------------------------------------------

def _next_steps(r: _Report) -> None:
    picture, lang = r.picture, r.lang
    r.heading(1, "yr.h.next")
    r.heading(2, "yr.h.unit_plans")
    plans = _by_unit(picture.reports, "next_steps")
    for unit, texts in plans.items():
        r.doc.add(r.say("yr.quote_issue", unit=unit, text=shortened("；".join(texts), QUOTE_LENGTH * 2)))
    if not plans:
        r.doc.add(t("yr.none.plans", lang))
    following = picture.year + 1
    r.heading(2, "yr.h.due_next", year=following)
    due = picture.items[(picture.items["year"] == following) & ~picture.items["status"].isin(("completed", "changed"))]
    if len(due):
        r.doc.add(t("yr.due_next_items", lang, year=following,
                    items=listing([r.item(row) for row in due.to_dict("records")], lang)))
    else:
        behind = int(picture.indicators["status"].isin(BEHIND_INDICATORS).sum())
        r.doc.add(t("yr.due_next_none" if behind else "yr.due_next_none_ok", lang, year=following,
                    years=max(0, 2030 - picture.year), behind=behind))
    r.heading(2, "yr.h.follow_up")
    late = int((picture.coverage["reporting"] != "complete").sum())
    r.doc.add(t("yr.follow_up", lang, n=late) if late else t("yr.follow_up_none", lang))


# --- 五、报送情况 --------------------------------------------------------------------------------------------

def _coverage(r: _Report) -> None:
    coverage, lang = r.picture.coverage, r.lang
    r.heading(1, "yr.h.coverage")
    counts = coverage["reporting"].value_counts()
    text = t("yr.coverage", lang, year=r.picture.year, total=len(coverage), complete=int(counts.get("complete", 0)),
             partial=int(counts.get("partial", 0)), none=int(counts.get("none", 0)))
    for reporting, code in (("none", "yr.coverage_none_units"), ("partial", "yr.coverage_partial_units")):
        units = list(coverage.loc[coverage["reporting"] == reporting, "unit_id"])
        if units:
            text += ("" if lang == "zh" else " ") + t(code, lang, units=views.unit_names(r.catalog, units, lang))
    r.doc.add(text + ("" if lang == "zh" else " ") + t("yr.coverage_see", lang))


# --- 附件 ---------------------------------------------------------------------------------------------------

def _verdict_table(r: _Report) -> pd.DataFrame:
    picture, lang = r.picture, r.lang
    leads = dict(zip(picture.indicators["indicator_id"], picture.indicators["lead_units"]))
    rows = []
    for n, row in enumerate(picture.verdicts.to_dict("records"), start=1):
        iid = row["indicator_id"]
        own = row["actual_year"] == row["target_year"]
        rows.append([n, views.indicator_name(r.catalog, iid, lang), words(_goal(row), lang, r.catalog),
                     words(Quantity(row["actual_value"], iid), lang, r.catalog) if own else "—",
                     words(Difference(round(row["gap"], 2), iid), lang, r.catalog) if row["verdict"] == "missed" else "—",
                     status_name(row["verdict"], lang), r.units(leads[iid])])
    return pd.DataFrame(rows, columns=[t(f"yr.col.{c}", lang) for c in VERDICT_COLUMNS])


def _coverage_table(r: _Report) -> pd.DataFrame:
    coverage, lang = r.picture.coverage, r.lang
    frame = pd.DataFrame({
        t("yr.col.no", lang): range(1, len(coverage) + 1),
        t("yr.col.unit", lang): [views.unit_label(r.catalog, u, lang) for u in coverage["unit_id"]],
        t("yr.col.indicators_due", lang): coverage["indicators_due"],
        t("yr.col.indicators_reported", lang): coverage["indicators_reported"],
        t("yr.col.items_due", lang): coverage["items_due"],
        t("yr.col.items_reported", lang): coverage["items_reported"],
        t("yr.col.reporting", lang): [t(f"reporting.{v}", lang) for v in coverage["reporting"]],
    })
    total = ["", t("yr.total", lang), *(int(coverage[c].sum()) for c in ("indicators_due", "indicators_reported",
                                                                         "items_due", "items_reported")), ""]
    return pd.concat([frame, pd.DataFrame([total], columns=frame.columns)], ignore_index=True)


def _charted(picture: YearEnd) -> list[dict]:
    """The indicators whose trajectories are attached: a target missed first, then the furthest behind."""
    missed = set(picture.verdicts.loc[picture.verdicts["verdict"] == "missed", "indicator_id"])
    order = {code: n for n, code in enumerate(("moving_away", "limited_progress", "acceleration_needed"))}
    rows = picture.indicators[picture.indicators["indicator_id"].isin(missed)
                              | picture.indicators["status"].isin(BEHIND_INDICATORS)]
    rows = rows.assign(_missed=~rows["indicator_id"].isin(missed), _order=rows["status"].map(order).fillna(9))
    return rows.sort_values(["_missed", "_order"], kind="stable").drop(columns=["_missed", "_order"]).to_dict("records")


def _charts(r: _Report, charted: list[dict]) -> None:
    from tracker.charts import trajectory_png  # Altair and the renderer: only when pictures are wanted
    shown = charted[:MAX_CHARTS]
    pictures = []
    for row in shown:
        png = trajectory_png(r.catalog, row["indicator_id"], r.lang, r.picture.current, row, width=560, height=230,
                             scale=2)
        verdicts = [status_label(v["verdict"], r.lang) for v in row["verdicts"] or []]
        status = ("；" if r.lang == "zh" else "; ").join(verdicts + [status_label(row["status"], r.lang)])
        pictures.append((png, t("yr.chart_caption", r.lang, indicator=views.indicator_name(r.catalog, row["indicator_id"],
                                                                                           r.lang), status=status)))
    r.doc.pictures(pictures, per_page=2)
    if len(charted) > MAX_CHARTS:
        r.doc.add(t("yr.charts_more", r.lang, shown=MAX_CHARTS, total=len(charted)))


# what other modules write with the report's words (the annex, the reminders)
__all__ = ["build_leaders_report", "indicator_sentence", "INDICATOR_STATUSES", "ITEM_STATUSES", "VERDICTS"]

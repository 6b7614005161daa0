"""The year-end report the leading group's office hands to the city's leaders, as a Word document to edit.

In the form of a Chinese official report: title and date; 一、总体情况 (every indicator and every ledger item
in exactly one status, the counts adding up); 二、分行动进展 (a paragraph per action, written from the data);
三、滞后与偏离的目标和任务 (each with its lead unit, latest value or status, and reason); 四、报送情况 (per unit:
what it was due to report and what it did); 附表 and the trajectory charts of what is behind. English too.
Sentences name things as people do — no ids, no hashes; times are Beijing time.
"""
from __future__ import annotations

import io

import pandas as pd
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ledger.year_end import BEHIND_INDICATORS, BEHIND_ITEMS, INDICATOR_STATUSES, YearEnd
from loaders.catalog import Catalog, split_ids
from loaders.text import xml_safe
from tracker import task_views, views
from tracker.i18n import BEIJING, chinese_prose, format_number, format_target, pick, status_label, status_name, t
from tracker.assess import targets_of_year
from tracker.report import verdict_table
from tracker.wording import say
from tracker.task_status import ALL_STATUSES

CHINESE_NUMERALS = "一二三四五六七八九十"
MAX_CHARTS = 8          # trajectories in the annex: the indicators furthest behind first
NAMED_PER_ACTION = 3    # late items named in an action's paragraph; section 3 lists them all
KIND_ORDER = ("task", "goal", "project", "duty")


def action_lead(catalog: Catalog, action_id: int, lang: str) -> str:
    """How the report names an action: as the plan numbers its ten actions — (五)交通运输绿色低碳行动 — and the
    main goals, cooperation, policy support and organisation by name."""
    name = views.action_label(catalog, action_id, lang).split(". ", 1)[-1]
    if 1 <= action_id <= 10:
        return pick(f"({chinese_number(action_id)}){name}。", f"Action {action_id}, {name}. ", lang)
    return pick(f"{name}。", f"{name}. ", lang)


def item_phrase(row, lang: str) -> str:
    """An item inside a sentence: 第11项“推进城乡建设低碳转型”, “到2025年,国土空间布局得到优化”."""
    # quotes inside quotes become single ones, as Chinese and English style both want: “‘十四五’期间…”
    title = pick(row["title_zh"], row["title_en"], lang).rstrip("。.").replace("“", "‘").replace("”", "’")
    if row["kind"] == "task":
        return pick(f"第{row['number']}项“{title}”", f"row {row['number']} “{title}”", lang)
    return f"“{title}”"


def sentence_start(text: str) -> str:
    """'row 4 “…”' → 'Row 4 “…”' at the start of an English sentence; quoted titles stay as they are."""
    return text[:1].upper() + text[1:]


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def blank(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip().rstrip("。.")


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 14 → 十四."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    return "十" + CHINESE_NUMERALS[n - 11] if n < 20 else str(n)


# --- wording ---------------------------------------------------------------------------------------------

INDICATOR_WORDS = {  # how a count of indicators in each status reads in a sentence
    "achieved": ("{n} 项已达成", "{n} achieved"), "on_track": ("{n} 项按计划推进", "{n} on track"),
    "acceleration_needed": ("{n} 项需加快", "{n} needing acceleration"),
    "limited_progress": ("{n} 项进展有限", "{n} with limited progress"), "moving_away": ("{n} 项偏离目标", "{n} moving away"),
    "past_targets": ("{n} 项目标年份均已过去", "{n} with every target's year past"),
    "cannot_assess": ("{n} 项暂无法评估", "{n} not yet assessable"),
    "no_data": ("{n} 项尚无数据", "{n} without data"),
}
ITEM_WORDS = {
    "completed": ("{n} 项已完成", "{n} completed"), "on_schedule": ("{n} 项按期推进", "{n} on schedule"),
    "behind": ("{n} 项进度滞后", "{n} behind schedule"), "not_started": ("{n} 项未启动", "{n} not started"),
    "changed": ("{n} 项已调整或取消", "{n} changed or cancelled"), "no_status": ("{n} 项未注明状态", "{n} without a status"),
    "returned": ("{n} 项被退回待重报", "{n} returned for a new report"), "overdue": ("{n} 项已过期限而未报完成", "{n} past their year and not reported completed"),
    "not_reported": ("{n} 项牵头单位尚未报送", "{n} not yet reported by their lead unit"),
}
KIND_WORDS = {"task": ("任务分工 {n} 项", "{n} rows of the task-division table"),
              "goal": ("定性目标 {n} 项", "{n} qualitative goals"), "project": ("重点项目 {n} 项", "{n} key projects"),
              "duty": ("工作职责 {n} 项", "{n} duties")}


def _count_phrase(counts: dict[str, int], words: dict, lang: str) -> str:
    parts = [pick(*words[code], lang).format(n=n) for code, n in counts.items() if n]
    if lang == "zh":
        return "、".join(parts)
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _value(value: float, unit: str) -> str:
    return f"{format_number(round(value, 2))}{'' if unit == '%' else ' '}{unit}"


def indicator_name(row, lang: str) -> str:
    return pick(row["name_zh"], row["name_en"], lang)


def _indicator_latest(row, lang: str) -> str:
    if pd.isna(row["latest_value"]):
        return pick("无数据", "no data", lang)
    unit = row["unit_en"] if lang == "en" else row["unit"]
    text = pick(f"{int(row['latest_year'])} 年 {_value(row['latest_value'], unit)}",
                f"{_value(row['latest_value'], unit)} in {int(row['latest_year'])}", lang)
    if not pd.isna(row["required_value"]) and row["status"] in BEHIND_INDICATORS:
        text += pick(f"(应达 {_value(round(row['required_value'], 1), unit)})",
                     f" (plan path: {_value(round(row['required_value'], 1), unit)})", lang)
    return text


def target_text(row, lang: str) -> str:
    if pd.isna(row["target_value"]):
        return ""
    unit = row["unit_en"] if lang == "en" else row["unit"]
    aspiration = None if pd.isna(row["aspiration"]) else row["aspiration"]
    target = format_target(row["target_value"], row["comparator"], unit, lang, aspiration)
    return pick(f"{int(row['target_year'])} 年目标 {target}", f"{int(row['target_year'])} target {target}", lang) \
        if not pd.isna(row["target_year"]) else pick(f"目标 {target}", f"target {target}", lang)


def units_text(catalog: Catalog, cell, lang: str) -> str:
    ids = split_ids(cell)
    return views.unit_names(catalog, ids, lang) if ids else pick("(方案未指定)", "(none named)", lang)


# --- the document ------------------------------------------------------------------------------------------

class _Writer:
    def __init__(self, lang: str):
        self.lang = lang
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
        self.body_font = "仿宋" if lang == "zh" else "Times New Roman"
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(14 if lang == "zh" else 11.5)
        self._font(normal.element, self.body_font)
        normal.font.name = self.body_font
        self._page_numbers(section)

    @staticmethod
    def _font(element, name: str) -> None:
        """Set a run's or style's font for Latin and East Asian text alike."""
        properties = element.get_or_add_rPr()
        fonts = properties.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            properties.append(fonts)
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), name)

    def _page_numbers(self, section) -> None:
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run("— ")
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            element = OxmlElement("w:fldChar" if kind else "w:instrText")
            if kind:
                element.set(qn("w:fldCharType"), kind)
            else:
                element.set(qn("xml:space"), "preserve")
                element.text = text
            run._r.append(element)
        paragraph.add_run(" —")

    def run(self, paragraph, text: str, *, bold: bool = False, font: str | None = None, size: float | None = None,
            colour: RGBColor | None = None):
        # xml_safe: a control character in a stored text (saved before the ledger cleaned them) must not make
        # python-docx refuse the whole document
        run = paragraph.add_run(xml_safe(chinese_prose(text) if self.lang == "zh" else text))
        run.bold = bold
        if font:
            self._font(run._r, font)
        if size:
            run.font.size = Pt(size)
        if colour is not None:
            run.font.color.rgb = colour
        return run

    def title(self, text: str, subtitle: str) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.run(paragraph, text, bold=True, font="宋体" if self.lang == "zh" else "Times New Roman",
                 size=20 if self.lang == "zh" else 17)
        paragraph.paragraph_format.space_after = Pt(6)
        sub = self.doc.add_paragraph()
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.run(sub, subtitle, font="楷体" if self.lang == "zh" else None, size=14 if self.lang == "zh" else 11)
        sub.paragraph_format.space_after = Pt(12)

    def heading(self, text: str, level: int = 1) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(10 if level == 1 else 6)
        paragraph.paragraph_format.keep_with_next = True
        font = ("黑体" if level == 1 else "楷体") if self.lang == "zh" else None
        self.run(paragraph, text, bold=self.lang == "en" or level == 2, font=font,
                 size=(16 if level == 1 else 14) if self.lang == "zh" else (13 if level == 1 else 11.5))

    def text(self, text: str, *, lead: str | None = None) -> None:
        paragraph = self.doc.add_paragraph()
        if self.lang == "zh":
            paragraph.paragraph_format.first_line_indent = Pt(28)
        paragraph.paragraph_format.line_spacing = 1.35
        if lead:
            self.run(paragraph, lead, bold=True, font="楷体" if self.lang == "zh" else None)
        self.run(paragraph, text)

    def table(self, frame: pd.DataFrame, widths: list[float] | None = None, size: float = 9.5) -> None:
        table = self.doc.add_table(rows=1, cols=len(frame.columns))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, name in zip(table.rows[0].cells, frame.columns):
            cell.text = ""
            self.run(cell.paragraphs[0], str(name), bold=True, size=size)
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:fill"), "DDE7F3")
            cell._tc.get_or_add_tcPr().append(shading)
        header = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")  # the header repeats on every page the table runs over
        repeat.set(qn("w:val"), "true")
        header.append(repeat)
        for row in frame.itertuples(index=False):
            cells = table.add_row().cells
            for cell, value in zip(cells, row):
                cell.text = ""
                self.run(cell.paragraphs[0], "" if value is None or (isinstance(value, float) and pd.isna(value))
                         else str(value), size=size)
        if widths:  # Word reads the cells' widths, LibreOffice the grid's: set both, scaled to the text width
            section = self.doc.sections[-1]
            available = (section.page_width - section.left_margin - section.right_margin) / Cm(1)
            widths = [w * available / sum(widths) for w in widths]
            table.autofit = False
            for column, width in zip(table.columns, widths):
                column.width = Cm(width)
            for row in table.rows:
                for cell, width in zip(row.cells, widths):
                    cell.width = Cm(width)
        self.doc.add_paragraph()

    def picture(self, png: bytes, caption: str) -> None:
        self.doc.add_picture(io.BytesIO(png), width=Cm(15))
        self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.run(paragraph, caption, size=10.5)

    def landscape(self) -> None:
        section = self.doc.add_section()
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def build_leaders_report(catalog: Catalog, picture: YearEnd, lang: str = "zh", *, charts: bool = True) -> bytes:
    """The report as .docx bytes."""
    year = picture.year
    when = picture.generated.astimezone(BEIJING)
    date = f"{when.year}年{when.month}月{when.day}日" if lang == "zh" else f"{when:%d %B %Y}"
    w = _Writer(lang)
    w.title(pick(f"银川市碳达峰实施方案{year}年度落实情况报告", f"Yinchuan carbon-peak plan: implementation in {year}", lang),
            pick(f"市碳达峰碳中和工作领导小组办公室 · {date}",
                 f"Office of the Municipal Carbon Peaking and Carbon Neutrality Leading Group · {date}", lang))
    w.text(pick(f"根据《银川市碳达峰实施方案》“各县(市)区、各有关部门将碳达峰工作贯彻落实情况每年年底前向市碳达峰碳中和工作"
                f"领导小组报告”的要求,现将{year}年度落实情况报告如下。本报告依据截至{when:%Y年%m月%d日 %H:%M}(北京时间)"
                "台账中各单位报送的数据和工作进展生成,数据以各单位报送为准。",
                f"The plan asks every county, district and department to report how it carried out the carbon-peak work "
                f"to the leading group before each year's end. This report covers {year}. It was generated from what the "
                f"units had reported to the ledger by {when:%Y-%m-%d %H:%M} (Beijing time); the figures are theirs.", lang))
    indicators, items = picture.indicators, picture.items

    # 一、总体情况
    w.heading(pick("一、总体情况", "1. Overview", lang))
    for target_year in sorted(picture.verdicts["target_year"].unique()):   # what was due, first
        counts, total = picture.verdict_counts(int(target_year)), targets_of_year(catalog, int(target_year))
        if target_year < year:
            w.text(t("due.report_paragraph", lang, year=int(target_year), n=total, met=counts["met"],
                     missed=counts["missed"], unknown=counts["no_value_for_year"]))
        else:   # the reporting year's own targets: judged where its value is in, the rest wait for it
            w.text(t("due.report_paragraph_current", lang, year=int(target_year), total=total,
                     n=sum(counts.values()), met=counts["met"], missed=counts["missed"],
                     rest=total - sum(counts.values())))
    w.text(pick(f"方案确定的 {len(indicators)} 项指标中,", f"Of the plan's {len(indicators)} indicators, ", lang)
           + _count_phrase(picture.indicator_counts(), INDICATOR_WORDS, lang) + pick("。", ".", lang))
    kinds = items["kind"].value_counts()
    kinds_text = pick("、", ", ", lang).join(pick(*KIND_WORDS[k], lang).format(n=int(kinds.get(k, 0))) for k in KIND_ORDER)
    overdue = items[items["status"] == "overdue"]
    silent = int(overdue["reported_status"].isna().sum()) if len(overdue) else 0
    w.text(pick(f"台账中的 {len(items)} 项重点任务、定性目标、重点项目和工作职责({kinds_text})中,",
                f"Of the ledger's {len(items)} items ({kinds_text}), ", lang)
           + _count_phrase(picture.item_counts(), ITEM_WORDS, lang) + pick("。", ".", lang)
           + (pick(f"已过期限的 {len(overdue)} 项中,{silent} 项牵头单位本年度没有报送。",
                   f" Of the {plural(len(overdue), 'item', 'items')} past their year, {silent} had no report from "
                   "their lead unit this year.", lang) if silent else ""))
    verdicts = picture.coverage["reporting"].value_counts()
    w.text(pick(f"{len(picture.coverage)} 个单位应报送本年度进展:{int(verdicts.get('complete', 0))} 个已全部报送,"
                f"{int(verdicts.get('partial', 0))} 个部分报送,{int(verdicts.get('none', 0))} 个尚未报送"
                f"(详见第四部分)。本年度共收到 {len(picture.submissions)} 次报送,读取时跳过 {len(picture.problems)} 行"
                "(见 Excel 附件)。",
                f"{len(picture.coverage)} units were due to report this year: {int(verdicts.get('complete', 0))} reported "
                f"everything, {int(verdicts.get('partial', 0))} part of it and {int(verdicts.get('none', 0))} nothing yet "
                f"(see section 4). The ledger received {len(picture.submissions)} submissions this year; "
                f"{len(picture.problems)} rows were skipped in reading them (listed in the Excel annex).", lang))
    overview = pd.DataFrame(
        [[pick("指标", "Indicators", lang), status_name(code, lang), n]
         for code, n in picture.indicator_counts().items()]
        + [[pick("重点任务等", "Ledger items", lang), task_views.status_label(code, lang)[2:], n]
           for code, n in picture.item_counts().items()],
        columns=[pick("类别", "Kind", lang), pick("状态", "Status", lang), pick("数量", "Count", lang)])
    totals = pd.DataFrame([[pick("指标", "Indicators", lang), pick("合计", "Total", lang), len(indicators)],
                           [pick("重点任务等", "Ledger items", lang), pick("合计", "Total", lang), len(items)]],
                          columns=overview.columns)
    w.table(pd.concat([overview[overview.iloc[:, 0] == overview.iloc[0, 0]], totals.iloc[[0]],
                       overview[overview.iloc[:, 0] != overview.iloc[0, 0]], totals.iloc[[1]]]), [4, 6, 3])

    # 二、分行动进展
    w.heading(pick("二、分行动进展", "2. Progress by action", lang))
    actions = [a for a in catalog.actions["action_id"] if (indicators["action_id"] == a).any() or (items["action_id"] == a).any()]
    for action_id in actions:
        w.text(_action_paragraph(catalog, picture, action_id, lang), lead=action_lead(catalog, int(action_id), lang))

    # 三、滞后与偏离的目标和任务
    w.heading(pick("三、滞后与偏离的目标和任务", "3. Targets and tasks behind or off track", lang))
    behind = indicators[indicators["status"].isin(BEHIND_INDICATORS) | indicators["verdicts"].map(_has_missed)]
    late = items[items["status"].isin(BEHIND_ITEMS)]
    if behind.empty and late.empty:
        w.text(pick("本年度没有滞后或偏离的指标和任务。", "No indicator or task is behind or off track this year.", lang))
    else:
        w.text(pick(f"以下 {len(behind)} 项指标和 {len(late)} 项任务滞后或偏离目标,建议督促牵头单位加快推进。",
                    f"The {len(behind)} indicators and {len(late)} items below are behind or off track; their lead units "
                    "should be asked to speed up.", lang))
        w.table(_behind_table(catalog, behind, late, lang), [1.1, 1.6, 4, 2.6, 3.4, 5.3], size=9)

    # 四、报送情况
    w.heading(pick("四、报送情况", "4. Reporting by unit", lang))
    coverage = picture.coverage
    for verdict, zh, en in (("none", "尚未报送", "reported nothing yet"), ("partial", "部分报送", "reported part of what was due")):
        names = [views.unit_label(catalog, u, lang) for u in coverage.loc[coverage["reporting"] == verdict, "unit_id"]]
        if names:
            w.text(pick(f"{zh}的单位({len(names)} 个):", f"Units that {en} ({len(names)}): ", lang)
                   + pick("、", "; ", lang).join(names) + pick("。", ".", lang))
    w.table(_coverage_table(catalog, coverage, lang), [5, 2, 2, 2, 2, 3], size=9)

    # 附表 and charts
    w.landscape()
    w.heading(pick("附表1 指标状态一览", "Annex table 1: every indicator", lang))
    w.table(_indicator_annex(catalog, indicators, lang), [6, 2.5, 4, 4, 4, 5], size=8.5)
    w.heading(pick("附表2 重点任务、定性目标、重点项目和工作职责状态一览", "Annex table 2: every ledger item", lang))
    w.table(_item_annex(catalog, items, lang), [1.2, 2, 8, 4, 3, 3, 4], size=8)
    if len(picture.verdicts):
        w.heading(t("due.report_annex", lang))
        table = verdict_table(catalog, picture.verdicts, lang)
        w.table(table.drop(columns=[t(k, lang) for k in ("col.action", "col.actual_of_year", "col.gap", "col.unit")]),
                [5, 1.5, 3.5, 2.6, 10.5], size=8)
    if charts and not behind.empty:
        w.heading(pick("附图 滞后与偏离指标的轨迹", "Annex figures: trajectories of the indicators behind", lang))
        if len(behind) > MAX_CHARTS:
            w.text(pick(f"第三部分所列 {len(behind)} 项指标中,以下为前 {MAX_CHARTS} 项;全部指标的轨迹见 Excel 附件。",
                        f"The first {MAX_CHARTS} of the {len(behind)} indicators in section 3; the Excel annex has "
                        "every indicator's trajectory.", lang))
        from tracker.charts import trajectory_png  # Altair and the renderer: only when pictures are wanted
        for row in behind.head(MAX_CHARTS).to_dict("records"):
            png = trajectory_png(catalog, row["indicator_id"], lang, picture.current, row, width=560, height=240, scale=2)
            w.picture(png, f"{indicator_name(row, lang)} · {status_label(row['status'], lang)}")
    return w.save()


def _action_paragraph(catalog: Catalog, picture: YearEnd, action_id: int, lang: str) -> str:
    indicators = picture.indicators[picture.indicators["action_id"] == action_id]
    items = picture.items[picture.items["action_id"] == action_id]
    parts = []
    if len(indicators):
        counts = indicators["status"].value_counts()
        phrase = _count_phrase({c: int(counts.get(c, 0)) for c in INDICATOR_STATUSES}, INDICATOR_WORDS, lang)
        parts.append(pick(f"本行动有 {len(indicators)} 项指标,其中{phrase}。",
                          f"Of its {plural(len(indicators), 'indicator', 'indicators')}, {phrase}.", lang))
        for row in indicators[indicators["status"].isin(("achieved", "on_track"))].to_dict("records")[:4]:
            parts.append(pick(f"{indicator_name(row, lang)}{_indicator_latest(row, lang)},{target_text(row, lang)},"
                              f"{status_name(row['status'], 'zh')}。",
                              f"{indicator_name(row, lang)}: {_indicator_latest(row, lang)} against the "
                              f"{target_text(row, lang)}, {status_name(row['status'], 'en').lower()}.", lang))
        for row in indicators[indicators["status"].isin(BEHIND_INDICATORS)].to_dict("records"):
            parts.append(pick(f"{indicator_name(row, lang)}{status_name(row['status'], 'zh')}:{say(row['reason'], 'zh', catalog)}",
                              f"{indicator_name(row, lang)} — {status_name(row['status'], 'en').lower()}: "
                              f"{say(row['reason'], 'en', catalog)}", lang))
    if len(items):
        counts = items["status"].value_counts()
        phrase = _count_phrase({c: int(counts.get(c, 0)) for c in ALL_STATUSES}, ITEM_WORDS, lang)
        parts.append(pick(f"{len(items)} 项重点任务等事项中,{phrase}。",
                          f"Of its {plural(len(items), 'ledger item', 'ledger items')}, {phrase}.", lang))
        late = items[items["status"].isin(BEHIND_ITEMS)].to_dict("records")
        for row in late[:NAMED_PER_ACTION]:
            why = blank(row["return_reason"]) if row["status"] == "returned" else blank(row["issues"])
            parts.append(pick(f"{item_phrase(row, lang)}{task_views.status_label(row['status'], lang)[2:]}"
                              + (f"({why})" if why else "") + "。",
                              f"{sentence_start(item_phrase(row, lang))} is {task_views.status_label(row['status'], lang)[2:].lower()}"
                              + (f" ({why})" if why else "") + ".", lang))
        if len(late) > NAMED_PER_ACTION:
            more = len(late) - NAMED_PER_ACTION
            parts.append(pick(f"其余 {more} 项见第三部分。", f"{plural(more, 'other', 'others')} in section 3.", lang))
    return ("" if lang == "zh" else " ").join(parts)


def _has_missed(verdicts) -> bool:
    return isinstance(verdicts, list) and any(v["verdict"] == "missed" for v in verdicts)


def _behind_table(catalog: Catalog, behind: pd.DataFrame, late: pd.DataFrame, lang: str) -> pd.DataFrame:
    rows = []
    for row in behind.to_dict("records"):
        for verdict in [v for v in row["verdicts"] if v["verdict"] == "missed"]:   # a due target missed
            rows.append([pick("指标", "Indicator", lang), indicator_name(row, lang), units_text(catalog, row["lead_units"], lang),
                         status_name("missed", lang), say(verdict["reason"], lang, catalog)])
        if row["status"] in BEHIND_INDICATORS:
            rows.append([pick("指标", "Indicator", lang), indicator_name(row, lang), units_text(catalog, row["lead_units"], lang),
                         status_name(row["status"], lang) + pick(":", ": ", lang) + _indicator_latest(row, lang),
                         say(row["reason"], lang, catalog)])
    for row in late.to_dict("records"):
        why = blank(row["return_reason"]) if row["status"] == "returned" else blank(row["issues"])
        if row["status"] == "overdue" and not pd.isna(row["year"]):
            reported = row["reported_status"] if isinstance(row["reported_status"], str) else None
            due = (pick(f"{row['year']} 年到期,牵头单位本年度报告为“{task_views.status_label(reported, 'zh')[2:]}”",
                        f"Due in {row['year']}; its lead unit reported it as {task_views.status_label(reported, 'en')[2:].lower()}",
                        lang) if reported else
                   pick(f"{row['year']} 年到期,牵头单位本年度没有报送", f"Due in {row['year']}; no report from its lead unit this year", lang))
            why = due + (pick(f";{why}", f"; {why}", lang) if why else "")
        name = item_phrase(row, lang) if row["kind"] == "task" else task_views.item_label(row, lang)
        rows.append([task_views.kind_label(row["kind"], lang), name,
                     units_text(catalog, row["lead_units"], lang), task_views.status_label(row["status"], lang)[2:], why])
    return pd.DataFrame([[n, *r] for n, r in enumerate(rows, start=1)], columns=[
        pick("序号", "No.", lang), pick("类别", "Kind", lang), pick("名称", "Name", lang), pick("牵头单位", "Lead unit", lang),
        pick("最新情况", "Latest", lang), pick("原因或存在问题", "Reason or issue", lang)])




def _coverage_table(catalog: Catalog, coverage: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        pick("单位", "Unit", lang): [views.unit_label(catalog, u, lang) for u in coverage["unit_id"]],
        pick("应报指标", "Indicators due", lang): coverage["indicators_due"],
        pick("已报指标", "Reported", lang): coverage["indicators_reported"],
        pick("应报任务", "Items due", lang): coverage["items_due"],
        pick("已报任务", "Reported ", lang): coverage["items_reported"],
        pick("情况", "Verdict", lang): [t(f"reporting.{v}", lang) for v in coverage["reporting"]],
    })


def _indicator_annex(catalog: Catalog, indicators: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        pick("指标", "Indicator", lang): [indicator_name(r, lang) for r in indicators.to_dict("records")],
        pick("状态", "Status", lang): [status_name(s, lang) for s in indicators["status"]],
        pick("最新情况", "Latest", lang): [_indicator_latest(r, lang) for r in indicators.to_dict("records")],
        pick("目标", "Target", lang): [target_text(r, lang) for r in indicators.to_dict("records")],
        pick("上一年度", "A year before", lang): [status_name(s, lang) for s in indicators["previous_status"]],
        pick("牵头单位", "Lead unit", lang): [units_text(catalog, u, lang) for u in indicators["lead_units"]],
    })


def _item_annex(catalog: Catalog, items: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        pick("序号", "No.", lang): [n if k == "task" else "" for n, k in zip(items["number"], items["kind"])],
        pick("类别", "Kind", lang): [task_views.kind_label(k, lang) for k in items["kind"]],
        pick("名称", "Name", lang): [pick(a, b, lang) for a, b in zip(items["title_zh"], items["title_en"])],
        pick("牵头单位", "Lead unit", lang): [units_text(catalog, u, lang) for u in items["lead_units"]],
        pick("状态", "Status", lang): [task_views.status_label(s, lang)[2:] for s in items["status"]],
        pick("上一年度", "A year before", lang): [task_views.status_label(s, lang)[2:] for s in items["previous_status"]],
        pick("工作进展", "Progress", lang): [blank(p)[:60] for p in items["progress"]],
    })

"""The leaders' report as the office sends it: a 公文 (GB/T 9704) opened with python-docx — its sections in
order, 主送, 落款 and 成文日期, the styles and fonts, counts that add up to the plan's, the verdicts equal to the
assessment's, and the departments' own words quoted with their unit."""
from __future__ import annotations

import io
import re

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Pt

import plan_counts as plan
from ledger.leaders_report import build_leaders_report
from ledger.year_end import read_frames, year_end
from test_year_end import GENERATED, ledger, save, tasks  # noqa: F401  (the fixture and its helpers)


@pytest.fixture
def picture(ledger, catalog):
    return year_end(catalog, read_frames(ledger), 2025, GENERATED)


def opened(catalog, picture, lang: str = "zh", **options) -> tuple[Document, list[str]]:
    document = Document(io.BytesIO(build_leaders_report(catalog, picture, lang, charts=False, **options)))
    return document, [p.text for p in document.paragraphs]


def test__report__sections_in_order_with_recipient_signature_and_date(picture, catalog):
    document, text = opened(catalog, picture)
    assert text[0] == "银川市2025年度碳达峰工作进展情况的报告" and document.paragraphs[0].style.name == "Title"
    assert text[2] == "市碳达峰碳中和工作领导小组："
    assert text[3].startswith("按照《银川市碳达峰实施方案》关于“各县（市）区、各有关部门将碳达峰工作贯彻落实情况每年年底前")
    assert "截至2026年1月5日，共有3个单位报送。" in text[3]   # no leading zeros, no "生成"
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert [h for style, h in headings if style == "Heading 1"] == [
        "一、总体情况", "二、主要进展", "三、存在问题", "四、下步工作打算", "五、报送情况"]
    assert [h for style, h in headings if style == "Heading 2"][:3] == [
        "（一）“十四五”目标完成情况", "（二）主要指标进展", "（三）重点任务推进情况"]
    attachments = text.index("附件：1．“十四五”目标到期达成情况表")
    assert text[attachments + 1:attachments + 3] == ["2．各单位报送情况表", "3．2025年度碳达峰工作进展情况附表（电子表格，另发）"]
    assert text[attachments + 4:attachments + 6] == ["银川市碳达峰碳中和工作领导小组办公室", "二〇二六年一月五日"]
    office, date = document.paragraphs[attachments + 4], document.paragraphs[attachments + 5]
    # the date's first character two to the right of the office's, the office two characters in from the right
    assert date.paragraph_format.left_indent - office.paragraph_format.left_indent == Pt(32)
    assert office.paragraph_format.left_indent == Pt(16) * (28 - 2 - len("银川市碳达峰碳中和工作领导小组办公室"))
    assert [t for t in text if re.fullmatch(r"附件\d", t)] == ["附件1", "附件2"]
    _, other = opened(catalog, picture, recipient="市委、市政府")
    assert other[2] == "市委、市政府："


def test__report__the_form_of_a_gongwen(picture, catalog):
    document, _ = opened(catalog, picture)
    section = document.sections[0]
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]
    styles = document.styles

    def font(style):
        return styles[style].element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    assert [(font(s), styles[s].font.size) for s in ("Title", "Normal", "Heading 1", "Heading 2")] == [
        ("方正小标宋简体", Pt(22)), ("仿宋_GB2312", Pt(16)), ("黑体", Pt(16)), ("楷体_GB2312", Pt(16))]
    assert styles["Normal"].paragraph_format.first_line_indent == Pt(32)   # two characters in
    fonts = document.part.part_related_by(RT.FONT_TABLE).blob.decode()
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts   # where 仿宋_GB2312 is missing
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in fonts
    assert document.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert (odd.text, even.text, odd.alignment, even.alignment) == ("—  —", "—  —", 2, 0)   # "— 1 —" once PAGE fills in
    assert "PAGE" in odd._p.xml


def test__report__counts_add_up_and_the_verdicts_are_the_assessments(picture, catalog):
    _, text = opened(catalog, picture)
    verdicts = text[text.index("（一）“十四五”目标完成情况") + 1]
    counts = picture.verdict_counts(2025)
    assert verdicts.startswith(f"方案确定的2025年数值目标共{plan.NUMERIC_TARGETS_2025}项，已报送2025年数值的"
                               f"{sum(counts.values())}项中，到期达成{counts['met']}项，未达成{counts['missed']}项；")
    indicators = text[text.index("（二）主要指标进展") + 1]
    assert indicators == "方案确定的45项指标中，2项按计划推进、2项目标年份均已过去、41项尚无数据。"
    assert sum(int(n) for n in re.findall(r"、?(\d+)项", indicators.split("中，")[1])) == plan.INDICATORS
    items = text[text.index("（三）重点任务推进情况") + 1]
    assert items.startswith(f"台账中的{plan.LEDGER_ITEMS}项重点任务、定性目标、重点项目和工作职责（任务分工43项、定性目标44项、"
                            "重点项目54项、工作职责17项）中，1项已完成、1项进度滞后、1项未注明状态、1项被退回待重报、154项牵头单位尚未报送。")
    assert sum(int(n) for n in re.findall(r"(\d+)项", items.split("）中，")[1])) == plan.LEDGER_ITEMS


def test__report__progress_in_numbers_and_in_the_departments_words(picture, catalog):
    _, text = opened(catalog, picture)
    energy = text.index("（一）能源绿色低碳转型行动")
    assert text[energy + 1] == ("清洁能源装机规模2025年为505万千瓦，达到500万千瓦以上的目标。按2030年650万千瓦左右的目标，"
                                "2025年按规划路径应达500万千瓦，按计划推进。")
    assert text[energy + 2] == "关于第1项“推进清洁能源开发利用”，市发改委报告：“装机突破500万千瓦。”"   # quoted, attributed
    everything = "\n".join(text)
    assert "实际进展为应有进展" not in everything and "生成" not in everything   # said in what it means
    assert "None" not in everything and "nan" not in everything
    assert not re.search(r"[\u4e00-\u9fff][,;:]|[,;:][\u4e00-\u9fff]", everything)   # a Chinese document's own marks
    assert not re.search(r"[\u4e00-\u9fff] \d|\d [\u4e00-\u9fff]", everything)


def test__report__problems_with_lead_unit_and_reason(picture, catalog):
    _, text = opened(catalog, picture)
    missed = text.index("（一）未达成的到期目标")
    assert text[missed + 1] == "1.燃煤电厂平均供电标准煤耗（牵头单位：市发改委）2025年为318克/千瓦时，目标为300克/千瓦时以下，差18克/千瓦时。"
    late = text.index("（三）滞后、逾期或被退回的任务")
    assert text[late + 1:late + 3] == ["1.第2项“严格合理控制化石能源消费”（市发改委）进度滞后：机组改造滞后。",
                                       "2.第21项“推进生活垃圾减量化资源化”（市市政管理局）的报告已被退回：缺少验收材料。"]
    assert text[text.index("（四）各单位反映的问题") + 1] == "市发改委：“机组改造滞后”。"
    coverage = text[text.index("五、报送情况") + 1]
    assert coverage.startswith("应报送2025年度进展的单位共17个（不含领导小组办公室），已全部报送0个，部分报送3个，尚未报送14个。")
    assert "领导小组办公室：" not in coverage and "市自然资源局" in coverage


def test__report__a_task_reported_completed_while_its_indicator_missed_is_to_be_checked(ledger, catalog):
    save(ledger, "ndrc", 2025, None, tasks(("2", "completed", "已完成机组改造", "")))
    picture = year_end(catalog, read_frames(ledger), 2025, GENERATED)
    _, text = opened(catalog, picture)
    checks = text[text.index("（五）需核实的情况") + 1:]
    assert checks[0] == ("第2项“严格合理控制化石能源消费”（市发改委）报告为“已完成”，但其指标燃煤电厂平均供电标准煤耗2025年为"
                         "318克/千瓦时，未达到300克/千瓦时以下的目标，请牵头单位核实。")


def test__report__a_year_later_the_goals_of_2025_are_overdue_and_said_so(ledger, catalog):
    picture = year_end(catalog, read_frames(ledger), 2026, GENERATED)
    _, text = opened(catalog, picture)
    late = [t for t in text if "限于2025年完成" in t and not t.startswith("此外")]
    assert late and all(t.endswith("限于2025年完成，牵头单位本年度没有报送。") for t in late)
    assert not [t for t in late if "领导小组办公室）" in t]   # the office does not report itself as late
    ours = [t for t in text if t.startswith("此外")]   # the main goals it assesses itself: said once
    goals = picture.items[(picture.items["lead_units"] == "office") & (picture.items["status"] == "overdue")]
    assert len(goals) == 6 and ours == [
        "此外，6项主要目标（“‘十四五’期间，全市产业结构和能源结构调整优化取得明显进展”、“‘十四五’期间，重点行业能源利用效率大幅提升”、"
        "“‘十四五’期间，煤炭消费增长得到严格控制”、“‘十四五’期间，碳排放总量增速明显降低”、“‘十四五’期间，终端能源消费结构进一步优化”、"
        "“‘十四五’期间，绿色低碳发展水平明显提升”）限于2025年完成，由领导小组办公室对照相关指标评估，尚未作出结论。"]
    assert text[text.index("（一）“十四五”目标完成情况") + 1].startswith(
        f"方案确定的2025年数值目标共{plan.NUMERIC_TARGETS_2025}项，按2025年当年数值判断：到期达成2项，未达成1项，尚无2025年数值")


def test__report__in_english_too(picture, catalog):
    document, text = opened(catalog, picture, "en")
    assert text[0] == "Report on Yinchuan's carbon-peak work in 2025"
    assert text[2] == "Municipal Carbon Peaking and Carbon Neutrality Leading Group:"
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == [
        "1. Overview", "2. Main progress", "3. Problems", "4. Next steps", "5. Reporting"]
    assert "1. Row 2, “Control fossil-fuel consumption strictly and reasonably” (Municipal Development and Reform " \
           "Commission) is behind schedule: 机组改造滞后." in [p.text.replace("\u00a0", " ") for p in document.paragraphs]
    assert "Attachments: 1. The 14th Five-Year targets: met or missed" in text
    assert not re.search(r"[.;:][A-Z]", "\n".join(text))   # sentences joined with their space

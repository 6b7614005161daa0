"""A Word document in the form of a Chinese official document (党政机关公文格式, GB/T 9704-2012), for what the office
hands on: the leaders' report, a reminder, a unit's duty list. It knows the form, not the words: callers pass
the text (from the message catalogs).

The form: A4, margins 37/35/28/26 mm (a 156 × 225 mm text block of 22 lines of 28 characters); title in 2号
小标宋, centred; 主送机关 flush left ending in a full-width colon; body in 3号仿宋, each paragraph indented two
characters; 一、 in 黑体, (一) in 楷体, 1. in 仿宋 — as Word's own Heading 1–3 styles, so the navigation pane
lists them; 附件 list, 落款 and 成文日期 placed as the standard places them; page numbers "— 1 —" in 4号宋体,
odd pages right and even pages left, one character in; attachments each on a page of their own. Fonts
that a computer may lack (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312) name the font Word uses instead (the font
table's altName), so the document reads well wherever it is opened. An English document keeps the structure
in Times New Roman.
"""
from __future__ import annotations

import datetime
import io
import re

import pandas as pd
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from loaders.text import xml_safe
from tracker.i18n import BEIJING, chinese_prose, long_date

CHARACTER = Pt(16)                 # one character of 3号 text: indents are counted in these
LINE = Pt(28.95)                   # 225 mm / 22 lines
LINE_CHARACTERS = 28
FONTS = {   # the 公文 fonts, and what Word uses where one is missing
    "title": ("方正小标宋简体", "宋体"), "body": ("仿宋_GB2312", "仿宋"), "heading1": ("黑体", None),
    "heading2": ("楷体_GB2312", "楷体"), "page_number": ("宋体", None), "table": ("仿宋_GB2312", "仿宋"),
}
ENGLISH = "Times New Roman"
CHINESE_DIGITS = "〇一二三四五六七八九"


def chinese_date(year: int, month: int, day: int) -> str:
    """二〇二六年十二月二日: the date as a 公文 writes it, without leading zeros."""
    def number(n: int) -> str:
        if n < 10:
            return CHINESE_DIGITS[n]
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else CHINESE_DIGITS[tens]) + "十" + (CHINESE_DIGITS[ones] if ones else "")
    return "".join(CHINESE_DIGITS[int(d)] for d in str(year)) + f"年{number(month)}月{number(day)}日"


def signed_date(moment: datetime.datetime, lang: str) -> str:
    """The 成文日期 under the signature: 二〇二六年十二月二日 in Chinese, 2 December 2026 in English."""
    day = moment.astimezone(BEIJING).date()
    return chinese_date(day.year, day.month, day.day) if lang == "zh" else long_date(day, lang)


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 14 → 十四: the numbers of 一、 and (一)."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else CHINESE_DIGITS[tens]) + "十" if tens else "") + (CHINESE_DIGITS[ones] if ones else "")


def shortened(text: str, limit: int) -> str:
    """A quoted text of at most about `limit` characters: whole sentences where they fit, else cut with an
    ellipsis (……) — never cut mid-sentence without saying so."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    sentences = re.findall(r"[^。；;！!？?]+[。；;！!？?]?", text)
    kept = ""
    for sentence in sentences:
        if len(kept) + len(sentence) > limit:
            break
        kept += sentence
    if kept:
        return kept.rstrip("；;，,") + ("" if kept.endswith(("。", "！", "？")) else "") + "……"
    return text[:limit].rstrip("，,；;") + "……"


class Gongwen:
    def __init__(self, lang: str):
        self.lang = lang
        self.doc = Document()
        self._page_setup(self.doc.sections[0])
        self._styles()
        self._font_fallbacks()
        self._page_numbers(self.doc.sections[0])

    # --- set-up ----------------------------------------------------------------------------------------

    @staticmethod
    def _page_setup(section) -> None:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        # the page number's line starts 7 mm under the text block (35 mm from the edge): its 4号 digits end ~23 mm up
        section.footer_distance = Mm(23)

    def _font_name(self, role: str) -> str:
        return FONTS[role][0] if self.lang == "zh" else ENGLISH

    @staticmethod
    def set_font(element, name: str) -> None:
        """A style's or run's font for Latin and East Asian text alike."""
        properties = element.get_or_add_rPr()
        fonts = properties.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            properties.insert(0, fonts)
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), name)
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)

    def _style(self, name: str, font_role: str, size: float, *, bold: bool = False, outline: int | None = None):
        style = self.doc.styles[name]
        style.font.name = self._font_name(font_role)
        self.set_font(style.element, self._font_name(font_role))
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = None
        fmt = style.paragraph_format
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE
        fmt.space_before = fmt.space_after = Pt(0)
        if outline is not None:   # the navigation pane's level
            fmt.first_line_indent = CHARACTER * 2 if self.lang == "zh" else None
            fmt.keep_with_next = True
        return style

    def _styles(self) -> None:
        zh = self.lang == "zh"
        normal = self._style("Normal", "body", 16 if zh else 12)
        normal.paragraph_format.first_line_indent = CHARACTER * 2 if zh else None
        if not zh:
            normal.paragraph_format.space_after = Pt(6)
            normal.paragraph_format.line_spacing_rule, normal.paragraph_format.line_spacing = WD_LINE_SPACING.MULTIPLE, 1.15
        title = self._style("Title", "title", 22 if zh else 18, bold=not zh)
        title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.first_line_indent = Pt(0)   # None would inherit the body's two characters
        title.paragraph_format.line_spacing = Pt(35) if zh else None
        if not zh:
            title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        for element in title.element.xpath("./w:pPr/w:pBdr"):   # python-docx's Title has a rule under it
            element.getparent().remove(element)
        self._style("Heading 1", "heading1", 16 if zh else 13, bold=not zh, outline=0)
        self._style("Heading 2", "heading2", 16 if zh else 12, bold=not zh, outline=1)
        self._style("Heading 3", "body", 16 if zh else 12, bold=True, outline=2)
        if "Table Text" not in [s.name for s in self.doc.styles]:
            table_text = self.doc.styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
            table_text.base_style = self.doc.styles["Normal"]
        table_text = self._style("Table Text", "table", 10.5 if zh else 9)
        table_text.paragraph_format.first_line_indent = Pt(0)
        table_text.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        table_text.paragraph_format.space_after = Pt(0)

    def _font_fallbacks(self) -> None:
        """Name, in the font table, the font to use where a 公文 font is not installed."""
        part = self.doc.part.part_related_by(RT.FONT_TABLE)
        xml = part.blob.decode("utf-8")
        entries = "".join(f'<w:font w:name="{name}"><w:altName w:val="{alternative}"/><w:charset w:val="86"/>'
                          f'<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
                          for name, alternative in {v[0]: v[1] for v in FONTS.values() if v[1]}.items())
        part._blob = xml.replace("</w:fonts>", entries + "</w:fonts>").encode("utf-8")

    def _page_numbers(self, section) -> None:
        """— 1 —: odd pages on the right, even pages on the left, one character in from the edge."""
        self.doc.settings.odd_and_even_pages_header_footer = True
        for footer, alignment in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                                  (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
            paragraph = footer.paragraphs[0]
            paragraph.alignment = alignment
            fmt = paragraph.paragraph_format
            fmt.first_line_indent = Pt(0)
            fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(16)
            fmt.left_indent = CHARACTER if alignment == WD_ALIGN_PARAGRAPH.LEFT else None
            fmt.right_indent = CHARACTER if alignment == WD_ALIGN_PARAGRAPH.RIGHT else None
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
            for run in paragraph.runs:
                self.set_font(run._r, self._font_name("page_number"))
                run.font.size = Pt(14)

    # --- text ------------------------------------------------------------------------------------------

    def _text(self, text: str) -> str:
        # xml_safe: a control character in a stored text must not make python-docx refuse the whole document
        return xml_safe(chinese_prose(text) if self.lang == "zh" else text)

    def add(self, text: str, style: str = "Normal", *, lead: str | None = None, lead_style: str | None = None):
        """A paragraph; `lead` starts it in another font (a level-3 heading run in, 1.…。)."""
        paragraph = self.doc.add_paragraph(style=style)
        if lead:
            run = paragraph.add_run(self._text(lead))
            if lead_style == "heading2":
                self.set_font(run._r, self._font_name("heading2"))
            else:
                run.bold = True
        if self.lang != "zh" and text[:1].islower():   # "row 2, …" starting a sentence
            text = text[0].upper() + text[1:]
        paragraph.add_run(self._text(text))
        return paragraph

    def title(self, text: str) -> None:
        self.doc.add_paragraph(self._text(text), style="Title")
        self.doc.add_paragraph(style="Normal")   # the title is followed by an empty line

    def recipient(self, name: str) -> None:
        """主送机关: flush left, ending in a full-width colon."""
        paragraph = self.doc.add_paragraph(self._text(name + ("：" if self.lang == "zh" else ":")), style="Normal")
        paragraph.paragraph_format.first_line_indent = Pt(0)

    def heading(self, text: str, level: int) -> None:
        self.doc.add_paragraph(self._text(text), style=f"Heading {level}")

    def attachments(self, label: str, names: list[str]) -> None:
        """附件：1．… — two characters in, each further name aligned under the first one's first character."""
        self.doc.add_paragraph(style="Normal")
        for n, name in enumerate(names, start=1):
            prefix = (label + ("：" if self.lang == "zh" else ": ")) if n == 1 else ""
            number = (f"{n}．" if self.lang == "zh" else f"{n}. ") if len(names) > 1 else ""
            paragraph = self.doc.add_paragraph(self._text(prefix + number + name), style="Normal")
            if n > 1:   # under the first name: 2 characters of indent, 附件：(3) — 附件 label is two characters
                paragraph.paragraph_format.first_line_indent = CHARACTER * (2 + len(label) + 1) if self.lang == "zh" \
                    else Pt(0)
            if self.lang != "zh":
                paragraph.paragraph_format.left_indent = Pt(0)

    def signature(self, office: str, date: str) -> None:
        """落款 without a seal: the office's name two characters in from the right, a line below the body (or the
        附件 list); the date under it, its first character two to the right of the name's (GB/T 9704, 7.3.5.2)."""
        self.doc.add_paragraph(style="Normal")
        if self.lang != "zh":
            for text in (office, date):
                paragraph = self.doc.add_paragraph(self._text(text), style="Normal")
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            return
        name_start = max(0, LINE_CHARACTERS - 2 - len(office))
        date_start = min(name_start + 2, LINE_CHARACTERS - 2 - len(date))
        if date_start < name_start + 2:        # a date longer than the name moves the name left of it
            name_start = date_start - 2
        for text, start in ((office, name_start), (date, date_start)):
            paragraph = self.doc.add_paragraph(self._text(text), style="Normal")
            paragraph.paragraph_format.first_line_indent = Pt(0)
            paragraph.paragraph_format.left_indent = CHARACTER * start

    def attachment(self, label: str, title: str) -> None:
        """An attachment's own page: 附件1 in 黑体 top left, its title centred on the third line."""
        self.page_break()
        paragraph = self.doc.add_paragraph(self._text(label), style="Normal")
        paragraph.paragraph_format.first_line_indent = Pt(0)
        for run in paragraph.runs:
            self.set_font(run._r, self._font_name("heading1"))
        self.doc.add_paragraph(style="Normal")
        self.doc.add_paragraph(self._text(title), style="Title")
        self.doc.add_paragraph(style="Normal")

    def page_break(self) -> None:
        self.doc.add_paragraph(style="Normal").add_run().add_break(WD_BREAK.PAGE)

    def landscape(self) -> None:
        """The pages after this are landscape (a wide table)."""
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin = section.bottom_margin = Mm(25)
        section.left_margin = section.right_margin = Mm(25)

    def table(self, frame: pd.DataFrame, widths: list[float] | None = None) -> None:
        table = self.doc.add_table(rows=1, cols=len(frame.columns))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, name in zip(table.rows[0].cells, frame.columns):
            cell.paragraphs[0].style = self.doc.styles["Table Text"]
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = cell.paragraphs[0].add_run(self._text(str(name)))
            run.bold = True
        header = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")   # the header repeats on every page the table runs over
        repeat.set(qn("w:val"), "true")
        header.append(repeat)
        for row in frame.itertuples(index=False):
            added = table.add_row()
            added._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))   # a row is read whole, on one page
            for cell, value in zip(added.cells, row):
                cell.paragraphs[0].style = self.doc.styles["Table Text"]
                shown = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
                cell.paragraphs[0].add_run(self._text(shown))
        if widths and len(widths) != len(frame.columns):
            raise ValueError(f"{len(widths)} widths for {len(frame.columns)} columns")
        if widths:   # Word reads the cells' widths, LibreOffice the grid's: set both, scaled to the text width
            section = self.doc.sections[-1]
            available = (section.page_width - section.left_margin - section.right_margin) / Cm(1)
            widths = [w * available / sum(widths) for w in widths]
            table.autofit = False
            for column, width in zip(table.columns, widths):
                column.width = Cm(width)
            for row in table.rows:
                for cell, width in zip(row.cells, widths):
                    cell.width = Cm(width)

    def pictures(self, charts: list[tuple[bytes, str]], per_page: int = 2, first_page: int = 1) -> None:
        """Charts `per_page` to a page (`first_page` on the page that starts with an attachment's title), each
        with its caption under it."""
        for n, (png, caption) in enumerate(charts):
            self.doc.add_picture(io.BytesIO(png), width=Mm(145))
            picture = self.doc.paragraphs[-1]
            # a page starts at the picture itself, not after a break: a page filled to its end leaves no blank one
            picture.paragraph_format.page_break_before = n >= first_page and (n - first_page) % per_page == 0
            picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
            picture.paragraph_format.first_line_indent = Pt(0)
            picture.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            paragraph = self.doc.add_paragraph(self._text(caption), style="Table Text")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_after = Pt(12)

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

"""The year-end report pack: one Excel workbook for the leading group office (六、组织实施).

For a reporting year Y it holds the statuses by action and by unit, what changed since the Y-1 pack
(status moves, new values and what they replaced), the units that lead indicators but have not reported
for Y, every indicator's trajectory chart (drawn server-side with vl-convert) and every number with the
submission it came from. The ledger "for year Y" is every accepted submission whose reporting year is Y or
earlier, the latest submission winning for each (indicator, year).
"""
from __future__ import annotations

import datetime
import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.drawing.image import Image
from openpyxl.styles import Font
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from ledger.store import all_values, current_values, now, submissions
from loaders.catalog import Catalog, split_ids
from tracker.assess import assess_frame
from tracker.charts import trajectory_chart
from tracker.export import write_sheet
from tracker.i18n import STATUS_ORDER, pick, status_label
from tracker.report import counts_table, status_table

CHART_WIDTH, CHART_HEIGHT = 520, 240


def _chart_png(catalog: Catalog, indicator_id: str, lang: str, values: pd.DataFrame, assessment: dict) -> bytes:
    import vl_convert as vlc

    chart = trajectory_chart(catalog, indicator_id, lang, actuals=values[["year", "value"]], assessment=assessment,
                             height=CHART_HEIGHT)
    return vlc.vegalite_to_png(chart.properties(width=CHART_WIDTH).to_dict(), scale=1)


def pack_tables(engine: Engine, catalog: Catalog, year: int, lang: str) -> dict[str, pd.DataFrame]:
    """The pack's tables (also what tests read): statuses, by unit, changes, not reported, values."""
    with Session(engine) as session:
        current = current_values(session, until_year=year)
        previous = current_values(session, until_year=year - 1)
        everything = all_values(session, until_year=year)
        subs = submissions(session)
    assessed = assess_frame(catalog, current, year)
    before = assess_frame(catalog, previous, year - 1).set_index("indicator_id")["status"]
    indicators = catalog.indicators.set_index("indicator_id")
    units = catalog.units.set_index("unit_id")

    def unit_name(unit_id: str) -> str:
        return pick(units.at[unit_id, "name_zh"], units.at[unit_id, "name_en"], lang)

    def indicator_name(indicator_id: str) -> str:
        return pick(indicators.at[indicator_id, "name_zh"], indicators.at[indicator_id, "name_en"], lang)

    statuses = status_table(catalog, assessed, lang)
    statuses.insert(2, pick("上一年度状态", "Status a year before", lang),
                    [status_label(before[i], lang) if i in before.index else "" for i in assessed["indicator_id"]])

    by_unit = []
    for unit_id in units.index:
        led = [i for i in assessed["indicator_id"] if unit_id in split_ids(indicators.at[i, "lead_units"])]
        if not led:
            continue
        counts = assessed[assessed["indicator_id"].isin(led)]["status"].value_counts()
        by_unit.append({pick("牵头单位", "Lead unit", lang): unit_name(unit_id),
                        **{status_label(s, lang): int(counts.get(s, 0)) for s in STATUS_ORDER}})

    moves = []
    for row in assessed.itertuples():
        old = before.get(row.indicator_id)
        if old != row.status:
            moves.append({pick("指标", "Indicator", lang): indicator_name(row.indicator_id),
                          pick("上一年度", "A year before", lang): "" if old is None else status_label(old, lang),
                          pick("本年度", "This year", lang): status_label(row.status, lang),
                          pick("原因", "Reason", lang): pick(row.reason_zh, row.reason_en, lang)})

    grouped = everything.groupby(["indicator_id", "year"], sort=False)
    everything = everything.assign(replaced=grouped["value"].shift(1), replaced_in=grouped["public_id"].shift(1))
    new_values = everything[everything["reporting_year"] == year]
    changes = pd.DataFrame({
        pick("指标", "Indicator", lang): [indicator_name(i) for i in new_values["indicator_id"]],
        pick("年份", "Year", lang): new_values["year"],
        pick("新数值", "New value", lang): new_values["value"],
        pick("替代的数值", "Replaced value", lang): new_values["replaced"],
        pick("被替代的提交", "Replaced submission", lang): new_values["replaced_in"],
        pick("提交编号", "Submission", lang): new_values["public_id"],
        pick("填报单位", "Reporting unit", lang): [unit_name(u) for u in new_values["reporting_unit"]],
        pick("填报人", "Submitter", lang): new_values["submitter"],
    })

    reported = set(subs.loc[subs["reporting_year"] == year, "reporting_unit"])
    leads = list(dict.fromkeys(u for cell in catalog.indicators["lead_units"] for u in split_ids(cell)))
    missing = [{pick("牵头单位", "Lead unit", lang): unit_name(u),
                pick("牵头指标", "Indicators it leads", lang): "; ".join(
                    indicator_name(i) for i in catalog.indicators["indicator_id"]
                    if u in split_ids(indicators.at[i, "lead_units"]))}
               for u in leads if u not in reported]

    values = pd.DataFrame({
        pick("指标编号", "indicator_id", lang): current["indicator_id"],
        pick("指标", "Indicator", lang): [indicator_name(i) for i in current["indicator_id"]],
        pick("年份", "Year", lang): current["year"],
        pick("数值", "Value", lang): current["value"],
        pick("提交编号", "Submission", lang): current["public_id"],
        pick("填报单位", "Reporting unit", lang): [unit_name(u) for u in current["reporting_unit"]],
        pick("报告年度", "Reporting year", lang): current["reporting_year"],
        pick("填报人", "Submitter", lang): current["submitter"],
        pick("提交时间(UTC)", "Submitted (UTC)", lang): [t.strftime("%Y-%m-%d %H:%M") for t in current["submitted_at"]],
        pick("文件", "File", lang): current["file_name"],
        pick("文件 SHA-256", "File SHA-256", lang): current["file_sha256"],
        pick("工作表", "Sheet", lang): current["sheet"],
        pick("单元格", "Cell", lang): current["column"] + current["row"].map(lambda r: "" if pd.isna(r) else str(int(r))),
    })
    return {"assessed": assessed, "current": current, "statuses": statuses, "by_action": counts_table(catalog, assessed, lang),
            "by_unit": pd.DataFrame(by_unit), "moves": pd.DataFrame(moves), "changes": changes,
            "not_reported": pd.DataFrame(missing), "values": values}


def build_pack(engine: Engine, catalog: Catalog, year: int, lang: str = "zh", *,
               generated: datetime.datetime | None = None) -> bytes:
    tables = pack_tables(engine, catalog, year, lang)
    book = Workbook()
    cover = book.active
    cover.title = pick("概况", "Summary", lang)
    cover["A1"] = pick(f"银川市碳达峰目标进展 {year} 年度报告", f"Yinchuan carbon-peak targets: {year} year-end report", lang)
    cover["A1"].font = Font(bold=True, size=15)
    cover["A2"] = pick(f"生成时间(UTC):{(generated or now()):%Y-%m-%d %H:%M};台账包含报告年度 ≤ {year} 的全部已接受提交。",
                       f"Generated (UTC): {(generated or now()):%Y-%m-%d %H:%M}; the ledger holds every accepted "
                       f"submission with a reporting year up to {year}.", lang)
    write_sheet(cover, tables["by_action"], start_row=4)
    sheets = [("by_unit", "按牵头单位", "By lead unit"), ("statuses", "各指标状态", "Statuses"),
              ("moves", "状态变化", "Status moves"), ("changes", "本年度新数值", "New values this year"),
              ("not_reported", "未报送单位", "Units not reported"), ("values", "数值来源", "Values and sources")]
    for key, zh, en in sheets:
        write_sheet(book.create_sheet(pick(zh, en, lang)), tables[key],
                    wrap=(pick("原因", "Reason", lang), pick("牵头指标", "Indicators it leads", lang)))
    charts = book.create_sheet(pick("轨迹图", "Trajectories", lang))
    by_indicator = dict(tuple(tables["current"].groupby("indicator_id")))
    for position, row in enumerate(tables["assessed"].to_dict("records")):
        png = _chart_png(catalog, row["indicator_id"], lang, by_indicator[row["indicator_id"]], row)
        image = Image(io.BytesIO(png))
        column = "A" if position % 2 == 0 else "J"
        image.anchor = f"{column}{1 + (position // 2) * 18}"
        charts.add_image(image)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

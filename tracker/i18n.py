"""Every fixed word the app shows, in Chinese and English. Catalog text (names, statements) lives in data/."""
from __future__ import annotations

import datetime
import re
import string
from zoneinfo import ZoneInfo

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

COMPARATOR_SYMBOL = {">=": "≥", "<=": "≤", "~": "≈", "=": "="}
COMPARATOR_WORDS = {
    ">=": ("以上", "or more"),
    "<=": ("以下", "or less"),
    "~": ("左右", "about"),
    "=": ("达到", "reach"),
}
ASPIRATION_EN = {"力争": "strive for", "争取": "aim for"}
PERIOD_EN = {"十四五": "14th FYP (2021–2025)", "十五五": "15th FYP (2026–2030)", "十六五": "16th FYP (2031–2035)"}
UNIT_KIND = {
    "city_department": ("市直部门", "City department"),
    "public_institution": ("事业单位", "Public institution"),
    "party_organ": ("市委部门", "Party organ"),
    "enterprise": ("企业", "Enterprise"),
    "district_government": ("县(市)区政府", "District governments"),
    "park_committee": ("园区管委会", "Park committees"),
    "collective": ("市直各有关部门", "All city departments"),
    "coordinating_body": ("议事协调机构", "Coordinating body"),
}
STATUS = {  # code → (zh, en, symbol readable without colour)
    "achieved": ("已达成", "Achieved", "✔"),
    "on_track": ("按计划推进", "On track", "▲"),
    "acceleration_needed": ("需加快", "Acceleration needed", "◆"),
    "limited_progress": ("进展有限", "Limited progress", "▼"),
    "moving_away": ("偏离目标", "Moving away", "✖"),
    "cannot_assess": ("无法评估", "Cannot assess", "?"),
}
STATUS_ORDER = tuple(STATUS)
TASK_STATUS = {  # a task's status as its unit reports it: code → (zh, en, symbol readable without colour)
    "completed": ("已完成", "Completed", "✔"),
    "on_schedule": ("按期推进", "On schedule", "▲"),
    "behind": ("进度滞后", "Behind schedule", "▼"),
    "not_started": ("未启动", "Not started", "○"),
    "changed": ("已调整/取消", "Changed or cancelled", "◇"),
}
DERIVED_TASK_STATUS = {  # what the ledger says when the unit's report does not
    "no_status": ("未注明状态", "No status given", "…"),
    "returned": ("退回待重报", "Returned", "↩"),
    "overdue": ("逾期", "Overdue", "✖"),
    "not_reported": ("未报送", "Not reported", "?"),
}

TEXT: dict[str, tuple[str, str]] = {
    # app and navigation
    "app_title": ("碳达峰目标浏览器", "Carbon-peak target explorer"),
    "app_subtitle": ("银川市碳达峰实施方案(征求意见稿,2023年8月)", "Yinchuan carbon-peak implementation plan (draft for comment, August 2023)"),
    "page_overview": ("总览", "Overview"),
    "page_targets": ("目标", "Targets"),
    "page_tasks": ("重点任务", "Key tasks"),
    "page_units": ("责任单位", "Units"),
    "page_progress": ("进展对比", "Progress"),
    "page_method": ("方法与数据", "Method & data"),
    "language": ("语言 / Language", "语言 / Language"),
    "copy_link": ("复制本页链接", "Copy a link to this view"),
    "copy_link_help": ("地址栏中的链接会重新打开当前视图(筛选、语言、指标)。", "The address in the browser bar reopens this view (filters, language, indicators)."),
    # common words
    "all": ("全部", "All"),
    "none_year": ("未定年份", "No year"),
    "year": ("目标年份", "Target year"),
    "action": ("行动", "Action area"),
    "unit": ("责任单位", "Responsible unit"),
    "search": ("搜索", "Search"),
    "search_placeholder": ("输入关键词,如 湿地、充电桩", "Words to find, e.g. wetland, charging"),
    "indicators_to_chart": ("选择指标查看轨迹", "Pick indicators to see their trajectories"),
    "choose_indicators": ("选择一个或多个指标", "Choose one or more indicators"),
    "no_indicators_in_filter": ("当前筛选下没有带数值目标的指标", "No indicator with numeric targets matches the filters"),
    "choose_indicator": ("选择一个指标", "Choose an indicator"),
    "table_loading": ("目标表正在载入…", "Loading the table of targets…"),
    "statement": ("目标", "Target"),
    "plan_statement": ("方案表述", "Plan statement"),
    "value": ("数值", "Value"),
    "comparator": ("比较", "Comparator"),
    "measure_unit": ("单位", "Unit"),
    "lead_units": ("牵头单位", "Lead units"),
    "partner_units": ("配合单位", "Partner units"),
    "page": ("页码", "Page"),
    "page_n": ("第 {n} 页", "p. {n}"),
    "quote": ("方案原文", "Plan text"),
    "kind": ("类型", "Kind"),
    "quantitative": ("定量", "Quantitative"),
    "qualitative": ("定性", "Qualitative"),
    "aspiration": ("力争/争取", "Aspiration"),
    "period": ("时期", "Period"),
    "base_year": ("基年", "Base year"),
    "notes": ("说明", "Notes"),
    "indicator": ("指标", "Indicator"),
    "measure": ("措施", "Measure"),
    "task": ("任务", "Task"),
    "role": ("角色", "Role"),
    "role_lead": ("牵头", "Lead"),
    "role_partner": ("配合", "Partner"),
    "download_excel": ("下载 Excel", "Download Excel"),
    "download_csv": ("下载 CSV", "Download CSV"),
    "download_png": ("下载 PNG", "Download PNG"),
    "download_svg": ("下载 SVG", "Download SVG"),
    "no_match": ("没有符合筛选条件的目标。请放宽筛选条件。", "No target matches these filters. Try widening them."),
    "n_targets": ("共 {n} 项目标", "{n} targets"),
    "main_goals_no_unit": ("主要目标没有单列责任单位:新能源装机、非水可再生能源消纳和非化石能源比重随任务分工第1、3行由市发改委牵头,其余由领导小组办公室调度评估。",
                           "The plan names no unit for the main goals: new-energy capacity and the non-hydro renewable and non-fossil shares go with rows 1 and 3 of the task-division table (lead: Development and Reform Commission); the leading group office follows up the rest."),
    "plan_path": ("规划路径", "Plan path"),
    "target_point": ("目标", "Target"),
    "baseline": ("基准", "Baseline"),
    "actual": ("实际", "Actual"),
    "trend": ("趋势外推", "Trend"),
    "source": ("来源", "Source"),
    "required_path": ("应达路径", "Required path"),
    "no_year_targets": ("未定年份的目标:", "Targets with no year:"),
    "chart_year_axis": ("年份", "Year"),
    "chart_series": ("图例", "Series"),
    "chart_lines": ("线条", "Lines"),
    "show_more_charts": ("再显示 {n} 个图(共 {total} 个)", "Show {n|more chart|more charts} (of {total})"),
    "charts_in_view": ("当前筛选下有 {n} 个带数值目标的指标;在下面选择可只看其中几个。", "{n|indicator|indicators} with numeric targets in view; pick some below to see only those."),
    "kind_filter": ("目标类型", "Kind of target"),
    "qualitative_only": ("该指标只有定性目标,无数值轨迹。", "This indicator has only qualitative goals; there is no numeric trajectory."),
    "unknown_param": ("链接中的 {name}={value} 无法识别,已忽略。", "The link's {name}={value} is not recognised and was ignored."),
    # overview
    "headline_goals": ("主要目标", "Headline goals"),
    "by_2025": ("2025年", "By 2025"),
    "by_2030": ("2030年", "By 2030"),
    "targets_by_action": ("各行动的目标数", "Targets by action and year"),
    "ten_actions": ("十大行动及牵头单位", "The ten actions and their lead units"),
    "n_quantitative": ("定量目标", "Quantitative targets"),
    "n_qualitative": ("定性目标", "Qualitative goals"),
    "n_indicators": ("指标", "Indicators"),
    "n_tasks": ("任务", "Tasks"),
    "n_units": ("责任单位", "Responsible units"),
    "contradictions": ("方案自相矛盾之处", "Where the plan contradicts itself"),
    "contradictions_intro": ("以下各处按方案原文记录,未作更正。", "Recorded as the plan states them; not corrected."),
    "open_targets": ("查看目标", "Open targets"),
    "count": ("数量", "Count"),
    "targets_count": ("目标数", "Targets"),
    "period_goals": ("分阶段目标", "Goals by period"),
    # units page
    "tasks_led": ("牵头任务", "Tasks led"),
    "tasks_supported": ("配合任务", "Tasks supported"),
    "targets_led": ("牵头目标", "Targets led"),
    "targets_supported": ("配合目标", "Targets supported"),
    "units_directory_help": ("点选一行,查看该单位牵头和配合的全部目标与任务。", "Select a row to see everything that unit leads and supports."),
    "choose_unit": ("选择责任单位", "Choose a responsible unit"),
    "unit_leads": ("牵头", "Leads"),
    "unit_supports": ("配合", "Supports"),
    "unit_targets": ("相关目标", "Targets"),
    "unit_tasks": ("任务分工", "Tasks (task-division table)"),
    "unit_no_targets": ("该单位没有带目标的任务。", "This unit has no tasks with targets."),
    "download_unit": ("下载本单位的目标与任务(Excel)", "Download this unit's targets and tasks (Excel)"),
    "unit_leads_heading": ("本单位牵头", "What this unit leads"),
    "unit_supports_heading": ("本单位配合({n} 项)", "What this unit supports ({n})"),
    "unit_led_targets": ("牵头的目标", "Targets it leads"),
    "unit_led_items": ("牵头的重点任务", "Key tasks it leads"),
    "unit_supported_targets": ("配合的目标", "Targets it supports"),
    "unit_supported_items": ("配合的重点任务", "Key tasks it supports"),
    "unit_no_led_targets": ("本单位不牵头任何带目标的任务。", "This unit leads no task with a target."),
    "unit_no_led_items": ("本单位不牵头任何重点任务。", "This unit leads no key task."),
    "status_in_year": ("{year} 年度状态", "status in {year}"),
    "unit_latest_actual": ("最新实际值", "Latest actual"),
    "unit_target_status": ("进展(台账)", "Progress (ledger)"),
    "unit_targets_ledger_caption": ("最新实际值与进展取自台账;进展只标在当前评估的那一个目标上。",
                                    "Latest actuals and progress come from the ledger; progress is marked on the one target it is judged against."),
    "open_unit_tasks": ("在“重点任务”页查看和填报本单位的任务", "See and report this unit's tasks on the Key tasks page"),
    "unit_kind": ("单位类型", "Kind of unit"),
    "aliases": ("方案中的其他写法", "Other spellings in the plan"),
    "main_work": ("主要工作", "Main work"),
    "row_no": ("序号", "Row"),
    # progress page
    "progress_intro": ("本页把方案目标与台账中已保存的实际值对比。下载模板填写各年实际值(或上传本单位自己的进度表),即可看到每个指标是否达成、是否按计划推进及原因;未保存的上传只在您本次浏览会话中,编辑人员可将其保存到台账。",
                       "This page compares the plan's targets with the actual values saved in the ledger. Download the template and fill in actual values (or upload your own progress sheet) to see at once which indicators are achieved or on track, and why; an unsaved upload stays in your browser session only, and editors can save it to the ledger."),
    "step_template": ("1. 下载填报模板", "1. Download the template"),
    "your_unit": ("本单位(可选)", "Your unit (optional)"),
    "template_unit_help": ("选择单位后,模板和对比只包含该单位牵头或配合的指标。", "With a unit chosen, the template and the comparison cover only the indicators it leads or supports."),
    "download_template": ("下载 Excel 模板", "Download the Excel template"),
    "step_upload": ("2. 上传进展表", "2. Upload progress sheets"),
    "uploader_button": ("选择文件", "Browse files"),
    "uploader_limits": ("每个文件不超过 10 MB · XLSX、XLSM、XLSB、XLS、ODS、CSV", "10 MB per file · XLSX, XLSM, XLSB, XLS, ODS, CSV"),
    "upload_label": ("选择一个或多个 Excel / CSV 文件", "Choose one or more Excel / CSV files"),
    "upload_help": ("可上传本页模板,或本单位自己的表格:长表(指标、年份、数值)或宽表(每年一列,如 2023、2023年)。", "The template from this page, or your own sheet: long (indicator, year, value) or wide (a column per year such as 2023 or 2023年)."),
    "file_summary": ("**{name}**:读取 {values} 个数值,{sheets} 个工作表,{problems} 个问题", "**{name}**: {values|value|values} from {sheets|sheet|sheets}, {problems|problem|problems}"),
    "file_summary_tasks": ("**{name}**:读取 {values} 个数值、{tasks} 项任务进展,{sheets} 个工作表,{problems} 个问题", "**{name}**: {values|value|values} and {tasks|task report|task reports} from {sheets|sheet|sheets}, {problems|problem|problems}"),
    "remove": ("移除", "Remove"),
    "mapping_title": ("逐行读取情况:{n} 行指标,{similar} 行按相近写法对应,请核对", "How each row was read: {n|row|rows}, {similar} matched by close wording — please check"),
    "mapping_help": ("若某行对应的指标不对,在“读作”列中改选;选“—”则不读取该行。更正随本次报送保存到台账。",
                     "If a row was taken for the wrong indicator, choose the right one in the “Read as” column; choose “—” to leave the row out. Corrections are saved with the submission."),
    "sheet_row": ("工作表 · 行", "Sheet · row"),
    "written_as": ("表中写法", "Written in the sheet"),
    "read_as": ("读作", "Read as"),
    "matched_how": ("依据", "Matched by"),
    "values_count": ("数值个数", "Values"),
    "row_notes": ("备注", "Notes"),
    "sheet_note": ("表格中的说明", "Note in the sheet"),
    "problems_title": ("跳过的内容及原因({n} 项)", "What was skipped and why ({n})"),
    "problem_column": ("问题", "Problem"),
    "nothing_uploaded": ("尚未上传文件。", "No file uploaded yet."),
    "step_compare": ("3. 与方案目标对比", "3. Compare with the plan's targets"),
    "reporting_year": ("报告年份", "Reporting year"),
    "reporting_year_help": ("应有数据的年份;最新实际值早于该年份的指标标注“数据滞后”。未选择时取自表格标题(如“2024年度”)或数据中的最新年份。",
                            "The year data is expected for; indicators whose latest actual is older are flagged as lagging. Unless you choose one, it is taken from the sheet's title (such as 2024年度) or the latest year in the data."),
    "year_from_title": ("报告年份取自表格标题({year}年度)。", "The reporting year comes from the sheet's title ({year})."),
    "year_from_upload": ("报告年份取自上传数据中的最新年份。", "The reporting year is the latest year in the uploaded data."),
    "year_from_ledger": ("报告年份取自台账中的最新年份。", "The reporting year is the latest year the ledger holds."),
    "year_by_default": ("报告年份默认为上一年。", "The reporting year is last year, by default."),
    "year_chosen": ("报告年份为您所选。", "The reporting year is the one you chose."),
    "the_ledger": ("台账", "the ledger"),
    "counts_by_action": ("各行动的指标状态统计", "Statuses counted by action"),
    "upload_to_compare": ("上传进展表后,这里将显示 {n} 个指标的状态。", "Upload a progress sheet to see the status of {n} indicators here."),
    "no_assessed_in_filter": ("筛选范围内没有已填报的指标。", "No reported indicator matches these filters."),
    "data_lag_note": ("“数据滞后”:最新实际值早于报告年份 {year}。", "Data lag: the latest actual is older than the reporting year {year}."),
    "download_report": ("下载对比报告(Excel)", "Download the comparison report (Excel)"),
    "not_reported": ("未填报的指标({n} 个)", "Indicators not reported ({n})"),
    "trajectories": ("轨迹:实际值、趋势与规划路径", "Trajectories: actuals, trend and plan path"),
    "all_assessed": ("默认显示全部已评估指标", "All assessed indicators by default"),
    # ledger
    "compared_sources": ("对比数据:台账 {ledger} 个数值(来自 {submissions} 次提交),加上未保存的上传 {upload} 个数值(同一指标同一年份以上传为准)。",
                         "Compared: {ledger|value|values} from the ledger ({submissions|submission|submissions}) and {upload|value|values} from your unsaved upload (which wins for the same indicator and year)."),
    "save_title": ("保存到台账", "Save to the ledger"),
    "saving_off": ("此处尚未开启保存到台账的功能,请联系本系统的管理员。查看和对比无需口令。",
                   "Saving to the ledger is not turned on here; please ask the administrator of this app. Viewing and comparing need no passcode."),
    "saving_off_admin": ("管理员:在 .streamlit/secrets.toml 中设置 [ledger] editor_passcode = \"…\"(或环境变量 LEDGER_EDITOR_PASSCODE),或配置 [auth] 以统一身份登录;详见 README。",
                         "For administrators: set [ledger] editor_passcode = \"…\" in .streamlit/secrets.toml (or the LEDGER_EDITOR_PASSCODE environment variable), or configure [auth] for single sign-on; see the README."),
    "log_in": ("登录后保存", "Log in to save"),
    "your_name": ("您的姓名", "Your name"),
    "editor_passcode": ("编辑口令", "Editor passcode"),
    "unlock": ("解锁", "Unlock"),
    "passcode_wrong": ("口令不正确。", "The passcode is wrong."),
    "name_needed": ("请填写您的姓名:每次保存和审核都记录是谁做的。", "Enter your name: every save and review records who made it."),
    "passcode_locked": ("口令错误次数过多,请 {minutes} 分钟后再试。", "Too many wrong passcodes; try again in {minutes} minutes."),
    "editor_passcode_help": ("本单位的填报口令只能保存本单位的报送;领导小组办公室的审核口令用于审核和退回。",
                             "A unit's passcode saves only that unit's reports; the office's reviewer passcode reviews and returns them."),
    "sign_on_failed": ("暂时无法转到统一身份登录,请稍后再试或使用口令。", "Single sign-on cannot be reached just now; try again later or use a passcode."),
    "all_units": ("所有单位", "every unit"),
    "editing_as": ("{name} 可为以下单位保存:{units}", "{name} may save for: {units}"),
    "editing_as_reviewer": ("{name}(领导小组办公室)可审核和退回报送", "{name} (leading group office) may review and return reports"),
    "editing_as_both": ("{name}(领导小组办公室)可审核和退回报送,并可为以下单位保存:{units}", "{name} (leading group office) may review and return reports, and save for: {units}"),
    "not_your_unit": ("您的口令只能为 {units} 保存。", "Your passcode saves only for {units}."),
    "reviewer_cannot_save": ("审核口令不能保存报送;请使用本单位的填报口令。", "The reviewer passcode cannot save reports; use your unit's passcode."),
    "reporting_unit": ("填报单位", "Reporting unit"),
    "submitter": ("填报人", "Submitter"),
    "choose_reporting_unit": ("请先选择填报单位。", "Choose the reporting unit first."),
    "note": ("备注(可选)", "Note (optional)"),
    "preview_changes": ("预览将要保存的变化", "Preview what will change"),
    "preview_counts": ("将保存:**{new}** 个新数值,**{changed}** 个修改(原值 → 新值),**{unchanged}** 个与台账相同。",
                       "Saving adds **{new}** new values, changes **{changed}** (old → new), and repeats **{unchanged}** already in the ledger."),
    "confirm_save": ("确认保存", "Confirm and save"),
    "save_failed": ("保存失败,台账未作任何改动。请稍后重试。", "Saving failed and the ledger was left unchanged. Please try again."),
    "saved": ("已保存 {n} 个数值到台账。本次提交的链接:{link}", "Saved {n|value|values} to the ledger. Link to this submission: {link}"),
    "saved_tasks": ("已保存 {n} 个数值、{tasks} 项任务进展到台账。本次提交的链接:{link}", "Saved {n|value|values} and {tasks|task report|task reports} to the ledger. Link to this submission: {link}"),
    "preview_tasks": ("以及 **{n}** 项任务进展(其中 {others} 项不是本单位牵头或配合的)。", "And **{n}** task reports ({others} of them on items the unit neither leads nor supports)."),
    "create_share_link": ("生成分享链接(只读)", "Create a share link (read-only)"),
    "share_link_help": ("该链接重新打开此刻台账的这一对比视图,任何人可查看。", "The link reopens this comparison of the ledger as it is now, for anyone."),
    "share_link_unsaved": ("分享链接只包含台账中已保存的数值,不包含您尚未保存的上传;同事打开链接时看不到这些数值。",
                           "A share link shows only values saved in the ledger, not your unsaved upload: a colleague who opens it will not see those values."),
    "share_needs_saved": ("台账中还没有保存的数值,因此暂无可分享的内容;保存上传后即可生成只读分享链接。",
                          "The ledger holds no saved values yet, so there is nothing to share: once an upload is saved, you can create a read-only share link."),
    "ledger_history": ("台账记录:谁在何时报送了什么", "Ledger history: who reported what, and when"),
    "ledger_empty": ("台账中还没有提交。", "The ledger has no submission yet."),
    "history_of": ("查看某一指标的历次数值", "History of one indicator"),
    "year_end_pack": ("年度报告(Word)与附件(Excel)", "Year-end report (Word) and annex (Excel)"),
    "year_end_pack_help": ("向领导报送的年度落实情况报告(可编辑),以及附件:每项指标和任务的状态、各单位报送情况、较上一年度的变化、本年度报送和跳过的行、每个数值的来源。",
                           "The year-end report for the city's leaders (to edit), and its annex: every indicator's and item's status, reporting by unit, changes since the year before, the year's submissions and skipped rows, the source of every number."),
    "download_pack": ("生成 {year} 年度附件(Excel)", "Make the {year} annex (Excel)"),
    "download_leaders_report": ("生成 {year} 年度报告(Word)", "Make the {year} report (Word)"),
    "document_making": ("正在生成文件…", "Making the file…"),
    "document_failed": ("文件未能生成,台账中的内容没有任何改动。已记录问题,请稍后重试或联系管理员。",
                        "The file could not be made; nothing in the ledger was changed. The problem was logged: "
                        "try again later, or tell the administrator."),
    "document_download": ("下载 {name}", "Download {name}"),
    "dashboard_title": ("{year} 年度工作看板", "Year-end dashboard {year}"),
    "dashboard_intro": ("依据台账截至目前的报送:每项指标、每项任务恰好处于一种状态;点击数字打开其后的清单。",
                        "From what the ledger holds now: every indicator and every item is in exactly one status; click a count to open the list behind it."),
    "indicators_by_action": ("各行动的指标状态", "Indicators by action and status"),
    "items_by_action": ("各行动的重点任务状态", "Key tasks by action and status"),
    "coverage_title": ("各单位报送情况", "Reporting by unit"),
    "changes_title": ("较上一年度的变化", "What changed since last year"),
    "no_changes": ("与上一年度相比,状态没有变化。", "No status changed since last year."),
    "n_indicators_status": ("指标:{counts}", "Indicators: {counts}"),
    "improved_worsened": ("{improved} 项好转,{worsened} 项变差,{new} 项首次有状态。", "{improved} improved, {worsened} worsened, {new} with a status for the first time."),
    "open_list": ("打开清单", "Open the list"),
    "backup": ("台账备份与迁移", "Ledger backup and transfer"),
    "export_ledger": ("导出整个台账(JSON)", "Export the whole ledger (JSON)"),
    "import_ledger": ("导入台账备份", "Import a ledger backup"),
    "import_now": ("导入", "Import"),
    "imported": ("已导入 {submissions} 次提交、{reports} 个报告(已有的跳过)。", "Imported {submissions|submission|submissions} and {reports|report|reports} (existing ones skipped)."),
    "open_live": ("打开实时的进展对比页", "Open the live progress page"),
    "report_banner": ("只读报告:{what}。报告创建于 {created}(北京时间)。", "Read-only report: {what}. Created {created} (Beijing time)."),
    "report_ledger": ("台账截至 {when}(北京时间)", "the ledger as of {when} (Beijing time)"),
    "report_submission": ("{unit} 的提交({year} 年度,{who},文件 {file},{when} 北京时间)", "the submission of {unit} (reporting year {year}, by {who}, file {file}, {when} Beijing time)"),
    "report_filters": ("筛选:{filters}", "Filters: {filters}"),
    # tasks page
    "tasks_intro": ("方案要求各单位对主要目标和重点任务建立工作台账,每年年底前报告。本页列出任务分工表的 43 项任务、44 项定性目标和方案中的重点项目与工作职责,以及各项在所选年度的状态。",
                    "The plan asks every unit to keep a work ledger of its main goals and key tasks and to report before each year's end. This page lists the 43 items of the task-division table, the 44 qualitative goals and the plan's key projects and duties, with where each stands in the chosen year."),
    "task_status": ("状态", "Status"),
    "item_kind": ("类别", "Kind"),
    "deadline": ("完成时限", "Due"),
    "annual": ("每年", "Every year"),
    "no_deadline": ("持续推进", "Ongoing"),
    "last_update": ("最近报送(北京时间)", "Last report (Beijing time)"),
    "reporting_unit_short": ("报送单位", "Reported by"),
    "no_items_match": ("没有符合筛选条件的任务。请放宽筛选条件。", "No item matches these filters. Try widening them."),
    "n_items": ("共 {n} 项", "{n|item|items}"),
    "task_year_help": ("任务台账按年度报送:每年年底前报告当年工作。", "The work ledger is reported by year: before each year's end, on that year's work."),
    "select_item_help": ("点选一行,查看该项的报送记录和审核意见。", "Select a row to see its reports and reviews."),
    "item_timeline": ("报送与审核记录", "Reports and reviews"),
    "no_reports_yet": ("该项尚无报送记录。", "Nothing has been reported on this item yet."),
    "progress_text": ("工作进展", "Progress"),
    "issues_text": ("存在问题", "Issues"),
    "next_steps_text": ("下步计划", "Next steps"),
    "evidence_text": ("佐证/备注", "Evidence/notes"),
    "review_note": ("审核意见", "Review note"),
    "return_reason": ("退回原因", "Reason for return"),
    "returned_by_office": ("领导小组办公室已退回该报送:{reason}", "The leading group office returned this report: {reason}"),
    "noted_by_office": ("审核意见:{note}", "Review note: {note}"),
    "partner_reports": ("另有 {n} 个配合单位报送了本年度进展。", "{n|partner unit|partner units} also reported this year."),
    "previous_status": ("上一年度:{status}", "A year before: {status}"),
    "report_this_item": ("填报或更正本项进展", "Report on this item, or correct a report"),
    "report_for_unit": ("报送单位", "Report for"),
    "save_item_report": ("保存到台账", "Save to the ledger"),
    "item_saved": ("已保存到台账:{item}({unit},{year} 年度)。", "Saved to the ledger: {item} ({unit}, {year})."),
    "not_your_item": ("您可以为之保存的单位都不是本项的牵头或配合单位。", "None of the units you may save for leads or supports this item."),
    "review_this_item": ("审核(领导小组办公室)", "Review (leading group office)"),
    "review_decision": ("审核结论", "Decision"),
    "decision_note": ("添加审核意见", "Add a review note"),
    "decision_return": ("退回,要求重新报送", "Return for a new report"),
    "review_text": ("意见或退回原因", "Note or reason for return"),
    "save_review": ("提交审核意见", "Submit"),
    "review_saved": ("已记录审核意见。", "The review was recorded."),
    "nothing_to_review": ("本年度尚无牵头单位的报送可审核。", "There is no report from the lead unit this year to review."),
    "editing_tools": ("填报与审核", "Reporting and review"),
    "form_origin": ("网页填报", "web form"),
    "status_counts_caption": ("{year} 年度:每一项恰好处于一种状态;“未报送”指牵头单位本年度尚未报送。", "{year}: every item is in exactly one status; “not reported” means its lead unit has not reported this year."),
    "item_status_by_action": ("各行动的重点任务状态", "Key tasks by action and status"),
    "download_board": ("下载任务台账(Excel)", "Work ledger (Excel)"),
    "open_item": ("查看", "Open"),
    "n_items_axis": ("项数", "Items"),
    "item_status_by_action_year": ("重点任务进展({year} 年度)", "Key tasks in {year}"),
    "open_tasks": ("打开“重点任务”页", "Open the Key tasks page"),
    "choose_status": ("选择完成状态", "Choose the status"),
    # method page
    "method_title": ("方法与数据", "Method and data"),
    "download_catalog": ("下载完整目录", "Download the whole catalog"),
    "catalog_excel": ("目录 Excel({n} 个工作表)", "Catalog as Excel ({n} sheets)"),
    "catalog_csv": ("目录 CSV(zip,{n} 个文件)", "Catalog as CSV (zip of {n} files)"),
}


class _Counting(string.Formatter):
    """`{n|sheet|sheets}` → '1 sheet', '2 sheets': English counts read naturally (Chinese needs no plural)."""

    def get_value(self, key, args, kwargs):
        if isinstance(key, str) and "|" in key:
            name, one, many = key.split("|")
            return f"{kwargs[name]} {one if kwargs[name] == 1 else many}"
        return super().get_value(key, args, kwargs)


_COUNTING = _Counting()


def t(key: str, lang: str, **values) -> str:
    zh, en = TEXT[key]
    text = en if lang == "en" else zh
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


_HAN = "\u4e00-\u9fff"
_PROSE_MARKS = [(re.compile(r"(?<!\d),|,(?!\d{3}(?!\d))"), "，"),     # not 1,234
                (re.compile(r"(?<!\d):|:(?!\d)"), "："),              # not 16:27
                (re.compile(r";"), "；"),
                (re.compile(rf"\(([^()]*[{_HAN}][^()]*)\)"), r"（\1）")]


def chinese_prose(text: str) -> str:
    """Chinese text with the punctuation a Chinese document uses (，：；（）). The app keeps the plan's text
    as stored, with ASCII marks (its source was normalised); documents an office hands on are written out
    with full-width ones. Numbers keep theirs: 1,234 · 16:27 · 9.5%."""
    for pattern, mark in _PROSE_MARKS:
        text = pattern.sub(mark, text)
    return text


def pick(zh: str, en: str, lang: str) -> str:
    return en if lang == "en" else zh


def status_label(code: str, lang: str) -> str:
    zh, en, symbol = STATUS[code]
    return f"{symbol} {en if lang == 'en' else zh}"


def comparator_label(comparator: str, lang: str) -> str:
    zh, en = COMPARATOR_WORDS[comparator]
    return f"{COMPARATOR_SYMBOL[comparator]} ({en if lang == 'en' else zh})"


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
        core = f"{aspiration} {core}" if lang == "zh" else f"{core} ({ASPIRATION_EN.get(aspiration, aspiration)})"
    return core

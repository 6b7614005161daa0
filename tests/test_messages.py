"""The message catalogs (locale/*/LC_MESSAGES/messages.po) are whole: every code the app uses has its words in
both languages, with the same placeholders; every text the catalogs hold is used; and no module below ui/
writes a user message of its own (issue 22)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from loaders.catalog import UNIT_KINDS
from loaders.items import ITEM_KINDS
from loaders.statuses import REGISTRY
from tracker.i18n import ASPIRATION_KEY, COMPARATOR_KEY, PERIOD_KEY
from ledger.leaders_report import KIND_ORDER, VERDICT_COLUMNS
from ledger.duty_list import ITEM_COLUMNS, SECTIONS, TARGET_COLUMNS
from ledger.db import FAULTS
from ledger.pack import SHEETS
from ledger.year_end import CHANGES as MOVES
from tracker.review import CHANGES, FLAGS
from tracker.task_status import REPORTING
from tracker.template import INSTRUCTION_LINES, TASK_COLUMNS
from ui.uploads import SHEET_CHOICES

ROOT = Path(__file__).resolve().parent.parent
APP_CODE = [ROOT / "app.py", *(p for d in ("loaders", "tracker", "ledger", "ui", "pages") for p in (ROOT / d).rglob("*.py"))]
SOURCE = "\n".join(path.read_text(encoding="utf-8") for path in APP_CODE)


def named(code: str) -> bool:
    """The code is written out somewhere in the app (t("code"), or t('code') inside an f-string)."""
    return f'"{code}"' in SOURCE or f"'{code}'" in SOURCE

# Codes the app builds from a value (t(f"status.{code}")): each family's members come from where that value is
# defined, so a new status, flag or kind without its words fails here.
FAMILIES = {
    "status.": [s.code for s in REGISTRY], "meaning.": [s.code for s in REGISTRY],
    "status_family.": sorted({s.family for s in REGISTRY}),
    "month.": [str(n) for n in range(1, 13)],
    "review.flag.": list(FLAGS), "review.change.": list(CHANGES), "review.kind.": list(SHEET_CHOICES),
    "comparator.": list(COMPARATOR_KEY.values()), "aspiration.": list(ASPIRATION_KEY.values()),
    "plan_period.": list(PERIOD_KEY.values()), "unit_kind.": list(UNIT_KINDS), "item_kind.": list(ITEM_KINDS),
    "reporting.": list(REPORTING), "template.instructions.": list(INSTRUCTION_LINES),
    "template.task_col.": list(TASK_COLUMNS), "verdict.": ["met", "missed"],
    "backup.unknown_": ["unit", "indicator", "item"], "ledger.not_the_units_": ["indicator", "item"],
    "yr.count.": [s.code for s in REGISTRY], "yr.kind.": list(KIND_ORDER), "yr.h": ["1", "2"],
    "yr.ind.": ["achieved", "on_track", "acceleration_needed", "limited_progress", "moving_away"],
    "yr.next.": ["on_track", "acceleration_needed", "limited_progress"], "moves.change.": list(MOVES),
    "annex.sheet.": list(SHEETS), "yr.col.": list(VERDICT_COLUMNS), "duty.h.": list(SECTIONS),
    "duty.col.": sorted(set(TARGET_COLUMNS) | set(ITEM_COLUMNS)), "goal_words.": list(COMPARATOR_KEY.values()),
    "fault.": list(FAULTS),
}
PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)(?:\|[^{}]*)?\}")


def catalog(lang: str) -> dict[str, str]:
    with open(ROOT / "locale" / lang / "LC_MESSAGES" / "messages.po", "rb") as file:
        return {m.id: m.string for m in read_po(file) if m.id}


ZH, EN = catalog("zh"), catalog("en")


def test__catalogs__hold_the_same_codes_each_with_words():
    assert sorted(ZH) == sorted(EN)
    assert not [code for code in ZH if not ZH[code].strip() or not EN[code].strip()]


def test__catalogs__a_message_has_the_same_placeholders_in_both_languages():
    differ = [code for code in ZH if set(PLACEHOLDER.findall(ZH[code])) != set(PLACEHOLDER.findall(EN[code]))
              and code not in PLACEHOLDERS_DIFFER]
    assert differ == []


@pytest.mark.parametrize("prefix", sorted(FAMILIES))
def test__catalogs__every_member_of_a_family_of_codes_has_its_words(prefix):
    assert [m for m in FAMILIES[prefix] if prefix + m not in ZH] == []
    stray = [code for code in ZH if code.startswith(prefix) and code[len(prefix):] not in FAMILIES[prefix]
             and not named(code)]
    assert stray == []


def test__catalogs__hold_no_text_the_app_never_uses():
    in_a_family = {prefix + member for prefix, members in FAMILIES.items() for member in members}
    unused = [code for code in ZH if code not in in_a_family and not named(code)]
    assert unused == []


CALLS = ("t", "md", "message", "LedgerError", "StaleLedger", "Refused", "UploadError", "Locked")


def _codes_called() -> set[str]:
    """The first argument of every call that names a message code with a literal string."""
    found = set()
    for path in APP_CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) and \
                    isinstance(node.args[0].value, str):
                name = node.func.id if isinstance(node.func, ast.Name) else \
                    node.func.attr if isinstance(node.func, ast.Attribute) else ""
                if name in CALLS:
                    found.add(node.args[0].value)
    return found


def test__every_code_the_app_says_has_its_words():
    called = _codes_called()
    assert len(called) > 300
    assert sorted(code for code in called if code not in ZH) == []


CJK = re.compile(r"[\u4e00-\u9fff]")
SENTENCE = re.compile(r"[\u4e00-\u9fff].*[,。;:!?、“”()]|[,。;:!?“”][\u4e00-\u9fff]")
# what the readers recognise in the files departments write (header words, the plan's own wording) is
# vocabulary, not a message: short words, or the plan's lines the reader looks for
VOCABULARY = {"loaders/plan_text.py"}
PATTERN = re.compile(r"\\[sdw]|\(\?|^\^|\$$")   # a regular expression the readers match with


PLACEHOLDERS_DIFFER = {"period.months": "Chinese writes 1–10 月, English January–October"}


def _strings(path: Path):
    """String constants of a module that are not docstrings, with their line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def _text_of(node) -> str:
    """A string constant's text, or an f-string's written parts."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    return ""


def _chinese(node) -> bool:
    return bool(CJK.search(_text_of(node)))


def _english(node) -> bool:
    text = _text_of(node)
    return bool(re.search(r"[A-Za-z]{2}", text)) and not CJK.search(text)


@pytest.mark.parametrize("layer", ["loaders", "tracker", "ledger", "ui", "pages"])
def test__no_user_message_outside_the_catalogs(layer):
    """A Chinese sentence, or a pair of a Chinese and an English text (the old pick("中", "en") way), in the app's
    code is a message that belongs in the catalogs."""
    found = []
    for path in sorted((ROOT / layer).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative in VOCABULARY:
            continue
        for line, text in _strings(path):
            if SENTENCE.search(text) and len(CJK.findall(text)) >= 6 and not PATTERN.search(text):
                found.append(f"{relative}:{line}: {text[:40]}")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            pair = node.args[:2] if isinstance(node, ast.Call) else node.elts if isinstance(node, ast.Tuple) else []
            if len(pair) == 2 and _chinese(pair[0]) and _english(pair[1]):
                found.append(f"{relative}:{node.lineno}: a Chinese and an English text side by side")
    assert found == []

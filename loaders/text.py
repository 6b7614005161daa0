"""Text as people typed it, made safe to keep, show and write into documents.

What staff paste carries characters nobody sees: Word's Shift+Enter leaves U+000B (a vertical tab, which an
xlsx stores as `_x000B_` and calamine hands back raw), other tools leave C0 and C1 control characters, a
byte-order mark or zero-width spaces; and bidi overrides such as U+202E turn "ddot.xlsx" around on screen, so
that a name can be made to read as another. None of them means anything in a progress report, and a
control character makes Word's and Excel's XML refuse the whole file. So every text is cleaned once, at the
ledger's door (and by the readers, so that the preview shows what will be saved), and the document writers
pass what they write through `xml_safe` as well, for rows saved before this cleaning existed.
"""
from __future__ import annotations

import re

# line breaks in all their spellings → "\n": CR LF, CR, vertical tab (Word's Shift+Enter), form feed, NEL,
# the Unicode line and paragraph separators
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# what is removed: C0 controls but tab and line feed, DEL and C1 controls; bidi marks, embeddings, overrides
# and isolates; zero-width and invisible formatting characters (ZWSP, ZWNJ, ZWJ, word joiner, invisible
# operators, byte-order mark, soft hyphen, Mongolian vowel separator, interlinear annotation); noncharacters
# and lone surrogates (which JSON can carry and no XML can)
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f"
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\u200b-\u200d\u2060-\u2064\ufeff\u00ad\u180e\ufff9-\ufffb"
    "\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(value) -> str:
    """A paragraph as it is kept: line breaks as "\\n" (two blank lines at most), tabs and runs of spaces as
    one space, no invisible or control character, no space at either end. None → ""."""
    if value is None:
        return ""
    text = str(value)
    # most cells need nothing: isprintable() is False for every control, format (bidi, zero-width), separator
    # and unassigned character — tab, line breaks, U+3000 included — so only those go through the patterns
    if text.isprintable() and "  " not in text and text == text.strip():
        return text
    text = _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", text))
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def clean_line(value) -> str:
    """A name (a submitter, a file, a sheet, what a row calls an indicator) on one line."""
    if isinstance(value, str) and value.isprintable() and "  " not in value and value == value.strip():
        return value   # what nearly every cell is: read for every row of a sheet, so without a call more
    text = clean_text(value)
    return _SPACES.sub(" ", text.replace("\n", " ")).strip() if "\n" in text else text


def xml_safe(text: str) -> str:
    """`text` as the Word and Excel writers put it into a file: line breaks as "\n", without the characters
    clean_text removes (which include everything XML cannot hold), spaces as they are. No stored text, however
    old, can make a document fail, and none can turn a name around in it."""
    return _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", text))

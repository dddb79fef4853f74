"""Reads a gettext .po file: enough of the format for the catalogue test (msgctxt, plurals, flags, no obsolete)."""

import ast
from dataclasses import dataclass, field


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def po_entries(text: str) -> list[Entry]:
    """Every entry of a .po file, the header (msgid "") included."""
    entries: list[Entry] = []
    entry, key = Entry(), None

    def finish():
        nonlocal entry, key
        if key is not None:
            entries.append(entry)
        entry, key = Entry(), None

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#,"):
            if key is not None and key.startswith("msgstr"):
                finish()
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            if key is not None and key.startswith("msgstr"):
                finish()
        elif line.startswith('"'):
            _append(entry, key, ast.literal_eval(line))
        else:
            keyword, _, rest = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and key is not None and key.startswith("msgstr"):
                finish()
            key = keyword
            entry.line = entry.line or number
            _append(entry, key, ast.literal_eval(rest), start=True)
    finish()
    return entries


def _append(entry: Entry, key: str | None, text: str, start: bool = False) -> None:
    if key == "msgid":
        entry.msgid = text if start else entry.msgid + text
    elif key == "msgid_plural":
        entry.msgid_plural = text if start else entry.msgid_plural + text
    elif key == "msgctxt":
        entry.msgctxt = text if start else (entry.msgctxt or "") + text
    elif key is not None and key.startswith("msgstr"):
        index = int(key[7:-1]) if key != "msgstr" else 0
        entry.msgstr[index] = text if start else entry.msgstr.get(index, "") + text

"""The German catalogue is complete, compiled and covers every string the code marks.

A newcomer's `./tact run` needs no gettext tools, so the compiled .mo is committed beside the .po; these tests fail
when someone adds a string without translating it, leaves an entry fuzzy, or forgets to run compilemessages.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import templatize

from tests.i18n.catalogue import po_entries

LOCALE = settings.BASE_DIR / "locale"
LANGUAGES = [code for code, _ in settings.LANGUAGES if code != "en"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
MARKERS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
APPS = ("agents", "config", "escalation", "mailroom", "redaction", "tickets")
LITERAL = r"""u?('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
TEMPLATE_CALL = re.compile(rf"\b(n?gettext|pgettext|_)\({LITERAL}(?:,\s*{LITERAL})?")


def _entries(code: str):
    return [e for e in po_entries((LOCALE / code / "LC_MESSAGES" / "django.po").read_text()) if e.msgid]


def _marked_in_python() -> set[str]:
    found = set()
    for app in APPS:
        for path in (settings.BASE_DIR / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in MARKERS
                    and node.args
                ):
                    index = 1 if node.func.id.startswith("pgettext") else 0
                    if len(node.args) > index and isinstance(node.args[index], ast.Constant):
                        found.add(node.args[index].value)
    return found


def _marked_in_templates() -> set[str]:
    found = set()
    for path in (settings.BASE_DIR / "templates").rglob("*"):
        if path.suffix not in (".html", ".txt"):
            continue
        for match in TEMPLATE_CALL.finditer(templatize(path.read_text(), origin=str(path))):
            # pgettext(context, message): the message is the second literal.
            literal = match.group(3) if match.group(1) == "pgettext" else match.group(2)
            found.add(ast.literal_eval(literal))
    return found


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(code):
    problems = [
        f"line {e.line}: {e.msgid[:60]!r}"
        for e in _entries(code)
        if "fuzzy" in e.flags or not e.msgstr or not all(text.strip() for text in e.msgstr.values())
    ]
    assert not problems, "untranslated or fuzzy entries:\n" + "\n".join(problems)


@pytest.mark.parametrize("code", LANGUAGES)
def test_translations_keep_the_placeholders(code):
    problems = []
    for e in _entries(code):
        wanted = set(PLACEHOLDER.findall(e.msgid + e.msgid_plural))
        for index, text in e.msgstr.items():
            if set(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"line {e.line} msgstr[{index}]: {e.msgid[:60]!r}")
    assert not problems, "placeholders differ:\n" + "\n".join(problems)


@pytest.mark.parametrize("code", LANGUAGES)
def test_compiled_catalogue_matches_the_po_file(code):
    """The .mo Django reads says what the .po says: run `manage.py compilemessages` after editing the .po."""
    mo = LOCALE / code / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    stale = []
    for e in _entries(code):
        if e.msgid_plural and e.msgctxt:
            pairs = [
                (compiled.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n), e.msgstr.get(i))
                for i, n in ((0, 1), (1, 2))
            ]
        elif e.msgid_plural:
            pairs = [(compiled.ngettext(e.msgid, e.msgid_plural, n), e.msgstr.get(i)) for i, n in ((0, 1), (1, 2))]
        elif e.msgctxt:
            pairs = [(compiled.pgettext(e.msgctxt, e.msgid), e.msgstr.get(0))]
        else:
            pairs = [(compiled.gettext(e.msgid), e.msgstr.get(0))]
        if any(got != want for got, want in pairs):
            stale.append(e.msgid[:60])
    assert not stale, f"{mo} is stale; run compilemessages. Differs for: {stale}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_catalogue_holds_every_marked_string(code):
    """A string marked in code or templates but missing from the .po: run makemessages (docs/i18n.md)."""
    catalogue = {e.msgid for e in _entries(code)}
    missing = sorted((_marked_in_python() | _marked_in_templates()) - catalogue)
    assert not missing, "not in the catalogue (run makemessages, then translate):\n" + "\n".join(missing)


def test_checker_finds_strings_in_templates(tmp_path: Path, settings):
    settings.BASE_DIR = tmp_path
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "t.html").write_text(
        '{% translate "Hello" %}{% blocktranslate count counter=n %}{{ counter }} day{% plural %}'
        "{{ counter }} days{% endblocktranslate %}"
    )
    assert _marked_in_templates() == {"Hello", "%(counter)s day"}

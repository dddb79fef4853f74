"""Finds words in templates that would reach a reader untranslated (tests/i18n/test_template_text.py).

A template is flattened to its HTML with every template tag and variable replaced by a marker and the inside of
translate blocks, comments and `<code>`, `<kbd>`, `<pre>`, `<script>`, `<style>` left out; whatever words remain
in text, in attributes people read (title, placeholder, aria-label, alt) or in a `default:` literal were never
marked for translation. Punctuation, numbers, symbols, variables and the product's name are fine.
"""

import re
from html.parser import HTMLParser

from django.template.base import Lexer, TokenType

WORD = re.compile(r"[^\W\d_]{2,}")
ALLOWED = {"Tact"}
READ_ATTRS = {"title", "placeholder", "aria-label", "alt"}
MACHINE_TEXT = {"code", "kbd", "pre", "samp", "script", "style"}
UNTRANSLATED_DEFAULT = re.compile(r"""\|default(?:_if_none)?:(["'])(.*?)\1""")
MARK = "\x00"


def _flatten(source: str) -> tuple[str, list[str]]:
    """The template as HTML with markers for template syntax, and the `default:` literals left untranslated."""
    out, defaults, skip = [], [], None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if skip is not None:
                if name == skip:
                    skip = None
                continue
            if name in ("comment", "verbatim"):
                skip = "end" + name
            elif name in ("blocktranslate", "blocktrans"):
                skip = "end" + name
            out.append(" ")  # not a marker: `<tr{% if … %} class="x"{% endif %}>` stays a tag
        elif token.token_type == TokenType.TEXT:
            if skip is None:
                out.append(token.contents)
        elif token.token_type == TokenType.VAR:
            if skip is None:
                defaults += [m.group(2) for m in UNTRANSLATED_DEFAULT.finditer(token.contents)]
                out.append(MARK)
        if token.token_type == TokenType.BLOCK:
            defaults += [m.group(2) for m in UNTRANSLATED_DEFAULT.finditer(token.contents)]
    return "".join(out), defaults


def _has_words(text: str) -> bool:
    return any(word not in ALLOWED for word in WORD.findall(text.replace(MARK, " ")))


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.machine_depth = 0
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in READ_ATTRS and value and _has_words(value):
                self.found.append(f'{name}="{value.replace(MARK, "…")}"')
        if tag in MACHINE_TEXT:
            self.machine_depth += 1

    def handle_endtag(self, tag):
        if tag in MACHINE_TEXT and self.machine_depth:
            self.machine_depth -= 1

    def handle_data(self, data):
        if not self.machine_depth and _has_words(data):
            self.found.append(" ".join(data.replace(MARK, "…").split()))


def untranslated_text(source: str) -> list[str]:
    """Each piece of readable text in a template's source that is outside the translation tags."""
    html, defaults = _flatten(source)
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.found + [f'default:"{value}"' for value in defaults if _has_words(value)]

"""Every word a template shows goes through the translation tags, so the next string added is not left English."""

from pathlib import Path

import pytest
from django.conf import settings

from tests.i18n.template_text import untranslated_text

TEMPLATES = sorted(path for path in (settings.BASE_DIR / "templates").rglob("*") if path.suffix in (".html", ".txt"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path.relative_to(settings.BASE_DIR)))
def test_template_has_no_text_outside_translation_tags(path: Path):
    assert untranslated_text(path.read_text()) == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("<p>Hello there</p>", ["Hello there"]),
        ('<p>{% translate "Hello there" %}</p>', []),
        ("<p>{% blocktranslate %}Hi {{ name }}{% endblocktranslate %}</p>", []),
        ("<p>{{ name }}: {{ count }} · 42 %</p>", []),
        ('<input placeholder="Search tickets">', ['placeholder="Search tickets"']),
        ('<input placeholder="{% translate "Search" %}">', []),
        ("<p><code>manage.py migrate</code></p>{# a note #}{% comment %}old{% endcomment %}", []),
        ('{{ alias|default:"the team" }}', ['default:"the team"']),
        ('{{ alias|default:_("the team") }}', []),
        ("<h1>Tact</h1>", []),
    ],
)
def test_checker_tells_text_from_markup(source, found):
    assert untranslated_text(source) == found

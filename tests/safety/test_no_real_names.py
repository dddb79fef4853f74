"""Lint rule: customer-facing templates and code never read a user's real name, username or email.

What a customer sees of an agent comes from `agents.identity.public_identity` (or the persona snapshot on a
message). A direct read of `first_name`, `last_name`, `get_full_name`, `username` or a staff member's `.email`
in any file below fails with its file and line. Customers' own details live on `Customer`, not the user model,
so the rule needs no exceptions today; add one to ALLOWED with a reason if it ever must.
"""
import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
CUSTOMER_TEMPLATES = [
    "templates/portal/**/*", "templates/email/**/*", "templates/registration/**/*", "templates/error.html",
    "templates/base.html", "templates/escalation/email/warning_*",
]
CUSTOMER_MODULES = [
    "tickets/api/**/*.py", "tickets/views_portal.py", "tickets/forms_portal.py", "tickets/notifications.py",
    "config/views.py", "config/api.py", "escalation/services.py", "escalation/safety.py",
]
NAME_ATTRS = {"first_name", "last_name", "get_full_name", "username", "get_username"}
# `.email` is a staff member's personal address when read off one of these.
PERSON_WORDS = re.compile(r"(author_user|assignee|staff|agent|lead|reporter|actor|overridden_by|author|user)\b")
TEMPLATE_READ = re.compile(
    r"\b([\w.]*?)\.(first_name|last_name|get_full_name|username|get_username|email)\b"
)
STRING_READ = re.compile(
    r"(author_user|assignee|staff|agent|user|lead|reporter|actor)(\.|__)"
    r"(first_name|last_name|username|email|get_full_name)"
)
# (path, line text) pairs that are allowed, each with the reason in a comment.
ALLOWED: set[tuple[str, str]] = set()


def _files(globs: list[str]) -> list[Path]:
    return sorted({p for g in globs for p in BASE.glob(g) if p.is_file()})


def template_violations(path: Path, base: Path = BASE) -> list[str]:
    found = []
    for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
        for match in TEMPLATE_READ.finditer(line):
            owner, attr = match.group(1), match.group(2)
            if owner == "form" or (attr == "email" and not PERSON_WORDS.search(owner)):
                continue  # the login form's own field; queue.email, customer.primary_email
            found.append(f"{path.relative_to(base)}:{number}: reads {owner}.{attr}")
    return found


def _dotted(node: ast.AST) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def module_violations(path: Path, base: Path = BASE) -> list[str]:
    found = []
    source = path.read_text()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute):
            owner = _dotted(node.value)
            if node.attr in NAME_ATTRS or (node.attr == "email" and PERSON_WORDS.search(owner)):
                found.append(f"{path.relative_to(base)}:{node.lineno}: reads {owner}.{node.attr}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and STRING_READ.search(node.value):
            found.append(f"{path.relative_to(base)}:{node.lineno}: names {node.value!r}")
    lines = source.splitlines()
    return [v for v in found if (str(path.relative_to(base)), _line(lines, v)) not in ALLOWED]


def _line(lines: list[str], violation: str) -> str:
    return lines[int(violation.split(":")[1]) - 1].strip()


def test_customer_facing_templates_never_read_user_names():
    files = _files(CUSTOMER_TEMPLATES)
    assert any("portal" in str(f) for f in files), "the portal templates moved: update CUSTOMER_TEMPLATES"
    violations = [v for f in files for v in template_violations(f)]
    assert not violations, "\n".join(violations)


def test_customer_facing_code_never_reads_user_names():
    files = _files(CUSTOMER_MODULES)
    assert any(f.name == "serializers.py" for f in files), "the API moved: update CUSTOMER_MODULES"
    violations = [v for f in files for v in module_violations(f)]
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize(
    "snippet",
    [
        "def f(m):\n    return m.author_user.first_name\n",
        "def f(t):\n    return t.assignee.get_full_name()\n",
        "def f(m):\n    return m.author_user.email\n",
        "X = serializers.CharField(source='author_user.username')\n",
        "FIELDS = ['assignee__last_name']\n",
    ],
)
def test_the_rule_catches_each_kind_of_read(tmp_path, snippet):
    path = tmp_path / "leaky.py"
    path.write_text(snippet)
    assert module_violations(path, tmp_path)


def test_the_rule_catches_a_template_read(tmp_path):
    path = tmp_path / "leaky.html"
    path.write_text("<p>{{ message.author_user.get_full_name }}</p>\n<p>{{ queue.email }}</p>\n")
    assert template_violations(path, tmp_path) == ["leaky.html:1: reads message.author_user.get_full_name"]

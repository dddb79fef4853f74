"""Only the gate's publication writes public replies: a walk over the source tree that fails on any other caller.

The database guards (PostgreSQL 0002/0005, SQLite redaction.sqlite_guard) refuse a reply that the gate did not
publish; this keeps the code honest too, so a new feature cannot grow a second way into the thread that the
triggers would only catch at run time.
"""
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_PACKAGES = [p for p in sorted(ROOT.iterdir()) if (p / "__init__.py").exists() and p.name != "tests"]
WRITER = "reply_messages_create"
# (module, function) pairs allowed to name the writer: its definition, and the gate's one publish step.
ALLOWED = {("tickets/services.py", WRITER), ("redaction/publication.py", "_publish")}
WRITE_METHODS = {"create", "bulk_create", "update", "get_or_create", "update_or_create", "Message"}


def _sources():
    for package in APP_PACKAGES:
        for path in sorted(package.rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(), filename=str(path))


def _enclosing_functions(tree: ast.AST) -> dict[ast.AST, str]:
    """Each node's innermost enclosing function name ("" at module level)."""
    owner: dict[ast.AST, str] = {}

    def visit(node: ast.AST, name: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else name
            owner[child] = inner
            visit(child, inner)

    visit(tree, "")
    return owner


def _names_writer(node: ast.AST) -> bool:
    if isinstance(node, ast.Name | ast.Attribute):
        return (node.id if isinstance(node, ast.Name) else node.attr) == WRITER
    if isinstance(node, ast.FunctionDef):
        return node.name == WRITER
    return False


def _writes_a_reply_row(node: ast.AST) -> bool:
    """`Message(kind=MessageKind.PUBLIC_REPLY, ...)`, `….create(kind="reply")` and the like."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if called not in WRITE_METHODS:
        return False
    for keyword in node.keywords:
        value = keyword.value
        if keyword.arg == "kind" and (
            (isinstance(value, ast.Attribute) and value.attr == "PUBLIC_REPLY")
            or (isinstance(value, ast.Constant) and value.value == "reply")
        ):
            return True
    return False


def boundary_violations() -> list[str]:
    found = []
    for module, tree in _sources():
        owner = _enclosing_functions(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and any(alias.name == WRITER for alias in node.names):
                if module != "redaction/publication.py":
                    found.append(f"{module}:{node.lineno} imports {WRITER}")
            elif _names_writer(node) and (module, owner.get(node, "")) not in ALLOWED and not (
                isinstance(node, ast.FunctionDef) and module == "tickets/services.py"
            ):
                found.append(f"{module}:{node.lineno} uses {WRITER} in {owner.get(node) or 'module level'}")
            elif _writes_a_reply_row(node) and (module, owner.get(node, "")) != ("tickets/services.py", WRITER):
                found.append(f"{module}:{node.lineno} writes a public reply row directly")
    return sorted(found, key=lambda line: (line.split(":")[0], int(line.split(":")[1].split()[0])))


def test_only_the_gates_publication_writes_public_replies():
    assert APP_PACKAGES and any(p.name == "redaction" for p in APP_PACKAGES)
    assert boundary_violations() == []


def test_the_walk_finds_a_second_writer(tmp_path, monkeypatch):
    """The check itself: a module that calls the writer, or writes a reply row, is reported."""
    package = tmp_path / "rogue"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "views.py").write_text(
        "from tickets.services import reply_messages_create\n"
        "def shortcut(r):\n    return reply_messages_create(replies=[r])\n"
        "def sneaky(t):\n    return Message.objects.create(ticket=t, kind=MessageKind.PUBLIC_REPLY, body='x')\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "APP_PACKAGES", [package])
    assert boundary_violations() == [
        "rogue/views.py:1 imports reply_messages_create",
        "rogue/views.py:3 uses reply_messages_create in shortcut",
        "rogue/views.py:5 writes a public reply row directly",
    ]

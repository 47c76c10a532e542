"""The floors of the house (README « Layout of the code »), read from the source.

``common`` (the toolkit) is under every app, then ``partners``, then ``cooperation``,
then the other apps side by side (``calls``, ``funding``), then ``portal`` on top. A
module may import from its own app and from the floors below it; never from a floor
above, never from another app of its own floor, and never a private name (one starting
with ``_``) of another app. The rules are checked on the syntax tree of every module of
the apps, so that an import inside a function counts as much as one at the top.

A test over the imports rather than an import-linter contract: the rules include
private *names* (``from partners.forms import _https_by_default``), which import-linter's
contracts do not express, and a plain test needs no extra tool to install.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLOORS = {"common": 0, "partners": 1, "cooperation": 2, "calls": 3, "funding": 3, "portal": 4}


def _imports(tree: ast.AST) -> list[tuple[str, str | None, int]]:
    """(module, imported name or None, line) of every import of a module's tree."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, None, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.extend((node.module, alias.name, node.lineno) for alias in node.names)
    return found


def layer_violations(app: str, path: str, source: str) -> list[str]:
    """What a module of ``app`` imports against the rules, one sentence each."""
    problems = []
    for module, name, line in _imports(ast.parse(source)):
        target = module.split(".")[0]
        if target not in FLOORS or target == app:
            continue
        where = f"{path}:{line} imports {module}" + (f".{name}" if name else "")
        if FLOORS[target] > FLOORS[app]:
            problems.append(f"{where}: {target} is a floor above {app}")
        elif FLOORS[target] == FLOORS[app]:
            problems.append(f"{where}: {target} and {app} are apps of the same floor")
        parts = [*module.split(".")[1:], *([name] if name else [])]
        if any(part.startswith("_") and not part.startswith("__") for part in parts):
            problems.append(f"{where}: a private name of another app")
    return problems


def _app_modules():
    for app in FLOORS:
        for path in sorted((ROOT / app).rglob("*.py")):
            yield app, path


@pytest.mark.parametrize("app", sorted(FLOORS))
def test_an_app_imports_only_from_its_own_floor_and_the_floors_below(app):
    problems = []
    for module_app, path in _app_modules():
        if module_app == app:
            relative = str(path.relative_to(ROOT))
            problems += layer_violations(app, relative, path.read_text())
    assert problems == []


def test_the_apps_are_all_on_a_floor():
    apps = {
        path.parent.name
        for path in ROOT.glob("*/apps.py")
        if path.parent.name not in {"config", "tests"}
    }
    assert apps == set(FLOORS)


@pytest.mark.parametrize(
    ("app", "source", "expected"),
    [
        ("partners", "from portal.views import public", "portal is a floor above partners"),
        ("common", "import partners.models", "partners is a floor above common"),
        ("partners", "from cooperation import selectors", "cooperation is a floor above"),
        ("partners", "def f():\n    from calls.models import Call", "calls is a floor above"),
        ("calls", "from funding.models import Programme", "same floor"),
        ("cooperation", "from partners.forms import _https_by_default", "a private name"),
        ("calls", "from cooperation._private import thing", "a private name"),
    ],
)
def test_the_check_catches_each_kind_of_wrong_import(app, source, expected):
    problems = layer_violations(app, "example.py", source)
    assert any(expected in problem for problem in problems), problems


def test_the_check_lets_an_app_import_its_own_floor_and_those_below():
    source = "from common.forms import form_helper\nfrom partners.models import User\n"
    assert layer_violations("calls", "example.py", source) == []
    assert layer_violations("portal", "example.py", "from calls import selectors") == []

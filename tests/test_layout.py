"""The package's floors: build -> site -> views -> products -> analysis -> data, imports going down.

Every module of ``src/dialogue_analysis`` is parsed (no import needed) and each import of the
package itself, at module level, inside a function or under ``TYPE_CHECKING``, is checked against
the floors. ``paths``, ``errors`` and ``files`` are the ground every floor stands on; ``cli``,
``__init__`` and ``__main__`` are the entrances, above every floor. ``intake`` stands beside the
floors: it reads the data (``data``, ``analysis``) and only the command line uses it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dialogue_analysis.paths import PACKAGE_DIR

GROUND = {"paths", "errors", "files"}
ENTRANCES = {"cli", "__init__", "__main__"}
#: Each floor and the floors its modules may import (the ground aside).
MAY_IMPORT = {
    "data": {"data"},
    "analysis": {"data", "analysis"},
    # products (the research files and releases) reads analysis and data; the site offers them.
    "products": {"data", "analysis", "products"},
    "views": {"data", "analysis", "products", "views"},
    "site": {"data", "analysis", "products", "views", "site"},
    "build": {"data", "analysis", "products", "views", "site", "build"},
    "intake": {"data", "analysis", "intake"},
}
FLOORS = set(MAY_IMPORT)
#: The entrances that may import ``intake``: the command line alone.
INTAKE_USERS = {"cli"}


def part(module: str) -> str:
    """The floor, ground module or entrance a dotted module name inside the package is in."""
    parts = module.split(".")[1:]  # drop 'dialogue_analysis'
    if not parts:
        return "__init__"
    if parts[0] in FLOORS | GROUND | ENTRANCES:
        return parts[0]
    raise AssertionError(f"{module} is on no floor: put it in one of {sorted(FLOORS)}")


def may_import(importer: str, imported: str) -> bool:
    """Whether a module of ``importer`` (a floor, ground module or entrance) may import one of
    ``imported``."""
    if imported in GROUND:
        return True
    if importer in GROUND:
        return False
    if importer in ENTRANCES:
        return imported != "intake" or importer in INTAKE_USERS
    if imported in ENTRANCES:
        return False
    return imported in MAY_IMPORT[importer]


def module_name(path: Path, root: Path) -> str:
    relative = path.relative_to(root.parent).with_suffix("")
    return ".".join(relative.parts)


def imported(tree: ast.AST, package: str) -> list[tuple[int, str]]:
    """(line, dotted name) of every import of ``package`` in a module, wherever it is."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith(package)]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(package):
            # 'from dialogue_analysis.views import words' imports dialogue_analysis.views.words;
            # 'from dialogue_analysis import load' imports the public API, the package's top.
            for alias in node.names:
                top = node.module == package and alias.name not in FLOORS | GROUND | ENTRANCES
                name = f"{package}.__init__" if top else f"{node.module}.{alias.name}"
                found.append((node.lineno, name))
    return found


def upward_imports(root: Path) -> list[str]:
    """Every import in the package under ``root`` that reaches a floor its module may not use."""
    package = root.name
    wrong = []
    for path in sorted(root.rglob("*.py")):
        here = module_name(path, root)
        for line, name in imported(ast.parse(path.read_text(encoding="utf-8")), package):
            if not may_import(part(here), part(name)):
                wrong.append(f"{path.relative_to(root.parent)}:{line}: {here} imports {name}")
    return wrong


def test_no_module_imports_from_a_floor_above_its_own():
    assert upward_imports(PACKAGE_DIR) == []


def test_every_module_is_on_a_floor():
    for path in PACKAGE_DIR.rglob("*.py"):
        part(module_name(path, PACKAGE_DIR))  # raises for a module on no floor


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("data/schema.py", "from dialogue_analysis.analysis import membership\n"),
        ("analysis/overlaps.py", "def f():\n    from dialogue_analysis.views import words\n"),
        ("views/style.py", "import dialogue_analysis.site.export\n"),
        ("data/dataset.py", "from dialogue_analysis import load\n"),  # the public API is on top
        ("files.py", "from dialogue_analysis.data import package\n"),
        ("site/index.py", "from dialogue_analysis.build.state import last_result\n"),
        ("site/site.py", "from dialogue_analysis import build\n"),  # the floor, not a name
        ("data/schema.py", "from dialogue_analysis import cli\n"),
        ("intake/compare.py", "from dialogue_analysis.views import words\n"),
        ("data/pipeline.py", "from dialogue_analysis.intake import propose\n"),
        ("build/runner.py", "def f():\n    from dialogue_analysis import intake\n"),
        ("analysis/meetings.py", "import dialogue_analysis.intake.text\n"),
        ("__init__.py", "from dialogue_analysis.intake import propose\n"),
    ],
)
def test_an_upward_import_is_caught(tmp_path, module, source):
    root = tmp_path / "dialogue_analysis"
    for folder in FLOORS:
        (root / folder).mkdir(parents=True)
    (root / module).write_text(source, encoding="utf-8")
    assert len(upward_imports(root)) == 1


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("build/runner.py", "from dialogue_analysis.site import index\n"),
        ("build/plan.py", "from dialogue_analysis.views.headline import headline_figures\n"),
        ("site/index.py", "from dialogue_analysis.site.catalog import Outcome\n"),
        ("intake/review.py", "from dialogue_analysis.analysis import resolve\n"),
        ("intake/compare.py", "from dialogue_analysis.data import names\n"),
        ("intake/bodies.py", "from dialogue_analysis.intake import words\n"),
        ("cli.py", "from dialogue_analysis.intake import propose\n"),
        ("cli.py", "from dialogue_analysis import intake\n"),
        ("cli.py", "from dialogue_analysis.build import runner\n"),
    ],
)
def test_an_import_down_or_from_the_command_line_is_allowed(tmp_path, module, source):
    root = tmp_path / "dialogue_analysis"
    for folder in FLOORS:
        (root / folder).mkdir(parents=True)
    (root / module).write_text(source, encoding="utf-8")
    assert upward_imports(root) == []


def test_no_public_name_is_hidden_by_a_subpackage():
    """Importing a floor binds its name on the package: a public name must not be one."""
    import dialogue_analysis
    import dialogue_analysis.build.runner  # noqa: F401 - binds dialogue_analysis.build
    from dialogue_analysis.data.pipeline import build

    assert not set(dialogue_analysis.__all__) & (FLOORS | GROUND | ENTRANCES)
    assert dialogue_analysis.build_data is build

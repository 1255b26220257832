"""The package's floors: reports -> views -> products -> analysis -> data, imports going down.

``intake`` (the propose tool) stands beside the floors: it may import data and analysis, and
nothing but the entrances imports it.

Every module of ``src/dialogue_analysis`` is parsed (no import needed) and each import of the
package itself, at module level, inside a function or under ``TYPE_CHECKING``, is checked against
the floors. ``paths``, ``errors`` and ``files`` are the ground every floor stands on; ``cli``,
``__init__`` and ``__main__`` are the entrances, above every floor.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dialogue_analysis.paths import PACKAGE_DIR

# products (the research files and releases) reads analysis and data; the site may offer them.
FLOORS = {"data": 1, "analysis": 2, "products": 3, "views": 4, "reports": 5}
# Beside the floors: what each may import from, below the entrances that alone import it.
BESIDE = {"intake": 2}
GROUND = {"paths", "errors", "files"}
ENTRANCES = {"cli", "__init__", "__main__"}


def floor(module: str) -> int:
    """The floor of a dotted module name inside the package (0 ground, 6 entrances)."""
    parts = module.split(".")[1:]  # drop 'dialogue_analysis'
    if not parts or parts[0] in ENTRANCES:
        return 6
    if parts[0] in GROUND:
        return 0
    if parts[0] in FLOORS:
        return FLOORS[parts[0]]
    if parts[0] in BESIDE:
        return BESIDE[parts[0]]
    raise AssertionError(f"{module} is on no floor: put it in one of {sorted({*FLOORS, *BESIDE})}")


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
                top = node.module == package and alias.name not in {
                    *FLOORS,
                    *BESIDE,
                    *GROUND,
                    *ENTRANCES,
                }
                name = f"{package}.__init__" if top else f"{node.module}.{alias.name}"
                found.append((node.lineno, name))
    return found


def top(module: str) -> str:
    """The first part of a dotted module name inside the package ('intake', 'data', 'cli')."""
    parts = module.split(".")[1:]
    return parts[0] if parts else "__init__"


def wrong_import(here: str, name: str) -> bool:
    """Whether module ``here`` may not import ``name``: a floor above, or a package beside the
    floors imported from anywhere but the entrances or itself."""
    if top(name) in BESIDE and top(here) not in {top(name), *ENTRANCES}:
        return True
    return floor(name) > floor(here)


def upward_imports(root: Path) -> list[str]:
    """Every import in the package under ``root`` that reaches a floor above its module's, or a
    package beside the floors from a module that is not an entrance."""
    package = root.name
    wrong = []
    for path in sorted(root.rglob("*.py")):
        here = module_name(path, root)
        for line, name in imported(ast.parse(path.read_text(encoding="utf-8")), package):
            if wrong_import(here, name):
                wrong.append(f"{path.relative_to(root.parent)}:{line}: {here} imports {name}")
    return wrong


def test_no_module_imports_from_a_floor_above_its_own():
    assert upward_imports(PACKAGE_DIR) == []


def test_every_module_is_on_a_floor():
    for path in PACKAGE_DIR.rglob("*.py"):
        floor(module_name(path, PACKAGE_DIR))  # raises for a module on no floor


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("data/schema.py", "from dialogue_analysis.analysis import membership\n"),
        ("analysis/overlaps.py", "def f():\n    from dialogue_analysis.views import words\n"),
        ("views/style.py", "import dialogue_analysis.reports.runner\n"),
        ("data/dataset.py", "from dialogue_analysis import load\n"),  # the public API is on top
        ("files.py", "from dialogue_analysis.data import package\n"),
        ("intake/compare.py", "from dialogue_analysis.views import words\n"),
        ("data/pipeline.py", "from dialogue_analysis.intake import propose\n"),
        ("reports/runner.py", "def f():\n    from dialogue_analysis import intake\n"),
        ("analysis/meetings.py", "import dialogue_analysis.intake.text\n"),
        ("analysis/panels.py", "from dialogue_analysis.products import outputs\n"),
    ],
)
def test_an_upward_import_is_caught(tmp_path, module, source):
    root = tmp_path / "dialogue_analysis"
    for folder in [*FLOORS, *BESIDE]:
        (root / folder).mkdir(parents=True)
    (root / module).write_text(source, encoding="utf-8")
    assert len(upward_imports(root)) == 1


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("intake/compare.py", "from dialogue_analysis.data import names\n"),
        ("intake/meeting.py", "from dialogue_analysis.analysis import resolve\n"),
        ("intake/bodies.py", "from dialogue_analysis.intake import words\n"),
        ("cli.py", "from dialogue_analysis import intake\n"),
    ],
)
def test_intake_reads_the_data_and_only_the_command_line_imports_it(tmp_path, module, source):
    root = tmp_path / "dialogue_analysis"
    for folder in [*FLOORS, *BESIDE]:
        (root / folder).mkdir(parents=True)
    (root / module).write_text(source, encoding="utf-8")
    assert upward_imports(root) == []

"""Dependencies run with the flow: a stage reads what the stages before it made, never a later one,
and no package or module imports itself back through another.

The order is the README's "How it works" table, top to bottom. Imports are read from the source with
``ast`` (every import statement, those inside functions too), so an import that breaks the order
fails here whether or not a test happens to run it.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

import letterpress

PACKAGE = Path(letterpress.__file__).parent

# Shared leaves: every stage may import them; they import only each other.
LEAVES = {
    "text": "the text model: Run, Style, Align, a language's script and direction, the language fallback",
    "errors": "the error types every stage raises",
    "model": "the project's plain data (model.Project), as loaded",
    "cache": "the store, memo and build context every cache goes through",
    "atomic": "safe file writes",
    "cldr": "the CLDR values asked of Babel, kept on disk",
    # ``from letterpress import __version__``: constants the root package defines before anything,
    # and every submodule is imported after the root package, so reading one never re-enters a stage
    "__version__": "letterpress's version",
    "RUN_COLLECTIONS": "the garbage collector's pace while a command runs and a build writes",
}
ROOT_CONSTANTS = {"__version__", "RUN_COLLECTIONS"}

# The stages in the order data flows (the README's table); a stage may import the leaves and the
# stages of the rows above its own, never one of its own row or below.
STAGES = (
    ("project",),  # load and validate -> model.Project
    ("locale", "fonts"),  # dates, names, addresses, typography; faces for each language and style
    ("compose",),  # one Document per (recipient, language): what is said, no fonts, no geometry
    ("preflight",),  # what a build would trip over (missing glyphs), found before anything is set
    ("layout",),  # runs -> lines of shaped, positioned glyphs
    ("paper",),  # national page layouts and envelope windows
    ("typeset",),  # pages of placed lines, in the layout it chooses; addresses fitted to windows
    ("render",),  # PDF bytes
    ("sign",),  # signed PDF bytes
    ("record",),  # atomic writes and the manifest
)

# On top of the stages: each may import every stage and leaf, and those above it in this list.
SHELL = ("build", "api", "letterpress", "review", "commands", "cli", "__main__")

# Edges against the order that stay, each with its reason.
KNOWN_EXCEPTIONS = {
    ("project", "paper"): "the loader checks a `layout:` field against the layouts paper ships "
                          "(paper.layout_names), so a misspelt name is reported at its file, line and column "
                          "with every other input error; paper imports no stage, so this makes no cycle",
}
# Module cycles that stay, each with its reason.
KNOWN_CYCLES = {
    frozenset({"letterpress.cache.context", "letterpress.cache.store"}):
        "the context opens a store (and imports sqlite3) only when one is first asked for; "
        "the store registers its flush with the context",
}


def _modules(root: Path) -> dict[str, Path]:
    """Every module of the package at ``root``, by dotted name."""
    modules = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def _type_checking_only(tree: ast.AST) -> set[int]:
    """The ids of the import nodes under ``if TYPE_CHECKING:`` (they never run)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            found |= {id(inner) for stmt in node.body for inner in ast.walk(stmt)}
    return found


def read_imports(root: Path) -> dict[str, set[tuple[str, bool]]]:
    """For every module of the package at ``root``: the modules of the package it imports, each with
    whether the import runs (False: only under ``if TYPE_CHECKING:``). ``from .. import __version__``
    (or another of ROOT_CONSTANTS) is the pseudo-module ``<package>.__version__``."""
    modules = _modules(root)
    top = root.name
    imports: dict[str, set[tuple[str, bool]]] = {}
    for module, path in modules.items():
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = _type_checking_only(tree)
        found: set[tuple[str, bool]] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                    base = ".".join(anchor + ([base] if base else []))
                # `from . import x`: the submodule x where there is one, else a name of the package
                names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules
                         or (base == top and alias.name in ROOT_CONSTANTS) else base for alias in node.names]
            else:
                continue
            for name in names:
                if name == top or name.startswith(top + "."):
                    while name not in modules and name.removeprefix(top + ".") not in ROOT_CONSTANTS:
                        name = name.rsplit(".", 1)[0]
                    if name != module:
                        found.add((name, id(node) not in typing_only))
        imports[module] = found
    return imports


def unit_of(module: str) -> str:
    """The stage, leaf or shell a module belongs to: its top-level package or module."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _rank() -> dict[str, float]:
    ranks = {name: float(index) for index, row in enumerate(STAGES) for name in row}
    ranks.update({name: len(STAGES) + index for index, name in enumerate(SHELL)})
    return ranks


def wrong_edges(imports: dict[str, set[tuple[str, bool]]]) -> list[str]:
    """Every import against the flow: a leaf importing a stage, a stage importing a later stage (or
    one of its own row), the shell importing what sits above it; known exceptions aside."""
    ranks = _rank()
    wrong = []
    for module, targets in sorted(imports.items()):
        source = unit_of(module)
        for target_module, _ in sorted(targets):
            target = unit_of(target_module)
            if target == source or target in LEAVES or (source, target) in KNOWN_EXCEPTIONS:
                continue
            if source in LEAVES:
                wrong.append(f"{module} (a shared leaf) imports {target_module} (stage {target})")
            elif ranks[target] >= ranks[source]:
                wrong.append(f"{module} ({source}) imports {target_module} ({target}), which comes "
                             f"{'in the same row' if ranks[target] == ranks[source] else 'after it'}")
    return wrong


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def module_cycles(imports: dict[str, set[tuple[str, bool]]]) -> list[list[str]]:
    """Cycles of modules importing each other when they run (type-only imports never run)."""
    edges = {module: {target for target, runs in targets if runs} for module, targets in imports.items()}
    return [cycle for cycle in cycles(edges) if frozenset(cycle) not in KNOWN_CYCLES]


def unit_cycles(imports: dict[str, set[tuple[str, bool]]]) -> list[list[str]]:
    """Cycles between stages, leaves and the shell, counting every import."""
    edges: dict[str, set[str]] = {}
    for module, targets in imports.items():
        edges.setdefault(unit_of(module), set()).update(
            unit_of(target) for target, _ in targets if unit_of(target) != unit_of(module))
    return cycles(edges)


# render is a leaf: of the stages before it, it reads only the data it draws and the faces it embeds
# (their font bytes and metrics), not how fonts are chosen, prepared or indexed; only the build runs it.
RENDER_READS = {"letterpress.fonts.face", "letterpress.layout.types", "letterpress.typeset.page"}
RENDER_RUN_BY = {"build"}


def render_edges(imports: dict[str, set[tuple[str, bool]]]) -> list[str]:
    """Every import that breaks render's place as a leaf: render reading a stage beyond
    RENDER_READS, or a unit other than RENDER_RUN_BY importing render."""
    wrong = []
    for module, targets in sorted(imports.items()):
        source = unit_of(module)
        for target, _ in sorted(targets):
            unit = unit_of(target)
            if source == "render" and unit not in LEAVES and unit != "render" and target not in RENDER_READS:
                wrong.append(f"{module} (render) reads {target}, beyond what it draws and embeds")
            elif unit == "render" and source != "render" and source not in RENDER_RUN_BY:
                wrong.append(f"{module} ({source}) imports render, which only the build runs")
    return wrong


@pytest.fixture(scope="module")
def imports():
    """letterpress's own imports, read once for every test here."""
    return read_imports(PACKAGE)


def test_every_package_and_module_has_its_place(imports):
    units = {unit_of(module) for module in imports} - {"letterpress"}
    placed = set(LEAVES) | {name for row in STAGES for name in row} | set(SHELL)
    assert units - placed == set(), "a new package or module: give it its place in LEAVES, STAGES or SHELL"
    assert set(LEAVES) - ROOT_CONSTANTS <= units and placed - set(LEAVES) <= units | {"letterpress"}, \
        "a package listed here no longer exists"


def test_no_stage_imports_a_later_stage(imports):
    assert wrong_edges(imports) == []


def test_no_import_cycle_between_stages(imports):
    assert unit_cycles(imports) == []


def test_no_import_cycle_between_modules(imports):
    assert module_cycles(imports) == []


def test_render_is_a_leaf(imports):
    assert render_edges(imports) == []
    assert any(unit_of(target) == "render" for module, targets in imports.items() if unit_of(module) == "build"
               for target, _ in targets), "the build no longer imports render: the reader misses imports"


def test_the_known_exceptions_are_still_needed(imports):
    edges = {(unit_of(module), unit_of(target)) for module, targets in imports.items() for target, _ in targets}
    assert set(KNOWN_EXCEPTIONS) <= edges, "an exception is no longer used: remove it"
    runtime = {module: {target for target, runs in targets if runs} for module, targets in imports.items()}
    assert all(cycle in map(frozenset, cycles(runtime)) for cycle in KNOWN_CYCLES), \
        "a known cycle is gone: remove it"


def test_the_reader_sees_imports_inside_functions_and_relative_ones(imports):
    """The reader itself: a function-level import (api's of build) and a relative one (typeset's of layout)."""
    assert ("letterpress.build", True) in imports["letterpress.api"]
    assert ("letterpress.layout", True) in imports["letterpress.typeset"]
    assert ("letterpress.text", True) in imports["letterpress.typeset.window"]


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "letterpress"
    for name, source in {"__init__.py": "", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return root


def test_a_stage_importing_a_later_stage_is_caught_even_inside_a_function(tmp_path):
    root = _tree(tmp_path, {
        "compose/__init__.py": "def f():\n    from ..paper import layout_for\n",
        "paper/__init__.py": "",
        "text.py": "",
        "typeset/__init__.py": "from ..text import Run\nfrom ..paper import layout_for\n",
    })
    assert wrong_edges(read_imports(root)) == [
        "letterpress.compose (compose) imports letterpress.paper (paper), which comes after it"]


def test_a_leaf_importing_a_stage_and_a_cycle_are_caught(tmp_path):
    root = _tree(tmp_path, {
        "text.py": "from .layout import types\n",
        "layout/__init__.py": "",
        "layout/types.py": "from .. import text\n",
    })
    found = read_imports(root)
    assert wrong_edges(found) == [
        "letterpress.text (a shared leaf) imports letterpress.layout.types (stage layout)"]
    assert module_cycles(found) == [["letterpress.layout.types", "letterpress.text"]]
    assert unit_cycles(found) == [["layout", "text"]]


def test_type_only_imports_make_no_cycle_but_still_count_for_the_order(tmp_path):
    root = _tree(tmp_path, {
        "layout/__init__.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..typeset import Page\n",
        "typeset/__init__.py": "from ..layout import set_paragraph\n",
    })
    found = read_imports(root)
    assert module_cycles(found) == []
    assert wrong_edges(found) == [
        "letterpress.layout (layout) imports letterpress.typeset (typeset), which comes after it"]


def test_render_reading_fonts_internals_or_imported_by_another_stage_is_caught(tmp_path):
    root = _tree(tmp_path, {
        "fonts/__init__.py": "", "fonts/face.py": "", "fonts/choose.py": "",
        "render/__init__.py": "from ..fonts.face import PreparedFace\ndef f():\n    from ..fonts import choose\n",
        "review/__init__.py": "from ..render import render_pdf\n",
        "build/__init__.py": "from ..render import render_pdf\n",
    })
    assert render_edges(read_imports(root)) == [
        "letterpress.render (render) reads letterpress.fonts.choose, beyond what it draws and embeds",
        "letterpress.review (review) imports render, which only the build runs"]

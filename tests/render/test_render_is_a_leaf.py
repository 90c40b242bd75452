"""render is a leaf of the pipeline: it reads what the stages before it made, and nothing else.

Read from the source (every import statement, those inside functions too), so a new import that
breaks the rule fails here, whether or not a test happens to run it.
"""
from __future__ import annotations

import ast
from pathlib import Path

import letterpress

PACKAGE = Path(letterpress.__file__).parent
# What render may read: the data it draws (typeset pages of layout lines of glyph runs, the text
# model they carry), the faces it embeds (their font bytes and metrics), the cache mechanism, and
# the error type. Not fonts' choosing, preparing or index, and no stage after it (sign, record,
# build, review) nor the shell around them (api, cli, commands).
ALLOWED = {"letterpress.cache", "letterpress.cache.store", "letterpress.errors", "letterpress.fonts.face",
           "letterpress.layout.types", "letterpress.text", "letterpress.typeset.page"}
# Who may import render: the build that runs it (and its worker set-up).
IMPORTERS = {"letterpress.build"}


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The letterpress modules ``path`` imports, absolute."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            # `from . import x` and `from ..cache import Memo`: the module, or a submodule named x
            found |= {base} | {f"{base}.{alias.name}" for alias in node.names
                               if (PACKAGE.parent / f"{base}.{alias.name}".replace(".", "/")).with_suffix(".py").exists()}
    return {name for name in found if name == "letterpress" or name.startswith("letterpress.")}


def test_render_reads_only_the_stages_before_it():
    outside = {}
    for path in sorted((PACKAGE / "render").rglob("*.py")):
        wrong = {name for name in _imports(path) if not name.startswith("letterpress.render") and name not in ALLOWED}
        if wrong:
            outside[str(path.relative_to(PACKAGE))] = sorted(wrong)
    assert not outside, f"render imports outside what it may read: {outside}"


def test_only_the_build_imports_render():
    importers = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module(path)
        if module.startswith("letterpress.render"):
            continue
        if any(name == "letterpress.render" or name.startswith("letterpress.render.") for name in _imports(path)):
            importers.add(module)
    assert {module for module in importers if not any(module == allowed or module.startswith(allowed + ".")
                                                      for allowed in IMPORTERS)} == set()
    assert importers, "the build no longer imports render: this test reads imports wrongly"

"""Every public item of ``letterpress/`` says what it is: each module, and each class, function and
method whose name does not start with ``_``, has a docstring.

Read from the source with ``ast``, so a module no test imports is checked too.  Public means a
module-level class or function, or a method of a module-level class; functions nested in others
are private to them.

One exception, by rule: in ``letterpress/commands/``, a command module's ``register(subparsers)``
and ``run(args)`` are the protocol :func:`letterpress.cli.make_parser` calls (described in
``commands/__init__.py``), and what they do is what the module's own docstring says the command
does; they are documented by it, and a command module without a docstring fails here.
"""
from __future__ import annotations

import ast
from pathlib import Path

import letterpress

PACKAGE = Path(letterpress.__file__).parent
COMMAND_PROTOCOL = {"register", "run"}

_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def undocumented(path: Path, package: Path = PACKAGE) -> list[str]:
    """``file:line name`` for each public item of one module that has no docstring."""
    tree = ast.parse(path.read_text("utf-8"))
    name = path.relative_to(package.parent).as_posix()
    command_module = path.parent == package / "commands" and not path.name.startswith("_")
    found = [] if ast.get_docstring(tree) else [f"{name}: the module"]
    for node in tree.body:
        if not isinstance(node, _DEFS) or node.name.startswith("_"):
            continue
        exempt = command_module and node.name in COMMAND_PROTOCOL and isinstance(node, ast.FunctionDef)
        if not exempt and not ast.get_docstring(node):
            found.append(f"{name}:{node.lineno} {node.name}")
        if isinstance(node, ast.ClassDef):
            for member in node.body:
                if (isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)) and not member.name.startswith("_")
                        and not ast.get_docstring(member)):
                    found.append(f"{name}:{member.lineno} {node.name}.{member.name}")
    return found


def test_every_public_item_has_a_docstring():
    missing = [item for path in sorted(PACKAGE.rglob("*.py")) for item in undocumented(path)]
    assert not missing, "public items without a docstring (say what it is, and why where useful):\n  " + \
        "\n  ".join(missing)


def test_the_check_finds_what_lacks_a_docstring(tmp_path):
    # the check itself, on a module written to fail it in every way it can
    package = tmp_path / "letterpress"
    (package / "commands").mkdir(parents=True)
    (package / "commands" / "demo.py").write_text(
        '"""``letterpress demo``."""\ndef register(subparsers):\n    pass\ndef run(args):\n    return 0\n'
        "def helper():\n    pass\n")
    (package / "shapes.py").write_text(
        "class Box:\n    def area(self):\n        return 0\n    def _hidden(self):\n        pass\n"
        "def _private():\n    pass\ndef register():\n    pass\n")
    assert undocumented(package / "commands" / "demo.py", package) == ["letterpress/commands/demo.py:6 helper"]
    assert undocumented(package / "shapes.py", package) == [
        "letterpress/shapes.py: the module", "letterpress/shapes.py:1 Box", "letterpress/shapes.py:2 Box.area",
        "letterpress/shapes.py:8 register"]

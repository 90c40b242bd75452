"""The subcommands of ``letterpress``, one module each (modules starting with ``_`` are helpers).

Each command module has two functions, documented by the module's own docstring: ``register(subparsers)``
adds the command's parser, and ``run(args)`` carries it out and returns the exit code.
:func:`letterpress.cli.make_parser` finds them in :data:`COMMANDS`.
"""
from __future__ import annotations

import argparse
from pathlib import Path

# Every command, in the order `letterpress --help` lists them, with the line it shows for each
# (each module's register() passes its own as help=). They are spelled here, not read from the
# modules, so that a run imports only the module of the command it runs.
COMMANDS = {
    "build": "typeset every copy of a letter project into PDFs",
    "check": "validate a letter project without writing anything",
    "watch": "rebuild the affected copies whenever a project file is saved",
    "review": "a review sheet of a build: every copy side by side, and what changed since another",
    "new": "create a new letter project to fill in",
    "fonts": "show the faces chosen for each language, and why",
    "verify": "validate the signatures of signed PDFs",
    "proof": "render PDF pages to PNG images for review",
    "manifest": "work with build manifests",
}


def path_argument(text: str) -> Path:
    """The ``type=`` of every file or folder argument: an empty one (``-o "$OUT"`` with OUT unset)
    is bad usage, not the current folder (``Path("")`` is ``.``: a build would write its PDFs there)."""
    if not text:
        raise argparse.ArgumentTypeError("an empty path: give a file or folder name (. for the current folder)")
    return Path(text)

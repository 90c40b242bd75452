"""The subcommands of ``letterpress``, one module each (modules starting with ``_`` are helpers).

Each command module has two functions, documented by the module's own docstring: ``register(subparsers)``
adds the command's parser, and ``run(args)`` carries it out and returns the exit code.
:func:`letterpress.cli.make_parser` finds them.
"""

"""Progress for batch commands: a rich progress bar on a terminal, plain lines otherwise."""
from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..api import BuiltFile


class BuildProgress:
    """The progress of a build: a transient rich bar with one line per file on a terminal, plain lines otherwise.

    A context manager; ``quiet`` prints nothing.  Its :meth:`start` and :meth:`copy_done` are the
    ``on_start`` and ``on_file`` callbacks of :meth:`letterpress.Project.build`.
    """

    def __init__(self, *, quiet: bool = False, stream=None):
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty() and not quiet
        self._progress = None
        self._task = None

    def __enter__(self) -> "BuildProgress":
        if self.interactive:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(TextColumn("[bold]letterpress[/bold] {task.description}"), BarColumn(),
                                      MofNCompleteColumn(), TimeElapsedColumn(),
                                      console=Console(file=self.stream), transient=True)
            self._progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)

    def start(self, total: int) -> None:
        """Begin the bar for ``total`` files (no-op off a terminal)."""
        if self._progress is not None:
            self._task = self._progress.add_task("building", total=total)

    def copy_done(self, built: BuiltFile) -> None:
        """Report one file written (pages and size) or left unchanged."""
        if self.quiet:
            return
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task)
            self._progress.console.print(f"  {built.file}  " + (
                "[dim]unchanged[/dim]" if built.unchanged else f"{built.pages} p, {built.bytes / 1024:.0f} KB"))
        else:
            state = "unchanged" if built.unchanged else f"{built.pages} p, {built.bytes / 1024:.0f} KB"
            print(f"  {built.file}  ({state})", file=self.stream, flush=True)

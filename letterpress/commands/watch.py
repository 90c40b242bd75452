"""``letterpress watch PROJECT -o OUT``: rebuild the copies a saved change affects, until stopped.

Built on :meth:`letterpress.Project.build`, so a rebuild writes only the copies whose printed
inputs changed: the manifest's fingerprints decide, as for ``build`` (an edit to ``body/ko.md``
rebuilds the Korean copies only). A mistake in the input is shown and the watch goes on,
waiting for the next save.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, NamedTuple

if TYPE_CHECKING:
    import threading

from . import COMMANDS
from ..errors import OUTPUT_ELSEWHERE
from .build import add_copy_options, font_dirs

# Editors' and letterpress's own scratch files: saving through them is one change, reported by the
# rename onto the real name.
_SCRATCH_SUFFIXES = (".part", ".swp", ".swx", ".tmp", "~")


def register(subparsers) -> None:
    parser = subparsers.add_parser("watch", help=COMMANDS["watch"],
                                   description="Build the project into OUT, then watch its files and rebuild the "
                                               "copies a change affects, one line per rebuild, until Ctrl-C.")
    add_copy_options(parser)
    parser.add_argument("--sort", action="store_true", help="signatories in each copy's alphabetical order")
    parser.add_argument("--show-windows", action="store_true", help="draw the envelope window outlines")
    parser.set_defaults(run=run, writes="output", elsewhere=OUTPUT_ELSEWHERE)


class Rebuild(NamedTuple):  # not a dataclass: every `letterpress` command imports this module
    """One round of the watch: what changed, and what the build did about it (or the error)."""

    changed: tuple[str, ...]  # project files, relative to the project folder; () for the first build
    written: tuple[str, ...] = ()
    unchanged: int = 0
    seconds: float = 0.0  # the build's own time
    latency: float | None = None  # from the newest saved file's modification time to the last PDF written
    error: str | None = None

    def line(self) -> str:
        """The round as one report line (several when it failed): time, what changed, what was rebuilt."""
        stamp = time.strftime("%H:%M:%S")
        what = ", ".join(self.changed[:3]) + (f" and {len(self.changed) - 3} more" if len(self.changed) > 3 else "")
        head = f"{stamp} {what or 'first build'}: "
        if self.error is not None:
            return head + f"not rebuilt:\n{self.error}\n  (waiting for the next save)"
        shown = ", ".join(self.written[:4]) + (f" +{len(self.written) - 4}" if len(self.written) > 4 else "")
        text = head + (f"{len(self.written)} rebuilt ({shown})" if self.written else "nothing to rebuild")
        text += f", {self.unchanged} unchanged, {self.seconds:.2f} s"
        if self.latency is not None and self.written:
            text += f"; written {self.latency:.2f} s after the save"
        return text


def watch(project_dir: Path, out: Path, *, report: Callable[[Rebuild], None], stop: threading.Event | None = None,
          recipients: Iterable[str] = (), languages: Iterable[str] = (), jobs: int = 0,
          extra_font_dirs: Iterable[Path] = (), sort_signatories: bool = False, show_windows: bool = False,
          ready: Callable[[], None] | None = None, cache_dir: Path | None = None) -> None:
    """Build, then rebuild on every change until ``stop`` is set (or Ctrl-C).

    ``report`` receives one :class:`Rebuild` per round; ``ready`` is called once the watcher is
    running after the first build, so a change made after it is seen.
    """
    import logging

    import watchfiles

    from ..api import load
    from ..errors import InputError

    logging.getLogger("watchfiles").setLevel(logging.ERROR)  # it logs each round and Ctrl-C; we report them
    project_dir = Path(project_dir)
    root = (project_dir if project_dir.is_dir() else project_dir.parent).resolve()
    out_dir = Path(out).resolve()
    wanted_languages = tuple(languages)

    def build(changed: tuple[str, ...], saved_at: float | None) -> None:
        started = time.perf_counter()
        try:
            project = load(project_dir, font_dirs=extra_font_dirs, languages=wanted_languages or None,
                           cache_dir=cache_dir)
            result = project.build(out_dir, recipients=tuple(recipients) or None, languages=wanted_languages or None,
                                   jobs=jobs, sort_signatories=sort_signatories, show_windows=show_windows)
        except InputError as error:
            report(Rebuild(changed, seconds=time.perf_counter() - started, error=str(error)))
            return
        done = time.time()
        written = tuple(f.file for f in result.written)
        report(Rebuild(changed, written, len(result.files) - len(written), time.perf_counter() - started,
                       latency=done - saved_at if saved_at is not None else None))

    def relevant(change: watchfiles.Change, path: str) -> bool:
        candidate = Path(path)
        if candidate.name.endswith(_SCRATCH_SUFFIXES) or candidate.name.startswith((".#", "~$")):
            return False
        return out_dir != candidate and out_dir not in candidate.parents

    # The first build is made in the watcher's first (empty) round, once it is already watching:
    # a save made during that build, or just after `ready`, is not missed.
    started = False
    for changes in watchfiles.watch(root, watch_filter=_Filter(relevant), stop_event=stop, yield_on_timeout=True,
                                    rust_timeout=200, debounce=1600, step=50, raise_interrupt=False):
        if not started:
            started = True
            build((), None)
            if ready is not None:
                ready()
        if not changes:
            continue
        # A file made and removed within one round is an editor's (or sed -i's) scratch copy.
        created = {Path(path) for change, path in changes if change == watchfiles.Change.added}
        paths = sorted(p for p in {Path(path) for _, path in changes} if p.exists() or p not in created)
        if not paths:
            continue
        changed = tuple(_relative(p, root) for p in paths)
        build(changed, _newest_mtime(paths))


class _Filter:
    """watchfiles' defaults (version control, caches, editor swap files) and ours."""

    def __init__(self, relevant: Callable[..., bool]) -> None:
        import watchfiles

        self._default = watchfiles.DefaultFilter()
        self._relevant = relevant

    def __call__(self, change, path: str) -> bool:
        return self._default(change, path) and self._relevant(change, path)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _newest_mtime(paths: list[Path]) -> float | None:
    times = []
    for path in paths:
        try:
            times.append(path.stat().st_mtime)
        except OSError:  # deleted
            continue
    return max(times) if times else None


def run(args: argparse.Namespace) -> int:
    if args.jobs < 0:
        from ..errors import UsageError

        raise UsageError("--jobs must be 0 (one per CPU) or more")

    def show(rebuild: Rebuild) -> None:
        print(rebuild.line(), file=sys.stderr if rebuild.error else sys.stdout, flush=True)

    import signal

    from .build import _terminate_as_interrupt

    signal.signal(signal.SIGTERM, _terminate_as_interrupt)  # stop as Ctrl-C does: after the file being written
    print(f"watching {args.project} (Ctrl-C to stop); PDFs in {args.output}", flush=True)
    try:
        watch(args.project, args.output, report=show, recipients=args.recipient, languages=args.language,
              jobs=args.jobs, extra_font_dirs=font_dirs(args), sort_signatories=args.sort,
              show_windows=args.show_windows, cache_dir=args.cache_dir)
    except KeyboardInterrupt:
        pass
    print("stopped", flush=True)
    return 0

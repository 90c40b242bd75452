"""Running a batch's tasks: in this process, or in a pool of forked workers that stream results back.

A worker builds files for one batch; its (read-only) batch state is set once by the initializer
and inherited through fork, so fonts are prepared once and never pickled per file.
"""
from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Callable

from ..cache import CacheContext
from ..cache import flush as flush_caches
from ..fonts.batch import BatchFonts
from ..model import Project
from .options import BuildOptions
from .plan import Task
from .products import CopyResult, write_task

_batch: tuple[Project, BatchFonts, BuildOptions] | None = None  # this worker's batch, set by _init_worker


def run_tasks(project: Project, fonts: BatchFonts, options: BuildOptions, tasks: list[tuple[Task, str]],
              done: Callable[[CopyResult], None]) -> None:
    """Write every (task, fingerprint) of ``tasks``, giving each result to ``done`` as it lands:
    here when one job is enough, otherwise in a pool of ``options.jobs`` workers (0: one per CPU)."""
    jobs = _jobs(options.jobs, len(tasks))
    if jobs == 1:
        for task, fingerprint in tasks:
            done(write_task(project, task, fonts, options, fingerprint))
    else:
        _run_pool(project, fonts, options, tasks, jobs, done)


def _init_worker(project: Project, fonts: BatchFonts, options: BuildOptions) -> None:
    global _batch
    _batch = (project, fonts, options)
    CacheContext(options.cache_dir).activate()  # the build's cache folder (a forked worker has it already)
    _die_with_parent()


def _die_with_parent() -> None:
    """End this worker when the build that started it is gone (killed with SIGKILL, say, which no
    handler sees): a thread watches the parent's pid, so no worker lives on holding the caches."""
    import threading

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, name="letterpress-parent-watch", daemon=True).start()


def _work(chunk: list[tuple[Task, str]]) -> list[CopyResult]:
    assert _batch is not None, "worker not initialised"
    project, fonts, options = _batch
    return [write_task(project, task, fonts, options, fingerprint)
            for task, fingerprint in chunk]


def _chunks(tasks: list[tuple[Task, str]], jobs: int) -> list[list[tuple[Task, str]]]:
    """Copies grouped by language, so each worker sets a language's paragraphs once and reuses them;
    groups are cut into chunks small enough to keep results streaming and the workers balanced."""
    by_language: dict[str, list[tuple[Task, str]]] = {}
    for item in tasks:
        by_language.setdefault(item[0].language, []).append(item)
    size = max(1, min(10, -(-len(tasks) // (jobs * 2))))
    return [group[i:i + size] for group in by_language.values() for i in range(0, len(group), size)]


def _jobs(requested: int, tasks: int) -> int:
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(requested or available, tasks))


@contextlib.contextmanager
def fewer_collections():
    """Run the cyclic garbage collector less often while a batch is built, then as before.

    Layout makes tens of thousands of small objects per letter (clusters, boxes, glyph runs),
    nearly all freed by reference counting; at CPython's default threshold (700 allocations) the
    collector ran so often that it took a large share of layout time (benchmarks/layout_paragraphs.py
    measures both thresholds). Cycles are still collected, every 50,000 allocations.
    """
    saved = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def _run_pool(project: Project, fonts: BatchFonts, options: BuildOptions, tasks: list[tuple[Task, str]], jobs: int,
              done: Callable[[CopyResult], None]) -> None:
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    flush_caches()  # what the checks cached here is written once, not by every worker
    import letterpress.render  # noqa: F401  (imported once, here, and inherited by every worker)
    # What the workers inherit (project, fonts) lives for the whole batch: kept out of every
    # collection, so the collector neither scans it nor writes to (and so copies) its pages.
    gc.freeze()
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                               initargs=(project, fonts, options))
    pending: set = set()
    try:
        # Keep a bounded number of chunks in flight: results stream, memory stays flat.
        for chunk in _chunks(tasks, jobs):
            pending.add(pool.submit(_work, chunk))
            if len(pending) >= jobs * 3:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    for result in future.result():
                        done(result)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                for result in future.result():
                    done(result)
    except BaseException:
        # Interrupted or failed: start nothing new, let running copies finish (each is written
        # atomically) and record those that did, so the manifest matches the folder.
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        for future in pending:
            if future.done() and not future.cancelled() and future.exception() is None:
                for result in future.result():
                    done(result)
        raise
    finally:
        pool.shutdown(wait=True)
        gc.unfreeze()

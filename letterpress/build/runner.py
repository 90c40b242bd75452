"""Writing a batch's files: in this process, or in a pool of forked workers that stream results back.

A worker writes files for one batch; its (read-only) ``Batch`` (the project, the prepared fonts,
the composed copies) is set once by the initializer and inherited through fork, so fonts are
prepared and copies composed once, and nothing is pickled per file.
"""
from __future__ import annotations

import contextlib
import gc
import os
import time
from typing import Callable

from ..cache import flush as flush_caches
from .products import Batch, CopyResult, Product, write_product

Work = list[tuple[Product, str]]  # files to write, each with its fingerprint
_batch: Batch | None = None  # this worker's batch, set by _init_worker


def write_all(batch: Batch, work: Work, done: Callable[[CopyResult], None]) -> None:
    """Write every (product, fingerprint) of ``work``, giving each result to ``done`` as it lands:
    here when one job is enough, otherwise in a pool of ``options.jobs`` workers (0: one per CPU)."""
    jobs = _jobs(batch.options.jobs, len(work))
    if jobs == 1:
        for product, fingerprint in work:
            done(write_product(batch, product, fingerprint))
    else:
        _run_pool(batch, work, jobs, done)


def _init_worker(batch: Batch) -> None:
    global _batch
    _batch = batch
    # the stages get batch.cache as an argument; this is for the memoized lookups no caller passes
    # it to (see CacheContext). A forked worker has it active already; a spawned one needs this.
    batch.cache.activate()
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


def _work(chunk: Work) -> list[CopyResult]:
    assert _batch is not None, "worker not initialised"
    return [write_product(_batch, product, fingerprint) for product, fingerprint in chunk]


def _chunks(work: Work, jobs: int) -> list[Work]:
    """Files grouped by (their first copy's) language, so each worker sets a language's paragraphs
    once and reuses them; groups are cut into chunks small enough to keep results streaming and the
    workers balanced."""
    by_language: dict[str, Work] = {}
    for item in work:
        copies = item[0].copies
        by_language.setdefault(copies[0].language if copies else "", []).append(item)
    size = max(1, min(10, -(-len(work) // (jobs * 2))))
    return [group[i:i + size] for group in by_language.values() for i in range(0, len(group), size)]


def _jobs(requested: int, files: int) -> int:
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(requested or available, files))


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


def _run_pool(batch: Batch, work: Work, jobs: int, done: Callable[[CopyResult], None]) -> None:
    # imported here: a batch written in this process (one file, --jobs 1, `check`) needs no pool
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    flush_caches()  # what the checks cached here is written once, not by every worker
    import letterpress.render  # noqa: F401  (imported once, here, and inherited by every worker)
    # What the workers inherit (project, fonts, composed copies) lives for the whole batch: kept out of every
    # collection, so the collector neither scans it nor writes to (and so copies) its pages.
    gc.freeze()
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                               initargs=(batch,))
    pending: set = set()
    try:
        # Keep a bounded number of chunks in flight: results stream, memory stays flat.
        for chunk in _chunks(work, jobs):
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

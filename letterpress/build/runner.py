"""Writing a batch's files: in this process, or in a pool of forked workers that stream results back.

A worker writes files for one batch; its (read-only) ``Batch`` (the project, the prepared fonts,
the composed copies) and the batch's chunks of work are inherited through fork, so fonts are
prepared and copies composed once; a worker is sent a chunk's number and sends back each file's record.
"""
from __future__ import annotations

import collections
import contextlib
import gc
import os
import signal
import time
from typing import Callable

from .. import RUN_COLLECTIONS
from ..cache import flush as flush_caches
from .products import Batch, CopyResult, Product, write_product

Work = list[tuple[Product, str]]  # files to write, each with its fingerprint


def write_all(batch: Batch, work: Work, done: Callable[[CopyResult], None]) -> None:
    """Write every (product, fingerprint) of ``work``, giving each result to ``done`` as it lands:
    here when one job is enough, otherwise in a pool of ``options.jobs`` workers (0: one per CPU)."""
    jobs = _jobs(batch.options.jobs, len(work))
    if jobs == 1 or not hasattr(os, "fork"):  # no fork (Windows): the workers could not inherit the batch
        for product, fingerprint in work:
            with _signals_held():  # an interrupt waits for the file to land and be recorded
                done(write_product(batch, product, fingerprint))
    else:
        _run_pool(batch, work, jobs, done)


def _init_worker(batch: Batch) -> None:
    # the stages get batch.cache as an argument; this is for the memoized lookups no caller passes
    # it to (see CacheContext). A forked worker has it active already: this says so where it is relied on.
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

    # started with SIGINT and SIGTERM held, and so holding them for good: a signal goes to a thread that
    # does not hold it, and Python would raise its KeyboardInterrupt in the main thread even while held there
    with _signals_held():
        threading.Thread(target=watch, name="letterpress-parent-watch", daemon=True).start()


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
    """Run the cyclic garbage collector at a run's pace (:data:`letterpress.RUN_COLLECTIONS`) while a
    batch is built, then as before: layout makes tens of thousands of small objects per letter
    (clusters, boxes, glyph runs), nearly all freed by reference counting."""
    saved = gc.get_threshold()
    gc.set_threshold(*RUN_COLLECTIONS)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def _run_pool(batch: Batch, work: Work, jobs: int, done: Callable[[CopyResult], None]) -> None:
    # Workers forked by hand, not a concurrent.futures pool: they inherit the batch and every chunk, so a
    # chunk's number is all they are sent, and the build needs none of the executor's modules
    # (concurrent.futures, logging, multiprocessing's queues and their threads).
    flush_caches()  # what the checks cached here is written once, not by every worker
    import letterpress.render  # noqa: F401  (imported once, here, and inherited by every worker)

    chunks = _chunks(work, jobs)
    todo = list(reversed(range(len(chunks))))  # chunk numbers, the next one last
    # What the workers inherit (project, fonts, composed copies) lives for the whole batch: kept out of every
    # collection, so the collector neither scans it nor writes to (and so copies) its pages.
    gc.freeze()
    workers: list[_Worker] = []
    try:
        for _ in range(min(jobs, len(chunks))):
            workers.append(_fork_worker(batch, chunks, workers))
        try:
            _collect(workers, todo, done, failures=True)
        except BaseException:
            # Interrupted or failed: start nothing new, let running chunks finish (each file is written
            # atomically) and record every file that lands, so the manifest matches the folder.
            todo.clear()
            try:
                _collect(workers, todo, done, failures=False)
            except BaseException:  # interrupted again: stop the workers now (none leaves a partial file)
                for worker in workers:
                    worker.stop()
            raise
    finally:
        for worker in workers:
            worker.close()
        gc.unfreeze()


def _collect(workers: list[_Worker], todo: list[int], done: Callable[[CopyResult], None], failures: bool) -> None:
    """Give the workers chunks from ``todo`` and record each file's result as it lands, until every
    chunk given is done. The first failure in a worker is raised (when ``failures``) once no chunk is
    handed out any more; a worker that ends in the middle of a chunk is one."""
    import selectors

    failure: BaseException | None = None
    with selectors.DefaultSelector() as selector:
        for worker in workers:
            if worker.pid:
                selector.register(worker.results, selectors.EVENT_READ, worker)
        ready: list = []
        while True:
            with _signals_held():
                for key, _ in ready:
                    key.data.receive()
                for worker in workers:
                    while worker.inbox:  # taken one at a time: if done() raises, the rest wait for the next call
                        kind, value = worker.inbox.popleft()
                        if kind == "file":
                            done(value)
                        elif kind == "chunk done":
                            worker.busy = False
                        elif kind == "failed":
                            worker.busy = False
                            error, where = value
                            error.__cause__ = _WorkerTraceback(where)
                            failure = failure or error
                        elif kind == "ended":
                            with contextlib.suppress(KeyError):  # (read by an earlier call)
                                selector.unregister(worker.results)
                            if worker.busy:
                                worker.busy = False
                                failure = failure or RuntimeError(
                                    f"a worker process ended before its files were written (exit status {value})")
                    if worker.pid and not worker.busy and todo and not (failures and failure):
                        worker.give(todo.pop())
            if failures and failure is not None:
                raise failure
            if not any(worker.busy for worker in workers):
                return
            ready = selector.select()


@contextlib.contextmanager
def _signals_held():
    """SIGINT and SIGTERM wait (while a file is written and reported, while the workers' messages are
    read and recorded): the interrupt their handlers raise never falls between a file landing and its
    record, so the manifest lists exactly the complete files."""
    if not hasattr(signal, "pthread_sigmask"):  # (Windows)
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


class _WorkerTraceback(Exception):
    """Where in a worker its failure was raised: the cause of the error raised here (``--debug`` shows it)."""

    def __str__(self) -> str:
        return f"\n{self.args[0]}"


class _Worker:
    """A forked worker as the build sees it: chunk numbers go to it through one pipe, and messages come
    back through another (each file's result as it lands, the end of a chunk, or its failure)."""

    def __init__(self, pid: int, tasks: int, results: int) -> None:
        self.pid = pid  # 0 once it has ended
        self.tasks = tasks
        self.results = results
        self.busy = False  # writing a chunk
        self.received = bytearray()  # what it sent that is not a whole message yet
        self.inbox: collections.deque[tuple[str, object]] = collections.deque()  # whole messages not yet taken
        self.status = 0

    def give(self, chunk: int) -> None:
        self.busy = True
        with contextlib.suppress(BrokenPipeError):  # it has ended: its results' end says so, as "ended"
            _write(self.tasks, chunk.to_bytes(4, "big"))

    def receive(self) -> None:
        """Read what it sent (it has something to read) into ``inbox``, each message whole; ("ended",
        its exit status) when it has gone."""
        import pickle

        data = os.read(self.results, 1 << 16)
        if not data:
            self.inbox.append(("ended", self.reap()))
            return
        self.received += data
        while len(self.received) >= 4 and len(self.received) >= 4 + (size := int.from_bytes(self.received[:4], "big")):
            self.inbox.append(pickle.loads(self.received[4:4 + size]))
            del self.received[:4 + size]

    def stop(self) -> None:
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGTERM)

    def reap(self) -> int:
        """Its exit status, waiting for it to end."""
        if self.pid:
            _, status = os.waitpid(self.pid, 0)
            self.pid, self.status = 0, os.waitstatus_to_exitcode(status)
        return self.status

    def close(self) -> None:
        """End it: with its pipe closed there is no chunk more to read, and it exits."""
        for fd in (self.tasks, self.results):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.reap()


def _fork_worker(batch: Batch, chunks: list[Work], others: list[_Worker]) -> _Worker:
    task_read, task_write = os.pipe()
    result_read, result_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: it never returns, and leaves without running the build's exit handlers
        code = 1
        try:
            for fd in (task_write, result_read, *(fd for other in others for fd in (other.tasks, other.results))):
                os.close(fd)
            _init_worker(batch)
            _serve(batch, chunks, task_read, result_write)
            code = 0
        finally:
            os._exit(code)
    os.close(task_read)
    os.close(result_write)
    return _Worker(pid, task_write, result_read)


def _serve(batch: Batch, chunks: list[Work], tasks: int, results: int) -> None:
    """In a worker: write the chunks the build asks for, sending each file's result as it lands,
    until the build closes the pipe (or is gone)."""
    import pickle

    def send(message: tuple[str, object]) -> None:
        data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
        _write(results, len(data).to_bytes(4, "big") + data)

    while len(number := _read(tasks, 4)) == 4:
        try:
            for product, fingerprint in chunks[int.from_bytes(number, "big")]:
                # Ctrl-C reaches the workers too: it waits for the file to land and be reported
                with _signals_held():
                    send(("file", write_product(batch, product, fingerprint)))
        except BaseException as error:  # the build raises it, as if it had been raised there
            send(("failed", _portable(error)))
        else:
            send(("chunk done", None))


def _portable(error: BaseException) -> tuple[BaseException, str]:
    """``error`` as the build can receive it (itself when it pickles, else an error naming it), with
    the traceback where it was raised."""
    import pickle
    import traceback

    where = "".join(traceback.format_exception(error))
    try:
        pickle.loads(pickle.dumps(error, pickle.HIGHEST_PROTOCOL))
    except Exception:
        error = RuntimeError(f"{type(error).__name__}: {error}")
    return error, where


def _read(fd: int, size: int) -> bytes:
    """``size`` bytes from ``fd``, fewer only at its end."""
    data = b""
    while len(data) < size and (more := os.read(fd, size - len(data))):
        data += more
    return data


def _write(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]

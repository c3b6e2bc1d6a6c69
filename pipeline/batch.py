"""Many releases on all cores: worker processes that each keep one warm `Converter`.

Why processes and not threads: layout and PDF writing are pure-Python WeasyPrint work
that holds the GIL, so only processes scale. Why a long-lived `Converter` per worker:
WeasyPrint's `FontConfiguration` and each brand's parsed CSS cost more than laying out
a one-page release, so a worker builds them once (in the pool initializer) and reuses
them for every release it is handed.

The parent only schedules and collects: this module imports nothing heavy (no
WeasyPrint, no lxml), never renders, and receives small picklable records back, not
PDFs. Work goes out in chunks (fewer round trips) ordered largest file first, so the
long releases start early and the short ones fill the gaps at the end (longest
processing time first scheduling); results are returned in input order.

Workers are started with the "spawn" method: the parent may be a watcher running
threads (watchdog), and forking a threaded process can deadlock; the import cost a
spawned worker pays is the same one a forked worker would pay anyway, because the parent
never imported WeasyPrint.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .budget import DEFAULT_BUDGET
from .budget import HINT as BUDGET_HINT
from .budget import reason as budget_reason
from .errors import shown

DEFAULT_FORMATS = ("html", "pdf", "xml", "json")


@dataclass(frozen=True)
class Converted:
    """One release that made it: where it went and how long each stage took."""

    source: Path
    folder: Path
    outputs: tuple[Path, ...]
    brand: str
    timings: dict[str, float]
    worker: int
    peak_rss_mb: float
    cpu_seconds: float = 0.0
    review_note: str = ""  # " (needs review: …)" when a person must look before it is sent

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())


@dataclass(frozen=True)
class Failed:
    """One release that did not: the same one line the sequential CLI prints.

    A plain record rather than the `PressroomError` itself, because exceptions with
    extra constructor arguments do not survive pickling back to the parent.
    """

    source: Path
    stage: str
    message: str


@dataclass
class BatchReport:
    results: list[Converted] = field(default_factory=list)
    errors: list[Failed] = field(default_factory=list)
    wall_seconds: float = 0.0
    workers: int = 1

    @property
    def ok(self) -> bool:
        return not self.errors


Outcome = Converted | Failed

# --------------------------------------------------------------------------- worker side

_CONVERTER: Any = None


def _init_worker(output_dir: str, formats: tuple[str, ...], brand: str | None, pdf_variant: str,
                 styles_dir: str | None, ready: Any, board: Any = None) -> None:
    """Build this worker's one `Converter`; when asked (`ready`), pay first-use costs now."""
    global _CONVERTER
    from . import budget
    from .convert import Converter

    budget.attach(board)
    _CONVERTER = Converter(Path(output_dir), formats, brand=brand, pdf_variant=pdf_variant,
                           styles_dir=Path(styles_dir) if styles_dir else None)
    if ready is not None or board is not None:  # under a time budget, a file's clock must not pay the start-up
        try:
            warm_up(_CONVERTER)
        finally:
            if ready is not None:
                ready.release()  # never leave the parent waiting, even if warming failed


def warm_up(converter: Any) -> None:
    """Load fonts, the brand CSS and WeasyPrint's lazy modules by laying out a stub release.

    Nothing is written. Without this, the first release each worker gets pays ~0.5 s of
    one-off costs, which muddles per-release timings in a benchmark.
    """
    from .errors import PressroomError
    from .htmlwriter import render_html
    from .model import Paragraph, Release

    release = Release(headline="Warm-up", language="en", body=[Paragraph("Warm-up paragraph.", lead=True)])
    from .reader import read_release

    read_release(b"Warm-up headline for a new worker\n\nSTOCKHOLM - The parser's language data loads now.\n",
                 "warm-up.txt")
    try:
        if converter.brand_name:
            brands = [converter._brand(converter.brand_name)]
        else:
            # Releases are matched to brands by organization, so any brand may come up: build
            # every brand's renderer now rather than on a release's clock.
            from .brand import list_brands

            brands = [converter._brands.setdefault(b.name, b) for b in list_brands(converter.styles_dir)]
    except PressroomError:
        return  # a broken brand folder is reported by the releases that need it, one line each
    for brand in brands:
        html = render_html(release, brand)
        if "pdf" in converter.formats:
            converter.renderer(brand).layout(html, release)


def _peak_rss_mb() -> float:
    """This process's own peak resident memory (MB).

    `VmHWM` rather than `getrusage().ru_maxrss`: Linux carries `ru_maxrss` over `execve`,
    so a spawned worker would report its (bigger) parent's peak, not its own.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:  # pragma: no cover - not Linux
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _convert_one(path: Path) -> Outcome:
    from . import budget
    from .confirm import review_note
    from .errors import PressroomError, environment_error

    cpu = time.process_time()
    budget.begin(str(path))
    try:
        result = _CONVERTER.convert_file(path)
    except PressroomError as exc:
        return Failed(path, exc.stage, exc.with_path(exc.path or str(path)).one_line())
    except OSError as exc:  # the machine's trouble (disk full, read-only), not the release's
        err = environment_error(exc, exc.filename or _CONVERTER.output_dir).with_path(str(path))
        return Failed(path, err.stage, err.one_line())
    except Exception as exc:  # a bug must not take the other releases of the batch down with it
        return Failed(path, "internal", f"{shown(path)}: [internal] {type(exc).__name__}: {exc}")
    finally:
        budget.end()
    return Converted(path, result.folder, tuple(result.outputs), result.brand, dict(result.timings),
                     os.getpid(), _peak_rss_mb(), time.process_time() - cpu, review_note(result.release))


def _convert_chunk(paths: list[Path]) -> list[Outcome]:
    return [_convert_one(p) for p in paths]


# --------------------------------------------------------------------------- parent side


def default_workers() -> int:
    """All the cores this process may use (cgroup/affinity aware where the OS says so)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # pragma: no cover - not Linux
        return max(os.cpu_count() or 1, 1)


def default_chunksize(n_items: int, workers: int) -> int:
    """About eight chunks per worker: few round trips, yet a balanced tail."""
    return max(1, min(16, n_items // (workers * 8)))


def _by_size_desc(paths: Sequence[Path]) -> list[int]:
    def size(i: int) -> int:
        try:
            return paths[i].stat().st_size
        except OSError:
            return 0  # the worker reports the read error

    return sorted(range(len(paths)), key=lambda i: (-size(i), i))


class BatchConverter:
    """A pool of converter processes, reusable across batches.

    Use as a context manager; `convert` may be called many times. Starting the pool
    costs each worker an interpreter, WeasyPrint's import, fonts and the brand CSS
    (~0.6 s here), which is why a long-running caller (a watcher) should keep one pool
    rather than call `convert_many` per file. `warm=True` pays all of that up front, in
    every worker, before the constructor returns — so the first releases are not slower
    than the rest and a benchmark can time the batch apart from the start-up.
    """

    def __init__(self, output_dir: Path, *, workers: int | None = None,
                 formats: tuple[str, ...] = DEFAULT_FORMATS, brand: str | None = None,
                 pdf_variant: str = "pdf/a-3b", styles_dir: Path | None = None, warm: bool = False,
                 start_method: str = "spawn", time_budget: float = DEFAULT_BUDGET):
        from .budget import Board

        self.workers = workers or default_workers()
        start = time.perf_counter()
        context = multiprocessing.get_context(start_method)
        ready = context.Semaphore(0) if warm else None
        self.board = Board(context, time_budget)
        self._context = context
        self._initargs = (str(output_dir), tuple(formats), brand, pdf_variant,
                          str(styles_dir) if styles_dir else None, None, self.board.queue)
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=context, initializer=_init_worker,
            initargs=(*self._initargs[:5], ready, self.board.queue))
        if ready is not None:
            # The pool spawns a worker per submitted task while none is idle, so this starts
            # all of them; each releases `ready` once warm, and only then is the pool "up".
            for fut in [self._pool.submit(os.getpid) for _ in range(self.workers)]:
                fut.result()
            for _ in range(self.workers):
                if not ready.acquire(timeout=600):
                    self._pool.shutdown(wait=False, cancel_futures=True)
                    raise RuntimeError("the converter workers did not start within 10 minutes")
        self.start_seconds = time.perf_counter() - start

    def __enter__(self) -> BatchConverter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _replace_pool(self) -> None:
        """A worker was stopped (over budget) or died: the pool is broken; start a fresh one."""
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=self._context,
                                         initializer=_init_worker, initargs=self._initargs)

    def convert(self, paths: Iterable[Path], *, chunksize: int | None = None,
                on_result: Callable[[Outcome], None] | None = None) -> BatchReport:
        """Convert every path; `on_result` sees each outcome as it arrives (any order).

        A file that fails is reported and the batch goes on; a worker that dies (killed,
        out of memory) fails the releases it was holding, not the batch. A file over the time
        budget fails with that reason; its worker is killed and replaced, and the other files
        its death interrupted are converted again (once).
        """
        paths = [Path(p) for p in paths]
        report = BatchReport(workers=self.workers)
        if not paths:
            return report
        size = chunksize or default_chunksize(len(paths), self.workers)
        order = _by_size_desc(paths)
        chunks = [order[i:i + size] for i in range(0, len(order), size)]
        start = time.perf_counter()
        outcomes: list[Outcome | None] = [None] * len(paths)
        futures: dict[Future[list[Outcome]], list[int]] = {}
        pending = list(chunks)
        retried: set[int] = set()

        def settle(i: int, outcome: Outcome) -> None:
            if outcomes[i] is None:
                outcomes[i] = outcome
                if on_result is not None:
                    on_result(outcome)

        while pending or futures:
            for chunk in pending:
                try:
                    futures[self._pool.submit(_convert_chunk, [paths[i] for i in chunk])] = chunk
                except BrokenProcessPool:
                    self._replace_pool()
                    futures[self._pool.submit(_convert_chunk, [paths[i] for i in chunk])] = chunk
            pending = []
            done, _ = wait(futures, timeout=0.2, return_when=FIRST_COMPLETED)
            killed = False
            for job in self.board.overdue():
                i = next((k for k, p in enumerate(paths) if str(p) == job.key), None)
                self.board.kill(job)
                killed = True
                if i is not None:
                    settle(i, Failed(paths[i], job.stage, f"{shown(paths[i])}: [{job.stage}] "
                                     f"{budget_reason(self.board.budget, job.seconds)} ({BUDGET_HINT})"))
            if killed:
                done, _ = wait(futures, timeout=30, return_when=ALL_COMPLETED) if futures else (set(), set())
            broken = False
            for fut in done:
                chunk = futures.pop(fut)
                try:
                    results: list[Outcome] = fut.result()
                except BrokenProcessPool as exc:
                    broken = True
                    for i in chunk:
                        if outcomes[i] is not None:
                            continue
                        if killed and i not in retried:  # interrupted by our stopping a neighbour: again
                            retried.add(i)
                            pending.append([i])
                        else:
                            settle(i, Failed(paths[i], "worker",
                                             f"{shown(paths[i])}: [worker] a worker process died ({exc})"))
                    continue
                for i, outcome in zip(chunk, results, strict=True):
                    settle(i, outcome)
            if broken or killed:
                self._replace_pool()
        report.wall_seconds = time.perf_counter() - start
        for outcome in outcomes:
            if isinstance(outcome, Converted):
                report.results.append(outcome)
            elif outcome is not None:
                report.errors.append(outcome)
        return report


def convert_many(paths: Iterable[Path], output_dir: Path, *, workers: int | None = None,
                 chunksize: int | None = None, formats: tuple[str, ...] = DEFAULT_FORMATS,
                 brand: str | None = None, pdf_variant: str = "pdf/a-3b", styles_dir: Path | None = None,
                 on_result: Callable[[Outcome], None] | None = None,
                 time_budget: float = DEFAULT_BUDGET) -> BatchReport:
    """Convert a batch on `workers` processes (default: all cores) and report every outcome.

    Never raises for a bad release: each one is a `Failed` in `report.errors`, in input
    order, with the same one-line message the sequential `pressroom convert` prints.
    """
    paths = [Path(p) for p in paths]
    workers = max(1, min(workers or default_workers(), len(paths) or 1))
    start = time.perf_counter()
    with BatchConverter(output_dir, workers=workers, formats=formats, brand=brand, pdf_variant=pdf_variant,
                        styles_dir=styles_dir, time_budget=time_budget) as pool:
        report = pool.convert(paths, chunksize=chunksize, on_result=on_result)
    report.wall_seconds = time.perf_counter() - start
    return report

"""Latency of `pressroom watch`: from a drop into input/ to `release.pdf` visible in output/.

Starts a real watcher (inotify, warm workers) on temporary folders, drops one-page
releases one at a time (each waits for the previous PDF, so this measures latency, not
throughput) and reports the median and 95th percentile over the drops. Two ways to drop:

* `rename` — write a hidden temporary file, then rename it into input/ (what `rsync`,
  most upload tools and a careful script do): taken at once, no settle wait.
* `write`  — write the file in place (what a person's copy does): taken only after the
  settle interval (`--settle`, default 0.5 s) of unchanged size and mtime.

    .venv/bin/python benchmarks/watch_latency.py               # 50 drops of each kind
    .venv/bin/python benchmarks/watch_latency.py --drops 20 --modes rename --json
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000-sv-hallbara-stader.txt"
HEADLINE = "Hållbara städer - Stockholmsregionens nästa exportprodukt"


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (no interpolation: a reported p95 is a latency that happened)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def wait(predicate: Callable[[], object], timeout: float, what: str, interval: float = 0.002) -> object:
    deadline = time.monotonic() + timeout
    while not (value := predicate()):
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(interval)
    return value


def pdf_folders(out: Path) -> set[str]:
    try:
        return {e.name for e in os.scandir(out) if not e.name.startswith(".") and os.path.exists(
            os.path.join(e.path, "release.pdf"))}
    except FileNotFoundError:
        return set()


def run(mode: str, drops: int, workers: int, settle: float | None, formats: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="pressroom-latency-") as tmp:
        inp, out = Path(tmp) / "input", Path(tmp) / "output"
        inp.mkdir()
        log_path = Path(tmp) / "watch.log"
        cmd = [sys.executable, "-m", "pipeline", "watch", str(inp), "-o", str(out), "--workers", str(workers),
               "--formats", formats]
        if settle is not None:
            cmd += ["--settle", str(settle)]
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
            try:
                wait(lambda: log_path.read_text().count("worker-ready") >= workers, 120,
                     "the watcher to start", interval=0.05)
                seed = SEED.read_text(encoding="utf-8")
                latencies: list[float] = []
                for n in range(drops + 1):  # drop 0 warms the worker's first-release paths; not counted
                    data = seed.replace(HEADLINE, f"Latens {mode} {n:03d} om hållbara städer").encode("utf-8")
                    before = pdf_folders(out)
                    target = inp / f"latency-{n:03d}.txt"
                    if mode == "rename":
                        tmp_file = inp / f".{target.name}.part"
                        tmp_file.write_bytes(data)
                        start = time.perf_counter()
                        os.rename(tmp_file, target)
                    else:
                        start = time.perf_counter()
                        with open(target, "wb") as fh:
                            fh.write(data)
                    wait(lambda before=before: pdf_folders(out) - before, 60, f"the PDF of drop {n}")
                    if n:
                        latencies.append(time.perf_counter() - start)
            finally:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=60)
        log_text = log_path.read_text()
    work = [float(m) for m in re.findall(r" result=done .*? duration=([0-9.]+)", log_text)][1:]
    return {"mode": mode, "drops": len(latencies), "workers": workers, "formats": formats,
            "median_s": round(statistics.median(latencies), 3), "p95_s": round(percentile(latencies, 95), 3),
            "min_s": round(min(latencies), 3), "max_s": round(max(latencies), 3),
            "conversion_median_s": round(statistics.median(work), 3) if work else None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--drops", type=int, default=50)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--modes", default="rename,write", help="comma-separated: rename, write")
    parser.add_argument("--settle", type=float, help="the watcher's --settle (default: its own default)")
    parser.add_argument("--formats", default="html,pdf,xml,json")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    results = [run(mode.strip(), args.drops, args.workers, args.settle, args.formats)
               for mode in args.modes.split(",") if mode.strip()]
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"drop → release.pdf visible, {args.drops} one-page drops each, {args.workers} warm worker(s)")
    print(f"{'mode':8s} {'median':>8s} {'p95':>8s} {'min':>8s} {'max':>8s}  conversion median")
    for r in results:
        print(f"{r['mode']:8s} {r['median_s']:8.3f} {r['p95_s']:8.3f} {r['min_s']:8.3f} {r['max_s']:8.3f}  "
              f"{r['conversion_median_s']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

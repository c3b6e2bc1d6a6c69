"""Where a warm worker's time goes: cProfile of `Converter.convert_bytes` over the workload.

    .venv/bin/python benchmarks/hotspots.py [--sizes 1,2,5,10,20] [--rounds 2] [--top 25] [--stats out.prof]

Why a separate script: `run.py` measures, this explains. It prints own time grouped by
package (WeasyPrint's layout, text, CSS, drawing, PDF; pydyf; Pressroom's modules one by
one) and the heaviest functions, which is what docs/performance.md's profile headline and
.coord/perf-findings.md are written from. `--stats` saves the raw profile for snakeviz or
`python -m pstats`.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from run import PROFILE_GROUPS, _module_of  # noqa: E402
from workload import LANGUAGES, build_workload  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,2,5,10,20")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--stats", type=Path, default=None)
    args = parser.parse_args(argv)

    from pipeline.batch import warm_up
    from pipeline.convert import Converter

    work = Path(tempfile.mkdtemp(prefix="pressroom-profile-"))
    sizes = tuple(int(s) for s in args.sizes.split(","))
    items = build_workload(work / "in", sizes=sizes, languages=LANGUAGES)
    converter = Converter(work / "out")
    warm_up(converter)
    sources = [(i.path.name, i.path.read_bytes()) for i in items]
    for name, data in sources:  # warm every brand
        converter.convert_bytes(data, name)
    profile = cProfile.Profile(time.process_time)  # CPU time, robust to a busy machine
    for r in range(args.rounds):
        converter.output_dir = work / f"out-{r}"
        profile.enable()
        for name, data in sources:
            converter.convert_bytes(data, name)
        profile.disable()
    if args.stats:
        profile.dump_stats(str(args.stats))

    stats = pstats.Stats(profile)
    total = 0.0
    groups: dict[str, float] = defaultdict(float)
    ours: dict[str, float] = defaultdict(float)
    rows = []
    for (filename, line, func), (_cc, _nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        total += tt
        module = _module_of(filename)
        label = next((lbl for pre, lbl in PROFILE_GROUPS if module.startswith(pre)), "other (stdlib, C)")
        groups[label] += tt
        if module.startswith("pipeline"):
            ours[module] += tt
        rows.append((tt, ct, f"{module}:{line} {func}"))
    print(f"own time {total:.2f} s over {len(sources)} releases × {args.rounds} rounds\n")
    for label, seconds in sorted(groups.items(), key=lambda kv: -kv[1]):
        print(f"{seconds:7.2f} s {seconds / total * 100:5.1f}%  {label}")
    print("\nPressroom modules (own time):")
    for module, seconds in sorted(ours.items(), key=lambda kv: -kv[1])[:15]:
        print(f"{seconds:7.3f} s {seconds / total * 100:5.1f}%  {module}")
    print(f"\ntop {args.top} functions by own time (own, cumulative):")
    for tt, ct, name in sorted(rows, reverse=True)[: args.top]:
        print(f"{tt:7.3f} s {ct:7.3f} s  {name}")
    print("\nPressroom functions by cumulative time:")
    for tt, ct, name in sorted((r for r in rows if r[2].startswith("pipeline")), key=lambda r: -r[1])[:20]:
        print(f"{tt:7.3f} s {ct:7.3f} s  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""No-gold checks of the issuer and the review flags on a folder of releases.

    python scripts/issuer_check.py ../shared/corpus/unlabelled [--list]

Prints: files, crashes (a `PressroomError` counts as a refusal, anything else as a crash),
the slowest parse, how many releases get an issuer, how many write a web or e-mail domain of
their own (contact card, website line, About text) and how many of those have an issuer that
the domain spells, and the share with review reasons (by kind). `--list` prints one line per
release: issuer, confidence, the top candidates. Reads files only; writes nothing.
"""

from __future__ import annotations

import collections
import re
import sys
import time
from pathlib import Path

from pipeline import issuer
from pipeline import labels as lb
from pipeline import orgnames as on
from pipeline.errors import PressroomError
from pipeline.evidence import is_distributor, load_evidence, spells
from pipeline.reader import read_stages

_OWN = (lb.CONTACTS, lb.CONTACTS_HEADING, lb.WEBSITE, lb.BOILERPLATE, lb.BOILERPLATE_HEADING)


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path("../shared/corpus/unlabelled")
    listing = "--list" in argv
    evidence = load_evidence()
    files = sorted(folder.glob("*.txt"))
    warm = time.perf_counter()
    read_stages(b"Warm-up headline\n\nOne sentence of text to load the language data.\n", "warm-up.txt")
    print(f"warm-up (imports, language data, caches): {time.perf_counter() - warm:.3f} s")
    crashes = refused = slow = found = own = spelled = flagged = 0
    slowest = 0.0
    kinds: collections.Counter[str] = collections.Counter()
    for path in files:
        start = time.perf_counter()
        try:
            stages = read_stages(path.read_bytes(), path.name)
        except PressroomError:
            refused += 1
            continue
        except Exception as exc:
            crashes += 1
            print(f"CRASH {path.name}: {type(exc).__name__}: {exc}")
            continue
        took = time.perf_counter() - start
        slowest = max(slowest, took)
        slow += took > 0.5
        release = stages.release
        found += release.organization is not None
        text = "\n".join(lab.text for lab in stages.labelled if lab.kind in _OWN)
        labels = [on.host_label(h) for h in on.hosts(text)]
        labels = [x for x in dict.fromkeys(labels) if x and x not in evidence.generic_domains]
        labels = [x for x in labels if not is_distributor(x)]
        if labels and release.organization:
            own += 1
            folded = on.fold(release.organization).replace(" ", "")
            spelled += any(
                spells(re.sub(r"[^a-z0-9]", "", x), release.organization, stages.language)
                or re.sub(r"[^a-z0-9]", "", x) in folded
                for x in labels
            )
        if release.review.reasons:
            flagged += 1
            for reason in release.review.reasons:
                kinds[_kind(reason)] += 1
        if listing:
            decision = issuer.decide(stages.labelled, release, stages.language)
            top = "; ".join(f"{c.name[:30]}={c.score:g}" for c in decision.candidates[:3])
            print(f"{path.name[:28]:28s} {str(release.organization)[:36]:36s} {decision.confidence:.2f} | {top}")
    parsed = len(files) - crashes - refused
    print(f"files {len(files)}, crashes {crashes}, refused {refused}, "
          f"slower than 0.5 s {slow}, slowest {slowest:.3f} s")  # fmt: skip
    print(f"issuer found {found}/{parsed}; own domain written and issuer found {own}, issuer spelled by it {spelled}")
    print(f"needs review {flagged}/{parsed} ({flagged / max(parsed, 1):.0%}): "
          + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))  # fmt: skip
    return 1 if crashes else 0


def _kind(reason: str) -> str:
    low = reason.casefold()
    if "date" in low:
        return "date"
    if "headline" in low or "title line" in low:
        return "headline"
    return "issuer"


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

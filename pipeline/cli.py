"""The `pressroom` command: I/O at the edge, every decision in the stages.

Heavy libraries (WeasyPrint, lxml, BeautifulSoup) are imported inside the commands that
need them, so `pressroom --help` and `pressroom parse` start fast.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, PressroomError, environment_error, shown

if TYPE_CHECKING:
    from .model import Release

TEXT_SUFFIXES = {".txt", ".text", "", ".docx", ".odt", ".rtf", ".md", ".markdown", ".html", ".htm", ".eml"}
"""Suffixes `convert` picks up in folders (pipeline/formats sniffs the content to decide the format)."""

PLUGGED_COMMANDS: tuple[str, ...] = ("pipeline.distribute", "pipeline.watch", "pipeline.serve")
"""Modules that add their own sub-commands with `register_cli(subparsers, add_render_options)`.
They keep heavy imports inside their command functions so `pressroom --help` stays fast."""


def _err(message: str) -> None:
    print(f"pressroom: {message}", file=sys.stderr)


def iter_sources(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, folders walked (sorted, hidden files, READMEs and temp files skipped).

    A folder holding pictures is a release folder (pipeline/pictures/folder.py) and is yielded whole.
    """
    from .pictures.folder import is_release_folder

    for path in paths:
        if is_release_folder(path):  # one release file plus its photos: converted as one
            yield path
        elif path.is_dir():
            folders: list[Path] = []
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(part.startswith((".", "~")) for part in rel.parts):
                    continue
                if any(child.is_relative_to(f) for f in folders):
                    continue
                if child.is_dir() and not child.is_symlink() and is_release_folder(child):
                    folders.append(child)
                    yield child
                    continue
                if rel.parts[0] in ("processed", "failed"):
                    continue
                if child.is_symlink():  # a link in a drop folder may point at any file we can read
                    _err(f"{shown(child)}: [read] skipped: a symbolic link (copy the release file itself)")
                    continue
                if child.is_file() and child.suffix.lower() in TEXT_SUFFIXES and not child.name.upper().startswith(
                        "README"):
                    yield child
        else:
            yield path


def _review_count(held: int) -> str:
    """The summary's tail: how many converted releases wait for a person (`pressroom confirm`)."""
    return f", {held} need{'s' if held == 1 else ''} review (pressroom confirm FOLDER)" if held else ""


def cmd_convert(args: argparse.Namespace) -> int:
    from .confirm import review_note
    from .convert import Converter, parse_formats

    try:
        converter = Converter(Path(args.output), parse_formats(args.formats), brand=args.brand,
                              pdf_variant=args.pdf_variant, config_path=args.config)
    except PressroomError as exc:
        _err(exc.one_line())
        return EXIT_USAGE
    paths = [Path(p) for p in (args.paths or ["input"])]
    missing = [p for p in paths if not p.exists()]
    for p in missing:
        _err(f"{shown(p)}: [read] no such file or folder")
    failed = len(missing)
    done = 0
    sources = list(iter_sources(p for p in paths if p.exists()))
    if args.workers != 1 and len(sources) > 1:  # one file: a worker process would only add start-up time
        return _convert_parallel(args, converter.formats, sources, failed)
    folders: list[Path] = []
    held = 0
    from . import budget

    for source in sources:
        budget.CURRENT = "read"
        try:
            with budget.alarm(args.time_budget):
                result = converter.convert_file(source)
        except budget.OverBudget:
            failed += 1
            _err(f"{shown(source)}: [{budget.CURRENT}] "
                 f"{budget.reason(args.time_budget, args.time_budget)} ({budget.HINT})")
            continue
        except PressroomError as exc:
            failed += 1
            _err(exc.with_path(exc.path or str(source)).one_line())
            continue
        except OSError as exc:  # the machine's trouble (disk full, read-only), not the release's
            failed += 1
            _err(environment_error(exc, exc.filename or args.output).with_path(str(source)).one_line())
            continue
        except Exception as exc:  # a bug hit by one file must not take the rest of the batch down (as batch.py)
            failed += 1
            _err(f"{shown(source)}: [internal] {type(exc).__name__}: {exc}")
            continue
        done += 1
        folders.append(result.folder)
        note = review_note(result.release)
        held += bool(note)
        if not args.quiet:
            total = sum(result.timings.values())
            print(f"ok  {shown(source)} -> {shown(result.folder)} [{result.brand}] ({total:.2f} s){note}")
    if not args.quiet:
        print(f"{done} converted, {failed} failed" + _review_count(held))
    return _finish_convert(args, folders, failed)


def _finish_convert(args: argparse.Namespace, folders: list[Path], failed: int) -> int:
    """Send what converted (`--distribute`), refresh the press room; the worst exit code wins."""
    from .distribute import after_conversion

    after = after_conversion(folders, Path(args.output), distribute=args.distribute, config_path=args.config,
                             quiet=args.quiet)
    return max(EXIT_OK if failed == 0 else EXIT_FAILED, after)


def _convert_parallel(args: argparse.Namespace, formats: tuple[str, ...], sources: list[Path],
                      failed: int) -> int:
    """`convert --workers N`: the same lines and exit codes, from a pool of warm workers."""
    from .batch import Converted, Outcome, convert_many

    if args.config:  # the workers read pressroom.toml's [newsml] themselves
        import os

        from .distribute.config import CONFIG_ENV

        os.environ[CONFIG_ENV] = args.config
    done = 0
    folders: list[Path] = []
    held = 0

    def report(outcome: Outcome) -> None:
        nonlocal done, failed, held
        if isinstance(outcome, Converted):
            done += 1
            held += bool(outcome.review_note)
            folders.append(Path(outcome.folder))
            if not args.quiet:
                print(f"ok  {shown(outcome.source)} -> {shown(outcome.folder)} [{outcome.brand}] "
                      f"({outcome.seconds:.2f} s){outcome.review_note}", flush=True)
        else:
            failed += 1
            _err(outcome.message)

    convert_many(sources, Path(args.output), workers=args.workers or None, formats=formats,
                 brand=args.brand, pdf_variant=args.pdf_variant, on_result=report, time_budget=args.time_budget)
    if not args.quiet:
        print(f"{done} converted, {failed} failed" + _review_count(held))
    return _finish_convert(args, folders, failed)


def cmd_parse(args: argparse.Namespace) -> int:
    from .convert import read_source
    from .reader import read_stages

    if args.list_rules:
        from .explain import list_rules

        sys.stdout.write(list_rules())
        return EXIT_OK
    if not args.file:
        _err("pressroom parse: a FILE is needed (or --list-rules)")
        return EXIT_FAILED
    path = Path(args.file)
    try:
        stages = read_stages(read_source(path), path.name)
    except OSError as exc:
        _err(f"{shown(path)}: [read] {exc.strerror or exc}")
        return EXIT_FAILED
    except PressroomError as exc:
        _err(exc.with_path(str(path)).one_line())
        return EXIT_FAILED
    release = stages.release
    try:
        if args.explain or args.dump:
            from .explain import dump_stage, explain

            sys.stdout.write(explain(stages) if args.explain else dump_stage(stages, args.dump))
        elif args.json:
            sys.stdout.write(json.dumps(release.to_dict(), ensure_ascii=False, indent=2) + "\n")
        else:
            _print_summary(release)
        sys.stdout.flush()
    except BrokenPipeError:
        # "pressroom parse FILE --explain | head": the reader stopped reading, which is no error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes stdout again at exit
    return EXIT_OK


def _print_summary(release: Release) -> None:
    from .model import ListBlock, Quote, Subheading, iso

    print(f"headline:      {release.headline}")
    for label, value in (("subheadline", release.subheadline), ("organization", release.organization),
                         ("type", release.release_type), ("issued", iso(release.issued)),
                         ("embargo", iso(release.embargo)), ("language", release.language),
                         ("dateline", release.dateline.text if release.dateline else None),
                         ("end mark", release.end_mark)):
        if value:
            print(f"{label + ':':14s} {value}")
    for block in release.body:
        if isinstance(block, Quote):
            print(f"  quote    {block.speaker or '?'} ({block.role or '-'}): {block.quote[:60]}")
        elif isinstance(block, Subheading):
            print(f"  heading  {block.text[:70]}")
        elif isinstance(block, ListBlock):
            print(f"  list     {len(block.items)} items")
        else:
            print(f"  {'lead' if block.lead else 'para'}     {block.text[:70]}")
    for c in release.contacts:
        print(f"  contact  {', '.join(v for v in (c.name, c.title, c.organization, c.phone, c.email) if v)}")
    for b in release.boilerplate:
        print(f"  about    {b.heading or ''}: {b.text[:50]}")


def cmd_render(args: argparse.Namespace) -> int:
    from .convert import Converter, parse_formats, read_source
    from .htmlreader import read_html

    path = Path(args.file)
    folder = Path(args.output) if args.output else path.parent
    try:
        data = read_source(path)  # refused by its type and size, not after reading GBs or blocking on a FIFO
        release = read_html(data)
        was_held = release.review.needs_review
        if release.review.reasons:  # a person opened, read (and maybe fixed) the HTML: that is the review
            release.review.confirmed = True
        formats = tuple(f for f in parse_formats(args.formats) if f != "html")
        converter = Converter(folder, formats, brand=args.brand, pdf_variant=args.pdf_variant)
        result = converter.convert_release(release, data, path.name, source_mime="text/html", folder=folder)
        if was_held and folder.resolve() == path.parent.resolve():
            _mark_html_confirmed(path, data)
    except OSError as exc:  # reading was checked by read_source: this is writing (a full disk, read-only)
        _err(environment_error(exc, exc.filename or folder).with_path(str(path)).one_line())
        return EXIT_FAILED
    except PressroomError as exc:
        _err(exc.with_path(exc.path or str(path)).one_line())
        return EXIT_FAILED
    for out in result.outputs:
        print(f"ok  {shown(path)} -> {shown(out)}")
    if was_held:
        from .confirm import reasons_text

        print(f"ok  {shown(path)}: confirmed by this render (was: needs review: {reasons_text(release)}); "
              "a waiting delivery goes out with the next `pressroom distribute` or the watcher's next round")
    return EXIT_OK


def _mark_html_confirmed(path: Path, data: bytes) -> None:
    """The rendered HTML says confirmed too, as release.json now does (only its one review mark changes)."""
    from .confirm import mark_confirmed_html
    from .deliver import write_atomic

    try:
        new = mark_confirmed_html(data.decode("utf-8"))
    except UnicodeDecodeError:
        return  # re-saved in another encoding by an editor: leave the person's file alone
    if new is not None:
        write_atomic(path, new.encode("utf-8"))


def cmd_confirm(args: argparse.Namespace) -> int:
    """`pressroom confirm FOLDER...`: a person has looked; release the hold (and send, with --distribute)."""
    from .confirm import confirm_folder

    failed = 0
    confirmed: dict[Path, list[Path]] = {}
    for name in args.folders:
        folder = Path(name)
        try:
            outcome = confirm_folder(folder)
        except OSError as exc:
            failed += 1
            _err(f"{shown(folder)}: [confirm] {exc.strerror or exc}")
            continue
        except PressroomError as exc:
            failed += 1
            _err(exc.with_path(exc.path or str(folder)).one_line())
            continue
        if not args.quiet:
            print(outcome.one_line())
        confirmed.setdefault(folder.resolve().parent, []).append(folder)
    code = EXIT_OK if not failed else EXIT_FAILED
    from .distribute import after_conversion

    for output_dir, folders in confirmed.items():
        code = max(code, after_conversion(folders, output_dir, distribute=args.distribute,
                                          config_path=args.config, quiet=args.quiet))
    return code


def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import find_schema, validate_file

    xsd = find_schema(args.xsd)
    if xsd is None:
        _err("no NewsML-G2 XSD found: pass --xsd PATH to IPTC's NewsML-G2_2.35-spec-All-Power.xsd "
             "(with xml.xsd beside it) or set PRESSROOM_NEWSML_XSD")
        return EXIT_USAGE
    failed = 0
    for name in args.files:
        errors = validate_file(Path(name), xsd)
        if errors:
            failed += 1
            for line in errors:
                print(f"{name}: {line}")
        else:
            print(f"{name}: valid NewsML-G2 ({xsd.name})")
    return EXIT_OK if not failed else EXIT_FAILED


def cmd_brands(args: argparse.Namespace) -> int:
    from .brand import list_brands

    try:
        brands = list_brands()
    except PressroomError as exc:
        _err(exc.one_line())
        return EXIT_FAILED
    for brand in brands:
        orgs = ", ".join(brand.organizations) or "(default for everything else)"
        print(f"{brand.name:14s} {brand.display_name}  —  {orgs}")
    return EXIT_OK


NAME_MAX = 255
"""The longest file name, in bytes, that Linux, macOS and Windows file systems all take."""


def cmd_extract(args: argparse.Namespace) -> int:
    from .convert import read_source
    from .deliver import write_atomic
    from .pdf import extract_attachments

    path = Path(args.file)
    out = Path(args.output or path.parent)
    try:
        files = extract_attachments(read_source(path))
    except OSError as exc:
        _err(f"{shown(path)}: [read] {exc.strerror or exc}")
        return EXIT_FAILED
    except PressroomError as exc:
        _err(exc.with_path(str(path)).one_line())
        return EXIT_FAILED
    if not files:
        _err(f"{shown(path)}: [extract] the PDF carries no attached files")
        return EXIT_FAILED
    failed = 0
    for name, data in files.items():
        # The names come from the PDF (hostile until proven otherwise): a plain file name only,
        # never a path, a dot-file, a name with control or bidi characters (U+202E shows `txt.exe`
        # as `exe.txt`) or one longer than a file system allows (255 bytes).
        safe = Path(name.replace("\\", "/")).name
        if (not safe or safe.startswith(".") or shown(safe) != safe
                or len(safe.encode("utf-8", "surrogateescape")) > NAME_MAX):
            _err(f"{shown(path)}: [extract] skipped the attachment {shown(name)!r}: not a plain file name")
            failed += 1
            continue
        target = out / safe
        if target.exists() or target.is_symlink():
            # Never over an existing file (the PDF itself, an edited release.html): identical is fine.
            if target.is_file() and not target.is_symlink() and target.read_bytes() == data:
                print(f"ok  {shown(path)} -> {shown(target)} ({len(data)} bytes, unchanged)")
                continue
            _err(f"{shown(path)}: [extract] {shown(target)} already exists with other content; not overwritten "
                 "(use -o DIR to extract into an empty folder)")
            failed += 1
            continue
        write_atomic(target, data)
        print(f"ok  {shown(path)} -> {shown(target)} ({len(data)} bytes)")
    return EXIT_OK if not failed else EXIT_FAILED


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number of processes (0 = all cores), got {text!r}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected seconds (0 = no limit), got {text!r}")
    return value


def add_time_budget(p: argparse.ArgumentParser) -> None:
    from .budget import DEFAULT_BUDGET

    p.add_argument("--time-budget", type=_seconds, default=DEFAULT_BUDGET, metavar="SECONDS",
                   help=f"the longest one file may take; a slower one fails with that reason and its worker "
                        f"is replaced (default: {DEFAULT_BUDGET:g}; 0 = no limit)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pressroom",
        description="Convert plain-text press releases into structured HTML, a branded archival PDF and "
                    "NewsML-G2 XML.")
    parser.add_argument("--version", action="version", version=f"pressroom {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    def add_render_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--formats", default="html,pdf,xml,json",
                       help="comma-separated outputs among html,pdf,xml,json (default: all four), "
                            "plus opt-in docx,odt (word-processor files via pandoc) and ninjs,nitf "
                            "(release.ninjs.json, release.nitf.xml for agencies)")
        p.add_argument("--brand", help="brand folder under styles/ (default: matched by organization, "
                                       "else 'default'); see `pressroom brands`")
        p.add_argument("--pdf-variant", default="pdf/a-3b",
                       help="PDF variant WeasyPrint supports, e.g. pdf/a-3b (default), pdf/a-2b, pdf/ua-1")

    p = sub.add_parser("convert", help="convert release files and folders into output/",
                       description="Convert each release into output/<YYYY-MM-DD>-<slug>/ "
                                   "(release.html, release.pdf, release.xml, release.json).")
    p.add_argument("paths", nargs="*", help="files or folders (default: input/)")
    p.add_argument("-o", "--output", default="output", help="output folder (default: output/)")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.add_argument("--distribute", action="store_true",
                   help="send each converted release on the channels of pressroom.toml (see docs/distribute.md)")
    p.add_argument("--config", help="the distribution config (default: $PRESSROOM_CONFIG or ./pressroom.toml)")
    p.add_argument("--workers", type=_workers, default=1, metavar="N",
                   help="convert on N processes (0 = all cores; default 1)")
    add_time_budget(p)
    add_render_options(p)
    p.set_defaults(func=cmd_convert)

    p = sub.add_parser("parse", help="parse one release and print its structure",
                       description="Parse one release; --json prints the Release JSON (release.schema.json).")
    p.add_argument("file", nargs="?")
    p.add_argument("--json", action="store_true", help="print the Release as JSON")
    p.add_argument("--explain", action="store_true",
                   help="print every block with its label and rule, and the evidence behind every field")
    p.add_argument("--list-rules", action="store_true", help="print the evidence rules in order with their weights")
    p.add_argument("--dump", choices=("segments", "labelled", "model"),
                   help="print one stage's value as stable text")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("render", help="render PDF/NewsML-G2/JSON from a (hand-edited) release.html",
                       description="Read a release.html (e.g. after editing it by hand) and write release.pdf, "
                                   "release.xml and release.json beside it (or into -o DIR). A release held "
                                   "for review counts as confirmed by this render.")
    p.add_argument("file")
    p.add_argument("-o", "--output", help="folder for the outputs (default: the HTML file's folder)")
    add_render_options(p)
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("confirm", help="confirm releases held for review, so they may be sent",
                       description="A person has checked these release folders (the fields the reader was "
                                   "unsure of, see `needs review` in the convert line): mark them confirmed "
                                   "in release.json and release.html; with --distribute, send them.")
    p.add_argument("folders", nargs="+", metavar="FOLDER", help="release folders (output/<date>-<slug>)")
    p.add_argument("--distribute", action="store_true",
                   help="send each confirmed release on the channels of pressroom.toml")
    p.add_argument("--config", help="the distribution config (default: $PRESSROOM_CONFIG or ./pressroom.toml)")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.set_defaults(func=cmd_confirm)

    p = sub.add_parser("validate", help="validate NewsML-G2 files against IPTC's XSD",
                       description="Validate NewsML-G2 files offline against the official IPTC XSD.")
    p.add_argument("files", nargs="+")
    p.add_argument("--xsd", help="path to NewsML-G2_2.35-spec-All-Power.xsd (env: PRESSROOM_NEWSML_XSD)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("brands", help="list the brands under styles/", description="List the available brands.")
    p.set_defaults(func=cmd_brands)

    p = sub.add_parser("extract", help="get the NewsML-G2 and source files back out of a release PDF",
                       description="Write the files embedded in a Pressroom PDF (NewsML-G2, original source).")
    p.add_argument("file")
    p.add_argument("-o", "--output", help="folder to write them to (default: beside the PDF)")
    p.set_defaults(func=cmd_extract)

    for module in PLUGGED_COMMANDS:
        importlib.import_module(module).register_cli(sub, add_render_options)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        # `pressroom convert DIR | head -1`: the reader went away. Every `ok` line is printed
        # after its release folder is complete, so stopping here leaves nothing half-written;
        # stdout goes to /dev/null so Python's flush at exit cannot raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        _err("stopped: standard output was closed by its reader (the releases reported so far are complete)")
        return EXIT_FAILED

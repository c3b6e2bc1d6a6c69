"""The parallel batch path: N releases on 2 worker processes give N folders, bad files are
reported one line each, and `pressroom convert --workers` keeps the sequential output and
exit codes. Timing is the benchmark's business (benchmarks/run.py), not asserted here."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.batch import BatchConverter, Converted, Failed, convert_many, default_chunksize
from pipeline.cli import main
from tests.conftest import SEED

NO_PDF = ("html", "xml", "json")  # the pool logic is the same; PDFs only make the test slower


def _releases(folder: Path, n: int) -> list[Path]:
    """N distinct releases (distinct headlines → distinct output folders) from the seed."""
    folder.mkdir(parents=True, exist_ok=True)
    text = SEED.read_text(encoding="utf-8")
    paths = []
    for i in range(n):
        path = folder / f"r{i:02d}.txt"
        path.write_text(text.replace("Hållbara städer", f"Hållbara städer {i + 1}", 1), encoding="utf-8")
        paths.append(path)
    return paths


def _folders(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))


def test_n_files_on_two_workers_give_n_folders_and_one_error(tmp_path: Path):
    paths = _releases(tmp_path / "in", 6)
    bad = tmp_path / "in" / "r99-empty.txt"
    bad.write_bytes(b"")
    seen: list[object] = []
    out = tmp_path / "out"
    report = convert_many(
        [*paths[:3], bad, *paths[3:]], out, workers=2, chunksize=1, formats=NO_PDF, on_result=seen.append
    )
    assert len(report.results) == 6 and report.workers == 2
    assert [r.source for r in report.results] == paths, "results come back in input order"
    assert len(_folders(out)) == 6
    for result in report.results:
        assert isinstance(result, Converted)
        assert {p.name for p in result.outputs} == {"release.html", "release.xml", "release.json"}
        assert all(p.is_file() and p.stat().st_size > 0 for p in result.outputs)
        assert result.timings["parse"] > 0 and result.peak_rss_mb > 0
    assert len(report.errors) == 1 and not report.ok
    error = report.errors[0]
    assert isinstance(error, Failed) and error.source == bad and error.stage == "decode"
    assert str(bad) in error.message and "[decode]" in error.message
    assert len(seen) == 7, "every outcome is reported as it arrives"


def test_same_outputs_as_the_sequential_path(tmp_path: Path):
    paths = _releases(tmp_path / "in", 3)
    seq, par = tmp_path / "seq", tmp_path / "par"
    assert main(["convert", *map(str, paths), "-o", str(seq), "--formats", "html,xml,json", "-q"]) == 0
    report = convert_many(paths, par, workers=2, formats=NO_PDF)
    assert report.ok
    assert [p.name for p in _folders(seq)] == [p.name for p in _folders(par)]
    for a, b in zip(_folders(seq), _folders(par), strict=True):
        for name in ("release.xml", "release.json"):
            assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_cli_workers_keeps_lines_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    folder = tmp_path / "in"
    _releases(folder, 4)
    out = tmp_path / "out"
    assert main(["convert", str(folder), "-o", str(out), "--workers", "2", "--formats", "html,json"]) == 0
    stdout = capsys.readouterr().out.splitlines()
    assert sum(line.startswith("ok  ") for line in stdout) == 4
    assert stdout[-1] == "4 converted, 0 failed"

    (folder / "zz-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert main(["convert", str(folder), "-o", str(out), "--workers", "2", "--formats", "html,json"]) == 1
    captured = capsys.readouterr()
    errors = [line for line in captured.err.splitlines() if line.strip()]
    assert len(errors) == 1 and "zz-binary.txt" in errors[0] and "[decode]" in errors[0]
    assert captured.out.splitlines()[-1] == "4 converted, 1 failed"
    assert len(_folders(out)) == 4, "re-converting the same sources reuses their folders"


def test_cli_workers_zero_means_all_cores_and_bad_values_are_usage_errors(tmp_path: Path):
    paths = _releases(tmp_path / "in", 2)
    assert (
        main(
            [
                "convert",
                *map(str, paths),
                "-o",
                str(tmp_path / "out"),
                "--workers",
                "0",
                "--formats",
                "json",
                "-q",
            ]
        )
        == 0
    )
    with pytest.raises(SystemExit) as exc:
        main(["convert", str(paths[0]), "--workers", "-2"])
    assert exc.value.code == 2


def test_missing_file_is_a_failure_not_a_crash(tmp_path: Path):
    paths = _releases(tmp_path / "in", 2)
    ghost = tmp_path / "in" / "ghost.txt"
    report = convert_many([paths[0], ghost, paths[1]], tmp_path / "out", workers=2, formats=NO_PDF)
    assert [r.source for r in report.results] == paths
    assert [(e.source, e.stage) for e in report.errors] == [(ghost, "read")]


def test_a_broken_brand_fails_each_release_and_never_hangs_the_warm_pool(tmp_path: Path):
    styles = tmp_path / "styles"
    shutil.copytree(Path(__file__).resolve().parents[1] / "styles", styles)
    (styles / "default" / "brand.toml").write_text("display_name = [broken", encoding="utf-8")
    paths = _releases(tmp_path / "in", 2)
    with BatchConverter(tmp_path / "out", workers=2, formats=NO_PDF, styles_dir=styles, warm=True) as pool:
        report = pool.convert(paths)
    assert not report.results
    assert [(e.source, e.stage) for e in report.errors] == [(p, "brand") for p in paths]
    assert all(str(e.source) in e.message for e in report.errors)


def test_chunks_are_a_few_per_worker():
    assert default_chunksize(3, 2) == 1
    assert default_chunksize(100, 2) == 6
    assert default_chunksize(100_000, 2) == 16


@pytest.mark.slow
def test_pdfs_from_two_workers(tmp_path: Path):
    paths = _releases(tmp_path / "in", 2)
    report = convert_many(paths, tmp_path / "out", workers=2, formats=("pdf", "xml"))
    assert report.ok, [e.message for e in report.errors]
    for result in report.results:
        pdf = result.folder / "release.pdf"
        assert pdf.read_bytes().startswith(b"%PDF-")
        assert result.timings["pdf_layout"] > 0 and result.timings["pdf_write"] > 0

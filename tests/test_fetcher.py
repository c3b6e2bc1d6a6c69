"""The brand-folder fetcher serves the brand's files and data: URIs, and nothing else."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest
import weasyprint

from pipeline.fetcher import BrandFolderFetcher, FetchRefused

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def brand_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "styles" / "house"
    shutil.copytree(ROOT / "styles" / "default", folder)
    (tmp_path / "secret.txt").write_text("top secret", encoding="utf-8")
    return folder


@pytest.fixture
def fetcher(brand_dir: Path) -> BrandFolderFetcher:
    return BrandFolderFetcher(brand_dir)


def test_is_a_weasyprint_url_fetcher(fetcher: BrandFolderFetcher) -> None:
    assert isinstance(fetcher, weasyprint.urls.URLFetcher)


def test_serves_file_in_brand_folder(fetcher: BrandFolderFetcher, brand_dir: Path) -> None:
    response = fetcher.fetch((brand_dir / "logo.svg").as_uri())
    assert response.read() == (brand_dir / "logo.svg").read_bytes()
    assert response.content_type == "image/svg+xml"
    css = fetcher.fetch((brand_dir / "brand.css").as_uri())
    assert css.content_type == "text/css"


def test_serves_data_uri(fetcher: BrandFolderFetcher) -> None:
    assert fetcher.fetch("data:text/plain;base64,aGVsbG8=").read() == b"hello"


def test_data_uri_can_be_disabled(brand_dir: Path) -> None:
    with pytest.raises(FetchRefused, match="data: URIs"):
        BrandFolderFetcher(brand_dir, allow_data=False).fetch("data:text/plain,hello")


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.svg",
        "https://example.com/font.woff2",
        "http://127.0.0.1:9/x.png",
        "ftp://example.com/x",
        "file:///etc/passwd",
        "file://otherhost/etc/passwd",
        "gopher://example.com/",
        "javascript:alert(1)",
    ],
)
def test_refuses_everything_else(
    fetcher: BrandFolderFetcher, url: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="pipeline.fetcher"), pytest.raises(FetchRefused):
        fetcher.fetch(url)
    assert f"fetcher refused {url}" in caplog.text
    assert fetcher.refused and fetcher.refused[-1][0] == url


def test_refuses_dotdot_traversal(fetcher: BrandFolderFetcher, brand_dir: Path) -> None:
    base = brand_dir.as_uri()
    for url in (f"{base}/../../secret.txt", f"{base}/%2e%2e/%2e%2e/secret.txt", f"{base}/../house/logo.svg"):
        with pytest.raises(FetchRefused, match=r"'\.\.'"):
            fetcher.fetch(url)


def test_refuses_sibling_folder_with_common_prefix(fetcher: BrandFolderFetcher, brand_dir: Path) -> None:
    sibling = brand_dir.parent / "house-evil"
    sibling.mkdir()
    (sibling / "x.svg").write_text("<svg/>", encoding="utf-8")
    with pytest.raises(FetchRefused, match="outside the brand folder"):
        fetcher.fetch((sibling / "x.svg").as_uri())


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_refuses_symlink_escaping(fetcher: BrandFolderFetcher, brand_dir: Path) -> None:
    (brand_dir / "innocent.svg").symlink_to(brand_dir.parent.parent / "secret.txt")
    (brand_dir / "passwd.css").symlink_to("/etc/passwd")
    for name in ("innocent.svg", "passwd.css"):
        with pytest.raises(FetchRefused, match="outside the brand folder"):
            fetcher.fetch((brand_dir / name).as_uri())


def test_symlink_inside_folder_is_fine(fetcher: BrandFolderFetcher, brand_dir: Path) -> None:
    (brand_dir / "alias.svg").symlink_to(brand_dir / "logo.svg")
    assert fetcher.fetch((brand_dir / "alias.svg").as_uri()).read().startswith(b"<svg")


def test_refuses_missing_file_and_folders(fetcher: BrandFolderFetcher, brand_dir: Path) -> None:
    with pytest.raises(FetchRefused, match="no such file"):
        fetcher.fetch((brand_dir / "nope.png").as_uri())
    with pytest.raises(FetchRefused, match="no such file"):
        fetcher.fetch(brand_dir.as_uri() + "/")


def test_refuses_huge_file(brand_dir: Path) -> None:
    (brand_dir / "big.png").write_bytes(b"\0" * 2048)
    with pytest.raises(FetchRefused, match="more than"):
        BrandFolderFetcher(brand_dir, max_bytes=1024).fetch((brand_dir / "big.png").as_uri())


def test_weasyprint_rendering_never_reaches_outside(
    fetcher: BrandFolderFetcher, brand_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """End to end: hostile references in HTML and CSS are refused, the brand logo is served."""
    secret = brand_dir.parent.parent / "secret.txt"
    html = f"""<html lang="en"><head>
      <link rel="stylesheet" href="http://127.0.0.1:9/evil.css">
      <style>
        @import url("file:///etc/passwd");
        body {{ background: url("../../secret.txt"); }}
        h1 {{ background: url("logo.svg"); }}
      </style></head>
      <body><h1>Hello</h1>
      <img src="file:///etc/passwd" alt="x"><img src="http://127.0.0.1:9/track.png" alt="y">
      <img src="{secret.as_uri()}" alt="z"><img src="logo.svg" alt="ok">
      <object data="https://example.com/x.svg"></object></body></html>"""
    with caplog.at_level(logging.WARNING):
        pdf = weasyprint.HTML(string=html, base_url=brand_dir.as_uri() + "/", url_fetcher=fetcher).write_pdf()
    assert pdf.startswith(b"%PDF")
    refused = {url for url, _ in fetcher.refused}
    assert "http://127.0.0.1:9/evil.css" in refused
    assert "file:///etc/passwd" in refused
    assert "http://127.0.0.1:9/track.png" in refused
    assert any(u.endswith("secret.txt") for u in refused)
    assert fetcher.served and all(Path(p).is_relative_to(brand_dir.resolve()) for p in fetcher.served)
    assert b"top secret" not in pdf and b"root:x:0" not in pdf

import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.deliver import Artefact, deliver, slugify, write_atomic
from pipeline.errors import PressroomError


def test_slug_is_ascii_folded_from_the_headline():
    assert slugify("Hållbara städer - Stockholmsregionens nästa exportprodukt") == \
        "hallbara-stader-stockholmsregionens-nasta-exportprodukt"
    assert slugify("Øresund: Æblegrød & Straße!") == "oresund-aeblegrod-strasse"


def test_slug_is_never_a_path_and_never_empty():
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("«»“”") == "release"


@given(st.text())
def test_slug_property(text):
    slug = slugify(text)
    assert slug and len(slug) <= 60
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in slug)
    assert not slug.startswith("-") and not slug.endswith("-") and ".." not in slug


def _artefacts(tag: str) -> list[Artefact]:
    return [Artefact("release.json", json.dumps({"source": {"sha256": tag}}).encode()),
            Artefact("release.html", f"<p>{tag}</p>".encode())]


def test_deliver_creates_the_folder_in_one_step(tmp_path: Path):
    folder = deliver(tmp_path, "2006-11-07-x", _artefacts("a"), "a")
    assert folder == tmp_path / "2006-11-07-x"
    assert sorted(p.name for p in folder.iterdir()) == ["release.html", "release.json"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no staging folder left behind"


def test_same_source_replaces_its_own_folder_other_release_gets_a_suffix(tmp_path: Path):
    first = deliver(tmp_path, "2006-11-07-x", _artefacts("a"), "a")
    again = deliver(tmp_path, "2006-11-07-x", _artefacts("a"), "a")
    other = deliver(tmp_path, "2006-11-07-x", _artefacts("b"), "b")
    assert again == first
    assert other == tmp_path / "2006-11-07-x-2"
    assert (first / "release.html").read_text() == "<p>a</p>"
    assert (other / "release.html").read_text() == "<p>b</p>"


def test_unsafe_folder_names_are_refused(tmp_path: Path):
    for name in ("../escape", ".hidden", ""):
        with pytest.raises(PressroomError):
            deliver(tmp_path, name, _artefacts("a"), "a")


def test_failed_delivery_leaves_nothing(tmp_path: Path):
    broken = Artefact("b.txt", None)  # type: ignore[arg-type]  # writing it fails half-way through
    with pytest.raises(TypeError):
        deliver(tmp_path, "2006-11-07-x", [Artefact("a.txt", b"1"), broken], "a")
    assert list(tmp_path.iterdir()) == []


def test_write_atomic_replaces_and_leaves_no_temp(tmp_path: Path):
    target = tmp_path / "sub" / "release.pdf"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert os.listdir(target.parent) == ["release.pdf"]


def test_write_atomic_files_are_readable_like_normal_files(tmp_path: Path):
    target = tmp_path / "release.pdf"
    write_atomic(target, b"x")
    mask = os.umask(0o022)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask

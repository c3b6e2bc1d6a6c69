"""Brands load, match organizations, and fail loudly (BrandError) instead of falling back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.brand import Brand, list_brands, load_brand, match_brand, sanitize_svg
from pipeline.errors import BrandError, PressroomError

ROOT = Path(__file__).resolve().parents[1]
STYLES = ROOT / "styles"
SHIPPED = ("default", "authority", "corporate")


@pytest.fixture
def styles(tmp_path: Path) -> Path:
    """A private copy of styles/ that a test may break."""
    target = tmp_path / "styles"
    shutil.copytree(STYLES, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_brands_load(name: str) -> None:
    brand = load_brand(name)
    assert isinstance(brand, Brand)
    assert brand.name == name
    assert brand.path == (STYLES / name).resolve()
    assert brand.display_name
    assert brand.fonts["body"] and brand.fonts["heading"]
    assert brand.colors["accent"].startswith("#")
    assert brand.paper_size == "A4"
    # the CSS is read once, starts with the generated block and has no unresolved brand vars
    assert brand.css_text.startswith("/* generated from")
    assert "var(--pr-" not in brand.css_text
    assert "@page" in brand.css_text and "string-set" in brand.css_text
    # the logo is inline-ready, titled for the tag tree's /Alt, and harmless
    svg = brand.logo_svg or ""
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert f"<title>{brand.logo_alt}</title>" in svg
    assert "<script" not in svg and "href=" not in svg.replace('href="#', "")


def test_list_brands_is_sorted_and_complete() -> None:
    names = [b.name for b in list_brands()]
    assert names == sorted(names)
    assert set(SHIPPED) <= set(names)


def test_brands_are_clearly_different() -> None:
    brands = {name: load_brand(name) for name in SHIPPED}
    assert len({b.fonts["body"] for b in brands.values()}) == 3
    assert len({b.colors["accent"] for b in brands.values()}) == 3


@pytest.mark.parametrize(
    ("organization", "expected"),
    [
        ("Länsstyrelsen i Stockholms län", "authority"),
        ("  länsstyrelsen   i stockholms LÄN ", "authority"),
        ("Skatteverket", "authority"),
        ("Department of Health and Human Services", "authority"),
        ("Orange County District Attorney", "authority"),
        ("Nordvik Energi AB (publ)", "corporate"),
        ("Länsstyrelsen i Skåne län", "authority"),
        ("Departure Airlines", "default"),
        ("Acme Widgets", "default"),
        ("", "default"),
        (None, "default"),
    ],
)
def test_match_brand(organization: str | None, expected: str) -> None:
    assert match_brand(organization).name == expected


def test_exact_name_beats_glob(styles: Path) -> None:
    _edit(
        styles / "corporate" / "brand.toml",
        'organizations = ["Nordvik*"]',
        'organizations = ["Nordvik Energi AB (publ)"]',
    )
    _edit(styles / "default" / "brand.toml", "organizations = []", 'organizations = ["Nordvik Energi*"]')
    assert match_brand("Nordvik Energi AB (publ)", styles_dir=styles).name == "corporate"
    assert match_brand("Nordvik Energi Norge AS", styles_dir=styles).name == "default"


def test_env_override(styles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _edit(
        styles / "default" / "brand.toml", 'display_name = "Pressroom Neutral"', 'display_name = "From env"'
    )
    monkeypatch.setenv("PRESSROOM_STYLES", str(styles))
    assert load_brand().display_name == "From env"
    assert load_brand().path == (styles / "default").resolve()


def test_brand_error_is_a_pressroom_error() -> None:
    with pytest.raises(PressroomError) as info:
        load_brand("no-such-brand")
    assert info.value.stage == "brand"
    assert "known brands" in (info.value.hint or "")


@pytest.mark.parametrize("name", ["../default", "Default", "", "a/b"])
def test_invalid_names(name: str) -> None:
    with pytest.raises(BrandError, match="invalid brand name"):
        load_brand(name)


def test_missing_styles_dir(tmp_path: Path) -> None:
    with pytest.raises(BrandError, match="does not exist"):
        load_brand("default", styles_dir=tmp_path / "nope")


# ---------------------------------------------------------------------- broken brands


def test_missing_logo(styles: Path) -> None:
    (styles / "default" / "logo.svg").unlink()
    with pytest.raises(BrandError, match="missing logo file"):
        load_brand("default", styles_dir=styles)


def test_missing_css(styles: Path) -> None:
    (styles / "authority" / "brand.css").unlink()
    with pytest.raises(BrandError, match="missing stylesheet"):
        load_brand("authority", styles_dir=styles)


def test_missing_toml(styles: Path) -> None:
    (styles / "corporate" / "brand.toml").unlink()
    with pytest.raises(BrandError, match=r"missing .*brand\.toml"):
        load_brand("corporate", styles_dir=styles)


def test_invalid_toml(styles: Path) -> None:
    (styles / "default" / "brand.toml").write_text("display_name = \n", encoding="utf-8")
    with pytest.raises(BrandError, match="not valid TOML"):
        load_brand("default", styles_dir=styles)


@pytest.mark.parametrize("bad", ["#12345g", "#1234567", "blurple", "rgb(1 2)", "12", "var(--x)"])
def test_bad_colour(styles: Path, bad: str) -> None:
    _edit(styles / "default" / "brand.toml", 'accent = "#1f7a7a"', f'accent = "{bad}"')
    with pytest.raises(BrandError, match="is not a CSS colour") as info:
        load_brand("default", styles_dir=styles)
    assert "accent" in str(info.value)


@pytest.mark.parametrize("good", ["#abc", "rgb(10 20 30)", "rgb(10, 20, 30)", "navy", "hsl(200 50% 40%)"])
def test_good_colours(styles: Path, good: str) -> None:
    _edit(styles / "default" / "brand.toml", 'accent = "#1f7a7a"', f'accent = "{good}"')
    assert load_brand("default", styles_dir=styles).colors["accent"] == good


def test_missing_required_colour(styles: Path) -> None:
    _edit(styles / "default" / "brand.toml", 'panel = "#f2f5f7"\n', "")
    with pytest.raises(BrandError, match="lacks panel"):
        load_brand("default", styles_dir=styles)


def test_unknown_font(styles: Path) -> None:
    _edit(styles / "default" / "brand.toml", 'body = "Carlito"', 'body = "Helvetica Neue Imaginary"')
    with pytest.raises(BrandError, match="not installed") as info:
        load_brand("default", styles_dir=styles)
    assert "Helvetica Neue Imaginary" in str(info.value)
    assert "fc-list" in (info.value.hint or "")


def test_font_shipped_in_brand_folder(styles: Path) -> None:
    """A family declared with @font-face and a file in the folder needs no system install."""
    folder = styles / "default"
    (folder / "fonts").mkdir()
    source = Path("/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf")
    if not source.exists():
        pytest.skip(f"{source} not installed (fonts-crosextra-carlito)")
    shutil.copy(source, folder / "fonts" / "house.ttf")
    _edit(folder / "brand.toml", 'body = "Carlito"', 'body = "House Sans"')
    css = folder / "brand.css"
    css.write_text(
        '@font-face { font-family: "House Sans"; src: url("fonts/house.ttf"); }\n'
        + css.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    brand = load_brand("default", styles_dir=styles)
    assert brand.fonts["body"] == "House Sans"
    assert brand.font_files == [(folder / "fonts" / "house.ttf")]


def test_unknown_css_variable(styles: Path) -> None:
    _edit(styles / "default" / "brand.css", "var(--pr-color-accent)", "var(--pr-color-acent)")
    with pytest.raises(BrandError, match="acent"):
        load_brand("default", styles_dir=styles)


def test_bad_paper_size(styles: Path) -> None:
    _edit(styles / "default" / "brand.toml", 'paper_size = "A4"', 'paper_size = "A12"')
    with pytest.raises(BrandError, match="paper_size"):
        load_brand("default", styles_dir=styles)


def test_letter_paper(styles: Path) -> None:
    _edit(styles / "default" / "brand.toml", 'paper_size = "A4"', 'paper_size = "letter"')
    brand = load_brand("default", styles_dir=styles)
    assert "@page { size: letter; }" in brand.css_text


def test_logo_outside_folder(styles: Path) -> None:
    _edit(styles / "default" / "brand.toml", 'file = "logo.svg"', 'file = "../authority/logo.svg"')
    with pytest.raises(BrandError, match="outside the brand folder"):
        load_brand("default", styles_dir=styles)


def test_logo_not_svg(styles: Path) -> None:
    (styles / "default" / "logo.svg").write_text("<html><body>no</body></html>", encoding="utf-8")
    with pytest.raises(BrandError, match="not <svg>"):
        load_brand("default", styles_dir=styles)


def test_logo_malformed(styles: Path) -> None:
    (styles / "default" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'", encoding="utf-8")
    with pytest.raises(BrandError, match="not well-formed"):
        load_brand("default", styles_dir=styles)


def test_template_override_is_found(styles: Path) -> None:
    assert load_brand("default", styles_dir=styles).template is None
    (styles / "default" / "template.html.j2").write_text('{% extends "release.html.j2" %}', encoding="utf-8")
    expected = (styles / "default" / "template.html.j2").resolve()
    assert load_brand("default", styles_dir=styles).template == expected


# ---------------------------------------------------------------------- SVG sanitizing


EVIL = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     viewBox="0 0 10 10" width="100" height="100" onload="alert(1)">
  <title>old title</title>
  <script>alert(2)</script>
  <style>@import url(http://evil.example/x.css); rect { fill: red }</style>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#000"/></linearGradient></defs>
  <rect width="10" height="10" fill="url(#g)" onclick="steal()"/>
  <image href="http://evil.example/track.png" width="1" height="1"/>
  <use xlink:href="http://evil.example/sprite.svg#a"/>
  <use href="#g"/>
  <rect style="fill: url(http://evil.example/p.svg)" width="1" height="1"/>
  <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>
  <text>&xxe;</text>
</svg>"""


def test_sanitize_svg_removes_active_and_external_content(caplog: pytest.LogCaptureFixture) -> None:
    svg = sanitize_svg(EVIL, "Our logo")
    for banned in (
        "script",
        "alert",
        "onload",
        "onclick",
        "evil.example",
        "foreignObject",
        "@import",
        "old title",
        "root:",
        "DOCTYPE",
        "xxe",
        'width="100"',
    ):
        assert banned not in svg, banned
    assert 'fill="url(#g)"' in svg  # local references stay
    assert 'href="#g"' in svg
    assert svg.index("<title>Our logo</title>") < svg.index("<rect")
    assert 'aria-label="Our logo"' in svg
    assert "removed unsafe parts" in caplog.text


def test_sanitize_requires_viewbox() -> None:
    with pytest.raises(BrandError, match="viewBox"):
        sanitize_svg(b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', "x")


@pytest.mark.parametrize("newline", ["\\r", "\\f", "\\n", "\\u0000"])
def test_brand_texts_cannot_break_out_of_their_css_string(styles: Path, newline: str) -> None:
    """address/footer lines become CSS strings; a CR or form feed (CSS newlines) must not end them."""
    import tinycss2

    payload = f"Street 1{newline}; }} html {{ background: url(file:///etc/passwd) }} p {{ x: "
    _edit(styles / "default" / "brand.toml", "address_lines = []", f'address_lines = ["{payload}"]')
    brand = load_brand("default", styles_dir=styles)

    def tokens(values: list) -> list:
        out = []
        for t in values or []:
            out.append(t)
            out.extend(tokens(getattr(t, "content", None) or getattr(t, "arguments", None) or []))
        return out

    rules = tinycss2.parse_stylesheet(brand.css_text, skip_whitespace=True, skip_comments=True)
    every = tokens([t for r in rules for t in (list(r.prelude or []) + list(r.content or []))])
    assert not [t for t in every if t.type == "url" and "passwd" in t.value]
    assert not [t for t in every if t.type == "error"]
    assert any(t.type == "string" and "background" in t.value for t in every)  # the text stays text


@pytest.mark.parametrize("ref", ['url("https://fonts.example/f.woff2")', "url(//cdn.example/x.png)",
                                 'url("file:///etc/passwd")', 'url("/etc/passwd")', 'url("../corporate/logo.svg")',
                                 '@import "https://evil.example/x.css"', "url(C:\\\\x.png)"])
def test_css_references_outside_the_folder_are_refused(styles: Path, ref: str) -> None:
    css = styles / "default" / "brand.css"
    css.write_text(f"h1 {{ background: {ref} }}\n" if ref.startswith("url") else ref + ";\n" + css.read_text(
        encoding="utf-8"), encoding="utf-8")
    with pytest.raises(BrandError, match="outside the brand folder"):
        load_brand("default", styles_dir=styles)


def test_css_references_inside_the_folder_and_data_urls_load(styles: Path) -> None:
    css = styles / "default" / "brand.css"
    extra = '\nh2 { background: url(logo.svg), url("data:image/png;base64,AA") }\n/* url(https://a.comment/) */\n'
    css.write_text(css.read_text(encoding="utf-8") + extra, encoding="utf-8")
    assert load_brand("default", styles_dir=styles).name == "default"


def test_css_and_template_outside_the_folder_are_refused(styles: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere.css").write_text("h1 { color: red }", encoding="utf-8")
    _edit(styles / "default" / "brand.toml", 'locale = "en-GB"', 'locale = "en-GB"\ncss = "../../elsewhere.css"')
    with pytest.raises(BrandError, match=r"css '\.\./\.\./elsewhere\.css' points outside"):
        load_brand("default", styles_dir=styles)
    _edit(styles / "default" / "brand.toml", 'css = "../../elsewhere.css"', 'css = "brand.css"')
    (styles / "default" / "template.html.j2").symlink_to(tmp_path / "elsewhere.css")
    with pytest.raises(BrandError, match="template"):
        load_brand("default", styles_dir=styles)

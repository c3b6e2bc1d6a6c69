"""HTML → branded, archival, tagged PDF with the machine-readable twins embedded.

The PDF is the document of record a press office files away, so it is PDF/A-3b by
default (archival, fonts embedded, sRGB output intent) and tagged (structure tree,
/Lang, alt text on the logo) so screen readers get the headline, lead, quotes and
contacts in reading order. PDF/A-3 (not -2) because it allows arbitrary associated
files: the NewsML-G2 XML rides along as the /Alternative representation and the
original text as the /Source, so one file carries everything.

Two properties shape the code:

* Reproducible: the same release gives the same bytes. Dates come from the release's
  issued date, never from the clock; the trailer /ID is a hash of what went in; the
  embedded files' dates are the issued date too. (WeasyPrint would otherwise stamp
  attachments with `datetime.now()`.)
* Cheap per release: a `PdfRenderer` is made once per brand and process; it keeps
  WeasyPrint's `FontConfiguration` (fontconfig and @font-face loading is the slow part)
  and the brand CSS parsed once, and serves resources through the brand-folder fetcher.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import pydyf
import weasyprint
from weasyprint.pdf import VARIANTS
from weasyprint.text.fonts import FontConfiguration

from .brand import Brand
from .errors import PressroomError
from .fetcher import BrandFolderFetcher
from .model import Paragraph, Quote, Release
from .pdfhyphen import PUA_HYPHEN, hyphen_css, soft_hyphens_in_text_layer

if TYPE_CHECKING:
    from weasyprint.document import Document

log = logging.getLogger(__name__)

RELATIONSHIPS = ("Source", "Data", "Alternative", "Supplement", "EncryptedPayload", "FormData",
                 "Schema", "Unspecified")
#: Used when a release has no issued date: a fixed instant keeps the output reproducible.
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass
class Attachment:
    """A file embedded in the PDF as a PDF/A-3 associated file (/AF)."""

    filename: str
    data: bytes
    mime_type: str
    relationship: str = "Unspecified"  # ISO 32000-2 7.11.3: Source, Data, Alternative, Supplement, ...
    description: str | None = None


def variants() -> list[str]:
    """PDF variants the installed WeasyPrint can produce (pdf/a-3b, pdf/ua-1, ...)."""
    return sorted(VARIANTS)


class PdfRenderer:
    """Lays out and writes releases for one brand; create once per process and brand."""

    def __init__(self, brand: Brand, variant: str | None = "pdf/a-3b", *, tagged: bool = True):
        if variant is not None and variant not in VARIANTS:
            raise PressroomError("pdf", f"unknown PDF variant {variant!r}",
                                 hint="one of: " + ", ".join(variants()))
        self.brand = brand
        self.variant = variant
        self.tagged = tagged
        self.font_config = FontConfiguration()
        self.fetcher = BrandFolderFetcher(brand.path)
        # Parsed once; @font-face rules are registered with font_config here, once.
        self.stylesheet = weasyprint.CSS(string=brand.css_text, base_url=brand.base_url,
                                         font_config=self.font_config, url_fetcher=self.fetcher)
        self._css_key = _norm_css(brand.css_text)
        # PDF-only hyphenation whose hyphens extract as U+00AD (pdfhyphen.py); None: not hyphenated.
        self.hyphen_css = hyphen_css(brand.fonts.get("body", ""))
        self.hyphen_sheet = (weasyprint.CSS(string=self.hyphen_css, font_config=self.font_config)
                             if self.hyphen_css else None)

    # ------------------------------------------------------------------ layout

    def _options(self) -> dict[str, Any]:
        return {"pdf_variant": self.variant, "pdf_tags": self.tagged}

    def layout(self, html: str, release: Release, media: dict[str, bytes] | None = None) -> Document:
        """Paginate the HTML with the brand CSS; the page count is known afterwards.

        The HTML writer inlines the brand CSS in a `<style>` (so release.html is
        self-contained in a browser). When that block is exactly this brand's CSS it is
        swapped for the pre-parsed stylesheet; any other `<style>` is left to WeasyPrint.
        Relative URLs resolve against the brand folder, and only it can be read — plus, for
        this layout only, the picture renditions in `media` (href → bytes), served from memory
        by exact URL (`fetcher.allow`), so a release can never reach a file it did not bring.
        """
        html, swapped = self._swap_brand_style(html)
        html = keep_hyphenated_words_whole(html)
        refused_before = self.fetcher.refusals
        # The hyphen sheet only when the brand CSS is ours: both are user-origin sheets here and
        # it must come after the brand's `hyphens: none`; an HTML <style> would outrank it.
        sheets = [self.stylesheet, *([self.hyphen_sheet] if self.hyphen_sheet else [])] if swapped else []
        with self.fetcher.allow({urljoin(self.brand.base_url, href): data for href, data in (media or {}).items()}):
            document = weasyprint.HTML(string=html, base_url=self.brand.base_url,
                                       url_fetcher=self.fetcher).render(
                font_config=self.font_config, stylesheets=sheets, **self._options())
        self._set_metadata(document, release)
        # Remembered for the file /ID: the same release in different HTML is a different file.
        document.pressroom_html_sha256 = hashlib.sha256(html.encode("utf-8")).hexdigest()
        refused = self.fetcher.refusals - refused_before
        if refused:
            log.warning("%d resource(s) refused while laying out %r", refused, release.headline[:60])
        return document

    def _swap_brand_style(self, html: str) -> tuple[str, bool]:
        for match in _STYLE_RE.finditer(html):
            if _norm_css(match.group(2)) == self._css_key:
                return html[:match.start()] + html[match.end():], True
        if "<style" not in html:
            # Fixture or hand-made HTML without the brand CSS: still style it.
            return html, True
        return html, False

    def _set_metadata(self, document: Document, release: Release) -> None:
        """PDF Info + XMP from the release, not from whatever the HTML head says."""
        meta = document.metadata
        meta.title = release.headline
        meta.authors = [release.organization] if release.organization else []
        lead = release.lead
        meta.description = _plain(lead.text) if isinstance(lead, (Paragraph, Quote)) else None
        keywords = [release.release_type, release.organization, release.language,
                    release.dateline.city if release.dateline else None, "press release"]
        meta.keywords = list(dict.fromkeys(k for k in keywords if k))
        if release.language:
            meta.lang = release.language
        stamp = _w3c(release.issued)
        meta.created = stamp
        meta.modified = stamp
        meta.attachments = []  # only the files passed to write(), never <link rel=attachment>

    # ------------------------------------------------------------------ write

    def write(self, document: Document, release: Release,
              attachments: list[Attachment] | None = None) -> bytes:
        """The PDF bytes: variant, tags, metadata, associated files, reproducible /ID."""
        attachments = list(attachments or [])
        names = [a.filename for a in attachments]
        if len(set(names)) != len(names):
            raise PressroomError("pdf", f"duplicate attachment names: {names}")
        for a in attachments:
            if a.relationship not in RELATIONSHIPS:
                raise PressroomError("pdf", f"attachment {a.filename}: unknown relationship "
                                     f"{a.relationship!r}", hint=", ".join(RELATIONSHIPS))
        can_embed = not (self.variant or "").startswith(("pdf/a-1", "pdf/a-2"))
        if attachments and not can_embed:
            # PDF/A-1 forbids embedded files, PDF/A-2 allows only PDF/A files: WeasyPrint drops them.
            log.warning("%s cannot carry %s; they are left out of the PDF (use pdf/a-3b)",
                        self.variant, ", ".join(names))
        when = _utc(release.issued)
        wp_attachments = [
            weasyprint.Attachment(string=a.data, name=a.filename, description=a.description or a.filename,
                                  created=when, modified=when, relationship=a.relationship)
            for a in attachments if can_embed]
        identifier = self._identifier(document, release, attachments)
        by_name = {a.filename: a for a in attachments}

        def finisher(_document: Document, pdf: pydyf.PDF) -> None:
            if can_embed:
                _fix_attachments(pdf, by_name)
            _drop_empty_resources(pdf)
            _no_interpolation(pdf)
            if "StructTreeRoot" in pdf.catalog:
                _margin_boxes_as_artifacts(pdf)
                _figure_lettering_out_of_text(pdf)
            soft_hyphens_in_text_layer(pdf)

        return document.write_pdf(attachments=wp_attachments, pdf_identifier=identifier,
                                  finisher=finisher, **self._options())

    def render(self, html: str, release: Release, attachments: list[Attachment] | None = None) -> bytes:
        """layout + write, for callers that do not need the page count in between."""
        return self.write(self.layout(html, release), release, attachments)

    def _identifier(self, document: Document, release: Release, attachments: list[Attachment]) -> bytes:
        """A file /ID that depends only on the content (ISO 32000 wants it unique per file)."""
        h = hashlib.sha256()
        for part in (weasyprint.__version__, self.brand.name, self.variant or "", repr(release.to_dict()),
                     str(len(document.pages)), getattr(document, "pressroom_html_sha256", ""),
                     hashlib.sha256(self.brand.css_text.encode("utf-8")).hexdigest(),
                     hashlib.sha256((self.hyphen_css or "").encode("utf-8")).hexdigest()):
            h.update(part.encode("utf-8") + b"\0")
        for a in attachments:
            h.update(b"\0".join((a.filename.encode(), a.relationship.encode(), a.mime_type.encode(),
                                  hashlib.sha256(a.data).digest())))
        return h.hexdigest()[:32].encode("ascii")


# ---------------------------------------------------------------------- helpers

_STYLE_RE = re.compile(r"<style(\s[^>]*)?>(.*?)</style>", re.S | re.I)


def _norm_css(css: str) -> str:
    return re.sub(r"\s+", " ", css).strip()


def _plain(text: str) -> str:
    return " ".join(text.split())


def _w3c(value: dt.date | dt.datetime | None) -> str | None:
    """W3C-DTF for WeasyPrint's metadata (→ /CreationDate and xmp:CreateDate)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:  # the model forbids it; be safe rather than guess
            value = value.replace(tzinfo=dt.UTC)
        return value.isoformat(timespec="seconds").replace("+00:00", "Z")
    return value.isoformat()


def _utc(value: dt.date | dt.datetime | None) -> dt.datetime:
    """WeasyPrint prints attachment dates as UTC ('...Z'), so hand it UTC."""
    if value is None:
        return EPOCH
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return aware.astimezone(dt.UTC)
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)


def _fix_attachments(pdf: pydyf.PDF, by_name: dict[str, Attachment]) -> None:
    """Make each embedded file a proper PDF/A-3 associated file.

    WeasyPrint 70 guesses the MIME type from the file name (an `.txt` source is fine,
    but `release.xml` would come out as `text/xml` and an unknown name as octet-stream),
    keys /AFRelationship by MD5 (two identical files would collide), lists every file
    twice in the catalog /AF, and sets /AF only for PDF/A-3 variants. This runs on the
    pydyf object graph before serialization, so no re-parse or re-write is needed.
    """
    filespecs = []
    for obj in pdf.objects:
        if not isinstance(obj, dict) or obj.get("Type") != "/Filespec":
            continue
        name = _pydyf_text(obj.get("UF"))
        att = by_name.get(name)
        if att is None:
            continue
        obj["AFRelationship"] = f"/{att.relationship}"
        stream = pdf.objects[int(obj["EF"]["F"].split()[0])]
        stream.extra["Subtype"] = "/" + att.mime_type.replace("/", "#2f").replace("+", "#2b")
        filespecs.append(obj.reference)
    if filespecs:
        pdf.catalog["AF"] = pydyf.Array(filespecs)


def _drop_empty_resources(pdf: pydyf.PDF) -> None:
    """Remove the empty /Pattern and /Shading dictionaries WeasyPrint always writes.

    They are valid PDF, but an allow-list PDF/A validator (pikepdf.pdfa) cannot vouch
    for resource kinds it does not check and reports them as 'unsupported'; without
    them the default and corporate brands validate as plain 'passed'.
    """
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Dictionary) and "ColorSpace" in obj and "XObject" in obj:
            for key in ("Pattern", "Shading"):
                if key in obj and isinstance(obj[key], dict) and not obj[key]:
                    del obj[key]


def _no_interpolation(pdf: pydyf.PDF) -> int:
    """Set /Interpolate false on every image XObject (ISO 19005-3 6.2.8 forbids true).

    WeasyPrint writes true for `image-rendering: auto`, the default every brand CSS gets;
    fixing it here keeps a press photo from breaking PDF/A whatever the brand writes.
    """
    changed = 0
    for obj in pdf.objects:
        extra = getattr(obj, "extra", None)
        if (isinstance(obj, pydyf.Stream) and isinstance(extra, dict) and extra.get("Subtype") == "/Image"
                and extra.get("Interpolate") not in (None, "false")):
            extra["Interpolate"] = "false"
            changed += 1
    return changed


def _obj(pdf: pydyf.PDF, ref: Any) -> Any:
    """The pydyf object an indirect reference (b'12 0 R') points to."""
    return pdf.objects[int(ref.split()[0])]


def _margin_boxes_as_artifacts(pdf: pydyf.PDF) -> int:
    """Mark running headers and footers as pagination artifacts.

    WeasyPrint 70 tags margin-box text with MCIDs and structure elements but leaves those
    elements out of the tree (see weasyprint/pdf/tags.py), so the header and footer
    are neither real content reachable from the StructTreeRoot nor artifacts, which
    PDF/UA (ISO 14289-1 7.1, Matterhorn 01-005) forbids. Repeated page furniture is
    exactly what `/Artifact <</Type /Pagination>>` is for: this rewrites those marked-
    content sequences in the page streams and nulls their ParentTree entries, before
    the file is serialized. Returns the number of sequences changed.
    """
    root = pdf.objects[int(pdf.catalog["StructTreeRoot"].split()[0])]
    reachable: set[int] = set()
    stack = [ref for ref in root["K"]]
    while stack:
        ref = stack.pop()
        if not isinstance(ref, bytes):
            continue  # an MCID (int) or an OBJR dictionary inline
        number = int(ref.split()[0])
        if number in reachable:
            continue
        reachable.add(number)
        element = pdf.objects[number]
        if isinstance(element, dict):
            stack.extend(k for k in element.get("K", []) if isinstance(k, bytes))
    nums = _obj(pdf, root["ParentTree"])["Nums"]
    orphans: dict[int, set[int]] = {}
    for key, value in zip(nums[::2], nums[1::2], strict=True):
        if not isinstance(value, pydyf.Array):
            continue  # annotation StructParent entries map to one element, not an array
        for mcid, ref in enumerate(value):
            if isinstance(ref, bytes) and ref != b"null" and int(ref.split()[0]) not in reachable:
                orphans.setdefault(int(key), set()).add(mcid)
                value[mcid] = b"null"
    changed = 0
    for page_number, page_object_number in enumerate(pdf.pages["Kids"][::3]):  # Kids: n 0 R n 0 R ...
        wanted = orphans.get(page_number)
        if not wanted:
            continue
        ops = _obj(pdf, pdf.objects[page_object_number]["Contents"]).stream
        for i in range(len(ops) - 2):
            props = ops[i + 1]
            if (ops[i + 2] == b"BDC" and isinstance(props, pydyf.Dictionary)
                    and props.get("MCID") in wanted and isinstance(ops[i], str)):
                ops[i] = "/Artifact"
                ops[i + 1] = pydyf.Dictionary({"Type": "/Pagination"})
                changed += 1
    return changed


def _figure_lettering_out_of_text(pdf: pydyf.PDF) -> int:
    """Take the lettering of figures that have /Alt out of the extracted text.

    The masthead logo is an inline SVG whose wordmark is real text ("PRESSROOM"), drawn
    above or beside the headline; pdftotext reads the page by position, so the wordmark
    came first or, when the release has no organization line, interleaved with the
    headline. The figure's text equivalent is its /Alt on the structure element (what
    screen readers use), so its glyphs get an empty /ActualText (ISO 32000-1 14.9.4):
    a nested `/Span <</ActualText ()>> BDC ... EMC` inside the figure's marked content
    (poppler honours ActualText only on a /Span). Returns the number of figures changed.
    """
    root = pdf.objects[int(pdf.catalog["StructTreeRoot"].split()[0])]
    wanted: dict[int, set[int]] = {}
    nums = _obj(pdf, root["ParentTree"])["Nums"]
    for key, value in zip(nums[::2], nums[1::2], strict=True):
        if not isinstance(value, pydyf.Array):
            continue
        for mcid, ref in enumerate(value):
            if not isinstance(ref, bytes) or ref == b"null":
                continue
            element = _obj(pdf, ref)
            if isinstance(element, dict) and element.get("S") == "/Figure" and element.get("Alt"):
                wanted.setdefault(int(key), set()).add(mcid)
    changed = 0
    for page_number, page_object_number in enumerate(pdf.pages["Kids"][::3]):
        mcids = wanted.get(page_number)
        if not mcids:
            continue
        content = _obj(pdf, pdf.objects[page_object_number]["Contents"])
        content.stream, count = _wrap_actual_text(content.stream, mcids)
        changed += count
    return changed


def _wrap_actual_text(ops: list[Any], mcids: set[int]) -> tuple[list[Any], int]:
    """The operator list with the marked content of `mcids` wrapped in an empty ActualText.

    pydyf keeps each operator and each operand as its own list item, so marked-content
    nesting is counted on the items BDC/BMC/EMC; a sequence without its EMC is left alone.
    """
    out: list[Any] = []
    i, count = 0, 0
    while i < len(ops):
        props = ops[i + 1] if i + 2 < len(ops) else None
        if (ops[i] == "/Figure" and ops[i + 2:i + 3] == [b"BDC"]
                and isinstance(props, pydyf.Dictionary) and props.get("MCID") in mcids):
            end = _matching_emc(ops, i + 3)
            if end is not None:
                out += [ops[i], props, b"BDC", "/Span", pydyf.Dictionary({"ActualText": pydyf.String("")}),
                        b"BDC", *ops[i + 3:end], b"EMC", b"EMC"]
                i, count = end + 1, count + 1
                continue
        out.append(ops[i])
        i += 1
    return out, count


def _matching_emc(ops: list[Any], start: int) -> int | None:
    depth = 1
    for j in range(start, len(ops)):
        if ops[j] in (b"BDC", b"BMC"):
            depth += 1
        elif ops[j] == b"EMC":
            depth -= 1
            if depth == 0:
                return j
    return None


#: A hyphen-minus and what follows it: a space, or any other character but a joiner.
#: A hyphen-minus and a run of HTML whitespace after it, or the character after it (not a joiner).
_HYPHEN = re.compile(r"-(?:[ \t\r\n]++|(?=[^\s\u2060]))")
WORD_JOINER = "\u2060"


def _no_break_after_hyphens(text: str) -> str:
    text = text.replace(PUA_HYPHEN, "")  # only ever drawn at hyphenation points (pdfhyphen.py)
    return _HYPHEN.sub(lambda m: "-" + WORD_JOINER + ("\u00a0" if len(m.group(0)) > 1 else ""), text)


def keep_hyphenated_words_whole(html: str) -> str:
    """No line ends with a hyphen-minus: in the HTML's text, a joiner or no-break space after each.

    A line may end after the hyphen of a compound ("Asia-" / "Pacific", "2024-" / "2025")
    or a suspended one ("ilmoitus- ja"), and pdftotext then joins the two lines and drops
    the hyphen as if it were a hyphenation point ("AsiaPacific", "ilmoitusja"): words that
    are not in the release. U+2060 WORD JOINER after an inner hyphen forbids the break
    (UAX #14) and draws nothing (Pango gives it an empty glyph, so it is not in the text
    layer either); after a suspended hyphen the space becomes joiner + U+00A0 (UAX #14
    still allows a break between a hyphen and U+00A0), so the hyphen travels with the
    next word. Tags, comments, <style> and <script> are left as they are, found
    with str.find (linear, whatever the markup); only the PDF's HTML changes, never
    release.html.
    """
    out: list[str] = []
    pos, lower = 0, html.lower()
    while True:
        lt = html.find("<", pos)
        if lt < 0:
            out.append(_no_break_after_hyphens(html[pos:]))
            return "".join(out)
        out.append(_no_break_after_hyphens(html[pos:lt]))
        if html.startswith("<!--", lt):
            end = html.find("-->", lt + 4)
            end = len(html) if end < 0 else end + 3
        else:
            end = html.find(">", lt)
            end = len(html) if end < 0 else end + 1
            for raw in ("script", "style"):
                if lower.startswith(raw, lt + 1) and not lower[lt + 1 + len(raw):lt + 2 + len(raw)].isalnum():
                    close = lower.find(f"</{raw}", end)
                    end = len(html) if close < 0 else close
        out.append(html[lt:end])
        pos = end


def _pydyf_text(value: Any) -> str | None:
    if isinstance(value, pydyf.String):
        return value.string if isinstance(value.string, str) else value.string.decode("utf-8", "replace")
    return None


# ---------------------------------------------------------------------- extract


MAX_EXTRACT_BYTES = 100 * 1024 * 1024
"""Per embedded file: a release's source and NewsML-G2 are far smaller; a PDF from elsewhere
may carry a flate bomb (kilobytes that inflate to gigabytes)."""


def extract_attachments(pdf_bytes: bytes) -> dict[str, bytes]:
    """Embedded files by name (the NewsML-G2 twin and the source), for `pressroom extract`."""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
            files = {}
            for name, spec in pdf.attachments.items():
                if "/EF" not in spec.obj:  # a file specification whose data was stripped
                    continue
                files[name] = _embedded_bytes(name, spec.get_file().obj)
            return files
    except pikepdf.PasswordError:  # not a PdfError: it must be caught by name
        raise PressroomError("extract", "the PDF is password-protected",
                             "extract from an unencrypted copy (qpdf --decrypt)") from None
    except pikepdf.PdfError as exc:
        raise PressroomError("extract", f"not a readable PDF: {exc}") from None


def _embedded_bytes(name: str, stream: Any) -> bytes:
    """The decoded file, inflating a plain /FlateDecode stream with a cap instead of all at once."""
    import zlib

    import pikepdf

    too_big = PressroomError("extract", f"the embedded file {name!r} is larger than "
                             f"{MAX_EXTRACT_BYTES // 1024 // 1024} MB once decoded; not extracted",
                             "a Pressroom PDF carries only the NewsML-G2 file and the source")
    if stream.get("/Filter") == pikepdf.Name.FlateDecode and "/DecodeParms" not in stream:
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(stream.read_raw_bytes(), MAX_EXTRACT_BYTES + 1)
        except zlib.error as exc:
            raise PressroomError("extract", f"the embedded file {name!r} is damaged: {exc}") from None
        if len(data) > MAX_EXTRACT_BYTES:
            raise too_big
        return data
    data = stream.read_bytes()  # other filters (rare): decoded by qpdf, size checked afterwards
    if len(data) > MAX_EXTRACT_BYTES:
        raise too_big
    return data

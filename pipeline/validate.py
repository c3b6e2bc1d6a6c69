"""Offline validation of NewsML-G2 items: IPTC's XSD plus the checks the XSD cannot make.

The XSD is IPTC's and is never copied into the project: it is found at an explicit path,
through `PRESSROOM_NEWSML_XSD`, or in the shared folder beside the repository. Nothing here
touches the network: parsers run with `no_network=True`, no DTDs and no entity expansion,
and the one remote import of the schema (W3C's xml.xsd) is mapped to the copy that must
sit beside the XSD.

The XSD alone passes items that agencies would still choke on (docs/newsml.md and
../shared/docs/newsml-g2.md, pitfalls 3 and 5), so `lint_newsml` adds three checks: every QCode
alias must be declared (IPTC catalog v41 or the item's own inline catalog), the inline
XHTML body must really be in the XHTML namespace, and every remoteContent must name its
rendition (Superdesk's ingest fails the item otherwise).
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from lxml import etree

from .errors import PressroomError

NAR_NS = "http://iptc.org/std/nar/2006-10-01/"
XHTML_NS = "http://www.w3.org/1999/xhtml"
NITF_NS = "http://iptc.org/std/NITF/2006-10-18/"
XSD_NAME = "NewsML-G2_2.35-spec-All-Power.xsd"
ENV_XSD = "PRESSROOM_NEWSML_XSD"
REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_NEWSML = REPO_ROOT.parent / "shared" / "schemas" / "newsml-g2"
IPTC_CATALOG_FILE = SHARED_NEWSML / "iptc-catalog" / "catalog.IPTC-G2-Standards_41.xml"

W3C_XML_XSD = frozenset({
    "http://www.w3.org/2001/xml.xsd",
    "https://www.w3.org/2001/xml.xsd",
    "http://www.w3.org/2009/01/xml.xsd",
    "https://www.w3.org/2009/01/xml.xsd",
})

MAX_ITEM_BYTES = 50 * 1024 * 1024
"""A NewsML-G2 item is kilobytes; a file beyond this is refused by its size, before it is read
(a sparse or runaway file would otherwise be read whole into memory)."""

CONTENTTYPE_NS = {"application/xhtml+xml": XHTML_NS, "application/nitf+xml": NITF_NS}

QCODE_ATTRIBUTES = frozenset({
    "accesstype", "aspect", "audiochannels", "audiocodec", "authoritystatus", "colourindicator",
    "colourspace", "concepttype", "confirmationstatus", "creator", "derivedfrom", "durationunit",
    "encoding", "environment", "format", "hashtype", "heightunit", "how", "idformat",
    "interactiontype", "jobtitle", "layoutorientation", "market", "marketlabelsrc", "mode", "part",
    "pubconstraint", "qcode", "radunit", "ratertype", "ratingtype", "rel", "rendition", "renditionref",
    "reposrole", "representation", "residrefformat", "role", "scaleunit", "scope", "severity",
    "symbolsrc", "target", "tech", "timeunit", "type", "valcalctype", "valueunit", "videocodec",
    "videodefinition", "videoscaling", "why", "widthunit",
})
"""Attributes the 2.35 XSD types as QCodeType or QCodeListType (tests re-derive it from the XSD).
Exceptions there: `role` on `origin` and `rel` on the inline `a` element are plain strings."""

_PLAIN_STRING_ATTRIBUTES = {(f"{{{NAR_NS}}}origin", "role"), (f"{{{NAR_NS}}}a", "rel")}

FALLBACK_IPTC_ALIASES = frozenset({"ninat", "stat", "genre", "drol", "irel", "loctyp", "rnd"})
"""Used only when the IPTC catalog file is absent: the aliases Pressroom itself emits."""

_IPTC_CATALOG_HREF = re.compile(r"catalog\.IPTC-G2-Standards_\d+\.xml$")


def safe_parser() -> etree.XMLParser:
    """An XML parser for untrusted input: no entities, no DTD, no network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class OfflineResolver(etree.Resolver):
    """Map W3C's xml.xsd to the local copy and refuse every other remote URL."""

    def __init__(self, local_xml_xsd: Path):
        super().__init__()
        self.local_xml_xsd = str(local_xml_xsd)

    def resolve(self, url: str, pubid: str | None, context: object) -> object:
        if url in W3C_XML_XSD:
            return self.resolve_filename(self.local_xml_xsd, context)
        if url and url.split(":", 1)[0].lower() in ("http", "https", "ftp"):
            raise etree.XMLSchemaParseError(f"offline: refusing to fetch {url}")
        return None


def find_schema(path: str | Path | None = None) -> Path | None:
    """The NewsML-G2 2.35 XSD: `path`, else $PRESSROOM_NEWSML_XSD, else the shared folder.

    None when the chosen candidate is not a file (the CLI turns that into a usage message).
    An explicit path or the environment variable is never silently replaced by the default,
    so validating against a different schema than the one asked for cannot happen.
    """
    if path:
        candidate = Path(path).expanduser()
    elif os.environ.get(ENV_XSD):
        candidate = Path(os.environ[ENV_XSD]).expanduser()
    else:
        candidate = SHARED_NEWSML / XSD_NAME
    return candidate.resolve() if candidate.is_file() else None


def validate_newsml(xml: bytes, xsd: Path) -> list[str]:
    """XSD errors as "line N: message" (empty when valid); raises PressroomError for a bad XSD."""
    schema = _load_schema(Path(xsd))
    try:
        doc = etree.fromstring(xml, safe_parser())
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed XML: {exc}"]
    entities = [f"line {e.sourceline}: entity reference {e.text} is not allowed (entities are never expanded)"
                for e in doc.iter(etree.Entity)]
    if entities:  # libxml2's validator cannot cope with unexpanded entity nodes
        return entities
    try:
        if schema.validate(doc):
            return []
    except etree.XMLSchemaValidateError as exc:
        return [f"schema validation failed: {exc}"]
    return [f"line {error.line}: {error.message}" for error in schema.error_log]


def lint_newsml(xml: bytes | etree._Element, catalog: Path | None = None) -> list[str]:
    """What the XSD lets through: undeclared QCode aliases, mis-namespaced inline bodies and
    remote renditions without a `rendition` QCode (optional in the XSD, but Superdesk's ingest
    refuses the whole item without it).

    IPTC aliases count as declared only when the item has a catalogRef to an IPTC G2-Standards
    catalog; they are looked up in catalog v41 (`catalog`, default the shared copy). Aliases of
    the item's inline `<catalog>` count too. QCodes are checked on NewsML-G2 elements only —
    attributes inside an inline body belong to the body's own vocabulary.
    """
    if isinstance(xml, bytes):
        try:
            root = etree.fromstring(xml, safe_parser())
        except etree.XMLSyntaxError as exc:
            return [f"not well-formed XML: {exc}"]
    else:
        root = xml
    return _lint_qcodes(root, catalog) + _lint_bodies(root) + _lint_renditions(root)


class _TooBig(Exception):
    """A file over MAX_ITEM_BYTES, refused before it is read."""


def validate_file(path: str | Path, xsd: Path | None = None) -> list[str]:
    """XSD + lint errors for one file; every problem is returned as a message, never raised."""
    from .files import SpecialFileError, read_regular

    def small_enough(size: int) -> None:
        if size > MAX_ITEM_BYTES:
            raise _TooBig(f"the file is {size / 1024 / 1024:,.0f} MB; a NewsML-G2 item is at most "
                          f"{MAX_ITEM_BYTES // 1024 // 1024} MB")

    path = Path(path)
    try:
        data = read_regular(path, small_enough)
    except SpecialFileError:  # a folder, FIFO or device: never read
        return ["not a regular file (give a NewsML-G2 .xml file)"]
    except _TooBig as exc:
        return [str(exc)]
    except OSError as exc:
        return [f"cannot read the file: {exc.strerror or exc}"]
    xsd = xsd or find_schema(None)
    if xsd is None:
        return [f"no NewsML-G2 XSD found (pass --xsd or set {ENV_XSD})"]
    try:
        errors = validate_newsml(data, xsd)
    except PressroomError as exc:
        return [exc.one_line()]
    if errors and errors[0].startswith("not well-formed"):
        return errors
    return errors + lint_newsml(data)


def iptc_aliases(catalog: Path | None = None) -> frozenset[str]:
    """Scheme aliases declared by the IPTC catalog file (fallback: the ones Pressroom uses)."""
    path = Path(catalog) if catalog else IPTC_CATALOG_FILE
    if not path.is_file():
        return FALLBACK_IPTC_ALIASES
    return _catalog_aliases(str(path.resolve()), path.stat().st_mtime_ns)


# --------------------------------------------------------------------------- internals


def _load_schema(xsd: Path) -> etree.XMLSchema:
    if not xsd.is_file():
        raise PressroomError("validate", f"XSD not found: {xsd}",
                             f"pass --xsd or set {ENV_XSD} to IPTC's {XSD_NAME}")
    resolved = xsd.resolve()
    return _schema_cached(str(resolved), resolved.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _schema_cached(xsd: str, mtime_ns: int) -> etree.XMLSchema:
    """Parsing the 6,000-line XSD takes a noticeable moment: once per process (and file version)."""
    local_xml_xsd = Path(xsd).parent / "xml.xsd"
    parser = safe_parser()
    parser.resolvers.add(OfflineResolver(local_xml_xsd))
    try:
        return etree.XMLSchema(etree.parse(xsd, parser))
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError, OSError) as exc:
        hint = None if local_xml_xsd.is_file() else f"xml.xsd must sit beside the XSD ({local_xml_xsd})"
        raise PressroomError("validate", f"cannot load the XSD {xsd}: {exc}", hint) from None


@functools.lru_cache(maxsize=4)
def _catalog_aliases(path: str, mtime_ns: int) -> frozenset[str]:
    root = etree.parse(path, safe_parser()).getroot()
    return frozenset(s.get("alias") for s in root.iter(f"{{{NAR_NS}}}scheme") if s.get("alias"))


def _lint_qcodes(root: etree._Element, catalog: Path | None) -> list[str]:
    inline = {s.get("alias") for s in root.iter(f"{{{NAR_NS}}}scheme")
              if s.get("alias") and _parent_tag(s) == f"{{{NAR_NS}}}catalog"}
    refs = [c.get("href") or "" for c in root.iter(f"{{{NAR_NS}}}catalogRef")]
    iptc = iptc_aliases(catalog) if any(_IPTC_CATALOG_HREF.search(h) for h in refs) else frozenset()
    declared = inline | iptc
    others = [h for h in refs if not _IPTC_CATALOG_HREF.search(h)]
    if not iptc:
        where = " (the item has no catalogRef to an IPTC catalog)"
    elif others:
        where = f" in IPTC catalog v41 or the inline catalog (not checkable offline: {', '.join(others)})"
    else:
        where = ""
    errors = []
    for element in root.iter():
        if not isinstance(element.tag, str) or not element.tag.startswith(f"{{{NAR_NS}}}"):
            continue
        for name, value in element.attrib.items():
            if name not in QCODE_ATTRIBUTES or (element.tag, name) in _PLAIN_STRING_ATTRIBUTES:
                continue
            for qcode in value.split():
                alias = qcode.split(":", 1)[0]
                if alias not in declared:
                    errors.append(f"line {element.sourceline}: {etree.QName(element).localname}/@{name} "
                                  f"{qcode!r}: scheme alias {alias!r} is not declared{where}")
    errors += [f"inline catalog redeclares the IPTC alias {alias!r}" for alias in sorted(inline & iptc)]
    return errors


def _lint_bodies(root: etree._Element) -> list[str]:
    errors = []
    for inline in root.iter(f"{{{NAR_NS}}}inlineXML"):
        kids = [k for k in inline if isinstance(k.tag, str)]
        if not kids:
            continue
        body = kids[0]
        ctype = (inline.get("contenttype") or "").split(";")[0].strip().lower()
        expected = CONTENTTYPE_NS.get(ctype)
        namespace = etree.QName(body).namespace
        if namespace in (None, NAR_NS):
            where = "no namespace" if namespace is None else "the NewsML-G2 namespace"
            errors.append(f"line {body.sourceline}: inlineXML body <{etree.QName(body).localname}> is in "
                          f"{where}; declare the body's own xmlns (XHTML or NITF) on its root")
            continue
        if expected and namespace != expected:
            errors.append(f"line {inline.sourceline}: inlineXML contenttype={ctype!r} but the body root "
                          f"is {{{namespace}}}{etree.QName(body).localname}")
            continue
        if expected == XHTML_NS and etree.QName(body).localname != "html":
            errors.append(f"line {body.sourceline}: XHTML body root is <{etree.QName(body).localname}>, "
                          "not <html>")
        for element in body.iter():
            if not isinstance(element.tag, str):
                continue
            ns = etree.QName(element).namespace
            if ns in (None, NAR_NS):
                where = "no namespace" if ns is None else "the NewsML-G2 namespace"
                errors.append(f"line {element.sourceline}: body element <{etree.QName(element).localname}> "
                              f"is in {where}, not in its body's namespace")
    return errors


def _lint_renditions(root: etree._Element) -> list[str]:
    return [f"line {remote.sourceline}: remoteContent {remote.get('href') or ''!r} has no rendition "
            "(e.g. rendition=\"rnd:print\"); Superdesk refuses the item without one"
            for remote in root.iter(f"{{{NAR_NS}}}remoteContent") if not remote.get("rendition")]


def _parent_tag(element: etree._Element) -> str | None:
    parent = element.getparent()
    return parent.tag if parent is not None else None

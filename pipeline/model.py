"""The one document model every stage speaks.

Readers (the text parser, the HTML reader) produce a `Release`; writers (HTML, PDF,
NewsML-G2, JSON) consume one and never look back at the source text. The shape mirrors
`release.schema.json` so `to_dict` is the JSON that `pressroom parse --json` prints.

Dates are kept as `datetime.date` (the text gave a day only) or an aware
`datetime.datetime` (the text gave a time and a zone); a naive datetime is never stored,
because a time without an offset is ambiguous for every consumer downstream.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = 1


@dataclass
class Paragraph:
    text: str
    lead: bool = False


@dataclass
class Subheading:
    text: str


@dataclass
class Quote:
    """A block of direct speech.

    `text` is the whole block as written (marks, dashes and attribution included) so a
    writer can print it faithfully; `quote` is the spoken words alone for machines.
    """

    text: str
    quote: str
    speaker: str | None = None
    role: str | None = None
    lead: bool = False


@dataclass
class ListBlock:
    items: list[str]
    ordered: bool = False


Block = Paragraph | Subheading | Quote | ListBlock


@dataclass
class Dateline:
    text: str
    city: str | None = None
    distributor: str | None = None


@dataclass
class Contact:
    name: str | None = None
    title: str | None = None
    organization: str | None = None
    phone: str | None = None
    phone_e164: str | None = None
    email: str | None = None


@dataclass
class BoilerplateSection:
    """An 'About ...' section. Paragraphs inside `text` are separated by a blank line."""

    heading: str | None
    text: str


@dataclass
class Source:
    filename: str
    sha256: str
    encoding: str


@dataclass
class Rendition:
    """One derived file of a picture, written under `media/` beside the outputs.

    `name` is the rendition code ("print", "web", "thumb"); `href` the path relative to the
    release folder. Width, height, size and type are what agencies' ingest wants up front.
    """

    name: str
    href: str
    width: int
    height: int
    size: int
    mime: str = "image/jpeg"


PICTURE_ROLES = ("lead", "other")


@dataclass
class Picture:
    """A press photo travelling with the release: who may use it, how to credit it, what it shows.

    `file` is the original's name (sanitized, never a path). `alt` is the text equivalent for
    screen readers; `caption` the visible description; `credit` the credit line ("Photo: …");
    `rights` the copyright or usage terms. `role` is "lead" for the photo under the headline.
    `renditions` are filled by the media stage (pipeline/pictures/renditions.py).
    """

    file: str
    alt: str | None = None
    caption: str | None = None
    credit: str | None = None
    rights: str | None = None
    role: str = "other"
    renditions: list[Rendition] = field(default_factory=list)

    def rendition(self, name: str) -> Rendition | None:
        return next((r for r in self.renditions if r.name == name), None)


LOW_CONFIDENCE = 0.6
"""A field whose confidence is below this is *low*: the HTML marks its element with
`data-confidence` (docs/html-classes.md). Whether a release *needs review* is the reader's
call (its reasons, with its own per-field thresholds); this line only decides what is marked."""


@dataclass
class Review:
    """How sure the reader is of its fields, and whether a person must look before the release goes out.

    `confidence` maps a field name ("organization", "headline", "issued", …) to 0.0–1.0, from
    how many independent signals agree and how close the runner-up came; `reasons` says in words
    why the release needs a person (empty: it does not). `confirmed` is set when a person has
    looked (`pressroom confirm`, or a re-render from the edited HTML): the reasons are kept as
    the record of what was uncertain, but the release is no longer held.
    """

    confidence: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    confirmed: bool = False

    @property
    def needs_review(self) -> bool:
        return bool(self.reasons) and not self.confirmed


@dataclass
class Release:
    headline: str
    language: str | None = None
    organization: str | None = None
    release_type: str | None = None
    subheadline: str | None = None
    issued: dt.date | dt.datetime | None = None
    embargo: dt.datetime | dt.date | None = None
    dateline: Dateline | None = None
    body: list[Block] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    contacts_heading: str | None = None
    boilerplate: list[BoilerplateSection] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    end_mark: str | None = None
    source: Source = field(default_factory=lambda: Source("", "", "utf-8"))
    review: Review = field(default_factory=Review)
    pictures: list[Picture] = field(default_factory=list)

    @property
    def lead_picture(self) -> Picture | None:
        """The photo under the headline: the one marked lead, else none (others are figures)."""
        return next((p for p in self.pictures if p.role == "lead"), None)

    @property
    def lead(self) -> Paragraph | Quote | None:
        for block in self.body:
            if isinstance(block, (Paragraph, Quote)) and block.lead:
                return block
        for block in self.body:
            if isinstance(block, (Paragraph, Quote)):
                return block
        return None

    def to_dict(self) -> dict[str, Any]:
        return release_to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Release:
        return release_from_dict(data)


def iso(value: dt.date | dt.datetime | None) -> str | None:
    """ISO 8601 text: a date alone, or a full timestamp with its UTC offset."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def parse_iso(text: str | None) -> dt.date | dt.datetime | None:
    if not text:
        return None
    text = text.strip()
    if len(text) == 10:
        return dt.date.fromisoformat(text)
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def block_to_dict(block: Block) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "lead": block.lead, "text": block.text}
    if isinstance(block, Subheading):
        return {"type": "subheading", "text": block.text}
    if isinstance(block, Quote):
        return {"type": "quote", "lead": block.lead, "text": block.text, "quote": block.quote,
                "speaker": block.speaker, "role": block.role}
    if isinstance(block, ListBlock):
        return {"type": "list", "ordered": block.ordered, "items": list(block.items)}
    raise TypeError(f"not a body block: {block!r}")


def block_from_dict(data: dict[str, Any]) -> Block:
    kind = data.get("type")
    if kind == "paragraph":
        return Paragraph(text=data["text"], lead=bool(data.get("lead", False)))
    if kind == "subheading":
        return Subheading(text=data["text"])
    if kind == "quote":
        return Quote(text=data["text"], quote=data.get("quote") or data["text"], speaker=data.get("speaker"),
                     role=data.get("role"), lead=bool(data.get("lead", False)))
    if kind == "list":
        return ListBlock(items=list(data.get("items") or []), ordered=bool(data.get("ordered", False)))
    raise ValueError(f"unknown body block type: {kind!r}")


def release_to_dict(release: Release) -> dict[str, Any]:
    return {
        "language": release.language,
        "organization": release.organization,
        "release_type": release.release_type,
        "headline": release.headline,
        "subheadline": release.subheadline,
        "issued": iso(release.issued),
        "embargo": iso(release.embargo),
        "dateline": asdict(release.dateline) if release.dateline else None,
        "body": [block_to_dict(b) for b in release.body],
        "contacts": [asdict(c) for c in release.contacts],
        "contacts_heading": release.contacts_heading,
        "boilerplate": [asdict(b) for b in release.boilerplate],
        "urls": list(release.urls),
        "end_mark": release.end_mark,
        "source": asdict(release.source),
        "review": {
            "needs_review": release.review.needs_review,
            "reasons": list(release.review.reasons),
            "confirmed": release.review.confirmed,
            "confidence": dict(release.review.confidence),
        },
        "pictures": [asdict(p) for p in release.pictures],
    }


def picture_from_dict(data: dict[str, Any]) -> Picture:
    role = data.get("role") or "other"
    return Picture(file=data["file"], alt=data.get("alt"), caption=data.get("caption"), credit=data.get("credit"),
                   rights=data.get("rights"), role=role if role in PICTURE_ROLES else "other",
                   renditions=[Rendition(**r) for r in data.get("renditions") or []])


def release_from_dict(data: dict[str, Any]) -> Release:
    dateline = data.get("dateline")
    source = data.get("source") or {}
    review = data.get("review") or {}
    return Release(
        headline=data["headline"],
        language=data.get("language"),
        organization=data.get("organization"),
        release_type=data.get("release_type"),
        subheadline=data.get("subheadline"),
        issued=parse_iso(data.get("issued")),
        embargo=parse_iso(data.get("embargo")),
        dateline=Dateline(**dateline) if dateline else None,
        body=[block_from_dict(b) for b in data.get("body") or []],
        contacts=[Contact(**c) for c in data.get("contacts") or []],
        contacts_heading=data.get("contacts_heading"),
        boilerplate=[BoilerplateSection(**b) for b in data.get("boilerplate") or []],
        urls=list(data.get("urls") or []),
        end_mark=data.get("end_mark"),
        source=Source(filename=source.get("filename", ""), sha256=source.get("sha256", ""),
                      encoding=source.get("encoding", "utf-8")),
        review=Review(confidence={k: float(v) for k, v in (review.get("confidence") or {}).items()},
                      reasons=list(review.get("reasons") or []), confirmed=bool(review.get("confirmed", False))),
        pictures=[picture_from_dict(p) for p in data.get("pictures") or []],
    )


def pformat(value: Any, indent: int = 0) -> str:
    """A readable, stable text form of a model value (dataclasses, lists, dicts, dates, strings),
    one field per line, for `pressroom parse --dump` and for test expectations: the same value
    always prints the same text, and a diff of two dumps shows the fields that changed.
    Strings are printed with `repr` so whitespace and quotes are visible."""
    pad = "  " * (indent + 1)
    end = "  " * indent
    if isinstance(value, (dt.datetime, dt.date)):
        return iso(value) or ""
    if hasattr(value, "__dataclass_fields__"):
        names = [f for f in value.__dataclass_fields__ if not f.startswith("_")]
        if not names:
            return f"{type(value).__name__}()"
        lines = [f"{pad}{name}={pformat(getattr(value, name), indent + 1)}" for name in names]
        return f"{type(value).__name__}(\n" + ",\n".join(lines) + f",\n{end})"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]" if isinstance(value, list) else "()"
        if all(isinstance(v, (str, int, float, bool)) or v is None for v in value) and len(repr(value)) <= 100:
            return repr(list(value)) if isinstance(value, list) else repr(tuple(value))
        open_, close = ("[", "]") if isinstance(value, list) else ("(", ")")
        return open_ + "\n" + ",\n".join(f"{pad}{pformat(v, indent + 1)}" for v in value) + f",\n{end}{close}"
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = sorted(value.items(), key=lambda kv: str(kv[0]))
        return "{\n" + ",\n".join(f"{pad}{k!r}: {pformat(v, indent + 1)}" for k, v in items) + f",\n{end}}}"
    if isinstance(value, float):
        return f"{value:g}"
    return repr(value)


def dump(release: Release) -> str:
    """The release as `pformat` text, headed by the schema version (a dump records which model
    shape it was written for, so an expectation file from an older schema fails loudly)."""
    return f"# pressroom Release, schema version {SCHEMA_VERSION}\n{pformat(release)}\n"

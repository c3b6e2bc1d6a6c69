"""Hypothesis strategies for `Release` values in canonical form, for any test module.

Canonical form is what the readers produce and what round trips must preserve exactly:

* every text field is whitespace-normalized (`" ".join(text.split())`) and non-empty,
  or `None`; a boilerplate section's text is paragraphs of such lines, lines joined by
  "\\n" and paragraphs by "\\n\\n";
* `urls == release_urls(release)`;
* either the first paragraph/quote of the body is the lead and no other block is, or no
  block is;
* dates are `datetime.date` or an aware `datetime.datetime` with whole seconds and a
  fixed UTC offset in whole minutes (a zoneinfo zone would not survive ISO text, and an
  instant in a DST fold never compares equal across zones, PEP 495);
* `phone_e164` is set only beside a `phone`, in E.164 form;
* review reasons are normalized, non-empty text; confidences any float in [0, 1] (the
  model's fields and arbitrary names), low ones included.

The text is deliberately hostile: markup characters, `</script>`, entity look-alikes,
URLs and e-mail addresses in running text, and arbitrary non-control Unicode.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from pipeline.model import (
    BoilerplateSection,
    Contact,
    Dateline,
    ListBlock,
    Paragraph,
    Picture,
    Quote,
    Release,
    Rendition,
    Review,
    Source,
    Subheading,
)
from pipeline.urls import release_urls

# Control characters cannot appear in normalized text, surrogates cannot be encoded and
# Unicode noncharacters are not allowed in HTML text.
_NONCHARACTERS = [chr(c) for c in range(0xFDD0, 0xFDF0)] + [
    chr(plane * 0x10000 + low) for plane in range(17) for low in (0xFFFE, 0xFFFF)
]
CHARS = st.characters(exclude_categories=("Cc", "Cs"), exclude_characters=_NONCHARACTERS)

HOSTILE = st.sampled_from(
    [
        "<",
        ">",
        "&",
        "&amp;",
        "&lt;",
        "&e;",
        '"',
        "'",
        "</script>",
        "<script>alert(1)</script>",
        "</style>",
        "<!--",
        "-->",
        "]]>",
        "<b>bold</b>",
        "&#x27;",
        "\\u003c",
        "«",
        "»",
        "„",
        "“",
        "”",
        "–",
        "—",
        "…",
        "###",
        "-30-",
        "{{ x }}",
        "{% raw %}",
        "javascript:alert(1)",
        "data:text/html,x",
        "\u200b",
        "\u00a0",
        "é",
        "e\u0301",
        "😀",
        "中文",
        "עברית",
        "مرحبا",
    ]
)
WORD = st.text(CHARS, min_size=1, max_size=10)
HOST = st.from_regex(
    r"[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?(?:\.[a-z0-9]{1,8}){0,2}\.(?:se|com|org|de)", fullmatch=True
)
PATH = st.from_regex(r"(?:/[A-Za-z0-9._~%!$&*+,;=:@?#-]{0,12}){0,3}", fullmatch=True)
URL = st.builds(
    lambda scheme, host, path: scheme + host + path,
    st.sampled_from(["http://", "https://", "www.", "HTTPS://", "https://www."]),
    HOST,
    PATH,
)
EMAIL = st.builds(
    lambda local, host: f"{local}@{host}",
    st.from_regex(r"[a-z0-9](?:[a-z0-9._+-]{0,10}[a-z0-9])?", fullmatch=True),
    HOST,
)
TOKEN = st.one_of(
    WORD,
    WORD,
    WORD,
    HOSTILE,
    URL,
    EMAIL,
    st.builds(lambda u, p: u + p, URL, st.sampled_from(list(".,)!?»”:"))),
    st.builds(lambda u: f"({u})", URL),
)


def normalize(text: str) -> str:
    return " ".join(text.split())


TEXT = st.lists(TOKEN, min_size=1, max_size=8).map(" ".join).map(normalize).filter(bool)
SHORT = st.lists(st.one_of(WORD, HOSTILE), min_size=1, max_size=3).map(" ".join).map(normalize).filter(bool)


def optional(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.none() | strategy


LANGUAGES = st.sampled_from(
    ["sv", "en", "de", "da", "nb", "fi", "fr", "es", "nl", "en-GB", "pt-BR", "is", "zh"]
)
OFFSETS = st.one_of(
    st.just(dt.UTC),
    st.integers(min_value=-14 * 60, max_value=14 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m))),
    st.sampled_from([60, 120, -300, -240, 330, 345, 540, -570, 0]).map(
        lambda m: dt.timezone(dt.timedelta(minutes=m))
    ),
)
DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
DATETIMES = st.datetimes(
    min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 12, 31), timezones=OFFSETS
).map(lambda d: d.replace(microsecond=0))
WHEN = st.one_of(DATES, DATETIMES)

PHONE = st.one_of(
    st.sampled_from(
        [
            "070-342 47 00",
            "08-785 44 32",
            "+46 8 785 44 32",
            "(212) 555-0100",
            "+1 212 555 0100",
            "tfn 070-230 32 08",
            "0800 123",
            "ext. 12",
            "n/a",
            "+12",
            "08#1",
            "*100#",
        ]
    ),
    SHORT,
)
E164 = st.from_regex(r"\+[1-9][0-9]{6,13}", fullmatch=True)


@st.composite
def contacts(draw: st.DrawFn) -> Contact:
    phone = draw(optional(PHONE))
    return Contact(
        name=draw(optional(SHORT)),
        title=draw(optional(SHORT)),
        organization=draw(optional(SHORT)),
        phone=phone,
        phone_e164=draw(optional(E164)) if phone else None,
        email=draw(optional(st.one_of(EMAIL, EMAIL, SHORT))),
    )


def _quote(text: str, spoken: str | None, speaker: str | None, role: str | None) -> Quote:
    return Quote(text=text, quote=spoken or text, speaker=speaker, role=role)


BLOCKS = st.one_of(
    st.builds(Paragraph, TEXT),
    st.builds(Subheading, SHORT),
    st.builds(_quote, TEXT, optional(TEXT), optional(SHORT), optional(SHORT)),
    st.builds(ListBlock, st.lists(TEXT, min_size=0, max_size=4), st.booleans()),
)

BOILERPLATE_TEXT = st.lists(
    st.lists(TEXT, min_size=1, max_size=3).map("\n".join), min_size=1, max_size=3
).map("\n\n".join)


FIELD_NAMES = st.sampled_from(
    ["organization", "headline", "subheadline", "issued", "embargo", "release_type", "dateline", "body",
     "contacts", "boilerplate", "quote_roles"]
)
REVIEWS = st.builds(
    Review,
    confidence=st.dictionaries(st.one_of(FIELD_NAMES, FIELD_NAMES, SHORT), st.floats(0.0, 1.0), max_size=5),
    reasons=st.lists(TEXT, max_size=3),
    confirmed=st.booleans(),
)


RENDITIONS = st.lists(st.sampled_from(["print", "web", "thumb"]), unique=True, max_size=3)
PICTURE_NAMES = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,12}\.(jpg|png|webp|tif)", fullmatch=True)


@st.composite
def pictures(draw: st.DrawFn) -> list[Picture]:
    """Pictures with unique safe names, at most one lead, renditions under media/."""
    names = draw(st.lists(PICTURE_NAMES, unique_by=lambda n: n.rsplit(".", 1)[0], max_size=3))
    out = []
    for name in names:
        stem = name.rsplit(".", 1)[0]
        out.append(Picture(
            file=name, alt=draw(optional(TEXT)), caption=draw(optional(TEXT)), credit=draw(optional(SHORT)),
            rights=draw(optional(SHORT)),
            renditions=[Rendition(r, f"media/{stem}.{r}.jpg", draw(st.integers(1, 4000)),
                                  draw(st.integers(1, 4000)), draw(st.integers(1, 10**7)))
                        for r in draw(RENDITIONS)]))
    if out and draw(st.booleans()):
        out[0].role = "lead"  # canonical: the lead photo comes first, as it does on the page
    return out


@st.composite
def releases(draw: st.DrawFn) -> Release:
    """An arbitrary Release in canonical form (see the module docstring)."""
    body = draw(st.lists(BLOCKS, max_size=7))
    if draw(st.booleans()):
        for block in body:
            if isinstance(block, (Paragraph, Quote)):
                block.lead = True
                break
    release = Release(
        headline=draw(TEXT),
        language=draw(optional(LANGUAGES)),
        organization=draw(optional(SHORT)),
        release_type=draw(optional(st.one_of(st.sampled_from(["Pressmeddelande", "Press release"]), SHORT))),
        subheadline=draw(optional(TEXT)),
        issued=draw(optional(WHEN)),
        embargo=draw(optional(WHEN)),
        dateline=draw(optional(st.builds(Dateline, SHORT, optional(SHORT), optional(SHORT)))),
        body=body,
        contacts=draw(st.lists(contacts(), max_size=3)),
        contacts_heading=draw(optional(SHORT)),
        boilerplate=draw(
            st.lists(st.builds(BoilerplateSection, optional(SHORT), BOILERPLATE_TEXT), max_size=2)
        ),
        end_mark=draw(optional(st.sampled_from(["###", "-30-", "ENDS", "– – –"]) | SHORT)),
        source=Source(
            filename=draw(st.one_of(st.just(""), st.text(CHARS, max_size=20))),
            sha256=draw(st.one_of(st.just(""), st.from_regex(r"[0-9a-f]{64}", fullmatch=True))),
            encoding=draw(st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"])),
        ),
        review=draw(st.one_of(st.builds(Review), REVIEWS)),
        pictures=draw(pictures()),
    )
    release.urls = release_urls(release)
    return release


# --------------------------------------------------------------------------- fixed examples

CET = dt.timezone(dt.timedelta(hours=1))


def reference_release() -> Release:
    """The Swedish seed release, modelled by hand (independent of the text parser)."""
    release = Release(
        headline="Hållbara städer - Stockholmsregionens nästa exportprodukt",
        language="sv",
        organization="Länsstyrelsen i Stockholms län",
        release_type="Pressmeddelande",
        issued=dt.datetime(2006, 11, 7, 11, 58, tzinfo=CET),
        body=[
            Paragraph(
                "Den 7 november går startskottet för en fördjupad dialog om hur Stockholmsregionen ska "
                "bli en framgångsrik exportör av miljöteknik och hållbar "
                "stadsutveckling. Femtio viktiga "
                "företrädare för miljöteknikbranschen, forskning och offentlig sektor träffas för att "
                "staka ut en gemensam strategi.",
                lead=True,
            ),
            Quote(
                "- Genom att bygga hållbara städer möter vi de hotande klimatförändringarna samtidigt som "
                "vi skapar tillväxt och sysselsättning i regionen, säger landshövding Mats Hellström som "
                "är värd för mötet tillsammans med nätverket Stockholm Sustainable Region. Ambitionen med "
                "initiativet är att klargöra hur olika parter kan bidra till att regionen fortsätter bygga "
                "hållbart och kan använda sin kompetens för att göra avtryck "
                "på den internationella arenan.",
                quote="Genom att bygga hållbara städer möter vi de hotande klimatförändringarna samtidigt "
                "som vi skapar tillväxt och sysselsättning i regionen",
                speaker="Mats Hellström",
                role="landshövding",
            ),
            Paragraph(
                "Hammarby sjöstad har under ett antal år varit regionens främsta exempel på hur "
                "offentliga upphandlingskrav kan leda till att en modern miljömässigt hållbar stadsdel "
                "utformas. Sjöstads-konceptet har gått på export till olika "
                "delar av världen. Nu gäller "
                "det att diskutera ihop sig om hur regionen kan följa upp framgångarna på hemmaplan. "
                "Tydligt är att beställarnas krav på sina leverantörer är "
                "avgörande för om företagen ska "
                "fortsätta ha möjlighet att leverera innovativa och hållbara lösningar."
            ),
            Quote(
                "- Vi vill se en stadsutveckling som bidrar till förbättrad miljö och resursbesparingar "
                "samtidigt som den stärker regionens attraktion på en internationell marknad, säger "
                "koordinator Lena Kling på Länsstyrelsen. Miljöteknikbranschen tillhör en av de viktigaste "
                "framtidsbranscherna och för att snabba på utvecklingen krävs att relationen mellan "
                "beställare, producenter och finansiärer är tydlig.",
                quote="Vi vill se en stadsutveckling som bidrar till förbättrad miljö och "
                "resursbesparingar samtidigt som den stärker regionens attraktion på en "
                "internationell marknad",
                speaker="Lena Kling",
                role="koordinator",
            ),
        ],
        contacts_heading="För mer information kontakta:",
        contacts=[
            Contact(
                "Lena Kling", "koordinator", "Länsstyrelsen i Stockholm", "070-342 47 00", "+46703424700"
            ),
            Contact(
                "Berit Pettersson",
                "utvecklingsledare",
                "Länsstyrelsen i Stockholm",
                "070-230 32 08",
                "+46702303208",
            ),
            Contact(
                "Maria Gåsste",
                "Press- och informationschef",
                None,
                "08-785 44 32",
                "+4687854432",
                "maria.gasste@ab.lst.se",
            ),
        ],
        source=Source("000-sv-hallbara-stader.txt", "0" * 64, "utf-8"),
    )
    release.urls = release_urls(release)
    return release


def kitchen_sink() -> Release:
    """Every field and block type at once, with hostile text."""
    release = Release(
        headline='Q&A: "</script><script>alert(1)</script>" & more',
        language="en",
        organization="ACME <Corp> & Sons",
        release_type="Press release",
        subheadline="See www.example.com/a?b=1&c=2 for details",
        issued=dt.date(2024, 2, 29),
        embargo=dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
        dateline=Dateline("NEW YORK, Feb. 29, 2024 /PRNewswire/ --", "NEW YORK", "PRNewswire"),
        body=[
            Paragraph("ACME today announced https://acme.example/x. Mail press@acme.example.", lead=True),
            Subheading("Why </style> matters"),
            Quote("“We are thrilled,” said Jane Doe, CEO.", "We are thrilled,", "Jane Doe", "CEO"),
            ListBlock(["one <li>", "two & three"], ordered=False),
            ListBlock(["first", "second"], ordered=True),
            Paragraph("Closing words."),
        ],
        contacts_heading="Media contact",
        contacts=[
            Contact("Jane Doe", None, "ACME", "+1 212 555 0100", "+12125550100", "jane@acme.example"),
            Contact(name="Anon", phone="n/a"),
        ],
        boilerplate=[BoilerplateSection("About ACME", "ACME makes things.\nSince 1900.\n\nwww.acme.example")],
        end_mark="###",
        source=Source("acme.txt", "ab" * 32, "cp1252"),
    )
    release.urls = release_urls(release)
    return release

"""Fixtures for the format readers: one release written as text, and as Markdown by hand.

No binary fixture is committed: every .docx/.odt/.rtf/.html is generated here with the
same pandoc the pipeline uses, from the Markdown below, and every .eml with the stdlib.
The Markdown is what an editor would produce in a word processor — a Heading 1 headline,
a bold lead, a real bullet list, a Heading 2 subheading, line breaks in the contact card —
while the .txt is the same release as a typist would save it.
"""

from __future__ import annotations

import subprocess
from email.message import EmailMessage
from pathlib import Path

import pytest

from pipeline.formats.pandoc import pandoc_path

EN_TXT = """\
Northwind Energy AB

Northwind Energy opens Europe's largest battery park in Västerås

Press release   •   March 14, 2024 09:00 CET

VÄSTERÅS, Sweden, March 14, 2024 -- Northwind Energy today opened a 400 MWh battery park in Västerås, \
the largest of its kind in Europe, which will store surplus wind power for 120,000 households.

"This park turns yesterday's wind into tonight's electricity," said Anna Lindqvist, CEO of Northwind \
Energy. "It is the missing piece of a fossil-free grid."

The park was built in 14 months and connects to the regional grid at two substations. It has three main parts:

- 320 battery containers supplied by European manufacturers
- a control centre that trades capacity on the Nordic market
- a recycling agreement covering every cell at end of life

Built for the grid

"Storage at this scale lets us keep the lights on when the wind drops," said Erik Svensson, head of grid \
operations at Mälarenergi. More details are available at https://northwind.example/vasteras.

Media contact:
Karin Berg, Head of Communications
+46 70 123 45 67
karin.berg@northwind.example

About Northwind Energy

Northwind Energy AB develops and operates wind and storage assets in the Nordic countries. The company \
has 250 employees and is headquartered in Stockholm.

###
"""

EN_MD = """\
Northwind Energy AB

# Northwind Energy opens Europe's largest battery park in Västerås

Press release   •   March 14, 2024 09:00 CET

**VÄSTERÅS, Sweden, March 14, 2024 -- Northwind Energy today opened a 400 MWh battery park in Västerås,
the largest of its kind in Europe, which will store surplus wind power for 120,000 households.**

"This park turns yesterday's wind into tonight's electricity," said Anna Lindqvist, CEO of Northwind
Energy. "It is the missing piece of a fossil-free grid."

The park was built in 14 months and connects to the regional grid at two substations. It has three main parts:

- 320 battery containers supplied by European manufacturers
- a control centre that trades capacity on the Nordic market
- a recycling agreement covering every cell at end of life

## Built for the grid

"Storage at this scale lets us keep the lights on when the wind drops," said Erik Svensson, head of grid
operations at Mälarenergi. More details are available at <https://northwind.example/vasteras>.

Media contact:\\
Karin Berg, Head of Communications\\
+46 70 123 45 67\\
[karin.berg@northwind.example](mailto:karin.berg@northwind.example)

## About Northwind Energy

Northwind Energy AB develops and operates wind and storage assets in the Nordic countries. The company
has 250 employees and is headquartered in Stockholm.

\\###
"""
"""The same release as Markdown. Wrapped lines inside the bold lead and the paragraphs are
soft breaks (spaces in every output format); the contact card uses hard breaks (Shift+Enter)."""

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000-sv-hallbara-stader.txt"


def seed_markdown() -> str:
    """The Swedish reference release as Markdown: each line of a block kept by a hard break,
    and its "- " speech dashes escaped so they stay paragraphs (as typed in Word)."""
    blocks = SEED.read_text(encoding="utf-8").strip().split("\n\n")
    return "\n\n".join("\\\n".join(("\\" + line) if line.startswith("- ") else line
                                   for line in block.split("\n")) for block in blocks) + "\n"


def pandoc_build(markdown: str, fmt: str, *extra: str) -> bytes:
    """Write `markdown` as a `fmt` document with pandoc (standalone, so RTF/HTML are whole files)."""
    cmd = [pandoc_path(), "--from", "markdown-smart", "--to", fmt, "--standalone", "--output", "-",
           "--metadata", "pagetitle=Release", *extra]
    return subprocess.run(cmd, input=markdown.encode("utf-8"), capture_output=True, check=True, timeout=60).stdout


def make_email(subject: str | None, body: str | None = None, *, html: str | None = None,
               attachments: tuple[tuple[str, bytes, str], ...] = (), flowed: bool = False) -> bytes:
    """An RFC 5322 message as a mail program would save it (.eml)."""
    msg = EmailMessage()
    msg["From"] = "Karin Berg <karin.berg@northwind.example>"
    msg["To"] = "newsdesk@pressroom.example"
    if subject is not None:
        msg["Subject"] = subject
    msg["Date"] = "Thu, 14 Mar 2024 08:55:00 +0100"
    msg["Message-ID"] = "<release-1@northwind.example>"
    if body is not None:
        if flowed:
            msg.set_content(body, subtype="plain", params={"format": "flowed"}, cte="quoted-printable")
        else:
            msg.set_content(body)
    if html is not None:
        if body is None:
            msg.set_content(html, subtype="html")
        else:
            msg.add_alternative(html, subtype="html")
    for name, data, mime in attachments:
        maintype, subtype = mime.split("/", 1)
        if body is None and html is None and not msg.is_multipart():
            msg.make_mixed()
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return bytes(msg)


@pytest.fixture(scope="session")
def en_docx() -> bytes:
    return pandoc_build(EN_MD, "docx")


@pytest.fixture(scope="session")
def en_odt() -> bytes:
    return pandoc_build(EN_MD, "odt")

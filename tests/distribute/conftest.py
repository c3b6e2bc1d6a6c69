"""Fixtures for the distribution tests: release folders, a throwaway CA, configs.

Every server these tests talk to is started by the tests themselves on 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pipeline.distribute.config import DistributeConfig, parse_config
from pipeline.model import Contact, Paragraph, Quote, Release, Source

PDF_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 2cm }} body {{ font-family: sans-serif }} h1 {{ color: #1a4d8f; font-size: 28pt }}
</style></head><body><h1>{headline}</h1><p>Pressroom distribution test release.</p></body></html>"""


def free_port() -> int:
    """A port nobody listens on right now (for servers that cannot bind port 0 themselves)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def pdf_bytes() -> bytes:
    """A small real PDF, made once per session (WeasyPrint, as the pipeline does)."""
    import weasyprint

    return weasyprint.HTML(string=PDF_HTML.format(headline="Test release")).write_pdf()


def sample_release(
    headline: str = "Acme opens a new plant in Gävle",
    *,
    issued: dt.date | dt.datetime | None = None,
    embargo: dt.date | dt.datetime | None = None,
    organization: str = "Acme AB",
    sha: str = "ab" * 32,
) -> Release:
    return Release(
        headline=headline,
        language="en",
        organization=organization,
        release_type="Press release",
        issued=issued or dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC),
        embargo=embargo,
        body=[
            Paragraph("GÄVLE — Acme opens its largest plant so far, with 300 new jobs.", lead=True),
            Quote(
                text="“We are proud,” says Ada Lind, CEO.",
                quote="We are proud,",
                speaker="Ada Lind",
                role="CEO",
            ),
            Paragraph("Production starts in March."),
        ],
        contacts=[Contact(name="Ada Lind", phone="+46 70 123 45 67", email="ada@acme.example")],
        source=Source(filename="acme.txt", sha256=sha, encoding="utf-8"),
    )


@pytest.fixture
def make_release(tmp_path: Path, pdf_bytes: bytes) -> Callable[..., Path]:
    """Build output/<name>/ with release.json/html/pdf/xml, as the converter would leave it."""

    def make(
        name: str = "2026-11-28-acme-opens-a-new-plant",
        *,
        output: Path | None = None,
        release: Release | None = None,
        brand: str = "default",
        files: tuple[str, ...] = ("html", "pdf", "xml"),
        pdf: bytes | None = None,
    ) -> Path:
        release = release or sample_release()
        folder = (output or tmp_path / "output") / name
        folder.mkdir(parents=True)
        (folder / "release.json").write_text(
            json.dumps(release.to_dict(), ensure_ascii=False), encoding="utf-8"
        )
        if "html" in files:
            (folder / "release.html").write_text(
                f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                f"<title>{release.headline}</title></head>"
                f'<body class="pr-brand-{brand}"><article class="pr-release"><h1 class="pr-headline">'
                f"{release.headline}</h1><p>HTML body of the release.</p></article></body></html>",
                encoding="utf-8",
            )
        if "pdf" in files:
            (folder / "release.pdf").write_bytes(pdf or pdf_bytes)
        if "xml" in files:
            (folder / "release.xml").write_bytes(
                b'<?xml version="1.0" encoding="UTF-8"?>\n'
                b'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" '
                b'guid="urn:newsml:acme.example:2026-11-28:' + name.encode() + b'" version="1"/>\n'
            )
        return folder

    return make


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes: to prove a delivery changed nothing there."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def make_config(tmp_path: Path) -> Callable[..., DistributeConfig]:
    def make(channels: dict[str, dict[str, Any]], **general: Any) -> DistributeConfig:
        data = {
            "distribute": {
                "log": str(tmp_path / "state" / "deliveries.sqlite3"),
                "backoff_seconds": 0.01,
                "timeout_seconds": 10,
                **general,
            },
            "channels": channels,
            "site": {"enabled": False},
        }
        return parse_config(data, tmp_path)

    return make


@dataclass
class Certs:
    ca: Path
    cert: Path
    key: Path

    def server_context(self):
        import ssl

        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self.cert, self.key)
        return ctx


@pytest.fixture(scope="session")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certs:
    """A throwaway CA and a certificate for 127.0.0.1 signed by it, for the TLS servers."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder = tmp_path_factory.mktemp("certs")
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Pressroom test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    paths = Certs(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    paths.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return paths


def add_agency_formats(folder: Path) -> None:
    """Write release.ninjs.json and release.nitf.xml beside the others, from the folder's Release."""
    from pipeline.ninjs import render_ninjs
    from pipeline.nitf import render_nitf

    release = Release.from_dict(json.loads((folder / "release.json").read_text(encoding="utf-8")))
    (folder / "release.ninjs.json").write_bytes(render_ninjs(release))
    (folder / "release.nitf.xml").write_bytes(render_nitf(release))

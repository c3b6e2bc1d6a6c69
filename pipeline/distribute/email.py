"""E-mail a release to a distribution list: HTML body, plain-text alternative, PDF attached.

One message is built per delivery and sent in batches of envelope recipients (the list
never appears in the headers, so subscribers do not see each other). The Message-ID and
Date are fixed at the first attempt and kept in the delivery's progress: a retry after a
dropped connection sends the *same* message, and only to the recipients the server had
not yet accepted.

SMTP reply codes decide what happens next: 4xx and lost connections are transient and
retried; 5xx, a failed login and a refused certificate are permanent and reported once.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import email.policy
import smtplib
import socket
import ssl
import textwrap
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, make_msgid, parseaddr
from pathlib import Path

from ..htmlwriter import embargo_label, human_date
from ..model import ListBlock, Quote, Release, Subheading
from ..singleline import LANGUAGE_TAG, clean_line
from .channels import Channel, Progress, ReleaseBundle
from .failures import PermanentError, TransientError
from .model_html import mail_html

#: The email package's default policy, except that a header value we wrote ourselves
#: (`set_raw`: Subject, From, To, Reply-To, see `fold_subject`) is written as it is, never
#: refolded by its folder; headers set the ordinary way are still folded at 78.
_POLICY = email.policy.default.clone(refold_source="none")

DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
SECURITY = tuple(DEFAULT_PORTS)
BATCH_SIZE = 50


def read_list(path: Path) -> list[str]:
    """Addresses from a list file: one per line, `Name <addr>` allowed, `#` comments, no duplicates.

    A malformed line is a permanent error naming the line, because silently skipping it
    would drop a journalist from the list without anyone noticing.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise PermanentError(f"cannot read distribution list {path}: {exc.strerror or exc}") from None
    seen: set[str] = set()
    out: list[str] = []
    for number, line in enumerate(lines, 1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        _, addr = parseaddr(text)
        local, _, domain = addr.rpartition("@")
        if not local or not domain or "." not in domain or any(c.isspace() for c in addr):
            raise PermanentError(f"{path}:{number}: {text!r} is not an e-mail address")
        if addr.lower() not in seen:
            seen.add(addr.lower())
            out.append(addr)
    return out


def plain_text(release: Release, width: int = 72) -> str:
    """The release as readable plain text, for the text/plain alternative.

    Built from the document model rather than by stripping the HTML, so quotes, lists and
    contacts keep their structure in mail clients that show text only.
    """
    wrap = textwrap.TextWrapper(width=width, break_long_words=False, break_on_hyphens=False)
    out: list[str] = []
    if release.organization:
        out.append(release.organization)
    issued = human_date(release.issued, release.language) if release.issued else None
    meta = [m for m in (release.release_type, issued) if m]
    if meta:
        out.append(" · ".join(meta))
    if release.embargo:  # the same words and date format as the HTML and the PDF
        out.append(f"{embargo_label(release.language)}: {human_date(release.embargo, release.language)}")
    out += ["", *wrap.wrap(release.headline), "=" * min(width, len(release.headline))]
    if release.subheadline:
        out += ["", *wrap.wrap(release.subheadline)]
    first = True
    for block in release.body:
        out.append("")
        if isinstance(block, Subheading):
            out += [*wrap.wrap(block.text), "-" * min(width, len(block.text))]
        elif isinstance(block, ListBlock):
            for n, item in enumerate(block.items, 1):
                marker = f"{n}. " if block.ordered else "- "
                out += textwrap.wrap(item, width, initial_indent=marker, subsequent_indent=" " * len(marker))
        elif isinstance(block, Quote):
            out += textwrap.wrap(block.text, width, initial_indent="  ", subsequent_indent="  ")
        else:
            text = block.text
            if first and release.dateline and not text.startswith(release.dateline.text):
                text = f"{release.dateline.text} {text}"
            out += wrap.wrap(text)
        first = False
    if release.contacts:
        out += ["", release.contacts_heading or "Contacts"]
        for c in release.contacts:
            out.append("")
            out += [v for v in (c.name, c.title, c.organization, c.phone, c.email) if v]
    for section in release.boilerplate:
        out.append("")
        if section.heading:
            out.append(section.heading)
        for para in section.text.split("\n\n"):
            out += wrap.wrap(para)
    if release.end_mark:
        out += ["", release.end_mark]
    return "\n".join(out).strip() + "\n"


class EmailChannel(Channel):
    type = "email"
    idempotent = False

    def list_path(self, bundle: ReleaseBundle) -> Path | None:
        """The list for this release: `lists.<brand>`, else `lists.default`, else `list`."""
        lists = self.config.options.get("lists") or {}
        if lists:
            brand = bundle.brand() or "default"
            chosen = lists.get(brand) or lists.get("default")
            if chosen:
                return self.resolve(str(chosen))
        single = self.config.options.get("list")
        return self.resolve(str(single)) if single else None

    def applies_to(self, bundle: ReleaseBundle) -> str | None:
        reason = super().applies_to(bundle)
        if reason is None and self.list_path(bundle) is None:
            return f"no distribution list for brand {bundle.brand() or 'default'!r} (and no default)"
        return reason

    def sender(self) -> tuple[str, str]:
        """(From header, envelope sender)."""
        from_header = str(self.config.get("from"))
        _, addr = parseaddr(from_header)
        if "@" not in addr:
            raise PermanentError(f"channels.{self.name}.from {from_header!r} is not an e-mail address")
        return from_header, str(self.config.get("envelope_from") or addr)

    def build_message(self, bundle: ReleaseBundle, message_id: str, date: dt.datetime) -> EmailMessage:
        """The message every recipient gets: text + HTML alternatives and the PDF.

        A release.json edited into something the email package refuses (a lone surrogate, a
        number where text belongs) is one permanent error naming the file, not a traceback.
        """
        try:
            return self._build_message(bundle, message_id, date)
        except (ValueError, TypeError, AttributeError) as exc:
            raise PermanentError(f"{bundle.key}/release.json cannot be put into an e-mail: "
                                 f"{type(exc).__name__}: {str(exc)[:200]}",
                                 hint="convert or render the release again") from None

    def _build_message(self, bundle: ReleaseBundle, message_id: str, date: dt.datetime) -> EmailMessage:
        release = bundle.release
        from_header, envelope_from = self.sender()
        domain = envelope_from.rpartition("@")[2]
        msg = EmailMessage(policy=_POLICY)
        prefix = self.config.get("subject_prefix") or ""
        msg.set_raw("Subject", fold_subject(f"{prefix}{release.headline}"))  # see fold_subject
        msg.set_raw("From", fold_addresses(from_header, "From"))
        msg.set_raw("To", fold_addresses(self.config.get("to") or "undisclosed-recipients:;", "To"))
        if self.config.get("reply_to"):
            msg.set_raw("Reply-To", fold_addresses(str(self.config.get("reply_to")), "Reply-To"))
        msg["Date"] = format_datetime(date)
        msg["Message-ID"] = message_id
        list_id = self.config.get("list_id") or f"{self.name}.{domain}"
        msg["List-Id"] = f"<{list_id}>"
        unsubscribe = self.config.get("unsubscribe") or f"mailto:{envelope_from}?subject=unsubscribe"
        uris = [unsubscribe] if isinstance(unsubscribe, str) else [str(u) for u in unsubscribe]
        msg["List-Unsubscribe"] = ", ".join(f"<{u}>" for u in uris)
        if any(u.startswith("https:") for u in uris):
            msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058
        msg["Precedence"] = "bulk"
        links = self.photo_links(bundle)
        msg.set_content(plain_text(release) + "".join(f"\n{text}: {url}" for text, url in links))
        # Rendered from the model, never the (hand-editable) release.html: see model_html.py.
        msg.add_alternative(mail_html(release, bundle.brand(), links), subtype="html")
        self._lead_photo(bundle, msg)
        pdf = bundle.require("release.pdf").read_bytes()
        msg.add_attachment(pdf, maintype="application", subtype="pdf", filename=f"{bundle.key}.pdf")
        language = clean_line(str(release.language or ""))
        if LANGUAGE_TAG.fullmatch(language):  # after the body: set_content moves Content-* into the parts
            msg["Content-Language"] = language
        _check_header_lines(msg)
        return msg

    def photo_links(self, bundle: ReleaseBundle) -> list[tuple[str, str]]:
        """(text, URL) of the pictures other than the lead one, under the channel's `media_url`
        (the public address of the output folder); none without it — a relative link in a mail leads nowhere."""
        base = str(self.config.get("media_url") or "")
        if not base.startswith(("https://", "http://")):
            return []
        from urllib.parse import quote

        from ..pictures.names import is_media_href

        base = base.rstrip("/") + "/" + quote(bundle.key) + "/"
        out = []
        for picture in bundle.release.pictures:
            full = picture.rendition("print") or picture.rendition("web")
            if picture is bundle.release.lead_picture or full is None or not is_media_href(full.href):
                continue
            text = " ".join(x for x in (picture.caption or picture.alt or picture.file, picture.credit) if x)
            out.append((clean_line(text), base + full.href))
        return out

    def _lead_photo(self, bundle: ReleaseBundle, msg: EmailMessage) -> None:
        """The lead photo's web rendition as a related part of the HTML body (`cid:<name>@pressroom`)."""
        from ..pictures.names import is_media_href

        lead = bundle.release.lead_picture
        web = lead.rendition("web") if lead else None
        if web is None or not is_media_href(web.href):
            return
        html_part = msg.get_body(("html",))
        if html_part is None:
            return
        data = bundle.require(web.href).read_bytes()
        name = web.href.split("/", 1)[1]
        html_part.add_related(data, maintype="image", subtype="jpeg", cid=f"<{name}@pressroom>",
                              filename=name, disposition="inline")

    def _connect(self) -> smtplib.SMTP:
        security = str(self.config.get("security", "starttls"))
        if security not in SECURITY:
            raise PermanentError(f"channels.{self.name}.security must be one of {', '.join(SECURITY)}")
        host = str(self.config.get("host"))
        port = int(self.config.get("port") or DEFAULT_PORTS[security])
        timeout = self.config.timeout_seconds
        ca_file = self.config.get("ca_file")
        context = ssl.create_default_context(cafile=str(self.resolve(ca_file)) if ca_file else None)
        smtp: smtplib.SMTP
        if security == "tls":
            smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
        try:
            smtp.ehlo()
            if security == "starttls":
                smtp.starttls(context=context)
                smtp.ehlo()
            username = self.config.get("username")
            if username:
                _login(smtp, str(username), self.config.secret("password") or "")
        except BaseException:
            _quit(smtp)
            raise
        return smtp

    def send(self, bundle: ReleaseBundle, progress: Progress) -> str:
        list_path = self.list_path(bundle)
        assert list_path is not None  # applies_to said so
        recipients = read_list(list_path)
        if not recipients:
            raise PermanentError(f"distribution list {list_path} is empty")
        if not progress.data.get("message_id"):
            _, envelope_from = self.sender()
            progress.data["message_id"] = make_msgid(idstring=bundle.key[:40],
                                                     domain=envelope_from.rpartition("@")[2])
            progress.set("date", dt.datetime.now(dt.UTC).isoformat())
        message_id = progress.data["message_id"]
        msg = self.build_message(bundle, message_id, dt.datetime.fromisoformat(progress.data["date"]))
        _, envelope_from = self.sender()
        handled = {a.lower() for a in progress.done("accepted") + progress.done("refused")}
        pending = [r for r in recipients if r.lower() not in handled]
        batch_size = int(self.config.get("batch_size") or BATCH_SIZE)
        deferred: dict[str, str] = {}  # 4xx on RCPT (greylisting, full mailbox): retry these
        if pending:
            try:
                smtp = self._connect()
            except Exception as exc:
                raise classify(exc, self.name, str(self.config.get("host")),
                               str(self.config.get("username") or "")) from None
            try:
                for start in range(0, len(pending), batch_size):
                    batch = pending[start:start + batch_size]
                    try:
                        refused = smtp.send_message(msg, from_addr=envelope_from, to_addrs=batch)
                    except smtplib.SMTPRecipientsRefused as exc:
                        refused = exc.recipients
                    deferred.update({a: _reply(c, t) for a, (c, t) in refused.items() if 400 <= c < 500})
                    rejected = {a: _reply(c, t) for a, (c, t) in refused.items() if not 400 <= c < 500}
                    progress.data.setdefault("refusals", {}).update(rejected)
                    progress.mark("refused", list(rejected))
                    progress.mark("accepted", [r for r in batch if r not in refused])
            except Exception as exc:
                raise classify(exc, self.name, str(self.config.get("host")), "") from None
            finally:
                _quit(smtp)
        if deferred:
            sample = "; ".join(f"{a}: {r}" for a, r in list(deferred.items())[:5])
            raise TransientError(f"{len(deferred)} recipient(s) deferred by the server ({sample}); "
                                 f"{len(progress.done('accepted'))} already accepted will not get it again")
        accepted = progress.done("accepted")
        refused = progress.done("refused")
        if not accepted:
            reasons = "; ".join(f"{a}: {progress.data['refusals'].get(a, '')}" for a in refused[:5])
            raise PermanentError(f"every recipient was rejected ({reasons})",
                                 hint=f"check the addresses in {list_path}")
        return f"{message_id} to {len(accepted)} recipient(s)"

    def warnings(self, progress: Progress) -> list[str]:
        refusals = progress.data.get("refusals", {})
        return [f"recipient rejected: {addr} ({refusals.get(addr, '')})" for addr in progress.done("refused")]


#: RFC 2047 §2: an encoded word is at most 75 characters; a line holding one at most 76.
_WORD_MAX = 75
_LINE_MAX = 76
#: Characters Q encoding may leave as they are in any header context, phrases included (§5).
_Q_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!*+-/")


def _q(data: bytes) -> str:
    return "".join("_" if b == 0x20 else chr(b) if b in _Q_SAFE else f"={b:02X}" for b in data)


def _b(data: bytes) -> str:
    return binascii.b2a_base64(data, newline=False).decode("ascii")


def _encoded_words(text: str, first: int) -> list[str]:
    """`text` as UTF-8 encoded words of whole characters, the first at most `first` long."""
    data = text.encode("utf-8")
    kind, encode = ("q", _q) if len(_q(data)) <= len(_b(data)) else ("b", _b)
    words: list[str] = []
    chunk = ""
    for char in text:  # each chunk is at most ~75 characters, so this stays linear
        limit = first if not words else _WORD_MAX
        candidate = chunk + char
        if chunk and len(encode(candidate.encode("utf-8"))) + 12 > limit:
            words.append(f"=?utf-8?{kind}?{encode(chunk.encode('utf-8'))}?=")
            candidate = char
        chunk = candidate
    words.append(f"=?utf-8?{kind}?{encode(chunk.encode('utf-8'))}?=")
    return words


def _fold(tokens: list[str], name: str) -> str:
    """Tokens joined by one space, a line break before the space where a line would overflow."""
    lines = [tokens[0]]
    for token in tokens[1:]:
        limit = _LINE_MAX - len(name) - 2 if len(lines) == 1 else _LINE_MAX - 1
        if len(lines[-1]) + 1 + len(token) <= limit:
            lines[-1] += " " + token
        else:
            lines.append(token)
    return "\n ".join(lines)


def _plain(text: str, name: str) -> bool:
    """ASCII text that no parser could take for an encoded word, in words that fit a line."""
    return (text.isascii() and text.isprintable() and "=?" not in text
            and max(map(len, text.split(" "))) <= _LINE_MAX - len(name) - 2)


def fold_subject(text: str, name: str = "Subject") -> str:
    """The header value for `text`, folded by us so every parser decodes exactly `text`.

    CPython's folder (3.11–3.13) drops or adds a space when it splits a line between
    RFC 2047 encoded words ("energiförsörjning inför" → "energiförsörjninginför"). So:
    ASCII text without `=?` is folded at its own spaces (unfolding restores them); anything
    else becomes encoded words of whole characters, at most 75 long — the spaces travel
    *inside* the words, and the white space between adjacent encoded words is ignored by
    every decoder (RFC 2047 §6.2). The value goes to `EmailMessage.set_raw`; its lines are
    short enough (<= 76) that the email package writes them unchanged.
    """
    text = clean_line(text)
    if _plain(text, name):
        return _fold(text.split(" "), name)
    return _fold(_encoded_words(text, _LINE_MAX - len(name) - 2), name)


_ATEXT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-/^_`{|}~")


def _phrase(display: str, name: str) -> list[str]:
    """A display name as phrase tokens: ASCII atoms as they are, each run of other words
    (with the spaces inside it) as one encoded word.

    Python's address parser (3.11) keeps the white space *between* two encoded words of a
    phrase, which RFC 2047 §6.2 says to drop and other decoders do drop; so two encoded words
    never stand side by side here, and the two kinds of decoder read the same name. A run
    longer than one encoded word may hold stays one (longer) word for the same reason.
    """
    tokens: list[str] = []
    run: list[str] = []
    first = _LINE_MAX - len(name) - 2

    def flush() -> None:
        if run:
            text = " ".join(run)
            data = text.encode("utf-8")
            kind, encode = ("q", _q) if len(_q(data)) <= len(_b(data)) else ("b", _b)
            tokens.append(f"=?utf-8?{kind}?{encode(data)}?=")
            run.clear()

    for word in display.split(" "):
        if word and set(word) <= _ATEXT and len(word) <= first:
            flush()
            tokens.append(word)
        else:
            run.append(word)
    flush()
    return tokens


def fold_addresses(value: str, name: str) -> str:
    """An address header (From, To, Reply-To) written by us, for the same folding bug:
    "Länsstyrelsen … för energiförsörjning" arrived as "… energiförsörjnin g".

    Display names with other than ASCII atoms become `_phrase` tokens; plain ASCII values
    (and groups such as `undisclosed-recipients:;`) are left as they are. The message's
    policy (`refold_source="none"`) writes the value without refolding it.
    """
    value = clean_line(value)
    if value.isascii():
        return value
    tokens: list[str] = []
    for display, addr in getaddresses([value]):
        if tokens:
            tokens[-1] += ","
        if display:
            tokens += _phrase(display, name)
        tokens.append(f"<{addr}>" if display else addr)
    return _fold(tokens, name) if tokens else value


def _check_header_lines(msg: EmailMessage) -> None:
    """Refuse a header whose value holds a line break once decoded.

    The email package decodes RFC 2047 words (`=?utf-8?q?...=0D=0A...?=`) written in a
    header value and, before Python 3.11.10/3.12.5 (CVE-2024-6923), writes the decoded line
    breaks out raw: a headline (or an edited `<html lang>`) could add headers such as Bcc or
    Reply-To, or a body of its own.
    """
    for name, value in msg.items():
        if len(str(value).splitlines()) > 1:
            raise PermanentError(f"the {name} header would contain a line break (from an encoded word "
                                 f"=?...?= in the release's text: {str(value)[:80]!r})",
                                 hint="remove the =?...?= text from the release (headline, language) "
                                      "and convert it again")


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """One AUTH attempt: PLAIN with UTF-8 credentials where offered, else smtplib's choice.

    smtplib encodes credentials as ASCII (a password like "Pässword" crashes it) and, on a
    refused password, tries every other mechanism in turn — several failed logins per
    attempt, which is how accounts get locked. RFC 4616 PLAIN is UTF-8 and is tried once.
    """
    if "PLAIN" not in smtp.esmtp_features.get("auth", "").upper().split():
        smtp.login(user, password)
        return
    token = base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode()).decode("ascii")
    code, resp = smtp.docmd("AUTH", f"PLAIN {token}")
    if code not in (235, 503):
        raise smtplib.SMTPAuthenticationError(code, resp)


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}".strip()


def _quit(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


def classify(exc: BaseException, channel: str, host: str, user: str) -> Exception:
    """Map an smtplib/socket/ssl failure to Transient/PermanentError with a readable reason."""
    if isinstance(exc, (PermanentError, TransientError)):
        return exc
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        reply = _reply(exc.smtp_code, exc.smtp_error)
        return PermanentError(f"SMTP login as {user!r} on {host} was refused: {reply}",
                              hint=f"check the username and the password variable of channels.{channel}")
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return PermanentError(f"{host} does not offer what channels.{channel} asks for: {exc}",
                              hint="check `security` (starttls, tls or none) and whether AUTH is needed")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return PermanentError(f"the TLS certificate of {host} was not trusted: {exc.verify_message}",
                              hint="set ca_file to the CA that signed it")
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = ", ".join(f"{a} ({_reply(c, t)})" for a, (c, t) in exc.recipients.items())
        return PermanentError(f"recipients rejected: {refused}")
    if isinstance(exc, smtplib.SMTPResponseException):
        reply = _reply(exc.smtp_code, exc.smtp_error)
        if 400 <= exc.smtp_code < 500:
            return TransientError(f"{host} answered {reply}")
        return PermanentError(f"{host} answered {reply}")
    if isinstance(exc, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, TimeoutError,
                        socket.timeout, ConnectionError, ssl.SSLError, OSError, smtplib.SMTPException)):
        return TransientError(f"SMTP connection to {host} failed: {exc.__class__.__name__} {exc}".rstrip())
    return PermanentError(f"unexpected {exc.__class__.__name__}: {exc}")


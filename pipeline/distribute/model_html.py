"""The HTML that leaves Pressroom — e-mail body and press-room pages — rendered from the model.

`release.html` in a release folder is an *input*: an editor may open it, change it and run
`pressroom render`, and until then (or instead) it can hold anything a person or a script
put there — `<script>`, `<iframe>`, remote images, `@import`, `on*` handlers. So nothing
sends or publishes that file. What goes out is rendered again from `release.json` (the
`Release` model) by the same writer that made the PDF: every value escaped, only
http/https/mailto/tel links, CSS and logo from the validated brand.
"""

from __future__ import annotations

import dataclasses
import logging
import re

from markupsafe import Markup

from ..errors import PressroomError
from ..htmlwriter import render_html
from ..model import Release, Review

log = logging.getLogger(__name__)

#: The writer's JSON-LD block. `script_json` escapes every "<" inside it, so `[^<]*` is exact.
_JSON_LD = re.compile(r'<script type="application/ld\+json">[^<]*</script>\n?')


def _brand(name: str | None):  # -> Brand | None (brand.py imports lxml; loaded only when needed)
    """The brand the release was rendered with, or None (the neutral stylesheet) when it
    cannot be loaded here: a missing brand must not stop a delivery."""
    if not name:
        return None
    from ..brand import load_brand

    try:
        return load_brand(name)
    except (PressroomError, OSError) as exc:
        log.warning("brand %r not available (%s); rendering with the neutral style", name, exc)
        return None


def release_page(release: Release, brand: str | None = None, media_base: str = "") -> str:
    """A complete, self-contained HTML5 page of the release (for the press room).

    The review record (confidences, the reasons a person had to look) is an editor's note, not
    part of the release: only releases that are not held go out, and they go out without it.
    """
    return render_html(dataclasses.replace(release, review=Review()), _brand(brand), media_base=media_base)


def mail_html(release: Release, brand: str | None = None, photo_links: list[tuple[str, str]] | None = None) -> str:
    """The e-mail's text/html body: the release page without the JSON-LD `<script>`.

    Mail clients drop scripts anyway and filters score them as suspicious; the metadata is
    in the message headers and the attached PDF. Of the pictures only the lead photo is in
    the mail, as a related part (`cid:`); the others are `photo_links` (text, https URL),
    listed after the release — a mail with every full-size photo attached is one nobody wants.
    """
    lead = release.lead_picture
    html = _JSON_LD.sub("", release_page(dataclasses.replace(release, pictures=[lead] if lead else []), brand,
                                         media_base="cid:"))
    links = [(text, url) for text, url in photo_links or [] if url.startswith(("https://", "http://"))]
    if links:
        items = Markup("").join(Markup('<li><a href="{}">{}</a></li>\n').format(url, text) for text, url in links)
        section = Markup('<section class="pr-more-pictures">\n<ul>\n{}</ul>\n</section>\n').format(items)
        html = html.replace("</article>", section + "</article>", 1)
    return html

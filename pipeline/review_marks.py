"""How release.html carries the review state: written by the HTML writer, read back by the HTML
reader, flipped in place by `pressroom confirm` — one vocabulary for the three."""

from __future__ import annotations

REVIEW_NEEDED, REVIEW_CONFIRMED = "needs-review", "confirmed"
"""The review state as release.html carries it, in `<meta name="pressroom:review" content=…>`."""
REVIEW_STYLE = '<style media="screen">[data-confidence] { outline: 2px dashed #c05600; outline-offset: 2px }</style>'
"""While a release is held, an editor opening release.html in a browser sees the doubtful fields
outlined; `media="screen"` keeps the outline out of the PDF, and confirming removes it, so the
confirmed HTML is exactly what the writer makes of the confirmed release (and what is mailed)."""

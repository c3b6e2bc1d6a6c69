"""The one e-mail address pattern: the contact parser finds addresses with it, the HTML writer links them.

One pattern, so what the parser calls an address is exactly what the writer makes a
`mailto:` link of (and the HTML reader reads back). Letters beyond ASCII are allowed
(internationalized addresses: åsa.berg@exempel.se).

Linear time by construction, because releases are hostile input: a match may only start
where no local-part character stands before it, so a run of 20,000 '#' is scanned once,
not once from each of its characters (the quadratic 15 s the red team measured), and the
quantifiers that are followed by a character they cannot match are possessive, so no
failed match ever backtracks through them.
"""

from __future__ import annotations

import re

_LOCAL_CHARS = r"\w!#$%&'*+/=?^`{|}~-"
LOCAL = rf"[{_LOCAL_CHARS}]++(?:\.[{_LOCAL_CHARS}]++)*+"
"""The part before the '@' (a possessive run: '@' or '.' is never one of its characters)."""
NOT_AFTER_LOCAL = rf"(?<![.@{_LOCAL_CHARS}])"
"""An address starts at the first local-part character of its run, never inside one."""
_LABEL = r"[^\W_](?:[\w-]++(?<![_-]))?"
"""A domain label: letters/digits, inner hyphens; `\\.` always follows it, which its
possessive run cannot match, so giving characters back could never help."""
DOMAIN = rf"(?:{_LABEL}\.)+[^\W\d_]{{2,24}}"
EMAIL_RE = re.compile(rf"{NOT_AFTER_LOCAL}{LOCAL}@{DOMAIN}(?![\w-])")

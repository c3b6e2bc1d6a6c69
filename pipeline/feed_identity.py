"""Who supplies the agency feeds: provider and guid authority, from pressroom.toml and brand.toml.

Every NewsML-G2 item names its provider and carries a guid minted under a domain; ninjs and
NITF repeat both. They belong to the installation (or, when one installation issues for
several organizations, to a brand), not to a release, so they are configuration:

    [newsml]                                   # in pressroom.toml, and/or in styles/<brand>/brand.toml
    provider = "press.acme.example"            # itemMeta/provider/@literal: a domain or short identifier
    provider_name = "Acme AB press office"     # itemMeta/provider/name (optional)
    guid_authority = "acme.example"            # urn:newsml:<guid_authority>:... (default: provider, if a domain)

A brand's table overrides pressroom.toml key by key. Unconfigured, both are
`pressroom.invalid` ("configure me"): visibly nobody's, never someone else's.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .errors import PressroomError

TABLE = "newsml"
KEYS = ("provider", "provider_name", "guid_authority")


@dataclass(frozen=True)
class FeedIdentity:
    """The `[newsml]` settings; None means "not set here" so that layers can be merged."""

    provider: str | None = None
    provider_name: str | None = None
    guid_authority: str | None = None

    def over(self, base: FeedIdentity) -> FeedIdentity:
        """These settings, with `base` filling in what they leave unset."""
        return replace(base, **{f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)})

    def render_options(self) -> dict[str, str | None]:
        """Keyword arguments for render_newsml / render_ninjs / render_nitf."""
        return {"provider": self.provider, "provider_name": self.provider_name,
                "guid_authority": self.guid_authority}


def identity_from_table(data: object, where: str) -> FeedIdentity:
    """Validate one `[newsml]` table (already parsed); unknown keys and non-strings are refused."""
    if data is None:
        return FeedIdentity()
    if not isinstance(data, dict):
        raise PressroomError("config", f"{where}: [{TABLE}] must be a table")
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise PressroomError("config", f"{where}: unknown key(s) in [{TABLE}]: {', '.join(unknown)}",
                             f"known keys: {', '.join(KEYS)}")
    values = {}
    for key in KEYS:
        value = data.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise PressroomError("config", f"{where}: {TABLE}.{key} must be a non-empty string")
        values[key] = value.strip() if isinstance(value, str) else None
    identity = FeedIdentity(**values)
    _check(identity, where)
    return identity


def identity_from_file(path: Path | None, where: str | None = None) -> FeedIdentity:
    """The `[newsml]` table of a TOML file; a missing file (or none given) sets nothing."""
    if path is None or not path.is_file():
        return FeedIdentity()
    label = where or str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise PressroomError("config", f"cannot read {label}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise PressroomError("config", f"{label} is not valid TOML: {exc}") from None
    return identity_from_table(data.get(TABLE), label)


def installation_identity(config_path: str | Path | None = None) -> FeedIdentity:
    """pressroom.toml's `[newsml]`: `--config`, else $PRESSROOM_CONFIG, else ./pressroom.toml."""
    from .distribute.config import find_config  # the one place that knows where pressroom.toml is

    found = find_config(config_path)
    if config_path is not None and found is not None and not found.is_file():
        raise PressroomError("config", f"no such config file: {found}")
    return identity_from_file(found)


def brand_identity(brand_folder: Path | None) -> FeedIdentity:
    """`styles/<brand>/brand.toml`'s `[newsml]` (brand.py ignores tables it does not know)."""
    return identity_from_file(brand_folder / "brand.toml" if brand_folder else None)


def _check(identity: FeedIdentity, where: str) -> None:
    """Refuse values that would make every item invalid, when the file is read, not per release."""
    from .newsml import provider_identity

    try:
        provider_identity(identity.provider, identity.guid_authority)
    except PressroomError as exc:
        raise PressroomError("config", f"{where}: {TABLE}.guid_authority: {exc.reason}", exc.hint) from None

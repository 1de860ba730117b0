"""Security headers: the Content-Security-Policy of every page and who may frame the embeds."""

from __future__ import annotations

import logging
import re

log = logging.getLogger("reform_indicators")

#: Characters that would end a CSP source expression early (or a header line).
_NOT_IN_SOURCE = re.compile(r"[\s;,]")


def content_security_policy(script_hashes: list[str], frame_ancestors: str) -> str:
    """As strict as Dash allows: own scripts plus the hashes of Dash's inline bootstrap scripts."""
    scripts = " ".join(["'self'", *script_hashes])
    return (
        "default-src 'self'; "
        f"script-src {scripts}; "
        # Plotly and React set inline styles on elements; no inline <style> of ours is needed.
        "style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; "
        f"frame-ancestors {frame_ancestors}"
    )


def allows_other_sites(sources: list[str]) -> bool:
    """Whether the configured ``embed.frame_ancestors`` let any site but this one frame the embeds."""
    return any(source not in ("'self'", "'none'") for source in frame_ancestors(sources).split())


def frame_ancestors(sources: list[str]) -> str:
    """The CSP ``frame-ancestors`` value from config: valid source expressions only, else ``'none'``."""
    valid = []
    for source in sources:
        if source and not _NOT_IN_SOURCE.search(source) and ("'" not in source or source in ("'self'", "'none'")):
            valid.append(source)
        else:
            log.warning("config.yaml embed.frame_ancestors: ignoring %r, not a CSP source expression", source)
    return " ".join(valid) or "'none'"

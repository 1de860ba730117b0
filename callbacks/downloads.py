"""The CSV encoding choice of a download block rewrites that block's CSV and zip links."""

from __future__ import annotations

from dash import ALL, MATCH, Input, Output, State, callback

from layouts.downloads import BOM, ENCODINGS, with_encoding
from layouts.ids import Ids


@callback(
    Output({"type": Ids.DOWNLOAD_LINK, "panel": MATCH, "file": ALL}, "href"),
    Input({"type": Ids.DOWNLOAD_ENCODING, "panel": MATCH}, "value"),
    State({"type": Ids.DOWNLOAD_LINK, "panel": MATCH, "file": ALL}, "href"),
    prevent_initial_call=True,
)
def update_download_links(encoding: str | None, hrefs: list[str | None]) -> list[str | None]:
    """Every link of the panel with the chosen encoding (the links are built with the default)."""
    chosen = encoding if encoding in ENCODINGS else BOM
    return [_relinked(href, chosen) for href in hrefs] if isinstance(hrefs, list) else []


def _relinked(href: object, encoding: str) -> str | None:
    """The link with ``encoding``; what the browser sent is not trusted to be a URL, or a string."""
    if not isinstance(href, str) or not href:
        return None
    try:
        return with_encoding(href, encoding)
    except ValueError:  # urlsplit refuses some strings, e.g. "http://["
        return href

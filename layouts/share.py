"""Share and cite a view: its link with a copy button, a QR code of it, and "cite this" texts.

The QR code is drawn here, on the server, as SVG (segno), and shown as a ``data:`` image, so it
needs no script and no request of its own. The citations are :func:`indicators.citation.cite_view`'s.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import segno
from dash import dcc, html

from indicators.citation import cite_view
from indicators.dataset import Dataset
from indicators.formatting import Lang
from layouts.i18n import t
from layouts.ids import Ids
from layouts.view_state import Tab, ViewState

#: Pixels per module of the QR code; a view's link (about 100 characters) gives a code of 41-45 modules.
QR_SCALE = 4


def view_url(state: ViewState, base_url: str, default_lang: Lang) -> str:
    """The absolute link of a view's chart: ``http://host/?tab=chart&ind=...`` (defaults left out)."""
    return base_url.rstrip("/") + "/" + state.with_(tab=Tab.CHART).to_search(default_lang)


@lru_cache(maxsize=256)
def qr_svg(text: str) -> str:
    """A QR code of ``text`` as an SVG ``data:`` URI (error correction M: still reads when a projector blurs it).

    Kept for the latest links asked for: drawing one took most of a small chart's answer.
    """
    return segno.make(text, error="m", micro=False).svg_data_uri(scale=QR_SCALE, border=2, dark="#1f2933")


def _copy(target: str, label: str, button_id: str) -> dcc.Clipboard:
    # The button inside makes it keyboard-reachable; Dash's Clipboard itself is a div. It shows only
    # where the browser allows copying (HTTPS or localhost); the text stays selectable everywhere.
    return dcc.Clipboard(
        id=button_id,
        target_id=target,
        children=html.Button(label, type="button", className="copy-button"),
        copied_children=html.Button(label, type="button", className="copy-button copied"),
        className="copy-text",
    )


def build_share(
    dataset: Dataset,
    state: ViewState,
    indicator_ids: tuple[str, ...],
    base_url: str,
    default_lang: Lang,
    today: date,
) -> html.Div:
    """The share and cite block of a chart's view.

    Args:
        dataset: The loaded data.
        state: The view (its link keeps its indicators, years, kind and language).
        indicator_ids: The indicators drawn (named in the citations).
        base_url: Scheme, host and port the browser reached the app at.
        default_lang: The app's default language (left out of links).
        today: The access date the citations give.
    """
    lang = state.lang
    url = view_url(state, base_url, default_lang)
    cites = cite_view(dataset, indicator_ids, url, accessed=today, year_from=state.year_from, year_to=state.year_to)
    styles = (
        ("gbt7714", Ids.CITE_GBT7714, Ids.CITE_GBT7714_COPY, cites.gbt7714, 4),
        ("english", Ids.CITE_ENGLISH, Ids.CITE_ENGLISH_COPY, cites.english, 4),
        ("bibtex", Ids.CITE_BIBTEX, Ids.CITE_BIBTEX_COPY, cites.bibtex, 8),
    )
    citations = []
    for style, component_id, copy_id, text, rows in styles:
        label = t(f"cite-{style}", lang)
        citations.append(
            html.Div(
                [
                    html.Label(label, htmlFor=component_id),
                    dcc.Textarea(id=component_id, value=text, readOnly=True, rows=rows, className="cite-text"),
                    _copy(component_id, t("copy-citation", lang, style=label), copy_id),
                ],
                className="cite-style",
            )
        )
    return html.Div(
        [
            html.H4(t("share-heading", lang)),
            html.Div(
                [
                    html.Div(
                        [
                            html.Label(t("share-link-label", lang), htmlFor=Ids.SHARE_LINK),
                            dcc.Input(id=Ids.SHARE_LINK, value=url, readOnly=True, type="url", className="share-link"),
                            _copy(Ids.SHARE_LINK, t("copy-link", lang), Ids.SHARE_COPY),
                        ],
                        className="share-link-row",
                    ),
                    html.Figure(
                        [
                            html.Img(src=qr_svg(url), alt=t("share-qr-alt", lang), className="share-qr"),
                            html.Figcaption(t("share-qr-help", lang), className="muted"),
                        ],
                        className="share-qr-figure",
                    ),
                ],
                className="share-row",
            ),
            html.Details(
                [
                    html.Summary(t("cite-heading", lang)),
                    html.P(t("cite-help", lang), className="muted"),
                    *citations,
                ],
                className="cite",
            ),
        ],
        className="download-group share-group",
    )

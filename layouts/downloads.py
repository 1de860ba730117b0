"""Download and share controls: links to the data, image, embed and briefing routes of a view.

Every download is a plain ``<a download href>`` to a route of :mod:`server.files`, so it works
from the keyboard, in any browser, and without a callback; the URLs below are the only place those
routes' query strings are written. The encoding choice rewrites the CSV and zip links
(:func:`with_encoding`, wired in :mod:`callbacks.downloads`); the default links already carry the
Excel-friendly encoding. The "copy image" button is the one control that needs a script
(``assets/copy-image.js``: the clipboard, or a download where the browser refuses).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from dash import dcc, html

from indicators.tables import ALL_DATA
from layouts.charts import DEFAULT_KIND
from layouts.i18n import TEXTS, t
from layouts.ids import Ids
from layouts.view_state import ViewState

DATA_PATH = "/data"
CHART_PATH = "/chart"
EMBED_PATH = "/embed"
BRIEFING_PATH = "/briefing.pptx"
DATAPACKAGE_PATH = f"{DATA_PATH}/datapackage.json"
LAYOUTS = ("tidy", "wide")
#: CSV encodings: with a byte order mark (Excel reads Chinese right) or without (programs).
BOM, PLAIN = "utf-8-sig", "utf-8"
ENCODINGS = (BOM, PLAIN)
#: Height of an embedded chart in CSS pixels, and the heights an embed URL may ask for.
EMBED_HEIGHT = 600
EMBED_HEIGHT_BOUNDS = (300, 1200)


class ImageSize(Protocol):
    """What the links need of an image preset of the registry (:data:`outputs.formats.IMAGE_PRESETS`)."""

    name: str
    label_key: str

    @property
    def pixels(self) -> tuple[int, int]:
        """Width and height of the image in pixels."""
        ...


class FileFormat(Protocol):
    """What the links need of a format of the registry (:data:`outputs.formats.FORMATS`), passed in."""

    name: str
    holds: str
    label_key: str
    offered_layouts: tuple[str, ...]
    has_text_encoding: bool

    def filename(self, indicator_ids: Sequence[str] | None) -> str:
        """The file's name for a selection (None: every indicator)."""
        ...


def _query(params: Sequence[tuple[str, str]]) -> str:
    return "?" + urlencode(params, safe=",") if params else ""


def _selection(state: ViewState, *, indicators: bool = True) -> list[tuple[str, str]]:
    params = [("ind", ",".join(state.indicators))] if indicators and state.indicators else []
    if state.year_from is not None:
        params.append(("from", str(state.year_from)))
    if state.year_to is not None:
        params.append(("to", str(state.year_to)))
    return params


def data_href(state: ViewState, fmt: str, *, layout: str = "tidy", displayed: bool = True, encoding: str = BOM) -> str:
    """A data URL: the displayed data of ``state`` (its indicators and years), or all data.

    ``/data/observations.csv?ind=a,b&from=2020&lang=zh&layout=wide``; the language is always
    written, the defaults (tidy, the BOM encoding) never are.
    """
    params = _selection(state) if displayed else []
    params.append(("lang", state.lang))
    if layout != "tidy":
        params.append(("layout", layout))
    if encoding != BOM:
        params.append(("encoding", encoding))
    return f"{DATA_PATH}/{ALL_DATA}.{fmt}{_query(params)}"


def _chart_params(state: ViewState) -> list[tuple[str, str]]:
    params = [("lang", state.lang), *_selection(state, indicators=False)]
    if state.view != DEFAULT_KIND:
        params.append(("view", state.view))
    return params


def image_href(state: ViewState, fmt: str, preset: str | None = None) -> str:
    """``/chart/<ids>.png|svg?lang=&from=&to=&view=&preset=``: the view's chart as an image (of a preset size)."""
    params = _chart_params(state) + ([("preset", preset)] if preset else [])
    return f"{CHART_PATH}/{','.join(state.indicators)}.{fmt}{_query(params)}"


def embed_src(state: ViewState, base_url: str, height: int = EMBED_HEIGHT) -> str:
    """Absolute URL of the view's chart alone, for an iframe: ``<base>/embed/<ids>?lang=&height=``."""
    params = _chart_params(state)
    if height != EMBED_HEIGHT:
        params.append(("height", str(height)))
    return f"{base_url.rstrip('/')}{EMBED_PATH}/{','.join(state.indicators)}{_query(params)}"


def embed_snippet(state: ViewState, base_url: str, title: str, height: int = EMBED_HEIGHT) -> str:
    """The ``<iframe>`` to paste into another page (full width, the chart's height, no border)."""
    src = escape(embed_src(state, base_url, height))
    return (
        f'<iframe src="{src}" title="{escape(title)}" width="100%" height="{height}" '
        'style="border:0;max-width:100%" loading="lazy"></iframe>'
    )


def briefing_href(state: ViewState, *, every: bool = False) -> str:
    """``/briefing.pptx?ind=&lang=&from=&to=&view=``: the view's deck; ``every``: of every indicator."""
    if every:
        return f"{BRIEFING_PATH}{_query([('lang', state.lang)])}"
    params = [("ind", ",".join(state.indicators))] if state.indicators else []
    return f"{BRIEFING_PATH}{_query([*params, *_chart_params(state)])}"


def with_encoding(href: str, encoding: str) -> str:
    """A CSV or zip link with another encoding (the BOM default is left out of the URL)."""
    parts = urlsplit(href)
    params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "encoding"]
    if encoding != BOM:
        params.append(("encoding", encoding))
    return urlunsplit(parts._replace(query=urlencode(params, safe=",")))


def encoding_id(panel: str) -> dict:
    """Id of a panel's encoding choice."""
    return {"type": Ids.DOWNLOAD_ENCODING, "panel": panel}


def link_id(panel: str, name: str) -> dict:
    """Id of a link whose URL follows the encoding choice of its panel."""
    return {"type": Ids.DOWNLOAD_LINK, "panel": panel, "file": name}


def _link_text(key: str, lang: str) -> dict:
    """A link's text, and its tooltip where the texts have one (``<key>-title``)."""
    title = f"{key}-title"
    return {"children": t(key, lang)} | ({"title": t(title, lang)} if title in TEXTS else {})


def _file_links(panel: str, state: ViewState, formats: Sequence[FileFormat], *, displayed: bool) -> html.Ul:
    ids = state.indicators if displayed else None
    items = []
    for fmt in formats:
        if fmt.holds not in ("data", "metadata"):
            continue
        for layout in fmt.offered_layouts:
            key = f"{fmt.label_key}-{layout}" if len(fmt.offered_layouts) > 1 else fmt.label_key
            link = {
                "href": data_href(state, fmt.name, layout=layout, displayed=displayed),
                "download": fmt.filename(ids or None),
                "className": "download-link",
            } | _link_text(key, state.lang)
            if fmt.has_text_encoding:  # an xlsx has no text encoding
                link["id"] = link_id(panel, f"{'displayed' if displayed else 'full'}-{key.removeprefix('download-')}")
            items.append(html.Li(html.A(**link)))
    if not displayed:  # for scripts: every CSV column's type, unit and meaning
        package = {"href": DATAPACKAGE_PATH, "download": "datapackage.json", "className": "download-link"}
        items.append(html.Li(html.A(**package, **_link_text("download-datapackage", state.lang))))
    return html.Ul(items, className="download-list")


def _encoding_choice(panel: str, lang: str) -> html.Fieldset:
    return html.Fieldset(
        [
            html.Legend(t("download-encoding", lang)),
            dcc.RadioItems(
                id=encoding_id(panel),
                options=[
                    {"label": t("encoding-bom", lang), "value": BOM},
                    {"label": t("encoding-plain", lang), "value": PLAIN},
                ],
                value=BOM,
                inline=True,
            ),
        ],
        className="download-encoding",
    )


def build_data_downloads(panel: str, state: ViewState, formats: Sequence[FileFormat]) -> list:
    """Links to the displayed data and to all data, in every data format, with the CSV encoding choice.

    Args:
        panel: Which panel they are on (``table``, ``chart``): keeps the ids of two panels apart.
        state: The view; its indicators (all when none) and years are the displayed data.
        formats: The formats the app serves (the registry's); those holding data get links.
    """
    lang = state.lang
    return [
        html.Div(
            [
                html.H4(t("downloads-displayed", lang)),
                html.P(t("downloads-displayed-help", lang), className="muted"),
                _file_links(panel, state, formats, displayed=True),
            ],
            className="download-group",
        ),
        html.Div(
            [
                html.H4(t("downloads-full", lang)),
                html.P(t("downloads-full-help", lang), className="muted"),
                _file_links(panel, state, formats, displayed=False),
            ],
            className="download-group",
        ),
        _encoding_choice(panel, lang),
    ]


def build_table_downloads(state: ViewState, formats: Sequence[FileFormat]) -> html.Section:
    """The download block of the data table tab (``formats``: the registry's served formats)."""
    return html.Section(
        [html.H3(t("downloads-heading", state.lang)), *build_data_downloads("table", state, formats)],
        className="downloads",
        **{"aria-label": t("downloads-heading", state.lang)},
    )


def _image_links(state: ViewState, formats: Sequence[FileFormat], presets: Sequence[ImageSize]) -> list:
    """The chart as images (PNG at each preset size, SVG) and as slides (this view, every indicator)."""
    lang, ids = state.lang, state.indicators
    items = []
    for fmt in formats:
        if fmt.holds == "chart":
            items.append(_download(image_href(state, fmt.name), fmt.filename(ids), _link_text(fmt.label_key, lang)))
            if fmt.name == "png":
                for preset in presets:
                    width, height = preset.pixels
                    label = {"children": t(preset.label_key, lang, width=width, height=height)}
                    items.append(_download(image_href(state, "png", preset.name), fmt.filename(ids), label))
        elif fmt.holds == "deck":
            items.append(_download(briefing_href(state), fmt.filename(ids), _link_text(fmt.label_key, lang)))
            every = {"children": t("download-briefing-all", lang)}
            items.append(_download(briefing_href(state, every=True), fmt.filename(None), every))
    return items


def _download(href: str, filename: str, text: dict) -> html.Li:
    return html.Li(html.A(href=href, download=filename, className="download-link", **text))


def copy_image_button(state: ViewState, preset: ImageSize | None) -> html.Div:
    """The "copy image" button: the chart (at the preset's size) onto the clipboard, or downloaded where refused.

    ``assets/copy-image.js`` does it (no inline script: the CSP forbids it); the button carries the
    image's URL and the messages, in the page's language, that the status line then shows.
    """
    lang = state.lang
    data = {
        "data-src": image_href(state, "png", preset.name if preset else None),
        "data-filename": f"{'_'.join(state.indicators)[:80] or 'chart'}.png",
        "data-done": t("copy-image-done", lang),
        "data-downloaded": t("copy-image-downloaded", lang),
        "data-failed": t("copy-image-failed", lang),
    }
    return html.Div(
        [
            html.Button(
                t("copy-image", lang),
                type="button",
                className="copy-button copy-image",
                title=t("copy-image-title", lang),
                **data,
            ),
            html.Span(className="copy-image-status", role="status", **{"aria-live": "polite"}),
        ],
        className="copy-image-row",
    )


def _embed_group(state: ViewState, title: str, base_url: str, allowed: bool) -> html.Div:
    """The embed code when the configured sites include others than this one; otherwise why there is none."""
    lang = state.lang
    if not allowed:
        return html.Div(
            [html.H4(t("embed-heading", lang)), html.P(t("embed-not-allowed", lang), className="embed-not-allowed")],
            className="download-group embed-group",
        )
    return html.Div(
        [
            html.H4(t("embed-heading", lang)),
            html.P(t("embed-help", lang), className="muted"),
            html.Label(t("embed-code-label", lang), htmlFor=Ids.EMBED_CODE, className="visually-hidden"),
            dcc.Textarea(
                id=Ids.EMBED_CODE,
                value=embed_snippet(state, base_url, title),
                readOnly=True,
                rows=3,
                className="embed-code",
            ),
            # The button inside makes it keyboard-reachable; Dash's Clipboard itself is a div. It
            # shows only where the browser allows copying (HTTPS or localhost); the text stays
            # selectable everywhere.
            dcc.Clipboard(
                id=Ids.EMBED_COPY,
                target_id=Ids.EMBED_CODE,
                children=html.Button(t("copy-embed", lang), type="button", className="copy-button"),
                copied_children=html.Button(t("copied", lang), type="button", className="copy-button"),
                className="copy-embed",
            ),
        ],
        className="download-group embed-group",
    )


def build_chart_downloads(
    state: ViewState,
    title: str,
    base_url: str,
    formats: Sequence[FileFormat],
    *,
    presets: Sequence[ImageSize] = (),
    share: html.Div | None = None,
    embed_allowed: bool = False,
) -> html.Section:
    """Under the chart: the chart as images and slides, the data, share and cite, and the embed code.

    Args:
        state: The view (its indicators are drawn; at least one).
        title: The chart's title, for the iframe's accessible name.
        base_url: Scheme, host and port the browser reached the app at, for the embed code.
        formats: The formats the app serves (the registry's): charts, decks and data get links.
        presets: Image sizes (the registry's): a PNG link each; the first is what "copy image" copies.
        share: The share and cite block (:func:`layouts.share.build_share`).
        embed_allowed: Whether the configured ``embed.frame_ancestors`` let other sites frame charts;
            if not, the panel says so instead of offering code that would give a broken frame.
    """
    lang = state.lang
    return html.Section(
        id=Ids.CHART_DOWNLOADS,
        className="downloads",
        children=[
            html.H3(t("downloads-heading", lang)),
            html.Div(
                [
                    html.H4(t("downloads-image", lang)),
                    copy_image_button(state, presets[0] if presets else None),
                    html.Ul(_image_links(state, formats, presets), className="download-list"),
                ],
                className="download-group",
            ),
            *build_data_downloads("chart", state, formats),
            *([share] if share is not None else []),
            _embed_group(state, title, base_url, embed_allowed),
        ],
    )

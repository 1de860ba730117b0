"""HTTP routes for files: data (CSV, xlsx, zip, JSON), chart images, embeddable charts, the briefing deck.

Query strings are read by :func:`layouts.view_state.parse_search`, like the page's, but strictly:
what the page would ignore with a notice is an error here (400, or 404 for an unknown indicator),
with a short plain-text message in the request's language. Indicator ids from the path are only
ever looked up in the dataset; files and their names come from the format registry (:mod:`outputs.formats`).
Everything is built from the cached dataset (:func:`server.context.current_dataset`). Files carry the
data version as their validators and answer a conditional GET with 304 (:mod:`server.freshness`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path
from urllib.parse import quote, urlencode

import plotly
import plotly.io as pio
from flask import Flask, Response, request, send_file

from indicators import locales
from indicators.dataset import Dataset
from indicators.formatting import Lang
from indicators.problems import DataError
from layouts import downloads as dl
from layouts.chart_view import as_of_line, view_figure
from layouts.charts import view_names
from layouts.charts.labels import chart_title
from layouts.charts.style import plotly_config
from layouts.i18n import t
from layouts.view_state import MAX_INDICATORS, Notice, Tab, ViewState, parse_search
from outputs import images
from outputs.formats import FORMATS, IMAGE_PRESETS, ExportFormat, ExportJob, Holds, data_language, formats
from outputs.writers import datapackage_json
from server import heavy
from server.context import current_dataset, current_settings
from server.freshness import not_modified, stamp
from server.headers import content_security_policy, frame_ancestors

log = logging.getLogger("reform_indicators")

PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
#: The plotly.js embeds load, served by the app itself; the version in the path lets browsers keep it.
PLOTLY_JS_PATH = f"/vendor/plotly-{plotly.offline.get_plotlyjs_version()}.min.js"
VIEW_KEYS = ("ind", "lang", "from", "to", "view")
#: Data change when a curator saves a file: ask the server each time (the ETag saves the transfer).
DATA_CACHE = "no-cache"
#: An image takes a browser to draw: let browsers and proxies keep it a few minutes.
IMAGE_CACHE = "public, max-age=300"


class RouteError(Exception):
    """A request the route cannot answer: an HTTP status and a message for people."""

    def __init__(self, status: int, message: str, retry_after: int = 10) -> None:
        super().__init__(message)
        self.status, self.message, self.retry_after = status, message, retry_after


def _lang() -> Lang:
    lang = request.args.get("lang", "")
    return lang if lang in locales.codes() else current_settings().language


def _dataset() -> Dataset:
    try:
        return current_dataset()
    except DataError:
        raise RouteError(503, t("http-no-data", _lang())) from None


def _notice_error(notice: Notice, lang: Lang) -> RouteError:
    """What the page would show as a notice, as an HTTP error."""
    if notice.key == "unknown-indicator":
        return RouteError(404, t("http-unknown-indicator", lang, value=notice.value))
    if notice.key == "bad-lang":
        return RouteError(400, t("http-bad-value", lang, name="lang", value=notice.value, allowed="zh, en"))
    if notice.key == "bad-view":
        allowed = ", ".join(view_names())
        return RouteError(400, t("http-bad-value", lang, name="view", value=notice.value, allowed=allowed))
    if notice.key == "bad-year":
        return RouteError(400, t("http-bad-year", lang, value=notice.value))
    if notice.key == "years-swapped":
        return RouteError(400, t("http-years-swapped", lang, value=notice.value))
    if notice.key == "too-many-indicators":
        return RouteError(400, t("http-too-many", lang, value=MAX_INDICATORS))
    return RouteError(400, t("http-bad-query", lang))


def parse_request(dataset: Dataset, allowed: tuple[str, ...], path_ids: str | None = None) -> tuple[ViewState, dict]:
    """The view a route's query string (and ids from its path) asks for, and its other parameters.

    Raises:
        RouteError: 404 for an unknown indicator, 400 for anything else the page would ignore.
    """
    lang = _lang()
    for key in request.args:
        if key not in allowed:
            raise RouteError(400, t("http-unknown-parameter", lang, value=key[:40], allowed=", ".join(allowed)))
    view_params = [(key, request.args[key]) for key in VIEW_KEYS if key in request.args]
    if path_ids is not None:
        view_params.append(("ind", path_ids))
    default = current_settings().language
    parsed = parse_search(urlencode(view_params), frozenset(dataset.indicators.index), default)
    if parsed.notices:
        raise _notice_error(parsed.notices[0], lang)
    others = {key: request.args[key] for key in request.args if key not in VIEW_KEYS}
    return parsed.state, others


def _choice(params: dict, name: str, allowed: tuple[str, ...], lang: Lang) -> str:
    value = params.get(name, allowed[0])
    if value not in allowed:
        raise RouteError(400, t("http-bad-value", lang, name=name, value=value[:40], allowed=", ".join(allowed)))
    return value


def _size(params: dict, name: str, default: int, bounds: tuple[int, int], lang: Lang) -> int:
    text = params.get(name)
    if text is None or text == "":
        return default
    if not re.fullmatch(r"\d{1,5}", text.strip()):
        raise RouteError(400, t("http-bad-number", lang, name=name, value=text[:40]))
    return images.clamp(int(text), bounds)


def _split_name(name: str, extensions: tuple[str, ...], lang: Lang) -> tuple[str, str]:
    stem, dot, extension = name.rpartition(".")
    if not dot or extension not in extensions:
        allowed = ", ".join(f".{e}" for e in extensions)
        raise RouteError(
            404, t("http-unknown-file", lang, value=f".{extension}" if dot else name[:40], allowed=allowed)
        )
    return stem, extension


def content_disposition(kind: str, filename: str) -> str:
    """``attachment; filename=...``, with an RFC 5987 ``filename*`` when the name is not ASCII."""
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    value = f'{kind}; filename="{ascii_name}"'
    if ascii_name != filename:
        value += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return value


def file_response(
    content: bytes, media_type: str, filename: str, *, kind: str, cache: str, dataset: Dataset
) -> Response:
    """A file for download (``attachment``) or display (``inline``), with the data version's validators."""
    response = Response(content, content_type=media_type)
    response.headers["Content-Disposition"] = content_disposition(kind, filename)
    return stamp(response, dataset, cache)


def _error_response(error: RouteError) -> Response:
    response = Response(error.message + "\n", status=error.status, content_type="text/plain; charset=utf-8")
    response.headers["Cache-Control"] = "no-store"
    if error.status == 503:
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def _years(state: ViewState) -> tuple[date | None, date | None]:
    start = date(state.year_from, 1, 1) if state.year_from is not None else None
    end = date(state.year_to, 12, 31) if state.year_to is not None else None
    return start, end


# --- the routes ----------------------------------------------------------------------------------


def data_file(name: str) -> Response:
    """``/data/observations.<ext>`` (all, or ``ind=`` a selection) and ``/data/<indicator>.<ext>``."""
    try:
        lang = _lang()
        stem, extension = _split_name(name, _served("data") + _served("metadata"), lang)
        dataset = _dataset()
        every = stem == dl.ALL_DATA
        allowed = ("ind", "from", "to", "lang", "layout", "encoding")
        state, params = parse_request(dataset, allowed if every else allowed[1:], None if every else stem)
        layout = _choice(params, "layout", dl.LAYOUTS, lang)
        bom = _choice(params, "encoding", dl.ENCODINGS, lang) == dl.BOM
        start, end = _years(state)
        fmt = FORMATS[extension]
        # The same columns as the command line: without lang= a tidy CSV has the stable columns only.
        data_lang = data_language(fmt, layout, request.args.get("lang"), current_settings().language)
        job = ExportJob(dataset, state.indicators, state.lang, data_lang, layout=layout, bom=bom, start=start, end=end)
        return _file(fmt, job, kind="attachment", cache=DATA_CACHE)
    except RouteError as error:
        return _error_response(error)


def chart_image(name: str) -> Response:
    """``/chart/<ids>.png|svg``: the chart of a view, as on the page, with its title and sources."""
    try:
        lang = _lang()
        stem, extension = _split_name(name, _served("chart"), lang)
        dataset = _dataset()
        state, params = parse_request(dataset, ("lang", "from", "to", "view", "width", "height", "preset"), stem)
        if not state.indicators:
            raise RouteError(404, t("http-unknown-indicator", lang, value=stem[:40]))
        width = _size(params, "width", images.DEFAULT_WIDTH, images.WIDTH_BOUNDS, lang)
        height = _size(params, "height", images.DEFAULT_HEIGHT, images.HEIGHT_BOUNDS, lang)
        # A preset (a 16:9 or 4:3 slide, a document's column) decides the size, whatever width= and height= say.
        preset = _choice(params, "preset", tuple(IMAGE_PRESETS), lang) if "preset" in params else None
        settings = current_settings()
        job = ExportJob(
            dataset,
            state.indicators,
            state.lang,
            view=state.view,
            year_from=state.year_from,
            year_to=state.year_to,
            width=width,
            height=height,
            preset=preset,
            style=settings.number_style,
            theme=settings.theme,
        )
        return _file(FORMATS[extension], job, kind="inline", cache=IMAGE_CACHE)
    except RouteError as error:
        return _error_response(error)


def _served(holds: Holds) -> tuple[str, ...]:
    return tuple(fmt.name for fmt in formats(holds, served_only=True))


@contextlib.contextmanager
def heavy_turn(lang: Lang) -> Iterator[None]:
    """Run the body in the heavy lane (:mod:`server.heavy`); a full lane is a 503 with ``Retry-After``."""
    try:
        with heavy.LANE.slot():
            yield
    except heavy.LaneFull as exc:
        log.warning("heavy lane full, %s refused: %s", request.full_path, exc)
        raise RouteError(503, t("http-busy", lang, seconds=heavy.RETRY_AFTER_S), heavy.RETRY_AFTER_S) from None


def _file(fmt: ExportFormat, job: ExportJob, *, kind: str, cache: str) -> Response:
    """Write a file of the registry and answer with it; a chart the browser could not draw is a 503.

    A request whose validators match the data version gets its 304 before anything is written (nor
    waits for the lane). Charts and decks are drawn by Chromium, a core-second per image: they take
    turns in the heavy lane.
    """
    unchanged = not_modified(job.dataset, cache)
    if unchanged is not None:
        return unchanged
    try:
        if fmt.holds in heavy.HEAVY_HOLDS:
            with heavy_turn(job.lang):
                content = fmt.write(job)
        else:
            content = fmt.write(job)
    except images.ImageError as exc:
        log.error("%s %s failed: %s", fmt.name, request.full_path, exc)
        raise RouteError(503, t("http-no-image", job.lang)) from None
    filename = fmt.filename(job.indicator_ids)
    return file_response(content, fmt.media_type, filename, kind=kind, cache=cache, dataset=job.dataset)


def data_package() -> Response:
    """``/data/datapackage.json``: the Frictionless descriptor of ``/data/observations.csv``.

    The CSV's stable columns (it has no ``lang=``), typed and described in the language asked for
    (English by default), with the indicators, sources and qualifiers tables inline.
    """
    try:
        dataset = _dataset()
        parse_request(dataset, ("lang",))
        unchanged = not_modified(dataset, DATA_CACHE)
        if unchanged is not None:
            return unchanged
        content = datapackage_json(dataset, request.args.get("lang"))
        response = Response(content, content_type="application/json")
        response.headers["Content-Disposition"] = content_disposition("inline", "datapackage.json")
        return stamp(response, dataset, DATA_CACHE)
    except RouteError as error:
        return _error_response(error)


def embed_chart(name: str) -> Response:
    """``/embed/<ids>``: the chart alone, for an iframe on the sites ``embed.frame_ancestors`` allows."""
    try:
        lang = _lang()
        dataset = _dataset()
        state, params = parse_request(dataset, ("lang", "from", "to", "view", "height"), name)
        if not state.indicators:
            raise RouteError(404, t("http-unknown-indicator", lang, value=name[:40]))
        height = _size(params, "height", dl.EMBED_HEIGHT, dl.EMBED_HEIGHT_BOUNDS, lang)
        settings = current_settings()
        chart_height = height - EMBED_LINK_HEIGHT
        view = view_figure(dataset, state, style=settings.number_style, theme=settings.theme, height=chart_height)
        title = chart_title(dataset, view.indicators, state.lang) if view.indicators else t("app-title", state.lang)
        image = dl.image_href(state, "png") + f"&{urlencode({'height': chart_height})}"
        back = request.url_root.rstrip("/") + "/" + state.with_(tab=Tab.CHART).to_search(settings.language)
        link = EmbedLink(back, t("embed-view-link", state.lang), as_of_line(dataset, state.lang))
        page = embed_page(view.figure, state.lang, title, image, height, link)
    except RouteError as error:
        return _error_response(error)
    response = Response(page, content_type="text/html; charset=utf-8")
    response.headers["Content-Security-Policy"] = content_security_policy(
        [], frame_ancestors(settings.embed.frame_ancestors)
    )
    response.headers["Cache-Control"] = DATA_CACHE
    response.add_etag()
    return response.make_conditional(request)


#: Height of the line under an embedded chart: the link back to its view, and when the data is from.
EMBED_LINK_HEIGHT = 28


@dataclass(frozen=True)
class EmbedLink:
    """The line under an embedded chart: a link to its view on the dashboard, and the data's date."""

    href: str
    text: str
    as_of: str


def embed_page(figure, lang: Lang, title: str, image_src: str, height: int, link: EmbedLink | None = None) -> str:
    """A page holding only the chart, sized to its frame: plotly.js and the app's locale, no Dash, no inline script.

    The figure travels in a JSON block that ``assets/embed.js`` draws to the frame's size (and redraws
    when the frame is resized); ``<``, ``>`` and ``&`` are escaped in it, so no text from the data can
    close the block. Under the chart, a link opens its view on the dashboard in a new tab.
    """
    spec = '{"figure":' + pio.to_json(figure, validate=False) + ',"config":' + json.dumps(plotly_config(lang)) + "}"
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        spec = spec.replace(char, escaped)
    title_html = _html(title)
    footer = ""
    if link is not None:
        footer = (
            f'<p style="margin:0;padding:4px 8px;font:12px/18px sans-serif;color:#52606d;overflow:hidden;'
            f'white-space:nowrap;text-overflow:ellipsis"><a id="embed-view-link" href="{_html(link.href)}" '
            f'target="_blank" rel="noopener" style="color:#0b5cad">{_html(link.text)} ↗</a> · {_html(link.as_of)}</p>'
        )
    return f"""<!DOCTYPE html>
<html lang="{locales.get(lang).tag}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title_html}</title>
</head>
<body style="margin:0;background:#fff">
<div style="display:flex;flex-direction:column;height:100vh;min-height:{min(height, 300)}px">
<div id="embed-chart" style="flex:1 1 auto;min-height:0;width:100%" role="figure" aria-label="{title_html}"></div>
{footer}
</div>
<noscript><p>{_html(t("embed-noscript", lang))}</p>
<img src="{_html(image_src)}" alt="{title_html}" style="width:100%"></noscript>
<script type="application/json" id="embed-figure">{spec}</script>
<script src="{PLOTLY_JS_PATH}"></script>
<script src="/assets/plotly-locale-zh-cn.js"></script>
<script src="/assets/embed.js"></script>
</body>
</html>
"""


def _html(text: str) -> str:
    return escape(text, quote=True)


def plotly_js() -> Response:
    """The plotly.js bundled with plotly.py, for embeds: a versioned URL, cached for a year."""
    response = send_file(PLOTLY_JS, mimetype="text/javascript", max_age=31_536_000, conditional=True)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def briefing_deck() -> Response:
    """``/briefing.pptx?ind=&lang=&from=&to=&view=``: the view's deck (every indicator when none)."""
    try:
        dataset = _dataset()
        state, _ = parse_request(dataset, ("ind", "lang", "from", "to", "view"))
        settings = current_settings()
        job = ExportJob(
            dataset,
            state.indicators,
            state.lang,
            view=state.view,
            year_from=state.year_from,
            year_to=state.year_to,
            style=settings.number_style,
            theme=settings.theme,
        )
        return _file(FORMATS["pptx"], job, kind="attachment", cache=DATA_CACHE)
    except RouteError as error:
        return _error_response(error)


def register_export_routes(server: Flask) -> None:
    """Add the file routes to the app's Flask server."""
    # ``path:`` so that a name holding "/" still reaches the route and gets its plain-text 404,
    # rather than Flask's HTML page.
    server.add_url_rule(dl.DATAPACKAGE_PATH, "data_package", data_package)
    server.add_url_rule(f"{dl.DATA_PATH}/<path:name>", "data_file", data_file)
    server.add_url_rule(f"{dl.CHART_PATH}/<path:name>", "chart_image", chart_image)
    server.add_url_rule(f"{dl.EMBED_PATH}/<path:name>", "embed_chart", embed_chart)
    server.add_url_rule(PLOTLY_JS_PATH, "plotly_js", plotly_js)
    server.add_url_rule(dl.BRIEFING_PATH, "briefing_deck", briefing_deck)

"""The page's first response holds its view: the layout and the callbacks, inline in the index page.

Dash's renderer, once its scripts have run, asks the server for ``_dash-layout`` and
``_dash-dependencies`` and only then renders. The app's layout function already fills the shell
with the URL's view (``callbacks.layout``), so the index page carries both answers as JSON blocks
and ``assets/first-view.js`` hands them to the renderer in place of those two requests: the page is
drawn with no request after its scripts. The blocks are ``<script type="application/json">``
(data, not code: the Content-Security-Policy is unchanged) written by Dash's JSON encoder, which
escapes ``<``, ``>`` and ``/``, so no text of the data can end the block. Without the script (or
with a renderer that asks otherwise) the two requests go to the server as before and get the same
answers.
"""

from __future__ import annotations

from functools import cache

from flask import request

from indicators.problems import DataError
from server.answer_cache import AnswerCache, answer_key

#: Element ids of the blocks; ``assets/first-view.js`` reads the same ids.
LAYOUT_BLOCK = "reform-dash-layout"
DEPENDENCIES_BLOCK = "reform-dash-dependencies"
#: Dash's lazily loaded chunks each component type needs (dcc loads them when the first one renders,
#: after the layout, with ETag revalidation even when cached: the page preloads them with its scripts).
ASYNC_CHUNKS = {
    "Dropdown": "dcc/async-dropdown.js",
    "RangeSlider": "dcc/async-slider.js",
    "Slider": "dcc/async-slider.js",
    "Graph": "dcc/async-graph.js",
}
#: Key prefix of kept layouts in the answer cache (a callback body never starts so: it is JSON).
_LAYOUT_KEY = b"layout\0"


def _block(element_id: str, json_text: str) -> str:
    return f'<script type="application/json" id="{element_id}">{json_text}</script>'


def first_view_blocks(app) -> str:
    """The index page's JSON blocks: the layout of the requested URL and the app's callbacks.

    The layout is kept in the answer cache (when there is one) under the data version, the host, the
    URL and the chart's width (:func:`server.answer_cache.answer_key`), like a callback answer: a room
    opening the same link is served the same bytes.
    """
    cache: AnswerCache | None = app.server.extensions.get("reform_answer_cache")
    key = b""
    if cache is not None:
        try:
            key = answer_key(_LAYOUT_KEY + request.full_path.encode("utf-8", "surrogateescape"))
        except DataError:  # no data: the layout says so, and is not kept
            cache = None
    layout = cache.get(key) if cache is not None else None
    if layout is None:
        layout = app.serve_layout().get_data()
        if cache is not None:
            cache.put(key, layout)
    dependencies = app.dependencies().get_data(as_text=True)
    return _block(LAYOUT_BLOCK, layout.decode("utf-8")) + _block(DEPENDENCIES_BLOCK, dependencies)


@cache
def chunk_preloads(app) -> str:
    """``<link rel="preload">`` tags for the lazily loaded chunks of the component types of the shell.

    The shell (Dash's validation layout: every component that is always there) has the dropdown, the
    slider and the graph on every page, hidden or not, and React renders hidden ones too.
    """
    layout = app.validation_layout
    types = {type(component).__name__ for component in [layout, *layout._traverse()]} if layout is not None else set()
    prefix = f"{app.config.requests_pathname_prefix}_dash-component-suites/dash/"
    chunks = sorted({ASYNC_CHUNKS[name] for name in types if name in ASYNC_CHUNKS})
    return "".join(f'<link rel="preload" as="script" href="{prefix}{chunk}">' for chunk in chunks)


def first_view_index(app, parts: dict[str, str]) -> dict[str, str]:
    """The parts of Dash's index page with the first view's blocks and the chunks' preloads added."""
    return {**parts, "css": chunk_preloads(app) + parts["css"], "config": first_view_blocks(app) + parts["config"]}

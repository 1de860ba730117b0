"""Static images (PNG, SVG) of figures, drawn by kaleido in the system's Chromium, kept warm.

kaleido 1.x renders with a real Chromium. Starting one takes seconds, so the first image of a
process starts a browser and later images reuse it (tenths of a second each). It starts lazily, in
the process that draws: gunicorn loads the app and then forks its workers, and a browser started
before the fork would belong to the master. A lock lets one image through at a time (kaleido's
browser is not thread-safe). When the browser has died (killed, out of memory) or stopped
answering, the failed call kills what is left of it, starts a new one and tries once more.

Why not ``kaleido.start_sync_server()``: its calls wait on a queue without a time limit, so when
Chromium fails to start (wrong path, missing libraries) or stops answering, every later image
waits forever (tried with kaleido 1.5). Here kaleido's public async API runs on an event loop of
our own, and every call has a deadline.

Why the tab is not reloaded after every image: kaleido reloads the tab's page (plotly.js, 4.8 MB of
script) after each image and only then returns it. With kaleido 1.5 a warm chart took 0.15-0.19 s to
draw and 0.27 s more to reload, and the next image waited for the reload. Here the tab is reloaded
after every :data:`RELOAD_EVERY` images, in the background once the image is returned: a page that
draws one chart after another is what the dashboard itself is, and the reload still clears whatever
plotly.js keeps between charts.

This module has no Dash import: the app's routes, the command line and the briefing deck use it.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import logging
import os
import re
import shutil
import signal
import threading
import time
from html import escape
from pathlib import Path
from typing import Literal

import plotly.graph_objects as go
import plotly.io as pio

from indicators import locales

log = logging.getLogger("reform_indicators")

ImageFormat = Literal["png", "svg"]
FORMATS: tuple[ImageFormat, ...] = ("png", "svg")
MEDIA_TYPES = {"png": "image/png", "svg": "image/svg+xml"}
#: 16:9 at slide resolution; PNGs are drawn at twice this many pixels for sharp slides.
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1200, 675
PNG_SCALE = 2
#: Sizes a request may ask for (CSS pixels, before the PNG scale); anything outside is clamped.
WIDTH_BOUNDS, HEIGHT_BOUNDS = (400, 2400), (300, 1600)
#: Longest one image may take in the browser (a chart takes well under a second warm); a crashed tab
#: is only noticed when this runs out, then the browser is restarted.
RENDER_TIMEOUT_S = 12
#: Longest Chromium may take to start, and to close before it is killed.
START_TIMEOUT_S, CLOSE_TIMEOUT_S = 30, 5
#: Longest a caller waits for another thread's image before giving up (the app answers 503).
LOCK_TIMEOUT_S = 60
#: Images drawn in a tab before its page is reloaded (see the module's notes).
RELOAD_EVERY = 25
#: A fresh tab handed out before its page's scripts ran (seen on a busy machine just after a restart)
#: answers with this error; the image is asked again every :data:`PAGE_READY_POLL_S` for so long.
PAGE_NOT_READY = "kaleido_scopes is not defined"
PAGE_READY_TIMEOUT_S, PAGE_READY_POLL_S = 10.0, 0.25
#: Browsers tried, in order, when $BROWSER_PATH (kaleido's own setting) is not set.
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

#: The app's Chinese strings for Plotly (toolbar, dates), inlined into offline HTML charts.
PLOTLY_LOCALE_ZH = Path(__file__).resolve().parent.parent / "assets" / "plotly-locale-zh-cn.js"

_lock = threading.Lock()
_renderer: _Renderer | None = None


class ImageError(RuntimeError):
    """No image could be made: no Chromium, the browser failed twice, or it is busy for too long."""


def clamp(value: int, bounds: tuple[int, int]) -> int:
    """``value`` moved into ``bounds`` (inclusive)."""
    low, high = bounds
    return max(low, min(high, value))


def browser_path() -> str | None:
    """The Chromium kaleido drives: ``$BROWSER_PATH``, else the first browser found on ``PATH``."""
    configured = os.environ.get("BROWSER_PATH")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    return next((path for path in map(shutil.which, BROWSER_NAMES) if path), None)


def figure_image(
    figure: go.Figure,
    fmt: ImageFormat = "png",
    *,
    width: int = DEFAULT_WIDTH,
    height: int = DEFAULT_HEIGHT,
    scale: float | None = None,
) -> bytes:
    """The figure as PNG or SVG bytes.

    Args:
        figure: What to draw (title, source line and marks are part of the figure).
        fmt: ``png`` or ``svg``.
        width: Width in CSS pixels.
        height: Height in CSS pixels.
        scale: Pixels per CSS pixel; default 2 for PNG (slides, high-density screens), 1 for SVG.

    Raises:
        ValueError: For another format.
        ImageError: When no image could be made.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown image format {fmt!r}; use one of {', '.join(FORMATS)}")
    opts = {"format": fmt, "width": width, "height": height, "scale": scale or (PNG_SCALE if fmt == "png" else 1)}
    if not _lock.acquire(timeout=LOCK_TIMEOUT_S):
        raise ImageError(f"the image renderer was busy for {LOCK_TIMEOUT_S} s")
    try:
        return _render(figure, opts)
    finally:
        _lock.release()


def figure_html(figure: go.Figure, lang: str, title: str) -> str:
    """A standalone HTML page of an interactive chart that works offline (plotly.js is inside it).

    Chinese pages get the app's zh-CN locale for Plotly's toolbar and dates, registered between
    plotly.js and the plot, and ``<html lang>`` so screen readers and fonts pick the language.
    """
    locale = locales.get(lang)
    config = {"displaylogo": False, "responsive": True, "locale": locale.plotly}
    page = pio.to_html(figure, include_plotlyjs=True, full_html=True, config=config, validate=False)
    page = page.replace("<html>", f'<html lang="{locale.tag}">', 1)
    page = re.sub(r"(<meta charset[^>]*>)", lambda m: f"{m[1]}\n    <title>{escape(title)}</title>", page, count=1)
    if locale.plotly == "zh-CN":
        plot = page.rfind("<script")  # the last script draws the plot; plotly.js comes before it
        assert "Plotly.newPlot" in page[plot:], "plotly.io.to_html changed its layout: the plot script is not last"
        script = PLOTLY_LOCALE_ZH.read_text(encoding="utf-8").replace("</script", "<\\/script")
        page = f"{page[:plot]}<script>{script}</script>\n{page[plot:]}"
    return page


def browser_pid() -> int | None:
    """Process id of the running browser (the head of its process group), or None (tests, diagnostics)."""
    renderer = _renderer
    return renderer.pid if renderer is not None and renderer.owned() else None


def stop() -> None:
    """Close this process's browser, if it started one (tests; it also closes at exit)."""
    global _renderer
    with _lock:
        if _renderer is not None and _renderer.owned():
            _renderer.close()
        _renderer = None


def _render(figure: go.Figure, opts: dict) -> bytes:
    from kaleido.errors import JavascriptError, KaleidoError  # imported on first use, not to serve pages

    global _renderer
    for attempt in (1, 2):
        try:
            if _renderer is None or not _renderer.owned():
                _renderer = _Renderer.start()  # a renderer inherited through a fork is the parent's
            return _render_when_ready(_renderer, figure, opts)
        except (JavascriptError, KaleidoError) as exc:  # the figure is at fault, not the browser
            raise ImageError(f"the browser could not draw the figure: {exc}") from exc
        except ImageError:
            raise
        except Exception as exc:  # the browser is gone, failed to start, or stopped answering
            if _renderer is not None:
                _renderer.close()
                _renderer = None
            if attempt == 2:
                raise ImageError(f"image export failed twice: {type(exc).__name__}: {exc}") from exc
            log.warning("image export failed (%s: %s); restarting Chromium", type(exc).__name__, exc)
    raise AssertionError("unreachable")  # pragma: no cover


def _render_when_ready(renderer: _Renderer, figure: go.Figure, opts: dict) -> bytes:
    """The image, asked again while the tab's page has not run its scripts yet (not the figure's fault)."""
    from kaleido.errors import JavascriptError

    deadline = time.monotonic() + PAGE_READY_TIMEOUT_S
    while True:
        try:
            return renderer.render(figure, opts)
        except JavascriptError as exc:
            if PAGE_NOT_READY not in str(exc) or time.monotonic() > deadline:
                raise
            log.info("Chromium's tab is still loading its page; the image is asked again")
            time.sleep(PAGE_READY_POLL_S)


def _close_at_exit() -> None:
    renderer = _renderer
    if renderer is not None:
        renderer.close()


atexit.register(_close_at_exit)


def _kaleido_class() -> type:
    """The browser of kaleido, reloading a tab every :data:`RELOAD_EVERY` images (see the module's notes).

    kaleido reloads in ``_return_kaleido_tab``, which puts the tab back in its public ``tabs_ready``
    queue; should a later kaleido name it otherwise, this is plain kaleido again, slower but as correct.
    """
    from kaleido import Kaleido

    if not hasattr(Kaleido, "_return_kaleido_tab"):  # pragma: no cover - depends on the kaleido version
        return Kaleido

    class EagerKaleido(Kaleido):
        on_reload_failure = staticmethod(lambda exc: None)

        async def _return_kaleido_tab(self, tab) -> None:
            drawn = self.__dict__.setdefault("_drawn", {})
            drawn[id(tab)] = drawn.get(id(tab), 0) + 1
            if drawn[id(tab)] % RELOAD_EVERY:
                await self.tabs_ready.put(tab)
                return
            # Reloaded after the image is returned: the next image waits for the tab only if it comes sooner.
            task = asyncio.get_running_loop().create_task(super()._return_kaleido_tab(tab))
            reloads = self.__dict__.setdefault("_pending_reloads", set())
            reloads.add(task)
            task.add_done_callback(self._reloaded)

        def _reloaded(self, task: asyncio.Task) -> None:
            self.__dict__["_pending_reloads"].discard(task)
            if not task.cancelled() and task.exception() is not None:
                log.warning("Chromium's tab did not reload after an image: %s", task.exception())
                self.on_reload_failure(task.exception())

        async def close(self) -> None:
            for task in list(self.__dict__.get("_pending_reloads", ())):
                task.cancel()
            await super().close()

    return EagerKaleido


class _Renderer:
    """One kaleido browser, driven from an event loop on a thread of its own."""

    def __init__(self, loop: asyncio.AbstractEventLoop, thread: threading.Thread) -> None:
        self.loop, self.thread, self.process_id = loop, thread, os.getpid()
        self.kaleido = None
        self.pid: int | None = None
        self.broken: BaseException | None = None

    @classmethod
    def start(cls) -> _Renderer:
        path = browser_path()
        if path is None:
            raise ImageError(
                "no Chromium found for image export: install the Debian package `chromium` "
                "(./dev.sh does), or set BROWSER_PATH"
            )
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="kaleido", daemon=True)
        thread.start()
        renderer = cls(loop, thread)
        try:
            renderer._call(renderer._open(path), START_TIMEOUT_S)
        except BaseException:
            renderer.close()
            raise
        return renderer

    async def _open(self, path: str) -> None:
        # mathjax=False: kaleido would load MathJax from a CDN, and no chart uses LaTeX. plotly.js comes
        # from the plotly package, so nothing is fetched from the network.
        self.kaleido = _kaleido_class()(path=path, mathjax=False, timeout=RENDER_TIMEOUT_S)
        self.kaleido.on_reload_failure = self._reload_failed
        await self.kaleido.open()
        self.pid = self.kaleido.subprocess.pid

    def _reload_failed(self, exc: BaseException) -> None:
        # The tab never comes back: the next image restarts the browser instead of waiting for it.
        self.broken = exc

    def owned(self) -> bool:
        """False in a forked child: the browser and the loop's thread belong to the parent."""
        return self.process_id == os.getpid()

    def render(self, figure: go.Figure, opts: dict) -> bytes:
        if self.broken is not None:
            raise RuntimeError(f"the browser's tab did not reload after the last image: {self.broken}")
        return self._call(self.kaleido.calc_fig(figure, opts=opts), RENDER_TIMEOUT_S + 3)

    def _call(self, coroutine, timeout: float):
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise TimeoutError(f"no answer from Chromium within {timeout} s") from None

    def close(self) -> None:
        """Close the browser politely if it answers, kill it otherwise; never waits long."""
        if not self.owned() or not self.thread.is_alive():
            return
        if self.kaleido is not None:
            try:
                self._call(self.kaleido.close(), CLOSE_TIMEOUT_S)
            except Exception as exc:  # a dead or stuck browser is killed below
                log.debug("closing Chromium failed: %s", exc)
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signal.SIGKILL)  # choreographer starts it in a session of its own
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(CLOSE_TIMEOUT_S)

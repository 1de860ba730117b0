"""The warm PNG export timed in-process: ``GET /chart/<ids>.png`` after one warm-up, drawn by Chromium."""

from __future__ import annotations

import statistics
import time

from benchmarks.measures import Measurement, ScaleRun

PNG_REPEATS, QUICK_PNG_REPEATS = 7, 2


def png_export(scale: ScaleRun, client, ids: tuple[str, ...]) -> dict:
    """Wall time of ``GET /chart/<ids>.png`` after one warm-up (the drawing is done by Chromium)."""
    from outputs import images

    if images.browser_path() is None:
        return {"error": "no Chromium on this machine"}
    path = f"/chart/{','.join(ids)}.png"
    try:
        first = time.perf_counter()
        response = client.get(path)
        first = time.perf_counter() - first
        if response.status_code != 200:
            return {"error": f"{path} answered {response.status}"}
        walls, cpus = [], []
        for _ in range(QUICK_PNG_REPEATS if scale.quick else PNG_REPEATS):
            cpu, wall = time.process_time(), time.perf_counter()
            response = client.get(path)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            assert response.status_code == 200 and response.mimetype == "image/png"
        return {
            "drawing": _kaleido_drawing_time(),
            "wall": statistics.median(walls),
            "cpu": statistics.median(cpus),
            "first": first,
            "bytes": len(response.get_data()),
            "count": len(walls),
        }
    finally:
        images.stop()


def _kaleido_drawing_time() -> float | None:
    """Median time the browser took to draw the last images (None when kaleido kept no profile).

    From kaleido's own profile of each render: the script call to its answer, i.e. plotly.js drawing
    and the PNG coming back.
    """
    from outputs import images

    renderer = images._renderer
    profiler = getattr(getattr(renderer, "kaleido", None), "profiler", None)
    times = []
    for call in profiler or ():
        for render in call.renders:
            ticks = render.profile_log.get_logs()
            if "sending javascript" in ticks and "javascript sent" in ticks:
                times.append(ticks["javascript sent"] - ticks["sending javascript"])
    return statistics.median(times) if times else None


def png_row(name: str, png: dict) -> Measurement:
    """The PNG export's row of one scale (without a value, saying why, when it could not be taken)."""
    if "error" in png:
        return Measurement(name, "png_export", "warm PNG export", None, "s", note=png["error"])
    return Measurement(
        name,
        "png_export",
        f"warm PNG export, GET /chart/<view>.png in-process (median of {png['count']}; value is wall clock)",
        png["wall"],
        "s",
        png["drawing"],
        "the browser drawing it (kaleido's profile: script call to answer), median",
        note=f"drawn by Chromium (kaleido); CPU of the app {png['cpu'] * 1e3:.0f} ms; first image (browser "
        f"start) {png['first']:.1f} s; {png['bytes'] / 1e3:.0f} kB; back to back, so an image may wait "
        "for the tab's periodic reload",
    )

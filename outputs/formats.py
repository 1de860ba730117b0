"""The export formats: one registry that the command line, the file routes and the download links read.

Each format says what it is (extension, media type, label), what it holds (the view's data, its chart,
or a deck of slides) and how it is written. A new format is a writer and one entry in :data:`FORMATS`
(plus its label in :mod:`layouts.i18n`): docs/architecture.md.

Writers load their libraries when first used (openpyxl, kaleido, python-pptx), so that ``python -m
indicators export`` starts without plotly and a page view without python-pptx.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from indicators.dataset import Dataset
from indicators.formatting import NumberStyle
from indicators.selections import in_curated_order
from indicators.tables import export_filename

if TYPE_CHECKING:
    from layouts.chart_view import ChartView

#: What a file holds: the data of a view, the chart of a view, or a deck of slides.
Holds = Literal["data", "chart", "deck"]


@dataclass(frozen=True)
class ExportJob:
    """Everything a writer may need: the data, the view it was asked for, and how to write it."""

    dataset: Dataset
    #: The chosen indicators, in order; none for every indicator (data) or the headline ones (deck).
    indicator_ids: tuple[str, ...] = ()
    #: Language of charts and slides.
    lang: str = "zh"
    #: Language of the readable columns of data files; None: the stable columns only, for scripts.
    data_lang: str | None = "zh"
    #: The chart kind asked for (a name of :data:`layouts.charts.CHART_KINDS`).
    view: str = "trend"
    #: Years a chart shows (None: open).
    year_from: int | None = None
    year_to: int | None = None
    #: ``tidy`` or ``wide`` (data files).
    layout: str = "tidy"
    #: A UTF-8 byte order mark in text files (Excel needs it to read Chinese).
    bom: bool = True
    #: Keep values whose period overlaps [start, end] (data files; None: open).
    start: date | None = None
    end: date | None = None
    #: Size of a chart in CSS pixels.
    width: int = 1200
    height: int = 675
    style: NumberStyle = NumberStyle.MYRIAD
    theme: str = "light"
    #: The view's chart when the caller has drawn it already (the command line reports what it left out).
    chart: ChartView | None = field(default=None, compare=False)

    @property
    def selection(self) -> list[str] | None:
        """The chosen indicators as the table writers take them; None for every indicator."""
        return list(self.indicator_ids) or None


@dataclass(frozen=True)
class ExportFormat:
    """A kind of file the app writes."""

    #: Its name in URLs and on the command line, and the file's extension.
    name: str
    media_type: str
    holds: Holds
    write: Callable[[ExportJob], bytes]
    #: Key of its link text in :mod:`layouts.i18n`; for data, one link per offered layout
    #: (``download-{name}-{layout}`` when several are offered, else ``download-{name}``).
    label_key: str
    #: Layouts the download links offer (data files; every format accepts both in URLs and the CLI).
    offered_layouts: tuple[str, ...] = ("tidy",)
    #: Whether the CSV encoding choice applies to it (text inside).
    has_text_encoding: bool = False
    #: Served by the app's routes and linked from the page (otherwise the command line only).
    served: bool = True

    def filename(self, indicator_ids: list[str] | tuple[str, ...] | None, *, today: date | None = None) -> str:
        """The file's name: what it holds and when it was made (:func:`indicators.tables.export_filename`)."""
        return export_filename(list(indicator_ids) if indicator_ids else None, self.name, today=today)


# --- writers -------------------------------------------------------------------------------------


def _data_options(job: ExportJob) -> dict:
    return {"layout": job.layout, "lang": job.data_lang, "start": job.start, "end": job.end}


def _csv(job: ExportJob) -> bytes:
    from outputs.writers import csv_bytes

    return csv_bytes(job.dataset, job.selection, bom=job.bom, **_data_options(job))


def _xlsx(job: ExportJob) -> bytes:
    from outputs.writers import xlsx_bytes

    return xlsx_bytes(job.dataset, job.selection, **_data_options(job))


def _zip(job: ExportJob) -> bytes:
    from outputs.writers import zip_bytes

    return zip_bytes(job.dataset, job.selection, bom=job.bom, **_data_options(job))


def chart_of(job: ExportJob) -> ChartView:
    """The view's chart as the page draws it (or the one the caller drew)."""
    if job.chart is not None:
        return job.chart
    from layouts.chart_view import view_figure
    from layouts.view_state import ViewState

    state = ViewState(
        lang=job.lang, indicators=job.indicator_ids, year_from=job.year_from, year_to=job.year_to, view=job.view
    )
    return view_figure(job.dataset, state, style=job.style, theme=job.theme, height=job.height)


def _image(fmt: Literal["png", "svg"]) -> Callable[[ExportJob], bytes]:
    def write(job: ExportJob) -> bytes:
        from outputs.images import figure_image

        return figure_image(chart_of(job).figure, fmt, width=job.width, height=job.height)

    return write


def _html(job: ExportJob) -> bytes:
    from layouts.charts.labels import chart_title
    from outputs.images import figure_html

    chart = chart_of(job)
    title = chart_title(job.dataset, chart.indicators, job.lang)
    return figure_html(chart.figure, job.lang, title).encode("utf-8")


def _pptx(job: ExportJob) -> bytes:
    from outputs.briefing import briefing_pptx

    ids = job.selection or in_curated_order(
        job.dataset, job.dataset.indicators.index[job.dataset.indicators["headline"]]
    )
    return briefing_pptx(job.dataset, ids, job.lang, style=job.style, theme=job.theme)


#: Every format, in the order links and help texts list them.
FORMATS: dict[str, ExportFormat] = {
    fmt.name: fmt
    for fmt in (
        ExportFormat(
            "csv", "text/csv; charset=utf-8", "data", _csv, "download-csv", ("tidy", "wide"), has_text_encoding=True
        ),
        ExportFormat(
            "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "data", _xlsx, "download-xlsx"
        ),
        ExportFormat("zip", "application/zip", "data", _zip, "download-zip", has_text_encoding=True),
        ExportFormat("png", "image/png", "chart", _image("png"), "download-png"),
        ExportFormat("svg", "image/svg+xml", "chart", _image("svg"), "download-svg"),
        ExportFormat("html", "text/html; charset=utf-8", "chart", _html, "download-html", served=False),
        ExportFormat(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "deck",
            _pptx,
            "download-briefing",
        ),
    )
}


#: The formats the app's routes serve and its pages link to, in order.
SERVED_FORMATS: tuple[ExportFormat, ...] = tuple(fmt for fmt in FORMATS.values() if fmt.served)


def formats(holds: Holds, *, served_only: bool = False) -> list[ExportFormat]:
    """The formats that hold ``holds`` (only those the app serves, when asked)."""
    return [fmt for fmt in FORMATS.values() if fmt.holds == holds and (fmt.served or not served_only)]

"""The export formats: one registry that the command line, the file routes and the download links read.

Each format says what it is (extension, media type, label), what it holds (the view's data, what its
indicators are, its chart, or a deck of slides) and how it is written. A new format is a writer and one
entry in :data:`FORMATS` (plus its label in :mod:`layouts.i18n`): docs/architecture.md. The sizes
images are made for (a 16:9 slide, a 4:3 slide, a document's column) are :data:`IMAGE_PRESETS`.

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
from indicators.tables import export_filename

if TYPE_CHECKING:
    from layouts.chart_view import ChartView

#: What a file holds: the data of a view, what its indicators are, the chart of a view, or a deck of slides.
Holds = Literal["data", "metadata", "chart", "deck"]


@dataclass(frozen=True)
class ImagePreset:
    """A size a chart image is made for: where it goes, its size in CSS pixels and pixels per CSS pixel.

    The CSS size decides how large the text is against the picture (14 px labels on a 960 px wide
    slide read like 14 pt type on a projected slide); the scale makes the pixels.
    """

    #: Its name in URLs (``preset=``) and on the command line.
    name: str
    #: Key of its link text in :mod:`layouts.i18n`.
    label_key: str
    width: int
    height: int
    scale: float

    @property
    def pixels(self) -> tuple[int, int]:
        """The image's width and height in pixels."""
        return round(self.width * self.scale), round(self.height * self.scale)


#: Every image size offered, in the order the links list them.
IMAGE_PRESETS: dict[str, ImagePreset] = {
    preset.name: preset
    for preset in (
        # 1920×1080: a full 16:9 slide (PowerPoint's and WPS's default), sharp on a 1080p projector.
        ImagePreset("slide", "preset-slide", 960, 540, 2),
        # 1440×1080: a full 4:3 slide.
        ImagePreset("slide-4x3", "preset-slide-4x3", 720, 540, 2),
        # 1890×1260: a 16 cm text column of an A4 page (GB/T 9704's 156 mm) at 300 dpi; 14 px labels print
        # at 8.5 pt, the 11 px source line at 6.7 pt. Narrower (in CSS pixels) and milestone labels no longer fit.
        ImagePreset("document", "preset-document", 756, 504, 2.5),
    )
}


@dataclass(frozen=True)
class ExportJob:
    """Everything a writer may need: the data, the view it was asked for, and how to write it."""

    dataset: Dataset
    #: The chosen indicators, in order; none for every indicator (in the curated order).
    indicator_ids: tuple[str, ...] = ()
    #: Language of charts and slides.
    lang: str = "zh"
    #: Language of the readable columns of data files; None: the stable columns only, for scripts.
    data_lang: str | None = "zh"
    #: The chart kind asked for (a name of :data:`layouts.charts.CHART_KINDS`, or ``auto``: the kind the
    #: data calls for, as the page; :data:`layouts.charts.AUTO`, not imported here to start without plotly).
    view: str = "auto"
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
    #: Size of a chart in CSS pixels (a preset, when named, decides it instead, and the pixel scale).
    width: int = 1200
    height: int = 675
    preset: str | None = None
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


def data_language(fmt: ExportFormat, layout: str, asked: str | None, default: str) -> str | None:
    """The language of a data file's readable columns, the same from the routes and the command line.

    The one asked for; without one, none for a tidy CSV (the stable columns only, which scripts read:
    ``/data/observations.csv`` and ``python -m indicators export`` give the same columns), and the
    default language for what people open (a workbook, a zip with its README, the wide layout's headers).
    The page's links always name their language.
    """
    if asked is not None:
        return asked
    return None if (fmt.name, layout) == ("csv", "tidy") else default


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


def image_size(job: ExportJob) -> tuple[int, int, float | None]:
    """Width and height in CSS pixels and the pixel scale of a job's image (None: the format's own)."""
    preset = IMAGE_PRESETS.get(job.preset or "")
    if preset is None:
        return job.width, job.height, None
    return preset.width, preset.height, preset.scale


def chart_of(job: ExportJob) -> ChartView:
    """The view's chart as the page draws it (or the one the caller drew), saying when the data is from.

    A chart image travels alone: it carries its title, its source line and, under them, the day the
    data was last updated.
    """
    if job.chart is not None:
        return job.chart
    from layouts.chart_view import as_of_line, view_figure
    from layouts.charts.style import Framing
    from layouts.view_state import ViewState

    state = ViewState(
        lang=job.lang, indicators=job.indicator_ids, year_from=job.year_from, year_to=job.year_to, view=job.view
    )
    framing = Framing(footnote=as_of_line(job.dataset, job.lang))
    width, height, _ = image_size(job)
    return view_figure(
        job.dataset, state, style=job.style, theme=job.theme, height=height, framing=framing, width=width
    )


def _image(fmt: Literal["png", "svg"]) -> Callable[[ExportJob], bytes]:
    def write(job: ExportJob) -> bytes:
        from outputs.images import figure_image

        width, height, scale = image_size(job)
        return figure_image(chart_of(job).figure, fmt, width=width, height=height, scale=scale)

    return write


def _html(job: ExportJob) -> bytes:
    from layouts.charts.labels import chart_title
    from outputs.images import figure_html

    chart = chart_of(job)
    title = chart_title(job.dataset, chart.indicators, job.lang)
    return figure_html(chart.figure, job.lang, title).encode("utf-8")


def _pptx(job: ExportJob) -> bytes:
    from outputs.briefing import DeckView, briefing_pptx

    view = DeckView(job.indicator_ids, job.view, job.year_from, job.year_to)
    return briefing_pptx(job.dataset, view, job.lang, style=job.style, theme=job.theme)


def _json(job: ExportJob) -> bytes:
    import json

    from indicators.metadata import metadata_document

    document = metadata_document(job.dataset, job.selection)
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


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
        ExportFormat("json", "application/json", "metadata", _json, "download-json"),
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

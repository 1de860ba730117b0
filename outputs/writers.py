"""The export files: CSV, an Excel workbook and a zip with metadata, from :mod:`indicators.tables`.

Text cells of the data are neutralized against formula injection; the README and the qualifier legend
are our own text and are written as they are. Everything here is pure (data in, bytes out), so the
app's routes and the command line share it through :mod:`outputs.formats`.
"""

from __future__ import annotations

import io
import json
import numbers
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from datetime import date

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from indicators.datapackage import INDICATORS, OBSERVATIONS, QUALIFIERS, SOURCES, datapackage
from indicators.dataset import Dataset
from indicators.export_notes import readme_text
from indicators.formatting import Lang
from indicators.tables import (
    ALL_DATA,
    Layout,
    as_date,
    cited_source_ids,
    export_filename,
    indicators_table,
    prepare_export,
    qualifiers_table,
    selection_ids,
    sources_table,
    wide_has_ratio,
)
from indicators.version import data_version

#: Content types of the files, by extension, for HTTP responses.
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}
#: A text cell starting with one of these is read as a formula by spreadsheets (OWASP, "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_DATE_COLUMNS = frozenset({"period_start", "period_end", "date_published", "date_accessed"})


def _shortest_float(value: float) -> str:
    """The shortest text that reads back as the same float (repr), without a trailing '.0'."""
    text = repr(float(value))  # numpy 2 scalars repr as np.float64(...)
    return text[:-2] if text.endswith(".0") else text


def to_csv_text(frame: pd.DataFrame) -> str:
    """CSV text of a frame: no index, numbers in full precision without a trailing '.0'.

    Rows end in CRLF (RFC 4180), which also makes the writer quote a text holding a lone carriage
    return, so no reader can split a row there.
    """
    return frame.to_csv(index=False, float_format=_shortest_float, lineterminator="\r\n")


def csv_bytes(
    dataset: Dataset,
    indicator_ids: Iterable[str] | None = None,
    *,
    layout: Layout = "tidy",
    lang: Lang | None = "zh",
    bom: bool = True,
    start: date | None = None,
    end: date | None = None,
) -> bytes:
    """The export as a CSV file: UTF-8, with a byte order mark unless ``bom`` is false.

    Excel only reads a CSV as UTF-8 (rather than the system's GBK on a Chinese install) when it starts
    with a BOM; programs usually want none. Text cells are neutralized (:func:`neutralize`).
    Arguments and errors are those of :func:`export_table`.
    """
    table, _ = prepare_export(dataset, indicator_ids, layout, lang, start, end)
    return _csv(table, bom=bom)


def xlsx_bytes(
    dataset: Dataset,
    indicator_ids: Iterable[str] | None = None,
    *,
    layout: Layout = "tidy",
    lang: Lang | None = "zh",
    start: date | None = None,
    end: date | None = None,
) -> bytes:
    """The export as an Excel workbook.

    Sheets: ``data`` (the table, numbers as numbers, dates as Excel dates, header bold and frozen,
    text cells neutralized and typed as text), ``indicators``, ``sources``, ``qualifiers`` and
    ``readme``. Arguments and errors are those of :func:`export_table`.
    """
    table, tidy = prepare_export(dataset, indicator_ids, layout, lang, start, end)
    ids = selection_ids(indicator_ids)
    today = date.today()
    sources = sources_table(dataset, cited_source_ids(tidy))
    version = data_version(dataset).label
    readme = readme_text(
        lang=lang or "en",
        layout=layout,
        data_file="data",
        files=_SHEETS,
        indicator_ids=ids,
        start=as_date(start),
        end=as_date(end),
        sources=sources.to_dict("records"),
        rows=len(table),
        bom=None,
        today=today,
        wide_has_ratio=wide_has_ratio(tidy, layout),
        version=version,
    )
    book = Workbook()
    book.properties.creator = "reform-indicators"
    book.properties.title = export_filename(ids, "xlsx", today=today)
    book.properties.version = version
    sheet = book.active
    assert sheet is not None, "a new workbook has one sheet"
    sheet.title = "data"
    _write_sheet(sheet, table)
    _write_sheet(book.create_sheet("indicators"), indicators_table(dataset, ids))
    _write_sheet(book.create_sheet("sources"), sources)
    _write_sheet(book.create_sheet("qualifiers"), qualifiers_table(), ours=True)
    _write_sheet(book.create_sheet("readme"), pd.DataFrame({"README": readme.splitlines()}), ours=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zip_bytes(
    dataset: Dataset,
    indicator_ids: Iterable[str] | None = None,
    *,
    layout: Layout = "tidy",
    lang: Lang | None = "zh",
    bom: bool = True,
    start: date | None = None,
    end: date | None = None,
) -> bytes:
    """The export as a zip: the data CSV with its metadata, as Our World in Data's downloads do.

    Files (ASCII names, which every unzip tool on a Chinese Windows shows correctly): the data
    (named like the zip), ``indicators.csv``, ``sources.csv``, ``qualifiers.csv``, ``metadata.json``
    (all of it for programs), ``datapackage.json`` (a Frictionless Data Package: a Table Schema of
    each CSV) and ``README.txt`` (what the files and columns are, the preference rule for disagreeing
    sources, the sources to cite). Arguments and errors are those of :func:`csv_bytes`.
    """
    table, tidy = prepare_export(dataset, indicator_ids, layout, lang, start, end)
    ids = selection_ids(indicator_ids)
    first, last = as_date(start), as_date(end)
    today = date.today()
    data_file = export_filename(ids, "csv", today=today)
    indicators = indicators_table(dataset, ids)
    sources = sources_table(dataset, cited_source_ids(tidy))
    qualifiers = qualifiers_table()
    version = data_version(dataset)
    metadata = {
        "title": "Longgang reform indicators / 龙港改革成效指标",
        "exported": today.isoformat(),
        "data_version": version.to_dict(),
        "data_file": data_file,
        "layout": layout,
        "lang": lang,
        "indicator_ids": ids,
        "start": first.isoformat() if first else None,
        "end": last.isoformat() if last else None,
        "rows": len(table),
        "columns": [str(c) for c in table.columns],
        "indicators": _records(indicators),
        "sources": _records(sources),
        "qualifiers": _records(qualifiers),
    }
    readme = readme_text(
        lang=lang or "en",
        layout=layout,
        data_file=data_file,
        files=_ZIP_FILES,
        indicator_ids=ids,
        start=first,
        end=last,
        sources=sources.to_dict("records"),
        rows=len(table),
        bom=bom,
        today=today,
        wide_has_ratio=wide_has_ratio(tidy, layout),
        version=version.label,
    )
    # The tables as the CSV files hold them (neutralized), which the data package describes.
    written = [
        (OBSERVATIONS, data_file, neutralize_frame(table)),
        (INDICATORS, "indicators.csv", neutralize_frame(indicators)),
        (SOURCES, "sources.csv", neutralize_frame(sources)),
        (QUALIFIERS, "qualifiers.csv", qualifiers),
    ]
    encoding = "utf-8-sig" if bom else "utf-8"
    package = datapackage(dataset, written, layout=layout, lang=lang, encoding=encoding, today=today)
    members = {path: to_csv_text(frame).encode(encoding) for _, path, frame in written}
    members |= {
        "metadata.json": json.dumps(metadata, ensure_ascii=False, indent=2).encode("utf-8"),
        "datapackage.json": json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8"),
        "README.txt": readme.encode(encoding),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            # A fixed time stamp: the same export on the same day gives the same bytes.
            info = zipfile.ZipInfo(name, date_time=(today.year, today.month, today.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


def datapackage_json(dataset: Dataset, lang: Lang | None = None, *, today: date | None = None) -> bytes:
    """``/data/datapackage.json``: a Frictionless Data Package of ``/data/observations.csv``.

    That URL (no ``lang=``) gives the tidy table's stable columns with a byte order mark, which the
    package describes (``observations.csv``, relative to the package); the indicators, sources and
    qualifiers tables are inline, as the URLs do not serve them as files. ``lang`` is the language
    of the descriptions (English when None).
    """
    columns, _ = prepare_export(dataset, [], "tidy", None, None, None)  # the columns, without the rows
    tables = [
        (OBSERVATIONS, f"{ALL_DATA}.csv", columns),
        (INDICATORS, "", indicators_table(dataset)),
        (SOURCES, "", sources_table(dataset)),
        (QUALIFIERS, "", qualifiers_table()),
    ]
    package = datapackage(
        dataset,
        tables,
        layout="tidy",
        lang=lang,
        encoding="utf-8-sig",
        today=today or date.today(),
        inline=(INDICATORS, SOURCES, QUALIFIERS),
    )
    return json.dumps(package, ensure_ascii=False, indent=1).encode("utf-8")


def neutralize(value: object) -> object:
    """A text cell made safe for spreadsheets: ``'`` before a leading ``= + - @``, tab or CR.

    OWASP's rule against formula (CSV) injection. Anything else, including text that is just a
    number such as ``-70``, is returned as it is.

    >>> neutralize("=HYPERLINK(1)"), neutralize("-70"), neutralize(-70.0), neutralize("约200个")
    ("'=HYPERLINK(1)", '-70', -70.0, '约200个')
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralize_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a frame with every text cell and column name neutralized; numbers stay numbers."""
    safe = frame.copy()
    for name in safe.columns:
        if not (pd.api.types.is_numeric_dtype(safe[name]) or pd.api.types.is_datetime64_any_dtype(safe[name])):
            safe[name] = safe[name].map(neutralize, na_action="ignore")
    safe.columns = [neutralize(str(name)) for name in safe.columns]
    wide = frame.attrs.get("wide_columns")
    if wide:  # what each wide column holds, under its name as written
        safe.attrs["wide_columns"] = {neutralize(str(name)): what for name, what in wide.items()}
    return safe


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """JSON-ready rows (NaN as null, numpy numbers as Python numbers)."""
    return json.loads(frame.to_json(orient="records", force_ascii=False))


# --- writing files ----------------------------------------------------------------------------------

_ZIP_FILES: tuple[tuple[str, str, str], ...] = (
    (
        "indicators.csv",
        "definitions of the indicators: names, descriptions, units, formulas",
        "指标定义：名称、说明、单位、公式",
    ),
    ("sources.csv", "the publications the figures come from", "数字的出处"),
    (
        "qualifiers.csv",
        "what exact, approximately, at_least and at_most mean",
        "精确程度（确数、约数、下限、上限）的含义",
    ),
    ("metadata.json", "all of the above, for programs", "以上全部内容，供程序读取"),
    (
        "datapackage.json",
        "a Frictionless Data Package: each CSV's columns, types, units and allowed values",
        "Frictionless 数据包描述：每个 CSV 的列、类型、单位和取值范围",
    ),
    ("README.txt", "this file", "本说明"),
)
_SHEETS: tuple[tuple[str, str, str], ...] = (
    (
        "indicators",
        "definitions of the indicators: names, descriptions, units, formulas",
        "指标定义：名称、说明、单位、公式",
    ),
    ("sources", "the publications the figures come from", "数字的出处"),
    ("qualifiers", "what exact, approximately, at_least and at_most mean", "精确程度（确数、约数、下限、上限）的含义"),
    ("readme", "this text", "本说明"),
)


def _csv(table: pd.DataFrame, *, bom: bool) -> bytes:
    return to_csv_text(neutralize_frame(table)).encode("utf-8-sig" if bom else "utf-8")


_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_MAX_WIDTH, _HEADER_WIDTH = 60, 24


def _write_sheet(sheet: Worksheet, frame: pd.DataFrame, *, ours: bool = False) -> None:
    """Write a frame: bold frozen header with filters, typed cells, widths that fit the content.

    ``ours``: the frame is our own text (the README, the qualifier legend), not cells of the data, and
    is written as it is: a README bullet ``- 龙港发布…`` must not read ``'- 龙港发布…``.
    """
    headers = [str(name) for name in frame.columns]
    # Long headers (the wide layout's "name (unit) qualifier") wrap rather than widen the column.
    widths = [min(_width(h), _HEADER_WIDTH) for h in headers]
    for col, header in enumerate(headers, start=1):
        cell = _put(sheet.cell(row=1, column=col), header, guard=not ours)
        cell.font, cell.alignment = _BOLD, _WRAP
    is_date = [name in _DATE_COLUMNS for name in headers]
    for row_number, row in enumerate(frame.itertuples(index=False, name=None), start=2):
        for col, value in enumerate(row, start=1):
            value = _cell_value(value, date_column=is_date[col - 1])
            cell = _put(sheet.cell(row=row_number, column=col), value, guard=not ours)
            if is_date[col - 1] and cell.value is not None:
                cell.number_format = "yyyy-mm-dd"
                widths[col - 1] = max(widths[col - 1], 10)
            elif cell.value is not None:
                widths[col - 1] = max(widths[col - 1], _width(cell.value))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = min(width + 2, _MAX_WIDTH)


def _cell_value(value: object, *, date_column: bool) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if date_column:
        # A publication known only to the month or year (2022-08, 2022) stays as written.
        text = str(value)[:10]
        return date.fromisoformat(text) if len(text) == 10 else text
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    return str(value)


def _put(cell: Cell, value: object, *, guard: bool = True) -> Cell:
    """Set a cell; text is neutralized (``guard``), stripped of characters XML cannot hold, and typed as text.

    openpyxl would store text starting with ``=`` as a formula; a string cell is never evaluated.
    """
    if value == "":
        cell.value = None
    elif isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", str(neutralize(value) if guard else value))
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def _width(value: object) -> int:
    """Display width in Excel's character units: CJK characters count double."""
    text = f"{value:.15g}" if isinstance(value, float) else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text[:200])

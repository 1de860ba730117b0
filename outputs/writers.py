"""The export files: CSV, an Excel workbook and a zip with metadata, from :mod:`indicators.tables`.

Text cells are neutralized against formula injection. Everything here is pure (data in, bytes out), so
the app's routes and the command line share it through :mod:`outputs.formats`.
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

from indicators.dataset import Dataset
from indicators.export_notes import readme_text
from indicators.formatting import Lang
from indicators.tables import (
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
    )
    book = Workbook()
    book.properties.creator = "reform-indicators"
    book.properties.title = export_filename(ids, "xlsx", today=today)
    sheet = book.active
    assert sheet is not None, "a new workbook has one sheet"
    sheet.title = "data"
    _write_sheet(sheet, table)
    _write_sheet(book.create_sheet("indicators"), indicators_table(dataset, ids))
    _write_sheet(book.create_sheet("sources"), sources)
    _write_sheet(book.create_sheet("qualifiers"), qualifiers_table())
    _write_sheet(book.create_sheet("readme"), pd.DataFrame({"README": readme.splitlines()}))
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
    (all of it for programs) and ``README.txt`` (what the files and columns are, the preference rule
    for disagreeing sources, the sources to cite). Arguments and errors are those of :func:`csv_bytes`.
    """
    table, tidy = prepare_export(dataset, indicator_ids, layout, lang, start, end)
    ids = selection_ids(indicator_ids)
    first, last = as_date(start), as_date(end)
    today = date.today()
    data_file = export_filename(ids, "csv", today=today)
    indicators = indicators_table(dataset, ids)
    sources = sources_table(dataset, cited_source_ids(tidy))
    qualifiers = qualifiers_table()
    metadata = {
        "title": "Longgang reform indicators / 龙港改革成效指标",
        "exported": today.isoformat(),
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
    )
    members = {
        data_file: _csv(table, bom=bom),
        "indicators.csv": _csv(indicators, bom=bom),
        "sources.csv": _csv(sources, bom=bom),
        "qualifiers.csv": _csv(qualifiers, bom=bom),
        "metadata.json": json.dumps(metadata, ensure_ascii=False, indent=2).encode("utf-8"),
        "README.txt": readme.encode("utf-8-sig" if bom else "utf-8"),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            # A fixed time stamp: the same export on the same day gives the same bytes.
            info = zipfile.ZipInfo(name, date_time=(today.year, today.month, today.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


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


def _write_sheet(sheet: Worksheet, frame: pd.DataFrame) -> None:
    """Write a frame: bold frozen header with filters, typed cells, widths that fit the content."""
    headers = [str(name) for name in frame.columns]
    # Long headers (the wide layout's "name (unit) qualifier") wrap rather than widen the column.
    widths = [min(_width(h), _HEADER_WIDTH) for h in headers]
    for col, header in enumerate(headers, start=1):
        cell = _put(sheet.cell(row=1, column=col), header)
        cell.font, cell.alignment = _BOLD, _WRAP
    is_date = [name in _DATE_COLUMNS for name in headers]
    for row_number, row in enumerate(frame.itertuples(index=False, name=None), start=2):
        for col, value in enumerate(row, start=1):
            cell = _put(sheet.cell(row=row_number, column=col), _cell_value(value, date_column=is_date[col - 1]))
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


def _put(cell: Cell, value: object) -> Cell:
    """Set a cell; text is neutralized, stripped of characters XML cannot hold, and typed as text.

    openpyxl would store text starting with ``=`` as a formula; a string cell is never evaluated.
    """
    if value == "":
        cell.value = None
    elif isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", str(neutralize(value)))
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def _width(value: object) -> int:
    """Display width in Excel's character units: CJK characters count double."""
    text = f"{value:.15g}" if isinstance(value, float) else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text[:200])

"""Conditional GETs of files: ``ETag`` and ``Last-Modified`` from the data version, ``304`` without work.

A file of the data (CSV, workbook, zip, JSON), a chart image or a deck is the same as long as the
data, the app and the day are (a file's name and README carry the day it was made). The validator
is known before the file is written, so a browser or script that has the file already gets
``304 Not Modified`` without the file being made again: a zip, a workbook or a chart drawn by
Chromium costs nothing the second time. The tag is weak: two workbooks made from the same data hold
different creation times, but say the same thing.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import metadata

from flask import Response, request
from werkzeug.http import is_resource_modified

from indicators.dataset import Dataset
from indicators.version import data_version


@cache
def app_version() -> str:
    """The installed app's version (part of every tag: a new release may write files differently)."""
    try:
        return metadata.version("reform-indicators")
    except metadata.PackageNotFoundError:
        return "dev"


def file_etag(dataset: Dataset, today: date | None = None) -> str:
    """``<data digest>-<day>-<app version>``: what a file of this data made today by this app is."""
    day = (today or date.today()).strftime("%Y%m%d")
    return f"{data_version(dataset).digest}-{day}-{app_version()}"


def not_modified(dataset: Dataset, cache_control: str) -> Response | None:
    """A ``304`` when the request's validators match the current data, else None (make the file)."""
    version = data_version(dataset)
    etag = file_etag(dataset)
    if is_resource_modified(request.environ, etag=etag, last_modified=version.updated_utc):
        return None
    response = Response(status=304)
    stamp(response, dataset, cache_control)
    return response


def stamp(response: Response, dataset: Dataset, cache_control: str) -> Response:
    """Put the data version's validators (weak ``ETag``, ``Last-Modified``) and caching rule on a response."""
    response.set_etag(file_etag(dataset), weak=True)
    response.last_modified = data_version(dataset).updated_utc
    response.headers["Cache-Control"] = cache_control
    response.headers["X-Data-Version"] = data_version(dataset).label
    return response

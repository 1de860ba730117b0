"""Structured logs of the app: one JSON object per line on stderr (beside gunicorn's JSON access log)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys

LOGGER_NAME = "reform_indicators"


class JsonFormatter(logging.Formatter):
    """Formats a record as JSON: time, level, logger, event, pid and the record's ``fields``."""

    def format(self, record: logging.LogRecord) -> str:
        """One line of JSON for ``record``."""
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
            "pid": os.getpid(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (it may be redirected after start-up)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr  # not setStream: it would flush a stream that may be closed by now
        super().emit(record)


def get_logger() -> logging.Logger:
    """The app's logger, writing JSON lines to stderr (set up once per process)."""
    logger = logging.getLogger(LOGGER_NAME)
    if not logger.handlers:
        handler = _StderrHandler()
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


def log_event(event: str, level: int = logging.INFO, **fields: object) -> None:
    """Log ``event`` with structured ``fields``."""
    get_logger().log(level, event, extra={"fields": fields})

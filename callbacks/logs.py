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


def get_logger() -> logging.Logger:
    """The app's logger, writing JSON lines to stderr (set up once per process)."""
    logger = logging.getLogger(LOGGER_NAME)
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


def log_event(event: str, level: int = logging.INFO, **fields: object) -> None:
    """Log ``event`` with structured ``fields``."""
    get_logger().log(level, event, extra={"fields": fields})

"""Writing YAML the way curators do: block records, ``{zh, en}`` texts on one line, quoted periods."""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap

import yaml

#: What a plain scalar may not hold: indicators at its start, ": " or " #" inside, edge spaces, breaks.
_NOT_PLAIN = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|: |:$| #|\s$|[\n\t\\]")
#: Inside a flow mapping ({zh: ..., en: ...}) the flow indicators are special too.
_NOT_PLAIN_IN_FLOW = re.compile(r"[,\[\]{}]")
_RESOLVER = yaml.resolver.Resolver()


def _text(value: str, *, flow: bool = False) -> str:
    """A string as a plain YAML scalar when that reads back as the same string, else double-quoted."""
    if value and not _NOT_PLAIN.search(value) and not (flow and _NOT_PLAIN_IN_FLOW.search(value)):
        if _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str":
            return value
    return json.dumps(value, ensure_ascii=False)


def _scalar(value: object, *, quote_text: bool = False, flow: bool = False) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    assert isinstance(value, str), f"cannot write {value!r} as YAML"
    return json.dumps(value, ensure_ascii=False) if quote_text else _text(value, flow=flow)


#: Fields written in double quotes as curators do (periods must stay text, not dates or numbers).
_QUOTED = {"period", "base_period"}


def _is_flow(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(v, str) for v in value.values()) and len(str(value)) < 100


def _mapping_lines(record: dict, indent: str) -> list[str]:
    lines = []
    for key, value in record.items():
        if isinstance(value, dict):
            if _is_flow(value):
                inner = ", ".join(f"{k}: {_scalar(v, flow=True)}" for k, v in value.items())
                lines.append(f"{indent}{key}: {{{inner}}}")
            else:
                lines.append(f"{indent}{key}:")
                lines.extend(_mapping_lines(value, indent + "  "))
        elif isinstance(value, list):
            lines.append(f"{indent}{key}:")
            for item in value:
                lines.extend(_item_lines(item, indent + "  "))
        elif isinstance(value, str) and len(value) > 90 and _foldable(value):
            lines.append(f"{indent}{key}: >-")
            lines.extend(
                indent + "  " + part
                for part in textwrap.wrap(value, 96 - len(indent), break_on_hyphens=False, break_long_words=False)
            )
        else:
            quoted = key in _QUOTED and isinstance(value, str)
            lines.append(f"{indent}{key}: {_scalar(value, quote_text=quoted)}")
    return lines


def _foldable(value: str) -> bool:
    # Folding joins lines with one space: only text whose words are separated by single spaces folds back.
    return " " in value and "  " not in value and value == value.strip() and "\n" not in value


def _item_lines(item: object, indent: str) -> list[str]:
    if not isinstance(item, dict):
        return [f"{indent}- {_scalar(item)}"]
    lines = _mapping_lines(item, indent + "  ")
    lines[0] = f"{indent}- {lines[0].lstrip()}"
    return lines


def to_yaml(document: dict, header: str = "") -> str:
    """A document as curated YAML: block records, ``{zh, en}`` texts on one line, blank lines between records."""
    lines = [f"# {header}"] if header else []
    for key, value in document.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            for number, item in enumerate(value):
                if number and key in ("indicators", "observations") and number % 12 == 0:
                    lines.append("")
                lines.extend(_item_lines(item, "  "))
        else:
            lines.append(f"{key}:")
            lines.extend(_mapping_lines(value, "  "))
    return "\n".join(lines) + "\n"

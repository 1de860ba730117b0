"""Read one curated YAML file safely, keeping the line of every mapping for error messages.

Safety: only YAML's safe constructors are used (``!!python/object`` and friends are refused), anchors
and aliases are refused (they are never needed in curated data and are the vehicle of "billion laughs"
bombs), files must be UTF-8, and files over :data:`MAX_FILE_BYTES` are refused before parsing.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

try:  # libyaml's C parser is several times faster; fall back to the pure-Python one when absent.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

#: Largest data file accepted. The largest real file is a few kB; the 1,000-indicator benchmark
#: corpus stays under 1 MB a file. Anything bigger is a mistake (or an attack) and is refused.
MAX_FILE_BYTES = 16 * 1024 * 1024


class LineDict(dict):
    """A mapping from YAML that remembers the (1-based) line where it starts."""

    __slots__ = ("line",)

    line: int


class YamlFileError(Exception):
    """A file that cannot be read as curated YAML; carries the line when known."""

    def __init__(self, message: str, line: int | None = None, hint: str = ""):
        super().__init__(message)
        self.message, self.line, self.hint = message, line, hint


class _AliasError(yaml.YAMLError):
    def __init__(self, line: int):
        super().__init__("alias")
        self.line = line


#: Tags of short plain scalars by their text (see :meth:`_CuratedLoader.resolve`), and its bounds.
_PLAIN_TAGS: dict[str, str] = {}
_CACHED_SCALAR_LENGTH, _CACHED_SCALARS = 24, 50_000
_ScalarNode = yaml.ScalarNode
_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP, _MAP, _SEQ = (
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)


class _CuratedLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader whose mappings are :class:`LineDict` and which refuses aliases."""

    def resolve(self, kind, value, implicit):
        """The tag of a node, as PyYAML's resolver gives it, remembering the answers for short plain scalars.

        libyaml's composer asks for every scalar. A quoted scalar is always text, and a plain scalar's tag
        depends only on its text (no path resolvers are registered), so the answers for the few distinct
        keys and words of the curated data (``indicator``, ``exact``, ``13`` ...) are looked up once.
        """
        if kind is _ScalarNode and not self.yaml_path_resolvers:
            if not implicit[0]:
                return _STR
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(value) <= _CACHED_SCALAR_LENGTH and len(_PLAIN_TAGS) < _CACHED_SCALARS:
                    _PLAIN_TAGS[value] = tag
            return tag
        return super().resolve(kind, value, implicit)

    def construct_object(self, node, deep=False):
        # An alias (*name) hands the constructor a node it has already built.
        if node in self.constructed_objects:
            raise _AliasError(node.start_mark.line + 1)
        return super().construct_object(node, deep=deep)


def _construct_line_mapping(loader: _CuratedLoader, node: yaml.MappingNode):
    data = LineDict()
    data.line = node.start_mark.line + 1
    yield data
    data.update(loader.construct_mapping(node))


def _construct_timestamp_as_text(loader: _CuratedLoader, node: yaml.ScalarNode) -> str:
    # Dates stay text: the schema parses them, so "2022-02-30" becomes a clear error, not a crash.
    return loader.construct_scalar(node)


_CuratedLoader.add_constructor("tag:yaml.org,2002:map", _construct_line_mapping)
_CuratedLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What identifies a version of a file without reading it."""

    mtime_ns: int
    size: int


def stamp(path: Path) -> FileStamp:
    """The modification time and size of ``path``."""
    st = path.stat()
    return FileStamp(st.st_mtime_ns, st.st_size)


def read_yaml(path: Path) -> object:
    """Parse one curated YAML file.

    Args:
        path: The file to read.

    Returns:
        The document: mappings are :class:`LineDict`, ``None`` for an empty file.

    Raises:
        YamlFileError: With a message, the line and a hint, for every way a file can be unreadable.
    """
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise YamlFileError(
            f"file is {size / 2**20:.1f} MiB, larger than the {MAX_FILE_BYTES // 2**20} MiB limit",
            hint="split it into several files (one per source or per year)",
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise YamlFileError(
            f"file is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            line,
            "save the file as UTF-8 (editors call it 'UTF-8' or 'Unicode'; not GBK/GB2312)",
        ) from None
    try:
        try:
            return _load_plain(text)
        except _Unusual:
            # Anchors, merge keys, !!tags, complex keys ...: the full constructor reads (or refuses) them.
            return yaml.load(text, Loader=_CuratedLoader)
    except _AliasError as exc:
        raise YamlFileError(
            f"YAML anchors and aliases (&name, *name) are not allowed: the anchor at line {exc.line} is reused",
            exc.line,
            "write each value out in full instead of referring to an &anchor",
        ) from None
    except yaml.constructor.ConstructorError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise YamlFileError(
            f"unsupported YAML tag: {exc.problem}",
            line,
            "curated data holds only plain mappings, lists, text, numbers and dates; remove the !!tag",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or "syntax error"
        hint = "check the indentation and quoting around this line"
        if "\t" in problem or "tab" in problem.lower() or (mark and _has_tab_at(text, mark.line)):
            hint = "indent with spaces, not tabs"
        elif exc.context:
            problem = f"{problem} ({exc.context})"
        raise YamlFileError(f"YAML syntax error: {problem}", line, hint) from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        raise YamlFileError(f"YAML error: {exc}") from None
    except (ValueError, TypeError, RecursionError) as exc:
        # Whatever else a malformed document can make the YAML library raise (deep nesting ...).
        raise YamlFileError(
            f"file cannot be read as YAML: {type(exc).__name__}: {exc}", hint="check the file's structure"
        ) from None


class _Unusual(Exception):
    """Something the plain fast path does not construct; the file is read again by :class:`_CuratedLoader`."""


def _load_plain(text: str) -> object:
    """Parse a document of plain mappings, lists and scalars, as :class:`_CuratedLoader` would.

    libyaml composes the node tree in C (the same composer and resolver the full loader uses, so syntax
    errors are identical); the tree is then turned into Python objects here in one recursive pass
    instead of PyYAML's generic constructor, which keeps a state machine of generators and a table of
    every node built (with the resolver cache, a cold load of the medium benchmark scale went from 5.3
    to 4.4 s of CPU). Anything it does not handle raises :class:`_Unusual`, so every unusual file (and
    every error message) goes through the full constructor unchanged.
    """
    loader = _CuratedLoader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    if node is None:
        return None
    # Without an anchor (&name) no node can be reached twice, so aliases need no bookkeeping.
    return _plain(node, set() if "&" in text else None)


def _plain(node: yaml.Node, seen: set[int] | None) -> object:
    if seen is not None:
        if id(node) in seen:
            raise _Unusual
        seen.add(id(node))
    tag = node.tag
    if tag == _STR:
        value = node.value
        # Keys, ids, periods and words repeat on every record: one shared copy of each short text.
        return _intern(value) if len(value) <= _INTERNED_LENGTH else value
    if tag == _MAP:
        data = LineDict()
        data.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Unusual
            data[_plain(key_node, seen)] = _plain(value_node, seen)
        return data
    if tag == _SEQ:
        return [_plain(child, seen) for child in node.value]
    if tag == _INT:
        value = node.value
        if value.isdigit() and (value[0] != "0" or value == "0"):
            return int(value)
        return _CuratedLoader.construct_yaml_int(_CONSTRUCTOR, node)
    if tag == _NULL:
        return None
    if tag == _FLOAT:
        return _CuratedLoader.construct_yaml_float(_CONSTRUCTOR, node)
    if tag == _BOOL:
        return _CuratedLoader.bool_values[node.value.lower()]
    if tag == _TIMESTAMP:
        return node.value
    raise _Unusual


_intern = sys.intern
#: Texts up to this length are interned: field names, indicator and source ids, periods, qualifiers.
#: Longer ones (quotes, notes, record ids) are mostly unique.
_INTERNED_LENGTH = 32

#: Scalar constructors of PyYAML only read ``node.value``; one instance serves every call.
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _has_tab_at(text: str, line_index: int) -> bool:
    lines = text.splitlines()
    return 0 <= line_index < len(lines) and "\t" in lines[line_index]

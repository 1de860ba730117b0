"""Source texts, referenced and not copied: found in the curator's texts folder and checked by hash.

The project carries short quotes, not other publishers' articles. A source's YAML names its text file
and the SHA-256 of the text as curated (``text: {file: ..., sha256: ...}``); the folder is configured
(``texts_dir`` in config.yaml, ``REFORM_TEXTS_DIR``, or ``--texts`` on the command line). A text that
is missing is a notice (the checks that need it are skipped, and say so); a text that differs from
its hash is a warning (the quotes were checked against another version of it).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from indicators.problems import Problem, Severity
from indicators.schema import Source

#: The largest text read (a statistical bulletin is a few hundred kB; anything bigger is not a text).
MAX_TEXT_BYTES = 16 * 1024 * 1024


class TextStatus(StrEnum):
    """Whether a source's text could be checked against."""

    AVAILABLE = "available"  # found, with the hash recorded
    CHANGED = "changed"  # found, but not the text that was curated
    MISSING = "missing"  # referenced, not found (or unreadable)
    NOT_REFERENCED = "not_referenced"  # the source names no text


@dataclass(frozen=True, slots=True)
class SourceText:
    """The text of one source as found (or not) in the texts folder."""

    source_id: str
    status: TextStatus
    file: str | None = None  # as referenced in the source's YAML
    path: Path | None = None
    content: str | None = None
    sha256: str | None = None  # of the file as found
    reason: str = ""  # why it is missing

    @property
    def usable(self) -> bool:
        """True when there is a text to check against (possibly changed since curation)."""
        return self.content is not None


def sha256_of(data: bytes) -> str:
    """The hex SHA-256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def read_text_file(path: Path) -> tuple[str, str]:
    """(text, sha256) of a UTF-8 text file (a byte order mark is dropped from the text, not the hash).

    Raises:
        OSError: When it cannot be read.
        ValueError: When it is too large or not UTF-8.
    """
    if path.stat().st_size > MAX_TEXT_BYTES:
        raise ValueError(f"larger than {MAX_TEXT_BYTES // (1024 * 1024)} MiB")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 (byte {exc.start})") from None
    return text, sha256_of(data)


def find_text(source: Source, folder: Path | None) -> SourceText:
    """The text a source references, looked up in ``folder`` (None: no folder configured)."""
    ref = source.text
    if ref is None:
        return SourceText(source.id, TextStatus.NOT_REFERENCED)
    if folder is None:
        return SourceText(source.id, TextStatus.MISSING, ref.file, reason="no texts folder is configured")
    if not folder.is_dir():
        return SourceText(source.id, TextStatus.MISSING, ref.file, reason=f"the texts folder {folder} does not exist")
    path = (folder / ref.file).resolve()
    if not path.is_relative_to(folder.resolve()):  # a link pointing out of the folder
        return SourceText(source.id, TextStatus.MISSING, ref.file, reason="it lies outside the texts folder")
    if not path.is_file():
        return SourceText(source.id, TextStatus.MISSING, ref.file, path, reason=f"{ref.file} is not in {folder}")
    try:
        content, digest = read_text_file(path)
    except (OSError, ValueError) as exc:
        reason = f"{ref.file} cannot be read: {getattr(exc, 'strerror', None) or exc}"
        return SourceText(source.id, TextStatus.MISSING, ref.file, path, reason=reason)
    status = TextStatus.AVAILABLE if digest == ref.sha256 else TextStatus.CHANGED
    return SourceText(source.id, status, ref.file, path, content, digest)


def find_texts(sources: dict[str, Source], folder: Path | None) -> dict[str, SourceText]:
    """The text of every source, by source id."""
    return {source_id: find_text(source, folder) for source_id, source in sources.items()}


def text_problems(texts: dict[str, SourceText], files: dict[str, tuple[str, int | None]]) -> list[Problem]:
    """A notice for each text not found, a warning for each text that changed since it was curated.

    Args:
        texts: The texts found, by source id.
        files: Where each source is defined: (file, line), by source id.
    """
    problems = []
    for source_id, text in texts.items():
        file, line = files.get(source_id, (source_id, None))
        if text.status is TextStatus.MISSING:
            problems.append(
                Problem(
                    file,
                    line,
                    source_id,
                    f"text not found ({text.reason}): its quote check and audit are skipped",
                    "set texts_dir in config.yaml, REFORM_TEXTS_DIR or --texts to the folder that holds it",
                    Severity.NOTICE,
                )
            )
        elif text.status is TextStatus.CHANGED:
            problems.append(
                Problem(
                    file,
                    line,
                    source_id,
                    f"text {text.file} is not the text that was curated (its SHA-256 is {text.sha256})",
                    "if the new text is right, check every quote against it, then record its sha256",
                    Severity.WARNING,
                )
            )
    return problems

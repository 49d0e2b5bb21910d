"""Checks every reader applies: size limits, empty documents, unreadable files."""

from __future__ import annotations

import re
from pathlib import Path

from newstrace.ingest.base import ReaderConfig
from newstrace.records import IngestProblem

_MB = 1024 * 1024
# a non-blank character up to the end of its line (the line breaks of str.splitlines)
_FIRST_LINE = re.compile(r"[^\s][^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*")


def size_message(size: int, config: ReaderConfig) -> str:
    """Say that a document is over the size limit and how to raise it."""
    return (
        f"document too large ({size / _MB:.1f} MB > {config.max_doc_bytes / _MB:.1f} MB limit; "
        "raise --max-doc-mb)"
    )


def os_problem(path: Path | str, exc: OSError, location: str | None = None) -> IngestProblem:
    """A failed problem carrying the OS error's own text."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    return IngestProblem(str(path), location, f"cannot read file: {reason}")


def file_size_problem(path: Path, config: ReaderConfig) -> IngestProblem | None:
    """Check a file's size before reading it whole: a problem when too large or unreadable."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return os_problem(path, exc)
    if size > config.max_doc_bytes:
        return IngestProblem(str(path), None, size_message(size, config), "skipped")
    return None


def utf8_size_over(text: str, limit: int) -> int | None:
    """Return the UTF-8 size of ``text`` when it exceeds ``limit``, else ``None``.

    Encodes only when the character count cannot decide (1 to 4 bytes per character).
    """
    if len(text) * 4 <= limit:
        return None
    size = len(text.encode("utf-8", "surrogatepass"))
    return size if size > limit else None


def text_problem(
    text: str, path: Path | str, location: str | None, config: ReaderConfig
) -> IngestProblem | None:
    """Check an extracted text: a skipped problem when it is empty or too large."""
    if not text.strip():
        return IngestProblem(str(path), location, "empty document", "skipped")
    size = utf8_size_over(text, config.max_doc_bytes)
    if size is not None:
        return IngestProblem(str(path), location, size_message(size, config), "skipped")
    return None


def first_line(text: str) -> str | None:
    """The first non-empty line, stripped (a plain-text file's title)."""
    match = _FIRST_LINE.search(text)
    return match.group().strip() if match else None


def read_whole_file(path: Path, config: ReaderConfig) -> bytes | IngestProblem:
    """A small file's bytes, after the size check; or the problem that kept it out."""
    problem = file_size_problem(path, config)
    if problem is not None:
        return problem
    try:
        return path.read_bytes()
    except OSError as exc:
        return os_problem(path, exc)

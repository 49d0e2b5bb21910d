"""The ingest contract: reader configuration, the ``Reader`` protocol and the reader registry."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from newstrace.extract import get_extractor
from newstrace.records import Article, IngestProblem

__all__ = ["READERS", "Reader", "ReaderConfig", "reader_for", "register", "sniff_format"]

_MB = 1024 * 1024
_SNIFF_BYTES = 4096
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class ReaderConfig:
    """Settings shared by every reader.

    Attributes:
        max_doc_bytes: documents (and JSONL lines, HTML files, WARC payloads) larger than
            this many bytes are skipped with a problem instead of being held in memory.
        extractor: name of the registered HTML extractor (see ``newstrace.extract``).
    """

    max_doc_bytes: int = 8 * _MB
    extractor: str = "trafilatura"

    def __post_init__(self) -> None:
        if isinstance(self.max_doc_bytes, bool) or not isinstance(self.max_doc_bytes, int):
            raise TypeError(
                f"ReaderConfig.max_doc_bytes must be an int number of bytes, "
                f"not {type(self.max_doc_bytes).__name__}; e.g. 8 * 1024 * 1024 for 8 MB"
            )
        if self.max_doc_bytes < 1:
            raise ValueError(
                f"ReaderConfig.max_doc_bytes must be at least 1, not {self.max_doc_bytes}; "
                "use a positive size such as 8 * 1024 * 1024 (8 MB)"
            )
        get_extractor(self.extractor)  # raises ValueError naming the known extractors


class Reader(Protocol):
    """Reads one file into articles, reporting bad input as problems (never raising on it).

    Attributes:
        name: the format's name (``txt``, ``jsonl``, ``html``, ``warc``).
        suffixes: lower-case file name endings the reader claims (``.jsonl.gz``).
    """

    name: str
    suffixes: tuple[str, ...]

    def read(self, path: Path, config: ReaderConfig) -> Iterator[Article | IngestProblem]:
        """Yield the articles of ``path`` and the problems met on the way, in file order."""
        ...


READERS: dict[str, Reader] = {}
"""Readers by format name; filled by :func:`register`."""

_R = TypeVar("_R", bound=Reader)


def register(cls: type[_R]) -> type[_R]:
    """Class decorator: register one instance of a reader under its ``name``."""
    READERS[cls.name] = cls()
    return cls


def sniff_format(head: bytes) -> str:
    """Guess a format name from a file's first bytes (gzip is looked into).

    Example:
        >>> sniff_format(b"WARC/1.1\\r\\n")
        'warc'
        >>> sniff_format(b'  {"id": 1}')
        'jsonl'
    """
    if head.startswith(_GZIP_MAGIC):
        try:
            inner = zlib.decompressobj(wbits=31).decompress(head, _SNIFF_BYTES)
        except zlib.error:
            return "txt"
        kind = sniff_format(inner) if inner and not inner.startswith(_GZIP_MAGIC) else "txt"
        # only JSONL and WARC are read compressed; anything else is reported by the txt reader
        return kind if kind in ("jsonl", "warc") else "txt"
    stripped = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if stripped.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    if stripped.startswith(b"{"):
        return "jsonl"
    if stripped.startswith(b"<"):
        return "html"
    return "txt"


def reader_for(path: Path) -> Reader:
    """Choose the reader for ``path``: by file name ending, else by its first bytes.

    A file that cannot be opened gets the txt reader, which reports the OS error.
    """
    name = path.name.lower()
    claims = ((suffix, r) for r in READERS.values() for suffix in r.suffixes)
    for suffix, reader in sorted(claims, key=lambda c: -len(c[0])):
        if name.endswith(suffix):
            return reader
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return READERS["txt"]
    return READERS[sniff_format(head)]

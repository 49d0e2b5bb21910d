"""ingest stage: read text, JSONL, HTML and WARC inputs into :class:`~newstrace.records.Article`.

Example:
    >>> from newstrace.ingest import read_paths
    >>> for item in read_paths(["corpus/", "crawl/*.warc.gz"]):  # doctest: +SKIP
    ...     print(item)
"""

from __future__ import annotations

from newstrace.ingest.base import READERS, Reader, ReaderConfig, reader_for, register, sniff_format
from newstrace.ingest.decode import Decoded, decode_bytes
from newstrace.ingest.discover import STDIN, Input, discover, read_input, read_paths
from newstrace.ingest.html import HtmlReader
from newstrace.ingest.jsonl import JsonlReader
from newstrace.ingest.txt import TxtReader
from newstrace.ingest.warc import WarcReader

__all__ = [
    "READERS",
    "STDIN",
    "Decoded",
    "HtmlReader",
    "Input",
    "JsonlReader",
    "Reader",
    "ReaderConfig",
    "TxtReader",
    "WarcReader",
    "decode_bytes",
    "discover",
    "read_input",
    "read_paths",
    "reader_for",
    "register",
    "sniff_format",
]

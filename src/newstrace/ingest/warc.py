"""WARC/ARC reader (plain or gzip): one article per HTML response, streamed record by record."""

from __future__ import annotations

import dataclasses
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from newstrace.extract import Extractor, get_extractor
from newstrace.ingest._checks import os_problem, size_message, text_problem
from newstrace.ingest.base import ReaderConfig, register
from newstrace.ingest.decode import charset_from_content_type, decode_bytes, meta_charset
from newstrace.ingest.html import article_from_page
from newstrace.records import Article, IngestProblem

__all__ = ["WarcReader"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_SKIP_CHUNK = 1024 * 1024


def _stream_errors() -> tuple[type[BaseException], ...]:
    """What warcio raises on a truncated or garbled archive (imported on first use).

    Besides its own ArchiveLoadFailed, warcio lets built-in errors out of its parsers on
    malformed headers (AttributeError on a missing record type, IndexError, ...); the
    property tests over damaged archives found these.
    """
    try:
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError as exc:  # pragma: no cover - a default dependency
        raise ImportError('reading WARC files needs warcio: pip install "newstrace"') from exc
    return (
        ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError, LookupError,
        AttributeError, TypeError,
    )  # fmt: skip


def _media_type(value: str | None) -> str:
    """``text/html; charset=utf-8`` -> ``text/html``."""
    return (value or "").split(";", 1)[0].strip().lower()


def _html_content_type(record: Any) -> str | None:
    """The Content-Type of an HTML page record (200 response, or resource), else ``None``."""
    if record.rec_type == "response":
        http = record.http_headers
        if http is None or http.get_statuscode() != "200":
            return None
        value = http.get_header("Content-Type")
    elif record.rec_type == "resource":
        value = record.rec_headers.get_header("Content-Type")
    else:
        return None
    return value if _media_type(value) in _HTML_TYPES else None


def _read_bounded(stream: IO[bytes], limit: int) -> bytes | int:
    """Read a payload whole, or only count it (returning its size) when over ``limit``."""
    data = stream.read(limit + 1)
    if len(data) <= limit:
        return data
    size = len(data)
    del data
    while chunk := stream.read(_SKIP_CHUNK):
        size += len(chunk)
    return size


@dataclasses.dataclass(slots=True)
class _Page:
    """One HTML record's payload as read from the archive."""

    index: int
    offset: int
    record: Any
    content_type: str
    payload: bytes | int | None = None
    error: str | None = None

    @property
    def where(self) -> str:
        return f"record {self.index} (offset {self.offset})"


def _describe(exc: BaseException) -> str:
    """A short reason for a broken archive (warcio's own messages quote raw bytes)."""
    if isinstance(exc, EOFError):
        return "stream ended early"
    if isinstance(exc, zlib.error):
        return f"corrupt gzip data: {exc}"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc) or "read error"
    if type(exc).__name__ == "ArchiveLoadFailed":  # "Unknown archive format, first line: ..."
        return str(exc).split(":", 1)[0].removesuffix(", first line").strip()
    return "malformed record headers"


def _broken(label: str, index: int, offset: int, detail: str = "") -> IngestProblem:
    """The failed problem that ends a truncated or garbled archive."""
    read = f"{index - 1} record{'s' if index != 2 else ''} read before it"
    what = "truncated WARC/gzip stream" + (f" ({detail})" if detail else "")
    return IngestProblem(label, f"record {index} (offset {offset})", f"{what}; {read}")


def _take_payload(page: _Page, archive: Any, config: ReaderConfig) -> str | None:
    """Read an HTML record's payload into ``page``, then finish the record.

    Returns why the archive cannot go on (a record shorter than its Content-Length, or
    followed by stray bytes), else ``None``. Raises what warcio raises on broken streams.
    """
    errors = _stream_errors()
    try:
        page.payload = _read_bounded(page.record.content_stream(), config.max_doc_bytes)
    except errors as exc:  # a bad Content-Encoding spoils this payload, not the archive
        page.error = f"cannot decode HTTP payload ({exc or type(exc).__name__})"
    return _finish_record(page.record, archive)


def _finish_record(record: Any, archive: Any) -> str | None:
    """Read a record to its end; say what is wrong when its length does not add up.

    warcio reads on quietly past a record whose Content-Length lies, or whose headers are
    cut short, so the checks are made here, before the record's article is let out.
    """
    if record.format == "warc" and record.rec_headers.get_header("Content-Length") is None:
        return "record headers cut short"
    errors_before = archive.err_count
    archive.read_to_end()
    if getattr(record.raw_stream, "limit", 0) > 0:
        return "record shorter than its Content-Length"
    following = (archive.next_line or b"").strip()
    # the next record must start "WARC/"; a bare prefix of it is that record cut short
    stray = record.format == "warc" and not b"WARC/".startswith(following[:5])
    if stray or archive.err_count != errors_before:
        return "Content-Length does not match the record"
    return None


def _article(
    page: _Page, label: str, extractor: Extractor, config: ReaderConfig
) -> Iterator[Article | IngestProblem]:
    """Decode and extract one HTML record into an Article, or the problems that kept it out."""
    if page.error is not None or page.payload is None:
        yield IngestProblem(label, page.where, page.error or "no payload")
        return
    if isinstance(page.payload, int):
        yield IngestProblem(label, page.where, size_message(page.payload, config), "skipped")
        return
    declared = charset_from_content_type(page.content_type) or meta_charset(page.payload)
    decoded = decode_bytes(page.payload, label, page.where, declared=declared)
    if decoded.problem is not None:
        yield decoded.problem
    if decoded.text is None:
        return
    if not decoded.text.strip():
        yield IngestProblem(label, page.where, "empty document", "skipped")
        return
    headers = page.record.rec_headers
    uri = headers.get_header("WARC-Target-URI")
    extracted = extractor.extract(decoded.text, uri)
    if extracted is None:
        yield IngestProblem(label, page.where, "no main text found", "skipped")
        return
    problem = text_problem(extracted.text, label, page.where, config)
    if problem is not None:
        yield problem
        return
    meta = {
        "crawled": headers.get_header("WARC-Date"),
        "warc_record_id": headers.get_header("WARC-Record-ID"),
    }
    if extracted.url and extracted.url != uri:
        meta["canonical_url"] = extracted.url
    article = article_from_page(
        extracted, f"{Path(label).name}#{page.index}", f"{label}#{page.index}"
    )
    yield dataclasses.replace(article, id=uri or article.id, url=uri or extracted.url, meta=meta)


def _read_archive(
    handle: IO[bytes], label: str, config: ReaderConfig
) -> Iterator[Article | IngestProblem]:
    """Walk an open archive; stop with one failed problem where it breaks."""
    errors = _stream_errors()  # first: it says how to install warcio when it is missing
    from warcio.archiveiterator import ArchiveIterator

    size = os.fstat(handle.fileno()).st_size
    extractor = get_extractor(config.extractor)
    archive = ArchiveIterator(handle, arc2warc=True)
    records = iter(archive)
    index = 0
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except errors as exc:
            yield _broken(label, index + 1, archive.offset, _describe(exc))
            return
        index += 1
        content_type = _html_content_type(record)
        page = _Page(index, archive.offset, record, content_type or "")
        try:
            broken = (
                _finish_record(record, archive)
                if content_type is None
                else _take_payload(page, archive, config)
            )
        except errors as exc:
            broken = _describe(exc)
        if broken is not None:
            yield _broken(label, index, page.offset, broken)
            return
        if content_type is not None:
            yield from _article(page, label, extractor, config)
    if archive.offset < size:  # warcio ends quietly when a record's headers are cut off
        yield _broken(label, index + 1, archive.offset)
    elif size == 0:
        yield IngestProblem(label, None, "empty document", "skipped")


@register
class WarcReader:
    """Reads HTML pages out of WARC (or ARC) files, plain or gzip-compressed.

    Only ``response`` records with HTTP status 200 and an HTML content type, and HTML
    ``resource`` records, become articles (id and url: WARC-Target-URI; ``meta`` holds
    ``crawled`` and ``warc_record_id``); other records are passed over quietly.
    """

    name = "warc"
    suffixes: tuple[str, ...] = (".warc", ".warc.gz", ".arc", ".arc.gz")

    def read(self, path: Path, config: ReaderConfig) -> Iterator[Article | IngestProblem]:
        """Yield the archive's articles and problems, record by record."""
        try:
            handle = path.open("rb")
        except OSError as exc:
            yield os_problem(path, exc)
            return
        with handle:
            yield from _read_archive(handle, str(path), config)

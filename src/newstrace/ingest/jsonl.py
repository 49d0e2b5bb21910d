"""JSONL reader (passim-compatible fields), plain or gzip-compressed, streamed line by line."""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any, Protocol, cast

from newstrace.ingest._checks import os_problem, size_message, text_problem
from newstrace.ingest.base import ReaderConfig, register
from newstrace.ingest.decode import decode_bytes
from newstrace.records import Article, IngestProblem

__all__ = ["FIELD_ALIASES", "MAX_EXPANSION", "JsonlReader", "article_from_record"]

FIELD_ALIASES: Mapping[str, tuple[str, ...]] = {
    "id": ("id", "doc_id"),
    "source": ("series", "outlet", "source", "site"),
    "published": ("date", "published", "pubdate"),
    "url": ("url",),
    "title": ("title",),
    "author": ("author",),
}
"""Article field -> JSON keys, the passim name first; an alias is read only when the
earlier keys are absent or null."""

_SKIP_CHUNK = 1024 * 1024
_NOT_JSONL = (
    "not JSON Lines but one pretty-printed JSON document; "
    "write one object a line (jq -c '.[]' or jq -c .)"
)
MAX_EXPANSION = 200
"""Gzip input may decompress to at most this many times its compressed size (plus 1 MB).

News JSONL compresses 3 to 10-fold (ECB+: 3.6); zlib's ceiling is about 1030, which only
crafted input (a decompression bomb) reaches."""
_EXPANSION_SLACK = 1024 * 1024
_COUNT_STEP = 4096
_BOMB = (
    f"gzip data expands more than {MAX_EXPANSION}-fold (a decompression bomb?); stopped "
    "reading this file; if it is genuine, decompress it and ingest the plain file"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_TYPES = {list: "array", str: "string", int: "number", float: "number", bool: "boolean"}


def _field(record: Mapping[str, Any], keys: tuple[str, ...], used: set[str]) -> str | None:
    """The first non-null value among ``keys`` if it is a string (ids may be numbers).

    Keys whose value is taken, and a null passim field ("unknown"), are added to ``used``;
    a value of another type is left for ``meta``, unchanged.
    """
    if keys[0] in record and record[keys[0]] is None:
        used.add(keys[0])
    for key in keys:
        value = record.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            used.add(key)
            return value
        if keys[0] == "id" and isinstance(value, int | float) and not isinstance(value, bool):
            used.add(key)
            return str(value)
        return None
    return None


def article_from_record(
    record: Mapping[str, Any], default_id: str, origin: str | None = None
) -> Article | None:
    """Map one JSON object to an Article; ``None`` when ``text`` is missing or not a string.

    The id falls back to ``url``, then to ``default_id``; fields that are not mapped go
    into ``meta`` unchanged.

    Example:
        >>> a = article_from_record({"id": "a1", "series": "ansa", "text": "Hi", "lang": "en"}, "x")
        >>> (a.id, a.source, dict(a.meta))
        ('a1', 'ansa', {'lang': 'en'})
    """
    text = record.get("text")
    if not isinstance(text, str):
        return None
    used = {"text"}
    fields = {name: _field(record, keys, used) for name, keys in FIELD_ALIASES.items()}
    meta = {key: value for key, value in record.items() if key not in used}
    article_id = fields.pop("id") or fields["url"] or default_id
    return Article(id=article_id, text=text, origin=origin, meta=meta, **fields)


def _fix_surrogates(article: Article) -> tuple[Article, bool]:
    """Replace unpaired surrogates (``"\\ud800"`` in JSON) by U+FFFD: same length, encodable."""
    changed = False
    values: dict[str, Any] = {}
    for name in ("id", "text", "source", "url", "published", "title", "author"):
        value = getattr(article, name)
        if isinstance(value, str) and _SURROGATE.search(value):
            values[name] = _SURROGATE.sub("\ufffd", value)
            changed = True
    if not changed:
        return article, False
    return dataclasses.replace(article, **values), True


class _LineSource(Protocol):
    def readline(self, size: int = -1, /) -> bytes: ...


class _Counted:
    """A binary stream that counts the bytes read through it (the compressed side of gzip)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        # small reads keep the count close to what the decompressor has used
        data = self._stream.read(_COUNT_STEP if size < 0 else min(size, _COUNT_STEP))
        self.count += len(data)
        return data


class _Bomb(Exception):
    """Decompressed data outgrew the compressed input by more than :data:`MAX_EXPANSION`."""


def _check_expansion(expanded: int, raw: _Counted | None) -> None:
    if raw is not None and expanded > MAX_EXPANSION * raw.count + _EXPANSION_SLACK:
        raise _Bomb


def _iter_lines(stream: _LineSource, limit: int, raw: _Counted | None = None) -> Iterator[bytes | int]:
    """Yield each line (at most ``limit`` bytes), or the byte size of a longer line.

    A long line is read in chunks and dropped, so no more than ``limit`` + 1 bytes of it
    are ever held. With ``raw`` (the compressed stream), raises :class:`_Bomb` once the
    text read outgrows it by :data:`MAX_EXPANSION`, so a gzip bomb costs seconds, not hours.
    """
    expanded = 0
    while line := stream.readline(limit + 1):
        expanded += len(line)
        _check_expansion(expanded, raw)
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        del line
        while chunk := stream.readline(_SKIP_CHUNK):
            size += len(chunk)
            expanded += len(chunk)
            _check_expansion(expanded, raw)
            if chunk.endswith(b"\n"):
                break
        yield size


def _stream_problem(label: str, exc: BaseException, lineno: int) -> IngestProblem:
    """Describe a stream that broke off after ``lineno`` complete lines."""
    if isinstance(exc, EOFError):
        return IngestProblem(label, None, f"truncated gzip stream after line {lineno}")
    if isinstance(exc, zlib.error | gzip.BadGzipFile):
        return IngestProblem(label, None, f"corrupt gzip stream after line {lineno} ({exc})")
    reason = getattr(exc, "strerror", None) or str(exc)
    return IngestProblem(label, None, f"read error after line {lineno}: {reason}")


def _is_gzip(stream: IO[bytes]) -> bool:
    """Look at the first two bytes without consuming them (peek or seek)."""
    peek = getattr(stream, "peek", None)
    if peek is not None:
        return bytes(peek(2)[:2]) == b"\x1f\x8b"
    if stream.seekable():
        start = stream.tell()
        head = stream.read(2)
        stream.seek(start)
        return head == b"\x1f\x8b"
    return False


def _decode_line(raw: bytes, label: str, where: str) -> tuple[str | None, IngestProblem | None]:
    """Decode one line: UTF-8, else decode.py's fallback (with its problem)."""
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        decoded = decode_bytes(raw, label, where)
        return decoded.text, decoded.problem


def _parse_line(
    raw: bytes, lineno: int, label: str, name: str, config: ReaderConfig
) -> Iterator[Article | IngestProblem]:
    """Turn one line into an Article, or into the problems that kept it out."""
    where = f"line {lineno}"
    raw = raw.rstrip(b"\r\n")
    line, problem = _decode_line(
        raw.removeprefix(b"\xef\xbb\xbf") if lineno == 1 else raw, label, where
    )
    if problem is not None:
        yield problem
    if line is None or not line.strip():
        return
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        reason = exc.msg.removesuffix(" at")  # "Invalid control character at"
        yield IngestProblem(label, where, f"invalid JSON ({reason} at column {exc.colno})")
        return
    except (ValueError, RecursionError) as exc:
        yield IngestProblem(label, where, f"invalid JSON ({exc})")
        return
    if not isinstance(record, dict):
        kind = _JSON_TYPES.get(type(record), "null")
        yield IngestProblem(label, where, f"expected a JSON object, found {kind}")
        return
    article = article_from_record(record, f"{name}#{lineno}", f"{label}#{lineno}")
    if article is None:
        yield IngestProblem(label, where, 'missing or non-string "text" field')
        return
    article, fixed = _fix_surrogates(article)
    if fixed:
        message = "unpaired surrogate escapes (\\ud800-\\udfff) replaced with U+FFFD"
        yield IngestProblem(label, where, message, "warning")
    problem = text_problem(article.text, label, where, config)
    yield article if problem is None else problem


@register
class JsonlReader:
    """Reads JSON Lines, one article a line; ``.gz`` input is decompressed as a stream.

    Fields follow passim (``id``, ``series``, ``date``, ``text``, ``url``, ``title``) with
    aliases (see :data:`FIELD_ALIASES`); the rest goes into ``Article.meta``. A missing id
    becomes the url, else ``<file name>#<line>``.
    """

    name = "jsonl"
    suffixes: tuple[str, ...] = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")

    def read(self, path: Path, config: ReaderConfig) -> Iterator[Article | IngestProblem]:
        """Yield the file's articles and problems, line by line."""
        try:
            handle = path.open("rb")
        except OSError as exc:
            yield os_problem(path, exc)
            return
        with handle:
            yield from self.read_stream(handle, str(path), config, name=path.name)

    def read_stream(
        self, stream: IO[bytes], label: str, config: ReaderConfig, name: str | None = None
    ) -> Iterator[Article | IngestProblem]:
        """Read JSONL (plain or gzip) from an open binary stream such as stdin.

        Args:
            stream: the binary stream, read to its end but not closed.
            label: names the input in problems and origins (a path, ``<stdin>``).
            config: the reader settings.
            name: the base of default ids (``name#line``); ``label`` when not given.
        """
        name = name or label
        raw = _Counted(stream) if _is_gzip(stream) else None
        try:
            unpacked = None if raw is None else gzip.GzipFile(fileobj=cast(IO[bytes], raw), mode="rb")
            source: _LineSource = stream if unpacked is None else unpacked
        except OSError as exc:
            yield os_problem(label, exc)
            return
        lines = _iter_lines(source, config.max_doc_bytes, raw)
        lineno = 0
        while True:
            try:
                item = next(lines)
            except StopIteration:
                return
            except _Bomb:
                yield IngestProblem(label, f"line {lineno + 1}", _BOMB)
                return
            except (EOFError, OSError, zlib.error) as exc:
                yield _stream_problem(label, exc, lineno)
                return
            lineno += 1
            if isinstance(item, int):
                yield IngestProblem(label, f"line {lineno}", size_message(item, config), "skipped")
                continue
            if lineno == 1 and item.strip().removeprefix(b"\xef\xbb\xbf") in (b"{", b"["):
                yield IngestProblem(label, None, _NOT_JSONL)
                return
            yield from _parse_line(item, lineno, label, name, config)

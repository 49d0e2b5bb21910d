"""Bytes to text: binary detection, strict UTF-8, declared charsets, then a guess.

Text is always decoded from bytes (never read in text mode), so newlines are kept as they
are and, for UTF-8 input, every offset is a ``str`` index into the bytes decoded as UTF-8.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from newstrace.records import IngestProblem

__all__ = [
    "Decoded",
    "binary_kind",
    "charset_from_content_type",
    "decode_bytes",
    "meta_charset",
    "normalize_charset",
]

_BINARY_WINDOW = 8 * 1024
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document (old Microsoft Office)"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
    (b"PAR1", "Parquet file"),
)
_BZIP2 = re.compile(rb"BZh[1-9]1AY&SY")
_RIFF_KINDS = {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_META_WINDOW = 4096
_CT_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# What browsers do (WHATWG Encoding): these labels stand for the wider Windows code pages.
_WHATWG = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
}
# charset_normalizer ranks near-equal guesses arbitrarily on short texts (cp1250, mac_latin2
# for French cp1252 bytes); among guesses this close to the best one, prefer cp1252, by far
# the most common non-UTF-8 encoding of Western news pages. Tolerances: tried on short
# French/English/Czech/Greek/Russian samples, which all kept their right encoding.
_CHAOS_TOLERANCE = 0.01
_COHERENCE_TOLERANCE = 0.1


@dataclass(frozen=True, slots=True)
class Decoded:
    """The outcome of decoding: text (``None`` for binary input) and at most one problem."""

    text: str | None
    encoding: str | None
    problem: IngestProblem | None = None


def binary_kind(data: bytes) -> str | None:
    """Name the binary format of ``data`` (its first bytes suffice), or ``None`` for text.

    Example:
        >>> binary_kind(b"%PDF-1.7")
        'PDF document'
        >>> binary_kind("café".encode()) is None
        True
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if _BZIP2.match(data):
        return "bzip2-compressed data"
    if data.startswith(b"RIFF") and data[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[data[8:12]]
    if data[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    if b"\x00" in data[:_BINARY_WINDOW]:
        return "contains NUL bytes"
    return None


def normalize_charset(label: str | None) -> str | None:
    """Return Python's codec name for a declared charset label, or ``None`` if unusable.

    Example:
        >>> normalize_charset("ISO-8859-1")
        'cp1252'
    """
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    if name.startswith(("utf-16", "utf-32")):
        return None  # only a BOM can make such bytes readable; browsers ignore the label
    return _WHATWG.get(name, name)


def meta_charset(data: bytes) -> str | None:
    """The charset an HTML page declares (``<meta charset>``, http-equiv, XML declaration)."""
    match = _META_CHARSET.search(data[:_META_WINDOW])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii")
    return normalize_charset(label)


def charset_from_content_type(value: str | None) -> str | None:
    """The charset parameter of an HTTP ``Content-Type`` header, as a codec name.

    Example:
        >>> charset_from_content_type("text/html; charset=UTF-8")
        'utf-8'
    """
    match = _CT_CHARSET.search(value or "")
    return normalize_charset(match.group(1)) if match else None


def _try_decode(data: bytes, encoding: str) -> str | None:
    """Decode strictly, ``None`` when the bytes do not fit the encoding."""
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _guess_encoding(data: bytes) -> str | None:
    """Guess a non-UTF-8 encoding with charset_normalizer (preferring cp1252 on near ties)."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    for match in matches:
        close = (
            match.chaos <= best.chaos + _CHAOS_TOLERANCE
            and match.coherence >= best.coherence - _COHERENCE_TOLERANCE
        )
        if close and "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return str(best.encoding)


def _decode_bom(data: bytes, path: str, location: str | None) -> Decoded | None:
    """Decode UTF-16/32 text that starts with its byte order mark."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _try_decode(data, encoding)
            if text is not None:
                message = f"not UTF-8; decoded as {encoding} (byte order mark)"
                return Decoded(text, encoding, IngestProblem(path, location, message, "warning"))
    return None


def decode_bytes(
    data: bytes, path: str, location: str | None = None, declared: str | None = None
) -> Decoded:
    """Decode a document's bytes; problems name ``path`` and ``location``.

    A UTF-8 BOM is dropped, then UTF-8 is tried strictly, then the ``declared`` charset
    (a codec name, see :func:`normalize_charset`), then charset_normalizer's guess (with a
    ``warning``). Binary input (NUL bytes, known magic numbers) gives ``text=None`` and a
    ``failed`` problem.

    Example:
        >>> decode_bytes(b"\\xef\\xbb\\xbfcaf\\xc3\\xa9\\r\\n", "a.txt").text
        'café\\r\\n'
        >>> decode_bytes("café’".encode("cp1252"), "a.txt").problem.message
        'not UTF-8; decoded as cp1252'
    """
    bom = _decode_bom(data, path, location)
    if bom is not None:
        return bom
    data = data.removeprefix(codecs.BOM_UTF8)
    kind = binary_kind(data)
    if kind is not None:
        return Decoded(None, None, IngestProblem(path, location, f"binary file ({kind}), not text"))
    text = _try_decode(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8")
    if declared and (text := _try_decode(data, declared)) is not None:
        return Decoded(text, declared)
    guess = _guess_encoding(data)
    if guess and (text := _try_decode(data, guess)) is not None:
        message = f"not UTF-8; decoded as {guess}"
        return Decoded(text, guess, IngestProblem(path, location, message, "warning"))
    message = "not UTF-8 and the encoding is not recognised; undecodable bytes became U+FFFD"
    problem = IngestProblem(path, location, message, "warning")
    return Decoded(data.decode("utf-8", "replace"), "utf-8", problem)

"""bytes -> str: BOMs, strict UTF-8, declared charsets, guessed encodings, binary input."""

from __future__ import annotations

import gzip

import pytest

from newstrace.ingest.decode import (
    binary_kind,
    charset_from_content_type,
    decode_bytes,
    meta_charset,
    normalize_charset,
)


def test_utf8_is_decoded_unchanged_with_crlf_and_no_problem() -> None:
    data = "Café\r\nsecond line\rthird\n".encode()
    decoded = decode_bytes(data, "a.txt")
    assert decoded.text == "Café\r\nsecond line\rthird\n"
    assert decoded.encoding == "utf-8"
    assert decoded.problem is None


def test_utf8_bom_is_dropped_and_offsets_index_the_rest() -> None:
    body = "Zürich — “quoted”".encode()
    decoded = decode_bytes(b"\xef\xbb\xbf" + body, "a.txt")
    assert decoded.text == body.decode("utf-8")
    assert decoded.text is not None
    assert decoded.text[7:16] == "— “quoted"


def test_cp1252_bytes_are_guessed_with_a_warning() -> None:
    text = "Le café’s owner said it’s fine, the été was hot.\r\n"
    decoded = decode_bytes(text.encode("cp1252"), "old.txt", "line 3")
    assert decoded.text == text
    assert decoded.encoding == "cp1252"
    assert decoded.problem is not None
    assert decoded.problem.status == "warning"
    assert decoded.problem.message == "not UTF-8; decoded as cp1252"
    assert str(decoded.problem) == "old.txt: line 3: not UTF-8; decoded as cp1252"


def test_cyrillic_cp1251_is_not_mistaken_for_cp1252() -> None:
    text = "Президент России заявил, что переговоры продолжатся на следующей неделе."
    decoded = decode_bytes(text.encode("cp1251"), "ru.txt")
    assert decoded.text == text
    assert decoded.encoding == "cp1251"


def test_declared_charset_is_used_without_a_warning() -> None:
    decoded = decode_bytes("l’été".encode("cp1252"), "p.html", declared="cp1252")
    assert (decoded.text, decoded.problem) == ("l’été", None)


def test_a_wrong_declared_charset_loses_to_valid_utf8() -> None:
    decoded = decode_bytes("l’été".encode(), "p.html", declared="cp1252")
    assert decoded.text == "l’été"


def test_utf16_with_bom_is_read_with_a_warning() -> None:
    decoded = decode_bytes("héllo\r\n".encode("utf-16"), "w.txt")
    assert decoded.text == "héllo\r\n"
    assert decoded.problem is not None and decoded.problem.status == "warning"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"GIF89a\x01\x00", "GIF image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "PDF document"),
        (b"PK\x03\x04\x14\x00", "ZIP archive"),
        (b"\x7fELF\x02\x01\x01", "ELF executable"),
        (gzip.compress(b"hello", mtime=0), "gzip-compressed data"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "WebP image"),
        (b"plain words then a \x00 NUL", "contains NUL bytes"),
    ],
)
def test_binary_input_fails_naming_its_kind(data: bytes, kind: str) -> None:
    assert binary_kind(data) == kind
    decoded = decode_bytes(data, "x.txt")
    assert decoded.text is None
    assert decoded.problem is not None
    assert decoded.problem.status == "failed"
    assert decoded.problem.message == f"binary file ({kind}), not text"


def test_nul_beyond_the_first_8_kib_is_not_binary() -> None:
    assert binary_kind(b"a" * 9000 + b"\x00") is None


def test_undetectable_bytes_are_replaced_not_raised() -> None:
    decoded = decode_bytes(b"\x81\x8d\x8f\x90\x9d", "x.txt")
    assert decoded.text is not None
    assert decoded.problem is not None and decoded.problem.status == "warning"


def test_meta_charset_forms() -> None:
    assert meta_charset(b'<html><head><meta charset="windows-1252">') == "cp1252"
    http_equiv = b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
    assert meta_charset(http_equiv) == "cp1252"  # what browsers do with latin-1
    assert meta_charset(b'<?xml version="1.0" encoding="koi8-r"?><html>') == "koi8-r"
    assert meta_charset(b"<meta charset=utf-8>") == "utf-8"
    assert meta_charset(b"<meta charset=x-no-such-charset>") is None
    assert meta_charset(b"<html><body>no declaration</body></html>") is None


def test_content_type_charset() -> None:
    assert charset_from_content_type("text/html; charset=UTF-8") == "utf-8"
    assert charset_from_content_type('text/html; charset="Shift_JIS"') == "cp932"
    assert charset_from_content_type("text/html") is None
    assert charset_from_content_type(None) is None


def test_normalize_charset_refuses_utf16_and_unknown_labels() -> None:
    assert normalize_charset("UTF-16") is None
    assert normalize_charset("nonsense") is None
    assert normalize_charset("latin1") == "cp1252"
    assert normalize_charset("GB2312") == "gb18030"

"""Build ``articles/sample.warc.gz`` from the golden HTML pages (deterministic bytes).

Run ``python tests/golden/make_warc.py`` after changing a page; the test suite checks that
the committed file matches what this script builds. Fixed WARC-Dates, UUID5 record ids and
gzip members without timestamps keep the output byte-for-byte stable.

Records (9): warcinfo; a request and its 200 response (Reuters, UTF-8); a 301 redirect;
a 200 response sent chunked and gzip-encoded (The Local); a 200 response in windows-1252
declared by the HTTP header (NYT); a 404 HTML page; a PNG image; a metadata record. Only
the three 200 HTML responses hold articles.
"""

from __future__ import annotations

import gzip
import io
import uuid
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ARTICLES = Path(__file__).parent / "articles"
OUTPUT = ARTICLES / "sample.warc.gz"

REUTERS = "http://www.reuters.com/article/2013/08/02/us-oscars-degeneres-idUSBRE9710UQ20130802"
THELOCAL = "http://www.thelocal.fr/20130909/ram-raiders-hit-paris-jewellery-store-for-2m"
NYT = "http://www.nytimes.com/2007/04/10/us/10revenge.html?_r=0"


def _record_id(n: int) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'newstrace-golden-warc/{n}')}>"


def _chunked(body: bytes, size: int = 1000) -> bytes:
    parts = [
        b"%x\r\n%s\r\n" % (len(body[i : i + size]), body[i : i + size])
        for i in range(0, len(body), size)
    ]
    return b"".join(parts) + b"0\r\n\r\n"


def _http(status: str, headers: list[tuple[str, str]]) -> StatusAndHeaders:
    return StatusAndHeaders(status, headers, protocol="HTTP/1.1")


def _ok(content_type: str, body: bytes) -> StatusAndHeaders:
    return _http("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))])


def _records() -> list[tuple[str, str, bytes, StatusAndHeaders | None, str]]:
    """(type, uri, payload, http headers, WARC-Date) for each record after the warcinfo."""
    reuters = (ARTICLES / "reuters_degeneres_oscars.html").read_bytes()
    thelocal = (ARTICLES / "thelocal_paris_ram_raid.html").read_bytes()
    nyt = (ARTICLES / "nytimes_troy_office_shooting.html").read_bytes()
    html = "text/html; charset=utf-8"
    missing = b"<html><head><title>Not found</title></head><body><p>Not found.</p></body></html>"
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(64))
    get = (
        b"GET /article/2013/08/02/us-oscars-degeneres-idUSBRE9710UQ20130802 HTTP/1.1\r\n"
        b"Host: www.reuters.com\r\nUser-Agent: newstrace-test\r\n\r\n"
    )
    moved = _http("301 Moved Permanently", [("Location", "http://www.reuters.com/")])
    chunked = _http(
        "200 OK",
        [
            ("Content-Type", "text/html; charset=UTF-8"),
            ("Content-Encoding", "gzip"),
            ("Transfer-Encoding", "chunked"),
        ],
    )
    metadata = b"via: http://www.thelocal.fr/\r\nhopsFromSeed: L\r\n"
    return [
        ("request", REUTERS, get, None, "2013-08-03T10:00:00Z"),
        ("response", REUTERS, reuters, _ok(html, reuters), "2013-08-03T10:00:00Z"),
        ("response", "http://reuters.com/", b"", moved, "2013-08-03T10:00:01Z"),
        ("response", THELOCAL, _chunked(gzip.compress(thelocal, mtime=0)), chunked,
         "2013-09-10T08:30:00Z"),
        ("response", NYT, nyt, _ok("text/html; charset=windows-1252", nyt),
         "2013-09-10T08:31:00Z"),
        ("response", "http://www.nytimes.com/missing.html", missing,
         _http("404 Not Found", [("Content-Type", html), ("Content-Length", str(len(missing)))]),
         "2013-09-10T08:32:00Z"),
        ("response", "http://www.thelocal.fr/logo.png", png, _ok("image/png", png),
         "2013-09-10T08:33:00Z"),
        ("metadata", THELOCAL, metadata, None, "2013-09-10T08:30:00Z"),
    ]  # fmt: skip


def build() -> bytes:
    """Return the bytes of the sample WARC.gz (one gzip member per record)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True, warc_version="1.0")
    info = b"software: newstrace tests/golden/make_warc.py\r\nformat: WARC File Format 1.0\r\n"
    writer.write_record(
        writer.create_warc_record(
            "",
            "warcinfo",
            payload=io.BytesIO(info),
            length=len(info),
            warc_content_type="application/warc-fields",
            warc_headers_dict={
                "WARC-Record-ID": _record_id(0),
                "WARC-Date": "2013-09-10T08:00:00Z",
                "WARC-Filename": OUTPUT.name,
            },
        )
    )
    for n, (rec_type, uri, payload, http, date) in enumerate(_records(), start=1):
        content_type = "application/warc-fields" if rec_type == "metadata" else ""
        record = writer.create_warc_record(
            uri,
            rec_type,
            payload=io.BytesIO(payload),
            length=len(payload),
            warc_content_type=content_type,
            warc_headers_dict={"WARC-Record-ID": _record_id(n), "WARC-Date": date},
            http_headers=http,
        )
        writer.write_record(record)
    return out.getvalue()


if __name__ == "__main__":
    OUTPUT.write_bytes(build())
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size} bytes)")

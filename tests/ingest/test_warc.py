"""WARC reader: the golden sample, and truncated, lying or garbled archives."""

from __future__ import annotations

import gzip
import importlib.util
import io
import re
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newstrace.ingest import ReaderConfig, WarcReader
from newstrace.records import Article, IngestProblem

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
SAMPLE = GOLDEN / "articles" / "sample.warc.gz"
PARAGRAPHS = "".join(
    f"<p>Paragraph {i} of the story: the harbour authority confirmed the closure.</p>"
    for i in range(5)
)


def page(n: int) -> bytes:
    return f"<html><body><article><h1>Story {n}</h1>{PARAGRAPHS}</article></body></html>".encode()


def record(
    uri: str,
    body: bytes,
    status: str = "200 OK",
    content_type: str = "text/html; charset=utf-8",
    rec_type: str = "response",
) -> bytes:
    """One uncompressed WARC record (WARC-Date and id fixed)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    http = None
    headers = {"WARC-Date": "2020-01-01T00:00:00Z", "WARC-Record-ID": f"<urn:x:{uri}>"}
    if rec_type == "response":
        fields = [("Content-Type", content_type), ("Content-Length", str(len(body)))]
        http = StatusAndHeaders(status, fields, protocol="HTTP/1.1")
    else:
        headers["Content-Type"] = content_type
    writer.write_record(
        writer.create_warc_record(
            uri, rec_type, payload=io.BytesIO(body), length=len(body),
            warc_headers_dict=headers, http_headers=http,
        )
    )  # fmt: skip
    return out.getvalue()


def pages(count: int) -> list[bytes]:
    return [record(f"http://example.com/{n}", page(n)) for n in range(1, count + 1)]


def offsets(members: list[bytes]) -> list[int]:
    starts, total = [], 0
    for member in members:
        starts.append(total)
        total += len(member)
    return starts


def gz(records: list[bytes]) -> list[bytes]:
    return [gzip.compress(r, mtime=0) for r in records]


def lie(rec: bytes, delta: int) -> bytes:
    """Change the WARC Content-Length of one record by ``delta``."""
    head, sep, rest = rec.partition(b"\r\n\r\n")
    length = int(re.search(rb"Content-Length: (\d+)", head).group(1))  # type: ignore[union-attr]
    head = head.replace(b"Content-Length: %d" % length, b"Content-Length: %d" % (length + delta))
    return head + sep + rest


def read(path: Path, config: ReaderConfig | None = None) -> list[Article | IngestProblem]:
    return list(WarcReader().read(path, config or ReaderConfig()))


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def ids(items: list[Article | IngestProblem]) -> list[str]:
    return [item.id for item in items if isinstance(item, Article)]


def test_golden_sample_gives_the_three_html_pages_only() -> None:
    items = read(SAMPLE)
    assert all(isinstance(item, Article) for item in items)  # other records pass quietly
    reuters, thelocal, nyt = items
    assert isinstance(reuters, Article) and isinstance(thelocal, Article)
    assert isinstance(nyt, Article)
    assert reuters.id == reuters.url
    assert reuters.id.endswith("us-oscars-degeneres-idUSBRE9710UQ20130802")
    assert reuters.meta["crawled"] == "2013-08-03T10:00:00Z"
    assert reuters.meta["warc_record_id"].startswith("<urn:uuid:")
    assert reuters.published == "2013-08-02T18:50:00-04:00"  # from the HTML, not the crawl
    assert reuters.source == "Reuters"
    assert "ventured into the audience for spot gags" in reuters.text
    # chunked and gzip-encoded on the wire
    assert thelocal.title == "Ram - raiders hit Paris jewellery store for €2m"
    assert "near Place Vendôme in central Paris" in thelocal.text
    # windows-1252 declared by the HTTP header
    assert nyt.id == "http://www.nytimes.com/2007/04/10/us/10revenge.html?_r=0"
    assert nyt.meta["canonical_url"] == "http://www.nytimes.com/2007/04/10/us/10revenge.html"
    assert "“ it doesn ’ t appear it was random , ”" in nyt.text


def test_golden_sample_is_what_make_warc_builds() -> None:
    spec = importlib.util.spec_from_file_location("make_warc", GOLDEN / "make_warc.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == SAMPLE.read_bytes()


@pytest.mark.parametrize("compress", [True, False])
def test_truncated_inside_a_payload(tmp_path: Path, compress: bool) -> None:
    members = gz(pages(6)) if compress else pages(6)
    data = b"".join(members)
    path = write(
        tmp_path, "cut.warc.gz" if compress else "cut.warc", data[: offsets(members)[4] - 30]
    )
    items = read(path)
    assert ids(items) == [f"http://example.com/{n}" for n in (1, 2, 3)]
    assert items[-1] == IngestProblem(
        str(path),
        f"record 4 (offset {offsets(members)[3]})",
        "truncated WARC/gzip stream (record shorter than its Content-Length); "
        "3 records read before it",
    )


@pytest.mark.parametrize("compress", [True, False])
def test_truncated_inside_record_headers(tmp_path: Path, compress: bool) -> None:
    members = gz(pages(6)) if compress else pages(6)
    data = b"".join(members)
    cut = offsets(members)[3] + 60
    path = write(tmp_path, "cut.warc.gz" if compress else "cut.warc", data[:cut])
    items = read(path)
    assert ids(items) == [f"http://example.com/{n}" for n in (1, 2, 3)]
    [problem] = [item for item in items if isinstance(item, IngestProblem)]
    assert problem.location == f"record 4 (offset {offsets(members)[3]})"
    assert problem.message.startswith("truncated WARC/gzip stream")
    assert problem.message.endswith("; 3 records read before it")
    assert problem.status == "failed"


@pytest.mark.parametrize(("delta", "compress"), [(400, False), (-40, False), (400, True)])
def test_lying_content_length_stops_the_file_with_a_problem(
    tmp_path: Path, delta: int, compress: bool
) -> None:
    records = pages(4)
    records[1] = lie(records[1], delta)
    members = gz(records) if compress else records
    path = write(tmp_path, "lying.warc", b"".join(members))
    items = read(path)
    assert ids(items) == ["http://example.com/1"]
    [problem] = items[1:]
    assert isinstance(problem, IngestProblem)
    assert problem.location == f"record 2 (offset {offsets(members)[1]})"
    assert problem.message.startswith("truncated WARC/gzip stream")
    assert problem.message.endswith("; 1 record read before it")


def test_garbage_file_is_one_failed_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "junk.warc.gz", b"this is not an archive\n" * 20)
    [problem] = read(path)
    assert isinstance(problem, IngestProblem)
    assert problem.location == "record 1 (offset 0)"
    assert problem.message.endswith("; 0 records read before it")


def test_only_ok_html_responses_and_html_resources_become_articles(tmp_path: Path) -> None:
    records = [
        record("http://a/404", page(1), status="404 Not Found"),
        record("http://a/img", b"GIF89a...", content_type="image/gif"),
        record("http://a/res", page(2), rec_type="resource"),
        record("http://a/meta", b"k: v\r\n", rec_type="metadata", content_type="text/plain"),
        record("http://a/xhtml", page(3), content_type="application/xhtml+xml"),
        record("http://a/empty", b""),
    ]
    path = write(tmp_path, "mixed.warc", b"".join(records))
    items = read(path)
    assert ids(items) == ["http://a/res", "http://a/xhtml"]
    assert [(p.location, p.message) for p in items if isinstance(p, IngestProblem)] == [
        (f"record 6 (offset {offsets(records)[5]})", "empty document")
    ]


def test_http_charset_decodes_the_payload(tmp_path: Path) -> None:
    body = page(1).replace(b"Story 1", "Caf\u00e9 l\u2019\u00e9t\u00e9".encode("cp1252"))
    rec = record("http://a/cp", body, content_type="text/html; charset=windows-1252")
    [article] = read(write(tmp_path, "cp.warc", rec))
    assert isinstance(article, Article)
    assert "Café l’été" in article.text


def test_oversized_payload_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    big = page(1).replace(b"<h1>", b"<h1>" + b"x" * 3000)
    records = [record("http://a/big", big), record("http://a/ok", page(2))]
    items = read(write(tmp_path, "big.warc", b"".join(records)), ReaderConfig(max_doc_bytes=2000))
    problem, article = items
    assert isinstance(problem, IngestProblem) and problem.status == "skipped"
    assert problem.message.startswith("document too large (0.0 MB > 0.0 MB limit")
    assert isinstance(article, Article) and article.id == "http://a/ok"


def test_empty_archive_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.warc.gz", b"")
    assert read(path) == [IngestProblem(str(path), None, "empty document", "skipped")]


def test_missing_archive_fails(tmp_path: Path) -> None:
    [problem] = read(tmp_path / "none.warc.gz")
    assert isinstance(problem, IngestProblem)
    assert problem.message == "cannot read file: No such file or directory"

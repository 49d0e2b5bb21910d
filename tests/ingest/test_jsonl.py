"""JSONL reader: passim fields and aliases, meta, gzip, stdin, and malformed input."""

from __future__ import annotations

import gzip
import io
import json
import random
import time
import tracemalloc
from pathlib import Path
from typing import Any

from newstrace.ingest import JsonlReader, ReaderConfig, read_paths
from newstrace.records import Article, IngestProblem

MB = 1024 * 1024


def lines(*records: Any) -> bytes:
    return b"".join(
        (r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records
    )


def read(path: Path, config: ReaderConfig | None = None) -> list[Article | IngestProblem]:
    return list(JsonlReader().read(path, config or ReaderConfig()))


def articles(items: list[Article | IngestProblem]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def problems(items: list[Article | IngestProblem]) -> list[IngestProblem]:
    return [item for item in items if isinstance(item, IngestProblem)]


def test_passim_fields_map_to_the_article_and_the_rest_goes_to_meta(tmp_path: Path) -> None:
    record = {
        "id": "ansa-1",
        "series": "ANSAmed",
        "date": "2017-11-14T16:04",
        "text": "Moscow accuses US.\r\nSecond paragraph.",
        "url": "http://www.ansamed.info/x.html",
        "title": "Moscow accuses US",
        "lang": "en",
        "pages": [1, 2],
        "doc_id": "kept-in-meta",
    }
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(lines(record))
    [article] = read(path)
    assert article == Article(
        id="ansa-1",
        text="Moscow accuses US.\r\nSecond paragraph.",
        source="ANSAmed",
        url="http://www.ansamed.info/x.html",
        published="2017-11-14T16:04",
        title="Moscow accuses US",
        origin=f"{path}#1",
        meta={"lang": "en", "pages": [1, 2], "doc_id": "kept-in-meta"},
    )


def test_aliases_are_used_when_passim_fields_are_absent(tmp_path: Path) -> None:
    path = tmp_path / "ecb.ndjson"
    path.write_bytes(
        lines(
            {"doc_id": "1_10ecb", "outlet": "latimes", "pubdate": "2013-05-03", "text": "A"},
            {"doc_id": 7, "site": "s", "published": "2013", "text": "B", "author": "Ann"},
            {"series": None, "source": "wire", "text": "C", "url": "http://x/c"},
        )
    )
    a, b, c = read(path)
    assert isinstance(a, Article) and isinstance(b, Article) and isinstance(c, Article)
    assert (a.id, a.source, a.published, dict(a.meta)) == ("1_10ecb", "latimes", "2013-05-03", {})
    assert (b.id, b.source, b.published, b.author) == ("7", "s", "2013", "Ann")
    assert (c.id, c.source, c.url) == ("http://x/c", "wire", "http://x/c")


def test_missing_id_falls_back_to_url_then_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "noid.jsonl"
    path.write_bytes(lines({"text": "one", "url": "http://a/1"}, {"text": "two"}))
    assert [a.id for a in articles(read(path))] == ["http://a/1", "noid.jsonl#2"]


def test_non_string_fields_stay_in_meta_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonl"
    path.write_bytes(lines({"id": "x", "text": "t", "title": ["a", "b"], "date": 2017}))
    [article] = read(path)
    assert isinstance(article, Article)
    assert article.title is None and article.published is None
    assert dict(article.meta) == {"title": ["a", "b"], "date": 2017}


def test_malformed_lines_are_reported_and_the_good_ones_come_through(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        lines(
            {"id": "a", "text": "first"},
            b"[12 3]",
            b"",
            b'{"id": "b", "text": "trunc',
            {"id": "c", "text": "third"},
            b'"just a string"',
            {"id": "d"},
            {"id": "e", "text": 5},
            {"id": "f", "text": "  \n "},
            {"id": "g", "text": "last"},
        )
    )
    items = read(path)
    assert [a.id for a in articles(items)] == ["a", "c", "g"]
    assert problems(items) == [
        IngestProblem(str(path), "line 2", "invalid JSON (Expecting ',' delimiter at column 5)"),
        IngestProblem(
            str(path), "line 4", "invalid JSON (Unterminated string starting at column 21)"
        ),
        IngestProblem(str(path), "line 6", "expected a JSON object, found string"),
        IngestProblem(str(path), "line 7", 'missing or non-string "text" field'),
        IngestProblem(str(path), "line 8", 'missing or non-string "text" field'),
        IngestProblem(str(path), "line 9", "empty document", "skipped"),
    ]


def test_crlf_lines_bom_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "win.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"id": "a", "text": "x"}\r\n\r\n  \r\n{"id": "b", "text": "y"}')
    assert [a.id for a in articles(read(path))] == ["a", "b"]
    assert problems(read(path)) == []


def test_pretty_printed_json_is_one_problem_not_one_per_line(tmp_path: Path) -> None:
    path = tmp_path / "doc.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "x"}, indent=2), "utf-8")
    [problem] = read(path)
    assert isinstance(problem, IngestProblem)
    assert problem.message.startswith("not JSON Lines but one pretty-printed JSON document")


def test_unpaired_surrogates_are_replaced_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "sur.jsonl"
    path.write_bytes(b'{"id": "a", "text": "bad \\ud800 char"}\n')
    warning, article = read(path)
    assert isinstance(warning, IngestProblem) and warning.status == "warning"
    assert isinstance(article, Article)
    assert article.text == "bad \ufffd char"
    assert article.content_hash  # encodable


def test_gzip_jsonl_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl.gz"
    path.write_bytes(gzip.compress(lines(*({"id": str(i), "text": f"doc {i}"} for i in range(50)))))
    items = read(path)
    assert [a.id for a in articles(items)] == [str(i) for i in range(50)]
    assert problems(items) == []


def test_truncated_gzip_keeps_the_lines_read_and_reports_where_it_broke(tmp_path: Path) -> None:
    rng = random.Random(1)
    words = ["alpha", "beta", "gamma", "delta", "news", "wire", "report", "said"]
    records = [
        {"id": str(i), "text": " ".join(rng.choice(words) for _ in range(200))} for i in range(300)
    ]
    data = gzip.compress(lines(*records), mtime=0)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = read(path)
    got = articles(items)
    assert 0 < len(got) < 300
    assert [a.id for a in got] == [str(i) for i in range(len(got))]
    assert [a.text for a in got] == [r["text"] for r in records[: len(got)]]
    assert items[-1] == IngestProblem(
        str(path), None, f"truncated gzip stream after line {len(got)}"
    )


def test_line_longer_than_the_limit_is_skipped_without_holding_it(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("wb") as handle:
        handle.write(lines({"id": "before", "text": "x"}))
        handle.write(b'{"id": "huge", "text": "' + b"a" * (50 * MB) + b'"}\n')
        handle.write(lines({"id": "after", "text": "y"}))
    config = ReaderConfig(max_doc_bytes=1 * MB)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        items = read(path, config)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 10
    assert peak < 4 * MB  # the 50 MB line was never held whole
    assert [a.id for a in articles(items)] == ["before", "after"]
    message = "document too large (50.0 MB > 1.0 MB limit; raise --max-doc-mb)"
    assert problems(items) == [IngestProblem(str(path), "line 2", message, "skipped")]


def test_stdin_plain_and_gzip() -> None:
    data = lines({"id": "s1", "text": "from stdin"}, {"text": "no id"})
    for stream in (io.BytesIO(data), io.BytesIO(gzip.compress(data))):
        items = list(read_paths(["-"], stdin=stream))
        assert [a.id for a in articles(items)] == ["s1", "stdin#2"]
        assert articles(items)[0].origin == "<stdin>#1"


def test_non_utf8_line_is_decoded_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "latin.jsonl"
    path.write_bytes('{"id": "a", "text": "café’s"}\n'.encode("cp1252"))
    warning, article = read(path)
    assert isinstance(warning, IngestProblem)
    assert (warning.location, warning.status) == ("line 1", "warning")
    assert isinstance(article, Article) and article.text == "café’s"


def test_unreadable_path_fails(tmp_path: Path) -> None:
    [problem] = read(tmp_path / "missing.jsonl")
    assert isinstance(problem, IngestProblem)
    assert problem.message == "cannot read file: No such file or directory"

"""Hostile text through every reader, normalization and alignment: no crash, spans that hold.

Each property runs a bounded number of examples (``NEWSTRACE_FUZZ_EXAMPLES``, default 40)
with no hypothesis deadline (a loaded machine would make it flaky); a hang is caught by
pytest-timeout, and the time and memory bounds are measured by
``benchmarks/pathological_bench.py``.
"""

from __future__ import annotations

import gzip
import html
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newstrace
from newstrace.align import align_texts
from newstrace.normalize import normalize
from newstrace.normalize.tokens import tokenize
from newstrace.records import Article, IngestProblem
from tests.reliability.strategies import WORDS, hostile_text

FUZZ = settings(
    max_examples=int(os.environ.get("NEWSTRACE_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FORMATS = ["txt", "jsonl", "jsonl.gz", "html", "warc", "warc.gz"]


def _warc(text: str, lie: int) -> bytes:
    """One WARC response record holding ``text`` as HTML; its Content-Length off by ``lie``."""
    body = f"<html><body><article><p>{html.escape(text)}</p></article></body></html>".encode(
        "utf-8", "surrogatepass"
    )
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/a\r\n"
        "WARC-Date: 2020-01-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http) + lie}\r\n\r\n"
    )
    return head.encode() + http + b"\r\n\r\n"


def write_as(folder: Path, fmt: str, text: str, lie: int = 0) -> Path:
    data = text.encode("utf-8", "surrogatepass")
    if fmt == "txt":
        payload = data
    elif fmt.startswith("jsonl"):
        payload = json.dumps({"id": "doc", "text": text}).encode() + b"\n"
    elif fmt == "html":
        payload = f"<html><body><article><p>{html.escape(text)}</p></article></body></html>".encode(
            "utf-8", "surrogatepass"
        )
    else:
        payload = _warc(text, lie)
    if fmt.endswith(".gz"):
        payload = gzip.compress(payload, mtime=0)
    path = folder / f"input.{fmt}"
    path.write_bytes(payload)
    return path


def assert_links_index_stored_texts(corpus: newstrace.Corpus) -> int:
    links = list(corpus.links())
    for link in links:
        a, b = corpus.get(link.doc_a), corpus.get(link.doc_b)
        assert a is not None and b is not None
        p = link.passage
        assert 0 <= p.a_start <= p.a_end <= len(a.text) and 0 <= p.b_start <= p.b_end <= len(b.text)
        for s in p.substitutions:
            assert a.text[s.a_start : s.a_end] == s.a_text and b.text[s.b_start : s.b_end] == s.b_text
    return len(links)


@FUZZ
@given(fmt=st.sampled_from(FORMATS), text=hostile_text(), lie=st.sampled_from([0, 0, -7, 5, 10_000]))
def test_every_reader_stores_hostile_text_or_says_why(tmp_path: Path, fmt: str, text: str, lie: int) -> None:
    folder = tmp_path / fmt
    folder.mkdir(exist_ok=True)
    path = write_as(folder, fmt, text, lie)
    with newstrace.open(":memory:") as corpus:
        seed = folder / "seed.txt"
        seed.write_text(f"{text}\n{text}", encoding="utf-8", errors="surrogatepass")
        report = corpus.ingest([str(path), str(seed)])
        for problem in report.problems:
            assert isinstance(problem, IngestProblem) and "\n" not in problem.message
            assert problem.path in (str(path), str(seed))
        if lie and fmt.startswith("warc"):
            assert report.failed >= 1, "a record with a lying Content-Length must be reported"
        stored = [a for a in (corpus.get(i) for i in ("doc", "input.txt", "seed.txt")) if a]
        for article in stored:
            assert article.text.strip() and "\ud800" not in article.text
        assert corpus.check() == []
        assert_links_index_stored_texts(corpus)


@FUZZ
@given(text=hostile_text())
def test_tokens_and_canonical_spans_index_the_text(text: str) -> None:
    words, starts, ends = tokenize(text)
    assert [text[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)] == words
    seq = normalize(text)
    s, e = seq.starts.tolist(), seq.ends.tolist()
    assert all(0 <= a < b <= len(text) for a, b in zip(s, e, strict=True))
    assert all(e[k] <= s[k + 1] for k in range(len(s) - 1)), "tokens overlap or go backwards"


@FUZZ
@given(a=hostile_text(), b=hostile_text(), shared=st.lists(WORDS, min_size=0, max_size=60).map(" ".join))
def test_alignment_spans_index_both_texts(a: str, b: str, shared: str) -> None:
    left, right = a + " " + shared + " " + b, b + " " + shared + " " + a
    for passage in align_texts(left, right):
        assert 0 <= passage.a_start <= passage.a_end <= len(left)
        assert 0 <= passage.b_start <= passage.b_end <= len(right)
        assert 0.0 <= passage.score <= 1.0 and passage.matched >= 12
        for sub in passage.substitutions:
            assert passage.a_start <= sub.a_start <= sub.a_end <= passage.a_end
            assert left[sub.a_start : sub.a_end] == sub.a_text


@pytest.mark.parametrize("fmt", FORMATS)
def test_planted_reuse_inside_hostile_text_is_found(tmp_path: Path, fmt: str) -> None:
    passage = (
        "The defence ministry claims the jihadist fighters were allowed to leave Raqqa under "
        "an agreement brokered by the US coalition and local councils last October."
    )
    noise = "مرحبا 👩‍👩‍👧‍👦 e\u0301\u0302 \u202eevil\u202c 东京都 \x07 "
    path = write_as(tmp_path, fmt, noise * 20 + passage + noise * 20)
    source = tmp_path / "source.txt"
    source.write_text("Earlier report. " + passage.replace("US", "USA") + " End.", encoding="utf-8")
    with newstrace.open(":memory:") as corpus:
        report = corpus.ingest([str(source), str(path)])
        assert report.ingested == 2, [str(p) for p in report.problems]
        assert assert_links_index_stored_texts(corpus) == 1
        (link,) = corpus.links()
        assert [(s.a_text, s.b_text) for s in link.passage.substitutions] == [("USA", "US")]


def test_a_document_of_one_token_repeated_100k_times_is_stored_without_links(tmp_path: Path) -> None:
    path = tmp_path / "rep.txt"
    path.write_text(" ".join(["token"] * 100_000), encoding="utf-8")
    with newstrace.open(":memory:") as corpus:
        report = corpus.ingest([str(path), str(path.with_name("copy.txt"))], align=True)
        assert report.ingested == 1 and report.failed == 1  # copy.txt does not exist
        assert list(corpus.links()) == [] and corpus.check() == []


@pytest.mark.parametrize("fmt", ["txt", "jsonl", "html"])
def test_a_10_mb_single_line_is_skipped_with_the_limit_named(tmp_path: Path, fmt: str) -> None:
    line = ("lorem ipsum dolor sit amet " * 400_000)[: 10 * 1024 * 1024]
    path = write_as(tmp_path, fmt, line)
    items = list(newstrace.ingest.read_paths([str(path)]))
    assert [type(i) for i in items] == [IngestProblem]
    assert items[0].status == "skipped" and "raise --max-doc-mb" in items[0].message


def test_deeply_nested_html_is_refused_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 100_000 + "<p>Deep.</p>" + "</div>" * 100_000, "utf-8")
    items = list(newstrace.ingest.read_paths([str(path)]))
    assert all(isinstance(i, IngestProblem) or i.text.strip() for i in items)
    assert any(isinstance(i, IngestProblem) and i.path == str(path) for i in items) or all(
        isinstance(i, Article) for i in items
    )


@pytest.mark.parametrize("payload", [b"a" * (1 << 20), b"\n" * (1 << 20)])
def test_gzip_bombs_stop_with_a_problem(tmp_path: Path, payload: bytes) -> None:
    """Regression: a gzip JSONL of a few hundred kB expanding to 300 MB of blank lines was
    read line by line for minutes; now reading stops at 200-fold expansion."""
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=9) as out:
        for _ in range(300):
            out.write(payload)
    items = list(newstrace.ingest.read_paths([str(path)]))
    problems = [i for i in items if isinstance(i, IngestProblem) and "decompression bomb" in i.message]
    assert len(problems) == 1 and problems[0].status == "failed"
    # the guard bounds what is read: 200 times the compressed size plus 1 MB
    line = payload.find(b"\n") + 1 or len(payload)
    bound = (200 * path.stat().st_size + (1 << 20)) // line
    assert len(items) <= max(bound, 2)


def test_gzip_warc_bomb_payload_is_counted_not_held(tmp_path: Path) -> None:
    path = tmp_path / "bomb.warc.gz"
    body = b"<html><body><p>" + b"a" * (64 * 1024 * 1024) + b"</p></body></html>"
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/b\r\n"
        f"WARC-Record-ID: <urn:uuid:2>\r\nContent-Length: {len(http)}\r\n\r\n"
    ).encode()
    path.write_bytes(gzip.compress(head + http + b"\r\n\r\n", compresslevel=9, mtime=0))
    config = newstrace.ingest.ReaderConfig(max_doc_bytes=1024 * 1024)
    items = list(newstrace.ingest.read_paths([str(path)], config))
    assert [i.status for i in items if isinstance(i, IngestProblem)] == ["skipped"]
    assert "document too large" in items[0].message

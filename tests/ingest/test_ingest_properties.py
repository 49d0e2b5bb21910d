"""Property tests: no input bytes make a reader raise, and every article has text."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from newstrace.ingest import read_paths
from newstrace.records import Article, IngestProblem

SAMPLE = Path(__file__).resolve().parents[1] / "golden" / "articles" / "sample.warc.gz"
SAMPLE_GZ = SAMPLE.read_bytes()
SAMPLE_PLAIN = gzip.decompress(SAMPLE_GZ)
SUFFIXES = [".txt", ".jsonl", ".jsonl.gz", ".html", ".warc", ".warc.gz", ".unknown"]
FUZZ = settings(
    max_examples=int(os.environ.get("NEWSTRACE_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def check(path: Path) -> list[Article | IngestProblem]:
    """Read ``path`` and assert the invariants every reader keeps."""
    items = list(read_paths([str(path)]))
    for item in items:
        assert isinstance(item, Article | IngestProblem)
        if isinstance(item, Article):
            assert item.text.strip()
            assert item.id
            assert item.content_hash  # the text encodes as UTF-8
    return items


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """The sample archive cut short, with bytes flipped, or with junk spliced in."""
    data = bytearray(original)
    # uniform positions: st.integers favours small values, which mostly damage record 1
    rnd = draw(st.randoms(use_true_random=False))
    for _ in range(draw(st.integers(0, 3))):
        data[rnd.randrange(len(data))] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        at = rnd.randrange(len(data))
        data[at:at] = draw(st.binary(max_size=64))
    if draw(st.booleans()):
        data = data[: rnd.randrange(len(data))]
    return bytes(data)


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES), wrap=st.booleans())
def test_arbitrary_bytes_never_raise(tmp_path: Path, data: bytes, suffix: str, wrap: bool) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(gzip.compress(data, mtime=0) if wrap else data)
    check(path)


@FUZZ
@given(data=st.one_of(mutated(SAMPLE_GZ), mutated(SAMPLE_PLAIN)), gz=st.booleans())
def test_damaged_archives_never_raise(tmp_path: Path, data: bytes, gz: bool) -> None:
    path = tmp_path / ("damaged.warc.gz" if gz else "damaged.warc")
    path.write_bytes(data)
    items = check(path)
    articles = sum(isinstance(i, Article) for i in items)
    assert articles <= 3
    event(f"{articles} articles")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = st.sampled_from(["id", "doc_id", "text", "series", "outlet", "date", "url", "title"])


@FUZZ
@given(
    lines=st.lists(
        st.one_of(
            st.dictionaries(FIELDS, st.one_of(st.text(max_size=30), JSON_VALUES), max_size=5).map(
                lambda d: json.dumps(d).encode()
            ),
            st.binary(max_size=40),
        ),
        max_size=8,
    ),
    newline=st.sampled_from([b"\n", b"\r\n"]),
)
def test_jsonl_lines_never_raise_and_keep_their_text(
    tmp_path: Path, lines: list[bytes], newline: bytes
) -> None:
    path = tmp_path / "fuzz.jsonl"
    path.write_bytes(newline.join(lines))
    for article in check(path):
        if isinstance(article, Article) and "\ufffd" not in article.text:
            assert any(json.dumps(article.text).encode() in line for line in lines)


@FUZZ
@given(text=st.text(max_size=300), bom=st.booleans())
def test_utf8_text_files_round_trip(tmp_path: Path, text: str, bom: bool) -> None:
    data = text.encode("utf-8", "surrogatepass")
    path = tmp_path / "doc.txt"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    items = check(path)
    articles = [i for i in items if isinstance(i, Article)]
    if articles:
        assert articles[0].text == data.decode("utf-8")  # offsets index the file's UTF-8

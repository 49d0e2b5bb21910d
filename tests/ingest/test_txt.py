"""Plain-text reader: ids, titles, exact text, offsets, and every kind of bad file."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from newstrace.ingest import ReaderConfig, TxtReader
from newstrace.records import Article, IngestProblem

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "data" / "seeds" / "000_fc4f809c70dd1bba.txt"
MB = 1024 * 1024


def read(path: Path, config: ReaderConfig | None = None) -> list[Article | IngestProblem]:
    return list(TxtReader().read(path, config or ReaderConfig()))


def test_seed_article_id_title_and_exact_text() -> None:
    [article] = read(SEED)
    assert isinstance(article, Article)
    assert article.id == "000_fc4f809c70dd1bba.txt"
    assert (
        article.title == "Russian Federation says U.S. providing cover for Islamic State in Syria"
    )
    assert article.text == SEED.read_bytes().decode("utf-8")
    assert article.origin == str(SEED)
    assert article.source is None and article.published is None


def test_offsets_index_the_bytes_decoded_as_utf8(tmp_path: Path) -> None:
    raw = "  \r\n\nTitle – with “quotes”  \r\nBody: Zürich, 20 °C.\r\n".encode()
    path = tmp_path / "doc.text"
    path.write_bytes(b"\xef\xbb\xbf" + raw)
    [article] = read(path)
    assert isinstance(article, Article)
    assert article.text == raw.decode("utf-8")  # newlines untouched, BOM dropped
    assert article.title == "Title – with “quotes”"
    start = raw.decode("utf-8").index("Zürich")
    assert article.text[start : start + 6] == "Zürich"


def test_cp1252_file_is_read_with_a_warning(tmp_path: Path) -> None:
    text = "Café reopens\r\nThe owner’s café, closed since l’été, reopened.\r\n"
    path = tmp_path / "cp1252.txt"
    path.write_bytes(text.encode("cp1252"))
    warning, article = read(path)
    assert warning == IngestProblem(str(path), None, "not UTF-8; decoded as cp1252", "warning")
    assert isinstance(article, Article)
    assert article.text == text
    assert article.title == "Café reopens"


def test_binary_file_fails(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100))
    assert read(path) == [IngestProblem(str(path), None, "binary file (PNG image), not text")]


@pytest.mark.parametrize("content", [b"", b"   \r\n\t\n", b"\xef\xbb\xbf\n"])
def test_empty_document_is_skipped(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert read(path) == [IngestProblem(str(path), None, "empty document", "skipped")]


def test_50_mb_file_is_skipped_by_its_size_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * MB)  # sparse: the size is all the reader may look at

    def refuse(self: Path) -> bytes:
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    started = time.perf_counter()
    problems = read(path)
    assert time.perf_counter() - started < 1.0
    message = "document too large (50.0 MB > 8.0 MB limit; raise --max-doc-mb)"
    assert problems == [IngestProblem(str(path), None, message, "skipped")]


def test_the_limit_counts_utf8_bytes(tmp_path: Path) -> None:
    path = tmp_path / "small.txt"
    path.write_bytes("é".encode() * 60)  # 120 bytes, 60 characters
    [problem] = read(path, ReaderConfig(max_doc_bytes=100))
    assert isinstance(problem, IngestProblem)
    assert problem.status == "skipped"
    assert [a.id for a in read(path, ReaderConfig(max_doc_bytes=120))] == ["small.txt"]


def test_missing_file_fails_with_the_os_error(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    assert read(path) == [
        IngestProblem(str(path), None, "cannot read file: No such file or directory")
    ]


def test_a_folder_fails_with_the_os_error(tmp_path: Path) -> None:
    [problem] = read(tmp_path)
    assert isinstance(problem, IngestProblem)
    assert problem.message == "cannot read file: Is a directory"


def test_reader_config_is_validated() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        ReaderConfig(max_doc_bytes=0)
    with pytest.raises(TypeError, match="int number of bytes"):
        ReaderConfig(max_doc_bytes=8.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="trafilatura"):
        ReaderConfig(extractor="nope")

"""HTML reader: golden pages to articles, charsets, and pages with nothing to read."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.ingest import HtmlReader, ReaderConfig
from newstrace.records import Article, IngestProblem

ARTICLES = Path(__file__).resolve().parents[1] / "golden" / "articles"
MB = 1024 * 1024
BODY = "".join(
    f"<p>Paragraph {i}: the council said the new bridge would open in the spring.</p>"
    for i in range(6)
)


def read(path: Path, config: ReaderConfig | None = None) -> list[Article | IngestProblem]:
    return list(HtmlReader().read(path, config or ReaderConfig()))


def test_golden_page_becomes_an_article_keyed_by_its_canonical_url() -> None:
    path = ARTICLES / "reuters_degeneres_oscars.html"
    [article] = read(path)
    assert isinstance(article, Article)
    assert article.id == (
        "http://www.reuters.com/article/2013/08/02/us-oscars-degeneres-idUSBRE9710UQ20130802"
    )
    assert article.url == article.id
    assert article.source == "Reuters"
    assert article.published == "2013-08-02T18:50:00-04:00"
    assert article.title == "Comedian Ellen DeGeneres picked to host 2014 Oscars"
    assert article.author == "Reuters Staff"
    assert article.origin == str(path)
    assert "ventured into the audience for spot gags" in article.text
    assert "cookies" not in article.text


def test_meta_charset_is_respected_without_a_warning() -> None:
    [article] = read(ARTICLES / "nytimes_troy_office_shooting.html")
    assert isinstance(article, Article)
    assert "the firm ’ s Web site as a member of its “ professional staff , ”" in article.text


def test_undeclared_cp1252_page_is_guessed_with_a_warning(tmp_path: Path) -> None:
    html = f"<html><head><title>Caf\u00e9</title></head><body><article>{BODY}"
    html += "<p>The café’s owner said l’été was slow.</p></article></body></html>"
    path = tmp_path / "old.htm"
    path.write_bytes(html.encode("cp1252"))
    warning, article = read(path)
    assert warning == IngestProblem(str(path), None, "not UTF-8; decoded as cp1252", "warning")
    assert isinstance(article, Article)
    assert "The café’s owner said l’été was slow." in article.text


def test_page_without_canonical_link_is_keyed_by_file_name(tmp_path: Path) -> None:
    path = tmp_path / "page.xhtml"
    path.write_text(f"<html><body><article>{BODY}</article></body></html>", "utf-8")
    [article] = read(path)
    assert isinstance(article, Article)
    assert (article.id, article.url, article.source) == ("page.xhtml", None, None)
    assert article.text.count("\n") == 5  # six paragraphs, one a line


def test_page_without_main_text_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "gallery.html"
    html = "<html><head><title>Photos</title></head><body><script>var x = 1;</script>"
    path.write_text(html + "<img src='a.png'><div></div></body></html>", "utf-8")
    assert read(path) == [IngestProblem(str(path), None, "no main text found", "skipped")]


def test_empty_page_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(b"\n \n")
    assert read(path) == [IngestProblem(str(path), None, "empty document", "skipped")]


def test_binary_page_fails(tmp_path: Path) -> None:
    path = tmp_path / "image.html"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    assert read(path) == [IngestProblem(str(path), None, "binary file (JPEG image), not text")]


def test_file_size_is_checked_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as handle:
        handle.truncate(50 * MB)

    def refuse(self: Path) -> bytes:
        raise AssertionError("read")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    message = "document too large (50.0 MB > 8.0 MB limit; raise --max-doc-mb)"
    assert read(path) == [IngestProblem(str(path), None, message, "skipped")]


def test_missing_page_fails(tmp_path: Path) -> None:
    path = tmp_path / "gone.html"
    assert read(path) == [
        IngestProblem(str(path), None, "cannot read file: No such file or directory")
    ]

"""HTML reader: one saved page, one article, main text and metadata from the extractor."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newstrace.extract import ExtractedPage, get_extractor
from newstrace.ingest._checks import read_whole_file, text_problem
from newstrace.ingest.base import ReaderConfig, register
from newstrace.ingest.decode import decode_bytes, meta_charset
from newstrace.records import Article, IngestProblem

__all__ = ["HtmlReader", "article_from_page"]


def article_from_page(page: ExtractedPage, default_id: str, origin: str) -> Article:
    """Build an Article from an extracted page; the id is its canonical URL, else ``default_id``."""
    return Article(
        id=page.url or default_id,
        text=page.text,
        source=page.sitename,
        url=page.url,
        published=page.published,
        title=page.title,
        author=page.author,
        origin=origin,
    )


@register
class HtmlReader:
    """Reads a saved HTML page as one article (id: canonical URL, else the file name)."""

    name = "html"
    suffixes: tuple[str, ...] = (".html", ".htm", ".xhtml")

    def read(self, path: Path, config: ReaderConfig) -> Iterator[Article | IngestProblem]:
        """Yield the page's article, or the problem that kept it out."""
        data = read_whole_file(path, config)
        if isinstance(data, IngestProblem):
            yield data
            return
        decoded = decode_bytes(data, str(path), declared=meta_charset(data))
        if decoded.problem is not None:
            yield decoded.problem
        if decoded.text is None:
            return
        if not decoded.text.strip():
            yield IngestProblem(str(path), None, "empty document", "skipped")
            return
        page = get_extractor(config.extractor).extract(decoded.text, None)
        if page is None:
            yield IngestProblem(str(path), None, "no main text found", "skipped")
            return
        problem = text_problem(page.text, path, None, config)
        if problem is not None:
            yield problem
            return
        yield article_from_page(page, path.name, str(path))

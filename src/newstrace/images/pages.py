"""Pictures of articles: ``img`` elements of saved HTML pages and of WARC archives.

Each picture is linked to the article id and date that text ingest gives the page (the same
reader runs), so ``newstrace ingest`` and ``newstrace image index`` over the same files agree
on document ids. A picture counts when its file exists: beside the HTML file (relative
``src``), or as a WARC record whose target URI is the resolved ``src``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from newstrace.images.config import ImageConfig
from newstrace.images.sources import ImageInput, decode_input
from newstrace.ingest import HtmlReader, ReaderConfig, WarcReader
from newstrace.records import Article, IngestProblem

__all__ = ["html_images", "img_sources", "warc_images"]

_SRC_ATTRIBUTES = ("src", "data-src", "data-original")


def img_sources(html: bytes | str) -> list[str]:
    """The picture addresses of a page's ``img`` elements, in document order, each once."""
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(html)
    except (ValueError, TypeError, SyntaxError):
        return []
    seen: dict[str, None] = {}
    for img in root.iter("img"):
        for attr in _SRC_ATTRIBUTES:
            value = (img.get(attr) or "").strip()
            if value and not value.startswith("data:"):
                seen.setdefault(value, None)
                break
    return list(seen)


def _first_article(items: Iterator[Article | IngestProblem]) -> tuple[Article | None, list[IngestProblem]]:
    article, problems = None, []
    for item in items:
        if isinstance(item, Article):
            article = article or item
        else:
            problems.append(item)
    return article, problems


def html_images(path: Path, config: ImageConfig) -> Iterator[ImageInput | IngestProblem]:
    """The local pictures of one saved HTML page, linked to its article."""
    reader_config = ReaderConfig(max_doc_bytes=max(config.max_image_bytes, 8 * 1024 * 1024))
    article, problems = _first_article(HtmlReader().read(path, reader_config))
    document_id = article.id if article else None
    if article is None:
        yield from (p for p in problems if p.status == "failed")
    try:
        page = path.read_bytes()
    except OSError:
        return
    for src in img_sources(page):
        parts = urlsplit(src)
        if parts.scheme or parts.netloc:
            continue  # a remote picture: nothing local to read
        local = (path.parent / unquote(parts.path)).resolve()
        if not local.is_file():
            continue
        if local.stat().st_size > config.max_image_bytes:
            yield IngestProblem(str(local), None, "picture file too large", "skipped")
            continue
        url = urljoin(article.url, src) if article and article.url else src
        yield decode_input(
            local.read_bytes(),
            str(local),
            None,
            source=str(local),
            document_id=document_id,
            url=url,
            first_seen=article.published if article else None,
        )


def _records(path: Path) -> Iterator[tuple[int, Any]]:
    """WARC records (index, record) until the archive ends or breaks (text ingest reports breaks)."""
    from warcio.archiveiterator import ArchiveIterator

    try:
        with path.open("rb") as handle:
            yield from enumerate(ArchiveIterator(handle, arc2warc=True), start=1)
    except Exception:  # a broken archive: the text reader's pass has reported where it breaks
        return


def _content_type(record: Any) -> str:
    if record.rec_type == "response" and record.http_headers is not None:
        if record.http_headers.get_statuscode() != "200":
            return ""
        value = record.http_headers.get_header("Content-Type")
    elif record.rec_type == "resource":
        value = record.rec_headers.get_header("Content-Type")
    else:
        return ""
    return (value or "").split(";", 1)[0].strip().lower()


def warc_images(path: Path, config: ImageConfig) -> Iterator[ImageInput | IngestProblem]:
    """The picture records of a WARC, each linked to every article page that shows it."""
    reader_config = ReaderConfig(max_doc_bytes=8 * 1024 * 1024)
    articles: dict[str, Article] = {}
    for item in WarcReader().read(path, reader_config):
        if isinstance(item, Article):
            articles[item.id] = item
        elif item.status == "failed" and item.location and "truncated" in item.message:
            yield item  # the archive breaks there: its pictures after that point are lost too
    shown_in: dict[str, list[Article]] = defaultdict(list)
    for _, record in _records(path):
        uri = record.rec_headers.get_header("WARC-Target-URI")
        if uri in articles and _content_type(record) in ("text/html", "application/xhtml+xml"):
            for src in img_sources(record.content_stream().read(reader_config.max_doc_bytes)):
                shown_in[urljoin(uri, src)].append(articles[uri])
    for index, record in _records(path):
        if not _content_type(record).startswith("image/"):
            continue
        uri = record.rec_headers.get_header("WARC-Target-URI") or f"{path.name}#{index}"
        data = record.content_stream().read(config.max_image_bytes + 1)
        where = f"record {index}"
        if len(data) > config.max_image_bytes:
            yield IngestProblem(str(path), where, "picture too large", "skipped")
            continue
        label = f"{path}#{index}"
        pages: list[Article | None] = list(shown_in.get(uri, [])) or [None]
        for article in pages:
            yield decode_input(
                data,
                str(path),
                where,
                source=label,
                url=uri,
                document_id=article.id if article else None,
                first_seen=article.published if article else None,
            )

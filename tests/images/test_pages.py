"""Pictures of HTML and WARC articles, linked to the article id and date text ingest gives them."""

from __future__ import annotations

import io

import pytest

import newstrace
from newstrace.images.pages import img_sources
from newstrace.ingest import read_paths
from newstrace.records import Article
from tests.images.conftest import GOLDEN

PAGE = """<html><head><title>Ministry shows proof</title>
<meta property="og:url" content="https://news.example.org/2017/11/14/proof">
<meta property="article:published_time" content="2017-11-14T16:04:00+00:00"></head>
<body><article><h1>Ministry shows proof</h1>
<p>The defence ministry published a picture it called irrefutable proof of the convoy.</p>
<img src="img/proof.jpg" alt="proof"><img data-src="missing.png"><img src="https://cdn.example.org/x.jpg">
<p>Analysts quickly traced the picture to an older source, the agency said on Tuesday.</p>
<p>More paragraphs of text follow so that the extractor keeps the main content of the page.</p>
</article></body></html>"""


def test_img_sources_in_order_once():
    html = (
        '<p><img src="a.jpg"><img data-src="b.png"><img src="a.jpg"><img src="data:image/png;base64,xx"></p>'
    )
    assert img_sources(html) == ["a.jpg", "b.png"]


def test_html_page_pictures_link_to_its_article(tmp_path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "proof.jpg").write_bytes((GOLDEN / "rocket.jpg").read_bytes())
    page = tmp_path / "proof.html"
    page.write_text(PAGE, encoding="utf-8")
    article = next(a for a in read_paths([str(page)]) if isinstance(a, Article))
    with newstrace.open(tmp_path / "p.db") as c:
        report = c.index_images([str(page)])
        seen = c.images_of(article.id)
    assert report.added == 1 and report.ok
    assert [(a.document_id, a.first_seen, a.url) for a in seen] == [
        (article.id, article.published, "https://news.example.org/2017/11/14/img/proof.jpg")
    ]
    assert article.published is not None and article.published.startswith("2017-11-14")


def _warc(path, page_uri, image_uri, image_bytes):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for uri, ctype, body in (
            (image_uri, "image/jpeg", image_bytes),
            (page_uri, "text/html; charset=utf-8", PAGE.encode()),
        ):
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
            )


@pytest.mark.parametrize("with_page", [True, False])
def test_warc_picture_records_link_to_the_page_that_shows_them(tmp_path, with_page):
    page_uri = "https://news.example.org/2017/11/14/proof" if with_page else "https://other.example/x"
    image_uri = "https://news.example.org/2017/11/14/img/proof.jpg"
    archive = tmp_path / "crawl.warc.gz"
    _warc(archive, page_uri, image_uri, (GOLDEN / "rocket.jpg").read_bytes())
    with newstrace.open(tmp_path / "w.db") as c:
        report = c.index_images([str(archive)])
        seen = list(c._images().iter_appearances())
    assert report.added == 1 and report.ok
    assert [a.url for a in seen] == [image_uri]
    if with_page:
        assert seen[0].document_id == page_uri and seen[0].first_seen.startswith("2017-11-14")
    else:
        assert seen[0].document_id is None and seen[0].first_seen is None


def test_golden_warc_damaged_png_record_is_one_clear_problem(tmp_path):
    archive = GOLDEN.parent / "articles" / "sample.warc.gz"  # its PNG record is 64 junk bytes
    with newstrace.open(tmp_path / "g.db") as c:
        report = c.index_images([str(archive)])
    assert (report.added, report.failed) == (0, 1)
    assert str(report.problems[0]).startswith(f"{archive}: record ")
    assert "unknown or damaged picture format" in str(report.problems[0])

"""Pictures on document pages, the image search page ``/images``, thumbnails, ``/api/images/search``."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

import newstrace
from newstrace.api import Corpus
from newstrace.web.pictures import THUMB_SIDE
from tests.web.conftest import GOLDEN_IMAGES, TRAILER_URL, client_for, need_images_extra


@pytest.fixture(scope="module")
def images(images_db: tuple[Path, Path, str]) -> tuple[Any, str, str]:
    """(client, page document id, id of the page's picture)."""
    db, _, doc_id = images_db
    with newstrace.open(db) as corpus:
        (picture,) = corpus.images_of(doc_id)
    return client_for(db), doc_id, picture.image_id


def edited_copy() -> bytes:
    """The page's picture cropped by 10%, halved and recompressed: what a repost looks like."""
    from PIL import Image

    from newstrace.images.edits import crop, resize

    with Image.open(GOLDEN_IMAGES / "rocket.jpg") as image:
        rgb = __import__("numpy").asarray(image.convert("RGB"))
    out = io.BytesIO()
    Image.fromarray(resize(crop(rgb, 0.10), 0.5)).save(out, format="JPEG", quality=60)
    return out.getvalue()


def test_document_page_lists_its_picture_with_thumbnail_and_search_link(images):
    client, doc_id, image_id = images
    html = client.get(f"/doc/{quote(doc_id, safe='')}").text
    section = html[html.index('<section class="pictures"') :]
    query = f"doc={quote(doc_id, safe='/')}&amp;image_id={image_id}"  # as Jinja urlencodes
    assert f'href="/images?{query}"' in section
    assert f'<img class="thumb" src="/images/thumb?{query}"' in section
    assert "2017-11-14" in section and "https://news.example.org/2017/11/14/img/proof.jpg" in section


def test_thumbnail_is_a_small_reencoded_jpeg(images):
    from PIL import Image

    client, doc_id, image_id = images
    response = client.get("/images/thumb", params={"doc": doc_id, "image_id": image_id})
    assert response.status_code == 200 and response.headers["content-type"] == "image/jpeg"
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    with Image.open(io.BytesIO(response.content)) as thumb:
        assert thumb.format == "JPEG" and max(thumb.size) <= THUMB_SIDE
    original = (GOLDEN_IMAGES / "rocket.jpg").read_bytes()
    assert response.content != original


@pytest.mark.parametrize(
    "params",
    [
        {"doc": "no-such-doc", "image_id": "0123456789abcdef"},
        {"doc": "DOC", "image_id": "0123456789abcdef"},  # a real document, not its picture
    ],
)
def test_thumbnail_only_for_a_picture_the_document_shows(images, params):
    client, doc_id, _ = images
    params = {k: doc_id if v == "DOC" else v for k, v in params.items()}
    assert client.get("/images/thumb", params=params).status_code == 404


def test_no_path_reaches_the_thumbnail_or_search(images):
    client, doc_id, _ = images
    for value in ("../../etc/passwd", "/etc/passwd", "stills/camera.jpg"):
        assert client.get("/images/thumb", params={"doc": doc_id, "image_id": value}).status_code == 422
        assert client.get("/images", params={"doc": doc_id, "image_id": value}).status_code == 422


def test_changed_file_gets_no_thumbnail(images_db, tmp_path):
    _, folder, doc_id = images_db
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("*.db*", "stills"))
    with newstrace.open(copy / "own.db") as corpus:
        corpus.ingest([str(copy / "proof.html")])
        corpus.index_images([str(copy / "proof.html")])
        (picture,) = corpus.images_of(doc_id)
    client = client_for(copy / "own.db")
    params = {"doc": doc_id, "image_id": picture.image_id}
    assert client.get("/images/thumb", params=params).status_code == 200
    shutil.copy(GOLDEN_IMAGES / "camera.jpg", copy / "img" / "proof.jpg")  # same name, other pixels
    assert client.get("/images/thumb", params=params).status_code == 404
    page = client.get("/images", params=params)
    assert page.status_code == 200 and "cannot be re-read" in page.text


def test_search_for_a_documents_picture_lists_the_older_copy_first(images):
    client, doc_id, image_id = images
    html = client.get("/images", params={"doc": doc_id, "image_id": image_id}).text
    rows = html[html.index('<table class="image-matches">') :].split("<tr")[2:]
    assert len(rows) == 2  # the loose still and the page; the unrelated picture is not there
    assert "2016-06-01" in rows[0] and "earliest" in rows[0]
    assert "2017-11-14" in rows[1] and f'href="/doc/{quote(doc_id, safe="")}"' in rows[1]
    assert "distance 0" in rows[0]
    # the still's recorded URL is a script URL: shown, never linked
    assert "javascript:window.__pwned=1" in rows[0] and 'href="javascript:' not in html


def test_uploaded_edited_copy_is_found_earliest_first(images):
    client, _, image_id = images
    html = client.post("/images", files={"file": ("repost.jpg", edited_copy(), "image/jpeg")}).text
    assert "Results for repost.jpg" in html
    table = html[html.index('<table class="image-matches">') :]
    rows = table.split("<tr")[2:]
    assert len(rows) == 2 and "2016-06-01" in rows[0] and "2017-11-14" in rows[1]
    assert image_id in rows[0] and image_id in rows[1]


def test_image_search_api(images):
    client, doc_id, image_id = images
    body = client.post("/api/images/search", files={"file": ("../x/repost.jpg", edited_copy())}).json()
    assert body["query"] == "repost.jpg" and body["indexed"] == 2
    assert [m["first_seen"][:10] for m in body["matches"]] == ["2016-06-01", "2017-11-14"]
    assert {m["image_id"] for m in body["matches"]} == {image_id}
    assert body["matches"][1]["document_id"] == doc_id and body["matches"][0]["url"] == TRAILER_URL
    assert all(m["method"] in ("pdq", "sift") for m in body["matches"])
    bad = client.post("/api/images/search", files={"file": ("notes.txt", b"not a picture at all")})
    assert bad.status_code == 400 and "notes.txt" in bad.json()["detail"]
    assert "/tmp" not in bad.json()["detail"]
    schema = client.get("/api/openapi.json").json()
    assert "/api/images/search" in schema["paths"] and "ImageSearchOut" in schema["components"]["schemas"]


def test_unreadable_upload_on_the_page_says_so(images):
    client, _, _ = images
    page = client.post("/images", files={"file": ("notes.txt", b"not a picture")})
    assert page.status_code == 400 and "notes.txt" in page.text
    empty = client.post("/images", files={"file": ("", b"")})
    assert empty.status_code == 400 and "choose a picture file" in empty.text


def test_upload_over_the_limit_is_refused(images_db):
    client = client_for(images_db[0], max_body_bytes=4096)
    response = client.post("/api/images/search", files={"file": ("big.jpg", b"\xff" * 10_000)})
    assert response.status_code == 413


def test_store_without_pictures_says_so(seeds_db):
    need_images_extra()
    client = client_for(seeds_db)
    assert "No pictures are indexed in this store yet" in client.get("/images").text
    html = client.get("/doc/004_5d9cfa0761f81c81.txt").text
    assert "No picture of this document has been indexed" in html


def test_missing_images_extra_is_said_plainly(images, monkeypatch):
    client, _, _ = images

    def missing(self: Corpus, path: object, **_: object) -> object:
        raise ImportError('the image stage needs pdqhash: pip install "newstrace[images]"')

    monkeypatch.setattr(Corpus, "query_image", missing)
    page = client.post("/images", files={"file": ("repost.jpg", edited_copy())})
    assert "Image search needs the images extra" in page.text.replace("&#34;", '"')
    api = client.post("/api/images/search", files={"file": ("repost.jpg", edited_copy())})
    assert api.status_code == 503 and "newstrace[images]" in api.json()["detail"]

"""The image search page (``/images``) and thumbnails of indexed pictures.

``/images`` takes an uploaded picture, or ``doc`` and ``image_id`` of a picture a document
page lists, and shows where it (or the picture it was cut or edited from) was seen,
earliest first. The work is :meth:`Corpus.query_image`; see :mod:`newstrace.web.pictures`.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from newstrace.web.app import open_corpus, templates
from newstrace.web.pictures import (
    IMAGES_HINT,
    PictureSearch,
    first_verified,
    indexed_pictures,
    recorded_appearances,
    search_recorded,
    search_upload,
    thumbnail,
)

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
_ID = "^[0-9a-f]{1,64}$"


def _render(
    request: Request, result: PictureSearch | None, indexed: int, status: int = 200, error: str | None = None
) -> Response:
    with open_corpus(request) as corpus:
        known = {
            m.appearance.document_id
            for m in (result.matches or [] if result else [])
            if m.appearance.document_id and corpus.get(m.appearance.document_id) is not None
        }
    return templates(request).render(
        "images.html",
        status=status,
        result=result,
        indexed=indexed,
        error=error,
        known_docs=known,
        hint=IMAGES_HINT,
    )


@router.get("/images", response_class=HTMLResponse)
def images_form(
    request: Request,
    doc: str | None = Query(None, max_length=2000),
    image_id: str | None = Query(None, pattern=_ID),
) -> Response:
    """The upload form; with ``doc`` and ``image_id``, a search for that document's picture."""
    with open_corpus(request) as corpus:
        indexed = indexed_pictures(corpus)
        result = None
        if doc is not None and image_id is not None:
            result = search_recorded(corpus, doc, image_id)
            if result is None:
                raise HTTPException(404, f"document {doc!r} shows no indexed picture {image_id!r}")
    return _render(request, result, indexed)


@router.post("/images", response_class=HTMLResponse)
async def images_search(request: Request) -> Response:
    """Where an uploaded picture was seen first (the picture is not stored)."""
    limit = request.app.state.config.max_body_bytes
    form = await request.form(max_files=1, max_fields=4, max_part_size=limit)
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        with open_corpus(request) as corpus:
            indexed = indexed_pictures(corpus)
        return _render(request, None, indexed, 400, "choose a picture file to search for")
    data, name = await upload.read(), upload.filename

    def run() -> PictureSearch:
        with open_corpus(request) as corpus:
            return search_upload(corpus, data, name)

    result = await run_in_threadpool(run)
    return _render(request, result, result.indexed, 200 if result.message is None else 400)


@router.get("/images/thumb")
def image_thumbnail(
    request: Request,
    doc: str = Query(max_length=2000),
    image_id: str = Query(pattern=_ID),
) -> Response:
    """A small JPEG of a picture a document shows, re-encoded from its recorded file."""
    with open_corpus(request) as corpus:
        appearances = recorded_appearances(corpus, doc, image_id)
    verified = first_verified(appearances)
    if verified is None:
        raise HTTPException(404, "no thumbnail: the picture's recorded file cannot be re-read")
    return Response(
        thumbnail(verified[1]), media_type="image/jpeg", headers={"cache-control": "private, max-age=300"}
    )

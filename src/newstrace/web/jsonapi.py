"""The JSON API under ``/api``: the same data as the pages, described by the OpenAPI schema."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request, UploadFile
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from newstrace.api import Corpus, compare
from newstrace.provenance.model import OutletProfile, Story
from newstrace.web.app import MAX_OFFSET, has_feature, open_corpus
from newstrace.web.claims import document_claims
from newstrace.web.extra_schemas import ClaimsOut, ImageSearchOut, claims_out, image_match_out
from newstrace.web.graph import story_edges
from newstrace.web.pages import outlets_of, stories_of
from newstrace.web.pictures import search_upload
from newstrace.web.schemas import (
    CompareOut,
    CountsOut,
    DocumentOut,
    DocumentSummary,
    OutletOut,
    SearchIn,
    SearchOut,
    SegmentsOut,
    StoryOut,
    TraceOut,
    compare_out,
    document_summary,
    outlet_out,
    segments_out,
    story_out,
    trace_out,
)
from newstrace.web.search import SearchResult, pasted_filename, search
from newstrace.web.views import segments_from_trace

__all__ = ["router"]


class ErrorOut(BaseModel):
    """What a refused request gets: one line saying why."""

    detail: str


# Answers any operation can give before its handler runs (see newstrace.web.security);
# undocumented, they failed schemathesis's status-code check.
_REFUSED: dict[int | str, dict[str, Any]] = {
    400: {
        "model": ErrorOut,
        "description": "malformed request body, or a Host the server does not answer to",
    },
    403: {"model": ErrorOut, "description": "a write from another site"},
    413: {"model": ErrorOut, "description": "request body over the server's size limit"},
    503: {"model": ErrorOut, "description": "not answered within the server's time limit, or server busy"},
}
router = APIRouter(prefix="/api", tags=["api"], responses=_REFUSED)
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "no such document, story or outlet"}}
_NOT_BUILT: dict[int | str, dict[str, Any]] = {
    501: {"description": "this build of newstrace does not compute it yet"}
}


def _article(corpus: Corpus, doc_id: str) -> object:
    article = corpus.get(doc_id)
    if article is None:
        raise HTTPException(404, f"no document with id {doc_id!r} in this store")
    return article


def _need(corpus: Corpus, feature: str, what: str) -> None:
    if not has_feature(corpus, feature):
        raise HTTPException(
            501, f"no {what} have been computed: this version of newstrace does not compute them"
        )


@router.get("/counts", response_model=CountsOut)
def counts(request: Request) -> CountsOut:
    """Documents, reuse passages, pending work, stories and outlets."""
    with open_corpus(request) as corpus:
        c = corpus.counts()
        stories, outlets = stories_of(corpus), outlets_of(corpus)
    return CountsOut(
        **c,
        stories=None if stories is None else len(stories),
        outlets=None if outlets is None else len(outlets),
    )


@router.get("/docs", response_model=list[DocumentSummary])
def documents(
    request: Request, offset: int = Query(0, ge=0, le=MAX_OFFSET), limit: int = Query(50, ge=1, le=1000)
) -> list[DocumentSummary]:
    """Stored documents in the order stored, a page at a time."""
    from itertools import islice

    with open_corpus(request) as corpus:
        return [document_summary(a) for a in islice(corpus.store.iter_articles(), offset, offset + limit)]


@router.get("/doc/{doc_id:path}/trace", response_model=TraceOut, responses=_NOT_FOUND)
def trace(request: Request, doc_id: str) -> TraceOut:
    """Every passage of the document shared with another stored document, from its side."""
    with open_corpus(request) as corpus:
        _article(corpus, doc_id)
        return trace_out(corpus.trace(doc_id))


@router.get("/doc/{doc_id:path}/segments", response_model=SegmentsOut, responses=_NOT_FOUND)
def segments(request: Request, doc_id: str) -> SegmentsOut:
    """The document's text cut into own and shared segments, as its page colours it."""
    with open_corpus(request) as corpus:
        _article(corpus, doc_id)
        origins = corpus.origins(doc_id) if has_feature(corpus, "origins") else None  # type: ignore[attr-defined]
        if origins is not None:
            return segments_out(doc_id, origins.segments, "origins")
        return segments_out(doc_id, segments_from_trace(corpus.trace(doc_id)), "trace")


@router.get(
    "/doc/{doc_id:path}/claims",
    response_model=ClaimsOut,
    responses={**_NOT_FOUND, 503: {"description": "the nlp extra is not installed, or extraction failed"}},
)
def claims(request: Request, doc_id: str) -> ClaimsOut:
    """Attributed claims of the document (speaker, cue, content, channel, rebuttals), with offsets.

    Extracted with spaCy on the first request and kept in the store.
    """
    with open_corpus(request) as corpus:
        _article(corpus, doc_id)
        found = document_claims(corpus, doc_id)
    if found.claims is None:
        raise HTTPException(503, found.message)
    return claims_out(doc_id, found.claims)


@router.get("/doc/{doc_id:path}", response_model=DocumentOut, responses=_NOT_FOUND)
def document(request: Request, doc_id: str) -> DocumentOut:
    """A stored document with its text."""
    with open_corpus(request) as corpus:
        a = corpus.get(doc_id)
    if a is None:
        raise HTTPException(404, f"no document with id {doc_id!r} in this store")
    return DocumentOut(**document_summary(a).model_dump(), author=a.author, text=a.text)


@router.get("/compare", response_model=CompareOut, responses=_NOT_FOUND)
def compare_docs(
    request: Request, a: str = Query(max_length=2000), b: str = Query(max_length=2000)
) -> CompareOut:
    """Align two stored documents: the passages of A reused in B, with changed words."""
    with open_corpus(request) as corpus:
        art_a, art_b = corpus.get(a), corpus.get(b)
        for doc_id, art in ((a, art_a), (b, art_b)):
            if art is None:
                raise HTTPException(404, f"no document with id {doc_id!r} in this store")
        assert art_a is not None and art_b is not None
        return compare_out(a, b, compare(art_a, art_b, corpus.config.align))


def _search_out(result: SearchResult) -> SearchOut:
    return SearchOut(
        traces=[trace_out(t) for t in result.traces],
        problems=result.problems,
        total=result.total,
        added=None if result.added is None else result.added.ingested,
        refused=result.refused,
    )


@router.post("/search", response_model=SearchOut)
async def search_text(request: Request, body: SearchIn) -> SearchOut:
    """Trace a pasted text against the store; it is stored only with ``add``."""
    data, name = body.text.encode("utf-8"), pasted_filename(body.text)
    return await run_in_threadpool(_run_search, request, data, name, body.add)


@router.post("/search/file", response_model=SearchOut)
async def search_file(request: Request, file: UploadFile, add: bool = Query(False)) -> SearchOut:
    """Trace an uploaded file (txt, HTML, JSONL, WARC) against the store; stored only with ``add``."""
    data = await file.read()
    return await run_in_threadpool(_run_search, request, data, file.filename or "upload.txt", add)


def _run_search(request: Request, data: bytes, name: str, add: bool) -> SearchOut:
    with open_corpus(request) as corpus:
        limit = request.app.state.config.max_search_docs
        return _search_out(search(corpus, data, name, add=add, limit=limit))


@router.post(
    "/images/search",
    response_model=ImageSearchOut,
    responses={
        400: {"description": "the upload is not a readable picture"},
        503: {"description": "the images extra is not installed"},
    },
)
async def image_search(request: Request, file: UploadFile) -> ImageSearchOut:
    """Where an uploaded picture (or the picture it was cut or edited from) was seen, earliest first.

    The picture is compared with the index, never stored.
    """
    data = await file.read()

    def run() -> ImageSearchOut:
        with open_corpus(request) as corpus:
            found = search_upload(corpus, data, file.filename)
        if found.matches is None:
            raise HTTPException(503 if found.missing_extra else 400, found.message)
        return ImageSearchOut(
            query=found.query, indexed=found.indexed, matches=[image_match_out(m) for m in found.matches]
        )

    return await run_in_threadpool(run)


@router.get("/stories", response_model=list[StoryOut], responses=_NOT_BUILT)
def stories(request: Request) -> list[StoryOut]:
    """Every story, largest first."""
    with open_corpus(request) as corpus:
        found = stories_of(corpus)
    if found is None:
        raise HTTPException(
            501,
            "no stories have been computed: this version of newstrace does not group articles into stories",
        )
    return [story_out(s) for s in sorted(found, key=lambda s: (-s.size, s.story_id))]


@router.get("/story/{story_id:path}", response_model=StoryOut, responses={**_NOT_FOUND, **_NOT_BUILT})
def story(request: Request, story_id: str) -> StoryOut:
    """A story's timeline and its reuse edges (from source to copy where known)."""
    with open_corpus(request) as corpus:
        _need(corpus, "story", "stories")
        found: Story | None = corpus.story(story_id)  # type: ignore[attr-defined]
        if found is None:
            raise HTTPException(404, f"no story with id {story_id!r}")
        members = {e.doc_id for e in found.timeline}
        links = [lk for d in sorted(members) for lk in corpus.links(d) if lk.doc_a == d]
    return story_out(found, story_edges(links, members))


@router.get("/outlets", response_model=list[OutletOut], responses=_NOT_BUILT)
def outlets(request: Request) -> list[OutletOut]:
    """Outlet profiles, the largest copied share first."""
    with open_corpus(request) as corpus:
        found = outlets_of(corpus)
    if found is None:
        raise HTTPException(
            501, "no outlet profiles have been computed: this version of newstrace does not profile outlets"
        )
    return [outlet_out(o) for o in found]


@router.get("/outlet/{name:path}", response_model=OutletOut, responses={**_NOT_FOUND, **_NOT_BUILT})
def outlet(request: Request, name: str) -> OutletOut:
    """One outlet's profile."""
    with open_corpus(request) as corpus:
        _need(corpus, "outlet", "outlet profiles")
        found: OutletProfile | None = corpus.outlet(name)  # type: ignore[attr-defined]
    if found is None:
        raise HTTPException(404, f"no outlet named {name!r} in this store")
    return outlet_out(found)

"""HTML pages: overview, documents, document, compare, search, story, outlet.

Each handler opens the store, asks the Python API, arranges the records with
:mod:`newstrace.web.views` and renders a template; nothing is computed twice.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from newstrace.api import Corpus, compare
from newstrace.provenance.model import OutletProfile, Story
from newstrace.web.app import MAX_OFFSET, has_feature, open_corpus, templates
from newstrace.web.claims import claim_marks, claim_rows, document_claims, story_claim_groups
from newstrace.web.graph import layout_story
from newstrace.web.pictures import document_pictures
from newstrace.web.search import pasted_filename, search
from newstrace.web.views import compare_view, document_view, parse_span

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
PAGE = 50


def stories_of(corpus: Corpus) -> list[Story] | None:
    """The corpus's stories, or ``None`` when this build computes none."""
    return list(corpus.stories()) if has_feature(corpus, "stories") else None  # type: ignore[attr-defined]


def outlets_of(corpus: Corpus) -> list[OutletProfile] | None:
    """Outlet profiles ranked by copied share, or ``None`` when this build computes none."""
    if not has_feature(corpus, "outlets"):
        return None
    profiles: list[OutletProfile] = list(corpus.outlets())  # type: ignore[attr-defined]
    return sorted(profiles, key=lambda o: (-o.copied_share, o.outlet))


def _story_sort(stories: list[Story], by: str) -> list[Story]:
    if by == "time":
        return sorted(
            stories, key=lambda s: (s.timeline[0].published or "9999" if s.timeline else "9999", s.story_id)
        )
    return sorted(stories, key=lambda s: (-s.size, s.story_id))


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, sort: str = Query("size", pattern="^(size|time)$")) -> Response:
    """Counts, stories by size or time, outlets by copied share."""
    with open_corpus(request) as corpus:
        counts = corpus.counts()
        stories = stories_of(corpus)
        outlets = outlets_of(corpus)
    return templates(request).render(
        "overview.html",
        counts=counts,
        sort=sort,
        stories=None if stories is None else _story_sort(stories, sort)[:100],
        story_total=None if stories is None else len(stories),
        outlets=None if outlets is None else outlets[:100],
    )


@router.get("/docs", response_class=HTMLResponse)
def documents(request: Request, offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> Response:
    """Every stored document, a page at a time."""
    with open_corpus(request) as corpus:
        rows = list(islice(corpus.store.iter_articles(), offset, offset + PAGE + 1))
        total = corpus.counts()["documents"]
    return templates(request).render(
        "documents.html", docs=rows[:PAGE], offset=offset, more=len(rows) > PAGE, page=PAGE, total=total
    )


@router.get("/doc/{doc_id:path}", response_class=HTMLResponse)
def document(request: Request, doc_id: str, hl: str | None = Query(None, max_length=40)) -> Response:
    """A document with each shared passage coloured by origin and linked to its source."""
    with open_corpus(request) as corpus:
        if corpus.get(doc_id) is None:
            raise HTTPException(404, f"no document with id {doc_id!r} in this store")
        trace = corpus.trace(doc_id)
        origins = corpus.origins(doc_id) if has_feature(corpus, "origins") else None  # type: ignore[attr-defined]
        story_id = corpus.story_of(doc_id) if has_feature(corpus, "story_of") else None  # type: ignore[attr-defined]
        others = _others(
            corpus,
            {p.other for p in trace.passages}
            | {s.source_doc for s in (origins.segments if origins else ()) if s.source_doc},
        )
        claims = document_claims(corpus, doc_id)
        pictures = document_pictures(corpus, doc_id)
    span = parse_span(hl, len(trace.document.text))
    marks = claim_marks(claims.claims or [], len(trace.document.text))
    view = document_view(trace, origins, others, span, marks)
    return templates(request).render(
        "document.html",
        view=view,
        trace=trace,
        story_id=story_id,
        has_origins=origins is not None,
        bad_hl=hl is not None and span is None,
        claims=claims,
        claim_rows=claim_rows(claims.claims or []),
        pictures=pictures,
    )


def _others(corpus: Corpus, ids: set[str]) -> dict[str, Any]:
    return {d: a for d in sorted(ids) if (a := corpus.get(d)) is not None}


@router.get("/compare", response_class=HTMLResponse)
def compare_page(
    request: Request,
    a: str | None = Query(None, max_length=2000),
    b: str | None = Query(None, max_length=2000),
) -> Response:
    """Two documents side by side: aligned passages linked, changed words marked."""
    if not a or not b:
        return templates(request).render("compare.html", view=None, a=a or "", b=b or "")
    with open_corpus(request) as corpus:
        art_a, art_b = corpus.get(a), corpus.get(b)
        missing = [d for d, art in ((a, art_a), (b, art_b)) if art is None]
        if missing or art_a is None or art_b is None:
            raise HTTPException(404, f"no document with id {missing[0]!r} in this store")
        passages = compare(art_a, art_b, corpus.config.align)
    return templates(request).render("compare.html", view=compare_view(art_a, art_b, passages), a=a, b=b)


@router.get("/search", response_class=HTMLResponse)
def search_form(request: Request) -> Response:
    """Paste text or upload a file."""
    return templates(request).render("search.html", result=None, text="", add=False, error=None)


@router.post("/search", response_class=HTMLResponse)
async def search_page(request: Request) -> Response:
    """Where a pasted text or uploaded file came from; stored only when "add" is ticked."""
    limit = request.app.state.config.max_body_bytes
    form = await request.form(max_files=1, max_fields=8, max_part_size=limit)
    text = form.get("text")
    upload = form.get("file")
    add = form.get("add") == "on"
    if isinstance(upload, UploadFile) and upload.filename:
        data, name = await upload.read(), upload.filename
    elif isinstance(text, str) and text.strip():
        data, name = text.encode("utf-8"), pasted_filename(text)
    else:
        return templates(request).render(
            "search.html", status=400, result=None, text="", add=add, error="paste some text or choose a file"
        )

    def run() -> Any:
        with open_corpus(request) as corpus:
            result = search(corpus, data, name, add=add, limit=request.app.state.config.max_search_docs)
            views = [
                document_view(t, None, _others(corpus, {p.other for p in t.passages}), None)
                for t in result.traces
            ]
        return result, views

    result, views = await run_in_threadpool(run)
    return templates(request).render(
        "search.html",
        result=result,
        views=views,
        text=text if isinstance(text, str) else "",
        add=add,
        error=None,
    )


@router.get("/story/{story_id:path}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> Response:
    """A story: its timeline and its provenance graph, the first article marked."""
    with open_corpus(request) as corpus:
        if not has_feature(corpus, "story"):
            return templates(request).render("story.html", story=None, graph=None, groups=None, members=set())
        story: Story | None = corpus.story(story_id)  # type: ignore[attr-defined]
        if story is None:
            raise HTTPException(404, f"no story with id {story_id!r}")
        members = {e.doc_id for e in story.timeline}
        links = [lk for d in sorted(members) for lk in corpus.links(d) if lk.doc_a == d]
        groups = story_claim_groups(corpus, members)
    return templates(request).render(
        "story.html", story=story, graph=layout_story(story, links), groups=groups, members=members
    )


@router.get("/outlet/{name:path}", response_class=HTMLResponse)
def outlet_page(request: Request, name: str) -> Response:
    """An outlet's profile: how much of its text is copied, and from whom."""
    with open_corpus(request) as corpus:
        if not has_feature(corpus, "outlet"):
            return templates(request).render("outlet.html", profile=None, name=name)
        profile: OutletProfile | None = corpus.outlet(name)  # type: ignore[attr-defined]
    if profile is None:
        raise HTTPException(404, f"no outlet named {name!r} in this store")
    return templates(request).render("outlet.html", profile=profile, name=name)


@router.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for it; the icon is an SVG in /static."""
    return RedirectResponse("/static/favicon.svg", status_code=308)

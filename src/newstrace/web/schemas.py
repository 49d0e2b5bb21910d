"""Response models of the JSON API (they make the OpenAPI schema), built from the records."""

from __future__ import annotations

from pydantic import BaseModel, Field

from newstrace.provenance.model import OutletProfile, Segment, Story
from newstrace.provenance.trace import Trace, TracedPassage
from newstrace.records import Article, Passage

__all__ = [
    "CompareOut",
    "ComparePassageOut",
    "CountsOut",
    "DocumentOut",
    "DocumentSummary",
    "EdgeOut",
    "OutletOut",
    "OutletSourceOut",
    "SearchIn",
    "SearchOut",
    "SegmentOut",
    "SegmentsOut",
    "StoryEntryOut",
    "StoryOut",
    "SubstitutionOut",
    "TraceOut",
    "TracedPassageOut",
    "compare_out",
    "document_summary",
    "outlet_out",
    "segments_out",
    "story_out",
    "trace_out",
]


class CountsOut(BaseModel):
    """Corpus counts."""

    documents: int
    reuse_links: int
    pending_index: int
    pending_align: int
    stories: int | None = Field(None, description="null when this build computes no stories")
    outlets: int | None = Field(None, description="null when this build profiles no outlets")


class DocumentSummary(BaseModel):
    """A stored document without its text."""

    id: str
    title: str | None
    source: str | None = Field(description="the outlet")
    url: str | None
    published: str | None
    chars: int


class DocumentOut(DocumentSummary):
    """A stored document with its text (every span points into it)."""

    author: str | None
    text: str


class SubstitutionOut(BaseModel):
    """A word here that stands where another word stands there (spinning)."""

    here: str
    there: str
    here_start: int
    here_end: int
    there_start: int
    there_end: int


class TracedPassageOut(BaseModel):
    """One shared passage, seen from the traced document."""

    start: int
    end: int
    other: str
    other_start: int
    other_end: int
    role: str = Field(
        description="source: the other document is its source; copy: the other copied it; "
        "undetermined: direction unknown"
    )
    score: float
    matched_words: int
    reason: str
    substitutions: list[SubstitutionOut]
    other_title: str | None
    other_source: str | None
    other_published: str | None


class TraceOut(BaseModel):
    """Where a document's passages came from (or went to)."""

    document: DocumentSummary
    stored: bool
    reused_chars: int
    passages: list[TracedPassageOut]


class SegmentOut(BaseModel):
    """A stretch of the text and its origin."""

    start: int
    end: int
    label: str = Field(description="own, copied or undetermined")
    source_doc: str | None
    source_start: int | None
    source_end: int | None
    path: list[str]
    spun: int


class SegmentsOut(BaseModel):
    """The colouring the document page shows."""

    doc_id: str
    basis: str = Field(description="origins (Corpus.origins) or trace (shared passages, no origins computed)")
    segments: list[SegmentOut]


class ComparePassageOut(BaseModel):
    """A passage of A reused in B."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    score: float
    matched_words: int
    substitutions: list[SubstitutionOut]


class CompareOut(BaseModel):
    """Two stored documents aligned."""

    a: str
    b: str
    passages: list[ComparePassageOut]


class SearchIn(BaseModel):
    """Text to trace against the store."""

    text: str = Field(min_length=1, description="the article text")
    add: bool = Field(False, description="also add it to the store")


class SearchOut(BaseModel):
    """Traces of the documents read from the input."""

    traces: list[TraceOut]
    problems: list[str]
    total: int
    added: int | None = Field(None, description="documents newly stored (null when nothing was added)")
    refused: list[str]


class StoryEntryOut(BaseModel):
    """One article in a story's timeline."""

    doc_id: str
    published: str | None
    outlet: str | None
    title: str | None


class EdgeOut(BaseModel):
    """Reuse between two articles of a story."""

    source: str
    target: str
    directed: bool = Field(description="true: from source to copy; false: direction unknown")
    passages: int


class StoryOut(BaseModel):
    """A cluster of articles about one event."""

    story_id: str
    first_doc: str
    size: int
    outlets: list[str]
    timeline: list[StoryEntryOut]
    edges: list[EdgeOut] | None = None


class OutletSourceOut(BaseModel):
    """An outlet copied from, with its share of the copier's text."""

    outlet: str
    share: float


class OutletOut(BaseModel):
    """An outlet's profile."""

    outlet: str
    documents: int
    chars: int
    copied_share: float
    spun_share: float
    sources: list[OutletSourceOut]


def document_summary(a: Article) -> DocumentSummary:
    """A document's header fields."""
    return DocumentSummary(
        id=a.id, title=a.title, source=a.source, url=a.url, published=a.published, chars=len(a.text)
    )


def _passage(p: TracedPassage) -> TracedPassageOut:
    return TracedPassageOut(
        start=p.start,
        end=p.end,
        other=p.other,
        other_start=p.other_start,
        other_end=p.other_end,
        role=p.role,
        score=p.score,
        matched_words=p.matched,
        reason=p.reason,
        substitutions=[
            SubstitutionOut(
                here=s[0], there=s[1], here_start=s[2], here_end=s[3], there_start=s[4], there_end=s[5]
            )
            for s in p.substitutions
        ],
        other_title=p.other_title,
        other_source=p.other_source,
        other_published=p.other_published,
    )


def trace_out(trace: Trace) -> TraceOut:
    """A trace as JSON."""
    return TraceOut(
        document=document_summary(trace.document),
        stored=trace.stored,
        reused_chars=trace.reused_chars,
        passages=[_passage(p) for p in trace.passages],
    )


def segments_out(doc_id: str, segments: tuple[Segment, ...], basis: str) -> SegmentsOut:
    """A document's colouring as JSON."""
    return SegmentsOut(
        doc_id=doc_id,
        basis=basis,
        segments=[
            SegmentOut(
                start=s.start,
                end=s.end,
                label=s.label,
                source_doc=s.source_doc,
                source_start=s.source_start,
                source_end=s.source_end,
                path=list(s.path),
                spun=s.spun,
            )
            for s in segments
        ],
    )


def compare_out(a: str, b: str, passages: list[Passage]) -> CompareOut:
    """An alignment as JSON."""
    return CompareOut(
        a=a,
        b=b,
        passages=[
            ComparePassageOut(
                a_start=p.a_start,
                a_end=p.a_end,
                b_start=p.b_start,
                b_end=p.b_end,
                score=p.score,
                matched_words=p.matched,
                substitutions=[
                    SubstitutionOut(
                        here=s.a_text,
                        there=s.b_text,
                        here_start=s.a_start,
                        here_end=s.a_end,
                        there_start=s.b_start,
                        there_end=s.b_end,
                    )
                    for s in p.substitutions
                ],
            )
            for p in passages
        ],
    )


def story_out(story: Story, edges: dict[tuple[str, str, bool], int] | None = None) -> StoryOut:
    """A story as JSON, with its reuse edges (:func:`newstrace.web.graph.story_edges`) when given."""
    return StoryOut(
        story_id=story.story_id,
        first_doc=story.first_doc,
        size=story.size,
        outlets=list(story.outlets),
        timeline=[
            StoryEntryOut(doc_id=e.doc_id, published=e.published, outlet=e.outlet, title=e.title)
            for e in story.timeline
        ],
        edges=None
        if edges is None
        else [
            EdgeOut(source=src, target=dst, directed=directed, passages=n)
            for (src, dst, directed), n in sorted(edges.items())
        ],
    )


def outlet_out(o: OutletProfile) -> OutletOut:
    """An outlet profile as JSON."""
    return OutletOut(
        outlet=o.outlet,
        documents=o.documents,
        chars=o.chars,
        copied_share=o.copied_share,
        spun_share=o.spun_share,
        sources=[OutletSourceOut(outlet=s.outlet, share=s.share) for s in o.sources],
    )

"""Typed records of provenance answers: origins, stories and outlet profiles.

These are the shapes every face shows (CLI, web UI, Python API, Spark output). The
algorithms that fill them live beside this module; the records carry no behaviour beyond
small derived properties. Spans are half-open character offsets into stored texts.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Origins", "OutletProfile", "OutletSource", "Segment", "Story", "StoryEntry"]


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of one document's text and where it came from.

    Attributes:
        start, end: character span in the document.
        label: ``"own"`` (no known source), ``"copied"`` (an earlier document holds it) or
            ``"undetermined"`` (shared, but who copied whom is not known).
        source_doc: the origin document (transitively: the earliest known holder), or ``None``.
        source_start, source_end: the span of the passage in ``source_doc``.
        path: the chain of documents the text travelled through, origin first, this document
            last (``("A", "B", "C")`` when C copied B, which copied A).
        spun: number of words substituted between the origin and this document.
    """

    start: int
    end: int
    label: str
    source_doc: str | None = None
    source_start: int | None = None
    source_end: int | None = None
    path: tuple[str, ...] = ()
    spun: int = 0


@dataclass(frozen=True, slots=True)
class Origins:
    """A document's text split into own and copied segments, in text order.

    Attributes:
        doc_id: the document.
        length: its text length in characters.
        segments: non-overlapping segments covering the text, in order.
        shares: origin document id -> share of this document's characters copied from it.
        composite: ``True`` when text comes from two or more origins.
        composite_reason: why it counts as a composite (empty when it does not).
    """

    doc_id: str
    length: int
    segments: tuple[Segment, ...]
    shares: tuple[tuple[str, float], ...] = ()
    composite: bool = False
    composite_reason: str = ""


@dataclass(frozen=True, slots=True)
class StoryEntry:
    """One article of a story's timeline."""

    doc_id: str
    published: str | None
    outlet: str | None
    title: str | None


@dataclass(frozen=True, slots=True)
class Story:
    """A cluster of articles about one event.

    Attributes:
        story_id: stable across runs on the same input (derived from its members, not a counter).
        first_doc: the earliest article (by publication time, then by reuse direction).
        timeline: the articles ordered by publication time (unknown times last).
        outlets: the distinct outlets, in order of first appearance.
    """

    story_id: str
    first_doc: str
    timeline: tuple[StoryEntry, ...]
    outlets: tuple[str, ...] = ()

    @property
    def size(self) -> int:
        """Number of articles in the story."""
        return len(self.timeline)


@dataclass(frozen=True, slots=True)
class OutletSource:
    """An outlet another outlet copies from, with the share of the copier's text."""

    outlet: str
    share: float


@dataclass(frozen=True, slots=True)
class OutletProfile:
    """How much of one outlet's text is its own: the content-farm profile.

    Attributes:
        outlet: the outlet (``series``, or the site of the URL).
        documents: number of its documents in the store.
        chars: total characters of its documents.
        copied_share: share of its characters copied from other outlets' earlier documents.
        spun_share: share of its copied words that were substituted (synonym or name spin).
        sources: the outlets it copies from, largest share first.
    """

    outlet: str
    documents: int
    chars: int
    copied_share: float
    spun_share: float
    sources: tuple[OutletSource, ...] = ()

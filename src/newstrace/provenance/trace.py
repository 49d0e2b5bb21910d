"""A document's trace: each reused passage seen from that document's side."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from newstrace.records import Article, Direction, ReuseLink

__all__ = ["Trace", "TracedPassage", "trace_document"]


@dataclass(frozen=True, slots=True)
class TracedPassage:
    """One passage of the traced document that another document shares.

    Attributes:
        start, end: span in the traced document.
        other: id of the other document; ``other_start``/``other_end`` its span.
        role: ``"source"`` when the other document is the source of this passage,
            ``"copy"`` when it copied this passage from the traced document,
            ``"undetermined"`` when the direction is not known.
        substitutions: ``(word here, word there)`` pairs, with their spans.
    """

    start: int
    end: int
    other: str
    other_start: int
    other_end: int
    role: str
    score: float
    matched: int
    reason: str
    substitutions: tuple[tuple[str, str, int, int, int, int], ...]
    other_title: str | None = None
    other_source: str | None = None
    other_published: str | None = None


@dataclass(frozen=True, slots=True)
class Trace:
    """Where the passages of one document came from (or went to)."""

    document: Article
    passages: tuple[TracedPassage, ...]
    stored: bool

    @property
    def reused_chars(self) -> int:
        """Characters of the document covered by at least one shared passage."""
        covered: set[int] = set()
        for p in self.passages:
            covered.update(range(p.start, p.end))
        return len(covered)


def _role(link: ReuseLink, here_is_a: bool) -> str:
    if link.direction is Direction.UNDETERMINED:
        return "undetermined"
    a_is_source = link.direction is Direction.A_TO_B
    return "copy" if a_is_source == here_is_a else "source"


def _oriented(link: ReuseLink, doc_id: str, others: Mapping[str, Article]) -> TracedPassage:
    p = link.passage
    here_is_a = link.doc_a == doc_id and link.doc_b != doc_id
    other_id = link.doc_b if here_is_a else link.doc_a
    other = others.get(other_id)
    if here_is_a:
        span, other_span = (p.a_start, p.a_end), (p.b_start, p.b_end)
        subs = tuple((s.a_text, s.b_text, s.a_start, s.a_end, s.b_start, s.b_end) for s in p.substitutions)
    else:
        span, other_span = (p.b_start, p.b_end), (p.a_start, p.a_end)
        subs = tuple((s.b_text, s.a_text, s.b_start, s.b_end, s.a_start, s.a_end) for s in p.substitutions)
    return TracedPassage(
        span[0], span[1], other_id, other_span[0], other_span[1], _role(link, here_is_a),
        p.score, p.matched, link.reason, subs,
        other.title if other else None, other.source if other else None,
        other.published if other else None,
    )


def trace_document(
    document: Article, links: Iterable[ReuseLink], others: Mapping[str, Article], stored: bool
) -> Trace:
    """Orient every link that involves ``document`` from its side, in text order."""
    passages = [
        _oriented(link, document.id, others)
        for link in links
        if document.id in (link.doc_a, link.doc_b)
    ]
    passages.sort(key=lambda t: (t.start, t.end, t.other))
    return Trace(document, tuple(passages), stored)

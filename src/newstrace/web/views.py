"""View models: what a page shows, built from the API's records by pure functions.

Nothing here computes provenance: origins come from ``Corpus.origins`` when the store
offers it, and otherwise the trace's own passages are shown, coloured by the document
they share text with. The functions only arrange records for display.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from newstrace.provenance.model import Origins, Segment
from newstrace.provenance.trace import Trace, TracedPassage
from newstrace.records import Article, Passage
from newstrace.web.markup import Mark, Node, flatten, nest

__all__ = [
    "PALETTE_SIZE",
    "CompareView",
    "DocumentView",
    "OriginKey",
    "anchor_id",
    "compare_view",
    "doc_href",
    "document_view",
    "parse_span",
    "safe_url",
    "segments_from_trace",
]

PALETTE_SIZE = 8  # colours o0..o7 in style.css; further origins reuse them in turn


def anchor_id(start: int, end: int) -> str:
    """The element id of a passage span on a document page (``p-120-480``)."""
    return f"p-{start}-{end}"


def doc_href(doc_id: str, start: int | None = None, end: int | None = None) -> str:
    """The URL of a document page, highlighting and scrolling to a span when given."""
    base = f"/doc/{quote(doc_id, safe='')}"
    if start is None or end is None:
        return base
    return f"{base}?hl={start}-{end}#{anchor_id(start, end)}"


def parse_span(value: str | None, length: int) -> tuple[int, int] | None:
    """``"120-480"`` to ``(120, 480)`` when it is a non-empty span inside a text of ``length``."""
    if not value:
        return None
    left, sep, right = value.partition("-")
    if not sep or not left.isdigit() or not right.isdigit():
        return None
    start, end = int(left), int(right)
    return (start, end) if 0 <= start < end <= length else None


def safe_url(url: str | None) -> str | None:
    """The URL when it is http(s); anything else (``javascript:``, ``data:``) is not linked."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


@dataclass(frozen=True, slots=True)
class OriginKey:
    """One origin in a document's legend: its colour class and share of the text."""

    doc_id: str
    css: str
    share: float
    title: str | None
    outlet: str | None


@dataclass(frozen=True, slots=True)
class DocumentView:
    """A document page: the marked-up text, the legend, and where the colours came from.

    ``basis`` is ``"origins"`` (``Corpus.origins``) or ``"trace"`` (the trace's passages).
    """

    article: Article
    nodes: list[Node]
    legend: list[OriginKey]
    segments: tuple[Segment, ...]
    basis: str
    highlight: tuple[int, int] | None
    reused_by: list[TracedPassage]


_ROLE_ORDER = {"source": 0, "undetermined": 1, "copy": 2}


def segments_from_trace(trace: Trace) -> tuple[Segment, ...]:
    """Segments for colouring when no origins are computed: each shared passage, coloured by
    its other document (passages this document is the source of are left out).

    Where passages overlap, a known source beats an undetermined one, then the higher score.
    """
    length = len(trace.document.text)
    ranked = sorted(
        (p for p in trace.passages if p.role != "copy"),
        key=lambda p: (_ROLE_ORDER[p.role], -p.score, p.start),
    )
    marks = flatten([Mark(p.start, p.end, id=str(i)) for i, p in enumerate(ranked)])
    segments: list[Segment] = []
    pos = 0
    for mark in marks:
        if pos < mark.start:
            segments.append(Segment(pos, mark.start, "own"))
        p = ranked[int(mark.id)] if mark.id is not None else _owner(ranked, mark)
        label = "copied" if p.role == "source" else "undetermined"
        spun = len(p.substitutions)
        segments.append(
            Segment(mark.start, mark.end, label, p.other, p.other_start, p.other_end, (p.other,), spun)
        )
        pos = mark.end
    if pos < length:
        segments.append(Segment(pos, length, "own"))
    return tuple(segments)


def _owner(ranked: Sequence[TracedPassage], mark: Mark) -> TracedPassage:
    return next(p for p in ranked if p.start <= mark.start and mark.end <= p.end)


def _legend(segments: Sequence[Segment], length: int, titles: dict[str, Article]) -> list[OriginKey]:
    chars: dict[str, int] = {}
    for seg in segments:
        if seg.source_doc is not None:
            chars[seg.source_doc] = chars.get(seg.source_doc, 0) + seg.end - seg.start
    order = sorted(chars, key=lambda d: (-chars[d], d))
    return [
        OriginKey(
            d,
            f"o{n % PALETTE_SIZE}",
            chars[d] / max(1, length),
            titles[d].title if d in titles else None,
            titles[d].source if d in titles else None,
        )
        for n, d in enumerate(order)
    ]


def _segment_link(seg: Segment, passages: Sequence[TracedPassage]) -> tuple[str, int, int] | None:
    if seg.source_doc is not None and seg.source_start is not None and seg.source_end is not None:
        return seg.source_doc, seg.source_start, seg.source_end
    best = max(
        (p for p in passages if p.start < seg.end and seg.start < p.end and p.role != "copy"),
        key=lambda p: min(p.end, seg.end) - max(p.start, seg.start),
        default=None,
    )
    return None if best is None else (best.other, best.other_start, best.other_end)


def document_view(
    trace: Trace,
    origins: Origins | None,
    others: dict[str, Article],
    highlight: tuple[int, int] | None,
    claims: tuple[Sequence[Mark], Sequence[Mark]] = ((), ()),
) -> DocumentView:
    """Arrange a stored (or pasted) document for its page.

    Copied segments link to the source passage on the source's page; every passage another
    document shares gets an anchor (``p-START-END``) so links from elsewhere land on it.
    ``claims`` holds the claim anchors and spans (:func:`newstrace.web.claims.claim_marks`),
    marked inside the segments (the changed words and the claim anchors inside them).
    """
    doc = trace.document
    segments = origins.segments if origins is not None else segments_from_trace(trace)
    legend = _legend(segments, len(doc.text), others)
    css_of = {k.doc_id: k.css for k in legend}
    seg_marks: list[Mark] = []
    for seg in segments:
        if seg.label == "own":
            continue
        link = _segment_link(seg, trace.passages)
        verb = "copied from" if seg.label == "copied" else "shared with (direction unknown)"
        origin = seg.source_doc or (link[0] if link else None)
        title = f"{verb} {origin}" if origin else verb
        if seg.spun:
            title += f"; {seg.spun} word(s) changed"
        css = f"seg {seg.label} {css_of.get(seg.source_doc or '', 'o-none')}"
        seg_marks.append(
            Mark(
                seg.start,
                seg.end,
                "a" if link else "span",
                css,
                None,
                doc_href(*link) if link else None,
                title,
            )
        )
    anchors = [_anchor(p.start, p.end, highlight) for p in trace.passages]
    hl_marks = [Mark(*highlight, "mark", "target", anchor_id(*highlight))] if highlight else []
    subs = [
        Mark(s[2], s[3], "span", "sub", title=f"{s[1]!r} in {p.other}")
        for p in trace.passages
        if p.role != "copy"
        for s in p.substitutions
    ]
    claim_anchors, claim_spans = claims
    # Claim anchors go innermost: a point in an outer layer would cut the coloured segments.
    # Claim spans sit between the segments and the changed words, which stay marked whole.
    layers = [
        hl_marks,
        _dedupe(anchors),
        flatten(seg_marks),
        flatten(claim_spans),
        flatten(subs),
        _dedupe(list(claim_anchors)),
    ]
    nodes = nest(doc.text, layers)
    reused_by = [p for p in trace.passages if p.role == "copy"]
    basis = "origins" if origins is not None else "trace"
    return DocumentView(doc, nodes, legend, segments, basis, highlight, reused_by)


def _anchor(start: int, end: int, highlight: tuple[int, int] | None) -> Mark:
    ident = None if highlight == (start, end) else anchor_id(start, end)
    return Mark(start, start, "span", "anchor", ident)


def _dedupe(marks: list[Mark]) -> list[Mark]:
    seen: set[str | None] = set()
    out = []
    for m in marks:
        if m.id is not None and m.id not in seen:
            seen.add(m.id)
            out.append(m)
    return out


@dataclass(frozen=True, slots=True)
class CompareView:
    """Two documents side by side with their aligned passages."""

    a: Article
    b: Article
    passages: list[Passage]
    nodes_a: list[Node]
    nodes_b: list[Node]


def compare_view(a: Article, b: Article, passages: Sequence[Passage]) -> CompareView:
    """Mark aligned passages (``pa-N``/``pb-N``, each linking to its partner) and the words
    that differ (shown as deleted on A's side and inserted on B's, like a diff)."""
    ordered = sorted(passages, key=lambda p: (p.a_start, p.b_start))
    marks_a, marks_b, subs_a, subs_b = [], [], [], []
    for n, p in enumerate(ordered, 1):
        tip = f"passage {n}: score {p.score:.2f}, {p.matched} words match"
        marks_a.append(
            Mark(
                p.a_start,
                p.a_end,
                "a",
                f"pass o{(n - 1) % PALETTE_SIZE}",
                f"pa-{n}",
                f"#pb-{n}",
                tip,
                f"pb-{n}",
            )
        )
        marks_b.append(
            Mark(
                p.b_start,
                p.b_end,
                "a",
                f"pass o{(n - 1) % PALETTE_SIZE}",
                f"pb-{n}",
                f"#pa-{n}",
                tip,
                f"pa-{n}",
            )
        )
        for s in p.substitutions:
            subs_a.append(Mark(s.a_start, s.a_end, "del", "del", title=f"{s.b_text!r} in B"))
            subs_b.append(Mark(s.b_start, s.b_end, "ins", "ins", title=f"{s.a_text!r} in A"))
    return CompareView(
        a,
        b,
        ordered,
        nest(a.text, [flatten(marks_a), flatten(subs_a)]),
        nest(b.text, [flatten(marks_b), flatten(subs_b)]),
    )

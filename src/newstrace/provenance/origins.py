"""Origins: each document's text split into own and copied segments, traced transitively.

If C copied a passage from B, and B holds that passage because it copied it from A, the
origin of C's passage is A and its path is ``(A, B, C)``. A document is a composite when
its text comes from two or more origins, or when it holds one origin's passages rearranged
among a majority of other material (an assembled page whose other sources are not stored).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from newstrace.provenance.model import Origins, Segment
from newstrace.records import Article, Direction, ReuseLink

__all__ = ["composite_reason", "origins_of"]

_PRIORITY = {"copied": 2, "undetermined": 1}


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int
    end: int
    label: str
    other: str
    other_start: int
    other_end: int
    score: float
    spun: int


def _pieces(doc_id: str, links: Iterable[ReuseLink]) -> list[_Piece]:
    out = []
    for lk in links:
        if doc_id not in (lk.doc_a, lk.doc_b) or lk.doc_a == lk.doc_b:
            continue
        here_a = lk.doc_a == doc_id
        p = lk.passage
        span, other_span = (
            ((p.a_start, p.a_end), (p.b_start, p.b_end))
            if here_a
            else ((p.b_start, p.b_end), (p.a_start, p.a_end))
        )
        other = lk.doc_b if here_a else lk.doc_a
        if lk.direction is Direction.UNDETERMINED:
            label = "undetermined"
        elif lk.source == other:
            label = "copied"
        else:
            continue  # the other document copied this passage from here: it stays own text
        out.append(_Piece(*span, label, other, *other_span, p.score, len(p.substitutions)))
    return out


def _best(covering: list[_Piece]) -> _Piece | None:
    if not covering:
        return None
    return max(covering, key=lambda q: (_PRIORITY[q.label], q.score, q.end - q.start, q.other))


def _elementary(length: int, pieces: list[_Piece]) -> list[tuple[int, int, _Piece | None]]:
    cuts = sorted({0, length} | {min(length, max(0, x)) for q in pieces for x in (q.start, q.end)})
    out: list[tuple[int, int, _Piece | None]] = []
    for s, e in itertools.pairwise(cuts):
        chosen = _best([q for q in pieces if q.start <= s and e <= q.end])
        if out and out[-1][2] == chosen:
            out[-1] = (out[-1][0], e, chosen)
        else:
            out.append((s, e, chosen))
    return out


def _source_span(piece: _Piece, start: int, end: int) -> tuple[int, int]:
    s = min(piece.other_end, piece.other_start + (start - piece.start))
    e = max(s, min(piece.other_end, piece.other_end - (piece.end - end)))
    return s, e


class _Tracer:
    """Memoised origins of the documents reachable through copied passages."""

    def __init__(self, links: Iterable[ReuseLink], lengths: Mapping[str, int]) -> None:
        self.by_doc: dict[str, list[ReuseLink]] = defaultdict(list)
        for lk in links:
            self.by_doc[lk.doc_a].append(lk)
            if lk.doc_b != lk.doc_a:
                self.by_doc[lk.doc_b].append(lk)
        self.lengths = lengths
        self.memo: dict[str, tuple[Segment, ...]] = {}

    def segments(self, doc_id: str, visiting: frozenset[str] = frozenset()) -> tuple[Segment, ...]:
        if doc_id in self.memo:
            return self.memo[doc_id]
        length = self.lengths.get(doc_id, 0)
        out = []
        for s, e, piece in _elementary(length, _pieces(doc_id, self.by_doc.get(doc_id, []))):
            if piece is None:
                out.append(Segment(s, e, "own", path=(doc_id,)))
                continue
            src_s, src_e = _source_span(piece, s, e)
            seg = Segment(s, e, piece.label, piece.other, src_s, src_e, (piece.other, doc_id), piece.spun)
            if piece.label == "copied" and piece.other not in visiting and piece.other in self.lengths:
                seg = self._upstream(seg, doc_id, visiting | {doc_id})
            out.append(seg)
        result = tuple(out)
        if not visiting:
            self.memo[doc_id] = result
        return result

    def _upstream(self, seg: Segment, doc_id: str, visiting: frozenset[str]) -> Segment:
        """Follow the source further back when most of its span was itself copied from one origin."""
        assert seg.source_doc is not None and seg.source_start is not None and seg.source_end is not None
        span = max(1, seg.source_end - seg.source_start)
        overlap: dict[str, tuple[int, Segment]] = {}
        for up in self.segments(seg.source_doc, visiting):
            if up.label != "copied" or up.source_doc is None:
                continue
            n = min(up.end, seg.source_end) - max(up.start, seg.source_start)
            if n > 0:
                prev = overlap.get(up.source_doc, (0, up))
                overlap[up.source_doc] = (prev[0] + n, prev[1])
        if not overlap:
            return seg
        origin, (n, up) = max(overlap.items(), key=lambda kv: (kv[1][0], kv[0]))
        if n * 2 < span or origin == doc_id:
            return seg
        s, e = _source_span(
            _Piece(up.start, up.end, "copied", origin, up.source_start or 0, up.source_end or 0, 0.0, 0),
            max(up.start, seg.source_start),
            min(up.end, seg.source_end),
        )
        return Segment(
            seg.start,
            seg.end,
            "copied",
            origin,
            s,
            e,
            (*up.path[:-1], seg.source_doc, doc_id),
            seg.spun + up.spun,
        )


def composite_reason(segments: tuple[Segment, ...], length: int, min_share: float = 0.05) -> str:
    """Why the document counts as a composite ("" when it does not)."""
    copied: dict[str, list[Segment]] = defaultdict(list)
    for seg in segments:
        if seg.label == "copied" and seg.source_doc is not None:
            copied[seg.source_doc].append(seg)
    shares = {o: sum(s.end - s.start for s in segs) / max(1, length) for o, segs in copied.items()}
    big = sorted(o for o, share in shares.items() if share >= min_share)
    if len(big) >= 2:
        return f"text from {len(big)} origins: " + ", ".join(big)
    if len(big) == 1:
        segs = copied[big[0]]
        order = [s.source_start or 0 for s in sorted(segs, key=lambda s: s.start)]
        other = 1.0 - shares[big[0]]
        if len(segs) >= 2 and order != sorted(order) and other >= 0.5:
            return (
                f"passages of {big[0]} rearranged among other material "
                f"({other:.0%} of the text is not from {big[0]})"
            )
    return ""


def origins_of(doc: Article, links: Iterable[ReuseLink], articles: Mapping[str, Article]) -> Origins:
    """The origins of ``doc``'s text, following copied passages back through ``links``.

    ``links`` should include the links of the documents ``doc`` copied from (and theirs, for
    the full path); ``articles`` holds at least their lengths' worth (any stored article).
    """
    lengths = {k: len(a.text) for k, a in articles.items()}
    lengths[doc.id] = len(doc.text)
    segments = _Tracer(links, lengths).segments(doc.id)
    totals: dict[str, int] = defaultdict(int)
    for seg in segments:
        if seg.label == "copied" and seg.source_doc is not None:
            totals[seg.source_doc] += seg.end - seg.start
    length = max(1, len(doc.text))
    shares = tuple(sorted(((o, n / length) for o, n in totals.items()), key=lambda x: (-x[1], x[0])))
    reason = composite_reason(segments, len(doc.text))
    return Origins(doc.id, len(doc.text), segments, shares, bool(reason), reason)

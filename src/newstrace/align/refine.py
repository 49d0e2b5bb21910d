"""From a group of seeds to a reported passage: word alignment, substitutions, spans."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from newstrace.normalize import TokenSeq
from newstrace.records import Passage, Substitution

__all__ = ["TokenSpan", "merge_overlapping", "to_passage"]

# Closing punctuation that belongs to a passage when both texts have it right after it.
_CLOSERS = frozenset('.!?"”’\')]»')
_SENTENCE_END = frozenset(".!?\n")
# A shared sentence tail or head of at most this many words at a passage's edge is a
# coincidence ("... in the Middle East." ending two different sentences), not reuse.
_EDGE_FRAGMENT = 6


@dataclass(frozen=True, slots=True)
class TokenSpan:
    """A candidate passage in token positions: ``a[a0:a1]`` against ``b[b0:b1]``."""

    a0: int
    a1: int
    b0: int
    b1: int


def merge_overlapping(spans: list[TokenSpan]) -> list[TokenSpan]:
    """Merge spans that overlap in both texts (repeatedly, until none do)."""
    merged = sorted(spans, key=lambda s: (s.a0, s.b0))
    changed = True
    while changed:
        changed = False
        out: list[TokenSpan] = []
        for s in merged:
            hit = next(
                (k for k, t in enumerate(out) if s.a0 < t.a1 and t.a0 < s.a1 and s.b0 < t.b1 and t.b0 < s.b1),
                None,
            )
            if hit is None:
                out.append(s)
                continue
            t = out[hit]
            out[hit] = TokenSpan(min(s.a0, t.a0), max(s.a1, t.a1), min(s.b0, t.b0), max(s.b1, t.b1))
            changed = True
        merged = out
    return merged


def _trailing_punct(a: str, a_end: int, b: str, b_end: int, limit: int = 3) -> int:
    """How many closing punctuation characters follow both ends identically."""
    n = 0
    while (
        n < limit
        and a_end + n < len(a)
        and b_end + n < len(b)
        and a[a_end + n] == b[b_end + n]
        and a[a_end + n] in _CLOSERS
    ):
        n += 1
    return n


def _boundary_after(seq: TokenSeq, t: int) -> bool:
    """True when a sentence ends between token ``t`` and the next one."""
    if t + 1 >= len(seq):
        return True
    gap = seq.text[int(seq.ends[t]) : int(seq.starts[t + 1])]
    return any(ch in _SENTENCE_END for ch in gap)


def _trim_edges(a: TokenSeq, b: TokenSeq, a0: int, a1: int, b0: int, b1: int) -> tuple[int, int, int, int]:
    """Drop short shared sentence fragments at either edge of an aligned span."""
    for k in range(min(_EDGE_FRAGMENT, a1 - a0, b1 - b0) - 1, -1, -1):
        if a.ids[a0 + k] != b.ids[b0 + k]:
            continue
        same = bool((a.ids[a0 : a0 + k + 1] == b.ids[b0 : b0 + k + 1]).all())
        if same and _boundary_after(a, a0 + k) and _boundary_after(b, b0 + k):
            a0, b0 = a0 + k + 1, b0 + k + 1
            break
    for k in range(min(_EDGE_FRAGMENT, a1 - a0, b1 - b0), 0, -1):
        same = bool((a.ids[a1 - k : a1] == b.ids[b1 - k : b1]).all())
        if same and _boundary_after(a, a1 - k - 1) and _boundary_after(b, b1 - k - 1):
            a1, b1 = a1 - k, b1 - k
            break
    return a0, a1, b0, b1


def _different(x: str, y: str) -> bool:
    return x.casefold() != y.casefold()


def _word_alignment(
    a: TokenSeq, b: TokenSeq, span: TokenSpan
) -> tuple[int, int, int, int, int, list[Substitution]]:
    """Align the span word by word; trim unmatched ends; list the substitutions.

    Returns the trimmed token span ``(a0, a1, b0, b1)``, the matched word count and the
    substitutions (aligned words whose surface forms differ).
    """
    ops = Levenshtein.opcodes(a.ids[span.a0 : span.a1].tolist(), b.ids[span.b0 : span.b1].tolist())
    equal = [op for op in ops if op.tag == "equal"]
    if not equal:
        return span.a0, span.a0, span.b0, span.b0, 0, []
    first, last = equal[0], equal[-1]
    lo_a, hi_a, lo_b, hi_b = _trim_edges(
        a, b, span.a0 + first.src_start, span.a0 + last.src_end,
        span.b0 + first.dest_start, span.b0 + last.dest_end,
    )
    matched = 0
    subs: list[Substitution] = []
    for op in ops:
        if op.tag not in ("equal", "replace"):
            continue
        ia, ib = span.a0 + op.src_start, span.b0 + op.dest_start
        for k in range(min(op.src_end - op.src_start, op.dest_end - op.dest_start)):
            if not (lo_a <= ia + k < hi_a and lo_b <= ib + k < hi_b):
                continue
            if op.tag == "equal":
                matched += 1
            if _different(a.surface(ia + k), b.surface(ib + k)):
                subs.append(_substitution(a, b, ia + k, ib + k))
    return lo_a, hi_a, lo_b, hi_b, matched, subs


def _substitution(a: TokenSeq, b: TokenSeq, ia: int, ib: int) -> Substitution:
    return Substitution(
        int(a.starts[ia]), int(a.ends[ia]), int(b.starts[ib]), int(b.ends[ib]),
        a.surface(ia), b.surface(ib),
    )


def to_passage(a: TokenSeq, b: TokenSeq, span: TokenSpan, seed_words: int, max_dp: int) -> Passage:
    """Turn a token span into a :class:`Passage` with character offsets.

    Spans longer than ``max_dp`` words are not aligned word by word (bounded time and
    memory); their score comes from ``seed_words``, the words the seeds cover.
    """
    if max(span.a1 - span.a0, span.b1 - span.b0) <= max_dp:
        a0, a1, b0, b1, matched, subs = _word_alignment(a, b, span)
    else:
        a0, a1, b0, b1, matched, subs = span.a0, span.a1, span.b0, span.b1, seed_words, []
    if a1 <= a0 or b1 <= b0:
        return Passage(0, 0, 0, 0, 0.0, 0)
    a_start, a_end = int(a.starts[a0]), int(a.ends[a1 - 1])
    b_start, b_end = int(b.starts[b0]), int(b.ends[b1 - 1])
    tail = _trailing_punct(a.text, a_end, b.text, b_end)
    score = 2.0 * matched / ((a1 - a0) + (b1 - b0))
    return Passage(
        a_start, a_end + tail, b_start, b_end + tail, round(min(score, 1.0), 4), matched, tuple(subs)
    )

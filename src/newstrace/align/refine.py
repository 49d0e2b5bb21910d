"""From a group of seeds to a reported passage: word alignment, substitutions, spans."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Levenshtein

from newstrace.normalize import TokenSeq
from newstrace.records import Passage, Substitution

__all__ = ["TokenSpan", "covered_words", "to_passage"]


# Closing punctuation that belongs to a passage when both texts have it right after it.
_CLOSERS = frozenset('.!?"”’\')]»')
_SENTENCE_END = frozenset(".!?\n")
# A shared sentence tail or head of at most this many words at a passage's edge is a
# coincidence ("... in the Middle East." ending two different sentences), not reuse.
_EDGE_FRAGMENT = 6
# Extension along a diagonal stops once it is this many points below its best (X-drop).
_XDROP = 3
# A group whose blocks add up to more than this many times its span (plus max_dp_words)
# aligns repeated text (one sentence many times): word-by-word alignment is skipped. Normal
# passages have blocks that tile their span (factor about 1); the repeated pathological
# inputs of tests/reliability reach 20 and more.
_REPEAT_FACTOR = 2
Index = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class TokenSpan:
    """A candidate passage in token positions: ``a[a0:a1]`` against ``b[b0:b1]``."""

    a0: int
    a1: int
    b0: int
    b1: int


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


def _blocks(gi: Index, gj: Index, n: int, max_gap: int) -> tuple[Index, Index, Index, Index]:
    """Split a group's seeds (sorted by ``gi``) into runs that advance in both texts.

    Returns the blocks' token spans as arrays ``(a0, a1, b0, b1)`` (vectorised: a group of
    repeated text can hold a million seeds).
    """
    step = np.diff(gj)
    breaks = np.flatnonzero((step < 0) | (step > max_gap + n)) + 1
    first = np.concatenate((np.zeros(1, dtype=np.int64), breaks))
    a0 = np.minimum.reduceat(gi, first)
    a1 = np.maximum.reduceat(gi, first) + n
    b0 = np.minimum.reduceat(gj, first)
    b1 = np.maximum.reduceat(gj, first) + n
    return a0, a1, b0, b1


def _seed_coverage(gi: Index, gj: Index, n: int) -> int:
    """Words covered by the seeds in the text they cover least (a match count without DP)."""
    return min(covered_words(gi, n), covered_words(gj, n))


def covered_words(pos: Index, n: int) -> int:
    """How many distinct words the n-grams starting at ``pos`` cover."""
    if pos.shape[0] == 0:
        return 0
    rel = pos - pos.min()
    size = int(rel.max()) + n + 1
    delta = np.bincount(rel, minlength=size) - np.bincount(rel + n, minlength=size)
    return int((np.cumsum(delta)[:-1] > 0).sum())


def _extend(a: TokenSeq, b: TokenSeq, i: int, j: int, step: int, limit: int) -> int:
    """X-drop extension along a diagonal from ``(i, j)`` (exclusive) in direction ``step``.

    Matches score +1 and substitutions -1; returns how many words to extend by.
    """
    best = score = length = 0
    t = 0
    while t < limit:
        x, y = (i + t, j + t) if step > 0 else (i - 1 - t, j - 1 - t)
        if not (0 <= x < len(a) and 0 <= y < len(b)):
            break
        score += 1 if a.ids[x] == b.ids[y] else -1
        t += 1
        if score > best:
            best, length = score, t
        elif score < best - _XDROP:
            break
    return length


def _diagonal(a: TokenSeq, b: TokenSeq, i: int, j: int, count: int) -> tuple[int, list[tuple[int, int]]]:
    """Matches and differing word pairs along a diagonal stretch."""
    matched, pairs = 0, []
    for t in range(count):
        if a.ids[i + t] == b.ids[j + t]:
            matched += 1
        pairs.append((i + t, j + t))
    return matched, pairs


def _aligned_pairs(a: TokenSeq, b: TokenSeq, block: TokenSpan) -> tuple[int, list[tuple[int, int]]]:
    """Word alignment of one block: matches, and the word pairs aligned to each other."""
    ops = Levenshtein.opcodes(a.ids[block.a0 : block.a1].tolist(), b.ids[block.b0 : block.b1].tolist())
    matched, pairs = 0, []
    for op in ops:
        if op.tag not in ("equal", "replace"):
            continue
        if op.tag == "equal":
            matched += op.src_end - op.src_start
        for k in range(min(op.src_end - op.src_start, op.dest_end - op.dest_start)):
            pairs.append((block.a0 + op.src_start + k, block.b0 + op.dest_start + k))
    return matched, pairs


def _substitution(a: TokenSeq, b: TokenSeq, ia: int, ib: int) -> Substitution:
    return Substitution(
        int(a.starts[ia]), int(a.ends[ia]), int(b.starts[ib]), int(b.ends[ib]),
        a.surface(ia), b.surface(ib),
    )


def _extended(a: TokenSeq, b: TokenSeq, gi: Index, gj: Index, n: int, limit: int) -> tuple[
    TokenSpan, int, list[tuple[int, int]]
]:
    """The group's span grown by X-drop extension at its first and last seed in each text."""
    lo_a, hi_a = int(gi.argmin()), int((gi + n).argmax())
    lo_b, hi_b = int(gj.argmin()), int((gj + n).argmax())
    left = _extend(a, b, int(gi[lo_a]), int(gj[lo_a]), -1, limit)
    right = _extend(a, b, int(gi[hi_a]) + n, int(gj[hi_a]) + n, 1, limit)
    left_b = _extend(a, b, int(gi[lo_b]), int(gj[lo_b]), -1, limit)
    right_b = _extend(a, b, int(gi[hi_b]) + n, int(gj[hi_b]) + n, 1, limit)
    span = TokenSpan(int(gi[lo_a]) - left, int(gi[hi_a]) + n + right,
                     int(gj[lo_b]) - left_b, int(gj[hi_b]) + n + right_b)
    m1, p1 = _diagonal(a, b, int(gi[lo_a]) - left, int(gj[lo_a]) - left, left)
    m2, p2 = _diagonal(a, b, int(gi[hi_a]) + n, int(gj[hi_a]) + n, right)
    return span, m1 + m2, p1 + p2


def to_passage(a: TokenSeq, b: TokenSeq, gi: Index, gj: Index, n: int, max_gap: int,
               max_dp: int) -> Passage:
    """Turn a group of seeds into a :class:`Passage` with character offsets.

    Blocks longer than ``max_dp`` words are not aligned word by word (bounded time and
    memory); they count the words their seeds cover as matched. Neither is a group of
    repeated text, whose blocks overlap many times over (see ``_REPEAT_FACTOR``).
    """
    span, matched, pairs = _extended(a, b, gi, gj, n, max_gap)
    a0s, a1s, b0s, b1s = _blocks(gi, gj, n, max_gap)
    work = int(np.maximum(a1s - a0s, b1s - b0s).sum())
    if work > _REPEAT_FACTOR * max(span.a1 - span.a0, span.b1 - span.b0) + max_dp:
        # Blocks that overlap this much come from repeated text: which copy aligns with
        # which is arbitrary, so the passage is reported from its seeds alone.
        matched += _seed_coverage(gi, gj, n)
    else:
        for block in map(TokenSpan, a0s.tolist(), a1s.tolist(), b0s.tolist(), b1s.tolist()):
            if max(block.a1 - block.a0, block.b1 - block.b0) <= max_dp:
                m, p = _aligned_pairs(a, b, block)
            else:
                m, p = min(block.a1 - block.a0, block.b1 - block.b0), []
            matched += m
            pairs += p
    a0, a1, b0, b1 = _trim_edges(a, b, span.a0, span.a1, span.b0, span.b1)
    if a1 <= a0 or b1 <= b0:
        return Passage(0, 0, 0, 0, 0.0, 0)
    subs = sorted({
        (ia, ib) for ia, ib in pairs
        if a0 <= ia < a1 and b0 <= ib < b1 and _different(a.surface(ia), b.surface(ib))
    })
    a_start, a_end = int(a.starts[a0]), int(a.ends[a1 - 1])
    b_start, b_end = int(b.starts[b0]), int(b.ends[b1 - 1])
    tail = _trailing_punct(a.text, a_end, b.text, b_end)
    matched = min(matched, a1 - a0, b1 - b0)
    score = 2.0 * matched / ((a1 - a0) + (b1 - b0))
    return Passage(
        a_start, a_end + tail, b_start, b_end + tail, round(min(score, 1.0), 4), matched,
        tuple(_substitution(a, b, ia, ib) for ia, ib in subs),
    )

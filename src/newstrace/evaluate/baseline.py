"""A standard-library baseline aligner: difflib's matching blocks over word tokens.

``difflib.SequenceMatcher`` finds the longest common block of words, then recurses on both
sides of it, so its blocks are monotone in both texts: it keeps one order of the passages and
splits or loses passages whose sentences were swapped. That is the behaviour a serious
aligner must beat on the ``reorder`` and ``composite`` kinds.
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass

from newstrace.records import Passage, Substitution

__all__ = ["BaselineConfig", "align_difflib", "word_spans"]

_WORD = re.compile(r"\w+(?:['’.\-]\w+)*")


@dataclass(frozen=True, slots=True)
class BaselineConfig:
    """Settings of :func:`align_difflib`.

    Attributes:
        min_block: matching blocks shorter than this many words are ignored (noise such as
            "of the" or "said on").
        max_gap: neighbouring blocks merge into one passage when the words between them number
            at most this many in *both* texts (a spun word or a small edit).
        min_words: passages shorter than this many words in either text are dropped.
    """

    # Calibration: 3/4/15 are the usual settings of word n-gram seeding in PAN text alignment
    # (Sanchez-Perez et al. 2014 drop cases under ~15 words); not tuned on the benchmark.
    min_block: int = 3
    max_gap: int = 4
    min_words: int = 15

    def __post_init__(self) -> None:
        if self.min_block < 1 or self.max_gap < 0 or self.min_words < 1:
            raise ValueError(
                "BaselineConfig needs min_block >= 1, max_gap >= 0 and min_words >= 1, got "
                f"{self.min_block}, {self.max_gap}, {self.min_words}"
            )


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the word tokens of ``text`` (letters/digits, inner ' . - kept)."""
    return [m.span() for m in _WORD.finditer(text)]


def _blocks(a_words: list[str], b_words: list[str], min_block: int) -> list[tuple[int, int, int]]:
    matcher = difflib.SequenceMatcher(None, a_words, b_words, autojunk=False)
    return [(m.a, m.b, m.size) for m in matcher.get_matching_blocks() if m.size >= min_block]


def _groups(blocks: list[tuple[int, int, int]], max_gap: int) -> list[list[tuple[int, int, int]]]:
    groups: list[list[tuple[int, int, int]]] = []
    for block in blocks:
        if groups:
            a, b, size = groups[-1][-1]
            if block[0] - (a + size) <= max_gap and block[1] - (b + size) <= max_gap:
                groups[-1].append(block)
                continue
        groups.append([block])
    return groups


def _substitutions(
    group: list[tuple[int, int, int]],
    a_spans: list[tuple[int, int]],
    b_spans: list[tuple[int, int]],
    a: str,
    b: str,
) -> tuple[Substitution, ...]:
    """Word pairs at aligned positions inside equal-length gaps between blocks."""
    found = []
    for (a0, b0, size), (a1, b1, _) in itertools.pairwise(group):
        gap_a, gap_b = range(a0 + size, a1), range(b0 + size, b1)
        if len(gap_a) != len(gap_b):
            continue
        for i, j in zip(gap_a, gap_b, strict=True):
            (sa, ea), (sb, eb) = a_spans[i], b_spans[j]
            found.append(Substitution(sa, ea, sb, eb, a[sa:ea], b[sb:eb]))
    return tuple(found)


def align_difflib(a: str, b: str, config: BaselineConfig | None = None) -> list[Passage]:
    """Passages of ``a`` reused in ``b``, from difflib matching blocks of case-folded words.

    Blocks of at least ``min_block`` words are merged while the gaps between them stay within
    ``max_gap`` words in both texts; passages under ``min_words`` words are dropped.

    Example:
        >>> text = "one two three four five six seven eight nine ten"
        >>> [p.matched for p in align_difflib(text, "Intro. " + text, BaselineConfig(min_words=5))]
        [10]
    """
    config = config or BaselineConfig()
    a_spans, b_spans = word_spans(a), word_spans(b)
    a_words = [a[s:e].casefold() for s, e in a_spans]
    b_words = [b[s:e].casefold() for s, e in b_spans]
    passages = []
    for group in _groups(_blocks(a_words, b_words, config.min_block), config.max_gap):
        first, last = group[0], group[-1]
        a_count = last[0] + last[2] - first[0]
        b_count = last[1] + last[2] - first[1]
        if min(a_count, b_count) < config.min_words:
            continue
        matched = sum(size for _, _, size in group)
        passages.append(
            Passage(
                a_start=a_spans[first[0]][0],
                a_end=a_spans[last[0] + last[2] - 1][1],
                b_start=b_spans[first[1]][0],
                b_end=b_spans[last[1] + last[2] - 1][1],
                score=2 * matched / (a_count + b_count),
                matched=matched,
                substitutions=_substitutions(group, a_spans, b_spans, a, b),
            )
        )
    return passages

"""Pathological alignment inputs: repetition is handled by the aligner's guards, not by luck.

These tests check behaviour (which guard acts, what is reported); the time and memory bounds
are measured by ``benchmarks/pathological_bench.py`` and documented in docs/reliability.md.
"""

from __future__ import annotations

import random

import pytest

from newstrace.align import AlignConfig, align_texts, refine
from newstrace.normalize import normalize
from tests.conftest import COPY, SOURCE, read_text

SENTENCE = "The defence ministry claims the jihadist fighters were allowed to leave Raqqa. "


def _random_words(count: int, seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(f"w{rng.randrange(50_000)}x" for _ in range(count))


@pytest.fixture
def dp_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the word-by-word (Levenshtein) alignments the aligner runs."""
    calls: list[int] = []
    original = refine._aligned_pairs

    def counting(a, b, block):  # type: ignore[no-untyped-def]
        calls.append(max(block.a1 - block.a0, block.b1 - block.b0))
        return original(a, b, block)

    monkeypatch.setattr(refine, "_aligned_pairs", counting)
    return calls


def test_one_sentence_repeated_makes_no_seeds_and_no_passages() -> None:
    doc = SENTENCE * 2_000  # 24k words, every n-gram 2,000 times
    assert align_texts(doc, doc) == []
    assert align_texts(read_text(SOURCE), doc) == []
    assert align_texts(doc, read_text(COPY)) == []


def test_repetition_below_the_occurrence_limit_is_reported_from_seeds(dp_calls: list[int]) -> None:
    """Regression: a text repeated 20 times (at max_occurrences) aligned with itself made one
    seed group of 20 x 20 seeds per n-gram; it used to be aligned block by block (one
    Levenshtein call per seed, 72 s and 1.4 GB at 100k words)."""
    config = AlignConfig()
    base = _random_words(300, seed=7)
    doc = " ".join([base] * config.max_occurrences)
    passages = align_texts(doc, doc, config)
    assert dp_calls == [], "repeated text must not be aligned word by word"
    assert len(passages) == 1
    (p,) = passages
    assert (p.a_start, p.a_end, p.b_start, p.b_end) == (0, len(doc), 0, len(doc))
    assert p.matched == len(normalize(doc)) and p.substitutions == ()


def test_ordinary_reuse_is_still_aligned_word_by_word(dp_calls: list[int]) -> None:
    passages = align_texts(read_text(SOURCE), read_text(COPY))
    assert len(passages) == 3 and dp_calls, "the guard must not change ordinary passages"
    assert any(s.a_text == "US" and s.b_text == "USA" for p in passages for s in p.substitutions)


def test_the_repeated_document_does_not_hide_real_reuse_inside_it() -> None:
    """A copied passage embedded in a long repetitive document is still found."""
    source = read_text(SOURCE)
    copy = SENTENCE * 500 + "\n" + source[567:846] + "\n" + SENTENCE * 500
    passages = align_texts(source, copy)
    assert len(passages) == 1
    p = passages[0]
    assert source[p.a_start : p.a_end] == copy[p.b_start : p.b_end]
    assert p.a_start <= 567 + 5 and p.a_end >= 846 - 5


def test_many_reordered_passages_each_found_once() -> None:
    rng = random.Random(3)
    sentences = [_random_words(15, seed=k) + "." for k in range(300)]
    a = " ".join(sentences)
    order = sentences[:]
    rng.shuffle(order)
    b = " ".join(s + " " + _random_words(25, seed=1000 + k) + "." for k, s in enumerate(order))
    passages = align_texts(a, b)
    # Every source sentence is inside exactly one passage; sentences that were neighbours
    # in the source and landed one filler apart in the copy may form one passage (a
    # shuffled passage with own text inside is one reuse case), so there are at most 300.
    starts = [a.index(s) for s in sentences]
    holders = [[p for p in passages if p.a_start <= st and st + len(s) <= p.a_end + 1]
               for st, s in zip(starts, sentences, strict=True)]
    assert all(len(h) == 1 for h in holders)
    assert 150 <= len(passages) <= 300
    for p in passages:
        assert p.b_start < p.b_end <= len(b) and p.a_start < p.a_end <= len(a)

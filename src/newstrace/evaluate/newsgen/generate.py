"""Stream a news-like corpus with known reuse, for the candidate-index benchmark.

Every article is about ``words`` long, drawn from a word-bigram model of ECB+ news
(:mod:`newstrace.evaluate.newsgen.markov`). Most are unrelated; the others copy from an
earlier unrelated article (its *source*):

- ``copy``: the whole source, names spun to other aliases (``US`` -> ``USA``);
- ``partial``: a fresh article with one passage of ``passage_words`` words of the source
  inserted at a random word position, verbatim or spun;
- ``composite``: a fresh article carrying passages of 2-3 different sources.

A spun passage has its names spun and about ``spin`` of its words (not only of its content
words) replaced by WordNet synonyms with the PAN generator's spinner
(:mod:`newstrace.evaluate.synth.spin`). Sources are drawn from a window of recent unrelated
articles, so the generator streams: memory holds the window, never the corpus.

Ground truth: one JSON line per pair of articles that share a passage of at least
``min_truth_words`` words, ``{"a", "b", "kind", "words", "spun"}``, where ``spun`` counts the
sides whose copy of the passage was spun (0, 1; 2 for two spun copies of one source passage)
and ``kind`` is ``copy``, ``partial``, ``composite`` or ``sibling`` (two copies of overlapping
parts of one source).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import IO, Any

import numpy as np

from newstrace.evaluate.newsgen.markov import BigramModel, fit_bigrams, synthetic_lexicon
from newstrace.evaluate.synth.corpus import load_ecbplus
from newstrace.evaluate.synth.generate import DEFAULT_CORPUS
from newstrace.evaluate.synth.spin import AliasTable, spin_aliases, spin_synonyms
from newstrace.evaluate.synth.wordnet import DEFAULT_WORDNET_DIR, WordNet

__all__ = ["NewsGenConfig", "NewsGenerator", "Placement", "write_corpus"]

_BATCH = 1000
_CONTENT_SHARE = 0.45  # share of spinnable content words in generated text (measured: 0.43-0.47)


@dataclass(frozen=True, slots=True)
class NewsGenConfig:
    """Settings of the generator (equal configs give identical corpora).

    Attributes:
        articles: how many articles to write.
        seed: all randomness derives from it.
        words: (min, max) words per article.
        copy_share, partial_share, composite_share: shares of the articles of each kind.
        spin_share: share of copied passages that are spun.
        spin: requested share of a spun passage's words replaced by synonyms. The spinner
            runs short of replaceable words (names, words WordNet lacks): 0.2 achieves 16%
            of the words changed on average (median 17%, p90 20%), 0.25 achieves 20% (median
            20%, p10 17%, p90 25%); measured with difflib on 200 passages of 60 words.
        passage_words: (min, max) words of a copied passage.
        window: how many recent unrelated articles may be sources.
        rare_rate: share of words drawn from the rare-name lexicon.
        min_truth_words: shared words that make a ground-truth pair.
    """

    articles: int = 10_000
    seed: int = 1
    words: tuple[int, int] = (450, 750)
    copy_share: float = 0.03
    partial_share: float = 0.12
    composite_share: float = 0.05
    spin_share: float = 0.5
    spin: float = 0.2
    passage_words: tuple[int, int] = (40, 80)
    window: int = 20_000
    rare_rate: float = 0.08
    min_truth_words: int = 40
    corpus: Path = DEFAULT_CORPUS
    wordnet_dir: Path = DEFAULT_WORDNET_DIR
    lexicon_size: int = 200_000

    def __post_init__(self) -> None:
        if self.copy_share + self.partial_share + self.composite_share > 1:
            raise ValueError("NewsGenConfig: copy_share + partial_share + composite_share must be <= 1")
        if not 0 < self.words[0] <= self.words[1] or not 0 < self.passage_words[0] <= self.passage_words[1]:
            raise ValueError("NewsGenConfig: words and passage_words must be (min, max) with 0 < min <= max")
        if self.passage_words[1] > self.words[0]:
            raise ValueError("NewsGenConfig: passages must be shorter than articles")


@dataclass(frozen=True, slots=True)
class Placement:
    """A passage of source ``source`` (words ``[start, end)``) placed in article ``doc``."""

    doc: int
    source: int
    start: int
    end: int
    spun: bool


@dataclass(slots=True)
class _Window:
    """Word ids of the most recent unrelated articles (a ring buffer)."""

    size: int
    width: int
    ids: np.ndarray = field(init=False)
    lengths: np.ndarray = field(init=False)
    docs: np.ndarray = field(init=False)
    filled: int = 0
    head: int = 0

    def __post_init__(self) -> None:
        self.ids = np.zeros((self.size, self.width), dtype=np.int32)
        self.lengths = np.zeros(self.size, dtype=np.int32)
        self.docs = np.zeros(self.size, dtype=np.int64)

    def push(self, doc: int, ids: np.ndarray) -> None:
        self.ids[self.head, : ids.shape[0]] = ids
        self.lengths[self.head], self.docs[self.head] = ids.shape[0], doc
        self.head = (self.head + 1) % self.size
        self.filled = min(self.filled + 1, self.size)


class NewsGenerator:
    """Yields ``(record, placements)`` for each article, in order."""

    def __init__(self, config: NewsGenConfig) -> None:
        self.config = config
        self.rng = np.random.default_rng(config.seed)
        self.pyrng = random.Random(config.seed)
        self.aliases = AliasTable.load()

    @cached_property
    def model(self) -> BigramModel:
        """The bigram model of ECB+ with the rare-name lexicon."""
        texts = [d.text for d in load_ecbplus(self.config.corpus)]
        lexicon = synthetic_lexicon(np.random.default_rng(self.config.seed), self.config.lexicon_size)
        return fit_bigrams(texts, lexicon)

    @cached_property
    def wordnet(self) -> WordNet:
        """The WordNet database the spinner uses."""
        return WordNet(self.config.wordnet_dir)

    def _spin(self, text: str) -> str:
        text = spin_aliases(text, self.aliases, self.pyrng).text
        share = min(1.0, self.config.spin / _CONTENT_SHARE)
        return spin_synonyms(text, share, self.wordnet, self.pyrng).text

    def _passage(self, window: _Window, doc: int) -> tuple[str, Placement]:
        cfg = self.config
        slot = int(self.rng.integers(window.filled))
        n = int(self.rng.integers(cfg.passage_words[0], cfg.passage_words[1] + 1))
        start = int(self.rng.integers(0, int(window.lengths[slot]) - n + 1))
        spun = bool(self.rng.random() < cfg.spin_share)
        text = self.model.render(window.ids[slot, start : start + n])
        return (self._spin(text) if spun else text), Placement(
            doc, int(window.docs[slot]), start, start + n, spun
        )

    def _kind(self, window: _Window) -> str:
        if window.filled < 10:
            return "unrelated"
        c = self.config
        u = self.rng.random()
        if u < c.copy_share:
            return "copy"
        if u < c.copy_share + c.partial_share:
            return "partial"
        return "composite" if u < c.copy_share + c.partial_share + c.composite_share else "unrelated"

    def articles(self) -> Iterator[tuple[dict[str, Any], list[Placement]]]:
        """Every article as a passim-style JSONL record, with the passages it copied."""
        cfg = self.config
        window = _Window(cfg.window, cfg.words[1])
        for first in range(0, cfg.articles, _BATCH):
            count = min(_BATCH, cfg.articles - first)
            ids = self.model.sample(self.rng, count, cfg.words[1], cfg.rare_rate)
            lengths = self.rng.integers(cfg.words[0], cfg.words[1] + 1, count)
            for k in range(count):
                doc = first + k
                own = ids[k, : lengths[k]]
                kind = self._kind(window)
                text, placements = self._compose(kind, own, window, doc)
                if kind == "unrelated":
                    window.push(doc, own)
                yield self._record(doc, text, kind), placements

    def _compose(self, kind: str, own: np.ndarray, window: _Window, doc: int) -> tuple[str, list[Placement]]:
        if kind == "unrelated":
            return self.model.render(own), []
        if kind == "copy":
            slot = int(self.rng.integers(window.filled))
            n = int(window.lengths[slot])
            text = spin_aliases(self.model.render(window.ids[slot, :n]), self.aliases, self.pyrng).text
            return text, [Placement(doc, int(window.docs[slot]), 0, n, False)]
        parts = 1 if kind == "partial" else int(self.rng.integers(2, 4))
        cuts = np.sort(self.rng.integers(0, own.shape[0], parts))
        pieces, placements, position = [], [], 0
        for cut in cuts.tolist():
            passage, placement = self._passage(window, doc)
            pieces += [self.model.render(own[position:cut]), passage]
            placements.append(placement)
            position = cut
        pieces.append(self.model.render(own[position:]))
        return " ".join(p for p in pieces if p), placements

    def _record(self, doc: int, text: str, kind: str) -> dict[str, Any]:
        day = 1 + doc * 365 // max(self.config.articles, 1)
        month, mday = 1 + (day - 1) // 31 % 12, 1 + (day - 1) % 28
        return {
            "id": f"n{doc:07d}",
            "series": f"outlet{doc * 7919 % 500:03d}",
            "date": f"2026-{month:02d}-{mday:02d}",
            "text": text,
            "kind": kind,
        }


def truth_pairs(placements: list[Placement], min_words: int) -> Iterator[dict[str, Any]]:
    """Ground-truth pairs: each copy with its source, and copies of overlapping source parts."""
    by_source: dict[int, list[Placement]] = {}
    for p in placements:
        if p.end - p.start >= min_words:
            yield {"a": p.source, "b": p.doc, "words": p.end - p.start, "spun": int(p.spun)}
        by_source.setdefault(p.source, []).append(p)
    for group in by_source.values():
        for i, p in enumerate(group):
            for q in group[i + 1 :]:
                shared = min(p.end, q.end) - max(p.start, q.start)
                if shared >= min_words and p.doc != q.doc:
                    yield {
                        "a": p.doc,
                        "b": q.doc,
                        "words": shared,
                        "spun": int(p.spun) + int(q.spun),
                        "kind": "sibling",
                    }


def write_corpus(config: NewsGenConfig, corpus: IO[str], truth: IO[str]) -> dict[str, int]:
    """Write the articles as JSONL to ``corpus`` and the ground truth to ``truth``; returns counts."""
    gen = NewsGenerator(config)
    kinds: dict[str, int] = {}
    placements: list[Placement] = []
    doc_kind: dict[int, str] = {}
    for record, placed in gen.articles():
        corpus.write(json.dumps(record, ensure_ascii=False) + "\n")
        kinds[record["kind"]] = kinds.get(record["kind"], 0) + 1
        placements += placed
        if placed:
            doc_kind[placed[0].doc] = record["kind"]
    pairs = 0
    for pair in truth_pairs(placements, config.min_truth_words):
        pair.setdefault("kind", doc_kind[pair["b"]])
        pair["a"], pair["b"] = f"n{pair['a']:07d}", f"n{pair['b']:07d}"
        truth.write(json.dumps(pair) + "\n")
        pairs += 1
    return {**kinds, "pairs": pairs}

"""A word-bigram model of real news, sampled for many articles at once (vectorised).

The model is fitted on ECB+ articles (words as written, punctuation attached after
detokenising, so sentences end and begin naturally). Sampling advances a whole batch of
articles one word per step with one ``searchsorted`` over all rows of the transition table.
An order-1 chain keeps local news phrasing ("the defence ministry said") but does not copy
long runs of its training text, so two generated articles share no passage by accident.

Real news also carries many rare words (names, places, numbers) that a 982-article model
lacks; ``rare_rate`` of the words are drawn instead from a Zipf-weighted lexicon (WordNet
lemmas when available, otherwise synthetic names), which gives the index realistic
document frequencies: a few very common n-grams, a long tail of rare ones.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["BigramModel", "fit_bigrams", "synthetic_lexicon"]


@dataclass(frozen=True, slots=True)
class BigramModel:
    """Transition table of a word-bigram chain plus a rare-word lexicon.

    Attributes:
        words: the vocabulary (chain words first, then the lexicon).
        chain_size: how many of ``words`` belong to the chain.
        row_cum: per transition, its row number plus the cumulative probability within the
            row (so one ``searchsorted`` picks a successor for every row at once).
        successor: the word id each transition leads to.
        starts: word ids that begin sentences in the training text.
        lexicon_cum: cumulative Zipf weights of the lexicon words.
    """

    words: tuple[str, ...]
    chain_size: int
    row_cum: npt.NDArray[np.float64]
    successor: npt.NDArray[np.int32]
    starts: npt.NDArray[np.int32]
    lexicon_cum: npt.NDArray[np.float64]

    def sample(
        self, rng: np.random.Generator, articles: int, length: int, rare_rate: float
    ) -> npt.NDArray[np.int32]:
        """Word ids of ``articles`` texts of ``length`` words, shape ``(articles, length)``."""
        out = np.empty((articles, length), dtype=np.int32)
        state = self.starts[rng.integers(0, self.starts.shape[0], articles)]
        for t in range(length):
            out[:, t] = state
            pick = np.searchsorted(self.row_cum, state + rng.random(articles), side="right")
            state = self.successor[np.minimum(pick, self.successor.shape[0] - 1)]
        if rare_rate > 0 and self.lexicon_cum.shape[0]:
            mask = rng.random((articles, length)) < rare_rate
            draws = np.searchsorted(self.lexicon_cum, rng.random(int(mask.sum())) * self.lexicon_cum[-1])
            out[mask] = self.chain_size + draws.astype(np.int32)
        return out

    def render(self, ids: Sequence[int] | npt.NDArray[np.int32]) -> str:
        """The text of a run of word ids."""
        words = self.words
        return " ".join([words[i] for i in np.asarray(ids).tolist()])


def synthetic_lexicon(rng: np.random.Generator, size: int) -> list[str]:
    """Pronounceable capitalised pseudo-names (``Korvane``), distinct, for when WordNet is absent."""
    consonants, vowels = "bdfgklmnprstvz", "aeiou"
    seen: dict[str, None] = {}
    while len(seen) < size:
        syllables = rng.integers(2, 4)
        name = "".join(
            consonants[rng.integers(len(consonants))] + vowels[rng.integers(len(vowels))]
            for _ in range(int(syllables))
        )
        seen.setdefault(name.capitalize(), None)
    return list(seen)


def fit_bigrams(texts: Sequence[str], lexicon: Sequence[str], zipf: float = 1.0) -> BigramModel:
    """Fit the chain on ``texts`` (whitespace-separated words) and attach ``lexicon``."""
    vocab: dict[str, int] = {}
    pairs: list[tuple[int, int]] = []
    starts: set[int] = set()
    for text in texts:
        tokens = text.split()
        ids = [vocab.setdefault(w, len(vocab)) for w in tokens]
        if not ids:
            continue
        starts.add(ids[0])
        starts.update(ids[k] for k in range(1, len(ids)) if tokens[k - 1].rstrip(_CLOSERS).endswith(_ENDS))
        pairs.extend(itertools.pairwise(ids))
    size = len(vocab)
    start_arr = np.asarray(sorted(starts), dtype=np.int32)
    arr = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    has_next = np.zeros(size, dtype=np.bool_)
    has_next[arr[:, 0]] = True
    dead = np.flatnonzero(~has_next)  # every word needs a successor: a sentence start follows
    if dead.shape[0]:
        fallback = start_arr[np.arange(dead.shape[0]) % start_arr.shape[0]]
        arr = np.concatenate([arr, np.stack([dead, fallback], axis=1)])
    uniq, counts = np.unique(arr, axis=0, return_counts=True)
    rows = uniq[:, 0]
    totals = np.bincount(rows, weights=counts, minlength=size)
    offsets = np.concatenate([[0.0], np.cumsum(totals)])[rows]
    row_cum = rows + (np.cumsum(counts) - offsets) / totals[rows]
    lex = [w for w in lexicon if w not in vocab]
    weights = 1.0 / np.arange(1, len(lex) + 1) ** zipf
    return BigramModel(
        tuple(list(vocab) + lex),
        size,
        row_cum.astype(np.float64),
        uniq[:, 1].astype(np.int32),
        start_arr,
        np.cumsum(weights),
    )


_ENDS = (".", "?", "!")
_CLOSERS = "\"'”’)"

"""A streaming generator of news-like corpora with known reuse (copies, spun passages, composites).

Example:
    >>> from newstrace.evaluate.newsgen import NewsGenConfig, write_corpus
    >>> with open("corpus.jsonl", "w") as c, open("truth.jsonl", "w") as t:  # doctest: +SKIP
    ...     write_corpus(NewsGenConfig(articles=10_000, seed=1), c, t)
"""

from newstrace.evaluate.newsgen.generate import (
    NewsGenConfig,
    NewsGenerator,
    Placement,
    truth_pairs,
    write_corpus,
)
from newstrace.evaluate.newsgen.markov import BigramModel, fit_bigrams, synthetic_lexicon

__all__ = [
    "BigramModel",
    "NewsGenConfig",
    "NewsGenerator",
    "Placement",
    "fit_bigrams",
    "synthetic_lexicon",
    "truth_pairs",
    "write_corpus",
]

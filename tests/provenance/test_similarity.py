"""Similarity pairs: exact when every neighbour is kept, bounded per article otherwise."""

import json
from itertools import islice

import numpy as np
import pytest
from tests.conftest import REPO

from newstrace.provenance import similarity
from newstrace.provenance.similarity import article_features, similarity_pairs


@pytest.fixture(scope="module")
def features():
    with (REPO / "data" / "ecbplus" / "ecbplus_docs.jsonl").open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in islice(fh, 120)]
    return [article_features(t) for t in texts]


def _dense(features, weight):
    words = similarity._tfidf([f[0] for f in features]).toarray()
    names = similarity._tfidf([f[1] for f in features]).toarray()
    return (1 - weight) * words @ words.T + weight * names @ names.T


def test_all_neighbours_give_every_pair_over_the_floor(features, monkeypatch):
    monkeypatch.setattr(similarity, "_PRODUCT_CELLS", 500)  # many row blocks of a few rows
    rows, cols, sims = similarity_pairs(features, 0.3, floor=0.05)
    full = _dense(features, 0.3)
    i, j = np.nonzero(np.triu(full >= 0.05, k=1))
    got = sorted(zip(rows.tolist(), cols.tolist(), strict=True))
    assert got == sorted(zip(i.tolist(), j.tolist(), strict=True))
    assert np.allclose(sims, full[rows, cols])


def test_neighbours_keep_each_articles_most_similar_only(features):
    k = 3
    rows, cols, _ = similarity_pairs(features, 0.3, floor=0.05, neighbours=k)
    full = _dense(features, 0.3)
    np.fill_diagonal(full, -1.0)
    kept = set(zip(rows.tolist(), cols.tolist(), strict=True))
    assert (rows < cols).all() and len(kept) == rows.shape[0]
    for a in range(len(features)):
        over = [j for j in range(len(features)) if full[a, j] >= 0.05]
        order = sorted(over, key=lambda j: (-full[a, j], j))
        for b in order[:k]:  # an article's k nearest are always kept
            assert (min(a, b), max(a, b)) in kept
    for a, b in kept:  # and a kept pair is among the k nearest of one of its ends
        near_a = sorted(range(len(features)), key=lambda j: (-full[a, j], j))[:k]
        near_b = sorted(range(len(features)), key=lambda j: (-full[b, j], j))[:k]
        assert b in near_a or a in near_b
    assert len(kept) < len(similarity_pairs(features, 0.3, floor=0.05)[0])

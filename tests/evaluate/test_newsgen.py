"""The news-like corpus generator: deterministic, streaming, with truthful ground-truth pairs."""

import io
import json
import re

import numpy as np
import pytest

from newstrace.evaluate.newsgen import NewsGenConfig, fit_bigrams, synthetic_lexicon, write_corpus
from newstrace.evaluate.newsgen.generate import Placement, truth_pairs
from tests.evaluate.conftest import need_wordnet

SMALL = NewsGenConfig(
    articles=150,
    seed=7,
    words=(120, 160),
    passage_words=(40, 50),
    window=50,
    copy_share=0.1,
    partial_share=0.3,
    composite_share=0.1,
    lexicon_size=2000,
)


def generate(config):
    corpus, truth = io.StringIO(), io.StringIO()
    counts = write_corpus(config, corpus, truth)
    docs = {r["id"]: r for r in map(json.loads, corpus.getvalue().splitlines())}
    return counts, docs, [json.loads(line) for line in truth.getvalue().splitlines()]


def words(text):
    return re.findall(r"\w+", text.casefold())


def share_run(a, b, n):
    """Whether two word lists share a run of ``n`` identical consecutive words."""
    grams = {tuple(a[i : i + n]) for i in range(len(a) - n + 1)}
    return any(tuple(b[j : j + n]) in grams for j in range(len(b) - n + 1))


@pytest.fixture(scope="module")
def small():
    need_wordnet()
    return generate(SMALL)


def test_bigram_model_samples_its_vocabulary_and_rare_names():
    model = fit_bigrams(
        ["The army said on Monday .", "The minister said it was over ."],
        synthetic_lexicon(np.random.default_rng(1), 50),
    )
    ids = model.sample(np.random.default_rng(2), 4, 30, rare_rate=0.2)
    assert ids.shape == (4, 30)
    assert ids.max() < len(model.words)
    assert (ids >= model.chain_size).any() and (ids < model.chain_size).any()
    text = model.render(ids[0])
    assert len(text.split()) == 30


def test_corpus_is_deterministic_and_truth_pairs_really_share_a_passage(small):
    counts, docs, truth = small
    assert generate(SMALL)[1] == docs
    assert len(docs) == 150 and counts["pairs"] == len(truth) > 0
    assert {"copy", "partial", "composite", "unrelated"} <= set(counts)
    for pair in truth:
        a, b = words(docs[pair["a"]]["text"]), words(docs[pair["b"]]["text"])
        if pair["spun"] == 0 and pair["kind"] != "copy":
            assert share_run(a, b, 35), pair  # 40+ words verbatim (a few split by punctuation)
        else:
            assert share_run(a, b, 3), pair
    spun = [p for p in truth if p["spun"] == 1 and p["kind"] == "partial"]
    assert spun, "the small corpus should hold spun partial copies"


def test_unrelated_articles_share_no_long_run(small):
    _, docs, truth = small
    related = {(p["a"], p["b"]) for p in truth} | {(p["b"], p["a"]) for p in truth}
    plain = [d for d in docs.values() if d["kind"] == "unrelated"][:25]
    for i, x in enumerate(plain):
        for y in plain[i + 1 :]:
            assert (x["id"], y["id"]) not in related
            assert not share_run(words(x["text"]), words(y["text"]), 20)


def test_truth_pairs_include_siblings_of_one_source():
    placed = [Placement(5, 1, 0, 60, False), Placement(6, 1, 10, 70, True), Placement(7, 1, 65, 120, False)]
    pairs = list(truth_pairs(placed, 40))
    assert {"a": 5, "b": 6, "words": 50, "spun": 1, "kind": "sibling"} in pairs
    assert not any(p.get("kind") == "sibling" and {p["a"], p["b"]} == {5, 7} for p in pairs)


def test_config_refuses_passages_longer_than_articles():
    with pytest.raises(ValueError, match="shorter than articles"):
        NewsGenConfig(words=(30, 40), passage_words=(40, 50))

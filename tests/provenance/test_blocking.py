import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.provenance.test_stories import articles

from newstrace.provenance import (
    BlockConfig,
    article_day,
    block_keys,
    block_stories,
    cluster_stories,
    reuse_pairs,
    story_blocks,
)
from newstrace.provenance.blocking import shared_keys
from newstrace.provenance.similarity import article_features
from newstrace.records import Direction, Passage, ReuseLink


def names(*terms):
    return (Counter(), Counter(terms))


def link(a, b, matched):
    return ReuseLink(a, b, Passage(0, 10, 0, 10, 1.0, matched), Direction.A_TO_B, "t")


def test_keys_depend_on_names_and_time_bucket_only():
    cfg = BlockConfig(span_days=30)
    other = (Counter({9: 3}), Counter({1: 5, 2: 1}))
    assert block_keys(names(1, 2), 10.0, cfg) == block_keys(other, 12.0, cfg)
    assert block_keys(names(), 10.0, cfg) == []
    assert len(block_keys(names(1), None, cfg)) == 1  # undated: one bucket


@pytest.mark.parametrize("gap", [0.0, 1.0, 29.9, 30.0])
def test_documents_within_the_span_share_a_key(gap):
    cfg = BlockConfig(span_days=30)
    for start in (0.0, 15.5, 29.99, 59.0):
        assert set(block_keys(names(7), start, cfg)) & set(block_keys(names(7), start + gap, cfg))


def test_far_apart_or_undated_documents_share_no_key():
    cfg = BlockConfig(span_days=30)
    assert not set(block_keys(names(7), 0.0, cfg)) & set(block_keys(names(7), 61.0, cfg))
    assert not set(block_keys(names(7), 0.0, cfg)) & set(block_keys(names(7), None, cfg))


def test_reuse_pairs_keep_long_passages_only():
    cfg = BlockConfig(min_words=40)
    assert reuse_pairs([link("b", "a", 40), link("c", "d", 39), link("e", "e", 99)], cfg) == {("a", "b")}


def test_shared_keys_ignore_unique_and_too_common_keys():
    keys = {1: [10, 11, 12], 2: [10, 11, 12], 3: [12]}
    assert shared_keys(keys, BlockConfig(max_key_df=2)).counter() == Counter({(1, 2): 2})
    everything = Counter({(1, 2): 3, (1, 3): 1, (2, 3): 1})
    assert shared_keys(keys, BlockConfig(max_key_df=3, min_shared=1)).counter() == everything
    under = BlockConfig(max_key_df=3)  # (1, 3) and (2, 3) share fewer than min_shared keys
    assert shared_keys(keys, under).counter() == Counter({(1, 2): 3})


def test_a_corpus_under_max_block_is_one_block():
    keys = {5: [], 9: [1], 7: [2]}
    assert story_blocks(keys, [], BlockConfig(max_block=3)) == {5: 5, 7: 5, 9: 5}
    assert story_blocks({}, [], BlockConfig()) == {}


def test_oversized_blocks_split_level_by_level():
    # 1-2 share three keys, 2-3 two, 4-5 one, 6 alone; 5-6 joined by reuse
    keys = {1: [10, 11, 12], 2: [10, 11, 12, 13, 14], 3: [13, 14], 4: [15], 5: [15], 6: []}
    cfg = BlockConfig(max_block=3, min_shared=2, max_shared=3)
    # level 2: {1, 2, 3} (3 documents: fits) and {4}, {5, 6}
    assert story_blocks(keys, [(6, 5)], cfg) == {1: 1, 2: 1, 3: 1, 4: 4, 5: 5, 6: 5}
    # max_block 2: {1, 2, 3} splits again at level 3 into {1, 2} and {3}
    cfg2 = BlockConfig(max_block=2, min_shared=2, max_shared=3)
    assert story_blocks(keys, [(6, 5)], cfg2) == {1: 1, 2: 1, 3: 3, 4: 4, 5: 5, 6: 5}


def test_blocks_larger_than_max_at_the_last_level_stay_whole():
    keys = {1: [10], 2: [10], 3: [10]}
    cfg = BlockConfig(max_block=2, min_shared=1, max_shared=1)
    assert story_blocks(keys, [], cfg) == {1: 1, 2: 1, 3: 1}


def test_pairs_with_unknown_documents_are_ignored():
    assert story_blocks({1: [], 2: []}, [(1, 99)], BlockConfig(max_block=1)) == {1: 1, 2: 2}


@settings(max_examples=30, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(1, 6))
def test_blocks_do_not_depend_on_input_order(rnd: random.Random, max_block: int):
    keys = {d: rnd.sample(range(8), rnd.randint(0, 4)) for d in range(12)}
    pairs = [(rnd.randrange(12), rnd.randrange(12)) for _ in range(3)]
    cfg = BlockConfig(max_block=max_block, min_shared=1, max_shared=3)
    expected = story_blocks(keys, pairs, cfg)
    items = list(keys.items())
    rnd.shuffle(items)
    rnd.shuffle(pairs)
    assert story_blocks(dict(items), pairs, cfg) == expected
    for doc, block in expected.items():
        assert block <= doc and expected[block] == block  # named by its smallest member


def test_one_block_gives_the_unblocked_stories():
    docs = articles()
    rows = block_stories("q0", docs, [], None)
    expected = cluster_stories(docs, [])
    assert {r.doc_id: r.story_id for r in rows} == expected
    assert [r.doc_id for r in rows] == sorted(expected)
    firsts = {r.story_id: r.first_doc for r in rows}
    assert firsts[expected["q0"]] in {"q0", "q1", "q2"}


def test_block_stories_ignore_links_leaving_the_block():
    docs = articles()
    outside = link("q0", "elsewhere", 100)
    assert block_stories("q0", docs, [outside], None) == block_stories("q0", docs, [], None)


def test_event_names_key_the_articles_of_one_event_together():
    docs = articles()
    cfg = BlockConfig(max_block=3, max_key_df=3, min_shared=2, max_shared=2)
    keys = {i: block_keys(article_features(a.text), article_day(a), cfg) for i, a in enumerate(docs)}
    blocks = story_blocks(keys, [], cfg)
    assert len({blocks[i] for i in range(3)}) == 1 and len({blocks[i] for i in range(3, 6)}) == 1
    assert blocks[0] != blocks[3]


@pytest.mark.parametrize("chunk", [1, 3, 100_000])
def test_each_document_counts_only_its_rarest_keys(chunk, monkeypatch):
    from newstrace.provenance import block_pairs

    monkeypatch.setattr(block_pairs, "_DOC_CHUNK", chunk)
    # key 1 is held by all four documents, 2 by three, 3 by two (1 and 2), 4 by 3 and 4
    keys = {1: [1, 2, 3], 2: [1, 2, 3], 3: [1, 2, 4], 4: [1, 4]}
    one = BlockConfig(max_key_df=10, max_keys=1, min_shared=1)
    assert shared_keys(keys, one).counter() == Counter({(1, 2): 1, (3, 4): 1})
    two = BlockConfig(max_key_df=10, max_keys=2, min_shared=1)
    # 1 and 2 keep {3, 2}; 3 keeps {4, 2}; 4 keeps {4, 1}
    assert shared_keys(keys, two).counter() == Counter({(1, 2): 2, (1, 3): 1, (2, 3): 1, (3, 4): 1})


def test_shared_keys_count_like_every_pair_by_hand(monkeypatch):
    """Counting slice by slice of first documents (slices of about 50 pairs here), with key
    holders gathered chunk by chunk, counts what enumerating every pair counts."""
    import itertools
    import random

    from newstrace.provenance import block_pairs

    rnd = random.Random(7)
    docs = rnd.sample(range(10**6), 300)
    keys = {doc: [rnd.randrange(120) for _ in range(rnd.randrange(1, 12))] for doc in docs}
    monkeypatch.setattr(block_pairs, "_SLICE_PAIRS", 50)
    monkeypatch.setattr(block_pairs, "_DOC_CHUNK", 17)  # key holders counted over 18 chunks
    config = BlockConfig(max_key_df=25, min_shared=2, max_keys=12)
    holders: dict[int, set[int]] = {}
    for doc, found in keys.items():
        for k in found:
            holders.setdefault(k, set()).add(doc)
    want: Counter[tuple[int, int]] = Counter()
    for docs in holders.values():
        if 2 <= len(docs) <= 25:
            want.update(itertools.combinations(sorted(docs), 2))
    got = shared_keys(keys, config).counter()
    assert got == Counter({p: n for p, n in want.items() if n >= 2})
    assert len(want) > len(got) > 50

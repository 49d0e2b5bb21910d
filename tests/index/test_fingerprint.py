import numpy as np

from newstrace.index import IndexConfig, MemoryIndex, fingerprints
from newstrace.normalize import normalize

PASSAGE = (
    "The defence ministry claims the jihadist fighters operate disguised as members of "
    "the Syrian Democratic Forces with US support and that the offensive on Abu Kamal "
    "interrupted American plans to create a pro-US area on the eastern shore."
)


def test_fingerprints_are_sorted_unique_and_sampled():
    fp = fingerprints(normalize(PASSAGE), IndexConfig(sample=1))
    assert fp.tolist() == sorted(set(fp.tolist()))
    half = fingerprints(normalize(PASSAGE), IndexConfig(sample=2))
    assert set(half.tolist()) <= set(fp.tolist())
    assert all(h % 2 == 0 for h in half.tolist())
    assert fingerprints(normalize("the of and"), IndexConfig()).shape == (0,)


def test_partial_spun_reuse_is_a_candidate_and_unrelated_text_is_not():
    cfg = IndexConfig()
    index = MemoryIndex(cfg)
    index.add(1, fingerprints(normalize("Officials met in Rome on Monday. " + PASSAGE), cfg))
    index.add(2, fingerprints(normalize("A storm closed schools in the north on Friday."), cfg))
    spun = PASSAGE.replace("US support", "USA support").replace("claims", "asserts")
    query = fingerprints(normalize("Unrelated opening sentence here. " + spun), cfg)
    assert [doc for doc, _ in index.query(query)] == [1]
    assert index.query(query, before=1) == []
    index.remove(1)
    assert index.query(query) == []


def test_boilerplate_over_max_df_is_not_evidence():
    cfg = IndexConfig(max_df=2, min_shared=1, sample=1)
    index = MemoryIndex(cfg)
    fp = fingerprints(normalize(PASSAGE), cfg)
    for doc in range(3):
        index.add(doc, fp)
    assert index.query(fp) == []
    assert np.all(fp == fingerprints(normalize(PASSAGE), cfg))

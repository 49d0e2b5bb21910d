import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.index.postings import MAX_DOC, lookup, merge_postings, pack
from newstrace.index.segments import SegmentIndex


def fp(*keys):
    """Fingerprints whose 32-bit index keys are ``keys`` (low bits arbitrary)."""
    return np.asarray([(k << 32) | (k * 7919 % 65536) for k in keys], dtype=np.uint64)


def test_pack_and_lookup_find_each_keys_documents():
    postings = merge_postings([pack(3, fp(1, 5)), pack(1, fp(5, 9)), pack(2, fp(5))])
    lo, count = lookup(postings, np.asarray([5, 9, 4], dtype=np.uint64))
    assert count.tolist() == [3, 1, 0]
    assert sorted((postings[lo[0] : lo[0] + 3] & np.uint64(MAX_DOC)).tolist()) == [1, 2, 3]
    with pytest.raises(ValueError, match="does not fit"):
        pack(MAX_DOC + 1, fp(1))


def test_query_counts_shared_keys_and_honours_before_exclude_and_max_df(tmp_path):
    index = SegmentIndex(tmp_path / "ix")
    index.add(1, fp(10, 11, 12))
    index.add(2, fp(10, 11))
    index.add(3, fp(10, 99))
    assert index.shared(fp(10, 11, 12), max_df=100) == {1: 3, 2: 2, 3: 1}
    assert index.shared(fp(10, 11, 12), max_df=2) == {1: 2, 2: 1}  # key 10 is in 3 documents
    assert index.shared(fp(10, 11, 12), max_df=100, before=2) == {1: 3}
    docs, counts = index.query(fp(10, 11, 12), 100, exclude=1)
    assert docs.tolist() == [2, 3] and counts.tolist() == [2, 1]


def test_flushed_index_survives_reopening_and_unflushed_work_does_not(tmp_path):
    index = SegmentIndex(tmp_path / "ix")
    index.add(1, fp(1, 2))
    index.flush()
    index.add(2, fp(1, 2))  # never flushed: as after a crash
    again = SegmentIndex(tmp_path / "ix")
    assert again.shared(fp(1, 2), max_df=100) == {1: 2}
    assert again.live_docs().tolist() == [1]


def test_remove_and_replace_are_durable_and_merging_drops_dead_postings(tmp_path):
    index = SegmentIndex(tmp_path / "ix", flush_postings=2, fanout=2)
    for doc in range(1, 9):
        index.add(doc, fp(doc, 100))
        index.flush()
    index.remove(3)
    index.add(4, fp(200))  # replace: key 4 and 100 go, 200 comes
    index.flush()
    reopened = SegmentIndex(tmp_path / "ix")
    assert reopened.shared(fp(3, 4, 200), max_df=100) == {4: 1}
    assert 3 not in reopened.live_docs().tolist()
    reopened.compact()
    stats = reopened.stats()
    assert stats["segments"] == 1 and stats["tombstones"] == 0
    assert stats["postings"] == 7 * 2 - 1  # docs 1,2,5..8 have 2 keys, doc 4 one, doc 3 none
    assert SegmentIndex(tmp_path / "ix").shared(fp(100), max_df=100) == {d: 1 for d in (1, 2, 5, 6, 7, 8)}


def test_a_removed_key_that_comes_back_is_live_again(tmp_path):
    index = SegmentIndex(tmp_path / "ix")
    index.add(5, fp(1))
    index.flush()
    index.remove(5)
    index.flush()
    assert index.shared(fp(1), max_df=100) == {}
    index.add(5, fp(2))
    index.flush()
    assert SegmentIndex(tmp_path / "ix").shared(fp(1, 2), max_df=100) == {5: 1}


def test_manifest_names_only_existing_files_and_leftovers_are_removed(tmp_path):
    index = SegmentIndex(tmp_path / "ix", flush_postings=1, fanout=2)
    for doc in range(6):
        index.add(doc, fp(doc))
    (tmp_path / "ix" / "seg-99999999.post.npy").write_bytes(b"half-written")
    index.flush()
    manifest = json.loads((tmp_path / "ix" / "manifest.json").read_text())
    names = {f"{s['stem']}.{kind}.npy" for s in manifest["segments"] for kind in ("post", "docs")}
    assert names | {"manifest.json"} == {p.name for p in (tmp_path / "ix").iterdir()}


def test_scheme_is_recorded_and_a_different_one_is_refused(tmp_path):
    index = SegmentIndex(tmp_path / "ix")
    index.set_scheme("ngram=3,sample=2")
    index.add(1, fp(1))
    index.flush()
    reopened = SegmentIndex(tmp_path / "ix")
    assert reopened.scheme == "ngram=3,sample=2"
    with pytest.raises(ValueError, match="clear it first"):
        reopened.set_scheme("ngram=2,sample=4")
    reopened.clear()
    reopened.set_scheme("ngram=2,sample=4")
    assert reopened.live_docs().shape == (0,)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 30), st.lists(st.integers(0, 40), max_size=8)), max_size=25),
    st.lists(st.integers(0, 30), max_size=6),
    st.lists(st.integers(0, 40), min_size=1, max_size=10),
)
def test_segments_agree_with_a_plain_dictionary(adds, removes, query):
    index = SegmentIndex(None, flush_postings=5, fanout=2)
    truth: dict[int, set[int]] = {}
    for step, (doc, keys) in enumerate(adds):
        index.add(doc, fp(*keys))
        truth[doc] = set(keys)
        if step % 3 == 0:
            index.flush()
    for doc in removes:
        index.remove(doc)
        truth.pop(doc, None)
    expected = {d: len(k & set(query)) for d, k in truth.items() if k & set(query)}
    assert index.shared(fp(*query), max_df=1000) == expected
    assert index.live_docs().tolist() == sorted(truth)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 2**32 - 1) | st.integers(0, 50), max_size=200),
    st.none() | st.integers(0, 2**32),
    st.none() | st.integers(0, 50),
)
def test_count_shared_agrees_with_counting_by_hand(docs, before, exclude):
    """Both counting paths (an array for small keys, a sort for large ones) count alike."""
    from collections import Counter

    from newstrace.index.postings import count_shared

    want = Counter(d for d in docs if (before is None or d < before) and d != exclude)
    uniq, counts = count_shared(np.asarray(docs, dtype=np.int64), before, exclude)
    assert dict(zip(uniq.tolist(), counts.tolist(), strict=True)) == dict(want)
    assert uniq.tolist() == sorted(want)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 60), max_size=40),
    st.lists(st.integers(0, 60), max_size=200),
    st.none() | st.integers(0, 60),
)
def test_count_anchored_agrees_with_counting_by_hand(held, common, before):
    from collections import Counter

    from newstrace.index.postings import count_anchored

    keep = {d for d in held if before is None or d < before}
    want = Counter(d for d in [*held, *(c for c in common if c in keep)] if before is None or d < before)
    uniq, counts = count_anchored(np.asarray(held, np.int64), np.asarray(common, np.int64), before)
    assert dict(zip(uniq.tolist(), counts.tolist(), strict=True)) == dict(want)


def test_common_keys_count_only_for_documents_sharing_an_anchor(tmp_path):
    index = SegmentIndex(tmp_path / "ix")
    common = [np.uint64(k << 32) for k in range(10, 16)]  # keys every document holds
    for doc in range(1, 6):
        index.add(doc, np.asarray(common, dtype=np.uint64))
    index.add(2, np.asarray([*common, np.uint64(99 << 32)], dtype=np.uint64))  # 2 holds a rare key too
    query = np.asarray([*common, np.uint64(99 << 32)], dtype=np.uint64)
    assert index.shared(query, max_df=10) == {1: 6, 2: 7, 3: 6, 4: 6, 5: 6}
    assert index.shared(query, max_df=10, anchor_df=2) == {2: 7}  # only 2 holds an anchor
    assert index.shared(query, max_df=10, before=2, anchor_df=2) == {}
    assert index.shared(query, max_df=3, anchor_df=2) == {2: 1}  # common keys over the cap


def test_a_bulk_load_is_compacted_into_one_segment_and_queries_alike(tmp_path):
    rng = np.random.default_rng(3)
    index = SegmentIndex(tmp_path / "ix", flush_postings=50, fanout=8)
    prints = {doc: rng.integers(0, 400, 30).astype(np.uint64) << np.uint64(32) for doc in range(1, 61)}
    for doc in range(1, 41):
        index.add(doc, prints[doc])
    index.flush()
    index.remove(7)
    before = [index.shared(prints[d], max_df=50) for d in (3, 20, 40)]
    assert index.stats()["segments"] > 2
    assert index.compact_after_bulk(added=40)
    assert index.stats()["segments"] == 1
    assert [index.shared(prints[d], max_df=50) for d in (3, 20, 40)] == before
    assert 7 not in index.live_docs().tolist()
    for doc in range(41, 61):  # 20 more: a third of the index, not a bulk load
        index.add(doc, prints[doc])
    index.flush()
    segments = index.stats()["segments"]
    assert segments > 1 and not index.compact_after_bulk(added=20)
    assert index.stats()["segments"] == segments
    reopened = SegmentIndex(tmp_path / "ix")
    assert reopened.shared(prints[3], max_df=50) == index.shared(prints[3], max_df=50)


def test_no_compaction_above_the_limit(tmp_path):
    index = SegmentIndex(tmp_path / "ix", flush_postings=10, compact_limit=50)
    for doc in range(1, 11):
        index.add(doc, np.arange(doc * 10, doc * 10 + 10, dtype=np.uint64) << np.uint64(32))
    index.flush()
    assert index.stats()["segments"] > 1 and not index.compact_after_bulk(added=10)

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from newstrace.align.cluster import cluster_seeds


def arr(values):
    return np.asarray(values, dtype=np.int64)


def groups_as_pairs(i, j, groups):
    return sorted(sorted(zip(i[g].tolist(), j[g].tolist(), strict=True)) for g in groups)


def test_far_apart_seeds_form_separate_groups():
    i, j = arr([0, 1, 2, 100, 101]), arr([0, 1, 2, 300, 301])
    assert groups_as_pairs(i, j, cluster_seeds(i, j, 3, 5)) == [
        [(0, 0), (1, 1), (2, 2)], [(100, 300), (101, 301)],
    ]


def test_close_in_one_text_but_far_in_the_other_splits():
    i, j = arr([0, 1, 2, 3]), arr([0, 1, 400, 401])
    assert len(cluster_seeds(i, j, 3, 5)) == 2


def test_swapped_sentences_stay_one_group():
    # sentence X at a[0:10] / b[10:20], sentence Y at a[10:20] / b[0:10]
    i = arr(list(range(0, 8)) + list(range(10, 18)))
    j = arr(list(range(10, 18)) + list(range(0, 8)))
    assert len(cluster_seeds(i, j, 3, 5)) == 1


@given(st.lists(st.tuples(st.integers(0, 300), st.integers(0, 300)), max_size=60), st.randoms())
def test_grouping_does_not_depend_on_input_order(pairs, rnd):
    shuffled = pairs[:]
    rnd.shuffle(shuffled)
    results = []
    for seq in (pairs, shuffled):
        i = arr([p[0] for p in seq])
        j = arr([p[1] for p in seq])
        results.append(groups_as_pairs(i, j, cluster_seeds(i, j, 3, 8)))
    assert results[0] == results[1]
    assert sum(len(g) for g in results[0]) == len(pairs)

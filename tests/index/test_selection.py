"""The candidate rule: how many shared keys a candidate needs, and the bound the Spark job
filters pairs by before it selects."""

import pytest

from newstrace.index import IndexConfig, fewest_shared, needed_shared, select_candidates


@pytest.mark.parametrize("min_shared", [1, 2, 3, 5, 8])
def test_no_query_needs_fewer_than_the_fewest_and_some_query_needs_exactly_that(min_shared):
    config = IndexConfig(min_shared=min_shared)
    needs = [needed_shared(config, keys) for keys in range(0, 200)] + [needed_shared(config)]
    assert min(needs) == fewest_shared(config)
    assert max(needs) == min_shared


def test_short_queries_need_a_quarter_of_their_keys_but_two_at_least():
    config = IndexConfig(min_shared=5)
    assert [needed_shared(config, k) for k in (3, 8, 12, 16, 40)] == [2, 2, 3, 4, 5]


def test_selection_drops_pairs_under_the_bound_whatever_the_query():
    config = IndexConfig(min_shared=5)
    shared = {10: 1, 11: 2, 12: 5, 13: 9}
    for keys in (4, 12, 300, None):
        kept = select_candidates(shared, config, query_keys=keys)
        assert all(n >= fewest_shared(config) for _, n in kept)
        assert kept[0] == (13, 9)  # most shared first
    assert select_candidates(shared, config, query_keys=8) == [(13, 9), (12, 5), (11, 2)]
    assert select_candidates(shared, config, exclude=13) == [(12, 5)]

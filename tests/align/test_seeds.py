import numpy as np

from newstrace.align.seeds import find_seeds, ngram_hashes, supported


def ids(*values):
    return np.asarray(values, dtype=np.uint64)


def test_ngram_hashes_equal_for_equal_runs_only():
    h = ngram_hashes(ids(1, 2, 3, 1, 2, 3, 4), 3)
    assert h.shape == (5,)
    assert h[0] == h[3]
    assert len(set(h.tolist())) == 4
    assert ngram_hashes(ids(1, 2), 3).shape == (0,)


def test_find_seeds_lists_every_shared_position_pair():
    a = ids(9, 1, 2, 3, 8, 1, 2, 3)
    b = ids(1, 2, 3, 7)
    content = np.ones(8, dtype=bool)
    i, j = find_seeds(a, b, content, np.ones(4, dtype=bool), 3, 20)
    assert list(zip(i.tolist(), j.tolist(), strict=True)) == [(1, 0), (5, 0)]


def test_function_word_ngrams_and_frequent_ngrams_make_no_seeds():
    a = b = ids(1, 2, 3, 4)
    stop = np.zeros(4, dtype=bool)
    assert find_seeds(a, b, stop, stop, 3, 20)[0].shape == (0,)
    rep = ids(*([5, 6, 7] * 30))
    i, _ = find_seeds(rep, rep, np.ones(90, bool), np.ones(90, bool), 3, 20)
    assert i.shape == (0,)  # every trigram occurs 30 times > 20


def test_supported_drops_isolated_seeds_and_keeps_runs():
    run_i = np.arange(10, 20, dtype=np.int64)
    i = np.concatenate([run_i, [200]])
    j = np.concatenate([run_i + 50, [5]])
    ki, kj = supported((i, j), window=16, band=4, min_support=4)
    assert ki.tolist() == run_i.tolist()
    assert kj.tolist() == (run_i + 50).tolist()

import pytest

from newstrace.provenance import adjusted_rand_index, bcubed


def test_ari_known_values():
    gold = {"a": 0, "b": 0, "c": 1, "d": 1}
    assert adjusted_rand_index({"a": 5, "b": 5, "c": 7, "d": 7}, gold) == 1.0
    # hand computed: index 0, expected 2*2/6, max 2 -> (0 - 2/3) / (2 - 2/3) = -0.5
    assert adjusted_rand_index({"a": 1, "b": 2, "c": 1, "d": 2}, gold) == pytest.approx(-0.5)
    with pytest.raises(ValueError, match="different items"):
        adjusted_rand_index({"a": 1}, gold)


def test_bcubed_known_values():
    p, r, f = bcubed({"a": 1, "b": 1, "c": 1}, {"a": 0, "b": 0, "c": 1})
    assert p == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3) and r == 1.0
    assert f == pytest.approx(2 * p / (p + 1))

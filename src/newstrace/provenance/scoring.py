"""Scores of a clustering against gold clusters: Adjusted Rand Index and B-cubed.

Both take two mappings item -> cluster label over the same items.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from math import comb

__all__ = ["adjusted_rand_index", "bcubed"]


def _labels(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> list[str]:
    if set(predicted) != set(gold):
        missing = len(set(gold) ^ set(predicted))
        raise ValueError(f"predicted and gold clusterings cover different items ({missing} differ)")
    return sorted(gold)


def adjusted_rand_index(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> float:
    """Hubert and Arabie's ARI: 1 for identical clusterings, about 0 for random ones.

    Example:
        >>> adjusted_rand_index({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "x", "c": "y"})
        1.0
    """
    items = _labels(predicted, gold)
    n = len(items)
    if n < 2:
        return 1.0
    joint = Counter((predicted[i], gold[i]) for i in items)
    index = sum(comb(v, 2) for v in joint.values())
    sum_p = sum(comb(v, 2) for v in Counter(predicted[i] for i in items).values())
    sum_g = sum(comb(v, 2) for v in Counter(gold[i] for i in items).values())
    expected = sum_p * sum_g / comb(n, 2)
    best = (sum_p + sum_g) / 2
    if best == expected:
        return 1.0 if index == expected else 0.0
    return (index - expected) / (best - expected)


def bcubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga and Baldwin), averaged over items.

    Example:
        >>> bcubed({"a": 1, "b": 1, "c": 1}, {"a": "x", "b": "x", "c": "y"})[1]
        1.0
    """
    items = _labels(predicted, gold)
    if not items:
        return 1.0, 1.0, 1.0
    joint = Counter((predicted[i], gold[i]) for i in items)
    size_p = Counter(predicted[i] for i in items)
    size_g = Counter(gold[i] for i in items)
    precision = sum(joint[(predicted[i], gold[i])] / size_p[predicted[i]] for i in items) / len(items)
    recall = sum(joint[(predicted[i], gold[i])] / size_g[gold[i]] for i in items) / len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1

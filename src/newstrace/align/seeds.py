"""Seeds: positions where two token sequences share a canonical n-gram (vectorised)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["Seeds", "find_seeds", "ngram_hashes", "supported"]

Seeds = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant (golden ratio) for hash mixing


def ngram_hashes(ids: npt.NDArray[np.uint64], n: int) -> npt.NDArray[np.uint64]:
    """64-bit hash of every run of ``n`` consecutive ids (``len(ids) - n + 1`` of them)."""
    count = ids.shape[0] - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    with np.errstate(over="ignore"):
        h = ids[:count].copy()
        for t in range(1, n):
            h = (h * _MIX) ^ ids[t : t + count]
            h ^= h >> np.uint64(29)
    return h


def _with_content(content: npt.NDArray[np.bool_], n: int) -> npt.NDArray[np.bool_]:
    """True for each n-gram that holds at least one content word."""
    count = content.shape[0] - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.bool_)
    csum = np.concatenate(([0], np.cumsum(content, dtype=np.int64)))
    return np.asarray((csum[n:] - csum[:count]) > 0)


def _grouped(hashes: npt.NDArray[np.uint64], keep: npt.NDArray[np.bool_]) -> tuple[
    npt.NDArray[np.uint64], npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]
]:
    """Positions sorted by hash, with each distinct hash's first index and count."""
    pos = np.flatnonzero(keep).astype(np.int64)
    order = np.argsort(hashes[pos], kind="stable")
    pos = pos[order]
    uniq, first, counts = np.unique(hashes[pos], return_index=True, return_counts=True)
    return uniq, first.astype(np.int64), counts.astype(np.int64), pos


def find_seeds(
    a_ids: npt.NDArray[np.uint64],
    b_ids: npt.NDArray[np.uint64],
    a_content: npt.NDArray[np.bool_],
    b_content: npt.NDArray[np.bool_],
    n: int,
    max_occurrences: int,
) -> Seeds:
    """All ``(i, j)`` with the same n-gram at ``a[i:i+n]`` and ``b[j:j+n]``.

    N-grams of function words only, and n-grams occurring more than ``max_occurrences``
    times in either sequence, make no seeds. Returns two arrays sorted by ``i`` then ``j``.
    """
    ha, hb = ngram_hashes(a_ids, n), ngram_hashes(b_ids, n)
    ua, fa, ca, pa = _grouped(ha, _with_content(a_content, n))
    ub, fb, cb, pb = _grouped(hb, _with_content(b_content, n))
    common, ia, ib = np.intersect1d(ua, ub, assume_unique=True, return_indices=True)
    ok = (ca[ia] <= max_occurrences) & (cb[ib] <= max_occurrences)
    ia, ib = ia[ok], ib[ok]
    if common.shape[0] == 0 or ia.shape[0] == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy()
    na, nb = ca[ia], cb[ib]
    sizes = na * nb
    group = np.repeat(np.arange(sizes.shape[0]), sizes)
    offset = np.arange(group.shape[0]) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    i = pa[fa[ia][group] + offset // nb[group]]
    j = pb[fb[ib][group] + offset % nb[group]]
    order = np.lexsort((j, i))
    return i[order], j[order]


def supported(seeds: Seeds, window: int, band: int, min_support: int) -> Seeds:
    """Keep the seeds with at least ``min_support`` seeds near them on a near diagonal.

    Neighbourhoods are grid cells of ``window`` words along text A by ``band`` diagonals,
    counted over the 3 x 3 cells around each seed's cell.
    """
    i, j = seeds
    if i.shape[0] == 0 or min_support <= 1:
        return seeds
    ci = i // window
    cd = (j - i) // band
    span = int(cd.max() - cd.min()) + 3
    keys = ci * span + (cd - cd.min() + 1)
    uniq, counts = np.unique(keys, return_counts=True)
    total = np.zeros(keys.shape[0], dtype=np.int64)
    for di in (-1, 0, 1):
        for dd in (-1, 0, 1):
            probe = keys + di * span + dd
            at = np.searchsorted(uniq, probe)
            at_ok = np.minimum(at, uniq.shape[0] - 1)
            total += np.where(uniq[at_ok] == probe, counts[at_ok], 0)
    keep = total >= min_support
    return i[keep], j[keep]

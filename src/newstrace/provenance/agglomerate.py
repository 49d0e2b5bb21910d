"""Average-linkage clustering over a sparse similarity graph, with two guards.

Clusters merge best pair first while their average similarity reaches a threshold. Two
guards keep distinct events apart:

* cohesion: a cluster of at least ``min_cohesive`` members joins another only if their
  average similarity is at least ``cohesion`` times its own average inner similarity (two
  tight groups loosely tied to each other are two stories, not one);
* time window: the merged cluster's dated members must lie within ``window`` days.

The result depends only on the graph, not on the order the edges were given in.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

__all__ = ["LinkageConfig", "average_linkage"]


@dataclass(frozen=True, slots=True)
class LinkageConfig:
    """Thresholds of :func:`average_linkage` (see the module docstring)."""

    threshold: float = 0.25
    cohesion: float = 0.5
    min_cohesive: int = 5
    window: float | None = None

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"LinkageConfig.threshold must be in (0, 1], got {self.threshold}")
        if self.cohesion < 0.0:
            raise ValueError(f"LinkageConfig.cohesion must be >= 0, got {self.cohesion}")
        if self.min_cohesive < 2:
            raise ValueError(f"LinkageConfig.min_cohesive must be >= 2, got {self.min_cohesive}")


@dataclass(slots=True)
class _Clusters:
    size: list[int]
    inner: list[float]  # sum of similarities of the pairs inside each cluster
    lo: list[float | None]
    hi: list[float | None]
    cross: list[dict[int, float]] = field(default_factory=list)  # sum of similarities between clusters
    parent: list[int] = field(default_factory=list)


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _cohesive(c: _Clusters, x: int, avg: float, cfg: LinkageConfig) -> bool:
    n = c.size[x]
    if n < cfg.min_cohesive:
        return True
    return avg >= cfg.cohesion * c.inner[x] / (n * (n - 1) / 2)


def _in_window(c: _Clusters, i: int, j: int, cfg: LinkageConfig) -> bool:
    if cfg.window is None:
        return True
    lows = [v for v in (c.lo[i], c.lo[j]) if v is not None]
    highs = [v for v in (c.hi[i], c.hi[j]) if v is not None]
    return not lows or max(highs) - min(lows) <= cfg.window


def _merge(c: _Clusters, i: int, j: int) -> None:
    """Fold cluster ``j`` into ``i``."""
    c.inner[i] += c.inner[j] + c.cross[i].pop(j, 0.0)
    c.cross[j].pop(i, None)
    for k, s in c.cross[j].items():
        c.cross[i][k] = c.cross[i].get(k, 0.0) + s
        c.cross[k][i] = c.cross[k].get(i, 0.0) + s
        del c.cross[k][j]
    c.cross[j] = {}
    c.size[i] += c.size[j]
    c.lo[i] = min((v for v in (c.lo[i], c.lo[j]) if v is not None), default=None)
    c.hi[i] = max((v for v in (c.hi[i], c.hi[j]) if v is not None), default=None)
    c.parent[j] = i


def average_linkage(
    n: int,
    edges: list[tuple[int, int, float]],
    days: list[float | None],
    config: LinkageConfig,
) -> list[int]:
    """Cluster ``n`` items; return each item's cluster as the smallest item index in it.

    Args:
        n: number of items (0..n-1).
        edges: ``(i, j, similarity)``; missing pairs count as similarity 0.
        days: each item's date as a day number, or ``None`` when unknown.
        config: thresholds.
    """
    c = _Clusters([1] * n, [0.0] * n, list(days), list(days), [{} for _ in range(n)], list(range(n)))
    for i, j, s in edges:
        if i != j:
            a, b = min(i, j), max(i, j)
            c.cross[a][b] = c.cross[a].get(b, 0.0) + s
            c.cross[b][a] = c.cross[b].get(a, 0.0) + s
    heap = [(-s, a, b) for a in range(n) for b, s in c.cross[a].items() if a < b]
    heapq.heapify(heap)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if c.parent[a] != a or c.parent[b] != b or b not in c.cross[a]:
            continue
        avg = c.cross[a][b] / (c.size[a] * c.size[b])
        if abs(avg + neg) > 1e-12:
            continue  # stale entry: a newer one holds the current average
        if avg < config.threshold:
            break
        if not (
            _cohesive(c, a, avg, config) and _cohesive(c, b, avg, config) and _in_window(c, a, b, config)
        ):
            continue
        _merge(c, a, b)
        for k, s in c.cross[a].items():
            heapq.heappush(heap, (-s / (c.size[a] * c.size[k]), min(a, k), max(a, k)))
    roots = [_find(c.parent, i) for i in range(n)]
    smallest: dict[int, int] = {}
    for i, r in enumerate(roots):
        smallest.setdefault(r, i)
    return [smallest[r] for r in roots]

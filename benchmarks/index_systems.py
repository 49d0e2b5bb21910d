"""The two candidate finders the index benchmark compares, over the same canonical tokens.

Both read the token cache written by ``index_bench.py`` (canonical token ids and the
content-word mask of each article, from ``newstrace.normalize``), so tokenising, stemming and
alias folding are paid once and shared; each system then does its own shingling, signatures,
index build and queries.

- newstrace: ``newstrace.index.fingerprints`` (sampled canonical 3-grams) in a
  ``SegmentIndex`` on disk; a pair is a candidate when it shares ``needed_shared`` keys whose
  document frequency is at most ``max_df``.
- datasketch: MinHash over overlapping passage windows (the MinHash-LSH recipe for partial
  reuse). Shingles are canonical word bigrams holding a content word (20% of words spun
  leaves 0.8**2 = 64% of bigrams, Jaccard about 0.47 for a fully spun window); a window is
  ``WINDOW`` bigrams (a 40-word passage holds about 39) moved by ``STRIDE``;
  ``MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)``; a pair is a candidate when any
  window of one collides with any window of the other. Tuned on the first 2,000 articles of
  the 10k corpus (single content words in windows of 12, bigrams in windows of 24 and 30,
  3-grams in 30; thresholds 0.25-0.5): this setting is the most precise one whose recall of
  spun pairs stays above 0.97 (0.979; precision 0.068).
"""

from __future__ import annotations

import resource
import time
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.align.seeds import ngram_hashes
from newstrace.index import IndexConfig, fingerprints, needed_shared
from newstrace.index.segments import SegmentIndex
from newstrace.normalize import TokenSeq

WINDOW, STRIDE, NUM_PERM, THRESHOLD = 30, 10, 64, 0.3
_EMPTY = np.zeros(0, dtype=np.int64)


class TokenCache:
    """Canonical token ids and content masks of the corpus, memory-mapped."""

    def __init__(self, path: Path) -> None:
        self.ids = np.load(path / "ids.npy", mmap_mode="r")
        self.content = np.load(path / "content.npy", mmap_mode="r")
        self.offsets = np.load(path / "offsets.npy")

    def __len__(self) -> int:
        return int(self.offsets.shape[0] - 1)

    def seq(self, i: int) -> TokenSeq:
        a, b = int(self.offsets[i]), int(self.offsets[i + 1])
        ids = np.asarray(self.ids[a:b])
        return TokenSeq("", _EMPTY, _EMPTY, ids, np.asarray(self.content[a:b]))


def peak_rss_mb() -> float:
    """Peak resident memory of this process."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentiles(latencies: list[float]) -> dict[str, float]:
    arr = np.asarray(latencies) * 1000
    return {"p50_ms": float(np.percentile(arr, 50)), "p99_ms": float(np.percentile(arr, 99))}


def run_newstrace(
    cache: TokenCache, n: int, workdir: Path, config: IndexConfig, probes: int
) -> dict[str, Any]:
    """Signatures, build, incremental self-join and one-article queries with the segment index."""
    t0 = time.perf_counter()
    sigs = [fingerprints(cache.seq(i), config) for i in range(n)]
    t_sig = time.perf_counter() - t0
    index = SegmentIndex(workdir / "newstrace.index")
    t0 = time.perf_counter()
    for i, s in enumerate(sigs):
        index.add(i, s)
    index.flush()
    t_build = time.perf_counter() - t0
    pairs: list[tuple[int, int]] = []
    latencies = []
    t0 = time.perf_counter()
    for i, s in enumerate(sigs):
        q0 = time.perf_counter()
        docs, counts = index.query(s, config.max_df, before=i)
        latencies.append(time.perf_counter() - q0)
        pairs.extend((d, i) for d in docs[counts >= needed_shared(config, s.shape[0])].tolist())
    t_join = time.perf_counter() - t0
    reopened = SegmentIndex(workdir / "newstrace.index")
    probe_lat = []
    for i in np.linspace(0, n - 1, probes).astype(int).tolist():
        q0 = time.perf_counter()
        keys = fingerprints(cache.seq(i), config)
        docs, counts = reopened.query(keys, config.max_df, exclude=i)
        _ = docs[counts >= needed_shared(config, keys.shape[0])]
        probe_lat.append(time.perf_counter() - q0)
    stats = index.stats()
    return {
        "signature_s": t_sig,
        "build_s": t_build,
        "selfjoin_s": t_join,
        "selfjoin_query": _percentiles(latencies),
        "probe_query": _percentiles(probe_lat),
        "disk_mb": stats["bytes"] / 2**20,
        "segments": stats["segments"],
        "postings": stats["postings"],
        "peak_rss_mb": peak_rss_mb(),
        "pairs": pairs,
    }


def _windows(seq: TokenSeq) -> list[list[bytes]]:
    shingles = ngram_hashes(seq.ids, 2)
    if shingles.shape[0]:
        csum = np.concatenate(([0], np.cumsum(seq.content)))
        shingles = shingles[(csum[2:] - csum[: shingles.shape[0]]) > 0]
    if shingles.shape[0] <= WINDOW:
        return [[w.tobytes() for w in shingles]] if shingles.shape[0] else []
    starts = range(0, shingles.shape[0] - WINDOW + 1, STRIDE)
    return [[w.tobytes() for w in shingles[s : s + WINDOW]] for s in starts]


def run_datasketch(cache: TokenCache, n: int, probes: int) -> dict[str, Any]:
    """The same task with datasketch MinHash over passage windows and MinHashLSH."""
    from datasketch import MinHash, MinHashLSH

    t0 = time.perf_counter()
    doc_windows = [_windows(cache.seq(i)) for i in range(n)]
    sigs = [MinHash.bulk(w, num_perm=NUM_PERM) if w else [] for w in doc_windows]
    t_sig = time.perf_counter() - t0
    windows = sum(len(w) for w in doc_windows)
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    pairs: set[tuple[int, int]] = set()
    latencies = []
    t_insert = 0.0
    t0 = time.perf_counter()
    for i, mhs in enumerate(sigs):
        q0 = time.perf_counter()
        found: set[int] = set()
        for mh in mhs:
            found.update(key[0] for key in lsh.query(mh))
        q1 = time.perf_counter()
        latencies.append(q1 - q0)
        pairs.update((d, i) for d in found if d != i)
        for k, mh in enumerate(mhs):
            lsh.insert((i, k), mh, check_duplication=False)
        t_insert += time.perf_counter() - q1
    t_join = time.perf_counter() - t0
    probe_lat = []
    for i in np.linspace(0, n - 1, probes).astype(int).tolist():
        q0 = time.perf_counter()
        found = set()
        for mh in MinHash.bulk(_windows(cache.seq(i)), num_perm=NUM_PERM):
            found.update(key[0] for key in lsh.query(mh))
        probe_lat.append(time.perf_counter() - q0)
    return {
        "signature_s": t_sig,
        "build_s": t_insert,
        "selfjoin_s": t_join,
        "windows": windows,
        "selfjoin_query": _percentiles(latencies),
        "probe_query": _percentiles(probe_lat),
        "disk_mb": None,
        "peak_rss_mb": peak_rss_mb(),
        "pairs": sorted(pairs),
    }

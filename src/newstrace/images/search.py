"""Find stored pictures that a query picture was made from (or that were made from it).

Two candidate routes, both verified before anything is reported:
1. PDQ: the 8 flip/rotation hashes of the query are looked up in the multi-index
   (:mod:`newstrace.images.mih`); stored hashes within ``pdq_threshold`` are candidates
   (survives recompression, resizing, brightness, mirroring).
2. Visual words: the stored pictures sharing the most (IDF-weighted) words with the query
   are candidates (survives crops, caption bars, logos, borders).
Each candidate's stored keypoints are matched to the query's (mirrored when the PDQ variant
that matched is a mirror; rotations are left to the homography) and a RANSAC homography must
hold; a PDQ match within ``pdq_trust_distance`` stands
without it when either picture has too few keypoints to check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from newstrace.images.config import ImageConfig
from newstrace.images.features import LocalFeatures, mirror_features
from newstrace.images.mih import MihMatches, hash_words
from newstrace.images.pdq import VARIANTS
from newstrace.images.signature import QuerySignature
from newstrace.images.verify import one_blas_thread, verify

_MIRRORED = frozenset({"flip_v", "flip_h", "transpose", "antitranspose"})

__all__ = ["Hit", "ImageIndexReader", "find_images"]


@dataclass(frozen=True, slots=True)
class Hit:
    """A verified stored picture (by internal key) and how it was found."""

    key: int
    method: str
    distance: int | None
    score: float
    variant: str


class ImageIndexReader(Protocol):
    """What the search needs from an image index (see ``newstrace.store.images``)."""

    def pdq_matches(self, query: npt.NDArray[np.uint64], radius: int, min_quality: int) -> MihMatches:
        """Every stored picture within ``radius`` of one of the query hashes (``V x 4`` words)."""
        ...

    def word_candidates(
        self, words: Sequence[int], max_df: int, limit: int, min_votes: int
    ) -> list[tuple[int, float]]:
        """The ``limit`` pictures with the highest IDF-weighted shared-word score."""
        ...

    def features(self, key: int) -> LocalFeatures:
        """The stored keypoints of a picture."""
        ...


def _pdq_route(
    query: QuerySignature, index: ImageIndexReader, config: ImageConfig
) -> dict[int, tuple[int, str]]:
    """Stored pictures within the PDQ threshold: ``{key: (distance, variant)}`` (best variant)."""
    if query.variants[0].quality < config.pdq_min_quality:
        return {}
    found = index.pdq_matches(
        hash_words([v.bits for v in query.variants]), config.pdq_threshold, config.pdq_min_quality
    )
    return {
        int(k): (int(d), VARIANTS[int(v)])
        for k, d, v in zip(found.rows, found.distances, found.variants, strict=True)
    }


def find_images(query: QuerySignature, index: ImageIndexReader, config: ImageConfig) -> list[Hit]:
    """Verified matches of a query picture, strongest first."""
    with one_blas_thread():
        return _find(query, index, config)


def _find(query: QuerySignature, index: ImageIndexReader, config: ImageConfig) -> list[Hit]:
    hits: dict[int, Hit] = {}
    features = query.signature.features
    mirrored: LocalFeatures | None = None
    for key, (distance, name) in sorted(_pdq_route(query, index, config).items(), key=lambda kv: kv[1][0]):
        aligned = features
        if name in _MIRRORED:
            mirrored = mirror_features(features) if mirrored is None else mirrored
            aligned = mirrored
        stored = index.features(key)
        check = verify(aligned, stored, config)
        few = min(len(aligned), len(stored)) < config.min_inliers
        if check.ok or (few and distance <= config.pdq_trust_distance):
            hits[key] = Hit(key, "pdq", distance, float(check.inliers), name)
    words = query.signature.words.tolist()
    for key, _ in index.word_candidates(words, config.max_word_df, config.vote_candidates, config.min_votes):
        if key in hits:
            continue
        check = verify(features, index.features(key), config)
        if check.ok:
            hits[key] = Hit(key, "sift", None, float(check.inliers), "identity")
    return sorted(hits.values(), key=lambda h: (h.method != "pdq", h.distance or 0, -h.score))

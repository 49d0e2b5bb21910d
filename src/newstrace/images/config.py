"""Settings of the image stage, one frozen object passed whole."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ImageConfig"]


@dataclass(frozen=True, slots=True)
class ImageConfig:
    """How pictures are read, hashed, indexed and matched.

    Attributes:
        max_image_bytes: image files (and WARC image payloads) larger than this are skipped.
        pdq_threshold: largest PDQ Hamming distance (of 256 bits) reported as a match.
            Calibration: 31 is the threshold Facebook's PDQ documentation gives for
            near-duplicates; the multi-index lookup is exact up to 31 (16 chunks, radius 1).
        pdq_min_quality: PDQ hashes of flatter pictures (quality below this, 0..100) are not
            used to match (PDQ's own advice: such hashes collide); local features still are.
        pdq_trust_distance: PDQ matches this close are reported even when the picture has too
            few local features for the geometric check (a flat, tiny or blurred picture).
        max_side: pictures are scaled so their longer side is at most this many pixels before
            local features are extracted (keypoint coordinates are in that scale).
        query_max_side: the same for a query picture (its keypoints are matched to stored ones
            at ``max_side`` scale: SIFT is scale invariant and the homography absorbs the
            scale). Calibration: OpenCV's SIFT doubles the picture first, so its cost grows
            with the area (measured: 56 / 34 / 12 ms at 512 / 384 / 256 px). The 2026-12-03
            benchmark (250 edited queries, BENCHMARKS.md): 512, 384 and 320 px all reach
            recall 1.00 on every edit but the chain (36, 39, 40 of 40); 256 px loses a
            caption and a screenshot query. 320 is the smallest that kept every figure.
        max_features: SIFT keypoints kept per picture (strongest first).
        word_bits: visual words are ``word_bits`` signs of random projections of RootSIFT
            descriptors (2**20 words; measured: ~30% of true keypoint matches share a word).
        max_word_df: words held by more pictures than this are skipped as uninformative.
        vote_candidates: pictures with the most shared visual words that are verified.
        min_votes: fewest distinct shared words for a picture to be verified at all.
        ratio: Lowe's ratio test for keypoint matches.
        ransac_px: RANSAC reprojection threshold in pixels (at ``max_side`` scale).
        min_inliers: fewest RANSAC inliers for a geometric match. Calibration: unrelated
            photographs in the benchmark reach at most ~8 inliers with these settings.
        frame_interval: a video frame is kept at least this often (seconds).
        cut_threshold: mean absolute difference (0..255) of 64x36 grey thumbnails between
            consecutive frames above which a frame starts a new shot and is kept.
        seed: seed of the random projections (changing it invalidates stored words).
    """

    max_image_bytes: int = 32 * 1024 * 1024
    pdq_threshold: int = 31
    pdq_min_quality: int = 50
    pdq_trust_distance: int = 12
    max_side: int = 512
    query_max_side: int = 320
    max_features: int = 300
    word_bits: int = 20
    max_word_df: int = 5000
    vote_candidates: int = 10
    min_votes: int = 3
    ratio: float = 0.75
    ransac_px: float = 5.0
    min_inliers: int = 12
    frame_interval: float = 1.0
    cut_threshold: float = 30.0
    seed: int = 1

    def __post_init__(self) -> None:
        if not 0 <= self.pdq_threshold <= 31:
            raise ValueError(
                f"ImageConfig.pdq_threshold must be 0..31 (the index is exact up to 31), "
                f"not {self.pdq_threshold}"
            )
        if not 8 <= self.word_bits <= 30:
            raise ValueError(f"ImageConfig.word_bits must be 8..30, not {self.word_bits}")
        if self.max_features < 8 or min(self.max_side, self.query_max_side) < 64:
            raise ValueError("ImageConfig.max_features must be >= 8, max_side and query_max_side >= 64")
        if self.min_inliers < 6:
            raise ValueError(f"ImageConfig.min_inliers must be at least 6, not {self.min_inliers}")
        if self.frame_interval <= 0:
            raise ValueError(f"ImageConfig.frame_interval must be positive, not {self.frame_interval}")

"""Geometric verification: do two pictures show the same scene under one homography?"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newstrace.images._deps import need
from newstrace.images.config import ImageConfig
from newstrace.images.features import LocalFeatures

__all__ = ["Verification", "verify"]

_MIN_SCALE = 1 / 64  # area ratio bounds of a plausible crop/resize (query vs stored)


@dataclass(frozen=True, slots=True)
class Verification:
    """Outcome of the check: keypoint matches passing the ratio test, RANSAC inliers, verdict."""

    matches: int
    inliers: int
    ok: bool


def _plausible(h: npt.NDArray[np.float64], width: int, height: int) -> bool:
    """A homography a crop, resize or screenshot can produce: orientation kept, convex image."""
    det = float(np.linalg.det(h[:2, :2]))
    if not _MIN_SCALE <= det <= 1 / _MIN_SCALE:
        return False
    corners = np.array([[0, 0, 1], [width, 0, 1], [width, height, 1], [0, height, 1]], float).T
    mapped = h @ corners
    if np.any(mapped[2] <= 1e-9):
        return False
    pts = (mapped[:2] / mapped[2]).T
    edges = np.roll(pts, -1, axis=0) - pts
    turns = edges[:, 0] * np.roll(edges, -1, axis=0)[:, 1] - edges[:, 1] * np.roll(edges, -1, axis=0)[:, 0]
    return bool(np.all(turns > 0) or np.all(turns < 0))


def verify(query: LocalFeatures, stored: LocalFeatures, config: ImageConfig) -> Verification:
    """Match keypoints (ratio test), fit a homography with RANSAC and judge it."""
    cv2 = need("cv2")
    if len(query) < 4 or len(stored) < 2:
        return Verification(0, 0, False)
    matcher = cv2.BFMatcher(cv2.NORM_L2)
    pairs = matcher.knnMatch(query.descriptors.astype(np.float32), stored.descriptors.astype(np.float32), k=2)
    good = [p[0] for p in pairs if len(p) == 2 and p[0].distance < config.ratio * p[1].distance]
    if len(good) < max(4, config.min_inliers):
        return Verification(len(good), 0, False)
    src = query.points[[m.queryIdx for m in good]]
    dst = stored.points[[m.trainIdx for m in good]]
    cv2.setRNGSeed(config.seed)  # RANSAC samples: the same answer on every run
    h, mask = cv2.findHomography(src, dst, cv2.RANSAC, config.ransac_px, maxIters=1000, confidence=0.995)
    if h is None or mask is None:
        return Verification(len(good), 0, False)
    inliers = int(mask.sum())
    ok = inliers >= config.min_inliers and _plausible(h, query.width, query.height)
    return Verification(len(good), inliers, ok)

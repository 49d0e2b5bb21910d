"""Geometric verification: do two pictures show the same scene under one homography?"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.images._deps import need
from newstrace.images.config import ImageConfig
from newstrace.images.features import LocalFeatures

__all__ = ["Verification", "one_blas_thread", "ratio_matches", "verify"]

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


@functools.cache
def _blas_controller() -> Any:
    try:
        import threadpoolctl
    except ImportError:
        return None
    return threadpoolctl.ThreadpoolController()


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run small matrix products on one BLAS thread (restored afterwards).

    Measured here: a 300 x 300 descriptor product takes ~1 ms on one thread and 50 ms or
    more when OpenBLAS spreads it over threads on a loaded machine. Without threadpoolctl
    this does nothing.
    """
    controller = _blas_controller()
    if controller is None:
        yield
        return
    with controller.limit(limits=1, user_api="blas"):
        yield


def ratio_matches(
    query: npt.NDArray[np.uint8], stored: npt.NDArray[np.uint8], ratio: float
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Nearest stored descriptor of each query descriptor passing Lowe's ratio test.

    The same pairs as OpenCV's brute-force ``knnMatch(k=2)`` with L2 (squared distances
    compared with ``ratio**2``), from one matrix product. Needs at least 2 stored descriptors.
    """
    x = query.astype(np.float32)
    y = stored.astype(np.float32)
    d = (x * x).sum(axis=1)[:, None] + (y * y).sum(axis=1)[None, :] - 2 * (x @ y.T)
    np.maximum(d, 0, out=d)
    two = np.argpartition(d, 1, axis=1)[:, :2]
    rows = np.arange(len(x))
    a, b = d[rows, two[:, 0]], d[rows, two[:, 1]]
    nearest = np.where(a <= b, two[:, 0], two[:, 1])
    good = np.minimum(a, b) < (ratio * ratio) * np.maximum(a, b)
    return rows[good].astype(np.int64), nearest[good].astype(np.int64)


def _places(points: npt.NDArray[np.float32]) -> int:
    """Distinct pixel positions among matched keypoints.

    Inliers of one homography sit at distinct places, so matches piled on fewer than
    ``min_inliers`` stored places cannot pass. Measured: 37 matches of a flat synthetic
    picture on 5 places (SIFT repeats a keypoint at several orientations) kept RANSAC
    drawing degenerate samples for 55-120 ms; every other check of the benchmark takes ~1 ms.
    """
    return len(np.unique(np.rint(points).astype(np.int32), axis=0))


def verify(query: LocalFeatures, stored: LocalFeatures, config: ImageConfig) -> Verification:
    """Match keypoints (ratio test), fit a homography with RANSAC and judge it."""
    cv2 = need("cv2")
    if len(query) < 4 or len(stored) < 2:
        return Verification(0, 0, False)
    qi, si = ratio_matches(query.descriptors, stored.descriptors, config.ratio)
    if len(qi) < max(4, config.min_inliers) or _places(stored.points[si]) < config.min_inliers:
        return Verification(len(qi), 0, False)
    cv2.setRNGSeed(config.seed)  # RANSAC samples: the same answer on every run
    h, mask = cv2.findHomography(
        query.points[qi], stored.points[si], cv2.RANSAC, config.ransac_px, maxIters=1000, confidence=0.995
    )
    if h is None or mask is None:
        return Verification(len(qi), 0, False)
    inliers = int(mask.sum())
    ok = inliers >= config.min_inliers and _plausible(h, query.width, query.height)
    return Verification(len(qi), inliers, ok)

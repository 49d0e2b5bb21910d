"""Local features (SIFT keypoints) of a picture, their compact storage form and visual words.

Visual words are the candidate filter for crops: a crop keeps most of the original's
keypoints, so it shares many words with it, while a PDQ hash of a crop is a different hash.
A word is the sign pattern of ``word_bits`` seeded random projections of a RootSIFT
descriptor (data-independent, nothing to train or ship). Candidates found by words are
always checked geometrically (:mod:`newstrace.images.verify`) before they are reported.
"""

from __future__ import annotations

import functools
import struct
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newstrace.images._deps import need
from newstrace.images.config import ImageConfig

__all__ = ["LocalFeatures", "extract_features", "mirror_features", "visual_words"]

_HEADER = struct.Struct("<IHH")  # keypoints, analysis width, analysis height


@dataclass(frozen=True, slots=True)
class LocalFeatures:
    """SIFT keypoints of one picture at analysis scale.

    Attributes:
        points: ``N x 2`` float32 keypoint coordinates (x, y).
        descriptors: ``N x 128`` uint8 SIFT descriptors.
        width, height: size of the analysis image the points refer to.
    """

    points: npt.NDArray[np.float32]
    descriptors: npt.NDArray[np.uint8]
    width: int
    height: int

    def __len__(self) -> int:
        return int(self.points.shape[0])

    def to_bytes(self) -> bytes:
        """Storage form: a small header, float32 points, uint8 descriptors (132 B/keypoint)."""
        header = _HEADER.pack(len(self), self.width, self.height)
        return header + self.points.astype("<f4").tobytes() + self.descriptors.tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> LocalFeatures:
        """Read the storage form back."""
        n, width, height = _HEADER.unpack_from(data)
        off = _HEADER.size
        points = np.frombuffer(data, dtype="<f4", count=2 * n, offset=off).reshape(n, 2)
        desc = np.frombuffer(data, dtype=np.uint8, count=128 * n, offset=off + 8 * n).reshape(n, 128)
        return cls(points.astype(np.float32), desc, width, height)


def _grey_at_scale(rgb: npt.NDArray[np.uint8], max_side: int) -> npt.NDArray[np.uint8]:
    cv2 = need("cv2")
    h, w = rgb.shape[:2]
    scale = max_side / max(h, w)
    grey = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY)
    if scale < 1:
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        grey = cv2.resize(grey, size, interpolation=cv2.INTER_AREA)
    return np.asarray(grey, dtype=np.uint8)


def extract_features(
    rgb: npt.NDArray[np.uint8], config: ImageConfig, max_side: int | None = None
) -> LocalFeatures:
    """SIFT keypoints of an RGB picture, the ``max_features`` strongest.

    The picture is analysed with its longer side at most ``max_side`` (``config.max_side``
    unless given).
    """
    cv2 = need("cv2")
    grey = _grey_at_scale(rgb, max_side or config.max_side)
    sift = cv2.SIFT_create(nfeatures=config.max_features)
    keypoints, desc = sift.detectAndCompute(grey, None)
    height, width = grey.shape
    if desc is None or not keypoints:
        return LocalFeatures(np.zeros((0, 2), np.float32), np.zeros((0, 128), np.uint8), width, height)
    order = np.argsort([-k.response for k in keypoints], kind="stable")[: config.max_features]
    points = np.asarray([keypoints[i].pt for i in order], dtype=np.float32).reshape(-1, 2)
    descriptors = np.clip(np.rint(desc[order]), 0, 255).astype(np.uint8)
    return LocalFeatures(points, descriptors, width, height)


# A SIFT descriptor is 4 x 4 cells x 8 orientation bins in the keypoint's own frame. Mirroring
# the picture mirrors that frame: the cell rows swap and the orientation bins run backwards.
# Checked against SIFT run on mirrored pixels (tests/images/test_features.py).
_MIRROR = np.arange(128).reshape(4, 4, 8)[::-1][..., (-np.arange(8)) % 8].ravel()


def mirror_features(features: LocalFeatures) -> LocalFeatures:
    """The keypoints of the left-right mirror of a picture, without running SIFT again.

    With the rotation invariance of SIFT this covers the 4 mirrored PDQ variants; the
    rotation is left to the homography of the geometric check.
    """
    points = features.points.copy()
    points[:, 0] = features.width - points[:, 0]
    descriptors = np.ascontiguousarray(features.descriptors[:, _MIRROR])
    return LocalFeatures(points, descriptors, features.width, features.height)


@functools.lru_cache(maxsize=4)
def _projections(bits: int, seed: int) -> npt.NDArray[np.float32]:
    rng = np.random.default_rng(seed)
    return rng.standard_normal((128, bits)).astype(np.float32)


def visual_words(features: LocalFeatures, config: ImageConfig) -> npt.NDArray[np.int64]:
    """The distinct visual words of a picture's keypoints (sorted)."""
    if len(features) == 0:
        return np.zeros(0, dtype=np.int64)
    d = features.descriptors.astype(np.float32)
    root = np.sqrt(d / (d.sum(axis=1, keepdims=True) + 1e-7))  # RootSIFT (Arandjelovic 2012)
    centred = root - root.mean(axis=1, keepdims=True)
    signs = (centred @ _projections(config.word_bits, config.seed)) > 0
    weights = np.left_shift(np.int64(1), np.arange(config.word_bits, dtype=np.int64))
    return np.unique(signs.astype(np.int64) @ weights)

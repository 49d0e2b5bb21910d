"""What the index keeps of a picture: PDQ hash, local features and visual words."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newstrace.images.config import ImageConfig
from newstrace.images.decode import pixel_id
from newstrace.images.features import LocalFeatures, extract_features, visual_words
from newstrace.images.pdq import PdqHash, pdq_hash, pdq_variants

__all__ = ["ImageSignature", "QuerySignature", "query_signature", "sign"]


@dataclass(frozen=True, slots=True, eq=False)
class ImageSignature:
    """The stored form of one picture (its pixels are not kept)."""

    image_id: str
    width: int
    height: int
    pdq: PdqHash
    features: LocalFeatures
    words: npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True, eq=False)
class QuerySignature:
    """A query picture: its signature plus the PDQ hashes of its 8 flips/rotations."""

    signature: ImageSignature
    variants: list[PdqHash]
    rgb: npt.NDArray[np.uint8]


def sign(rgb: npt.NDArray[np.uint8], config: ImageConfig) -> ImageSignature:
    """Hash a picture and extract its local features and words."""
    features = extract_features(rgb, config)
    h, w = rgb.shape[:2]
    return ImageSignature(pixel_id(rgb), w, h, pdq_hash(rgb), features, visual_words(features, config))


def query_signature(rgb: npt.NDArray[np.uint8], config: ImageConfig) -> QuerySignature:
    """Like :func:`sign`, with the flip/rotation variants a query needs.

    Its keypoints are extracted at ``config.query_max_side`` (cheaper than the index's scale).
    """
    variants = pdq_variants(rgb)
    features = extract_features(rgb, config, config.query_max_side)
    h, w = rgb.shape[:2]
    sig = ImageSignature(pixel_id(rgb), w, h, variants[0], features, visual_words(features, config))
    return QuerySignature(sig, variants, rgb)

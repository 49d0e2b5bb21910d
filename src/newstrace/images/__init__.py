"""images stage: pictures and video frames, perceptual hashes, local features, matching.

Pipeline: :func:`image_inputs` reads pictures (files, video frames, pictures of HTML/WARC
articles) -> :func:`sign` computes what the index keeps (PDQ hash, SIFT keypoints, visual
words) -> the store's ``ImageIndex`` keeps it -> :func:`find_images` finds, for a query
picture, the stored pictures it was made from, each verified geometrically.

The heavy libraries (pdqhash, opencv-python-headless, av, pillow) are the ``images`` extra:
``pip install "newstrace[images]"``.
"""

from __future__ import annotations

from newstrace.images.config import ImageConfig
from newstrace.images.decode import IMAGE_SUFFIXES, DecodedImage, ImageDecodeError, decode_image, pixel_id
from newstrace.images.features import LocalFeatures, extract_features, visual_words
from newstrace.images.pdq import VARIANTS, PdqHash, hamming, pdq_hash, pdq_variants
from newstrace.images.search import Hit, ImageIndexReader, find_images
from newstrace.images.signature import ImageSignature, QuerySignature, query_signature, sign
from newstrace.images.sources import ImageInput, image_inputs, read_image_file, read_video
from newstrace.images.verify import Verification, verify
from newstrace.images.video import VIDEO_SUFFIXES, VideoFrame, video_frames

__all__ = [
    "IMAGE_SUFFIXES",
    "VARIANTS",
    "VIDEO_SUFFIXES",
    "DecodedImage",
    "Hit",
    "ImageConfig",
    "ImageDecodeError",
    "ImageIndexReader",
    "ImageInput",
    "ImageSignature",
    "LocalFeatures",
    "PdqHash",
    "QuerySignature",
    "Verification",
    "VideoFrame",
    "decode_image",
    "extract_features",
    "find_images",
    "hamming",
    "image_inputs",
    "pdq_hash",
    "pdq_variants",
    "pixel_id",
    "query_signature",
    "read_image_file",
    "read_video",
    "sign",
    "verify",
    "video_frames",
    "visual_words",
]

"""Decode picture files (JPEG, PNG, WebP, GIF's first frame, ...) to RGB arrays, with EXIF dates."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newstrace.images._deps import need

__all__ = ["IMAGE_SUFFIXES", "DecodedImage", "ImageDecodeError", "decode_image", "pixel_id"]

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff")
_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 36867
_MAX_PIXELS = 100_000_000  # refuse decompression bombs beyond 100 megapixels
_MIN_SIDE = 16


class ImageDecodeError(ValueError):
    """The bytes are not a picture this stage can read (the message says why)."""


@dataclass(frozen=True, slots=True, eq=False)
class DecodedImage:
    """A decoded picture: ``H x W x 3`` uint8 RGB pixels and the EXIF capture date, if any."""

    rgb: npt.NDArray[np.uint8]
    exif_date: str | None = None


def pixel_id(rgb: npt.NDArray[np.uint8]) -> str:
    """Stable id of a picture: SHA-256 of its size and RGB pixels, 16 hex digits."""
    h, w = rgb.shape[:2]
    digest = hashlib.sha256(f"{w}x{h}:".encode())
    digest.update(np.ascontiguousarray(rgb).tobytes())
    return digest.hexdigest()[:16]


def _exif_date(image: object) -> str | None:
    """EXIF DateTimeOriginal (``2016:05:01 10:20:30``) as ISO 8601, else ``None``."""
    try:
        value = image.getexif().get_ifd(_EXIF_IFD).get(_DATETIME_ORIGINAL)  # type: ignore[attr-defined]
    except Exception:  # a damaged EXIF block costs the date, not the picture
        return None
    if not isinstance(value, str) or len(value) < 10:
        return None
    date, _, time = value.strip().partition(" ")
    parts = date.split(":")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or parts[0] in ("0000", ""):
        return None
    iso = "-".join(parts)
    return f"{iso}T{time}" if len(time) == 8 and time.replace(":", "").isdigit() else iso


def decode_image(data: bytes) -> DecodedImage:
    """Decode picture bytes (the first frame of an animation), applying EXIF orientation.

    Raises:
        ImageDecodeError: not a picture, truncated, too large, or too small to match.
    """
    pil = need("PIL.Image")
    ops = need("PIL.ImageOps")
    try:
        with pil.open(io.BytesIO(data)) as image:
            if image.width * image.height > _MAX_PIXELS:
                raise ImageDecodeError(f"picture too large ({image.width}x{image.height} pixels)")
            exif_date = _exif_date(image)
            image.seek(0)
            upright = ops.exif_transpose(image)
            rgb = np.asarray(upright.convert("RGB"), dtype=np.uint8)
    except ImageDecodeError:
        raise
    except Exception as exc:  # Pillow raises many types on bad input
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if reason.startswith("cannot identify image file"):  # Pillow quotes a BytesIO repr
            reason = "unknown or damaged picture format"
        raise ImageDecodeError(f"not a readable picture ({reason})") from exc
    if min(rgb.shape[:2]) < _MIN_SIDE:
        raise ImageDecodeError(f"picture too small to match ({rgb.shape[1]}x{rgb.shape[0]} pixels)")
    return DecodedImage(np.ascontiguousarray(rgb), exif_date)

"""The edits news pictures go through, generated for tests and the benchmark.

Each edit is a pure function ``RGB array -> RGB array`` (``seed`` where it is random), so a
benchmark or test can make "the same photo, cropped 20% and captioned" from any original.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from newstrace.images._deps import need

__all__ = [
    "EDITS",
    "border",
    "brightness",
    "caption",
    "chain",
    "crop",
    "jpeg",
    "logo",
    "mirror",
    "resize",
    "screenshot",
]

RGB = npt.NDArray[np.uint8]


def crop(rgb: RGB, fraction: float, seed: int = 0) -> RGB:
    """Cut ``fraction`` of the area away: a window of ``1 - fraction`` area at a random place."""
    h, w = rgb.shape[:2]
    side = float(np.sqrt(1 - fraction))
    ch, cw = max(1, round(h * side)), max(1, round(w * side))
    rng = np.random.default_rng(seed)
    y, x = int(rng.integers(0, h - ch + 1)), int(rng.integers(0, w - cw + 1))
    return np.ascontiguousarray(rgb[y : y + ch, x : x + cw])


def resize(rgb: RGB, factor: float) -> RGB:
    """Scale both sides by ``factor``."""
    cv2 = need("cv2")
    h, w = rgb.shape[:2]
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    return np.asarray(cv2.resize(rgb, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)


def jpeg(rgb: RGB, quality: int) -> RGB:
    """Recompress as JPEG at ``quality``."""
    pil = need("PIL.Image")
    buf = io.BytesIO()
    pil.fromarray(rgb).save(buf, format="JPEG", quality=quality)
    return np.asarray(pil.open(io.BytesIO(buf.getvalue())).convert("RGB"), dtype=np.uint8)


def brightness(rgb: RGB, delta: int, contrast: float = 1.0) -> RGB:
    """Add ``delta`` to every channel (after scaling contrast around mid-grey), clipped."""
    out = (rgb.astype(np.float32) - 128) * contrast + 128 + delta
    clipped: RGB = np.clip(out, 0, 255).astype(np.uint8)
    return clipped


def mirror(rgb: RGB) -> RGB:
    """Flip left-right."""
    return np.ascontiguousarray(rgb[:, ::-1])


def caption(rgb: RGB, text: str = "BREAKING: PROOF OF THE ATTACK", share: float = 0.15) -> RGB:
    """Paint a dark caption bar with white text over the bottom ``share`` of the picture."""
    cv2 = need("cv2")
    out = rgb.copy()
    h, w = out.shape[:2]
    bar = max(8, round(h * share))
    out[h - bar :] = (out[h - bar :] * 0.2).astype(np.uint8)
    scale = max(0.3, bar / 60)
    cv2.putText(
        out,
        text,
        (max(2, w // 40), h - bar // 3),
        cv2.FONT_HERSHEY_SIMPLEX,
        scale,
        (255, 255, 255),
        max(1, round(scale * 2)),
        cv2.LINE_AA,
    )
    return out


def logo(rgb: RGB, share: float = 0.12) -> RGB:
    """Stamp an opaque channel logo (a disc with letters) in the top-right corner."""
    cv2 = need("cv2")
    out = rgb.copy()
    h, w = out.shape[:2]
    r = max(6, round(min(h, w) * share / 2))
    centre = (w - 2 * r, 2 * r)
    cv2.circle(out, centre, r, (200, 20, 20), -1, cv2.LINE_AA)
    cv2.putText(
        out,
        "TV",
        (centre[0] - r // 2, centre[1] + r // 3),
        cv2.FONT_HERSHEY_SIMPLEX,
        r / 25,
        (255, 255, 255),
        max(1, r // 10),
        cv2.LINE_AA,
    )
    return out


def border(rgb: RGB, share: float = 0.08, colour: tuple[int, int, int] = (255, 255, 255)) -> RGB:
    """Pad with a plain border of ``share`` of the longer side on every edge."""
    h, w = rgb.shape[:2]
    pad = max(1, round(max(h, w) * share))
    out = np.empty((h + 2 * pad, w + 2 * pad, 3), dtype=np.uint8)
    out[:] = colour
    out[pad : pad + h, pad : pad + w] = rgb
    return out


def screenshot(rgb: RGB) -> RGB:
    """The picture shown smaller on a page: grey page, title bar, text lines, then JPEG 80."""
    cv2 = need("cv2")
    small = resize(rgb, 0.8)
    h, w = small.shape[:2]
    page = np.full((h + h // 2, w + w // 3, 3), 236, dtype=np.uint8)
    page[: h // 8] = (40, 60, 90)
    top, left = h // 6, w // 6
    page[top : top + h, left : left + w] = small
    for i in range(4):
        y = top + h + 12 + 14 * i
        if y < page.shape[0] - 4:
            cv2.line(page, (left, y), (left + w - 20 * i, y), (90, 90, 90), 3)
    return jpeg(page, 80)


def chain(rgb: RGB, seed: int = 0) -> RGB:
    """Three edits in a row: a 15% crop, a caption bar, then 70% resize with JPEG 60."""
    return jpeg(resize(caption(crop(rgb, 0.15, seed)), 0.7), 60)


EDITS: dict[str, Callable[[RGB, int], RGB]] = {
    "jpeg_q30": lambda a, s: jpeg(a, 30),
    "resize_50": lambda a, s: resize(a, 0.5),
    "brightness_30": lambda a, s: brightness(a, 30),
    "contrast": lambda a, s: brightness(a, 0, 1.3),
    "mirror": lambda a, s: mirror(a),
    "caption": lambda a, s: caption(a),
    "logo": lambda a, s: logo(a),
    "border": lambda a, s: border(a),
    "screenshot": lambda a, s: screenshot(a),
    "crop_10": lambda a, s: crop(a, 0.10, s),
    "crop_20": lambda a, s: crop(a, 0.20, s),
    "crop_30": lambda a, s: crop(a, 0.30, s),
    "chain": lambda a, s: chain(a, s),
}
"""Every generated edit by name; ``seed`` places the random crops."""

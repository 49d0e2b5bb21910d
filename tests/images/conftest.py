"""Fixtures of the image tests: the bundled CC0/public-domain photographs, a generated video."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "images"
NAMES = ("astronaut", "camera", "chelsea", "coffee", "rocket")

_MISSING = [m for m in ("pdqhash", "cv2", "av", "PIL") if importlib.util.find_spec(m) is None]
if _MISSING:
    pytest.skip(
        f"image tests need the images extra ({', '.join(_MISSING)} missing): "
        'pip install "newstrace[images]" (make test installs it)',
        allow_module_level=True,
    )


def load(name: str) -> npt.NDArray[np.uint8]:
    """A bundled photograph as RGB pixels."""
    from PIL import Image

    with Image.open(GOLDEN / f"{name}.jpg") as image:
        return np.asarray(image.convert("RGB"), dtype=np.uint8)


def save(rgb: npt.NDArray[np.uint8], path: Path, **options: object) -> Path:
    """Write pixels to a picture file (format from the suffix)."""
    from PIL import Image

    Image.fromarray(rgb).save(path, **options)
    return path


def scene(seed: int, size: tuple[int, int] = (240, 320)) -> npt.NDArray[np.uint8]:
    """A synthetic picture unlike the photographs: smooth gradients and random discs."""
    import cv2

    rng = np.random.default_rng(seed)
    h, w = size
    y, x = np.mgrid[0:h, 0:w]
    base = np.stack([(x * rng.uniform(0.2, 0.8) + y * rng.uniform(0.1, 0.5)) % 256] * 3, -1)
    img = np.ascontiguousarray(base.astype(np.uint8))
    for _ in range(25):
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        centre = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        cv2.circle(img, centre, int(rng.integers(5, 40)), colour, -1)
    return img


def write_video(path: Path, segments: list[tuple[npt.NDArray[np.uint8], float]], fps: int = 10) -> Path:
    """Encode ``(picture, seconds)`` segments as an MPEG-4 video (a still held = freeze-frame)."""
    import av

    h, w = segments[0][0].shape[:2]
    with av.open(str(path), "w") as container:
        stream = container.add_stream("mpeg4", rate=fps)
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        stream.options = {"qscale": "3"}
        for rgb, seconds in segments:
            for _ in range(round(seconds * fps)):
                frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb[:h, :w]), format="rgb24")
                for packet in stream.encode(frame):
                    container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


@pytest.fixture(scope="session")
def photos() -> dict[str, npt.NDArray[np.uint8]]:
    return {name: load(name) for name in NAMES}

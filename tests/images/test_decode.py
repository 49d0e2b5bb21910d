"""Decoding picture files: formats, EXIF dates, animated GIFs, bad input."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from newstrace.images import ImageDecodeError, decode_image, pixel_id
from tests.images.conftest import scene


def _encode(rgb, fmt: str, **options) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, format=fmt, **options)
    return buf.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF", "BMP"])
def test_formats_decode_to_rgb(fmt):
    rgb = scene(1)
    out = decode_image(_encode(rgb, fmt)).rgb
    assert out.shape == rgb.shape and out.dtype == np.uint8
    if fmt in ("PNG", "BMP"):
        assert np.array_equal(out, rgb)


def test_exif_date_time_original_is_read():
    exif = Image.Exif()
    exif.get_ifd(0x8769)[36867] = "2016:05:01 10:20:30"
    data = _encode(scene(2), "JPEG", exif=exif)
    assert decode_image(data).exif_date == "2016-05-01T10:20:30"
    assert decode_image(_encode(scene(2), "JPEG")).exif_date is None


def test_gif_first_frame():
    first, second = scene(3), scene(4)
    buf = io.BytesIO()
    Image.fromarray(first).save(buf, format="GIF", save_all=True, append_images=[Image.fromarray(second)])
    out = decode_image(buf.getvalue()).rgb
    assert (
        np.abs(out.astype(int) - first.astype(int)).mean()
        < np.abs(out.astype(int) - second.astype(int)).mean()
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a picture at all", "not a readable picture"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "not a readable picture"),
    ],
)
def test_bad_bytes_raise_a_clear_error(data, message):
    with pytest.raises(ImageDecodeError, match=message):
        decode_image(data)


def test_tiny_picture_is_refused():
    with pytest.raises(ImageDecodeError, match="too small"):
        decode_image(_encode(np.zeros((8, 8, 3), np.uint8), "PNG"))


def test_pixel_id_depends_on_pixels_and_shape():
    a = scene(5)
    assert pixel_id(a) == pixel_id(a.copy()) != pixel_id(scene(6))
    assert pixel_id(np.zeros((20, 30, 3), np.uint8)) != pixel_id(np.zeros((30, 20, 3), np.uint8))

"""Where pictures come from: picture files, video frames, and the pages of HTML/WARC inputs.

Every source yields :class:`ImageInput` items (decoded pixels plus where they were seen) and
:class:`~newstrace.records.IngestProblem` records for bad input, never raising on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from newstrace.images.config import ImageConfig
from newstrace.images.decode import IMAGE_SUFFIXES, ImageDecodeError, decode_image, pixel_id
from newstrace.images.video import VIDEO_SUFFIXES, VideoError, video_date, video_frames
from newstrace.ingest import discover
from newstrace.ingest._checks import read_whole_file
from newstrace.ingest.base import ReaderConfig
from newstrace.records import ImageAppearance, IngestProblem

__all__ = ["ImageInput", "image_inputs", "read_image_file", "read_video"]

_PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
_WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


@dataclass(frozen=True, slots=True, eq=False)
class ImageInput:
    """A decoded picture and the appearance it makes (its ``image_id`` is the pixel id)."""

    rgb: npt.NDArray[np.uint8]
    appearance: ImageAppearance


def _input(rgb: npt.NDArray[np.uint8], **where: object) -> ImageInput:
    h, w = rgb.shape[:2]
    appearance = ImageAppearance(image_id=pixel_id(rgb), width=w, height=h, **where)  # type: ignore[arg-type]
    return ImageInput(rgb, appearance)


def decode_input(
    data: bytes, label: str, location: str | None, **where: object
) -> ImageInput | IngestProblem:
    """Decode picture bytes into an input, or the problem that kept them out."""
    try:
        decoded = decode_image(data)
    except ImageDecodeError as exc:
        return IngestProblem(label, location, str(exc))
    first_seen = where.pop("first_seen", None) or decoded.exif_date
    return _input(decoded.rgb, first_seen=first_seen, **where)


def read_image_file(path: Path, config: ImageConfig, date: str | None = None) -> ImageInput | IngestProblem:
    """One picture file; its date is ``date``, else its EXIF DateTimeOriginal."""
    data = read_whole_file(path, ReaderConfig(max_doc_bytes=config.max_image_bytes))
    if isinstance(data, IngestProblem):
        return data
    return decode_input(data, str(path), None, source=str(path), first_seen=date)


def read_video(
    path: Path, config: ImageConfig, date: str | None = None
) -> Iterator[ImageInput | IngestProblem]:
    """The kept frames of a video; their date is ``date``, else the video's creation time."""
    first_seen = date or video_date(path)
    count = 0
    try:
        for frame in video_frames(path, config):
            count += 1
            yield _input(
                frame.rgb,
                source=str(path),
                first_seen=first_seen,
                video_time=round(frame.time, 3),
                kind="frame",
            )
    except VideoError as exc:
        yield IngestProblem(str(path), f"after {count} frames" if count else None, str(exc))


def _kind(path: Path) -> str:
    name = path.name.lower()
    for kind, suffixes in (
        ("image", IMAGE_SUFFIXES),
        ("video", VIDEO_SUFFIXES),
        ("html", _PAGE_SUFFIXES),
        ("warc", _WARC_SUFFIXES),
    ):
        if name.endswith(suffixes):
            return kind
    return "other"


def image_inputs(
    paths: Iterable[str],
    config: ImageConfig | None = None,
    *,
    date: str | None = None,
    source_url: str | None = None,
) -> Iterator[ImageInput | IngestProblem]:
    """Every picture behind ``paths``: picture files, video frames, pictures of HTML/WARC pages.

    Folders and globs expand as for text ingest. Pictures of a page take the page's article
    id and publication date; ``date`` dates the other inputs (it overrides EXIF and video
    dates); ``source_url`` is recorded as the url of loose files and videos.
    """
    from newstrace.images.pages import html_images, warc_images

    config = config or ImageConfig()
    for item in discover(paths):
        if isinstance(item, IngestProblem):
            yield item
            continue
        if not isinstance(item, Path):
            yield IngestProblem("-", None, "pictures cannot be read from stdin; pass files")
            continue
        kind = _kind(item)
        if kind == "image":
            one = read_image_file(item, config, date)
            yield (
                replace(one, appearance=replace(one.appearance, url=source_url))
                if (source_url and isinstance(one, ImageInput))
                else one
            )
        elif kind == "video":
            yield from read_video(item, config, date)
        elif kind == "html":
            yield from html_images(item, config)
        elif kind == "warc":
            yield from warc_images(item, config)
        else:
            yield IngestProblem(str(item), None, "not a picture, video, HTML or WARC file", "skipped")

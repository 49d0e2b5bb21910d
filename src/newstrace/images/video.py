"""Video frames with PyAV: the first frame of every shot plus at least one frame per interval.

Codec keyframes alone miss most freeze-frames (an encoder places them by its own rules), so
every frame is decoded; a 64x36 grey thumbnail of each decides whether it starts a new shot.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from newstrace.images._deps import need
from newstrace.images.config import ImageConfig

__all__ = ["VIDEO_SUFFIXES", "VideoError", "VideoFrame", "is_cut", "video_date", "video_frames"]

VIDEO_SUFFIXES = (".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".mpg", ".mpeg", ".ts", ".flv")
_THUMB = (64, 36)


class VideoError(ValueError):
    """The file is not a video PyAV can decode (the message says why)."""


@dataclass(frozen=True, slots=True, eq=False)
class VideoFrame:
    """One kept frame: seconds from the start, RGB pixels, and why it was kept."""

    time: float
    rgb: npt.NDArray[np.uint8]
    reason: str  # "cut" (first frame of a shot) or "interval"


def is_cut(previous: npt.NDArray[np.uint8] | None, current: npt.NDArray[np.uint8], threshold: float) -> bool:
    """Does ``current`` start a new shot (mean absolute thumbnail difference over ``threshold``)?"""
    if previous is None:
        return True
    return float(np.abs(current.astype(np.int16) - previous.astype(np.int16)).mean()) > threshold


def video_date(path: Path) -> str | None:
    """The container's ``creation_time`` tag as an ISO date, when present."""
    av = need("av")
    try:
        with av.open(str(path)) as container:
            value = container.metadata.get("creation_time")
    except Exception:
        return None
    return str(value).replace(" ", "T") if value else None


def video_frames(path: Path, config: ImageConfig) -> Iterator[VideoFrame]:
    """Decode a video's first video stream and yield the frames worth indexing.

    Raises:
        VideoError: the file cannot be opened or decoded (frames already yielded stay valid).
    """
    av = need("av")
    try:
        container = av.open(str(path))
    except Exception as exc:
        raise VideoError(f"not a readable video ({str(exc).splitlines()[0] if str(exc) else exc!r})") from exc
    with container:
        if not container.streams.video:
            raise VideoError("no video stream")
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        previous: npt.NDArray[np.uint8] | None = None
        next_due = 0.0
        try:
            for frame in container.decode(stream):
                time = float(frame.time) if frame.time is not None else 0.0
                thumb = frame.reformat(width=_THUMB[0], height=_THUMB[1], format="gray").to_ndarray()
                cut = is_cut(previous, thumb, config.cut_threshold)
                previous = thumb
                if cut or time >= next_due:
                    reason = "cut" if cut else "interval"
                    yield VideoFrame(time, frame.to_ndarray(format="rgb24"), reason)
                    next_due = (int(time / config.frame_interval) + 1) * config.frame_interval
        except av.FFmpegError as exc:
            raise VideoError(f"decoding stopped: {exc}") from exc

"""Run the image stage against the store: index pictures, answer picture queries.

The same functions serve the CLI, the web UI and the Python API (through ``Corpus``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newstrace.images import ImageConfig, ImageInput, find_images, query_signature, sign
from newstrace.records import ImageAppearance, ImageMatch, IngestProblem
from newstrace.reports import ProblemTally
from newstrace.store.images import ImageIndex

__all__ = ["ImageIndexReport", "ImageQuery", "earliest_first", "index_inputs", "query_index"]


@dataclass(slots=True)
class ImageIndexReport(ProblemTally):
    """What an image index run did: pictures added, new appearances, duplicates, problems."""

    added: int = 0
    appearances: int = 0
    duplicate: int = 0


@dataclass(frozen=True, slots=True)
class ImageQuery:
    """The answer to "where was this picture seen first?": matches, earliest first."""

    query: str
    matches: list[ImageMatch]


def index_inputs(
    index: ImageIndex,
    items: Iterable[ImageInput | IngestProblem],
    config: ImageConfig,
    progress: Callable[[str, int, int], None] | None = None,
    on_problem: Callable[[IngestProblem], None] | None = None,
) -> ImageIndexReport:
    """Sign and store every picture; each one is stored whole or not at all."""
    report = ImageIndexReport()
    signed: dict[str, object] = {}
    for item in items:
        if isinstance(item, IngestProblem):
            report.count(item)
            if on_problem is not None:
                on_problem(item)
            continue
        signature = signed.get(item.appearance.image_id) or sign(item.rgb, config)
        signed = {item.appearance.image_id: signature}  # consecutive equal frames sign once
        result = index.put(signature, item.appearance)  # type: ignore[arg-type]
        if result == "added":
            report.added += 1
        elif result == "appearance":
            report.appearances += 1
        else:
            report.duplicate += 1
        if progress is not None:
            progress("images", report.added + report.appearances + report.duplicate, 0)
    index.pdq.refresh()  # a large batch leaves as a segment, not as a tail to re-read later
    return report


def earliest_first(match: ImageMatch) -> tuple[bool, str, float, int, float]:
    """Sort key: dated appearances first, oldest first; then by video time and strength."""
    a = match.appearance
    return (
        a.first_seen is None,
        a.first_seen or "",
        a.video_time or 0.0,
        match.distance if match.distance is not None else 256,
        -match.score,
    )


def query_index(index: ImageIndex, rgb: npt.NDArray[np.uint8], config: ImageConfig, label: str) -> ImageQuery:
    """Every stored appearance of pictures that match ``rgb``, earliest first."""
    hits = find_images(query_signature(rgb, config), index, config)
    seen: dict[int, list[ImageAppearance]] = index.appearances([h.key for h in hits])
    matches = [
        ImageMatch(appearance, hit.method, hit.distance, hit.score, hit.variant)
        for hit in hits
        for appearance in seen.get(hit.key, [])
    ]
    return ImageQuery(label, sorted(matches, key=earliest_first))

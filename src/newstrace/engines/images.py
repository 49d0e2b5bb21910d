"""Run the image stage against the store: index pictures, answer picture queries.

The same functions serve the CLI, the web UI and the Python API (through ``Corpus``).
Indexing signs pictures (PDQ, SIFT, words) in worker processes when asked to, and writes
the store in the parent, in input order: the index is the same as a one-process run's.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newstrace.images import ImageConfig, ImageInput, ImageSignature, find_images, query_signature, sign
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


def _init_worker() -> None:
    """One thread per worker process: the processes are the parallelism."""
    import cv2

    cv2.setNumThreads(1)
    try:
        import threadpoolctl

        threadpoolctl.threadpool_limits(1)
    except ImportError:
        pass


class _Signer:
    """Signs pictures here, or in ``workers`` processes started at the second picture."""

    def __init__(self, config: ImageConfig, workers: int) -> None:
        self.config = config
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None
        self.submitted = 0

    def submit(self, rgb: npt.NDArray[np.uint8]) -> Future[ImageSignature]:
        self.submitted += 1
        if self.pool is None and self.workers > 1 and self.submitted > 1:
            context = multiprocessing.get_context("spawn")  # no fork of a threaded parent
            self.pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_init_worker)
        if self.pool is not None:
            return self.pool.submit(sign, rgb, self.config)
        done: Future[ImageSignature] = Future()
        done.set_result(sign(rgb, self.config))
        return done


@contextmanager
def _signer(config: ImageConfig, workers: int) -> Iterator[_Signer]:
    signer = _Signer(config, workers)
    try:
        yield signer
    finally:
        if signer.pool is not None:
            signer.pool.shutdown(cancel_futures=True)


def _store(
    index: ImageIndex, signed: Future[ImageSignature] | None, item: ImageInput, config: ImageConfig
) -> str:
    """Write one appearance (with its picture when new); ``signed`` is ``None`` for a known one."""
    result = index.put(None if signed is None else signed.result(), item.appearance)
    if result is None:  # known when queued, deleted since
        result = index.put(sign(item.rgb, config), item.appearance)
    return str(result)


def index_inputs(
    index: ImageIndex,
    items: Iterable[ImageInput | IngestProblem],
    config: ImageConfig,
    progress: Callable[[str, int, int], None] | None = None,
    on_problem: Callable[[IngestProblem], None] | None = None,
    workers: int = 1,
) -> ImageIndexReport:
    """Sign and store every picture; each one is stored whole or not at all.

    Pictures stored already are not signed again (their new appearances are recorded). With
    ``workers > 1`` pictures are signed in that many processes, a few pictures ahead of the
    store writes, which stay here and keep the input order.
    """
    report = ImageIndexReport()
    pending: deque[tuple[ImageInput, Future[ImageSignature] | None]] = deque()
    last: tuple[str, Future[ImageSignature] | None] | None = None

    def drain(keep: int) -> None:
        while len(pending) > keep:
            item, signed = pending.popleft()
            result = _store(index, signed, item, config)
            report.added += result == "added"
            report.appearances += result == "appearance"
            report.duplicate += result == "duplicate"
            if progress is not None:
                progress("images", report.added + report.appearances + report.duplicate, 0)

    with _signer(config, workers) as signer:
        for item in items:
            if isinstance(item, IngestProblem):
                report.count(item)
                if on_problem is not None:
                    on_problem(item)
                continue
            image_id = item.appearance.image_id
            if last is None or last[0] != image_id:  # consecutive equal frames sign once
                last = (image_id, None if index.known(image_id) else signer.submit(item.rgb))
            pending.append((item, last[1]))
            drain(keep=4 * workers if workers > 1 else 0)
        drain(keep=0)
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

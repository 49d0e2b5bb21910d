"""Typed records shared by every pipeline stage.

Every span is a pair of character offsets into the text *as stored* (Python ``str``
indices, half-open ``[start, end)``), so ``article.text[p.a_start:p.a_end]`` is always the
reported passage.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "Article",
    "Candidate",
    "Direction",
    "ImageAppearance",
    "ImageMatch",
    "IngestProblem",
    "Passage",
    "ReuseLink",
    "Substitution",
    "content_hash",
]


def content_hash(text: str) -> str:
    """Return the stable content hash of a document text (SHA-256 of its NFC form, hex).

    Example:
        >>> content_hash("a")[:12]
        'ca978112ca1b'
    """
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Article:
    """One document as ingested.

    Attributes:
        id: the stable id the user knows it by (JSONL ``id``, a file name, a WARC target URI).
        text: the main text exactly as extracted; every span points into it.
        source: the outlet (passim's ``series``), or ``None`` when unknown.
        url: where it was published, when known.
        published: publication date or time, ISO 8601 (``2017-11-14`` or
            ``2017-11-14T16:04:00+01:00``), or ``None``.
        title: the headline, when known.
        author: the byline, when known.
        origin: where it was read from (``path`` or ``path#record``), for messages.
        meta: any other fields the input carried (kept, never interpreted).
    """

    id: str
    text: str
    source: str | None = None
    url: str | None = None
    published: str | None = None
    title: str | None = None
    author: str | None = None
    origin: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """SHA-256 of the NFC text: equal texts have equal hashes."""
        return content_hash(self.text)


@dataclass(frozen=True, slots=True)
class IngestProblem:
    """A file or record that was not read as it stands (the rest of the batch goes on).

    Attributes:
        path: the input file.
        location: the line or record inside it (``"line 17"``, ``"record 3"``), or ``None``.
        message: one line saying what is wrong and, where it helps, how to fix it.
        status: ``"failed"`` when input was lost (the run exits non-zero), ``"skipped"`` for
            input deliberately passed over (an empty document, a file over the size limit),
            ``"warning"`` for input that was read with a caveat (decoded as cp1252).
    """

    path: str
    location: str | None
    message: str
    status: str = "failed"

    def __post_init__(self) -> None:
        if self.status not in ("failed", "skipped", "warning"):
            raise ValueError(f"IngestProblem.status must be failed, skipped or warning, not {self.status!r}")

    def __str__(self) -> str:
        where = f"{self.path}: {self.location}" if self.location else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Substitution:
    """A word of text A that stands in place of a different word of text B (a spin).

    ``a_text``/``b_text`` are the surface forms (``"US"`` / ``"USA"``); the offsets are
    half-open character spans into the two texts.
    """

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    a_text: str
    b_text: str


@dataclass(frozen=True, slots=True)
class Passage:
    """One passage of text A reused in text B (or the other way round), aligned word by word.

    Attributes:
        a_start, a_end: character span in text A.
        b_start, b_end: character span in text B.
        score: share of aligned words that match (Dice over the two spans' words), 0..1.
        matched: number of word pairs that match on canonical forms.
        substitutions: words that differ between the two sides at aligned positions.
    """

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    score: float
    matched: int
    substitutions: tuple[Substitution, ...] = ()


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stored document that may share a passage with a query document."""

    doc: str
    shared: int


class Direction(StrEnum):
    """Which side of a reuse link is the source."""

    A_TO_B = "a_to_b"  # A is the source, B copied it
    B_TO_A = "b_to_a"
    UNDETERMINED = "undetermined"


@dataclass(frozen=True, slots=True)
class ReuseLink:
    """A passage shared by two stored documents, with the direction of copying.

    ``doc_a``/``doc_b`` are user-facing document ids; the passage spans point into their
    stored texts. ``confidence`` (0..1) says how sure the direction is (0 when undetermined
    or not yet decided); ``reason`` says why.
    """

    doc_a: str
    doc_b: str
    passage: Passage
    direction: Direction = Direction.UNDETERMINED
    reason: str = ""
    confidence: float = 0.0

    @property
    def source(self) -> str | None:
        """The id of the source document, or ``None`` when undetermined."""
        if self.direction is Direction.A_TO_B:
            return self.doc_a
        if self.direction is Direction.B_TO_A:
            return self.doc_b
        return None


@dataclass(frozen=True, slots=True)
class ImageAppearance:
    """One place where a picture was seen: a file, an article's image, or a video frame.

    Attributes:
        image_id: the picture's stable id (a hash of its decoded pixels); equal pictures seen
            in several places share it.
        source: where it was read from (``path``, ``path#record``, ``video.mp4``).
        document_id: the id of the article that carried it (as ``newstrace ingest`` stores
            it), or ``None`` for a loose file or a video.
        url: the picture's own URL, when known.
        first_seen: the date of this appearance, ISO 8601 (the article's publication date,
            the EXIF DateTimeOriginal, the video's date), or ``None``.
        video_time: seconds from the start of the video for a frame, else ``None``.
        kind: ``"image"`` or ``"frame"``.
        width, height: pixel size of the picture as decoded.
    """

    image_id: str
    source: str
    document_id: str | None = None
    url: str | None = None
    first_seen: str | None = None
    video_time: float | None = None
    kind: str = "image"
    width: int = 0
    height: int = 0


@dataclass(frozen=True, slots=True)
class ImageMatch:
    """A stored appearance of a picture that matches a query picture.

    Attributes:
        appearance: where the matching picture was seen.
        method: ``"pdq"`` (perceptual hash within the distance threshold, geometrically
            checked) or ``"sift"`` (local features found it and a RANSAC homography checked it).
        distance: PDQ Hamming distance (0..256) under the best flip/rotation, or ``None``.
        score: RANSAC inliers of the geometric check (0 when the PDQ distance alone decided).
        variant: which flip/rotation of the query matched (``identity``, ``flip_h``, ...).
    """

    appearance: ImageAppearance
    method: str
    distance: int | None
    score: float
    variant: str = "identity"

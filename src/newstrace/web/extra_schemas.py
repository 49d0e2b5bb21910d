"""Response models of the claims and image-search routes of the JSON API."""

from __future__ import annotations

from pydantic import BaseModel, Field

from newstrace.claims import Claim
from newstrace.records import ImageMatch

__all__ = ["ClaimOut", "ClaimsOut", "ImageMatchOut", "ImageSearchOut", "claims_out", "image_match_out"]


class ClaimOut(BaseModel):
    """One attributed claim; every offset is a character offset into the document's text."""

    index: int = Field(description="position among the document's claims")
    speaker: str
    cue: str = Field(description="empty when the speaker was carried over to a bare quotation")
    content: str
    channel: str | None = Field(description="through whom it reached the outlet, e.g. 'Tass news agency'")
    direct: bool = Field(description="the content is a quotation in its entirety")
    speaker_start: int
    speaker_end: int
    cue_start: int | None
    cue_end: int | None
    content_start: int
    content_end: int
    channel_start: int | None
    channel_end: int | None
    mention_start: int | None = Field(description="the speaker's mention in the claim's sentence (a pronoun)")
    mention_end: int | None
    rebuts: list[int] = Field(description="indices of claims of the same document this one disputes")


class ClaimsOut(BaseModel):
    """A document's claims."""

    doc: str
    claims: list[ClaimOut]


def claims_out(doc_id: str, claims: list[Claim]) -> ClaimsOut:
    """The API view of a document's claims."""
    rows = []
    for c in claims:
        row = c.to_json()
        row.pop("doc")
        rows.append(ClaimOut(**row))
    return ClaimsOut(doc=doc_id, claims=rows)


class ImageMatchOut(BaseModel):
    """A stored appearance of a picture matching the query."""

    image_id: str
    method: str = Field(
        description="pdq (perceptual hash) or sift (local features), both checked geometrically"
    )
    distance: int | None = Field(description="PDQ Hamming distance (0..256) under the best flip/rotation")
    score: float = Field(description="RANSAC inliers of the geometric check (0 when PDQ alone decided)")
    variant: str = Field(description="the flip/rotation of the query that matched")
    first_seen: str | None
    document_id: str | None
    url: str | None
    video_time: float | None = Field(description="seconds into the video, for a frame")
    kind: str = Field(description="image or frame")
    width: int
    height: int


class ImageSearchOut(BaseModel):
    """Where a picture was seen, earliest first."""

    query: str = Field(description="the uploaded file's cleaned name")
    indexed: int = Field(description="distinct pictures in the index")
    matches: list[ImageMatchOut]


def image_match_out(m: ImageMatch) -> ImageMatchOut:
    """The API view of one match."""
    a = m.appearance
    return ImageMatchOut(
        image_id=a.image_id,
        method=m.method,
        distance=m.distance,
        score=m.score,
        variant=m.variant,
        first_seen=a.first_seen,
        document_id=a.document_id,
        url=a.url,
        video_time=a.video_time,
        kind=a.kind,
        width=a.width,
        height=a.height,
    )

"""Pictures on the pages: an uploaded picture searched in the index, an indexed one re-read.

Searching goes through :meth:`Corpus.query_image` (the ``images`` extra). An upload is
written to a private temporary folder under a cleaned name, as text search does.

Pixels are not stored, so a thumbnail or a "search for this picture" needs the picture's
file. Only a path the index itself recorded as the source of that picture, for that
document, is ever opened, only loose picture files (never WARC records or video frames),
read with the image stage's size limits, and only when the decoded pixels still have the
recorded picture id. A thumbnail is then re-encoded through Pillow; no file is served as is.
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from newstrace.api import Corpus
from newstrace.records import ImageAppearance, ImageMatch
from newstrace.web.search import clean_filename

__all__ = [
    "MAX_THUMBS",
    "THUMB_SIDE",
    "DocumentPicture",
    "PictureSearch",
    "document_pictures",
    "first_verified",
    "indexed_pictures",
    "recorded_appearances",
    "search_recorded",
    "search_upload",
    "thumbnail",
    "verified_source",
]

THUMB_SIDE = 240  # longest side of a thumbnail, pixels
MAX_THUMBS = 12  # thumbnails per document page (each one decodes its file to check it)
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff")
IMAGES_HINT = 'pip install "newstrace[images]"'


@dataclass(frozen=True, slots=True)
class PictureSearch:
    """What an image search found, or why it found nothing.

    ``matches`` is ``None`` when the search could not run (``message`` says why;
    ``missing_extra`` when the ``images`` extra is not installed).
    """

    query: str
    matches: list[ImageMatch] | None
    indexed: int
    message: str | None = None
    missing_extra: bool = False


@dataclass(frozen=True, slots=True)
class DocumentPicture:
    """A picture a document shows, and whether its thumbnail can be served."""

    appearance: ImageAppearance
    thumbnail: bool


def document_pictures(corpus: Corpus, doc_id: str) -> list[DocumentPicture] | None:
    """:meth:`Corpus.images_of` a document, marking which can have thumbnails.

    ``None`` when the image stage cannot be loaded (the page says how to install it).
    """
    try:
        found = corpus.images_of(doc_id)
    except ImportError:
        return None
    return [
        DocumentPicture(a, n < MAX_THUMBS and verified_source(a) is not None) for n, a in enumerate(found)
    ]


def indexed_pictures(corpus: Corpus) -> int:
    """Distinct pictures in the store's image index."""
    from newstrace.store.images import ImageIndex

    return ImageIndex(corpus.store).count()


def _query(corpus: Corpus, path: Path, shown: str, indexed: int) -> PictureSearch:
    try:
        found = corpus.query_image(path)
    except ImportError as exc:
        return PictureSearch(
            shown, None, indexed, f"Image search needs the images extra: {IMAGES_HINT} ({exc})", True
        )
    except ValueError as exc:  # not a readable picture: the message names the file
        return PictureSearch(shown, None, indexed, str(exc).replace(str(path), shown))
    return PictureSearch(shown, found.matches, indexed)


def search_upload(corpus: Corpus, data: bytes, filename: str | None) -> PictureSearch:
    """Search the index for an uploaded picture (nothing is stored)."""
    name = clean_filename(filename, "upload.jpg")
    indexed = indexed_pictures(corpus)
    with tempfile.TemporaryDirectory(prefix="newstrace-image-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return _query(corpus, path, name, indexed)


def recorded_appearances(corpus: Corpus, doc_id: str, image_id: str) -> list[ImageAppearance]:
    """The appearances of picture ``image_id`` in document ``doc_id``, as the index recorded them."""
    return [a for a in corpus.images_of(doc_id) if a.image_id == image_id]


def first_verified(appearances: list[ImageAppearance]) -> tuple[Path, npt.NDArray[np.uint8]] | None:
    """The first of these appearances whose recorded file can be re-read unchanged."""
    return next((v for a in appearances if (v := verified_source(a)) is not None), None)


def verified_source(appearance: ImageAppearance) -> tuple[Path, npt.NDArray[np.uint8]] | None:
    """The recorded file of a loose picture and its decoded pixels, when they still match.

    ``None`` for WARC records and video frames, for missing or changed files, and when
    the images extra is not installed.
    """
    path = Path(appearance.source)
    if appearance.kind != "image" or not path.name.lower().endswith(_IMAGE_SUFFIXES):
        return None
    try:
        from newstrace.images import ImageConfig, ImageInput, read_image_file

        if not path.is_file():
            return None
        item = read_image_file(path, ImageConfig())
    except (ImportError, OSError):
        return None
    if not isinstance(item, ImageInput) or item.appearance.image_id != appearance.image_id:
        return None
    return path, item.rgb


def search_recorded(corpus: Corpus, doc_id: str, image_id: str) -> PictureSearch | None:
    """Search the index for a picture of a document, re-read from its recorded file.

    ``None`` when the document shows no such picture; a result with a message when its
    file cannot be re-read (a WARC record, a video frame, a moved or changed file).
    """
    appearances = recorded_appearances(corpus, doc_id, image_id)
    if not appearances:
        return None
    shown = f"picture {image_id} of {doc_id}"
    indexed = indexed_pictures(corpus)
    verified = first_verified(appearances)
    if verified is None:
        return PictureSearch(
            shown,
            None,
            indexed,
            "This picture cannot be re-read from where it was indexed (a WARC record, a video "
            "frame, or a file that has moved or changed): upload a copy of it to search.",
        )
    return _query(corpus, verified[0], shown, indexed)


def thumbnail(rgb: npt.NDArray[np.uint8], side: int = THUMB_SIDE) -> bytes:
    """A JPEG thumbnail, re-encoded from decoded pixels through Pillow."""
    from PIL import Image

    image = Image.fromarray(rgb)
    image.thumbnail((side, side))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()

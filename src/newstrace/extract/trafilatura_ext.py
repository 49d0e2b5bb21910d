"""Main text and metadata with trafilatura; the original publication date with htmldate."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from newstrace.extract.base import ExtractedPage, register_extractor

__all__ = ["TrafilaturaExtractor", "normalize_date"]

_LOG = logging.getLogger(__name__)

# htmldate's output format: keeps the time and the UTC offset when the page gives them.
_HTMLDATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def normalize_date(value: str | None) -> str | None:
    """Turn an htmldate result into ISO 8601: date only unless a time or a zone was found.

    htmldate writes ``00:00:00`` when a page gives a date without a time, so a naive
    midnight is read as "no time" (a real naive midnight loses its time; a rare case).

    Example:
        >>> normalize_date("2013-08-02T18:50:00-0400")
        '2013-08-02T18:50:00-04:00'
        >>> normalize_date("2013-08-02T00:00:00")
        '2013-08-02'
    """
    if not value:
        return None
    for fmt in (_HTMLDATE_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            moment = datetime.strptime(value, fmt)
        except ValueError:
            continue
        if moment.tzinfo is None and (moment.hour, moment.minute, moment.second) == (0, 0, 0):
            return moment.date().isoformat()
        return moment.isoformat()
    return None


def _clean(value: Any) -> str | None:
    """Return a stripped non-empty string, else ``None``."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


@register_extractor
class TrafilaturaExtractor:
    """trafilatura's main-text extraction without comments or tables.

    trafilatura is imported on first use, so importing newstrace stays cheap.
    """

    name = "trafilatura"

    def extract(self, html: str, url: str | None) -> ExtractedPage | None:
        """Return the main text (paragraphs separated by newlines) and metadata, or ``None``."""
        try:
            from trafilatura import bare_extraction
        except ImportError as exc:  # pragma: no cover - a default dependency
            raise ImportError('HTML extraction needs trafilatura: pip install "newstrace"') from exc
        date_params = {
            "original_date": True,
            "extensive_search": True,
            "outputformat": _HTMLDATE_FORMAT,
            # a date in the URL (``/2013/08/02/``) only when the page itself gives none,
            # so a full timestamp in the meta tags wins
            "deferred_url_extractor": True,
            "max_date": datetime.now().astimezone().strftime("%Y-%m-%d"),
        }
        try:
            doc = bare_extraction(
                html,
                url=url,
                with_metadata=True,
                include_comments=False,
                include_tables=False,
                date_extraction_params=date_params,
            )
        except (ValueError, TypeError, LookupError, RecursionError) as exc:
            _LOG.debug("trafilatura failed on %s: %s", url, exc)
            return None
        text = getattr(doc, "text", None) if doc is not None else None
        if not isinstance(text, str) or not text.strip():
            return None
        return ExtractedPage(
            text=text,
            title=_clean(getattr(doc, "title", None)),
            author=_clean(getattr(doc, "author", None)),
            sitename=_clean(getattr(doc, "sitename", None)),
            url=_clean(getattr(doc, "url", None)) or url,
            published=normalize_date(_clean(getattr(doc, "date", None))),
        )

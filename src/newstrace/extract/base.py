"""The extract contract: main text and metadata of one HTML page, and the registry of extractors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, TypeVar

__all__ = ["EXTRACTORS", "ExtractedPage", "Extractor", "get_extractor", "register_extractor"]


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    """What an extractor found in one page.

    Attributes:
        text: the main text, paragraphs separated by newlines (never empty).
        title: the headline, when found.
        author: the byline, when found.
        sitename: the outlet's name (``og:site_name`` and the like), when found.
        url: the canonical URL when the page declares one, else the URL it was given.
        published: the original publication date, ISO 8601 (``2013-08-02`` or
            ``2013-08-02T18:50:00-04:00``), or ``None``.
    """

    text: str
    title: str | None = None
    author: str | None = None
    sitename: str | None = None
    url: str | None = None
    published: str | None = None


class Extractor(Protocol):
    """Finds the main text of an HTML page; ``None`` when there is none."""

    name: str

    def extract(self, html: str, url: str | None) -> ExtractedPage | None:
        """Return the page's main text and metadata, or ``None``; never raise on bad HTML."""
        ...


EXTRACTORS: dict[str, Extractor] = {}
"""Extractors by name; filled by :func:`register_extractor`."""

_E = TypeVar("_E", bound=Extractor)


def register_extractor(cls: type[_E]) -> type[_E]:
    """Class decorator: register one instance of an extractor under its ``name``."""
    EXTRACTORS[cls.name] = cls()
    return cls


def get_extractor(name: str = "trafilatura") -> Extractor:
    """Return the registered extractor called ``name``.

    Raises:
        ValueError: no extractor has that name (the message lists the known ones).
    """
    try:
        return EXTRACTORS[name]
    except KeyError:
        known = ", ".join(sorted(EXTRACTORS)) or "none"
        raise ValueError(f"unknown extractor {name!r}; choose one of: {known}") from None

"""Plain-text reader: one file, one article, its text exactly as the file holds it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newstrace.ingest._checks import first_line, read_whole_file, text_problem
from newstrace.ingest.base import ReaderConfig, register
from newstrace.ingest.decode import decode_bytes
from newstrace.records import Article, IngestProblem

__all__ = ["TxtReader"]


@register
class TxtReader:
    """Reads a plain-text file as one article.

    The id is the file name (``000_fc4f809c70dd1bba.txt``), the title its first non-empty
    line, the text the whole file decoded (a UTF-8 BOM dropped, newlines untouched).
    """

    name = "txt"
    suffixes: tuple[str, ...] = (".txt", ".text")

    def read(self, path: Path, config: ReaderConfig) -> Iterator[Article | IngestProblem]:
        """Yield the file's article, or the problem that kept it out."""
        data = read_whole_file(path, config)
        if isinstance(data, IngestProblem):
            yield data
            return
        decoded = decode_bytes(data, str(path))
        if decoded.problem is not None:
            yield decoded.problem
        if decoded.text is None:
            return
        problem = text_problem(decoded.text, path, None, config)
        if problem is not None:
            yield problem
            return
        yield Article(
            id=path.name, text=decoded.text, title=first_line(decoded.text), origin=str(path)
        )

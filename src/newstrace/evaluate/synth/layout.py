"""The PAN layout of a generated corpus: documents, pairs, truth XML and a manifest."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newstrace.evaluate.measures import Case
from newstrace.evaluate.pan import (
    TRUTH,
    PanPair,
    annotation_path,
    write_annotations,
    write_pairs,
    write_text,
)
from newstrace.evaluate.synth.corpus import Doc

__all__ = ["CorpusWriter", "GeneratedPair", "Page", "Reuse"]


@dataclass(frozen=True, slots=True)
class GeneratedPair:
    """One generated PAN pair: its files, kind, truth cases and manifest entry."""

    pair: PanPair
    kind: str
    cases: tuple[Case, ...]
    info: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Reuse:
    """One source's contribution to a suspicious document.

    Attributes:
        source: the source article.
        src_span: the copied span in ``source.text``; ``None`` for a negative pair.
        text: the passage as placed in the suspicious document (obfuscated).
        info: what the obfuscation did, for the manifest.
    """

    source: Doc
    src_span: tuple[int, int] | None
    text: str
    info: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Page:
    """One suspicious document: its text, host article id, and the passages it reuses.

    ``susp_spans[i]`` is where ``reuses[i].text`` lies in ``text`` (``None`` for negatives).
    """

    text: str
    host: str
    reuses: tuple[Reuse, ...]
    susp_spans: tuple[tuple[int, int] | None, ...]


class CorpusWriter:
    """Names documents, writes the PAN layout and collects the manifest."""

    def __init__(self, out_dir: Path) -> None:
        self.out = Path(out_dir)
        if (self.out / "pairs").exists():
            raise FileExistsError(f"{self.out} already holds a corpus; pick an empty folder")
        for sub in ("src", "susp", "truth"):
            (self.out / sub).mkdir(parents=True, exist_ok=True)
        self.sources: dict[str, str] = {}
        self.suspicious = 0
        self.pairs: list[GeneratedPair] = []

    def source_name(self, doc: Doc) -> str:
        """The file name of a source article, writing the file on first use."""
        if doc.id not in self.sources:
            name = f"source-document{len(self.sources) + 1:05d}.txt"
            self.sources[doc.id] = name
            write_text(self.out / "src" / name, doc.text)
        return self.sources[doc.id]

    def add(self, kind: str, page: Page) -> None:
        """Write a suspicious document, and the pair and truth file of each of its sources."""
        self.suspicious += 1
        susp = f"suspicious-document{self.suspicious:05d}.txt"
        write_text(self.out / "susp" / susp, page.text)
        for reuse, susp_span in zip(page.reuses, page.susp_spans, strict=True):
            pair = PanPair(susp, self.source_name(reuse.source))
            cases: tuple[Case, ...] = ()
            if reuse.src_span is not None and susp_span is not None:
                cases = (Case(susp, *susp_span, pair.source, *reuse.src_span, obfuscation=kind),)
            write_annotations(annotation_path(self.out / "truth", pair), susp, cases, TRUTH)
            info = {"source_doc": reuse.source.id, "host_doc": page.host, **reuse.info}
            self.pairs.append(GeneratedPair(pair, kind, cases, info))

    def finish(self) -> list[GeneratedPair]:
        """Write ``pairs`` and ``manifest.jsonl``; return every pair written."""
        write_pairs(self.out / "pairs", [p.pair for p in self.pairs])
        rows = [
            json.dumps({"suspicious": p.pair.suspicious, "source": p.pair.source, "kind": p.kind, **p.info})
            for p in self.pairs
        ]
        write_text(self.out / "manifest.jsonl", "".join(row + "\n" for row in rows))
        return self.pairs

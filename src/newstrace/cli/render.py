"""How results look on the terminal and in JSON."""

from __future__ import annotations

import textwrap
from typing import Any

import click

from newstrace.provenance import Trace
from newstrace.records import Passage, ReuseLink


def _snippet(text: str, start: int, end: int, width: int = 96) -> str:
    flat = " ".join(text[start:end].split())
    return flat if len(flat) <= width else flat[: width // 2 - 2] + " … " + flat[-(width // 2 - 2) :]


def compare_json(a: str, b: str, passages: list[Passage]) -> dict[str, Any]:
    """The ``compare --format json`` object."""
    return {
        "a": a,
        "b": b,
        "passages": [
            {
                "a_start": p.a_start, "a_end": p.a_end, "b_start": p.b_start, "b_end": p.b_end,
                "score": p.score, "matched_words": p.matched,
                "substitutions": [[s.a_text, s.b_text] for s in p.substitutions],
            }
            for p in passages
        ],
    }


def print_compare(a: str, b: str, text_a: str, text_b: str, passages: list[Passage]) -> None:
    """Human-readable ``compare`` output."""
    click.echo(f"{len(passages)} reused passage(s) between A={a} and B={b}")
    for n, p in enumerate(passages, 1):
        click.echo(
            f"\n[{n}] A[{p.a_start}:{p.a_end}] ~ B[{p.b_start}:{p.b_end}]  "
            f"score {p.score:.2f}, {p.matched} words match"
        )
        click.echo(textwrap.fill(_snippet(text_a, p.a_start, p.a_end), 96, initial_indent="    ",
                                 subsequent_indent="    "))
        if p.substitutions:
            subs = ", ".join(f"{s.a_text!r} -> {s.b_text!r}" for s in p.substitutions)
            click.echo(f"    changed in B: {subs}")


def trace_json(trace: Trace) -> dict[str, Any]:
    """The ``trace --format json`` object."""
    doc = trace.document
    return {
        "document": {"id": doc.id, "title": doc.title, "source": doc.source, "url": doc.url,
                     "published": doc.published, "chars": len(doc.text), "stored": trace.stored},
        "reused_chars": trace.reused_chars,
        "passages": [
            {
                "start": p.start, "end": p.end, "other": p.other, "other_start": p.other_start,
                "other_end": p.other_end, "role": p.role, "score": p.score,
                "matched_words": p.matched, "reason": p.reason,
                "other_title": p.other_title, "other_source": p.other_source,
                "other_published": p.other_published,
                "substitutions": [[s[0], s[1]] for s in p.substitutions],
                "text": doc.text[p.start : p.end],
            }
            for p in trace.passages
        ],
    }


_ROLE = {"source": "copied from", "copy": "copied by", "undetermined": "shared with"}


def print_trace(trace: Trace) -> None:
    """Human-readable ``trace`` output."""
    doc = trace.document
    share = trace.reused_chars / max(1, len(doc.text))
    click.echo(f"{doc.id}: {doc.title or '(no title)'}")
    click.echo(
        f"{len(trace.passages)} shared passage(s), {share:.0%} of its text"
        + ("" if trace.stored else " (not in the store; compared only)")
    )
    for p in trace.passages:
        where = f"{p.other}" + (f" ({p.other_source})" if p.other_source else "")
        click.echo(f"\n  [{p.start}:{p.end}] {_ROLE[p.role]} {where} [{p.other_start}:{p.other_end}]"
                   f"  score {p.score:.2f}")
        click.echo(f"    \"{_snippet(doc.text, p.start, p.end)}\"")
        if p.substitutions:
            words = ", ".join(f"{s[0]!r} here, {s[1]!r} there" for s in p.substitutions)
            click.echo(f"    words changed: {words}")
        if p.role == "undetermined":
            click.echo(f"    direction undetermined: {p.reason}")


def reuse_row(link: ReuseLink) -> dict[str, Any]:
    """One exported reuse link."""
    p = link.passage
    return {
        "doc_a": link.doc_a, "doc_b": link.doc_b, "source": link.source,
        "direction": link.direction.value, "confidence": link.confidence, "reason": link.reason,
        "a_start": p.a_start, "a_end": p.a_end, "b_start": p.b_start, "b_end": p.b_end,
        "score": p.score, "matched_words": p.matched,
        "substitutions": [[s.a_text, s.b_text] for s in p.substitutions],
    }

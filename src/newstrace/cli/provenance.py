"""Provenance commands: ``stories``, ``origins DOC``, ``outlets``, ``export stories|graph``."""

from __future__ import annotations

from pathlib import Path

import click

import newstrace
from newstrace.cli.common import (
    db_option,
    emit_json,
    emit_jsonl,
    format_option,
    setup_logging,
    verbose_option,
)
from newstrace.provenance import Origins


def _open(db: str) -> newstrace.Corpus:
    if not Path(db).exists():
        raise click.ClickException(f"no store at {db}; run 'newstrace ingest PATH --db {db}' first")
    return newstrace.open(db)


@click.command()
@db_option
@format_option("text", "json", default="text")
@click.option("--limit", type=click.IntRange(0), default=0, help="Show only the N largest stories (0: all).")
@verbose_option
def stories(db: str, fmt: str, limit: int, verbose: int) -> None:
    """List stories (clusters of articles about one event), largest first.

    Example:
        newstrace stories --db news.db --limit 10
    """
    setup_logging(verbose)
    with _open(db) as corpus:
        found = corpus.stories()
    shown = found[:limit] if limit else found
    if fmt == "json":
        emit_json([{**_story(s), "size": s.size} for s in shown])
        return
    click.echo(f"{len(found)} stories", err=True)
    for s in shown:
        first = s.timeline[0]
        outlets = ", ".join(s.outlets[:5]) + (" ..." if len(s.outlets) > 5 else "")
        click.echo(
            f"{s.story_id}  {s.size:>4} article(s)  first: {s.first_doc}"
            f"{' (' + first.published + ')' if first.published else ''}"
        )
        click.echo(f"    {first.title or '(no title)'}" + (f"\n    outlets: {outlets}" if outlets else ""))


def _story(s: newstrace.provenance.Story) -> dict[str, object]:
    return {
        "story_id": s.story_id,
        "first_doc": s.first_doc,
        "outlets": list(s.outlets),
        "timeline": [
            {"doc_id": e.doc_id, "published": e.published, "outlet": e.outlet, "title": e.title}
            for e in s.timeline
        ],
    }


def _print_origins(o: Origins, text: str) -> None:
    copied = sum(share for _, share in o.shares)
    click.echo(
        f"{o.doc_id}: {o.length} characters, {copied:.0%} copied"
        + (f"; composite: {o.composite_reason}" if o.composite else "")
    )
    for origin, share in o.shares:
        click.echo(f"  {share:6.1%} from {origin}")
    for seg in o.segments:
        flat = " ".join(text[seg.start : seg.end].split())
        flat = flat if len(flat) <= 80 else flat[:38] + " … " + flat[-38:]
        where = f"[{seg.start}:{seg.end}]"
        if seg.label == "own":
            click.echo(f"\n  {where} own")
        else:
            via = " <- ".join(reversed(seg.path[:-1]))
            verb = "copied from" if seg.label == "copied" else "shared (direction undetermined) with"
            click.echo(
                f"\n  {where} {verb} {seg.source_doc} [{seg.source_start}:{seg.source_end}]"
                + (f"  path: {via}" if len(seg.path) > 2 else "")
                + (f"  {seg.spun} word(s) spun" if seg.spun else "")
            )
        click.echo(f'    "{flat}"')


@click.command()
@click.argument("doc")
@db_option
@format_option("text", "json", default="text")
@verbose_option
def origins(doc: str, db: str, fmt: str, verbose: int) -> None:
    """Split a stored document into own and copied segments, each with its origin.

    Copied text is followed back transitively (C copied B, which copied A: the origin is A).

    Example:
        newstrace origins 000_fc4f809c70dd1bba.txt --db news.db --format json
    """
    setup_logging(verbose)
    with _open(db) as corpus:
        found = corpus.origins(doc)
        article = corpus.get(doc)
    if found is None or article is None:
        raise click.ClickException(f"no document with id {doc!r} in {db}")
    if fmt == "json":
        emit_json(found)
    else:
        _print_origins(found, article.text)


@click.command()
@db_option
@format_option("text", "json", default="text")
@verbose_option
def outlets(db: str, fmt: str, verbose: int) -> None:
    """Profile each outlet: share of its text copied from other outlets, from whom, how spun.

    Example:
        newstrace outlets --db news.db --format json
    """
    setup_logging(verbose)
    with _open(db) as corpus:
        profiles = corpus.outlets()
    if fmt == "json":
        emit_json(profiles)
        return
    click.echo(f"{len(profiles)} outlets (documents without series or URL are not counted)", err=True)
    for p in profiles:
        top = ", ".join(f"{s.outlet} {s.share:.0%}" for s in p.sources[:3])
        click.echo(
            f"{p.outlet:<32} {p.documents:>5} doc(s)  copied {p.copied_share:6.1%}"
            f"  spun {p.spun_share:6.1%}" + (f"  from: {top}" if top else "")
        )


@click.command("stories")
@db_option
@format_option("jsonl", default="jsonl")
def export_stories(db: str, fmt: str) -> None:
    """One line per document: {"doc_id": ..., "story_id": ...}.

    Example:
        newstrace export stories --db news.db --format jsonl > stories.jsonl
    """
    with _open(db) as corpus:
        assignment = corpus.story_assignment()
    for doc_id in sorted(assignment):
        emit_jsonl({"doc_id": doc_id, "story_id": assignment[doc_id]})


@click.command("graph")
@db_option
@format_option("graphml", "gexf", default="graphml")
def export_graph(db: str, fmt: str) -> None:
    """The provenance graph for Gephi: documents, and reuse links from source to copy.

    Nodes carry outlet, date and story; edges carry direction, share of the copy and
    spun words.

    Example:
        newstrace export graph --db news.db --format gexf > provenance.gexf
    """
    with _open(db) as corpus:
        click.echo(corpus.graph(fmt), nl=False)

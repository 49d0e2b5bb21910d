"""The CLI commands; each is a thin wrapper over one API call."""

from __future__ import annotations

import csv
import os
import sqlite3
import sys
from pathlib import Path

import click

import newstrace
from newstrace.cli.common import (
    db_option,
    emit_json,
    emit_jsonl,
    format_option,
    progress_bars,
    quiet_option,
    setup_logging,
    verbose_option,
)
from newstrace.cli.render import compare_json, print_compare, print_trace, reuse_row, trace_json
from newstrace.engines.local import PipelineConfig
from newstrace.ingest import ReaderConfig, read_paths
from newstrace.records import Article, IngestProblem
from newstrace.store import StoreError


@click.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--max-doc-mb", type=float, default=8.0, show_default=True,
              help="Skip documents larger than this.")
@click.option("--workers", "-j", type=click.IntRange(1), default=os.cpu_count() or 1, show_default=True,
              help="Processes for indexing and alignment.")
@click.option("--no-align", is_flag=True, help="Only store the documents; align later with the next ingest.")
@quiet_option
@verbose_option
def ingest(paths: tuple[str, ...], db: str, max_doc_mb: float, workers: int, no_align: bool,
           quiet: bool, verbose: int) -> None:
    """Read articles into the store, then find their reuse links.

    PATHS are files (txt, JSONL, HTML, WARC, WARC.gz), folders or globs; '-' reads JSONL
    from stdin. Each bad file or record gets one line on stderr; the rest goes on. Exits 1
    when any input failed.

    Example:
        newstrace ingest data/seeds 'crawl/*.warc.gz' --db news.db
    """
    setup_logging(verbose)
    config = ReaderConfig(max_doc_bytes=max(1, int(max_doc_mb * 1024 * 1024)))
    pipeline = PipelineConfig(workers=workers)
    with newstrace.open(db, pipeline) as corpus, progress_bars(quiet) as progress:
        report = corpus.ingest(
            paths, reader_config=config, progress=progress, align=not no_align,
            on_problem=lambda p: click.echo(f"{p.status}: {p}", err=True),
        )
    click.echo(
        f"ingested {report.ingested}, replaced {report.replaced}, duplicate {report.duplicate}, "
        f"skipped {report.skipped}, failed {report.failed}; {report.links} new reuse passages",
        err=True,
    )
    sys.exit(0 if report.ok else 1)


def _read_one(path: str) -> Article:
    items = list(read_paths([path]))
    articles = [a for a in items if isinstance(a, Article)]
    if not articles:
        problems = "; ".join(str(p) for p in items if isinstance(p, IngestProblem)) or "no document"
        raise click.ClickException(f"{path}: {problems}")
    if len(articles) > 1:
        click.echo(f"{path}: {len(articles)} documents, using the first ({articles[0].id})", err=True)
    return articles[0]


@click.command()
@click.argument("doc")
@db_option
@format_option("text", "json", default="text")
@verbose_option
def trace(doc: str, db: str, fmt: str, verbose: int) -> None:
    """Show where each passage of a document came from.

    DOC is a stored document id, or a file that is compared against the store without
    being added to it.

    Example:
        newstrace trace 000_fc4f809c70dd1bba.txt --format json
    """
    setup_logging(verbose)
    if not Path(db).exists():
        raise click.ClickException(f"no store at {db}; run 'newstrace ingest PATH --db {db}' first")
    with newstrace.open(db) as corpus:
        target: str | Article = doc
        if corpus.get(doc) is None:
            if not Path(doc).exists():
                raise click.ClickException(f"no document with id {doc!r} in {db}, and no such file")
            target = _read_one(doc)
        result = corpus.trace(target)
    if fmt == "json":
        emit_json(trace_json(result))
    else:
        print_trace(result)


@click.command()
@click.argument("a", type=click.Path(exists=True, dir_okay=False))
@click.argument("b", type=click.Path(exists=True, dir_okay=False))
@format_option("text", "json", default="text")
@verbose_option
def compare(a: str, b: str, fmt: str, verbose: int) -> None:
    """Align two files directly (no store): the passages of A reused in B.

    Example:
        newstrace compare data/seeds/004_5d9cfa0761f81c81.txt data/seeds/000_fc4f809c70dd1bba.txt
    """
    setup_logging(verbose)
    art_a, art_b = _read_one(a), _read_one(b)
    passages = newstrace.compare(art_a, art_b)
    if fmt == "json":
        emit_json(compare_json(a, b, passages))
    else:
        print_compare(a, b, art_a.text, art_b.text, passages)


@click.group()
def export() -> None:
    """Export data from the store.

    Example:
        newstrace export reuse --format jsonl > reuse.jsonl
    """


@export.command("reuse")
@db_option
@format_option("jsonl", "csv", default="jsonl")
def export_reuse(db: str, fmt: str) -> None:
    """Every reuse link: both documents, both spans, score, direction, substitutions.

    Example:
        newstrace export reuse --db news.db --format csv > reuse.csv
    """
    if not Path(db).exists():
        raise click.ClickException(f"no store at {db}")
    with newstrace.open(db) as corpus:
        writer = None
        for link in corpus.links():
            row = reuse_row(link)
            if fmt == "jsonl":
                emit_jsonl(row)
                continue
            if writer is None:
                writer = csv.DictWriter(sys.stdout, fieldnames=list(row), lineterminator="\n")
                writer.writeheader()
            writer.writerow({k: v if not isinstance(v, list) else repr(v) for k, v in row.items()})


@click.command()
@db_option
def check(db: str) -> None:
    """Check the store's integrity; exit 1 when anything is wrong.

    Example:
        newstrace check --db news.db
    """
    if not Path(db).exists():
        raise click.ClickException(f"no store at {db}")
    try:
        corpus = newstrace.open(db)
    except StoreError as exc:
        click.echo(exc)
        click.echo("1 problem: the file cannot be opened as a store", err=True)
        sys.exit(1)
    with corpus:
        problems = corpus.check()
        try:
            counts = corpus.counts()
        except sqlite3.DatabaseError:  # already reported by check
            counts = {}
    for problem in problems:
        click.echo(problem)
    summary = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items())
    verdict = "ok" if not problems else f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
    click.echo(f"{verdict}: {summary or 'counts unreadable'}", err=True)
    sys.exit(1 if problems else 0)

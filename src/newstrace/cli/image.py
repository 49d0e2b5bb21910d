"""``newstrace image index`` and ``newstrace image query``: thin commands over the image API."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

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
from newstrace.records import ImageMatch


@click.group()
def image() -> None:
    """Index pictures and video frames; find where a picture was seen first.

    Example:
        newstrace image index photos/ trailer.mp4 crawl.warc.gz && newstrace image query proof.jpg
    """


@image.command("index")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--date", help="Date of the pictures and videos given (ISO 8601); overrides EXIF and video dates."
)
@click.option("--url", "source_url", help="Where the given pictures or videos were published.")
@click.option(
    "--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
    help="Processes that hash pictures and extract their keypoints (0: one per CPU core).",
)
@quiet_option
@verbose_option
def index(
    paths: tuple[str, ...],
    db: str,
    date: str | None,
    source_url: str | None,
    jobs: int,
    quiet: bool,
    verbose: int,
) -> None:
    """Index pictures: files (JPEG, PNG, WebP, GIF), video frames, pictures of HTML/WARC articles.

    Pictures of HTML and WARC pages are linked to the page's article id and date. Each bad
    file gets one line on stderr; the rest goes on; exits 1 when any input failed.

    Example:
        newstrace image index archive/2016/ game-trailer.mp4 --date 2016-05-01 --db news.db -j 4
    """
    setup_logging(verbose)
    with newstrace.open(db) as corpus, progress_bars(quiet) as progress:
        report = corpus.index_images(
            paths,
            date=date,
            source_url=source_url,
            progress=progress,
            on_problem=lambda p: click.echo(f"{p.status}: {p}", err=True),
            workers=jobs or os.cpu_count() or 1,
        )
    click.echo(
        f"pictures added {report.added}, new appearances {report.appearances}, duplicate "
        f"{report.duplicate}, skipped {report.skipped}, failed {report.failed}",
        err=True,
    )
    sys.exit(0 if report.ok else 1)


def match_json(match: ImageMatch) -> dict[str, Any]:
    """One match as the JSON object of ``image query``."""
    a = match.appearance
    return {
        "image_id": a.image_id,
        "distance": match.distance,
        "score": match.score,
        "method": match.method,
        "first_seen": a.first_seen,
        "document_id": a.document_id,
        "url": a.url,
        "video_time": a.video_time,
        "source": a.source,
        "kind": a.kind,
        "variant": match.variant,
    }


@image.command("query")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@db_option
@format_option("text", "json", "jsonl", default="text")
@verbose_option
def query(file: str, db: str, fmt: str, verbose: int) -> None:
    """Where was this picture (or the picture it was cropped or edited from) seen, earliest first?

    Example:
        newstrace image query proof.jpg --format json --db news.db
    """
    setup_logging(verbose)
    if not Path(db).exists():
        raise click.ClickException(f"no store at {db}; run 'newstrace image index PATH --db {db}' first")
    with newstrace.open(db) as corpus:
        try:
            result = corpus.query_image(file)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
    rows = [match_json(m) for m in result.matches]
    if fmt == "json":
        emit_json({"query": file, "matches": rows})
    elif fmt == "jsonl":
        for row in rows:
            emit_jsonl({"query": file, **row})
    elif not rows:
        click.echo(f"{file}: no match among the indexed pictures")
    else:
        click.echo(f"{file}: {len(rows)} appearance(s), earliest first")
        for r in rows:
            how = (
                f"PDQ distance {r['distance']}" if r["method"] == "pdq" else f"{r['score']:.0f} SIFT inliers"
            )
            when = r["first_seen"] or "undated"
            at = f" at {r['video_time']:.2f} s" if r["video_time"] is not None else ""
            where = r["document_id"] or r["url"] or r["source"]
            click.echo(f"  {when}  {where}{at}  [{r['image_id']}, {how}, {r['variant']}]")

"""``newstrace run`` (a batch run on one machine or on Spark) and ``newstrace load``."""

from __future__ import annotations

import os
import sys
from dataclasses import asdict, replace
from pathlib import Path

import click

from newstrace.cli.common import (
    db_option,
    emit_json,
    format_option,
    progress_bars,
    quiet_option,
    setup_logging,
    verbose_option,
)
from newstrace.engines.batch import RunSummary, load_results, run_local
from newstrace.engines.local import PipelineConfig
from newstrace.index import IndexConfig
from newstrace.ingest import ReaderConfig
from newstrace.records import IngestProblem


def _report(problem: IngestProblem) -> None:
    click.echo(f"{problem.status}: {problem}", err=True)


def _spark_conf(pairs: tuple[str, ...], quiet: bool) -> dict[str, str]:
    conf = {"spark.ui.showConsoleProgress": "false" if quiet else "true"}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{pair!r}: expected KEY=VALUE", param_hint="--conf")
        conf[key.strip()] = value.strip()
    return conf


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--out", "-o", required=True, type=click.Path(file_okay=False), help="Output directory (Parquet)."
)
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True)
@click.option(
    "--master", default=None, help="Spark master: local[4], spark://host:7077, yarn, k8s://https://host."
)
@click.option("--conf", "conf", multiple=True, metavar="KEY=VALUE", help="A Spark setting (repeatable).")
@click.option("--partitions", type=click.IntRange(1), default=None, help="Spark shuffle partitions.")
@click.option(
    "--db",
    default=None,
    type=click.Path(dir_okay=False),
    help="Local engine: keep the SQLite store it builds here (a new file).",
)
@click.option(
    "--workers",
    "-j",
    type=click.IntRange(1),
    default=os.cpu_count() or 1,
    show_default=True,
    help="Local engine: processes for indexing and alignment.",
)
@click.option(
    "--max-doc-mb", type=float, default=8.0, show_default=True, help="Skip documents larger than this."
)
@click.option(
    "--max-df-per-million",
    type=click.IntRange(0),
    default=IndexConfig().max_df_per_million,
    show_default=True,
    help="Candidate keys held by more than max(100, this many per million articles) are"
    " ignored; lower it for runs of tens of millions of articles (docs/scaling.md).",
)
@click.option("--overwrite", is_flag=True, help="Replace the output directory if it holds files.")
@format_option("text", "json", default="text")
@quiet_option
@verbose_option
def run(
    inputs: tuple[str, ...],
    out: str,
    engine: str,
    master: str | None,
    conf: tuple[str, ...],
    partitions: int | None,
    db: str | None,
    workers: int,
    max_doc_mb: float,
    max_df_per_million: int,
    overwrite: bool,
    fmt: str,
    quiet: bool,
    verbose: int,
) -> None:
    """Batch run: read, normalize, find candidates, align, decide directions, cluster
    stories; write Parquet.

    INPUTS are files (JSONL, WARC, Parquet, txt, HTML), folders or globs. Both engines
    write the same tables to OUT (documents/, links/, stories/, problems.jsonl,
    manifest.json) and give the same answers; `newstrace load OUT --db FILE` makes them browsable. Exits 1
    when any input failed.

    Example:
        newstrace run --engine spark --master 'local[2]' data/ecbplus/ecbplus_docs.jsonl --out out/run
    """
    setup_logging(verbose)
    if engine == "local" and (master or conf or partitions):
        raise click.UsageError("--master, --conf and --partitions are for --engine spark")
    reader = ReaderConfig(max_doc_bytes=max(1, int(max_doc_mb * 1024 * 1024)))
    config = PipelineConfig(workers=workers)
    config = replace(config, index=replace(config.index, max_df_per_million=max_df_per_million))
    try:
        if engine == "spark":
            if db:
                raise click.UsageError("--db is for --engine local; load a Spark run with `newstrace load`")
            from newstrace.engines.spark import SparkUnavailable, run_spark, spark_session

            try:
                spark = spark_session(master, _spark_conf(conf, quiet))
            except SparkUnavailable as exc:
                raise click.ClickException(str(exc)) from exc
            summary = run_spark(
                spark,
                list(inputs),
                Path(out),
                config,
                reader,
                partitions=partitions,
                overwrite=overwrite,
                on_problem=_report,
            )
        else:
            with progress_bars(quiet) as progress:
                summary = run_local(
                    list(inputs),
                    Path(out),
                    config,
                    reader,
                    db=Path(db) if db else None,
                    overwrite=overwrite,
                    progress=progress,
                    on_problem=_report,
                )
    except (FileExistsError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    _summarise(summary, out, fmt)
    sys.exit(0 if summary.ok else 1)


def _summarise(summary: RunSummary, out: str, fmt: str) -> None:
    if fmt == "json":
        emit_json({**asdict(summary), "out": out})
    rate = summary.documents / summary.seconds if summary.seconds else 0.0
    click.echo(
        f"{summary.engine}: {summary.documents} documents, {summary.links} reuse passages, "
        f"{summary.stories} stories in "
        f"{summary.seconds:.1f} s ({rate:,.1f} docs/s); duplicate {summary.duplicate}, replaced "
        f"{summary.replaced}, skipped {summary.skipped}, failed {summary.failed}; output in {out}",
        err=True,
    )


@click.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@db_option
@click.option(
    "--workers",
    "-j",
    type=click.IntRange(1),
    default=os.cpu_count() or 1,
    show_default=True,
    help="Processes for building the candidate index.",
)
@format_option("text", "json", default="text")
@quiet_option
@verbose_option
def load(directory: str, db: str, workers: int, fmt: str, quiet: bool, verbose: int) -> None:
    """Load the output of `newstrace run` into a new SQLite store (documents, reuse links,
    stories, candidate index), so `trace`, `stories`, `export` and the web UI can browse it.

    Example:
        newstrace load out/run --db news.db && newstrace trace 000_fc4f809c70dd1bba.txt --db news.db
    """
    setup_logging(verbose)
    try:
        with progress_bars(quiet) as progress:
            counts = load_results(Path(directory), db, workers=workers, progress=progress)
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        emit_json({**counts, "db": db})
    click.echo(
        f"loaded {counts['documents']} documents, {counts['links']} reuse passages and "
        f"{counts['stories']} stories into {db}",
        err=True,
    )

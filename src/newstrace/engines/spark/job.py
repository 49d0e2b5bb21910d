"""The batch pipeline as a PySpark job, with the same answers as the local engine.

Plan (every Python step is a wrapper in :mod:`newstrace.engines.spark.tasks` around the
stage function the local engine calls; the joins and counts are DataFrame operations):

1. read: the driver lists the input files (``discover``); one task per file runs the
   reader (``read_input``) and numbers articles in reading order.
2. versions: articles are grouped by id and one version is kept (the store's rule).
3. index keys: ``document_fingerprints`` per document -> ``(key, document)`` postings, the
   32-bit keys the local index stores (``doc_keys``).
4. candidates: keys held by more than the cap (``effective_max_df``) are dropped, the rest
   are self-joined into pairs ``key_a < key_b`` with the number of shared keys and whether
   one is an anchor (held by at most ``max_df``), and each document's earlier anchored
   partners go through ``select_candidates`` (passim's scheme, the local index's rule).
5. align: each document meets its candidates' texts and ``find_reuse`` aligns them (the
   direction from publication times is decided there).
6. directions: each document pair meets its two texts and the spans both share with any
   document, and ``resolve_direction`` decides it (textual evidence when times cannot).
7. stages after alignment, each given the documents and links DataFrames and returning a
   table written beside them: by default the stories (:mod:`newstrace.engines.spark.stories`).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from newstrace.engines.batch.results import RunSummary, prepare_out, write_problems, write_summary
from newstrace.engines.batch.rows import DOCUMENT_COLUMNS, LINK_COLUMNS
from newstrace.engines.batch.runner import settings_of
from newstrace.engines.local import PipelineConfig
from newstrace.engines.spark import tasks
from newstrace.engines.spark.directions import resolve_link_directions
from newstrace.engines.spark.schema import cached_frame, spark_schema
from newstrace.engines.spark.session import describe, named_steps
from newstrace.engines.spark.stories import StoriesStage
from newstrace.index import effective_max_df, fewest_shared
from newstrace.ingest import STDIN, ReaderConfig, discover
from newstrace.records import IngestProblem

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["SparkStage", "run_spark", "spark_schema"]

_DOC_NAMES = [name for name, _ in DOCUMENT_COLUMNS]


class SparkStage(Protocol):
    """A stage after alignment (stories is one): its output goes to ``DIR/<name>``."""

    name: str

    def run(
        self, spark: SparkSession, documents: DataFrame, links: DataFrame, config: PipelineConfig
    ) -> DataFrame:
        """Compute the stage's table from the run's documents and links."""
        ...


def _read(spark: SparkSession, files: list[tuple[int, str]], reader_config: ReaderConfig) -> Any:
    from pyspark import StorageLevel

    items = spark.sparkContext.parallelize(files, max(1, len(files)))
    return items.flatMap(partial(tasks.read_file, config=reader_config)).persist(StorageLevel.MEMORY_AND_DISK)


def _documents(spark: SparkSession, items: Any, partitions: int, summary: RunSummary) -> DataFrame:
    from pyspark import StorageLevel
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    versions = items.filter(lambda x: x[0] == "a").map(lambda x: (x[2], (x[1], x[3], x[4])))
    resolved = versions.groupByKey(partitions).map(tasks.resolve_id)
    schema = spark_schema(DOCUMENT_COLUMNS)
    schema = schema.add("_duplicate", T.LongType()).add("_replaced", T.LongType())
    docs = spark.createDataFrame(resolved, schema).persist(StorageLevel.MEMORY_AND_DISK)
    counts = docs.agg(F.count("*"), F.sum("_duplicate"), F.sum("_replaced")).collect()[0]
    summary.documents = int(counts[0])
    summary.duplicate, summary.replaced = int(counts[1] or 0), int(counts[2] or 0)
    return docs.select(*_DOC_NAMES)


def _candidates(
    spark: SparkSession, docs: DataFrame, config: PipelineConfig, documents: int
) -> tuple[DataFrame, list[DataFrame]]:
    """``(candidates, cached)``: the frames in ``cached`` stay cached until the caller has
    written what reads them, then unpersists them."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    postings = cached_frame(
        spark, docs.rdd.mapPartitions(partial(tasks.fingerprint_rows, config=config)), "hash long, key long"
    )
    # a key held by one document pairs nothing; one held by more than the cap is boilerplate;
    # past max_df (a large corpus, see effective_max_df) a key counts only for a pair that
    # also shares an anchor, a key held by at most max_df documents (the index's rule). So
    # every pair of documents sharing a kept key is counted once, with how many of its
    # shared keys are anchors, and pairs without one are dropped. (Counting the commoner
    # keys only for the anchored pairs, by joining those with the commoner postings, costs
    # anchored pairs x commoner keys per document: 8.2 billion rows at 100k articles.)
    rare = (
        postings.groupBy("hash")
        .agg(F.count("*").alias("df"))
        .where((F.col("df") >= 2) & (F.col("df") <= effective_max_df(config.index, documents)))
        .select("hash", (F.col("df") <= config.index.max_df).cast("int").alias("anchor"))
    )
    kept = postings.join(rare, "hash").persist(StorageLevel.MEMORY_AND_DISK)
    # a pair under the fewest shared keys any query needs is never chosen: dropped here, so
    # only plausible pairs travel to Python (select_candidates applies the exact rule)
    pairs = (
        kept.select("hash", F.col("key").alias("key_a"), "anchor")
        .join(kept.select("hash", F.col("key").alias("key_b")), "hash")
        .where(F.col("key_a") < F.col("key_b"))
        .groupBy("key_a", "key_b")
        .agg(F.count("*").alias("shared"), F.max("anchor").alias("anchored"))
        .where((F.col("anchored") == 1) & (F.col("shared") >= fewest_shared(config.index)))
    )
    # how many keys each document has: the selection rule asks fewer of short documents
    nkeys = postings.groupBy(F.col("key").alias("key_b")).agg(F.count("*").alias("nkeys"))
    grouped = (
        pairs.groupBy("key_b")
        .agg(F.collect_list(F.struct("key_a", "shared")).alias("pairs"))
        .join(nkeys, "key_b")
        .select("key_b", "nkeys", F.col("pairs.key_a").alias("key_a"), F.col("pairs.shared").alias("shared"))
    )
    chosen = grouped.rdd.flatMap(partial(tasks.choose_candidates, config=config.index))
    return spark.createDataFrame(chosen, "key_b long, rank long, key_a long"), [postings, kept]


def _links(spark: SparkSession, docs: DataFrame, cands: DataFrame, config: PipelineConfig) -> DataFrame:
    from pyspark.sql import functions as F

    doc = docs.select(F.col("key"), F.struct(*_DOC_NAMES).alias("doc"))
    with_a = cands.join(doc.select(F.col("key").alias("key_a"), F.col("doc").alias("a")), "key_a")
    per_b = with_a.groupBy("key_b").agg(F.collect_list(F.struct("rank", "a")).alias("earlier"))
    jobs = per_b.join(doc.select(F.col("key").alias("key_b"), F.col("doc").alias("b")), "key_b")
    found = jobs.rdd.mapPartitions(partial(tasks.align_rows, config=config))
    return spark.createDataFrame(found, spark_schema(LINK_COLUMNS))


def _input_files(paths: Sequence[str], problems: list[IngestProblem]) -> list[tuple[int, str]]:
    files: list[tuple[int, str]] = []
    for item in discover(paths):
        if item is STDIN:
            raise ValueError("the spark engine cannot read stdin ('-'): write the JSONL to a file first")
        if isinstance(item, IngestProblem):
            problems.append(item)
        elif isinstance(item, Path):
            files.append((len(files), str(item.resolve())))
    return files


def _write_links(
    spark: SparkSession, docs: DataFrame, out: Path, config: PipelineConfig, summary: RunSummary
) -> None:
    aligned = out / "links.aligned"  # alignment runs once: its output is read three times below
    describe(spark, "3-7 candidates and align")
    candidates, cached = _candidates(spark, docs, config, summary.documents)
    _links(spark, docs, candidates, config).write.parquet(str(aligned))
    for frame in cached:
        frame.unpersist()
    # directions from textual evidence need each pair's documents and every span they share:
    # gathered per pair with joins, decided on executors (engines/spark/directions.py)
    step = time.perf_counter()
    describe(spark, "8 directions")
    resolve_link_directions(spark, docs, spark.read.parquet(str(aligned))).write.parquet(str(out / "links"))
    shutil.rmtree(aligned)
    summary.timings["directions"] = round(time.perf_counter() - step, 3)
    summary.links = spark.read.parquet(str(out / "links")).count()


def _run_stages(
    spark: SparkSession,
    docs: DataFrame,
    out: Path,
    config: PipelineConfig,
    summary: RunSummary,
    stages: Sequence[SparkStage],
) -> None:
    for stage in stages:
        step = time.perf_counter()
        links = spark.read.parquet(str(out / "links"))
        describe(spark, f"9 {stage.name}")
        stage.run(spark, docs, links, config).write.parquet(str(out / stage.name))
        summary.timings[stage.name] = round(time.perf_counter() - step, 3)
    if (out / "stories").is_dir():
        summary.stories = spark.read.parquet(str(out / "stories")).select("story_id").distinct().count()


def run_spark(
    spark: SparkSession,
    paths: Sequence[str],
    out: Path,
    config: PipelineConfig | None = None,
    reader_config: ReaderConfig | None = None,
    *,
    partitions: int | None = None,
    overwrite: bool = False,
    on_problem: Callable[[IngestProblem], None] | None = None,
    stages: Sequence[SparkStage] | None = None,
) -> RunSummary:
    """Run the batch pipeline on Spark and write the batch output directory ``out``.

    Input files and ``out`` must be paths every executor sees (a shared file system).

    Args:
        partitions: shuffle partitions (default: twice the cluster's default parallelism).
        stages: stages after alignment, each written to ``out/<name>`` (default: stories).
    """
    config = config or PipelineConfig()
    reader_config = reader_config or ReaderConfig()
    started = time.perf_counter()
    prepare_out(out, overwrite)
    summary = RunSummary("spark", list(paths), settings=settings_of(config))
    problems: list[IngestProblem] = []
    files = _input_files(paths, problems)
    parts = partitions or max(2, 2 * spark.sparkContext.defaultParallelism)
    spark.conf.set("spark.sql.shuffle.partitions", str(parts))
    with named_steps(spark):
        describe(spark, "1-2 read and versions")
        items = _read(spark, files, reader_config)
        found = items.filter(lambda x: x[0] == "p").map(lambda x: x[1]).collect()
        problems += [IngestProblem(*p) for p in found]
        docs = _documents(spark, items, parts, summary)
        items.unpersist()
        for problem in problems:
            summary.count(problem)
            if on_problem is not None:
                on_problem(problem)
        describe(spark, "2 documents")
        docs.write.parquet(str(out / "documents"))
        _write_links(spark, docs, out, config, summary)
        _run_stages(spark, docs, out, config, summary, (StoriesStage(),) if stages is None else stages)
        docs.unpersist()
    write_problems(out, problems)
    summary.seconds = round(time.perf_counter() - started, 3)
    write_summary(out, summary)
    return summary

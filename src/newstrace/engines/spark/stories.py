"""The stories stage of the Spark job: the blocks of ``story_blocks``, built with DataFrames.

Plan (the local batch path, :mod:`newstrace.engines.batch.stories`, computes the same blocks
with union-find; components are unique and each is named by its smallest document key,
so both engines give the same blocks):

1. level 0: every document is in block ``min(key)``. When no block holds more than
   ``max_block`` documents, nothing more is done (so a corpus of at most ``max_block``
   documents is clustered whole, as the store clusters it).
2. otherwise block keys (``block_keys`` per document, in Python), keys held by 2 to
   ``max_key_df`` documents, each document's ``max_keys`` rarest of them (a window ranked
   by holders, then key value, as ``block_pairs.kept_postings`` ranks), self-joined into
   ``(key_a, key_b, shared)`` pairs, plus reuse pairs of at least ``min_words`` words
   (always joining): the edges.
3. per level ``s``: the documents of oversized blocks get the connected components of the
   edges with ``shared >= s`` inside their block (min-label propagation: joins and
   ``groupBy(min)`` until no label changes; no graph package).
4. each block (named by its first document's id) gets its documents and inner links in one
   task (``cogroup``), which calls ``block_stories`` (``cluster_stories`` + ``build_stories``).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from newstrace.engines.batch.rows import STORY_COLUMNS
from newstrace.engines.local import PipelineConfig
from newstrace.engines.spark import tasks
from newstrace.engines.spark.schema import cached_frame, spark_schema
from newstrace.engines.spark.session import describe

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["StoriesStage", "components"]

_REUSE = 1 << 30  # the "shared keys" of a reuse pair: it joins at every level


def components(vertices: DataFrame, edges: DataFrame) -> DataFrame:
    """``(v, label)``: each vertex of ``vertices(v)`` labelled with the smallest vertex of its
    connected component over the undirected ``edges(a, b)``.

    Min-label propagation with pointer jumping (a vertex also takes its label's label), so
    the rounds grow with the log of the components' diameter; one job per round.
    """
    from pyspark.sql import functions as F

    both = edges.select("a", "b").union(edges.select(F.col("b").alias("a"), F.col("a").alias("b")))
    both = both.distinct().persist()
    labels = vertices.select("v", F.col("v").alias("label"), F.lit(True).alias("moved")).localCheckpoint()
    while True:
        old = labels.select("v", "label")
        sent = both.join(old.withColumnRenamed("v", "a"), "a").select(F.col("b").alias("v"), "label")
        near = old.union(sent).groupBy("v").agg(F.min("label").alias("label"))
        hop = near.select(F.col("v").alias("label"), F.col("label").alias("jump"))
        fresh = (
            near.join(hop, "label", "left")
            .select("v", F.least("label", F.coalesce("jump", "label")).alias("label"))
            .join(old.withColumnRenamed("label", "was"), "v")
            .select("v", "label", (F.col("label") != F.col("was")).alias("moved"))
            .localCheckpoint()
        )
        labels = fresh
        if not fresh.where("moved").take(1):
            break
    both.unpersist()
    return labels.select("v", "label")


def _edges(
    spark: SparkSession, docs: DataFrame, links: DataFrame, config: PipelineConfig
) -> tuple[DataFrame, DataFrame]:
    """``(edges, postings)``: both cached until the caller unpersists them."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    cfg = config.blocks
    postings = cached_frame(
        spark, docs.rdd.mapPartitions(partial(tasks.block_key_rows, config=config)), "bkey long, key long"
    )
    df = postings.groupBy("bkey").agg(F.count("*").alias("df"))
    usable = postings.join(df.where((F.col("df") >= 2) & (F.col("df") <= cfg.max_key_df)), "bkey")
    rarest = Window.partitionBy("key").orderBy("df", "bkey")
    kept = usable.withColumn("rank", F.row_number().over(rarest)).where(F.col("rank") <= cfg.max_keys)
    a, b = kept.select("bkey", F.col("key").alias("a")), kept.select("bkey", F.col("key").alias("b"))
    shared = a.join(b, "bkey").where(F.col("a") < F.col("b")).groupBy("a", "b").agg(F.count("*").alias("n"))
    ids = docs.select("doc_id", "key")
    reuse = (
        links.where(F.col("matched") >= cfg.min_words)
        .join(ids.select(F.col("doc_id").alias("doc_a"), F.col("key").alias("ka")), "doc_a")
        .join(ids.select(F.col("doc_id").alias("doc_b"), F.col("key").alias("kb")), "doc_b")
        .where(F.col("ka") != F.col("kb"))
        .select(F.least("ka", "kb").alias("a"), F.greatest("ka", "kb").alias("b"), F.lit(_REUSE).alias("n"))
    )
    return shared.union(reuse).groupBy("a", "b").agg(F.max("n").alias("n")).persist(), postings


def _blocks(spark: SparkSession, docs: DataFrame, links: DataFrame, config: PipelineConfig) -> DataFrame:
    """``(key, block)`` of every document (the blocks of ``story_blocks``)."""
    from pyspark.sql import functions as F

    cfg = config.blocks
    first = docs.agg(F.min("key")).collect()[0][0]
    labels = docs.select("key", F.lit(first).cast("long").alias("block")).localCheckpoint()
    if docs.count() <= cfg.max_block:
        return labels
    edges, postings = _edges(spark, docs, links, config)
    for level in range(cfg.min_shared, cfg.max_shared + 1):
        describe(spark, f"9a story blocks, level {level}")
        big = labels.groupBy("block").count().where(F.col("count") > cfg.max_block).select("block")
        active = labels.join(big, "block")
        if active.isEmpty():
            break
        inner = (
            edges.where(F.col("n") >= level)
            .join(active.select(F.col("key").alias("a"), F.col("block").alias("ba")), "a")
            .join(active.select(F.col("key").alias("b"), F.col("block").alias("bb")), "b")
            .where(F.col("ba") == F.col("bb"))
        )
        parts = components(active.select(F.col("key").alias("v")), inner)
        labels = (
            labels.join(parts.withColumnRenamed("v", "key"), "key", "left")
            .select("key", F.coalesce("label", "block").alias("block"))
            .localCheckpoint()
        )
    edges.unpersist()
    postings.unpersist()
    return labels


class StoriesStage:
    """Stories by block, written to ``DIR/stories`` (rows.STORY_COLUMNS)."""

    name = "stories"

    def run(
        self, spark: SparkSession, documents: DataFrame, links: DataFrame, config: PipelineConfig
    ) -> DataFrame:
        """Block the documents, then cluster every block in one task."""
        from pyspark.sql import functions as F

        names = documents.select(F.col("key").alias("block"), F.col("doc_id").alias("block_id"))
        describe(spark, "9a story blocks")
        blocks = _blocks(spark, documents, links, config).join(names, "block")
        describe(spark, "9b stories")
        docs = documents.join(blocks.select("key", F.col("block_id").alias("block")), "key")
        ids = docs.select("doc_id", "block")
        inner = (
            links.join(ids.select(F.col("doc_id").alias("doc_a"), F.col("block").alias("ba")), "doc_a")
            .join(ids.select(F.col("doc_id").alias("doc_b"), F.col("block").alias("bb")), "doc_b")
            .where(F.col("ba") == F.col("bb"))
        )
        by_doc = docs.rdd.map(lambda r: (r["block"], r))
        by_link = inner.rdd.map(lambda r: (r["ba"], r))
        found = by_doc.cogroup(by_link).flatMap(partial(tasks.cluster_block, config=config))
        return spark.createDataFrame(found, spark_schema(STORY_COLUMNS))

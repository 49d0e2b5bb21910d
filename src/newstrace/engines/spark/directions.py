"""Directions of the Spark job's links, decided per document pair on executors.

The local engine decides every link's direction with
:func:`newstrace.provenance.resolve_directions` over all links at once; the only context a
pair's decision reads is the two documents, the pair's passages and the spans each of the
two documents shares with any document (the composite evidence). So the job gathers exactly
that per pair with DataFrame operations (``groupBy`` of the spans per document, joins per
pair) and calls :func:`newstrace.provenance.resolve_direction` in Python, pair by pair:
the same function with the same inputs, and nothing held on the driver.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newstrace.engines.batch.rows import DOCUMENT_COLUMNS, LINK_COLUMNS
from newstrace.engines.spark import tasks

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["resolve_link_directions"]

_DOC_NAMES = [name for name, _ in DOCUMENT_COLUMNS]
_LINK_NAMES = [name for name, _ in LINK_COLUMNS]


def _spans(links: DataFrame) -> DataFrame:
    """``(doc, spans)``: every ``(other, start, end)`` span a document shares."""
    from pyspark.sql import functions as F

    a = links.select(
        F.col("doc_a").alias("doc"),
        F.col("doc_b").alias("other"),
        F.col("a_start").alias("start"),
        F.col("a_end").alias("end"),
    )
    b = links.select(
        F.col("doc_b").alias("doc"),
        F.col("doc_a").alias("other"),
        F.col("b_start").alias("start"),
        F.col("b_end").alias("end"),
    )
    return a.union(b).groupBy("doc").agg(F.collect_list(F.struct("other", "start", "end")).alias("spans"))


def resolve_link_directions(spark: SparkSession, docs: DataFrame, links: DataFrame) -> DataFrame:
    """``links`` with ``direction`` and ``reason`` decided by ``resolve_direction``."""
    from pyspark.sql import functions as F

    spans = _spans(links)
    doc = docs.select(F.col("doc_id"), F.struct(*_DOC_NAMES).alias("doc"))
    pairs = (
        links.groupBy("doc_a", "doc_b")
        .agg(F.collect_list(F.struct(*_LINK_NAMES)).alias("pair"))
        .join(doc.select(F.col("doc_id").alias("doc_a"), F.col("doc").alias("a")), "doc_a")
        .join(doc.select(F.col("doc_id").alias("doc_b"), F.col("doc").alias("b")), "doc_b")
        .join(spans.select(F.col("doc").alias("doc_a"), F.col("spans").alias("spans_a")), "doc_a")
        .join(spans.select(F.col("doc").alias("doc_b"), F.col("spans").alias("spans_b")), "doc_b")
    )
    decided = spark.createDataFrame(
        pairs.rdd.mapPartitions(tasks.decide_pairs),
        "doc_a string, doc_b string, new_direction string, new_reason string",
    )
    kept = [c for c in _LINK_NAMES if c not in ("direction", "reason")]
    return (
        links.join(decided, ["doc_a", "doc_b"], "left")
        .select(
            *kept,
            F.coalesce("new_direction", "direction").alias("direction"),
            F.coalesce("new_reason", "reason").alias("reason"),
        )
        .select(*_LINK_NAMES)
    )

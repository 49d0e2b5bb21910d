"""Spark schemas of the batch output tables (built from :mod:`newstrace.engines.batch.rows`),
and the DataFrames of rows computed in Python."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from newstrace.engines.batch.rows import SUBSTITUTION_COLUMNS

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import StructType

__all__ = ["cached_frame", "spark_schema"]


def spark_schema(columns: Sequence[tuple[str, str]]) -> StructType:
    """The Spark schema of a table defined in :mod:`newstrace.engines.batch.rows`."""
    from pyspark.sql import types as T

    kinds: dict[str, Any] = {"int64": T.LongType(), "string": T.StringType(), "double": T.DoubleType()}
    sub = T.StructType([T.StructField(n, kinds[t], False) for n, t in SUBSTITUTION_COLUMNS])
    kinds["substitutions"] = T.ArrayType(sub, False)
    return T.StructType([T.StructField(n, kinds[t.rstrip("?")], True) for n, t in columns])


def cached_frame(spark: SparkSession, rows: Any, schema: str) -> DataFrame:
    """A DataFrame of rows a Python step computes, kept once computed (memory, then disk):
    every later use (counts, joins) reads them instead of running the Python step, such as
    normalisation, again. The caller unpersists it when its last use has run."""
    from pyspark import StorageLevel

    return spark.createDataFrame(rows, schema).persist(StorageLevel.MEMORY_AND_DISK)

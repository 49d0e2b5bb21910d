"""Spark schemas of the batch output tables (built from :mod:`newstrace.engines.batch.rows`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from newstrace.engines.batch.rows import SUBSTITUTION_COLUMNS

if TYPE_CHECKING:
    from pyspark.sql.types import StructType

__all__ = ["spark_schema"]


def spark_schema(columns: Sequence[tuple[str, str]]) -> StructType:
    """The Spark schema of a table defined in :mod:`newstrace.engines.batch.rows`."""
    from pyspark.sql import types as T

    kinds: dict[str, Any] = {"int64": T.LongType(), "string": T.StringType(), "double": T.DoubleType()}
    sub = T.StructType([T.StructField(n, kinds[t], False) for n, t in SUBSTITUTION_COLUMNS])
    kinds["substitutions"] = T.ArrayType(sub, False)
    return T.StructType([T.StructField(n, kinds[t.rstrip("?")], True) for n, t in columns])

"""The Spark engine: the batch pipeline as a PySpark job over the same stage functions.

``pyspark`` is imported only when a session starts, so this package imports without it.
"""

from newstrace.engines.spark.job import SparkStage, run_spark, spark_schema
from newstrace.engines.spark.session import SparkUnavailable, check_spark, spark_session
from newstrace.engines.spark.stories import StoriesStage

__all__ = [
    "SparkStage",
    "SparkUnavailable",
    "StoriesStage",
    "check_spark",
    "run_spark",
    "spark_schema",
    "spark_session",
]

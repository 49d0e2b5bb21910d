"""Starting Spark: checks for pyspark and Java with a message saying how to fix them."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["STEP_PREFIX", "SparkUnavailable", "check_spark", "describe", "named_steps", "spark_session"]

STEP_PREFIX = "newstrace step "
"""How the jobs of each step are named in the Spark UI and its REST API."""

_LOCAL_DEFAULTS = {
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.execution.arrow.pyspark.enabled": "false",
}


class SparkUnavailable(RuntimeError):
    """pyspark or Java is missing; the message says what to install."""


def check_spark() -> None:
    """Raise :class:`SparkUnavailable` unless pyspark imports and a Java runtime is found."""
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise SparkUnavailable('the spark engine needs pyspark: pip install "newstrace[spark]"') from exc
    java_home = os.environ.get("JAVA_HOME", "")
    has_home = bool(java_home) and os.path.exists(os.path.join(java_home, "bin", "java"))
    if not has_home and not shutil.which("java"):
        raise SparkUnavailable(
            "the spark engine needs Java 17: apt-get install openjdk-17-jre-headless (or set JAVA_HOME)"
        )


def spark_session(
    master: str | None = None, conf: Mapping[str, str] | None = None, app_name: str = "newstrace"
) -> SparkSession:
    """Get or create the SparkSession a run uses.

    Args:
        master: ``local[2]``, ``spark://host:7077``, ``yarn``, ``k8s://...``; ``None`` keeps
            what ``spark-submit`` set, else ``local[*]``.
        conf: extra Spark settings (``spark.executor.memory`` and so on).
    """
    check_spark()
    from pyspark.sql import SparkSession

    if master is None and "spark.master" not in (conf or {}) and "PYSPARK_GATEWAY_PORT" not in os.environ:
        master = None if os.environ.get("SPARK_ENV_LOADED") else "local[*]"
    if master is not None and master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # the host name resolves to loopback here
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    if master is not None:
        builder = builder.master(master)
    for key, value in {**_LOCAL_DEFAULTS, **dict(conf or {})}.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def describe(spark: SparkSession, step: str) -> None:
    """Name the jobs this thread starts from now on ``newstrace step <step>``, so the Spark
    UI (and the stage metrics a benchmark reads from its REST API) says which step of the
    pipeline each job and stage belongs to."""
    spark.sparkContext.setJobDescription(STEP_PREFIX + step)


@contextmanager
def named_steps(spark: SparkSession) -> Iterator[None]:
    """Within the block, :func:`describe` names jobs; afterwards (error or not) the
    description the caller had set is back."""
    context = spark.sparkContext
    previous = context.getLocalProperty("spark.job.description")
    try:
        yield
    finally:
        context.setJobDescription(previous)  # type: ignore[arg-type]  # None clears it

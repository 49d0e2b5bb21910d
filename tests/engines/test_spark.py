"""Spark engine: the same answers as the local engine on the same corpus (Spark local[2])."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newstrace.cli import cli
from newstrace.engines.batch import read_documents, read_links, read_problems, read_summary, run_local
from newstrace.engines.batch.results import read_stories
from newstrace.engines.spark import StoriesStage, run_spark
from newstrace.provenance import BlockConfig, StoryConfig, blocked_stories, cluster_stories
from tests.conftest import COPY, SOURCE
from tests.engines.conftest import ECB, link_key, make_corpus

pytestmark = pytest.mark.spark

N_ECB = 200


@pytest.fixture(scope="module")
def runs(tmp_path_factory, spark):
    """Both engines over the same mixed corpus: (local output, spark output)."""
    base = tmp_path_factory.mktemp("parity")
    inputs = make_corpus(base / "in", N_ECB)
    local = run_local(inputs, base / "local", workers_config())
    remote = run_spark(spark, inputs, base / "spark", workers_config(), partitions=2)
    return base / "local", base / "spark", local, remote


def workers_config():
    from newstrace.engines.local import PipelineConfig

    return PipelineConfig(workers=1)


def test_same_documents_in_the_same_order(runs):
    local, remote, *_ = runs
    ldocs, sdocs = list(read_documents(local)), list(read_documents(remote))
    assert [a for _, a in ldocs] == [a for _, a in sdocs]
    ids = [a.id for _, a in ldocs]
    replaced = json.loads(ECB.read_text("utf-8").splitlines()[1])["doc_id"]
    # the replaced version moved to the end of its file (as in the store); the duplicate added nothing
    assert ids.count(replaced) == 1 and ids.index(replaced) == ids.index(COPY.name) - 1
    assert next(a for _, a in sdocs if a.id == replaced).text.endswith("A sentence added later.")


def test_identical_links_spans_and_directions(runs):
    local, remote, *_ = runs
    ll = sorted(map(link_key, read_links(local)))
    sl = sorted(map(link_key, read_links(remote)))
    assert len(ll) > 200  # the corpus has real reuse, so the comparison is not vacuous
    assert {k[9].value for k in ll} == {"a_to_b", "b_to_a", "undetermined"}
    assert any(k[8] for k in ll)  # some passages carry substitutions
    assert sl == ll


def test_identical_stories(runs):
    local, remote, lsum, ssum = runs
    ls = sorted(read_stories(local), key=lambda r: r.doc_id)
    ss = sorted(read_stories(remote), key=lambda r: r.doc_id)
    assert len(ls) == lsum.documents and lsum.stories > 5  # every document, several stories
    assert any(sum(r.story_id == s.story_id for r in ls) > 3 for s in ls)  # not all singletons
    assert ss == ls
    assert ssum.stories == lsum.stories


def test_unsplit_stories_are_the_stores(runs):
    local, *_ = runs
    articles = [a for _, a in read_documents(local)]
    expected = cluster_stories(articles, list(read_links(local)), StoryConfig())
    assert {r.doc_id: r.story_id for r in read_stories(local)} == expected
    assert {r.block for r in read_stories(local)} == {articles[0].id}  # under max_block: one block


def test_identical_stories_when_blocks_are_split(runs, spark):
    """A block limit far below the corpus size: both engines split it the same way."""
    from newstrace.engines.local import PipelineConfig

    local, remote, *_ = runs
    blocks = BlockConfig(max_block=40, max_key_df=30, max_shared=3, max_keys=6)  # max_keys binds
    config = PipelineConfig(workers=1, blocks=blocks)
    expected = sorted(
        blocked_stories(list(read_documents(local)), list(read_links(local)), config.stories, config.blocks),
        key=lambda r: r.doc_id,
    )
    docs, links = spark.read.parquet(str(remote / "documents")), spark.read.parquet(str(remote / "links"))
    rows = StoriesStage().run(spark, docs, links, config).collect()
    got = sorted((r.doc_id, r.story_id, r.first_doc, r.block) for r in rows)
    assert len({r.block for r in expected}) > 3  # the limit did split the corpus
    assert got == [(r.doc_id, r.story_id, r.first_doc, r.block) for r in expected]


def test_jobs_are_named_by_step_and_the_callers_name_is_back_after_a_run(spark, tmp_path):
    from newstrace.engines.spark.session import describe, named_steps

    context = spark.sparkContext
    context.setJobDescription("the caller's job")
    try:
        with named_steps(spark):
            describe(spark, "7 align")
            assert context.getLocalProperty("spark.job.description") == "newstrace step 7 align"
        assert context.getLocalProperty("spark.job.description") == "the caller's job"
        run_spark(spark, [str(SOURCE), str(COPY)], tmp_path / "out", partitions=2)
        assert context.getLocalProperty("spark.job.description") == "the caller's job"
        with pytest.raises(ValueError, match="stdin"), named_steps(spark):
            describe(spark, "1-2 read and versions")
            run_spark(spark, ["-"], tmp_path / "again")
        assert context.getLocalProperty("spark.job.description") == "the caller's job"
    finally:
        context.setJobDescription(None)


def test_components_label_each_vertex_with_its_smallest_vertex(spark):
    from newstrace.engines.spark.stories import components

    chain = [(i, i + 1) for i in range(30, 0, -1)]  # a long path: label propagation needs jumps
    edges = spark.createDataFrame([*chain, (40, 41), (42, 40)], "a long, b long")
    vertices = spark.createDataFrame([(v,) for v in [*range(1, 32), 40, 41, 42, 50]], "v long")
    labels = dict(components(vertices, edges).collect())
    assert labels == {**{v: 1 for v in range(1, 32)}, 40: 40, 41: 40, 42: 40, 50: 50}


def test_seed_pair_found_with_its_spin(runs):
    _, remote, *_ = runs
    seeds = [lk for lk in read_links(remote) if {lk.doc_a, lk.doc_b} == {SOURCE.name, COPY.name}]
    assert len(seeds) == 3
    # 000 (the copy) is read first, so it is side A here
    assert [(s.a_text, s.b_text) for lk in seeds for s in lk.passage.substitutions] == [("USA", "US")]


def test_same_summary_and_problems(runs):
    local, remote, lsum, ssum = runs
    assert (ssum.documents, ssum.links, ssum.duplicate, ssum.replaced, ssum.failed, ssum.skipped) == (
        lsum.documents,
        lsum.links,
        lsum.duplicate,
        lsum.replaced,
        lsum.failed,
        lsum.skipped,
    )
    assert (ssum.duplicate, ssum.replaced, ssum.failed) == (1, 1, 2)
    assert sorted(map(str, read_problems(remote))) == sorted(map(str, read_problems(local)))
    assert read_summary(remote).engine == "spark"


def test_cli_spark_run_then_load_and_trace(spark, tmp_path):
    out, db = tmp_path / "run", tmp_path / "news.db"
    runner = CliRunner()
    result = runner.invoke(
        cli,
        [
            "run",
            "--engine",
            "spark",
            "--master",
            "local[2]",
            "--partitions",
            "2",
            str(SOURCE),
            str(COPY),
            "--out",
            str(out),
            "--format",
            "json",
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["links"] == 3
    assert runner.invoke(cli, ["load", str(out), "--db", str(db), "-q"]).exit_code == 0
    shown = runner.invoke(cli, ["stories", "--db", str(db), "--format", "json"])
    assert shown.exit_code == 0, shown.output
    assert [s["size"] for s in json.loads(shown.stdout)] == [2]  # the seed pair is one story
    traced = runner.invoke(cli, ["trace", COPY.name, "--db", str(db), "--format", "json"])
    assert traced.exit_code == 0, traced.output
    assert len(json.loads(traced.stdout)["passages"]) == 3


def test_stdin_is_refused_by_spark(spark, tmp_path):
    with pytest.raises(ValueError, match="stdin"):
        run_spark(spark, ["-"], Path(tmp_path / "o"))


def test_identical_links_when_the_frequency_cap_grows(spark, tmp_path):
    """A cap grown past ``max_df`` (as on a corpus of millions) and its anchor rule: the
    Spark joins keep the pairs the local index query keeps."""
    from newstrace.engines.local import PipelineConfig
    from newstrace.index import IndexConfig

    inputs = make_corpus(tmp_path / "in", 120)
    grown = PipelineConfig(workers=1, index=IndexConfig(max_df=3, max_df_per_million=100_000))
    run_local(inputs, tmp_path / "local", grown)
    run_spark(spark, inputs, tmp_path / "spark", grown, partitions=2)
    ll = sorted(map(link_key, read_links(tmp_path / "local")))
    assert sorted(map(link_key, read_links(tmp_path / "spark"))) == ll
    run_local(inputs, tmp_path / "fixed", PipelineConfig(workers=1, index=IndexConfig(max_df=3)))
    fixed = {k[:2] for k in map(link_key, read_links(tmp_path / "fixed"))}
    assert fixed < {k[:2] for k in ll}  # the grown cap finds pairs the fixed one misses

"""Local batch runs and loading: the output is what the local engine stores."""

from __future__ import annotations

import pytest

import newstrace
from newstrace.engines.batch import load_results, read_documents, read_links, read_problems, run_local
from newstrace.engines.batch.results import read_stories
from tests.conftest import COPY, SEEDS, SOURCE
from tests.engines.conftest import link_key, make_corpus


def test_local_run_load_gives_the_store_ingest_builds(tmp_path):
    inputs = make_corpus(tmp_path / "in", 60)
    summary = run_local(inputs, tmp_path / "out")
    assert not summary.ok and summary.failed == 2 and summary.duplicate == 1 and summary.replaced == 1
    # c.parquet: 20 ECB rows, the duplicate, the replacement, then the row without text
    assert {p.location for p in read_problems(tmp_path / "out")} >= {"line 2", "row 23"}
    with newstrace.open(tmp_path / "direct.db") as corpus:
        corpus.ingest(inputs)
        direct = sorted(map(link_key, corpus.links()))
        direct_ids = [a.id for a in corpus.store.iter_articles()]
        direct_stories = corpus.story_assignment()
    assert sorted(map(link_key, read_links(tmp_path / "out"))) == direct and direct
    assert [a.id for _, a in read_documents(tmp_path / "out")] == direct_ids
    # one block (fewer documents than BlockConfig.max_block): the store's own stories
    assert {r.doc_id: r.story_id for r in read_stories(tmp_path / "out")} == direct_stories
    counts = load_results(tmp_path / "out", tmp_path / "loaded.db")
    stories = len(set(direct_stories.values()))
    assert counts == {
        "documents": len(direct_ids),
        "links": len(direct),
        "stories": stories,
        "indexed": len(direct_ids),
    }
    with newstrace.open(tmp_path / "loaded.db") as corpus:
        kept = corpus.store.get_state("stories")
        assert corpus.story_assignment() == direct_stories
        assert corpus.store.get_state("stories") == kept  # loaded, not clustered again
        assert sorted(map(link_key, corpus.links())) == direct
        assert corpus.check() == []
        assert corpus.counts()["pending_index"] == 0


def test_loaded_store_takes_new_documents_incrementally(tmp_path):
    run_local([str(SOURCE)], tmp_path / "out")
    load_results(tmp_path / "out", tmp_path / "s.db")
    with newstrace.open(tmp_path / "s.db") as corpus:
        report = corpus.ingest([str(COPY)])
        assert report.links == 3
        assert {lk.doc_a for lk in corpus.links()} == {SOURCE.name}


def test_refuses_a_full_output_folder_and_a_full_store(tmp_path):
    run_local([str(SEEDS)], tmp_path / "out")
    with pytest.raises(FileExistsError, match="--overwrite"):
        run_local([str(SEEDS)], tmp_path / "out")
    assert run_local([str(SEEDS)], tmp_path / "out", overwrite=True).links == 3
    load_results(tmp_path / "out", tmp_path / "s.db")
    with pytest.raises(ValueError, match="already holds 2 documents"):
        load_results(tmp_path / "out", tmp_path / "s.db")
    with pytest.raises(FileNotFoundError, match=r"manifest\.json"):
        load_results(tmp_path / "in", tmp_path / "t.db")

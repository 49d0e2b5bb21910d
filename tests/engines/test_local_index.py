"""The local engine with the on-disk candidate index: incremental, resumable, repairable."""

import shutil

import numpy as np

import newstrace
from newstrace.engines.local import PipelineConfig, document_fingerprints, run_pending
from newstrace.index import IndexConfig
from newstrace.records import Article
from newstrace.store import SQLiteStore
from tests.conftest import COPY, SOURCE, read_text

PASSAGE = (
    "The defence ministry claims the jihadist fighters operate disguised as members of the "
    "Syrian Democratic Forces with US support and that the offensive on Abu Kamal interrupted "
    "American plans to create a pro-US area on the eastern shore of the Euphrates River."
)
FILLER = [
    "A storm closed schools across the northern provinces on Friday morning.",
    "The central bank kept interest rates unchanged after a long meeting.",
    "Farmers reported a record harvest of apples and pears this autumn.",
]


def corpus_articles():
    return [
        Article("src", "Officials met in Rome. " + PASSAGE),
        Article("copy", FILLER[0] + " " + PASSAGE.replace("US support", "USA support")),
        Article("other", " ".join(FILLER)),
    ]


def test_ingest_builds_the_index_beside_the_store_and_trace_does_not_add(tmp_path):
    db = tmp_path / "n.db"
    with newstrace.open(db) as corpus:
        corpus.store.put_articles(corpus_articles())
        corpus.update()
        assert (tmp_path / "n.db.index" / "manifest.json").exists()
        links = list(corpus.links())
        assert {(lk.doc_a, lk.doc_b) for lk in links} == {("src", "copy")}
        before = corpus.store.index.live_docs().tolist()
        trace = corpus.trace(Article("pasted", FILLER[1] + " " + PASSAGE))
        assert {p.other for p in trace.passages} >= {"src"}
        assert corpus.store.index.live_docs().tolist() == before
        assert corpus.counts()["documents"] == 3
        assert corpus.check() == []


def test_delete_and_replace_remove_index_entries(tmp_path):
    config = PipelineConfig()
    with newstrace.open(tmp_path / "d.db", config) as corpus:
        corpus.store.put_articles(corpus_articles())
        corpus.update()
        query = document_fingerprints(Article("q", PASSAGE), config)
        key = corpus.store.key_of("src")
        assert key in corpus.store.shared_counts(query, 100)
        assert corpus.delete("src")
        corpus.store.put_article(Article("copy", "Completely different words about football now."))
        corpus.update()
    with SQLiteStore(tmp_path / "d.db") as store:  # reopened from disk
        assert store.shared_counts(query, 100) == {}
        assert store.check() == []


def test_interrupted_indexing_resumes_and_computes_each_link_once(tmp_path):
    db = tmp_path / "r.db"
    config = PipelineConfig()
    with SQLiteStore(db) as store:
        store.put_articles(corpus_articles())
        keys = store.pending("indexed")
        store.use_index_scheme("ngram=3,sample=2")
        first = store.articles_by_key(keys)[keys[0]]
        store.index_documents([(keys[0], document_fingerprints(first, config))])
        store.index.flush()  # the index segment is durable, the stage flag never written: a crash
    with SQLiteStore(db) as store:
        assert len(store.pending("indexed")) == 3
        assert run_pending(store, config)["indexed"] == 3
        assert store.pending("indexed") == [] and store.pending("aligned") == []
        assert store.counts()["reuse_links"] == 1
        assert store.check() == []
        again = run_pending(store, config)
        assert (again["indexed"], again["links"]) == (0, 0)


def test_a_lost_index_folder_is_rebuilt_from_the_store(tmp_path):
    db = tmp_path / "l.db"
    with SQLiteStore(db) as store:
        store.put_articles(corpus_articles())
        run_pending(store)
    shutil.rmtree(tmp_path / "l.db.index")
    with SQLiteStore(db) as store:
        assert any("candidate index" in p for p in store.check())
        assert run_pending(store)["indexed"] == 3
        assert store.check() == []
        assert store.index.live_docs().shape == (3,)


def test_other_index_settings_rebuild_the_index(tmp_path):
    db = tmp_path / "s.db"
    with SQLiteStore(db) as store:
        store.put_articles(corpus_articles())
        run_pending(store)
        other = PipelineConfig(index=IndexConfig(ngram=2, sample=3))
        assert run_pending(store, other)["indexed"] == 3
        assert store.index.scheme == "ngram=2,sample=3"


def test_the_seed_composite_is_proposed_from_the_store(tmp_path):
    with newstrace.open(tmp_path / "seed.db") as corpus:
        corpus.store.put_articles([Article("004", read_text(SOURCE)), Article("000", read_text(COPY))])
        corpus.update()
        hashes = document_fingerprints(Article("000", read_text(COPY)), corpus.config)
        shared = corpus.store.shared_counts(hashes, 100, before=corpus.store.key_of("000"))
        assert shared[corpus.store.key_of("004")] >= corpus.config.index.min_shared
        assert np.unique(hashes).shape == hashes.shape


def test_worker_processes_find_the_same_links_as_one_process(tmp_path):
    """With workers each document's whole alignment job runs in a worker (reading the store
    and the index itself) while the parent writes: the answers are the serial ones."""
    import json

    from tests.engines.conftest import ECB

    rows = [json.loads(line) for line in ECB.read_text("utf-8").splitlines()[:160]]
    articles = [Article(r["doc_id"], r["text"]) for r in rows] + [
        Article(SOURCE.name, read_text(SOURCE)),
        Article(COPY.name, read_text(COPY)),
    ]
    found = {}
    for workers in (1, 2):
        with SQLiteStore(tmp_path / f"w{workers}.db") as store:
            store.put_articles(articles)
            counts = run_pending(store, PipelineConfig(workers=workers))
            found[workers] = sorted(
                (lk.doc_a, lk.doc_b, repr(lk.passage), lk.direction.value, lk.reason) for lk in store.links()
            )
            assert counts["links"] == len(found[workers]) and store.counts()["pending_align"] == 0
    assert len(found[1]) > 50 and found[2] == found[1]

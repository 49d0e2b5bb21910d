"""The document-frequency cap: a floor on small corpora, growing with large ones."""

import pytest

from newstrace.engines.local import PipelineConfig, run_pending
from newstrace.index import IndexConfig, effective_max_df
from newstrace.records import Article
from newstrace.store import SQLiteStore

PASSAGE = (
    "The harbour authority said the container ship ran aground on a sandbank near the "
    "northern breakwater shortly after midnight, and tugs from three ports tried in vain "
    "to pull it free before the tide turned on Saturday morning"
)


def test_cap_is_the_floor_until_the_corpus_outgrows_it():
    config = IndexConfig(max_df=100, max_df_per_million=2000)
    assert effective_max_df(config, 0) == 100
    assert effective_max_df(config, 50_000) == 100
    assert effective_max_df(config, 300_000) == 600
    assert effective_max_df(config, 1_000_001) == 2001  # rounded up
    assert effective_max_df(IndexConfig(max_df=100, max_df_per_million=0), 10**9) == 100


def test_negative_growth_is_refused():
    with pytest.raises(ValueError, match="max_df_per_million"):
        IndexConfig(max_df_per_million=-1)


ANCHOR = "Quartermaster Obadiah Fenwick-Trelawny polished brass astrolabes nightly"


@pytest.mark.parametrize(("per_million", "linked"), [(0, set()), (1_000_000, {("d0", "d1")})])
def test_align_stage_uses_the_cap_of_the_stores_size(tmp_path, per_million, linked):
    """Six documents share a passage whose keys 6 > max_df = 3 documents hold: evidence only
    when the cap grows with the store (here to 6 documents), and then only for a pair that
    also shares an anchor, a key of at most max_df documents (d0 and d1 share a phrase)."""
    docs = [Article(f"d{i}", f"Report number {i} from desk {i * 7}. " + PASSAGE) for i in range(6)]
    docs[0] = Article("d0", docs[0].text + " " + ANCHOR + ".")
    docs[1] = Article("d1", ANCHOR + ". " + docs[1].text)
    config = PipelineConfig(index=IndexConfig(max_df=3, max_df_per_million=per_million))
    with SQLiteStore(tmp_path / "s.db") as store:
        store.put_articles(docs)
        run_pending(store, config)
        assert {(lk.doc_a, lk.doc_b) for lk in store.links()} == linked

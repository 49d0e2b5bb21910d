"""Claims extraction and linking over the bundled ECB+ articles: throughput and counts.

Run: PYTHONPATH=src python benchmarks/claims_bench.py [--limit N]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from newstrace.claims import article_claims, link_claims, load_pipeline
from newstrace.claims.embed import minilm_encoder

DATA = Path(__file__).resolve().parent.parent / "data" / "ecbplus" / "ecbplus_docs.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    docs = [json.loads(line) for line in DATA.read_text("utf-8").splitlines()]
    docs = docs[: args.limit] if args.limit else docs
    nlp = load_pipeline()
    t0 = time.perf_counter()
    claims = [c for d in docs for c in article_claims(d["doc_id"], d["text"], nlp)]
    t1 = time.perf_counter()
    tfidf = link_claims(claims)
    t2 = time.perf_counter()
    encoder = minilm_encoder()
    t3 = time.perf_counter()
    both = link_claims(claims, encoder=encoder) if encoder else []
    t4 = time.perf_counter()
    words = sum(len(d["text"].split()) for d in docs)
    rebutting = sum(bool(c.rebuts) for c in claims)
    print(f"docs {len(docs)}, words {words}, claims {len(claims)}, rebutting {rebutting}")
    print(f"extract {t1 - t0:.1f} s ({len(docs) / (t1 - t0):.1f} docs/s, {words / (t1 - t0):,.0f} words/s)")
    print(f"link (TF-IDF + verbatim) {t2 - t1:.2f} s: {len(tfidf)} links")
    print(f"MiniLM load {t3 - t2:.1f} s; link with embeddings {t4 - t3:.1f} s: {len(both)} links")


if __name__ == "__main__":
    main()

"""Ingestion benchmark: synthetic articles, text files -> stored, provenance-complete graphs.

Writes N synthetic articles (~800 words, ``bench/synth_articles.py``) as .txt files, then for each
worker count ingests them end to end (reading, boilerplate removal, extraction, one transaction per
article) into a fresh embedded store in a temporary folder, checks that every article was stored
with its text, content hash and extraction activity, and prints articles/s and words/s.

Baseline, measured in the same run over the same texts: the extractor's spaCy pipeline alone
(``nlp.pipe`` in one process), i.e. the cost of parsing without building or storing any graph.
The ratio ingest/baseline says how much the graph work adds (and what parallel workers win back).

    .venv/bin/python bench/bench_ingest.py --n 200 --workers 1 2
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth_articles import write_corpus  # noqa: E402

from graph.ingest import ingest  # noqa: E402
from graph.model import Article  # noqa: E402
from graph.namespace import NG  # noqa: E402
from graph.readers import read_inputs  # noqa: E402
from graph.store import open_store, sparql_term  # noqa: E402

PROV_GEN = "<http://www.w3.org/ns/prov#wasGeneratedBy>"


def complete_sources(store) -> int:  # type: ignore[no-untyped-def]
    """Sources whose own graph holds their text, content hash and a generating activity."""
    res = store.select(
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { "
        f"?s {sparql_term(NG.text)} ?t ; {sparql_term(NG.contentHash)} ?h ; {PROV_GEN} ?a ; "
        f"{sparql_term(NG.inGraph)} ?g . }} }}"
    )
    return int(res.rows[0]["n"]) if res.rows else 0  # type: ignore[arg-type]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200, help="number of synthetic articles (default 200)")
    ap.add_argument("--words", type=int, default=800, help="approximate words per article")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to run")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    warnings.filterwarnings("ignore", message=r".*\[W036\].*")

    with tempfile.TemporaryDirectory(prefix="newsgraph-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        write_corpus(corpus, args.n, args.seed, args.words)
        articles = [a for a in read_inputs([str(corpus)]) if isinstance(a, Article)]
        texts = [a.text for a in articles]
        words = sum(len(t.split()) for t in texts)
        print(
            f"corpus: {len(articles)} articles, {words} words ({words / len(articles):.0f} per article); "
            f"cpus: {os.cpu_count()}"
        )

        from graph.extract.nlp import load_nlp

        nlp = load_nlp()
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        base_s = time.perf_counter() - t0
        base_aps = len(texts) / base_s
        print(
            f"baseline  spaCy nlp.pipe alone, 1 process: {base_s:7.2f} s  {base_aps:7.2f} articles/s  "
            f"{words / base_s:9.0f} words/s"
        )

        failed = 0
        for w in args.workers:
            store_path = Path(tmp) / f"store-{w}"
            with open_store(str(store_path)) as store:
                t0 = time.perf_counter()
                report = ingest([str(corpus)], store, workers=w, progress=False)
                secs = time.perf_counter() - t0
                complete = complete_sources(store)
                quads = store.count()
            ok = report.stored == len(articles) and complete == len(articles)
            failed += not ok
            aps = len(articles) / secs
            print(
                f"ingest    workers={w}: {secs:7.2f} s  {aps:7.2f} articles/s  {words / secs:9.0f} words/s  "
                f"ratio to baseline {aps / base_aps:5.2f}  (stored {report.stored}, provenance-complete "
                f"{complete}, {quads} quads{'' if ok else ', INCOMPLETE'})"
            )
            for o in report.errors[:5]:
                print(f"  failed: {o.origin}: {o.message}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

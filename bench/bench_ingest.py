"""Ingestion benchmark: synthetic articles, text files -> stored, provenance-complete graphs.

Writes N synthetic articles (~800 words, ``bench/synth_articles.py``) as .txt files, then for each
worker count ingests them end to end (reading, boilerplate removal, extraction, one transaction per
article) into a fresh embedded store in a temporary folder, checks that every article was stored
with its text, content hash and extraction activity, and prints articles/s and words/s.

Baseline, measured in the same run over the same texts: the extractor's spaCy pipeline alone
(``nlp.pipe`` in one process), i.e. the cost of parsing without building or storing any graph.
The ratio ingest/baseline says how much the graph work adds (and what parallel workers win back).

    .venv/bin/python bench/bench_ingest.py --n 200 --workers 1 2

Real-corpus mode: ``--corpus DIR`` ingests a folder of real articles with a SOURCES.tsv (slug, date,
url, title per row; e.g. shared/corpus/wikinews-2019-2020, 283 Wikinews articles) as one JSON Lines
feed, each article with its own date, URL, title and outlet (``--outlet``, default "Wikinews"), and
measures spaCy alone over the same texts in the same run:

    .venv/bin/python bench/bench_ingest.py --corpus ../shared/corpus/wikinews-2019-2020 --workers 1 2
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth_articles import write_corpus  # noqa: E402

from graph.ingest.pipeline import ingest  # noqa: E402
from graph.ingest.readers import read_inputs  # noqa: E402
from graph.model import Article  # noqa: E402
from graph.namespace import NG  # noqa: E402
from graph.sparql.terms import sparql_term
from graph.store import Store, open_store

PROV_GEN = "<http://www.w3.org/ns/prov#wasGeneratedBy>"


def complete_sources(store: Store) -> int:
    """Sources whose own graph holds their text, content hash and a generating activity."""
    res = store.select(
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { "
        f"?s {sparql_term(NG.text)} ?t ; {sparql_term(NG.contentHash)} ?h ; {PROV_GEN} ?a ; "
        f"{sparql_term(NG.inGraph)} ?g . }} }}"
    )
    return int(str(res.rows[0]["n"])) if res.rows else 0


def corpus_feed(folder: Path, out: Path, outlet: str) -> Path:
    """A JSON Lines feed of a real corpus folder (its SOURCES.tsv gives slug, date, url, title)."""
    with open(folder / "SOURCES.tsv", encoding="utf-8") as src, open(out, "w", encoding="utf-8") as fh:
        for r in csv.DictReader(src, delimiter="\t"):
            record = {
                "id": r["slug"],
                "url": r.get("url") or None,
                "title": r.get("title") or None,
                "published": r.get("date") or None,
                "outlet": outlet,
                "text": (folder / f"{r['slug']}.txt").read_text(encoding="utf-8"),
            }
            fh.write(json.dumps(record) + "\n")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200, help="number of synthetic articles (default 200)")
    ap.add_argument("--words", type=int, default=800, help="approximate words per article")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to run")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--corpus", type=Path, help="a real corpus folder with SOURCES.tsv instead of synthetic text"
    )
    ap.add_argument("--outlet", default="Wikinews", help="outlet of every article of --corpus")
    ap.add_argument("--no-validate", action="store_true", help="ingest without the validation pass")
    ap.add_argument(
        "--dask",
        type=int,
        nargs="*",
        default=[],
        metavar="N",
        help="also ingest with extraction on a local Dask cluster of N worker processes (--executor)",
    )
    args = ap.parse_args()
    warnings.filterwarnings("ignore", message=r".*\[W036\].*")

    with tempfile.TemporaryDirectory(prefix="newsgraph-bench-") as tmp:
        if args.corpus:
            if not (args.corpus / "SOURCES.tsv").is_file():
                print(f"{args.corpus}: no SOURCES.tsv", file=sys.stderr)
                return 2
            corpus = corpus_feed(args.corpus, Path(tmp) / "feed.jsonl", args.outlet)
        else:
            corpus = Path(tmp) / "corpus"
            write_corpus(corpus, args.n, args.seed, args.words)
        articles = [a for a in read_inputs([str(corpus)]) if isinstance(a, Article)]
        texts = [a.text for a in articles]
        words = sum(len(t.split()) for t in texts)
        print(
            f"corpus: {args.corpus or 'synthetic'}: {len(articles)} articles, {words} words ({words / len(articles):.0f} per article); "
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
        runs: list[tuple[str, int, str | None]] = [(f"workers={w}", w, None) for w in args.workers]
        clusters = []
        for n in args.dask:
            from distributed import LocalCluster

            cluster = LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
            )
            clusters.append(cluster)
            runs.append((f"dask={n}", n, cluster.scheduler_address))
        for label, w, address in runs:
            store_path = Path(tmp) / f"store-{label}"
            with open_store(str(store_path)) as store:
                t0 = time.perf_counter()
                report = ingest(
                    [str(corpus)],
                    store,
                    workers=w,
                    progress=False,
                    validate=not args.no_validate,
                    executor=address,
                )
                secs = time.perf_counter() - t0
                complete = complete_sources(store)
                quads = store.count()
            ok = report.stored == len(articles) and complete == len(articles)
            failed += not ok
            aps = len(articles) / secs
            print(
                f"ingest    {label}: {secs:7.2f} s  {aps:7.2f} articles/s  {words / secs:9.0f} words/s  "
                f"ratio to baseline {aps / base_aps:5.2f}  (stored {report.stored}, provenance-complete "
                f"{complete}, {quads} quads{'' if ok else ', INCOMPLETE'})"
            )
            for o in report.errors[:5]:
                print(f"  failed: {o.origin}: {o.message}")
        for cluster in clusters:
            cluster.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Validation speed on synthetic stores, and a check that it finds exactly the injected conflicts.

For each size: load the background and all articles but a held-back few into an embedded store on
disk; then add the held-back articles one at a time, timing ``validate_sources`` for each (the
incremental check an ingest runs); then time a full pass with the SPARQL engine (plain: sh:select
per target in one process, the in-run reference, unless ``--no-plain``; then with the
ngsh:batchSelect texts in ``--workers`` processes, each checked to give the first pass's results);
then, on the smallest sizes only, whole-graph pySHACL with a time cap.  A full scan of the store
(``COUNT(*)``) is the baseline the other figures are divided by.

    .venv/bin/python bench/bench_validate.py                 # 100k and 1M triples
    .venv/bin/python bench/bench_validate.py 100000 --pyshacl 2000,10000 --cap 120
    .venv/bin/python bench/bench_validate.py 10000000 --pyshacl "" --no-plain   # ~4 GB on disk
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rdflib import URIRef

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth_graph as synth  # noqa: E402

from graph.store import OxigraphStore
from graph.validate.engine import SparqlEngine  # noqa: E402
from graph.validate.results import ValidationResult  # noqa: E402
from graph.validate.run import full_pass, validate_all, validate_sources  # noqa: E402
from graph.validate.shapes import NGSH  # noqa: E402

EXPECTED_SHAPE = {
    "stale": {NGSH.SingleSeatOverlapShape, NGSH.CurrentHolderAfterTermShape},
    "former": {NGSH.FormerHolderInOfficeShape},
    "exclusive": {NGSH.ExclusiveOfficesShape},
    "sum": {NGSH.PartsSumShape},
    "disagree": {NGSH.QuantityDisagreementShape},
    "future": {NGSH.EventAfterPublicationShape},
}


def check(result: ValidationResult, culprits: list[synth.Culprit]) -> tuple[int, int, list[str]]:
    """(culprits found, results not involving any culprit, problems)."""
    statements = {URIRef(c.statement) for c in culprits}
    found, problems = 0, []
    for c in culprits:
        s = URIRef(c.statement)
        shapes = {i.source_shape for i in result.issues if s in (i.focus_node, i.value)}
        if EXPECTED_SHAPE[c.kind] <= shapes:
            found += 1
        else:
            problems.append(f"{c.kind} {c.statement}: found {sorted(x.split('#')[1] for x in shapes)}")
    others = [i for i in result.issues if i.focus_node not in statements and i.value not in statements]
    problems += [f"unexpected {i.source_shape.split('#')[1]} on {i.focus_node}" for i in others[:5]]
    return found, len(others), problems


def scan(store: OxigraphStore) -> float:
    t0 = time.perf_counter()
    store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    return time.perf_counter() - t0


def _pyshacl_child(nq: bytes, queue: mp.Queue[Any]) -> None:
    store = OxigraphStore(None)
    store.import_data(nq, "nquads")
    t0 = time.perf_counter()
    result = validate_all(store, "pyshacl", explain_results=False)
    queue.put((time.perf_counter() - t0, len(result.issues), sorted(map(str, result.key_set()))))


def run_size(
    size: int,
    workdir: Path,
    held_back: int,
    pyshacl_cap: float | None,
    workers: tuple[int, ...] = (1, 2),
    plain: bool = True,
) -> None:
    n = synth.articles_for(size)
    t0 = time.perf_counter()
    _, bg, arts, culprits = synth.generate(n, conflicts=min(60, max(6, n // 4)))
    gen_s = time.perf_counter() - t0
    by_src = {c.source: c for c in culprits}
    culprit_srcs = [c.source for c in culprits]
    clean_srcs = [s for s, _ in arts if s not in by_src]
    late = set(culprit_srcs[-held_back // 2 :] + clean_srcs[-(held_back - held_back // 2) :])
    path = workdir / f"store-{size}"
    shutil.rmtree(path, ignore_errors=True)
    store = OxigraphStore(path)
    t0 = time.perf_counter()
    # in chunks: one import of 10M quads needs over 24 GB of memory
    chunk: list[str] = list(bg)
    for s, quads in arts:
        if s not in late:
            chunk += quads
        if len(chunk) >= 500_000:
            store.import_data(("\n".join(chunk) + "\n").encode(), "nquads")
            chunk = []
    if chunk:
        store.import_data(("\n".join(chunk) + "\n").encode(), "nquads")
    load_s = time.perf_counter() - t0
    # let RocksDB compact what the import wrote (as a store in use has been): otherwise its
    # background compaction runs during the timings below and competes for the cores
    t0 = time.perf_counter()
    store.raw.optimize()
    settle_s = time.perf_counter() - t0
    base = scan(store)
    # incremental: one new article at a time
    times, cpu, inc_found, inc_expected, inc_other = [], [], 0, 0, 0
    for src, quads in arts:
        if src not in late:
            continue
        store.import_data(("\n".join(quads) + "\n").encode(), "nquads")
        t0, c0 = time.perf_counter(), time.process_time()
        res = validate_sources(store, [URIRef(src)])
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        mine = [by_src[src]] if src in by_src else []
        found, others, _ = check(res, culprits)  # any culprit may be involved (an older one)
        inc_expected += len(mine)
        inc_found += check(res, mine)[0] if mine else 0
        inc_other += others
    triples = store.count()
    # full pass: the plain engine (sh:select per target, one process) as the in-run reference, then
    # with the ngsh:batchSelect texts, in one process and in several
    passes = []
    for label, batch, n_workers in ([("plain (sh:select, 1 process)", False, 1)] if plain else []) + [
        (f"batch, {w} process{'es' if w > 1 else ''}", True, w) for w in workers
    ]:
        t0, c0 = time.perf_counter(), time.process_time()
        issues = full_pass(SparqlEngine(store, batch=batch), n_workers)
        passes.append((label, time.perf_counter() - t0, time.process_time() - c0, issues))
    full = ValidationResult(issues=passes[-1][3], engine="sparql")
    full_s, full_cpu = passes[-1][1], passes[-1][2]
    found, others, problems = check(full, culprits)
    print(
        f"\n== {triples:,} triples, {len(arts)} articles, {len(culprits)} injected conflicts "
        f"(generated in {gen_s:.1f} s, loaded in {load_s:.1f} s, compacted in {settle_s:.1f} s)"
    )
    print(f"baseline full scan COUNT(*):        {base * 1000:9.1f} ms")
    print(
        f"incremental, per new article:       median {statistics.median(times) * 1000:7.1f} ms, "
        f"max {max(times) * 1000:7.1f} ms over {len(times)} articles, "
        f"median CPU {statistics.median(cpu) * 1000:.1f} ms "
        f"({statistics.median(times) / base:.2f}x scan); injected found {inc_found}/{inc_expected}, "
        f"results not involving an injected conflict: {inc_other}"
    )
    first_keys = sorted(map(str, (i.key for i in passes[0][3])))
    for label, secs, cpu_s, issues in passes:
        same = sorted(map(str, (i.key for i in issues))) == first_keys
        print(
            f"full pass, {label + ':':31s} {secs * 1000:9.1f} ms ({secs / base:.1f}x scan, "
            f"{passes[0][1] / secs:.1f}x faster than the first; CPU of this process {cpu_s * 1000:.0f} ms), "
            f"{len(issues)} results, same as the first: {same}"
        )
    print(
        f"full pass, last line above:         {full_s * 1000:9.1f} ms; "
        f"injected found {found}/{len(culprits)}, other results: {others} (CPU {full_cpu * 1000:.0f} ms)"
    )
    for p in problems[:10]:
        print("   problem:", p)
    store.close()
    del store
    if pyshacl_cap:
        run_pyshacl(size, bg, arts, culprits, pyshacl_cap)


def run_pyshacl(
    size: int, bg: list[str], arts: list[tuple[str, list[str]]], culprits: list[synth.Culprit], cap: float
) -> None:
    nq = ("\n".join(bg + [q for _, quads in arts for q in quads]) + "\n").encode()
    store = OxigraphStore(None)
    store.import_data(nq, "nquads")
    t0 = time.perf_counter()
    sparql = validate_all(store, "sparql", explain_results=False)
    sparql_s = time.perf_counter() - t0
    queue: mp.Queue[Any] = mp.Queue()
    proc = mp.Process(target=_pyshacl_child, args=(nq, queue))
    proc.start()
    proc.join(cap)
    if proc.is_alive():
        proc.terminate()
        proc.join()
        print(
            f"pySHACL whole graph ({store.count():,} triples): did not finish within {cap:.0f} s "
            f"(SPARQL engine: {sparql_s * 1000:.0f} ms)"
        )
        return
    py_s, n_results, keys = queue.get()
    same = keys == sorted(map(str, sparql.key_set()))
    print(
        f"pySHACL whole graph ({store.count():,} triples): {py_s:8.1f} s, {n_results} results; "
        f"SPARQL engine {sparql_s * 1000:.0f} ms ({py_s / sparql_s:.0f}x faster), same results: {same}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[100_000, 1_000_000])
    ap.add_argument("--held-back", type=int, default=20, help="articles added one at a time (default 20)")
    ap.add_argument(
        "--pyshacl", default="2000", help="comma-separated sizes for whole-graph pySHACL ('' for none)"
    )
    ap.add_argument("--cap", type=float, default=180, help="seconds pySHACL may run per size")
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument(
        "--workers", default="1,2", help="comma-separated process counts for the full pass (default 1,2)"
    )
    ap.add_argument(
        "--no-plain", action="store_true", help="skip the plain (sh:select) full pass (slow at 10M)"
    )
    args = ap.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="newsgraph-bench-"))
    for size in [int(s) for s in args.pyshacl.split(",") if s]:
        n = synth.articles_for(size)
        _, bg, arts, culprits = synth.generate(n, conflicts=min(60, max(6, n // 4)))
        run_pyshacl(size, bg, arts, culprits, args.cap)
    for size in args.sizes:
        workers = tuple(int(w) for w in args.workers.split(",") if w)
        run_size(size, workdir, args.held_back, None, workers, plain=not args.no_plain)
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

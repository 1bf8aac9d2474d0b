"""Import benchmark: `newsgraph import` (``Store.import_file``) against pyoxigraph's own
``bulk_load`` of the same file, in the same run.

    .venv/bin/python bench/bench_import.py                    # 1M quads
    .venv/bin/python bench/bench_import.py --triples 200000 --transactional

1. Writes a synthetic N-Quads file shaped like docs/data-model.md (``bench_load.synth_nquads``;
   made-up names) in a temporary folder.
2. Baseline: a fresh embedded store, ``pyoxigraph.Store.bulk_load(path=...)``, timed.
3. newsgraph: a fresh embedded store, ``OxigraphStore.import_file`` (a checking parse of the whole
   file, then the bulk loader), timed; the ratio to the baseline is printed (target <= 1.2x).
4. ``--transactional``: also the one-transaction path ``import_data`` (what `newsgraph import` did
   before: the whole file parsed into memory and written in one transaction).
Each store is checked to hold the same number of quads.  Nothing is asserted in tests.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_load import synth_nquads  # noqa: E402

from graph.store import OxigraphStore  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=2, help="runs of each path; the best is reported")
    ap.add_argument("--transactional", action="store_true", help="also time import_data (slow)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        work = Path(tmp)
        nq = work / "data.nq"
        t0 = time.monotonic()
        written, _, _ = synth_nquads(nq, args.triples)
        print(
            f"file: {written} quads, {nq.stat().st_size / 1e6:.0f} MB (written in {time.monotonic() - t0:.1f} s)"
        )

        def count(store: ox.Store) -> int:
            return len(store)

        results: dict[str, list[float]] = {"bulk_load": [], "import_file": [], "import_data": []}
        sizes: dict[str, int] = {}
        for r in range(args.repeat):
            gc.collect()
            base = ox.Store(str(work / f"base-{r}"))
            t = time.monotonic()
            base.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
            results["bulk_load"].append(time.monotonic() - t)
            sizes["bulk_load"] = count(base)
            del base

            gc.collect()
            st = OxigraphStore(work / f"ng-{r}")
            t = time.monotonic()
            n = st.import_file(nq, "nquads")
            results["import_file"].append(time.monotonic() - t)
            sizes["import_file"] = count(st.raw)
            st.close()
            assert n == sizes["import_file"], (n, sizes)

            if args.transactional:
                gc.collect()
                st = OxigraphStore(work / f"tx-{r}")
                t = time.monotonic()
                st.import_data(nq.read_bytes(), "nquads")
                results["import_data"].append(time.monotonic() - t)
                sizes["import_data"] = count(st.raw)
                st.close()
        best = {k: min(v) for k, v in results.items() if v}
        base_s = best["bulk_load"]
        for k, s in best.items():
            runs = ", ".join(f"{x:.2f}" for x in results[k])
            print(
                f"{k:12s} best {s:7.2f} s  ratio to bulk_load {s / base_s:5.2f}x  ({sizes[k]} quads; runs: {runs})"
            )
        if len(set(sizes.values())) != 1:
            print(f"MISMATCH: stores hold different numbers of quads: {sizes}")
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

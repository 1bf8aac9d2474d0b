"""Latency (p50/p99) and throughput of typical REST and SPARQL requests, 20 concurrent clients.

    .venv/bin/python bench/bench_api.py [--triples 1000000] [--seconds 8] [--clients 20]
        [--store /tmp/ng-bench-store] [--no-baseline] [--rest-only] [--cold-only] [--modes 1,2,2r]

1. Builds a synthetic store shaped like docs/data-model.md (persons, offices, reference holdings,
   articles with holdings, events, claims and evidence) of about ``--triples`` quads.
2. Starts ``newsgraph serve`` on it (a separate process, as in production) and drives it with
   ``--clients`` threads for ``--seconds`` per request type, then with one client (latency alone).
   ``--store DIR`` keeps the synthetic store there and reuses it on the next run (built when absent).
3. Runs the same SPARQL queries with rdflib's own engine over a slice of the same data (rdflib
   would take minutes to load the whole), and with the server over that slice, so the ratio compares
   like with like in one run.

The entity routes (``/persons?q=``, ``/persons/{id}``, ``/offices/{id}/holders``) keep their
responses until the next write (graph/read/cache.py, docs/api.md), so each is measured twice: ``cold``, where every
request asks something not asked before in the run (a new id, office and date, or spelling of the
search), so that it is computed; and ``warm``, over a few keys asked before, so that it comes from
the cache. ``--rest-only`` skips the SPARQL requests, ``--cold-only`` the warm runs.

4. Measures all of it with each server of ``--modes`` in one run (default: the one-process server,
   then ``serve --read-processes 2``; ``2r``: with ``--memory-replica``), and prints the ratios to the
   first.  The fresh keys are split between the servers, so no key is asked twice in the run; when a server's share runs out its
   run of that request ends early.  The load average is printed before and after each server: on a
   shared machine the figures are only comparable within one run.

Prints a table; nothing is asserted (bench/results/bench_api.md records what was seen).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NG = "https://w3id.org/newsgraph/ontology#"
B = "https://w3id.org/newsgraph/id/"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
EVENT_TYPES = ["PrisonerExchange", "Attack", "Negotiation", "Statement", "Appointment", "Dismissal"]

PREFIX = f"PREFIX ng: <{NG}>\n"
SPARQL = {
    # the date filter sits in a sub-select: Oxigraph 0.5 plans FILTER+OPTIONAL joined with the name
    # lookups badly (seconds instead of milliseconds); see docs/api.md
    "sparql: holders on a date": PREFIX
    + """SELECT ?officeName ?holderName WHERE {
  { SELECT ?holder ?office WHERE {
      ?h a ng:OfficeHolding ; ng:holder ?holder ; ng:office ?office ; ng:startDate ?start .
      OPTIONAL { ?h ng:endDate ?end }
      FILTER(STR(?start) <= "2021-06-01" && (!BOUND(?end) || STR(?end) >= "2021-06-01")) } }
  ?office ng:name ?officeName . ?holder ng:name ?holderName .
} LIMIT 100""",
    "sparql: claims by speaker": PREFIX
    + f"""SELECT ?content ?source WHERE {{
  ?c a ng:Claim ; ng:claimant <{B}person/p-17> ; ng:content ?content ; ng:reportedBy ?source }} LIMIT 100""",
    "sparql: events of a type in a month": PREFIX
    + """SELECT ?e ?start WHERE {
  ?e a ng:Attack ; ng:startDate ?start . FILTER(STR(?start) >= "2025-03-01" && STR(?start) <= "2025-03-31")
} ORDER BY ?start LIMIT 50""",
}


def synth_quads(n_triples: int, seed: int = 7):  # -> Iterator[pyoxigraph.Quad]
    import pyoxigraph as ox

    rnd = random.Random(seed)
    nn, lit = ox.NamedNode, ox.Literal
    T = nn(RDF_TYPE)

    def p(local: str) -> ox.NamedNode:
        return nn(NG + local)

    ents = nn(B + "graph/entities")
    ref = nn(B + "graph/reference")
    n_persons, n_offices, n_places = 2000, 200, 300
    for i in range(n_persons):
        s = nn(f"{B}person/p-{i}")
        yield ox.Quad(s, T, p("Person"), ents)
        yield ox.Quad(s, p("name"), lit(f"Person {i} Surname{i % 97}"), ents)
        yield ox.Quad(s, p("alias"), lit(f"Surname{i % 97}"), ents)
    for i in range(n_places):
        s = nn(f"{B}place/pl-{i}")
        yield ox.Quad(s, T, p("Place"), ents)
        yield ox.Quad(s, p("name"), lit(f"Place {i}"), ents)
    for i in range(n_offices):
        s = nn(f"{B}office/o-{i}")
        yield ox.Quad(s, T, p("Office"), ents)
        yield ox.Quad(s, p("name"), lit(f"Office {i}"), ents)
        yield ox.Quad(s, p("singleSeat"), lit(True), ents)
        for k in range(5):
            h = nn(f"{B}reference/holding/o-{i}-{k}")
            yield ox.Quad(h, T, p("OfficeHolding"), ref)
            yield ox.Quad(h, p("holder"), nn(f"{B}person/p-{rnd.randrange(n_persons)}"), ref)
            yield ox.Quad(h, p("office"), s, ref)
            yield ox.Quad(h, p("startDate"), lit(f"{2000 + 5 * k}-01-01", datatype=nn(XSD + "date")), ref)
            yield ox.Quad(h, p("endDate"), lit(f"{2004 + 5 * k}-12-31", datatype=nn(XSD + "date")), ref)
            yield ox.Quad(h, nn(PROV + "wasDerivedFrom"), nn(f"https://example.org/ref/{i}/{k}"), ref)
    made = n_persons * 3 + n_places * 2 + n_offices * 33
    a = 0
    while made < n_triples:
        sid = f"{a:016x}"
        g = nn(f"{B}graph/source/{sid}")
        src = nn(f"{B}source/{sid}")
        day = f"2025-{1 + a % 12:02d}-{1 + a % 28:02d}"
        quads = [
            (src, T, p("Source")),
            (src, T, nn(SCHEMA + "NewsArticle")),
            (src, nn(SCHEMA + "headline"), lit(f"Headline of article {a}")),
            (src, nn(SCHEMA + "datePublished"), lit(day, datatype=nn(XSD + "date"))),
            (src, p("inGraph"), g),
            (src, p("text"), lit(f"Text of article {a}. " * 20)),
        ]
        for j in range(6):
            ev = nn(f"{B}source/{sid}/evidence/{j}")
            quads += [
                (ev, T, p("Evidence")),
                (ev, nn(OA + "hasSource"), src),
                (ev, p("sentence"), lit(f"Sentence {j} of article {a}.")),
            ]
            kind = j % 3
            if kind == 0:
                h = nn(f"{B}source/{sid}/holding/{j}")
                quads += [
                    (h, T, p("OfficeHolding")),
                    (h, p("holder"), nn(f"{B}person/p-{rnd.randrange(n_persons)}")),
                    (h, p("office"), nn(f"{B}office/o-{rnd.randrange(n_offices)}")),
                    (h, p("asOf"), lit(day, datatype=nn(XSD + "date"))),
                    (h, p("status"), p("Current")),
                    (h, p("reportedBy"), src),
                    (h, p("evidence"), ev),
                ]
            elif kind == 1:
                e = nn(f"{B}event/e-{a}-{j}")
                quads += [
                    (e, T, p(EVENT_TYPES[(a + j) % len(EVENT_TYPES)])),
                    (e, p("label"), lit(f"event {a}-{j}")),
                    (e, p("startDate"), lit(day, datatype=nn(XSD + "date"))),
                    (e, p("participant"), nn(f"{B}person/p-{rnd.randrange(n_persons)}")),
                    (e, p("place"), nn(f"{B}place/pl-{rnd.randrange(n_places)}")),
                    (e, p("reportedBy"), src),
                    (e, p("evidence"), ev),
                ]
            else:
                c = nn(f"{B}source/{sid}/claim/{j}")
                quads += [
                    (c, T, p("Claim")),
                    (c, p("claimant"), nn(f"{B}person/p-{rnd.randrange(n_persons)}")),
                    (c, p("content"), lit(f"claim {j} of article {a}")),
                    (c, p("reportedBy"), src),
                    (c, p("evidence"), ev),
                    (c, p("confidence"), lit("0.8", datatype=nn(XSD + "decimal"))),
                ]
        for s, pr, o in quads:
            yield ox.Quad(s, pr, o, g)  # type: ignore[arg-type]
        made += len(quads)
        a += 1


def build_store(path: Path, n_triples: int) -> int:
    import pyoxigraph as ox

    store = ox.Store(str(path))
    store.bulk_extend(synth_quads(n_triples))
    store.flush()
    n = len(store)
    del store
    return n


def start_server(
    store: Path, port: int, memory_replica: bool = False, read_processes: int = 1
) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).parent / "newsgraph"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSGRAPH_")}
    proc = subprocess.Popen(
        [
            str(exe),
            "serve",
            "--store",
            str(store),
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--workers",
            "2",
            "--query-timeout",
            "60",
            *(["--memory-replica"] if memory_replica else []),
            *(["--read-processes", str(read_processes)] if read_processes > 1 else []),
        ],
        env=env,
    )
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", timeout=5)
            if memory_replica:  # measure once the in-memory copy is in use (in every read process)
                fresh: dict[str, float] = {}
                for _ in range(8 * read_processes):  # new connections: any read process may answer
                    r = httpx.get(f"http://127.0.0.1:{port}/stats", timeout=60)
                    status = r.json()["memoryReplica"]
                    if status["upToDate"]:
                        fresh[r.headers.get("x-newsgraph-pid", "")] = status["lastCopySeconds"]
                if len(fresh) < read_processes:
                    time.sleep(0.5)
                    continue
                copied = ", ".join(f"{s:.1f}" for s in fresh.values())
                print(f"memory replica up to date in {len(fresh)} process(es) (copied in {copied} s)")
            return proc
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("the server did not start")


def drive(base: str, make_request, seconds: float, clients: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """``clients`` threads sending requests for ``seconds``: latency percentiles, errors, throughput."""
    lat: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(k: int) -> None:
        nonlocal errors
        rnd = random.Random(k)
        with httpx.Client(base_url=base, timeout=120) as c:
            while time.monotonic() < stop:
                t = time.perf_counter()
                try:
                    r = make_request(c, rnd)
                except Exhausted:  # every fresh key of this run was asked: stop rather than reuse
                    return
                dt = time.perf_counter() - t
                with lock:
                    lat.append(dt)
                    if r.status_code != 200:
                        errors += 1

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t0
    lat.sort()
    return {
        "n": len(lat),
        "errors": errors,
        "p50_ms": 1000 * lat[len(lat) // 2] if lat else 0,
        "p99_ms": 1000 * lat[min(len(lat) - 1, int(len(lat) * 0.99))] if lat else 0,
        "rps": len(lat) / elapsed,
    }


class Exhausted(Exception):
    """Every key of a :class:`Fresh` was handed out."""


class Fresh:
    """Keys not asked before in this run, shared by all client threads (``next`` on an
    ``itertools.count`` is atomic).  ``part``/``parts``: this server's share of the keys, so that no
    key is asked twice in a run that measures several servers; a quarter of the share is kept for the
    one-client run (:meth:`use_reserve`).  Once a pool is used up, :class:`Exhausted` ends that
    measurement early (``exhausted`` counts the requests refused)."""

    def __init__(self, keys: list[object], seed: int = 11, part: int = 0, parts: int = 1) -> None:
        import itertools

        shuffled = list(keys)
        random.Random(seed).shuffle(shuffled)
        share = shuffled[part::parts]
        cut = len(share) * 3 // 4
        self.pools = [share[:cut], share[cut:]]
        self.keys = self.pools[0]
        self._n = itertools.count()
        self.exhausted = 0

    def use_reserve(self) -> None:
        """From now on hand out the keys kept for the one-client run."""
        import itertools

        self.keys = self.pools[1]
        self._n = itertools.count()

    def next(self) -> object:
        i = next(self._n)
        keys = self.keys
        if i >= len(keys):
            self.exhausted += 1
            raise Exhausted
        return keys[i]


def _spellings(word: str, n: int) -> list[str]:
    """``n`` spellings of ``word`` differing in letter case only (the search ignores case)."""
    letters = [i for i, ch in enumerate(word) if ch.isalpha()]
    out = []
    for mask in range(min(n, 1 << len(letters))):
        chars = list(word)
        for bit, i in enumerate(letters):
            if mask >> bit & 1:
                chars[i] = chars[i].upper()
        out.append("".join(chars))
    return out


FRESH: dict[str, Fresh] = {}


def scenarios(
    rest_only: bool = False, part: int = 0, parts: int = 1, cold_only: bool = False
) -> dict[str, object]:
    def sparql(q: str):  # type: ignore[no-untyped-def]
        return lambda c, rnd: c.post("/sparql", data={"query": q})

    FRESH["persons"] = persons = Fresh([f"p-{i}" for i in range(2000)], part=part, parts=parts)
    FRESH["holders"] = holders = Fresh(
        [(f"o-{i}", f"2012-{m:02d}-{d:02d}") for i in range(200) for m in (5, 6, 7) for d in range(1, 29)],
        part=part,
        parts=parts,
    )
    FRESH["search"] = search = Fresh(  # spellings of the end of a surname: each finds that surname
        [q for k in range(97) for tail in range(4) for q in _spellings(f"surname{k}"[tail:], 64)],
        part=part,
        parts=parts,
    )
    warm_persons = [f"p-{i}" for i in range(0, 2000, 100)]
    warm_offices = [f"o-{i}" for i in range(0, 200, 10)]

    def holders_cold(c, rnd):  # type: ignore[no-untyped-def]
        office, day = holders.next()  # type: ignore[misc]
        return c.get(f"/offices/{office}/holders", params={"date": day})

    out: dict[str, object] = {
        "rest: /persons?q= (cold)": lambda c, rnd: c.get(
            "/persons", params={"q": search.next(), "limit": 20}
        ),
        "rest: /persons?q= (warm)": lambda c, rnd: c.get(
            "/persons", params={"q": f"surname{rnd.randrange(10)}", "limit": 20}
        ),
        "rest: /persons/{id} (cold)": lambda c, rnd: c.get(f"/persons/{persons.next()}"),
        "rest: /persons/{id} (warm)": lambda c, rnd: c.get(f"/persons/{rnd.choice(warm_persons)}"),
        "rest: /offices/{id}/holders?date (cold)": holders_cold,
        "rest: /offices/{id}/holders?date (warm)": lambda c, rnd: c.get(
            f"/offices/{rnd.choice(warm_offices)}/holders", params={"date": "2012-06-01"}
        ),
        "rest: /events?type&from&to": lambda c, rnd: c.get(
            "/events", params={"type": "Attack", "from": "2025-03-01", "to": "2025-03-31", "limit": 20}
        ),
    }
    if cold_only:
        out = {k: v for k, v in out.items() if k.endswith("(cold)")}
    if not rest_only:
        out.update({name: sparql(q) for name, q in SPARQL.items()})
    return out


def rdflib_baseline(store_path: Path, n_slice: int, repeats: int = 3) -> dict[str, tuple[float, float, int]]:
    """Median seconds of each SPARQL query: rdflib over a slice vs pyoxigraph over the same slice."""
    import itertools

    import pyoxigraph as ox
    from rdflib import Dataset

    src = ox.Store.read_only(str(store_path))
    # the slice: the entity and reference graphs whole, then articles until n_slice quads
    quads = [
        q
        for g in ("graph/entities", "graph/reference")
        for q in src.quads_for_pattern(None, None, None, ox.NamedNode(B + g))
    ]
    articles = (
        q
        for q in src.quads_for_pattern(None, None, None)
        if q.graph_name.value.startswith(B + "graph/source/")  # type: ignore[union-attr]
    )
    quads += list(itertools.islice(articles, max(0, n_slice - len(quads))))
    del src
    nq = "".join(f"{q} .\n" for q in quads).encode()
    small = ox.Store()
    small.bulk_extend(quads)
    ds = Dataset(default_union=True)
    t = time.perf_counter()
    ds.parse(data=nq, format="nquads")
    print(f"rdflib loaded {len(quads)} quads in {time.perf_counter() - t:.1f}s")
    out = {}
    for name, q in SPARQL.items():
        rl, ol = [], []
        rows = 0
        for _ in range(repeats):
            t = time.perf_counter()
            rows = len(list(ds.query(q)))
            rl.append(time.perf_counter() - t)
            t = time.perf_counter()
            list(small.query(q, use_default_graph_as_union=True))  # type: ignore[arg-type]
            ol.append(time.perf_counter() - t)
        out[name] = (statistics.median(rl), statistics.median(ol), rows)
    return out


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def _row(name: str, r: dict[str, float]) -> str:
    return f"{name:40} {r['n']:6d} {r['errors']:4d} {r['p50_ms']:8.1f} {r['p99_ms']:8.1f} {r['rps']:8.1f}"


HEADER = f"{'request':40} {'n':>6} {'err':>4} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8}"


def parse_mode(text: str) -> tuple[int, bool]:
    """``2`` -> (2, False): two read processes; ``2r`` -> (2, True): with --memory-replica."""
    replica = text.endswith("r")
    return int(text.rstrip("r")), replica


def mode_name(mode: str) -> str:
    processes, replica = parse_mode(mode)
    name = "1 process" if processes == 1 else f"{processes} read processes (+1 writer)"
    return name + (", memory replica" if replica else "")


def measure(
    store: Path, n: int, args: argparse.Namespace, mode: str, part: int, parts: int
) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]], dict[str, float]]:
    """One server (``mode``: read processes, ``r`` for a memory replica): every scenario with
    ``--clients`` clients, then with one; the median time of each SPARQL query alone."""
    processes, replica = parse_mode(mode)
    port = free_port()
    proc = start_server(store, port, replica, processes)
    base = f"http://127.0.0.1:{port}"
    many: dict[str, dict[str, float]] = {}
    alone: dict[str, dict[str, float]] = {}
    single: dict[str, float] = {}
    try:
        print(
            f"\n== {mode_name(mode)}: {args.clients} concurrent clients, {args.seconds:g}s each, store of {n} quads"
        )
        print(f"   {_load()} at the start")
        print(HEADER)
        chosen = scenarios(args.rest_only, part, parts, args.cold_only)
        for name, fn in chosen.items():
            # warm up: the per-version indexes (built by the first search after a write, in each
            # process), and for warm runs the cache with their keys; cold runs take fresh keys here too
            drive(base, fn, 1.0, max(2, processes))
            many[name] = r = drive(base, fn, args.seconds, args.clients)
            print(_row(name, r))
        for fresh in FRESH.values():
            fresh.use_reserve()
        for name, fn in chosen.items():
            alone[name] = drive(base, fn, args.seconds / 2, 1)
        print(f"one client, {args.seconds / 2:g}s each")
        print(HEADER)
        for name, r in alone.items():
            print(_row(name, r))
        for key, fresh in FRESH.items():
            if fresh.exhausted:
                print(f"note: the {key} keys of this server ran out: its runs ended early (no key reused)")
        with httpx.Client(base_url=base, timeout=120) as c:
            for name, q in ({} if args.rest_only else SPARQL).items():
                times = []
                for _ in range(5):
                    t = time.perf_counter()
                    c.post("/sparql", data={"query": q}).raise_for_status()
                    times.append(time.perf_counter() - t)
                single[name] = statistics.median(times)
        print(f"   {_load()} at the end")
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    return many, alone, single


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--slice", type=int, default=100_000, help="quads loaded into rdflib for the baseline")
    ap.add_argument("--store", help="keep the synthetic store in this folder and reuse it when present")
    ap.add_argument(
        "--no-baseline", dest="baseline", action="store_false", help="skip the rdflib comparison (faster)"
    )
    ap.add_argument("--rest-only", action="store_true", help="only the REST requests (implies --no-baseline)")
    ap.add_argument("--cold-only", action="store_true", help="only the uncached (cold) REST requests")
    ap.add_argument(
        "--memory-replica",
        action="store_true",
        help="serve with --memory-replica (REST read models from an in-memory copy, one per read process; "
        "measured once every copy is up to date)",
    )
    ap.add_argument(
        "--modes",
        default="1,2",
        help="the servers measured one after the other in this run, comma-separated: a number of read "
        "processes (1: the one-process server; N: serve --read-processes N), with 'r' for "
        "--memory-replica; e.g. 1,2,2r (default 1,2)",
    )
    args = ap.parse_args()
    if args.memory_replica:
        args.modes = ",".join(m if m.endswith("r") else m + "r" for m in args.modes.split(","))
    for m in args.modes.split(","):
        try:
            parse_mode(m)
        except ValueError:
            ap.error(f"--modes: {m!r} is not a number of processes with an optional 'r'")

    with tempfile.TemporaryDirectory(prefix="ng-bench-") as tmp:
        store = Path(args.store) if args.store else Path(tmp) / "store"
        t = time.perf_counter()
        if store.is_dir() and any(store.iterdir()):
            import pyoxigraph as ox

            n = len(ox.Store.read_only(str(store)))
            print(f"synthetic store: {n} quads, reused from {store}")
        else:
            n = build_store(store, args.triples)
            print(f"synthetic store: {n} quads built in {time.perf_counter() - t:.1f}s")
        baseline = rdflib_baseline(store, args.slice) if args.baseline and not args.rest_only else {}

        modes = args.modes.split(",")
        results = {}
        for part, mode in enumerate(modes):  # each server gets its own share of the fresh keys
            results[mode] = measure(store, n, args, mode, part, len(modes))

    if len(modes) > 1:
        first = modes[0]
        print(
            f"\nagainst {mode_name(first)}, same run, {args.clients} clients: requests/s (ratio), p50 ms; "
            "then one client, p50 ms"
        )
        print(f"{'request':40} " + " ".join(f"{m:>22}" for m in modes))
        for name, r1 in results[first][0].items():
            cells = []
            for m in modes:
                r = results[m][0][name]
                ratio = r["rps"] / max(r1["rps"], 1e-9)
                cells.append(f"{r['rps']:7.1f} ({ratio:4.2f}x) {r['p50_ms']:6.0f}")
            errors = sum(int(results[m][0][name]["errors"]) for m in modes)
            print(f"{name:40} " + " ".join(f"{c:>22}" for c in cells) + f"  errors {errors}")
        for name in results[first][1]:
            print(
                f"{name + ' (one client)':40} "
                + " ".join(f"{results[m][1][name]['p50_ms']:22.1f}" for m in modes)
            )

    if not baseline:
        return
    single = results[modes[0]][2]
    print(
        f"\nsame SPARQL, one client: rdflib and pyoxigraph over a {args.slice}-quad slice (in-process), "
        f"newsgraph /sparql over all {n} quads"
    )
    print(f"{'query':40} {'rows':>5} {'rdflib ms':>10} {'oxigraph ms':>12} {'ratio':>7} {'/sparql ms':>11}")
    for name, (r_s, o_s, rows) in baseline.items():
        print(
            f"{name:40} {rows:5d} {1000 * r_s:10.1f} {1000 * o_s:12.2f} {r_s / max(o_s, 1e-9):6.0f}x "
            f"{1000 * single[name]:11.1f}"
        )


if __name__ == "__main__":
    main()

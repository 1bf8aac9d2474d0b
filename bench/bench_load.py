"""Load benchmark: many concurrent clients against `newsgraph serve` on 127.0.0.1 over a large store.

    .venv/bin/python bench/bench_load.py                      # quick: 50 clients, 15 s, ~200k triples
    .venv/bin/python bench/bench_load.py --duration 60 --triples 1000000

1. Generates a synthetic store shaped like docs/data-model.md (source graphs with their ng:Source
   node, evidence, holdings and extraction activity; an entity graph of persons and offices) and
   bulk-loads it into a fresh embedded store in a temporary folder.  The names are made up.
2. Starts the real server (`newsgraph serve --allow-updates --token ...`) on a free loopback port.
3. Baseline: one client runs the same request mix alone for a quarter of the duration.
4. Load: ``--clients`` concurrent clients (asyncio + httpx) for ``--duration`` seconds, each
   picking REST lookups, SPARQL queries and article POSTs (``--post-share``) at random.
5. Reports p50/p99 latency and throughput per kind and overall, the error count (any status >= 400
   other than the expected, or a transport error), and then checks that every article the server
   acknowledged (201/200) is queryable: GET /sources/{id} and an ASK over its graph.  Exits 1 when
   any acknowledged article is missing ("lost") or any request failed.

Nothing here is asserted in tests; figures seen go into bench/results/bench_load.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://w3id.org/newsgraph/id/"
NG = "https://w3id.org/newsgraph/ontology#"
TOKEN = "bench-load-token-" + os.urandom(8).hex()
FIRST = [
    "Arlen",
    "Mira",
    "Dario",
    "Ilse",
    "Tomas",
    "Ana",
    "Pavel",
    "Lena",
    "Ruben",
    "Sofia",
    "Viktor",
    "Nadia",
]
LAST = ["Vosk", "Tolvanen", "Kestrel", "Marrow", "Brevik", "Solberg", "Orsk", "Quist", "Hale", "Drummond"]
OFFICES = ["foreign-minister", "defence-minister", "prime-minister", "president", "interior-minister"]
STATES = ["valdoria", "ostrava-republic", "kestania", "lorvia", "marendia", "tesk"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def lit(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def synth_nquads(path: Path, triples: int, seed: int = 0) -> tuple[int, list[str], list[str]]:
    """Write about ``triples`` quads; return (quads written, source ids, person slugs)."""
    rng = random.Random(seed)
    persons = [
        f"{f.lower()}-{ln.lower()}-{i}"
        for i, (f, ln) in enumerate(
            (rng.choice(FIRST), rng.choice(LAST)) for _ in range(max(100, triples // 200))
        )
    ]
    ent = f"<{BASE}graph/entities>"
    n = 0
    sids: list[str] = []
    with open(path, "w", encoding="utf-8") as out:
        for slug in persons:
            name = " ".join(p.capitalize() for p in slug.split("-")[:2])
            out.write(
                f"<{BASE}person/{slug}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{NG}Person> {ent} .\n"
            )
            out.write(
                f"<{BASE}person/{slug}> <{NG}name> {lit(name + ' ' + slug.rsplit('-', 1)[1])} {ent} .\n"
            )
            n += 2
        for office in OFFICES:
            for state in STATES:
                o = f"<{BASE}office/{office}--{state}>"
                out.write(f"{o} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{NG}Office> {ent} .\n")
                out.write(
                    f"{o} <{NG}name> {lit(office.replace('-', ' ').title() + ' of ' + state.title())} {ent} .\n"
                )
                n += 2
        i = 0
        while n < triples:
            sid = f"{i:016x}"
            sids.append(sid)
            g = f"<{BASE}graph/source/{sid}>"
            src = f"<{BASE}source/{sid}>"
            act = f"<{BASE}activity/{sid}/bench>"
            text = f"Synthetic article {i} about talks between officials on May {1 + i % 28}, 2025."
            rows = [
                (src, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", f"<{NG}Source>"),
                (
                    src,
                    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
                    "<https://schema.org/NewsArticle>",
                ),
                (src, f"<{NG}articleName>", lit(f"bench_{i}")),
                (src, "<https://schema.org/headline>", lit(f"Synthetic headline {i}")),
                (
                    src,
                    "<https://schema.org/datePublished>",
                    f'"2025-05-{1 + i % 28:02d}"^^<http://www.w3.org/2001/XMLSchema#date>',
                ),
                (src, f"<{NG}contentHash>", lit(f"{i:064x}")),
                (src, f"<{NG}text>", lit(text)),
                (src, f"<{NG}inGraph>", g),
                (src, "<http://www.w3.org/ns/prov#wasGeneratedBy>", act),
                (act, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", f"<{NG}Extraction>"),
                (act, "<http://www.w3.org/ns/prov#used>", src),
            ]
            for k in range(4):
                ev = f"<{BASE}source/{sid}/evidence/{k}>"
                h = f"<{BASE}source/{sid}/holding/{k}>"
                person = rng.choice(persons)
                rows += [
                    (ev, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", f"<{NG}Evidence>"),
                    (ev, "<http://www.w3.org/ns/oa#hasSource>", src),
                    (ev, f"<{NG}sentence>", lit(text)),
                    (
                        ev,
                        "<http://www.w3.org/ns/oa#hasSelector>",
                        f"<{BASE}source/{sid}/evidence/{k}/position>",
                    ),
                    (
                        f"<{BASE}source/{sid}/evidence/{k}/position>",
                        "<http://www.w3.org/ns/oa#start>",
                        '"0"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>',
                    ),
                    (
                        f"<{BASE}source/{sid}/evidence/{k}/position>",
                        "<http://www.w3.org/ns/oa#end>",
                        '"9"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>',
                    ),
                    (h, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", f"<{NG}OfficeHolding>"),
                    (h, f"<{NG}holder>", f"<{BASE}person/{person}>"),
                    (h, f"<{NG}office>", f"<{BASE}office/{rng.choice(OFFICES)}--{rng.choice(STATES)}>"),
                    (h, f"<{NG}status>", f"<{NG}Current>"),
                    (
                        h,
                        f"<{NG}asOf>",
                        f'"2025-05-{1 + i % 28:02d}"^^<http://www.w3.org/2001/XMLSchema#date>',
                    ),
                    (h, f"<{NG}reportedBy>", src),
                    (h, f"<{NG}evidence>", ev),
                    (h, f"<{NG}confidence>", '"0.9"^^<http://www.w3.org/2001/XMLSchema#decimal>'),
                    (h, "<http://www.w3.org/ns/prov#wasGeneratedBy>", act),
                ]
            out.write("".join(f"{s} {p} {o} {g} .\n" for s, p, o in rows))
            n += len(rows)
            i += 1
    return n, sids, persons


def build_store(folder: Path, triples: int) -> tuple[int, list[str], list[str]]:
    import pyoxigraph as ox

    nq = folder / "synth.nq"
    n, sids, persons = synth_nquads(nq, triples)
    store = ox.Store(str(folder / "store"))
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    nq.unlink()
    return n, sids, persons


class Stats:
    def __init__(self) -> None:
        self.lat: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.posted: list[str] = []

    def report(self, title: str, seconds: float) -> dict[str, float]:
        print(f"\n{title}")
        print(f"  {'kind':<10} {'n':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
        every: list[float] = []
        for kind in sorted(self.lat):
            xs = sorted(self.lat[kind])
            every += xs
            print(
                f"  {kind:<10} {len(xs):>7} {len(xs) / seconds:>8.1f} {pct(xs, 50):>8.1f} {pct(xs, 99):>8.1f}"
            )
        every.sort()
        print(
            f"  {'all':<10} {len(every):>7} {len(every) / seconds:>8.1f} {pct(every, 50):>8.1f} {pct(every, 99):>8.1f}"
        )
        print(f"  errors: {len(self.errors)}" + (f"  e.g. {self.errors[:3]}" if self.errors else ""))
        return {"n": len(every), "rps": len(every) / seconds, "p50": pct(every, 50), "p99": pct(every, 99)}


def pct(xs: list[float], p: int) -> float:
    if not xs:
        return float("nan")
    if len(xs) == 1:
        return xs[0] * 1000
    return statistics.quantiles(xs, n=100, method="inclusive")[p - 1] * 1000 if p < 100 else xs[-1] * 1000


def article(seed: str) -> dict[str, str]:
    rng = random.Random(seed)
    who = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    day = rng.randint(1, 28)
    return {
        "title": f"Load test article {seed}",
        "text": f"Foreign Minister {who} of Valdoria met officials in Vesk on May {day}, 2025. "
        f"The two sides agreed to exchange {rng.randint(2, 400)} prisoners each, officials said (ref {seed}).",
    }


async def one_request(
    client: httpx.AsyncClient,
    rng: random.Random,
    stats: Stats,
    sids: list[str],
    persons: list[str],
    post_share: float,
    tag: str,
) -> None:
    r = rng.random()
    if r < post_share:
        kind = "post"
        seed = f"{tag}-{rng.getrandbits(48):012x}"
        req = client.build_request(
            "POST", "/sources", json=article(seed), headers={"Authorization": f"Bearer {TOKEN}"}
        )
    elif r < post_share + (1 - post_share) * 0.5:
        kind = "rest"
        choice = rng.randrange(4)
        if choice == 0:
            req = client.build_request("GET", f"/sources/{rng.choice(sids)}")
        elif choice == 1:
            req = client.build_request(
                "GET", "/sources", params={"limit": 20, "offset": rng.randrange(0, 500)}
            )
        elif choice == 2:
            req = client.build_request(
                "GET", "/persons", params={"q": rng.choice(LAST).lower()[:4], "limit": 10}
            )
        else:
            req = client.build_request("GET", f"/persons/{rng.choice(persons)}")
    else:
        kind = "sparql"
        sid = rng.choice(sids)
        q = rng.choice(
            [
                f"SELECT ?p ?o WHERE {{ GRAPH <{BASE}graph/source/{sid}> {{ <{BASE}source/{sid}> ?p ?o }} }}",
                f"SELECT ?h ?office WHERE {{ ?h <{NG}holder> <{BASE}person/{rng.choice(persons)}> ; <{NG}office> ?office }} LIMIT 50",
                f"ASK {{ <{BASE}source/{sid}> a <{NG}Source> }}",
                f"SELECT ?name WHERE {{ ?p a <{NG}Person> ; <{NG}name> ?name }} LIMIT 20 OFFSET {rng.randrange(0, 1000)}",
            ]
        )
        req = client.build_request(
            "POST",
            "/sparql",
            content=q.encode(),
            headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
        )
    started = time.perf_counter()
    try:
        resp = await client.send(req)
        elapsed = time.perf_counter() - started
    except httpx.HTTPError as exc:
        stats.errors.append(f"{kind}: {type(exc).__name__}: {exc}")
        return
    stats.lat[kind].append(elapsed)
    ok = resp.status_code < 400 or (kind == "rest" and resp.status_code == 404)
    if not ok:
        stats.errors.append(f"{kind} {req.url.path}: {resp.status_code} {resp.text[:120]}")
    elif kind == "post":
        stats.posted.append(resp.json()["id"])


async def run_clients(
    url: str, clients: int, seconds: float, sids: list[str], persons: list[str], post_share: float, tag: str
) -> tuple[Stats, float]:
    stats = Stats()
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:

        async def worker(n: int) -> None:
            rng = random.Random(f"{tag}-{n}")
            while time.monotonic() < deadline:
                await one_request(client, rng, stats, sids, persons, post_share, f"{tag}{n}")

        started = time.monotonic()
        await asyncio.gather(*(worker(n) for n in range(clients)))
        return stats, time.monotonic() - started


async def verify(url: str, posted: list[str]) -> list[str]:
    lost = []
    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        for sid in posted:
            r = await client.get(f"/sources/{sid}")
            ask = await client.post(
                "/sparql",
                content=f"ASK {{ GRAPH <{BASE}graph/source/{sid}> {{ <{BASE}source/{sid}> a <{NG}Source> }} }}".encode(),
                headers={
                    "Content-Type": "application/sparql-query",
                    "Accept": "application/sparql-results+json",
                },
            )
            if r.status_code != 200 or ask.status_code != 200 or ask.json().get("boolean") is not True:
                lost.append(f"{sid}: GET {r.status_code}, ASK {ask.status_code} {ask.text[:80]}")
    return lost


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument(
        "--duration", type=float, default=15.0, help="seconds of load (default 15; the issue asks 60)"
    )
    ap.add_argument(
        "--triples", type=int, default=200_000, help="size of the synthetic store (1000000 for the full run)"
    )
    ap.add_argument("--post-share", type=float, default=0.05, help="share of requests that POST an article")
    ap.add_argument("--workers", type=int, default=2, help="SPARQL query workers of the server")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        folder = Path(tmp)
        t0 = time.monotonic()
        n, sids, persons = build_store(folder, args.triples)
        print(
            f"store: {n} quads, {len(sids)} source graphs, {len(persons)} persons "
            f"(generated and bulk-loaded in {time.monotonic() - t0:.1f} s); cpus: {os.cpu_count()}"
        )
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSGRAPH_")}
        env["NEWSGRAPH_API_TOKEN"] = TOKEN
        log = open(folder / "server.log", "wb")  # noqa: SIM115 - closed below
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "newsgraph"),
                "serve",
                "--store",
                str(folder / "store"),
                "--port",
                str(port),
                "--allow-updates",
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if httpx.get(url + "/sources?limit=1", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    print("the server did not start:\n" + (folder / "server.log").read_text()[-3000:])
                    return 1
                time.sleep(0.2)
            # warm up: spaCy loads on the first POST
            httpx.post(
                url + "/sources",
                json=article("warmup"),
                headers={"Authorization": f"Bearer {TOKEN}"},
                timeout=300,
            )

            base_s = max(3.0, args.duration / 4)
            base, base_secs = asyncio.run(run_clients(url, 1, base_s, sids, persons, args.post_share, "base"))
            b = base.report(f"baseline: 1 client, {base_secs:.1f} s", base_secs)
            load, secs = asyncio.run(
                run_clients(url, args.clients, args.duration, sids, persons, args.post_share, "load")
            )
            m = load.report(f"load: {args.clients} clients, {secs:.1f} s", secs)
            print(
                f"\n  ratio to baseline: throughput x{m['rps'] / b['rps']:.2f}, p50 x{m['p50'] / b['p50']:.2f}, "
                f"p99 x{m['p99'] / b['p99']:.2f}"
            )
            posted = base.posted + load.posted
            lost = asyncio.run(verify(url, posted))
            print(
                f"\narticles acknowledged: {len(posted)}; queryable afterwards: {len(posted) - len(lost)}; "
                f"lost: {len(lost)}"
            )
            for line in lost[:10]:
                print("  lost:", line)
            errors = len(base.errors) + len(load.errors)
            return 1 if lost or errors else 0
        finally:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(server.pid, signal.SIGKILL)
            log.close()
            text = (folder / "server.log").read_text(errors="replace")
            if "Traceback" in text or TOKEN in text:
                print(
                    "server log: "
                    + ("traceback seen; " if "Traceback" in text else "")
                    + ("TOKEN LEAKED; " if TOKEN in text else "")
                )


if __name__ == "__main__":
    sys.exit(main())

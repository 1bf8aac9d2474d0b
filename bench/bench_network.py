"""Actor-network measures and page render times on a synthetic ~1M-triple graph.

    .venv/bin/python bench/bench_network.py [--sources 10000] [--k 64] [--store DIR]

Writes a graph shaped like docs/data-model.md (entity graph, one graph per source with events,
holdings, claims, quantities and evidence) into an in-memory Oxigraph store, then times:
reading the network facts (SPARQL), building the networkx graph, PageRank (numpy) against
networkx's PageRank in the same run (``nx.pagerank``, which needs scipy, when scipy is installed;
always networkx's pure-Python power iteration, what networkx offers without scipy), networkx's
k-sampled betweenness, Louvain communities, and the server time of the pages (TestClient, no
network).  Goal: PageRank +
sampled betweenness under 2 s; the person and event pages under 200 ms.  ``--store DIR`` writes the
corpus into an on-disk store there once and reuses it on later runs (same generator and seed).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import networkx as nx  # noqa: E402
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python  # noqa: E402

from graph import iris  # noqa: E402
from graph import network as net  # noqa: E402
from graph.store import OxigraphStore

NG = "https://w3id.org/newsgraph/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SCHEMA = "https://schema.org/"
OA = "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"
EVENT_TYPES = ("PrisonerExchange", "Attack", "Negotiation", "Statement")
T = TypeVar("T")


def synth(n_sources: int, seed: int = 1) -> tuple[str, dict[str, object]]:
    """N-Quads text of a synthetic corpus, and a few IRIs to render pages for."""
    rnd = random.Random(seed)
    n_persons, n_orgs, n_states = max(50, n_sources // 3), max(10, n_sources // 30), 60
    persons = [iris.entity_iri("person", f"person {i}") for i in range(n_persons)]
    orgs = [iris.entity_iri("organization", f"org {i}") for i in range(n_orgs)]
    states = [iris.entity_iri("organization", f"state {i}") for i in range(n_states)]
    offices = [iris.office_iri(f"minister {i % 12}", f"state {i // 12}") for i in range(n_states * 12)]
    outlets = [iris.entity_iri("organization", f"outlet {i}") for i in range(max(5, n_sources // 200))]
    n_events = max(20, n_sources * 2)
    events = [
        iris.event_iri(EVENT_TYPES[i % 4], f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", None, [str(i)])
        for i in range(n_events)
    ]
    eg = f"<{iris.entity_graph_iri()}>"
    out: list[str] = []

    def q(s: str, p: str, o: str, g: str) -> None:
        out.append(f"<{s}> <{p}> {o} {g} .")

    def lit(v: object, dt: str | None = None) -> str:
        text = str(v).replace("\\", "\\\\").replace('"', '\\"')
        return f'"{text}"' + (f"^^<{XSD}{dt}>" if dt else "")

    for i, p in enumerate(persons):
        q(p, RDF_TYPE, f"<{NG}Person>", eg)
        q(p, NG + "name", lit(f"Person {i}"), eg)
        q(p, NG + "alias", lit(f"P{i}"), eg)
    for i, o in enumerate(orgs):
        q(o, RDF_TYPE, f"<{NG}GovernmentBody>", eg)
        q(o, NG + "name", lit(f"Org {i}"), eg)
    for i, s in enumerate(states):
        q(s, RDF_TYPE, f"<{NG}State>", eg)
        q(s, NG + "name", lit(f"State {i}"), eg)
    for i, o in enumerate(outlets):
        q(o, RDF_TYPE, f"<{NG}MediaOutlet>", eg)
        q(o, NG + "name", lit(f"Outlet {i}"), eg)
    for i, off in enumerate(offices):
        q(off, RDF_TYPE, f"<{NG}Office>", eg)
        q(off, NG + "name", lit(f"Minister {i % 12} of State {i // 12}"), eg)
        q(off, NG + "officeOf", f"<{states[i // 12]}>", eg)

    sentence = "Officials said the exchange went ahead as planned after talks, and more would follow."
    for n in range(n_sources):
        sid = f"{n:016x}"
        src = str(iris.source_iri(sid))
        g = f"<{iris.source_graph_iri(sid)}>"
        text = " ".join([sentence] * 6)
        q(src, RDF_TYPE, f"<{NG}Source>", g)
        q(src, SCHEMA + "headline", lit(f"Headline {n}"), g)
        q(src, NG + "outlet", f"<{rnd.choice(outlets)}>", g)
        q(src, SCHEMA + "datePublished", lit(f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}", "date"), g)
        q(src, NG + "text", lit(text), g)
        q(src, NG + "inGraph", g, g)
        k = 0

        def fact(node: str, src: str = src, g: str = g) -> None:
            nonlocal k
            k += 1
            ev = f"{src}/evidence/{k}"
            q(node, NG + "reportedBy", f"<{src}>", g)
            q(node, NG + "evidence", f"<{ev}>", g)
            q(ev, RDF_TYPE, f"<{NG}Evidence>", g)
            q(ev, NG + "sentence", lit(sentence), g)
            q(ev, OA + "hasSelector", f"<{ev}/position>", g)
            q(f"{ev}/position", OA + "start", lit(k * 10, "nonNegativeInteger"), g)
            q(f"{ev}/position", OA + "end", lit(k * 10 + 8, "nonNegativeInteger"), g)

        for _ in range(3):
            ei = rnd.randrange(n_events)
            e = str(events[ei])
            q(e, RDF_TYPE, f"<{NG}{EVENT_TYPES[ei % 4]}>", g)
            q(e, NG + "startDate", lit(f"2025-{1 + ei % 12:02d}-{1 + ei % 28:02d}", "date"), g)
            q(e, NG + "label", lit(f"event {ei}"), g)
            rnd_e = random.Random(ei)  # the same event has the same core participants in every source
            for a in rnd_e.sample(states, 2) + [rnd.choice(persons)]:
                q(e, NG + "participant", f"<{a}>", g)
            fact(e)
            qn = f"{src}/quantity/{k}"
            q(qn, RDF_TYPE, f"<{NG}Quantity>", g)
            q(qn, NG + "value", lit(rnd.randint(10, 500), "integer"), g)
            q(e, NG + "quantity", f"<{qn}>", g)
            fact(qn)
        for _ in range(2):
            h = f"{src}/holding/{k}"
            pi = rnd.randrange(n_persons)
            q(h, RDF_TYPE, f"<{NG}OfficeHolding>", g)
            q(h, NG + "holder", f"<{persons[pi]}>", g)
            q(h, NG + "office", f"<{offices[pi % len(offices)]}>", g)
            q(h, NG + "asOf", lit(f"2025-{1 + n % 12:02d}-01", "date"), g)
            fact(h)
        for _ in range(2):
            c = f"{src}/claim/{k}"
            q(c, RDF_TYPE, f"<{NG}Claim>", g)
            q(c, NG + "claimant", f"<{rnd.choice(persons)}>", g)
            q(c, NG + "about", f"<{rnd.choice(states + orgs)}>", g)
            q(c, NG + "content", lit("something was said"), g)
            fact(c)
    return "\n".join(out) + "\n", {"person": persons[0], "source": "0" * 16, "event": events[0]}


def timed(label: str, fn: Callable[[], T], results: dict[str, float]) -> T:
    t = time.perf_counter()
    value = fn()
    results[label] = time.perf_counter() - t
    return value


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sources", type=int, default=10000)
    ap.add_argument("--k", type=int, default=64, help="pivots for sampled betweenness")
    ap.add_argument("--store", help="an on-disk store to write the corpus into once and reuse")
    args = ap.parse_args()
    t: dict[str, float] = {}

    if args.store and Path(args.store).is_dir() and any(Path(args.store).iterdir()):
        store = OxigraphStore(args.store, read_only=True)
        sample = {
            "person": iris.entity_iri("person", "person 0"),
            "source": "0" * 16,
            "event": iris.event_iri(EVENT_TYPES[0], "2025-01-01", None, ["0"]),
        }
    else:
        data, sample = timed("generate", lambda: synth(args.sources), t)
        store = OxigraphStore(args.store)
        timed("load", lambda: store.import_data(data.encode(), "nquads"), t)
    triples = store.count()
    facts = timed("read facts (SPARQL)", lambda: net.load_facts(store), t)
    g = timed("build graph", facts.graph, t)
    pr = timed("pagerank (numpy)", lambda: net.pagerank(g), t)
    bc = timed(f"betweenness (networkx, k={args.k})", lambda: net.betweenness(g, k=args.k), t)
    base = timed("baseline: networkx pure-Python pagerank", lambda: _pagerank_python(g, weight="weight"), t)
    try:
        import scipy  # noqa: F401
    except ImportError:
        scipy_note = "nx.pagerank not timed: it needs scipy, which is no dependency of newsgraph"
    else:
        timed("baseline: nx.pagerank (scipy)", lambda: nx.pagerank(g, weight="weight"), t)
        scipy_note = f"nx.pagerank (scipy) {t['baseline: nx.pagerank (scipy)']:.3f} s"
    timed("communities (louvain)", lambda: net.communities(g), t)
    drift = max(abs(pr[v] - base[v]) for v in g.nodes)

    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from api.pages import router
    from graph.read.pages import ui_path

    app = FastAPI()
    app.state.store = store
    app.include_router(router)
    client = TestClient(app)
    pages = {
        "person page (first: reads the event sentences)": ui_path(sample["person"]),
        "person page": ui_path(sample["person"]),
        "source page": f"/ui/source/{sample['source']}",
        "event page": ui_path(sample["event"]),
        "event page (again)": ui_path(sample["event"]),
        "validation page": "/ui/validation",
        "neighbourhood JSON (first: reads the facts)": "/network?" + f"center={sample['person']}",
        "neighbourhood JSON (cached facts)": "/network?" + f"center={sample['person']}",
        "network page (cached facts)": "/ui/network",
    }
    for label, url in pages.items():

        def get(url: str = str(url)) -> None:
            r = client.get(url)
            assert r.status_code == 200, (url, r.status_code, r.text[:300])

        timed(label, get, t)

    print(
        f"synthetic corpus: {args.sources} sources, {triples} quads; actor network: "
        f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges, {len(facts.facts)} facts"
    )
    for label, secs in t.items():
        print(f"  {label:45} {secs:8.3f} s")
    goal = t["pagerank (numpy)"] + t[f"betweenness (networkx, k={args.k})"]
    print(f"PageRank + sampled betweenness: {goal:.3f} s (goal < 2 s: {'met' if goal < 2 else 'NOT met'})")
    print(
        f"numpy PageRank vs networkx pure-Python: {t['baseline: networkx pure-Python pagerank'] / t['pagerank (numpy)']:.1f}x "
        f"faster, largest difference {drift:.2e}; {scipy_note}; top betweenness {max(bc.values()):.4f}"
    )


if __name__ == "__main__":
    main()

"""Synthetic newsgraph data in the shape of docs/data-model.md, with a known set of injected conflicts.

One named graph per article (source node, extraction, holdings, events with quantities, a claim,
evidence with both selectors whose offsets match the article text), an entity graph (persons,
single-seat offices, some declared exclusive, outlets) and a reference graph (two holders per
office: one until 2022-01-01, one since).  Articles are published 2023-2025 and are consistent
with the reference data, except the injected culprits, one kind in turn:

* ``stale``     - a past holder called Current            (SingleSeatOverlap + CurrentHolderAfterTerm)
* ``former``    - the sitting holder called Former         (FormerHolderInOffice)
* ``exclusive`` - a sitting holder also holds an office declared exclusive with theirs (ExclusiveOffices)
* ``sum``       - an event whose two parts do not add up    (PartsSum)
* ``disagree``  - a different value for a shared event part (QuantityDisagreement, a warning)
* ``future``    - an event dated after publication          (EventAfterPublication, a warning)

About 180 triples an article: ``articles_for(triples)`` says how many articles make a size.

    python bench/synth_graph.py 100000 out.nq     # writes N-Quads and prints the culprits
"""

from __future__ import annotations

import hashlib
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta

BASE = "https://w3id.org/newsgraph/id/"
NG = "https://w3id.org/newsgraph/ontology#"
OA = "http://www.w3.org/ns/oa#"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
KINDS = ("stale", "former", "exclusive", "sum", "disagree", "future")
TRIPLES_PER_ARTICLE = 180


def iri(x: str) -> str:
    return f"<{x}>"


def lit(value: object, dt: str | None = None) -> str:
    s = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{s}"^^<{XSD}{dt}>' if dt else f'"{s}"'


@dataclass
class Culprit:
    kind: str
    article: int
    source: str
    statement: str  # the IRI of the injected wrong statement (holding, event or quantity)


@dataclass
class World:
    n_offices: int
    n_events: int
    rng: random.Random
    exclusive: dict[int, int] = field(default_factory=dict)

    def office(self, i: int) -> str:
        return f"{BASE}office/synthetic-office-{i}--state-{i % 40}"

    def past(self, i: int) -> str:
        return f"{BASE}person/past-holder-{i}"

    def sitting(self, i: int) -> str:
        return f"{BASE}person/sitting-holder-{i}"

    def event(self, k: int) -> str:
        return f"{BASE}event/prisoner-exchange-synthetic-{k}"


def articles_for(triples: int) -> int:
    return max(1, triples // TRIPLES_PER_ARTICLE)


def background(world: World) -> list[str]:
    """Entity and reference graph quads."""
    eg, rg = iri(f"{BASE}graph/entities"), iri(f"{BASE}graph/reference")
    q: list[str] = []

    def e(s: str, p: str, o: str) -> None:
        q.append(f"{s} {p} {o} {eg} .")

    def r(s: str, p: str, o: str) -> None:
        q.append(f"{s} {p} {o} {rg} .")

    for st in range(40):
        e(iri(f"{BASE}organization/state-{st}"), iri(RDF_TYPE), iri(NG + "State"))
        e(iri(f"{BASE}organization/state-{st}"), iri(NG + "name"), lit(f"State {st}"))
    for o in range(50):
        e(iri(f"{BASE}organization/outlet-{o}"), iri(RDF_TYPE), iri(NG + "MediaOutlet"))
        e(iri(f"{BASE}organization/outlet-{o}"), iri(NG + "name"), lit(f"Outlet {o}"))
    e(iri(f"{BASE}measure/prisoners-released-per-side"), iri(NG + "name"), lit("prisoners released per side"))
    e(iri(f"{BASE}agent/newsgraph-0-1-0"), iri(RDF_TYPE), iri(PROV + "SoftwareAgent"))
    for i in range(world.n_offices):
        off = iri(world.office(i))
        e(off, iri(RDF_TYPE), iri(NG + "Office"))
        e(off, iri(NG + "name"), lit(f"Synthetic Office {i}"))
        e(off, iri(NG + "officeOf"), iri(f"{BASE}organization/state-{i % 40}"))
        e(off, iri(NG + "singleSeat"), lit("true", "boolean"))
        for who, person in (("Past", world.past(i)), ("Sitting", world.sitting(i))):
            e(iri(person), iri(RDF_TYPE), iri(NG + "Person"))
            e(iri(person), iri(NG + "name"), lit(f"{who} Holder {i}"))
        h1, h2 = (
            iri(f"{BASE}reference/holding/office-{i}-past"),
            iri(f"{BASE}reference/holding/office-{i}-sitting"),
        )
        for h, person, start, end in (
            (h1, world.past(i), "2015-01-01", "2022-01-01"),
            (h2, world.sitting(i), "2022-01-01", None),
        ):
            r(h, iri(RDF_TYPE), iri(NG + "OfficeHolding"))
            r(h, iri(NG + "holder"), iri(person))
            r(h, iri(NG + "office"), off)
            r(h, iri(NG + "startDate"), lit(start, "date"))
            if end:
                r(h, iri(NG + "endDate"), lit(end, "date"))
            r(h, iri(PROV + "wasDerivedFrom"), iri(f"https://example.org/reference/{i}"))
    # every tenth office excludes the next one
    for i in range(0, world.n_offices - 1, 10):
        world.exclusive[i] = i + 1
        e(iri(world.office(i)), iri(NG + "exclusiveWith"), iri(world.office(i + 1)))
    return q


def article(world: World, j: int, kind: str | None) -> tuple[str, list[str], Culprit | None]:
    """One article's quads (its own graph only) and the culprit injected into it, if any."""
    rng = world.rng
    sid = hashlib.sha256(f"synthetic-{j}".encode()).hexdigest()[:16]
    src, g = f"{BASE}source/{sid}", iri(f"{BASE}graph/source/{sid}")
    act = f"{BASE}activity/{sid}/run"
    published = date(2023, 1, 1) + timedelta(days=rng.randrange(0, 900))
    pub = published.isoformat()
    sentences: list[str] = []
    q: list[str] = []
    n_ev = 0
    culprit: Culprit | None = None

    def t(s: str, p: str, o: str) -> None:
        q.append(f"{iri(s)} {iri(p)} {o} {g} .")

    def evidence(sentence: str) -> str:
        nonlocal n_ev
        n_ev += 1
        start = sum(len(s) + 1 for s in sentences)
        sentences.append(sentence)
        ev = f"{src}/evidence/{n_ev}"
        t(ev, RDF_TYPE, iri(NG + "Evidence"))
        t(ev, OA + "hasSource", iri(src))
        t(ev, OA + "hasSelector", iri(ev + "/quote"))
        t(ev, OA + "hasSelector", iri(ev + "/position"))
        t(ev, NG + "sentence", lit(sentence))
        t(ev + "/quote", RDF_TYPE, iri(OA + "TextQuoteSelector"))
        t(ev + "/quote", OA + "exact", lit(sentence))
        t(ev + "/position", RDF_TYPE, iri(OA + "TextPositionSelector"))
        t(ev + "/position", OA + "start", lit(start, "integer"))
        t(ev + "/position", OA + "end", lit(start + len(sentence), "integer"))
        return ev

    def fact(node: str, sentence: str) -> None:
        t(node, NG + "reportedBy", iri(src))
        t(node, NG + "evidence", iri(evidence(sentence)))
        t(node, NG + "confidence", lit("0.9", "decimal"))
        t(node, PROV + "wasGeneratedBy", iri(act))

    def holding(n: int, person: str, office: str, status: str, text: str) -> str:
        h = f"{src}/holding/{n}"
        t(h, RDF_TYPE, iri(NG + "OfficeHolding"))
        t(h, NG + "holder", iri(person))
        t(h, NG + "office", iri(office))
        t(h, NG + "status", iri(NG + status))
        t(h, NG + "asOf", lit(pub, "date"))
        fact(h, text)
        return h

    def quantity(n: int, owner: str, value: int, text: str) -> str:
        qn = f"{src}/quantity/{n}"
        t(owner, NG + "quantity", iri(qn))
        t(qn, RDF_TYPE, iri(NG + "Quantity"))
        t(qn, NG + "value", lit(value, "integer"))
        t(qn, NG + "measure", iri(f"{BASE}measure/prisoners-released-per-side"))
        t(qn, NG + "qualifier", iri(NG + "Exactly"))
        fact(qn, text)
        return qn

    def exchange(ev: str, start: date, parts: tuple[int, int], whole: int, qbase: int) -> list[str]:
        t(ev, RDF_TYPE, iri(NG + "PrisonerExchange"))
        t(ev, NG + "startDate", lit(start.isoformat(), "date"))
        t(ev, NG + "expectedParts", lit(2, "integer"))
        fact(ev, f"The exchange {ev[-12:]} began on {start.isoformat()}.")
        qs = [quantity(qbase, ev, whole, f"In all {whole} prisoners were released by each side.")]
        for n, value in enumerate(parts, 1):
            part = f"{ev}-part-{n}"
            t(part, RDF_TYPE, iri(NG + "PrisonerExchange"))
            t(part, NG + "startDate", lit((start + timedelta(days=n - 1)).isoformat(), "date"))
            t(part, NG + "partOf", iri(ev))
            fact(part, f"Day {n} of the exchange {ev[-12:]} took place.")
            qs.append(quantity(qbase + n, part, value, f"On day {n}, {value} prisoners were released."))
        return qs

    o1, o2 = rng.randrange(world.n_offices), rng.randrange(world.n_offices)
    holding(1, world.sitting(o1), world.office(o1), "Current", f"Sitting Holder {o1} spoke in article {j}.")
    holding(
        2, world.sitting(o2), world.office(o2), "Current", f"Sitting Holder {o2} answered in article {j}."
    )
    # a shared event, consistent everywhere: parts 100+k%50 and 200, whole their sum
    k = j % world.n_events
    start = date(2022, 1, 1) + timedelta(days=k % 360)
    a, b = 100 + k % 50, 200
    qs = exchange(world.event(k), start, (a, b), a + b, 1)
    claim = f"{src}/claim/1"
    t(claim, RDF_TYPE, iri(NG + "Claim"))
    t(claim, NG + "unattributed", lit("true", "boolean"))
    t(claim, NG + "content", lit(f"Talks will continue (article {j})"))
    t(claim, NG + "about", iri(world.event(k)))
    fact(claim, f"Officials said talks would continue after article {j}.")

    if kind == "stale":
        o = rng.randrange(world.n_offices)
        h = holding(
            9, world.past(o), world.office(o), "Current", f"Past Holder {o} was called current in {j}."
        )
        culprit = Culprit(kind, j, src, h)
    elif kind == "former":
        o = rng.randrange(world.n_offices)
        h = holding(
            9, world.sitting(o), world.office(o), "Former", f"Sitting Holder {o} was called former in {j}."
        )
        culprit = Culprit(kind, j, src, h)
    elif kind == "exclusive":
        o = rng.choice(sorted(world.exclusive))
        h = holding(
            9,
            world.sitting(o),
            world.office(world.exclusive[o]),
            "Current",
            f"Sitting Holder {o} was said to hold a second office in {j}.",
        )
        culprit = Culprit(kind, j, src, h)
    elif kind == "sum":
        ev = f"{BASE}event/prisoner-exchange-synthetic-sum-{j}"
        exchange(ev, published - timedelta(days=10), (50, 60), 150, 20)
        culprit = Culprit(kind, j, src, ev)
    elif kind == "disagree":
        qn = quantity(30, f"{world.event(k)}-part-2", b + 7, f"Another count said {b + 7} on day 2.")
        culprit = Culprit(kind, j, src, qn)
    elif kind == "future":
        ev = f"{BASE}event/attack-synthetic-future-{j}"
        t(ev, RDF_TYPE, iri(NG + "Attack"))
        t(ev, NG + "startDate", lit((published + timedelta(days=30)).isoformat(), "date"))
        fact(ev, f"An attack was reported in advance in article {j}.")
        culprit = Culprit(kind, j, src, ev)
    del qs

    text = " ".join(sentences)
    t(src, RDF_TYPE, iri(NG + "Source"))
    t(src, RDF_TYPE, iri(SCHEMA + "NewsArticle"))
    t(src, NG + "articleName", lit(f"{j:06d}_{sid}"))
    t(src, SCHEMA + "headline", lit(f"Synthetic article {j}"))
    t(src, SCHEMA + "url", iri(f"https://example.org/synthetic/{j}"))
    t(src, NG + "outlet", iri(f"{BASE}organization/outlet-{j % 50}"))
    t(src, SCHEMA + "datePublished", lit(pub, "date"))
    t(src, NG + "retrieved", lit(f"{pub}T12:00:00Z", "dateTime"))
    t(src, NG + "contentHash", lit(hashlib.sha256(text.encode()).hexdigest()))
    t(src, SCHEMA + "inLanguage", lit("en"))
    t(src, NG + "text", lit(text))
    t(src, NG + "inGraph", g)
    t(src, PROV + "wasGeneratedBy", iri(act))
    t(act, RDF_TYPE, iri(NG + "Extraction"))
    t(act, PROV + "used", iri(src))
    t(act, PROV + "wasAssociatedWith", iri(f"{BASE}agent/newsgraph-0-1-0"))
    return src, q, culprit


def generate(
    n_articles: int, seed: int = 7, conflicts: int = 60
) -> tuple[World, list[str], list[tuple[str, list[str]]], list[Culprit]]:
    """(world, background quads, [(source IRI, its quads)], culprits)."""
    rng = random.Random(seed)
    world = World(n_offices=max(20, n_articles // 20), n_events=max(5, n_articles // 4), rng=rng)
    bg = background(world)
    every = max(2, n_articles // max(1, conflicts))
    arts, culprits = [], []
    for j in range(n_articles):
        kind = KINDS[(j // every) % len(KINDS)] if j % every == every - 1 and j // every < conflicts else None
        src, quads, culprit = article(world, j, kind)
        arts.append((src, quads))
        if culprit:
            culprits.append(culprit)
    return world, bg, arts, culprits


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    out = sys.argv[2] if len(sys.argv) > 2 else "synthetic.nq"
    _, bg, arts, culprits = generate(articles_for(size))
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(bg) + "\n")
        for _, quads in arts:
            f.write("\n".join(quads) + "\n")
    n = len(bg) + sum(len(q) for _, q in arts)
    print(f"{n} quads, {len(arts)} articles, {len(culprits)} injected conflicts -> {out}")
    for c in culprits:
        print(c.kind, c.statement)

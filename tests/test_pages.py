"""Exploration pages: view models over a hand-made graph, and the HTML/JSON routes over them."""

from __future__ import annotations

import re
from html import unescape

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from rdflib import RDF, XSD, Dataset, Literal, Namespace, URIRef

from api.app import create_app
from api.settings import ApiSettings
from graph import iris
from graph.namespace import NG
from graph.read import pages as views
from graph.store import OxigraphStore

OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES = Namespace("https://w3id.org/newsgraph/shapes#")

TEXT1 = (
    "Ukrainian President Volodymyr Zelensky confirmed the exchange. Russia and Ukraine released "
    "307 prisoners each on May 24. Foreign Minister Dmytro Kuleba said Russia broke the deal."
)
TEXT2 = "On May 24 Russia and Ukraine swapped 300 prisoners each, President Zelensky said."
S1, S2 = "aaaa000000000001", "bbbb000000000002"


def P(name: str) -> URIRef:
    return iris.entity_iri("person", name)


def O(name: str) -> URIRef:  # noqa: E743
    return iris.entity_iri("organization", name)


ZE, KU, SY = P("Volodymyr Zelensky"), P("Dmytro Kuleba"), P("Andrii Sybiha")
UA, RU, EVIL = O("Ukraine"), O("Russia"), O("Evil Org")
PRES, FM = iris.office_iri("President", "Ukraine"), iris.office_iri("Foreign Minister", "Ukraine")
WHOLE = iris.event_iri("PrisonerExchange", "2025-05-23", "2025-05-25", ["Russia", "Ukraine"])
DAY2 = iris.event_iri("PrisonerExchange", "2025-05-24", "2025-05-24", ["Russia", "Ukraine"])
MEASURE = URIRef(iris.base_iri() + "measure/prisoners-released-per-side")


class Article:
    """Builds one source graph, computing evidence offsets from the text."""

    def __init__(self, ds: Dataset, sid: str, text: str, headline: str, date: str, outlet: URIRef) -> None:
        self.sid, self.text = sid, text
        self.src = iris.source_iri(sid)
        self.g = ds.graph(iris.source_graph_iri(sid))
        self.n = 0
        g, s = self.g, self.src
        g.add((s, RDF.type, NG.Source))
        g.add((s, RDF.type, SCHEMA.NewsArticle))
        g.add((s, SCHEMA.headline, Literal(headline)))
        g.add((s, SCHEMA.datePublished, Literal(date, datatype=XSD.date)))
        g.add((s, NG.outlet, outlet))
        g.add((s, NG.text, Literal(text)))
        g.add((s, NG.articleName, Literal("000_" + sid)))
        g.add((s, NG.inGraph, iris.source_graph_iri(sid)))

    def node(self, kind: str) -> URIRef:
        self.n += 1
        return iris.node_iri(self.sid, kind, self.n)

    def fact(self, node: URIRef, exact: str) -> URIRef:
        start = self.text.index(exact)
        ev = iris.node_iri(self.sid, "evidence", f"{self.n}-{start}")
        q, p = URIRef(str(ev) + "/quote"), URIRef(str(ev) + "/position")
        sentence = next(x for x in re.split(r"(?<=\.) ", self.text) if exact in x)
        g = self.g
        g.add((node, NG.reportedBy, self.src))
        g.add((node, NG.evidence, ev))
        g.add((node, NG.confidence, Literal("0.9", datatype=XSD.decimal)))
        g.add((ev, RDF.type, NG.Evidence))
        g.add((ev, OA.hasSource, self.src))
        g.add((ev, OA.hasSelector, q))
        g.add((ev, OA.hasSelector, p))
        g.add((ev, NG.sentence, Literal(sentence)))
        g.add((q, RDF.type, OA.TextQuoteSelector))
        g.add((q, OA.exact, Literal(exact)))
        g.add((p, RDF.type, OA.TextPositionSelector))
        g.add((p, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
        g.add((p, OA.end, Literal(start + len(exact), datatype=XSD.nonNegativeInteger)))
        return node

    def holding(self, who: URIRef, office: URIRef, title: str, as_of: str, exact: str) -> URIRef:
        h = self.node("holding")
        for p, o in (
            (RDF.type, NG.OfficeHolding),
            (NG.holder, who),
            (NG.office, office),
            (NG.officeTitle, Literal(title)),
            (NG.status, NG.Current),
            (NG.asOf, Literal(as_of, datatype=XSD.date)),
        ):
            self.g.add((h, p, o))
        return self.fact(h, exact)

    def event(self, e: URIRef, exact: str, label: str, part_of: URIRef | None = None) -> URIRef:
        g = self.g
        g.add((e, RDF.type, NG.PrisonerExchange))
        g.add((e, NG.label, Literal(label)))
        g.add((e, NG.startDate, Literal("2025-05-24", datatype=XSD.date)))
        g.add((e, NG.endDate, Literal("2025-05-24", datatype=XSD.date)))
        g.add((e, NG.participant, RU))
        g.add((e, NG.participant, UA))
        if part_of is not None:
            g.add((e, NG.partOf, part_of))
        return self.fact(e, exact)

    def quantity(self, e: URIRef, value: int, exact: str) -> URIRef:
        q = self.node("quantity")
        for p, o in (
            (RDF.type, NG.Quantity),
            (NG.value, Literal(value)),
            (NG.measure, MEASURE),
            (NG.counts, Literal("prisoners released by each side")),
            (NG.qualifier, NG.Exactly),
        ):
            self.g.add((q, p, o))
        self.g.add((e, NG.quantity, q))
        return self.fact(q, exact)

    def claim(self, claimant: URIRef, about: URIRef, content: str, exact: str) -> URIRef:
        c = self.node("claim")
        for p, o in (
            (RDF.type, NG.Claim),
            (NG.claimant, claimant),
            (NG.about, about),
            (NG.content, Literal(content)),
        ):
            self.g.add((c, p, o))
        return self.fact(c, exact)


def build_dataset() -> tuple[Dataset, dict[str, URIRef]]:
    ds = Dataset()
    ent = ds.graph(iris.entity_graph_iri())
    for iri, cls, name, aliases in (
        (ZE, NG.Person, "Volodymyr Zelensky", ["Zelensky", "Zelenskyy"]),
        (KU, NG.Person, "Dmytro Kuleba", []),
        (SY, NG.Person, "Andrii Sybiha", []),
        (UA, NG.State, "Ukraine", []),
        (RU, NG.State, "Russia", []),
        (EVIL, NG.Organization, "Evil <b>Org</b>", []),
        (O("Outlet One"), NG.MediaOutlet, "Outlet One", []),
        (O("Outlet Two"), NG.MediaOutlet, "Outlet Two", []),
    ):
        ent.add((iri, RDF.type, cls))
        ent.add((iri, NG.name, Literal(name)))
        for a in aliases:
            ent.add((iri, NG.alias, Literal(a)))
    for office, name in ((PRES, "President of Ukraine"), (FM, "Foreign Minister of Ukraine")):
        ent.add((office, RDF.type, NG.Office))
        ent.add((office, NG.name, Literal(name)))
        ent.add((office, NG.officeOf, UA))
        ent.add((office, NG.singleSeat, Literal(True)))

    a1 = Article(ds, S1, TEXT1, "Exchange completed", "2025-05-25", O("Outlet One"))
    h_ze = a1.holding(ZE, PRES, "President", "2025-05-25", "Ukrainian President Volodymyr Zelensky")
    a1.event(
        DAY2, "Russia and Ukraine released 307 prisoners each on May 24", "exchange day 2", part_of=WHOLE
    )
    a1.g.add((WHOLE, RDF.type, NG.PrisonerExchange))
    a1.g.add((WHOLE, NG.label, Literal("1,000-for-1,000 exchange")))
    a1.g.add((WHOLE, NG.startDate, Literal("2025-05-23", datatype=XSD.date)))
    a1.g.add((WHOLE, NG.endDate, Literal("2025-05-25", datatype=XSD.date)))
    a1.g.add((WHOLE, NG.expectedParts, Literal(3)))
    a1.g.add((WHOLE, NG.reportedBy, a1.src))
    q1 = a1.quantity(DAY2, 307, "307 prisoners")
    h_ku = a1.holding(KU, FM, "Foreign Minister", "2025-05-25", "Foreign Minister Dmytro Kuleba")
    c1 = a1.claim(KU, RU, "Russia broke the deal", "Russia broke the deal")

    a2 = Article(ds, S2, TEXT2, "Second phase of the swap", "2025-05-24", O("Outlet Two"))
    a2.event(DAY2, "Russia and Ukraine swapped 300 prisoners each", "second phase")
    q2 = a2.quantity(DAY2, 300, "300 prisoners")
    c2 = a2.claim(
        ZE, DAY2, "300 prisoners were swapped each way", "300 prisoners each, President Zelensky said"
    )
    a2.holding(ZE, PRES, "President", "2025-05-24", "President Zelensky")

    ref = ds.graph(iris.reference_graph_iri())
    base = iris.base_iri()
    refs = {}
    for key, who, office, start, end in (
        ("zelensky-president", ZE, PRES, "2019-05-20", None),
        ("kuleba-fm", KU, FM, "2020-03-04", "2024-09-04"),
        ("sybiha-fm", SY, FM, "2024-09-05", None),
    ):
        h = URIRef(f"{base}reference/holding/{key}")
        refs[key] = h
        ref.add((h, RDF.type, NG.OfficeHolding))
        ref.add((h, NG.holder, who))
        ref.add((h, NG.office, office))
        ref.add((h, NG.startDate, Literal(start, datatype=XSD.date)))
        if end:
            ref.add((h, NG.endDate, Literal(end, datatype=XSD.date)))
        ref.add((h, PROV.wasDerivedFrom, URIRef(f"https://example.org/{key}")))

    val = ds.graph(iris.validation_graph_iri())
    c_seat = URIRef(base + "contradiction/seat01")
    c_qty = URIRef(base + "contradiction/qty01")
    for c, rule, sev, msg, involved in (
        (
            c_seat,
            SHAPES.SingleSeatOverlapShape,
            SH.Violation,
            "Foreign Minister of Ukraine is a single-seat office: Dmytro Kuleba (as of 2025-05-25) and Andrii Sybiha "
            "(since 2024-09-05)",
            (h_ku, refs["sybiha-fm"]),
        ),
        (
            c_qty,
            SHAPES.QuantityAgreementShape,
            SH.Warning,
            "Sources differ on prisoners released per side on 2025-05-24: 307 and 300",
            (q1, q2),
        ),
    ):
        val.add((c, RDF.type, NG.Contradiction))
        val.add((c, NG.rule, rule))
        val.add((c, NG.severity, sev))
        val.add((c, NG.message, Literal(msg)))
        val.add((c, NG.detectedAt, Literal("2026-01-01T00:00:00Z", datatype=XSD.dateTime)))
        for st in involved:
            val.add((c, NG.involves, st))
        val.add((involved[0], NG.disputes, involved[1]))
    return ds, {
        "h_ze": h_ze,
        "h_ku": h_ku,
        "q1": q1,
        "q2": q2,
        "c1": c1,
        "c2": c2,
        "c_seat": c_seat,
        "c_qty": c_qty,
    }


@pytest.fixture(scope="module")
def built() -> dict[str, URIRef]:
    return build_dataset()[1]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    ds, _ = build_dataset()
    st = OxigraphStore(tmp_path_factory.mktemp("pages") / "store")
    st.import_data(ds.serialize(format="trig").encode(), "trig")
    yield st
    st.close()


@pytest.fixture(scope="module")
def client(store: OxigraphStore) -> TestClient:
    return TestClient(create_app(ApiSettings(), store))


# --- view models ----------------------------------------------------------------------------


def test_ui_path_maps_every_kind_of_iri() -> None:
    b = iris.base_iri()
    assert views.ui_path(ZE) == "/ui/person/volodymyr-zelensky"
    assert views.ui_path(UA) == "/ui/organization/ukraine"
    assert views.ui_path(PRES) == "/ui/office/president--ukraine"
    assert views.ui_path(DAY2).startswith("/ui/event/prisonerexchange-2025-05-24-")
    assert views.ui_path(iris.source_iri(S1)) == f"/ui/source/{S1}"
    assert views.ui_path(iris.node_iri(S1, "claim", 5)) == f"/ui/source/{S1}#claim-5"
    assert views.ui_path(b + "contradiction/x1") == "/ui/validation#c-x1"
    assert views.ui_path("https://example.org/elsewhere") is None
    assert views.ui_path(b + "reference/holding/x") is None


def test_search_finds_by_alias_and_escapes_input(store: OxigraphStore) -> None:
    hits = views.search(store, "zelenskyy")
    assert hits[0]["url"] == "/ui/person/volodymyr-zelensky"
    assert hits[0]["name"] == "Volodymyr Zelensky"
    assert views.search(store, 'x" } } DROP ALL #') == []
    found = {h["url"] for h in views.search(store, "exchange")}
    assert views.ui_path(WHOLE) in found and f"/ui/source/{S1}" in found
    assert views.search(store, "   ") == []


def test_person_view(store: OxigraphStore, built: dict[str, URIRef]) -> None:
    v = views.entity_view(store, "person", "volodymyr-zelensky")
    assert v["name"] == "Volodymyr Zelensky"
    assert v["aliases"] == ["Zelensky", "Zelenskyy"]
    offices = v["offices"]
    assert [o["origin"] for o in offices] == ["reference", "article", "article"]
    assert {o["office"]["name"] for o in offices} == {"President of Ukraine"}
    art = next(o for o in offices if o["iri"] == str(built["h_ze"]))
    assert art["source"]["headline"] == "Exchange completed"
    assert art["source"]["url"] == f"/ui/source/{S1}#holding-1"
    assert art["evidence"][0]["exact"] == "Ukrainian President Volodymyr Zelensky"
    ref = offices[0]
    assert ref["source"]["external"] and ref["source"]["iri"] == "https://example.org/zelensky-president"
    tl = v["timeline"]
    assert len(tl["rows"]) == 1 and len(tl["rows"][0]["bars"]) == 3
    assert tl["ticks"][0]["year"] == 2019
    # no event names him as a participant; his claim is about the exchange, so it is his event
    assert [(e["iri"], e["mentioned"]) for e in v["events"]] == [(str(DAY2), False)]
    assert "claimant" in v["events"][0]["roles"]
    assert [s["headline"] for s in v["events"][0]["sources"]] == ["Second phase of the swap"]
    assert [c["content"] for c in v["claims_by"]] == ["300 prisoners were swapped each way"]
    assert v["claims_by"][0]["about"][0]["url"] == views.ui_path(DAY2)
    assert v["contradictions"] == []


def test_person_view_events_and_contradictions(store: OxigraphStore, built: dict[str, URIRef]) -> None:
    ua = views.entity_view(store, "organization", "ukraine")
    day2 = next(e for e in ua["events"] if e["iri"] == str(DAY2))
    assert sorted(s["headline"] for s in day2["sources"]) == [
        "Exchange completed",
        "Second phase of the swap",
    ]
    assert any(s["sentence"] and "307" in s["sentence"] for s in day2["sources"])
    ku = views.entity_view(store, "person", "dmytro-kuleba")
    assert [c["url"] for c in ku["contradictions"]] == ["/ui/validation#c-seat01"]
    assert ku["claims_by"][0]["about"][0]["name"] == "Russia"
    disputed = [o for o in ku["offices"] if o["disputed"]]
    assert [o["iri"] for o in disputed] == [str(built["h_ku"])]
    ru = views.entity_view(store, "organization", "russia")
    assert [c["claimant"]["name"] for c in ru["claims_about"]] == ["Dmytro Kuleba"]


def test_office_view_lists_holders(store: OxigraphStore) -> None:
    v = views.entity_view(store, "office", "foreign-minister--ukraine")
    assert {h["office"]["name"] for h in v["holders"]} == {"Dmytro Kuleba", "Andrii Sybiha"}
    assert v["office_of"][0]["name"] == "Ukraine" and v["single_seat"]
    assert len(v["contradictions"]) == 1


def test_unknown_entities(store: OxigraphStore) -> None:
    with pytest.raises(views.NotFound):
        views.entity_view(store, "person", "nobody-at-all")
    with pytest.raises(views.NotFound):
        views.entity_view(store, "person", "bad slug>")
    with pytest.raises(views.NotFound):
        views.entity_view(store, "spaceship", "x")
    with pytest.raises(views.NotFound):
        views.source_view(store, "0000000000000000")
    with pytest.raises(views.NotFound):
        views.event_view(store, "no-such-event")


def test_event_view(store: OxigraphStore) -> None:
    v = views.event_view(store, views.local(DAY2))
    assert v["types"] == ["PrisonerExchange"]
    assert v["labels"] == ["exchange day 2", "second phase"]
    assert v["when"] == "2025-05-24"
    assert [w["name"] for w in v["wholes"]] == ["1,000-for-1,000 exchange"]
    assert sorted(p["name"] for p in v["participants"]) == ["Russia", "Ukraine"]
    assert all(p["reports"] == 2 for p in v["participants"])
    (q,) = v["quantities"]
    assert q["measure"] == "prisoners-released-per-side" and q["distinct"] == 2
    assert [(x["value"], x["source"]["headline"]) for x in q["rows"]] == [
        ("300", "Second phase of the swap"),
        ("307", "Exchange completed"),
    ]
    assert all(x["disputed"] for x in q["rows"])
    assert q["rows"][1]["evidence"][0]["exact"] == "307 prisoners"
    assert {s["headline"] for s in v["sources"]} == {"Exchange completed", "Second phase of the swap"}
    assert all("#event-" in s["url"] for s in v["sources"])
    assert [c["claimant"]["name"] for c in v["claims"]] == ["Volodymyr Zelensky"]
    assert [c["url"] for c in v["contradictions"]] == ["/ui/validation#c-qty01"]
    whole = views.event_view(store, views.local(WHOLE))
    assert whole["expected_parts"] == 3 and [p["iri"] for p in whole["parts"]] == [str(DAY2)]


def test_source_view_highlights_spans(store: OxigraphStore) -> None:
    v = views.source_view(store, S1)
    assert v["headline"] == "Exchange completed" and v["date"] == "2025-05-25"
    assert v["outlet"]["name"] == "Outlet One"
    assert "".join(s["text"] for s in v["segments"]) == TEXT1
    marked = {s["text"] for s in v["segments"] if s["facts"]}
    assert "Ukrainian President Volodymyr Zelensky" in marked
    assert "Russia broke the deal" in marked
    kinds = {f["id"]: f["kind"] for f in v["facts"]}
    assert (
        kinds["holding-1"] == "holding" and kinds["claim-4"] == "claim" and kinds["quantity-2"] == "quantity"
    )
    assert kinds[views.anchor(DAY2)] == "event"
    # "307 prisoners" lies inside the event's span: that piece belongs to both facts
    piece = next(s for s in v["segments"] if s["text"] == "307 prisoners")
    assert sorted(piece["kinds"]) == ["event", "quantity"]
    ku = next(f for f in v["facts"] if f["id"] == "holding-3")
    assert ku["disputed"] and ku["summary"] == "Dmytro Kuleba: Foreign Minister"
    assert {c["url"] for c in v["contradictions"]} == {"/ui/validation#c-seat01", "/ui/validation#c-qty01"}


def test_segments_cut_at_every_boundary() -> None:
    facts = [{"n": 0, "kind": "event", "spans": [(0, 10)]}, {"n": 1, "kind": "claim", "spans": [(5, 15)]}]
    segs = views.segments("abcdefghijklmnopqrst", facts)
    assert [(s["text"], s["facts"]) for s in segs] == [
        ("abcde", [0]),
        ("fghij", [0, 1]),
        ("klmno", [1]),
        ("pqrst", []),
    ]


def test_validation_view_and_filters(store: OxigraphStore) -> None:
    v = views.validation_view(store)
    assert v["total"] == 2
    assert [i["severity"] for i in v["items"]] == ["Violation", "Warning"]
    seat = v["items"][0]
    assert [s["origin"] for s in seat["statements"]] == ["article", "reference"]
    assert seat["statements"][0]["evidence"][0]["sentence"].startswith("Foreign Minister Dmytro Kuleba")
    assert seat["statements"][1]["source"]["iri"] == "https://example.org/sybiha-fm"
    assert "Dmytro Kuleba" in seat["statements"][0]["summary"]
    assert [i["id"] for i in views.validation_view(store, severity="warning")["items"]] == ["c-qty01"]
    assert [i["id"] for i in views.validation_view(store, rule="SingleSeatOverlapShape")["items"]] == [
        "c-seat01"
    ]
    assert [i["id"] for i in views.validation_view(store, entity=str(KU))["items"]] == ["c-seat01"]
    assert [i["id"] for i in views.validation_view(store, entity=str(DAY2))["items"]] == ["c-qty01"]
    src2 = str(iris.source_iri(S2))
    assert [i["id"] for i in views.validation_view(store, source=src2)["items"]] == ["c-qty01"]
    assert views.validation_view(store, severity="Info")["items"] == []


# --- routes ---------------------------------------------------------------------------------


def _links(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]+)"', html)]


def test_home_and_search_pages(client: TestClient) -> None:
    r = client.get("/ui/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert f"/ui/source/{S1}" in _links(r.text)
    r = client.get("/ui/search", params={"q": "Zelensky"})
    assert "/ui/person/volodymyr-zelensky" in _links(r.text)
    r = client.get("/ui/search", params={"q": "Evil"})
    assert "Evil &lt;b&gt;Org&lt;/b&gt;" in r.text and "<b>Org</b>" not in r.text
    assert client.get("/ui", follow_redirects=False).status_code == 308


def test_entity_page(client: TestClient) -> None:
    r = client.get("/ui/person/dmytro-kuleba")
    assert r.status_code == 200
    html = r.text
    assert 'id="office-timeline"' in html
    links = _links(html)
    assert "/ui/validation#c-seat01" in links
    assert "/ui/office/foreign-minister--ukraine" in links
    assert "/ui/graph/person/dmytro-kuleba" in links
    assert "Foreign Minister Dmytro Kuleba said Russia broke the deal." in html


def test_event_source_and_validation_pages(client: TestClient) -> None:
    r = client.get("/ui/event/" + views.local(DAY2))
    assert r.status_code == 200 and "sources differ" in r.text
    assert f"/ui/source/{S1}#quantity-2" in _links(r.text)
    r = client.get(f"/ui/source/{S1}")
    assert r.status_code == 200
    assert re.search(
        r'<mark class="fact k-holding" data-facts="\d+" tabindex="0">Foreign Minister Dmytro Kuleba</mark>',
        r.text,
    )
    assert 'id="claim-4"' in r.text
    r = client.get("/ui/validation", params={"severity": "Violation"})
    assert 'id="c-seat01"' in r.text and 'id="c-qty01"' not in r.text
    assert "https://example.org/sybiha-fm" in _links(r.text)


def test_pages_answer_404_and_400(client: TestClient) -> None:
    assert client.get("/ui/person/nobody-at-all").status_code == 404
    assert client.get("/ui/spaceship/x").status_code == 404
    assert client.get("/ui/source/zzzz").status_code == 404
    assert client.get("/ui/network", params={"start": "yesterday"}).status_code == 400
    assert client.get("/ui/network/path", params={"from": "Kuleba", "to": "Nobody"}).status_code == 400
    assert client.get("/ui/assets/../pages.py").status_code == 404
    assert client.get("/ui/assets/graph.js").status_code == 200


def test_network_json_and_path(client: TestClient) -> None:
    data = client.get("/network").json()
    names = {n["name"] for n in data["nodes"]}
    assert {"Ukraine", "Russia", "Volodymyr Zelensky", "Dmytro Kuleba", "Andrii Sybiha"} <= names
    assert all(n["url"] for n in data["nodes"])
    ua_ru = next(link for link in data["links"] if {link["source"], link["target"]} == {str(UA), str(RU)})
    assert ua_ru["weight"] == 2 and ua_ru["kinds"] == ["event"]
    ego = client.get("/network", params={"center": "Andrii Sybiha"}).json()
    assert {n["name"] for n in ego["nodes"]} == {"Andrii Sybiha", "Ukraine"}
    assert client.get("/network", params={"event_type": "Picnic"}).status_code == 400
    p = client.get("/network/path", params={"from": "Kuleba", "to": "Sybiha"}).json()
    assert [n["name"] for n in p["nodes"]] == ["Dmytro Kuleba", "Ukraine", "Andrii Sybiha"]
    office = p["steps"][0]["facts"]
    assert {f["kind"] for f in office} == {"office"}
    assert any(
        e["sentence"] == "Foreign Minister Dmytro Kuleba said Russia broke the deal."
        for f in office
        for e in f["evidence"]
    )
    r = client.get("/ui/network/path", params={"from": "Kuleba", "to": "Sybiha"})
    assert r.status_code == 200 and "/ui/person/andrii-sybiha" in _links(r.text)
    r = client.get("/ui/network")
    assert r.status_code == 200 and 'id="centrality"' in r.text
    r = client.get("/ui/graph/person/dmytro-kuleba")
    assert r.status_code == 200 and "/network?center=" in unescape(r.text)


def test_router_is_served_by_the_real_app(store: OxigraphStore) -> None:
    from api.app import create_app
    from api.settings import ApiSettings

    app = create_app(ApiSettings(store=store.location), store=store)
    with TestClient(app) as c:
        r = c.get("/ui/person/volodymyr-zelensky")
        assert r.status_code == 200 and "Volodymyr Zelensky" in r.text
        assert c.get("/network").json()["nodes"]


# --- the first impression: counts, the network as the articles state it ---------------------------


def test_home_counts_news_apart_from_reference(store: OxigraphStore) -> None:
    v = views.home(store)
    news = {c["key"]: c["n"] for c in v["counts"]}
    reference = {c["key"]: c["n"] for c in v["reference"]}
    # no article names an entity here (no schema:mentions): every person and state is reference data
    assert "persons" not in news and reference["persons"] == 3 and reference["states"] == 2
    # organisations count their subclasses (media outlets, plain organisations), states apart
    assert reference["organisations"] == 3
    assert news["sources"] == 2 and news["claims"] == 2 and news["events"] == 2
    assert news["office holdings"] == 3 and reference["holdings"] == 3


def test_home_counts_what_articles_name(tmp_path) -> None:
    ds, _ = build_dataset()
    src = iris.source_iri(S1)
    g = ds.graph(iris.source_graph_iri(S1))
    for e in (ZE, KU, UA, RU, O("Outlet One")):
        g.add((src, SCHEMA.mentions, e))
    st = OxigraphStore(None)
    st.import_data(ds.serialize(format="trig").encode(), "trig")
    v = views.home(st)
    news = {c["key"]: c["n"] for c in v["counts"]}
    reference = {c["key"]: c["n"] for c in v["reference"]}
    assert news["persons"] == 2 and reference["persons"] == 1  # Sybiha: only the reference data
    assert news["states"] == 2 and "states" not in reference
    assert news["organisations"] == 1 and reference["organisations"] == 2
    html = TestClient(_app(st)).get("/ui/").text
    assert 'id="news-counts"' in html and 'id="reference-counts"' in html


def _app(st: OxigraphStore) -> FastAPI:
    return create_app(ApiSettings(), st)


def test_network_pages_show_what_articles_state(client: TestClient) -> None:
    from graph.network import views as network_views

    names = {n["name"] for n in client.get("/network", params={"reference": "false"}).json()["nodes"]}
    assert "Andrii Sybiha" not in names  # linked only by a reference holding
    assert {"Ukraine", "Russia", "Volodymyr Zelensky", "Dmytro Kuleba"} <= names
    html = client.get("/ui/network").text
    assert "reference=false" in html and ">Andrii Sybiha<" not in html
    assert 'id="reference-toggle"' in html and "/ui/network?reference=true" in unescape(html)
    html = client.get("/ui/network", params={"reference": "true"}).text
    assert "reference=true" in html and ">Andrii Sybiha<" in html
    assert "/ui/vendor/d3.min.js" in html
    page = client.get("/ui/graph/person/andrii-sybiha").text
    assert 'id="neighbours"' in page and "/ui/organization/ukraine" not in _links(page)
    page = client.get("/ui/graph/person/andrii-sybiha", params={"reference": "true"}).text
    assert "/ui/organization/ukraine" in _links(page)  # the list without JavaScript
    view = network_views.network_view(client.app.state.ng.store)
    assert view["filters"]["reference"] is False
    assert "Andrii Sybiha" not in {r["name"] for r in view["top"]}


def test_the_graph_library_is_bundled(client: TestClient) -> None:
    r = client.get("/ui/vendor/d3.min.js")
    assert r.status_code == 200 and "javascript" in r.headers["content-type"]
    assert r.text.startswith("// https://d3js.org v7")
    assert client.get("/ui/vendor/npm/package.json").status_code == 404
    assert client.get("/ui/vendor/..%2Fpages.py").status_code == 404

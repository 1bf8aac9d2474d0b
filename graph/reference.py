"""Reference data (``reference/*.csv``) into the store: entity descriptions (states, places,
organisations, persons with aliases and checked Wikidata IDs, offices with ng:singleSeat and
ng:exclusiveWith) into the entity graph, and office holdings with start, end and
``prov:wasDerivedFrom`` a citable source into the reference graph.

``refresh_from_wikidata`` asks Wikidata's SPARQL service for the positions held (P39, with P580
start and P582 end qualifiers) by the persons whose QID the reference data carries."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV

from graph import iris
from graph.errors import NewsgraphError
from graph.extract.context import date_literal
from graph.extract.gazetteer import Gazetteer, Holding, fold, load_gazetteer
from graph.namespace import NG
from graph.store import Store

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"


class ReferenceError(NewsgraphError):
    """Reference data could not be read or refreshed."""


def holding_iri(h: Holding) -> URIRef:
    """IRI of a reference holding (``iris.reference_holding_iri`` when the project mints one)."""
    key = iris.slug(f"{h.person} {h.office} {h.jurisdiction or ''} {h.start or ''}")
    minter = getattr(iris, "reference_holding_iri", None)
    if minter is not None:
        return minter(key)  # type: ignore[no-any-return]
    return iris.node_iri("reference", "holding", key)


def _office_node(eg: Graph, gaz: Gazetteer, key: str, jurisdiction: str | None) -> URIRef:
    od = gaz.office_by_key.get(key)
    iri = iris.office_iri(key, jurisdiction)
    if (iri, RDF.type, None) in eg:
        return iri
    name = od.name if od else key
    eg.add((iri, RDF.type, NG.Office))
    eg.add((iri, NG.name, Literal(f"{name} of {jurisdiction}" if jurisdiction else name)))
    if jurisdiction:
        j = gaz.lookup(jurisdiction)
        jiri = iris.entity_iri(j.kind if j else "organization", j.name if j else jurisdiction)
        eg.add((iri, NG.officeOf, jiri))
        eg.add((iri, NG.jurisdiction, jiri))
    if od is not None:
        eg.add((iri, NG.singleSeat, Literal(od.single_seat)))
        if jurisdiction:
            for other in od.exclusive_with:
                eg.add((iri, NG.exclusiveWith, iris.office_iri(other, jurisdiction)))
    return iri


def entity_graph(gaz: Gazetteer) -> Graph:
    eg = Graph()
    for e in gaz.entries:
        iri = iris.entity_iri(e.kind, e.name)
        eg.add((iri, RDF.type, getattr(NG, e.rdf_type)))
        eg.add((iri, NG.name, Literal(e.name)))
        for a in e.aliases:
            if a != e.name:
                eg.add((iri, NG.alias, Literal(a)))
        if e.wikidata:
            eg.add((iri, NG.wikidataId, Literal(e.wikidata)))
        if e.source:
            eg.add((iri, RDFS.seeAlso, URIRef(e.source)))
        if e.kind == "place" and e.state:
            eg.add((iri, NG.stateOf, iris.entity_iri("organization", e.state)))
        if e.rdf_type == "State":
            place = iris.entity_iri("place", e.name)
            eg.add((place, RDF.type, NG.Place))
            eg.add((place, NG.name, Literal(e.name)))
            eg.add((place, NG.stateOf, iri))
    for h in gaz.holdings:
        _office_node(eg, gaz, h.office, h.jurisdiction)
    return eg


def _prune_exclusivity(eg: Graph) -> None:
    """Exclusivity is only stated between offices the data declares (there is no US prime minister)."""
    for s, o in list(eg.subject_objects(NG.exclusiveWith)):
        if (o, RDF.type, NG.Office) not in eg:
            eg.remove((s, NG.exclusiveWith, o))


def reference_graph(gaz: Gazetteer) -> tuple[Graph, Graph]:
    """(reference graph of holdings, entity additions the holdings need)."""
    rg = Graph()
    eg = Graph()
    for h in gaz.holdings:
        _add_holding(rg, eg, gaz, h)
    return rg, eg


def _add_holding(rg: Graph, eg: Graph, gaz: Gazetteer, h: Holding) -> None:
    """One reference holding into ``rg``, the office it needs into ``eg``."""
    person = gaz.lookup(h.person, "person")
    node = holding_iri(h)
    rg.add((node, RDF.type, NG.OfficeHolding))
    rg.add((node, NG.holder, iris.entity_iri("person", person.name if person else h.person)))
    rg.add((node, NG.office, _office_node(eg, gaz, h.office, h.jurisdiction)))
    if h.title:
        rg.add((node, NG.officeTitle, Literal(h.title)))
    rg.add((node, NG.status, NG.Former if h.end else NG.Current))
    if h.start:
        rg.add((node, NG.startDate, date_literal(h.start)))
    if h.end:
        rg.add((node, NG.endDate, date_literal(h.end)))
    rg.add((node, PROV.wasDerivedFrom, URIRef(h.source)))


def load_reference(store: Store, gaz: Gazetteer | None = None) -> dict[str, int]:
    """Replace the reference graph and add the entity descriptions; returns triple counts."""
    gaz = gaz or load_gazetteer()
    for h in gaz.holdings:
        if not h.source.startswith(("http://", "https://")):
            raise ReferenceError(f"holding of {h.person} ({h.office}) has no source URL")
    eg = entity_graph(gaz)
    rg, extra = reference_graph(gaz)
    eg += extra
    _prune_exclusivity(eg)
    store.replace_graphs({iris.reference_graph_iri(): rg}, add={iris.entity_graph_iri(): eg})
    return {"reference": len(rg), "entities": len(eg), "holdings": len(gaz.holdings)}


# --- Wikidata refresh -----------------------------------------------------------------------------

WIKIDATA_QUERY = """SELECT ?person ?personLabel ?position ?positionLabel ?start ?end WHERE {
  VALUES ?person { %s }
  ?person p:P39 ?st . ?st ps:P39 ?position .
  OPTIONAL { ?st pq:P580 ?start } OPTIONAL { ?st pq:P582 ?end }
  SERVICE wikibase:label { bd:serviceParam wikibase:language "en" . }
}"""


@dataclass
class WikidataHolding:
    person_qid: str
    person: str
    position_qid: str
    position: str
    start: str | None
    end: str | None

    @property
    def source(self) -> str:
        return f"https://www.wikidata.org/wiki/{self.person_qid}"


def _qid(uri: str) -> str:
    return uri.rsplit("/", 1)[-1]


def _day(value: str | None) -> str | None:
    if not value:
        return None
    return value[:10] if len(value) >= 10 and value[4] == "-" else value


def parse_wikidata_results(data: dict[str, Any] | str) -> list[WikidataHolding]:
    """Rows of a SPARQL JSON result (``WIKIDATA_QUERY``) as holdings."""
    if isinstance(data, str):
        data = json.loads(data)
    assert isinstance(data, dict)
    try:
        bindings = data["results"]["bindings"]
    except (KeyError, TypeError) as exc:
        raise ReferenceError("not a SPARQL JSON result: no results.bindings") from exc
    out = []
    for b in bindings:
        try:
            person, position = b["person"]["value"], b["position"]["value"]
        except KeyError:
            continue
        out.append(
            WikidataHolding(
                _qid(person),
                b.get("personLabel", {}).get("value", _qid(person)),
                _qid(position),
                b.get("positionLabel", {}).get("value", _qid(position)),
                _day(b.get("start", {}).get("value")),
                _day(b.get("end", {}).get("value")),
            )
        )
    return out


def holdings_from_wikidata(rows: list[WikidataHolding], gaz: Gazetteer) -> list[Holding]:
    """Those Wikidata positions that name a known office of a known jurisdiction
    ("Minister of Foreign Affairs of Ukraine" -> foreign-minister of Ukraine)."""
    out = []
    for r in rows:
        if not r.start:
            continue
        label = r.position
        title, _, where = label.rpartition(" of ")
        if not title:
            continue
        od = gaz.titles.get(fold(title))
        place = gaz.lookup(where.removeprefix("the "))
        if od is None or place is None:
            continue
        person = gaz.lookup(r.person, "person")
        out.append(
            Holding(person.name if person else r.person, od.key, place.name, label, r.start, r.end, r.source)
        )
    return out


def refresh_from_wikidata(
    store: Store, gaz: Gazetteer | None = None, endpoint: str = WIKIDATA_SPARQL, timeout_s: float = 20.0
) -> dict[str, int]:
    """Add Wikidata's P39 holdings of the reference persons with a QID to the reference graph."""
    gaz = gaz or load_gazetteer()
    qids = sorted({e.wikidata for e in gaz.entries if e.kind == "person" and e.wikidata})
    if not qids:
        raise ReferenceError("no reference person carries a Wikidata ID; nothing to refresh")
    query = WIKIDATA_QUERY % " ".join(f"wd:{q}" for q in qids)
    try:
        resp = httpx.get(
            endpoint,
            params={"query": query, "format": "json"},
            timeout=timeout_s,
            headers={
                "Accept": "application/sparql-results+json",
                "User-Agent": "newsgraph reference refresh",
            },
        )
        resp.raise_for_status()
        data = resp.json()
    except httpx.HTTPError as exc:
        raise ReferenceError(f"cannot query Wikidata at {endpoint}: {exc.__class__.__name__}: {exc}") from exc
    except ValueError as exc:
        raise ReferenceError(f"Wikidata at {endpoint} did not answer with SPARQL JSON") from exc
    holdings = holdings_from_wikidata(parse_wikidata_results(data), gaz)
    rg = Graph()
    eg = Graph()
    for h in holdings:
        _add_holding(rg, eg, gaz, h)  # a Wikidata position label always gives a title
    store.replace_graphs({}, add={iris.reference_graph_iri(): rg, iris.entity_graph_iri(): eg})
    return {"holdings": len(holdings), "reference": len(rg)}

"""Reference data (``reference/*.csv``) into the store: entity descriptions (states, places,
organisations, persons with aliases and checked Wikidata IDs, offices with ng:singleSeat and
ng:exclusiveWith) into the entity graph, and office holdings with start, end and
``prov:wasDerivedFrom`` a citable source into the reference graph.

Office holders fetched from Wikidata (``newsgraph reference refresh``: :func:`refresh` here, the
queries and the cache in graph/ingest/wikidata.py) are cached in reference/wikidata-holders.json
and loaded with the CSV's holdings, each with the Wikidata statement it comes from as its source.  The entity descriptions are merged into the entity graph
by graph/ingest/entities.py's rules (one name per entity, types by rule)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV

from graph import iris
from graph.errors import NewsgraphError
from graph.extract.context import date_literal
from graph.extract.gazetteer import Gazetteer, Holding, gazetteer, load_gazetteer
from graph.ingest.entities import write_merged
from graph.ingest.wikidata import (
    BATCH,
    WIKIDATA_SPARQL,
    WikidataError,
    WikidataHolding,
    build_query,
    cache_path,
    fetch,
    holdings_from_results,
    read_cache,
    wanted_offices,
    write_cache,
)
from graph.namespace import NG
from graph.placenames import of_place
from graph.store import Store


class ReferenceError(NewsgraphError):
    """Reference data could not be read or refreshed."""


def holding_iri(h: Holding) -> URIRef:
    """IRI of a reference holding (minted by ``iris.reference_holding_iri``)."""
    return iris.reference_holding_iri(
        iris.slug(f"{h.person} {h.office} {h.jurisdiction or ''} {h.start or ''}")
    )


def _office_node(eg: Graph, gaz: Gazetteer, key: str, jurisdiction: str | None) -> URIRef:
    od = gaz.office_by_key.get(key)
    iri = iris.office_iri(key, jurisdiction)
    if (iri, RDF.type, None) in eg:
        return iri
    name = od.name if od else key
    eg.add((iri, RDF.type, NG.Office))
    eg.add((iri, NG.name, Literal(of_place(name, jurisdiction))))
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


def load_reference(
    store: Store, gaz: Gazetteer | None = None, wikidata_cache: str | Path | None = None
) -> dict[str, int]:
    """Replace the reference graph (reference/holdings.csv and the Wikidata holdings cache, when
    there is one) and merge the entity descriptions into the entity graph; returns counts."""
    gaz = gaz or load_gazetteer()
    for h in gaz.holdings:
        if not h.source.startswith(("http://", "https://")):
            raise ReferenceError(f"holding of {h.person} ({h.office}) has no source URL")
    eg = entity_graph(gaz)
    rg, extra = reference_graph(gaz)
    eg += extra
    wd = read_cache(cache_path(wikidata_cache))
    for w in wd:
        _add_holding(rg, eg, gaz, w.holding(gaz))
        person = gaz.lookup(w.person, "person")
        if person is None:  # a holder the gazetteer does not know: described from Wikidata
            iri = iris.entity_iri("person", w.person)
            eg.add((iri, RDF.type, NG.Person))
            eg.add((iri, NG.name, Literal(w.person)))
            eg.add((iri, NG.wikidataId, Literal(w.person_qid)))
    _prune_exclusivity(eg)
    write_merged(store, {iris.reference_graph_iri(): rg}, eg)
    return {
        "reference": len(rg),
        "entities": len(eg),
        "holdings": len(gaz.holdings) + len(wd),
        "wikidata": len(wd),
    }


# --- Wikidata refresh -----------------------------------------------------------------------------


@dataclass
class RefreshResult:
    """What a refresh fetched (offices, jurisdictions, holdings), where it cached it, and what
    reloading the reference data counted."""

    offices: int
    jurisdictions: int
    holdings: int
    cache: Path
    loaded: dict[str, int]


def refresh(
    store: Store,
    endpoint: str = WIKIDATA_SPARQL,
    timeout_s: float = 60.0,
    cache: str | Path | None = None,
    gaz: Gazetteer | None = None,
) -> RefreshResult:
    """Fetch the holders of the offices the store mentions, cache them, and reload the reference
    data (reference/*.csv and the cache) into the store."""
    gaz = gaz or gazetteer()
    wanted = wanted_offices(store, gaz)
    if not wanted:
        raise WikidataError("the store mentions no office with a jurisdiction that the reference data knows")
    jurisdictions = sorted({w.jurisdiction for w in wanted})
    holdings: list[WikidataHolding] = []
    queries = []
    for i in range(0, len(jurisdictions), BATCH):
        part = set(jurisdictions[i : i + BATCH])
        batch = [w for w in wanted if w.jurisdiction in part]
        query = build_query(batch, gaz)
        queries.append(query)
        holdings.extend(holdings_from_results(fetch(query, endpoint, timeout_s), batch, gaz))
    path = cache_path(cache)
    write_cache(path, holdings, endpoint, queries)
    loaded = load_reference(store, gaz, wikidata_cache=path)
    return RefreshResult(len(wanted), len(jurisdictions), len(holdings), path, loaded)


def refresh_from_wikidata(
    store: Store,
    gaz: Gazetteer | None = None,
    endpoint: str = WIKIDATA_SPARQL,
    timeout_s: float = 60.0,
    cache: str | Path | None = None,
) -> dict[str, int]:
    """Fetch from Wikidata the holders of the offices the store mentions, cache them and reload the
    reference data (see graph/ingest/wikidata.py)."""
    try:
        res = refresh(store, endpoint=endpoint, timeout_s=timeout_s, cache=cache, gaz=gaz)
    except WikidataError as exc:
        raise ReferenceError(str(exc)) from exc
    return {
        "offices": res.offices,
        "jurisdictions": res.jurisdictions,
        "holdings": res.holdings,
        "reference": res.loaded["reference"],
    }

"""Read models for the REST API: every SPARQL query the REST routes run lives here or in the
statement readers they share with the pages and validation (graph/read/statements.py).

User input never enters SPARQL as text: identifiers become IRIs and search strings become
literals, both written by :func:`graph.sparql.terms.sparql_term` (which escapes them), and dates and
event types are checked against a pattern or a closed list first.  Results are plain dicts and
lists (JSON-ready); every list comes as ``{"items", "total", "limit", "offset"}``.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from datetime import date
from typing import Any, NamedTuple

from rdflib import Graph, Literal, URIRef

from graph import iris
from graph.classes import event_classes, local_name, organisation_classes, subclasses
from graph.config import base_iri as default_base_iri
from graph.errors import InputError
from graph.namespace import NG, NG_IRI
from graph.read.cache import per_version
from graph.read.rows import RDF_TYPE, ox_py, py, select
from graph.read.statements import holdings, with_provenance_of
from graph.sparql.terms import PREFIXES, sparql_term, values_block
from graph.store import OxigraphStore, Store

MAX_LIMIT = 1000
# the class lists, read from the ontology (graph/classes.py)
EVENT_CLASSES: tuple[URIRef, ...] = event_classes()
EVENT_TYPES: tuple[str, ...] = tuple(local_name(c) for c in EVENT_CLASSES)
KIND_CLASSES: dict[str, tuple[URIRef, ...]] = {
    "person": subclasses(NG.Person, include_self=True),
    "organization": organisation_classes(),
    "place": (*subclasses(NG.Place, include_self=True), NG.State),
    "office": subclasses(NG.Office, include_self=True),
    "collective": subclasses(NG.Collective, include_self=True),
    "event": (*EVENT_CLASSES, NG.Event),
}
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_IDENT = re.compile(r"^[A-Za-z0-9._~\-]+(/[A-Za-z0-9._~\-]+)*$")

# JSON-LD: the REST JSON read as linked data (keys are ng: terms unless mapped here).
JSONLD_CONTEXT: dict[str, Any] = {
    "@vocab": NG_IRI,
    "ng": NG_IRI,
    "schema": "https://schema.org/",
    "iri": "@id",
    "types": {"@id": "@type", "@type": "@vocab"},
    "items": {"@id": f"{NG_IRI}items", "@container": "@set"},
    "sources": {"@id": f"{NG_IRI}reportedBy", "@type": "@id"},
    "evidence": {"@id": f"{NG_IRI}evidence"},
    "office": {"@id": f"{NG_IRI}office"},
    "holder": {"@id": f"{NG_IRI}holder"},
    "claimant": {"@id": f"{NG_IRI}claimant", "@type": "@id"},
    "about": {"@id": f"{NG_IRI}about", "@type": "@id"},
    "participants": {"@id": f"{NG_IRI}participant", "@type": "@id"},
    "places": {"@id": f"{NG_IRI}place", "@type": "@id"},
    "aliases": {"@id": f"{NG_IRI}alias"},
    "headline": {"@id": "https://schema.org/headline"},
    "url": {"@id": "https://schema.org/url", "@type": "@id"},
    "published": {"@id": "https://schema.org/datePublished"},
    "involves": {"@id": f"{NG_IRI}involves", "@type": "@id"},
    "rule": {"@id": f"{NG_IRI}rule", "@type": "@id"},
    "severity": {"@id": f"{NG_IRI}severity", "@type": "@id"},
    "start": {"@id": f"{NG_IRI}startDate"},
    "end": {"@id": f"{NG_IRI}endDate"},
    "status": {"@id": f"{NG_IRI}status", "@type": "@id"},
    "derivedFrom": {"@id": "http://www.w3.org/ns/prov#wasDerivedFrom", "@type": "@id"},
}


# ---------------------------------------------------------------------------------------------
# Input checking and term helpers
# ---------------------------------------------------------------------------------------------


def _lit(text: str) -> str:
    return sparql_term(Literal(text))


def check_page(limit: int, offset: int) -> tuple[int, int]:
    if limit < 1 or limit > MAX_LIMIT:
        raise InputError(f"limit must be between 1 and {MAX_LIMIT}")
    if offset < 0:
        raise InputError("offset must not be negative")
    return limit, offset


def check_date(value: str | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    if not _DATE.match(value):
        raise InputError(f"{name} must be a date: YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in value.split("-")]
    try:  # a real calendar day or month: no 2025-02-30, no 2025-13
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise InputError(f"{name}: {value} is not a day of the calendar ({exc})") from exc
    return value


def as_iri(value: str) -> URIRef:
    """An absolute IRI given by a client, checked."""
    from graph.sparql.terms import to_oxigraph

    try:
        to_oxigraph(URIRef(value))
    except (ValueError, Exception) as exc:
        raise InputError(f"not a valid IRI: {value[:200]!r}") from exc
    return URIRef(value)


def resolve(kind: str, ident: str, base: str | None = None) -> URIRef:
    """The IRI a client means by ``ident``: a full IRI, ``kind/slug`` or a slug of ``kind``."""
    if ident.startswith(("http://", "https://", "urn:")):
        return as_iri(ident)
    if not _IDENT.match(ident):
        raise InputError(f"not a valid {kind} identifier: {ident[:200]!r}")
    base = base or default_base_iri()
    if kind == "source":
        return URIRef(f"{base}source/{ident}")
    if "/" in ident and ident.split("/", 1)[0] in iris.ENTITY_KINDS:
        return URIRef(base + ident)
    return URIRef(f"{base}{kind}/{ident}")


def from_path(path: str, base: str | None = None) -> URIRef:
    """The IRI under the base that a dereferencing path (``person/dmytro-kuleba``) names."""
    if not _IDENT.match(path):
        raise InputError(f"not a valid entity path: {path[:200]!r}")
    return URIRef((base or default_base_iri()) + path)


def entity_id(iri: str, base: str | None = None) -> str:
    """The short identifier of an IRI under the base (``person/dmytro-kuleba``), else the IRI."""
    base = base or default_base_iri()
    return iri[len(base) :] if iri.startswith(base) else iri


def _page(items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def _count(store: Store, where: str, var: str = "?x") -> int:
    res = store.select(f"{PREFIXES}SELECT (COUNT(DISTINCT {var}) AS ?n) WHERE {{ {where} }}")
    n = res.rows[0]["n"] if res.rows else None
    return int(n) if isinstance(n, Literal) else 0


def _total(store: Store, where: str, rows: list[Any], limit: int, offset: int, var: str = "?x") -> int:
    """The number of distinct ``var`` matching ``where``, given one page of them: a page that is not
    full and not empty is the last one, so the count is known without asking."""
    if rows and len(rows) < limit or not rows and offset == 0:
        return offset + len(rows)
    return _count(store, where, var)


def _sorted_iris(store: Store, where: str) -> list[str] | None:
    """Every distinct ``?x`` matching ``where``, in the order of ``ORDER BY ?x``, or None when one of
    them is not an IRI.  For a pattern that an IRI makes selective (a speaker's claims): sorting in
    Python is cheaper than Oxigraph's ORDER BY, which reads an IRI's text again at every comparison
    (half a person lookup's claim query), and the count comes with it."""
    rows = select(store, f"{PREFIXES}SELECT DISTINCT ?x (isIRI(?x) AS ?iri) WHERE {{ {where} }}")
    if not all(r["iri"] is True for r in rows):
        return None
    # SPARQL orders IRIs by their text, code point by code point, as Python compares strings
    return sorted(r["x"] for r in rows)


# ---------------------------------------------------------------------------------------------
# Provenance shared by every fact
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# Entities
# ---------------------------------------------------------------------------------------------


def search_entities(
    store: Store, kind: str, q: str | None = None, limit: int = 50, offset: int = 0, base: str | None = None
) -> dict[str, Any]:
    """Entities of one kind, optionally those whose name or an alias contains ``q`` (any case).

    Entities are described once, in the entity graph (docs/data-model.md), so the search reads that
    graph only, through :func:`entity_index` (names, aliases and types of every entity, read once per
    version of the store): a substring search is a scan, and scanning a few thousand names in
    Python is faster than a SPARQL ``CONTAINS`` over the store."""
    limit, offset = check_page(limit, offset)
    needle = q[:200].lower() if q else None
    entities, haystacks = _kind_index(store, kind)
    if needle is None:
        hits = entities
    elif _SEP not in needle:
        hits = [e for e, labels in zip(entities, haystacks, strict=True) if needle in labels]
    else:
        hits = [e for e in entities if any(needle in label.lower() for label in (*e.names, *e.aliases))]
    nodes = [URIRef(e.iri) for e in hits[offset : offset + limit]]
    described = describe_entities(store, nodes, base)
    items = [described.get(str(n)) or {"iri": str(n), "id": entity_id(str(n), base)} for n in nodes]
    return _page(items, len(hits), limit, offset)


_SEP = "\x00"  # between the labels of one entity in its haystack: no search term holds it


def _kind_index(store: Store, kind: str) -> tuple[list[IndexedEntity], list[str]]:
    """The entities of one kind from :func:`entity_index`, in the order of the search results (``ORDER
    BY LCASE(STR(?name)) ?x``, unnamed entities first), each with its names and aliases lower-cased
    and joined by :data:`_SEP`: a search is then one substring test per entity.  Kept per version of
    the store, like the index."""

    def build() -> tuple[list[IndexedEntity], list[str]]:
        classes = {str(c) for c in KIND_CLASSES[kind]}
        entities = [e for e in entity_index(store) if e.types & classes]
        entities.sort(key=lambda e: (0, "", e.iri) if e.name is None else (1, e.name.lower(), e.iri))
        haystacks = [_SEP.join(label.lower() for label in (*e.names, *e.aliases)) for e in entities]
        return entities, haystacks

    return per_version(store, f"entity-index-{kind}", build)


class IndexedEntity(NamedTuple):
    iri: str
    types: frozenset[str]
    name: str | None  # the one shown (the least, when an entity has several)
    names: tuple[str, ...]
    aliases: tuple[str, ...]


def entity_index(store: Store) -> list[IndexedEntity]:
    """Every entity of the entity graph with its types, names and aliases, in one query, kept until
    the store changes (``graph.read.cache.per_version``).  Shared between requests: do not modify."""

    def build() -> list[IndexedEntity]:
        rows = store.select(f"""{PREFIXES}SELECT ?x ?p ?o WHERE {{
  GRAPH {sparql_term(iris.entity_graph_iri())} {{ ?x ?p ?o }} FILTER(?p IN (rdf:type, ng:name, ng:alias)) }}""").rows
        found: dict[str, tuple[set[str], list[str], list[str]]] = {}
        for r in rows:
            types, names, aliases = found.setdefault(str(r["x"]), (set(), [], []))
            p, o = str(r["p"]), r["o"]
            if p == RDF_TYPE:
                types.add(str(o))
            elif isinstance(o, Literal):
                (names if p == str(NG.name) else aliases).append(str(o))
        return [
            IndexedEntity(x, frozenset(t), min(n) if n else None, tuple(n), tuple(al))
            for x, (t, n, al) in found.items()
        ]

    return per_version(store, "entity-index", build)


def describe_entity(store: Store, iri: URIRef, base: str | None = None) -> dict[str, Any] | None:
    """Types, name, aliases and the other statements made about one entity (any graph)."""
    return describe_entities(store, [iri], base).get(str(iri))


def describe_entities(
    store: Store, nodes: list[URIRef], base: str | None = None
) -> dict[str, dict[str, Any]]:
    """:func:`describe_entity` for many IRIs in one query."""
    if not nodes:
        return {}
    res = (
        store._query(f"{PREFIXES}SELECT ?x ?p ?o WHERE {{ {values_block('?x', nodes)} ?x ?p ?o }}")
        if isinstance(store, OxigraphStore)
        else None
    )
    rows = (
        [(sol["x"].value, sol["p"].value, sol["o"].value, ox_py(sol["o"])) for sol in res]
        if res is not None
        else [
            (str(r["x"]), str(r["p"]), str(r["o"]), py(r["o"]))
            for r in store.select(
                f"{PREFIXES}SELECT ?x ?p ?o WHERE {{ {values_block('?x', nodes)} ?x ?p ?o }}"
            ).rows
        ]
    )
    out: dict[str, dict[str, Any]] = {}
    name, alias, wikidata = str(NG.name), str(NG.alias), str(NG.wikidataId)
    for x, p, text, o in rows:
        ent = out.get(x)
        if ent is None:
            ent = out[x] = {
                "iri": x,
                "id": entity_id(x, base),
                "types": [],
                "name": None,
                "aliases": [],
                "links": {},
            }
        if p == RDF_TYPE:
            if text not in ent["types"]:
                ent["types"].append(text)
        elif p == name:
            ent["name"] = o
        elif p == alias:
            if o not in ent["aliases"]:
                ent["aliases"].append(o)
        elif p == wikidata:
            ent["wikidataId"] = o
        else:
            key = p[len(NG_IRI) :] if p.startswith(NG_IRI) else p
            vals = ent["links"].setdefault(key, [])
            if o not in vals:
                vals.append(o)
    for ent in out.values():
        ent["types"].sort()
        ent["aliases"].sort()
    return out


def get_person(store: Store, iri: URIRef, base: str | None = None) -> dict[str, Any] | None:
    """A person with offices over time, events taken part in and claims made, each with sources."""
    person = describe_entity(store, iri, base)
    if person is None:
        return None
    person["offices"] = holdings(store, holder=iri, with_provenance=False)
    person["events"] = list_events(
        store, participant=str(iri), limit=MAX_LIMIT, base=base, with_provenance=False
    )["items"]
    person["claims"] = list_claims(
        store, speaker=str(iri), limit=MAX_LIMIT, base=base, with_provenance=False
    )["items"]
    # one provenance query for the three lists
    with_provenance_of(store, person["offices"] + person["events"] + person["claims"])
    return person


def get_entity(store: Store, iri: URIRef, base: str | None = None) -> dict[str, Any] | None:
    """Any entity: its description, plus holdings (offices), events and claims where it takes part."""
    ent = describe_entity(store, iri, base)
    if ent is None:
        return None
    types = set(ent["types"])
    if str(NG.Person) in types:
        return get_person(store, iri, base)
    if str(NG.Office) in types:
        ent["holdings"] = holdings(store, office=iri)
    if types & {str(c) for c in EVENT_CLASSES}:
        ev = list_events(store, iri=str(iri), limit=1, base=base)["items"]
        if ev:
            ent.update({k: v for k, v in ev[0].items() if k not in ent or not ent[k]})
        ent["claims"] = list_claims(store, about=str(iri), limit=MAX_LIMIT, base=base)["items"]
    else:
        ent["events"] = list_events(store, participant=str(iri), limit=MAX_LIMIT, base=base)["items"]
        ent["claims"] = list_claims(store, speaker=str(iri), limit=MAX_LIMIT, base=base)["items"]
    return ent


def office_holders(
    store: Store, office: URIRef, date: str | None = None, described: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Holdings of an office; with ``date``, those in force on that date.

    A holding with a start and/or end is in force when start <= date <= end, compared at the
    precision each date is given in (a gYearMonth end covers its whole month).  An article's holding
    without dates counts on its ``ng:asOf`` date only.  ``described``: the office's
    :func:`describe_entity`, when the caller has it already."""
    date = check_date(date, "date")
    condition = ""
    if date:
        d = _lit(date)
        condition = f"""
    (BOUND(?start) || BOUND(?end)) &&
    (!BOUND(?start) || STR(?start) <= SUBSTR({d}, 1, STRLEN(STR(?start)))) &&
    (!BOUND(?end) || STR(?end) >= SUBSTR({d}, 1, STRLEN(STR(?end))))
    || (!BOUND(?start) && !BOUND(?end) && BOUND(?asOf) && STR(?asOf) = {d})"""
    items = holdings(store, office=office, condition=condition)
    return {
        "office": described if described is not None else describe_entity(store, office),
        "date": date,
        "items": items,
        "total": len(items),
        "limit": len(items),
        "offset": 0,
    }


# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------


def list_sources(store: Store, limit: int = 50, offset: int = 0, base: str | None = None) -> dict[str, Any]:
    limit, offset = check_page(limit, offset)
    where = "?x a ng:Source ."
    total = _count(store, where)
    rows = store.select(f"""{PREFIXES}SELECT ?x (SAMPLE(?h) AS ?headline) (SAMPLE(?u) AS ?url)
       (SAMPLE(?d) AS ?published) (SAMPLE(?n) AS ?name) (SAMPLE(?gr) AS ?graph) WHERE {{
  ?x a ng:Source .
  OPTIONAL {{ ?x schema:headline ?h }} OPTIONAL {{ ?x schema:url ?u }}
  OPTIONAL {{ ?x schema:datePublished ?d }} OPTIONAL {{ ?x ng:articleName ?n }} OPTIONAL {{ ?x ng:inGraph ?gr }}
}} GROUP BY ?x ORDER BY DESC(?published) ?x LIMIT {limit} OFFSET {offset}""").rows
    items = [
        {
            "iri": str(r["x"]),
            "id": str(r["x"]).rsplit("/", 1)[-1],
            "headline": py(r["headline"]),
            "url": py(r["url"]),
            "published": py(r["published"]),
            "name": py(r["name"]),
            "graph": py(r["graph"]),
        }
        for r in rows
    ]
    return _page(items, total, limit, offset)


def get_source(store: Store, iri: URIRef, base: str | None = None) -> dict[str, Any] | None:
    """One article: its metadata, extracted facts (with evidence) and recorded contradictions."""
    rows = store.select(
        f"""{PREFIXES}SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ {sparql_term(iri)} ?p ?o }} }}"""
    ).rows
    if not rows:
        return None
    meta: dict[str, Any] = {"iri": str(iri), "id": str(iri).rsplit("/", 1)[-1]}
    keys = {
        "https://schema.org/headline": "headline",
        "https://schema.org/url": "url",
        "https://schema.org/datePublished": "published",
        str(NG.articleName): "name",
        str(NG.retrieved): "retrieved",
        str(NG.contentHash): "contentHash",
        "https://schema.org/inLanguage": "language",
        str(NG.inGraph): "graph",
        str(NG.outlet): "outlet",
        str(NG.publishedInferred): "publishedInferred",
        str(NG.text): "text",
        "http://www.w3.org/ns/prov#wasGeneratedBy": "generatedBy",
    }
    for r in rows:
        key = keys.get(str(r["p"]))
        if key:
            meta[key] = py(r["o"])
    graph = URIRef(meta.get("graph") or str(rows[0]["g"]))
    meta["holdings"] = holdings(store, graph=graph)
    meta["events"] = list_events(store, source=str(iri), limit=MAX_LIMIT, base=base)["items"]
    meta["claims"] = list_claims(store, source=str(iri), limit=MAX_LIMIT, base=base)["items"]
    meta["quantities"] = _quantities(store, graph)
    meta["validation"] = list_contradictions(store, graph=str(graph), limit=MAX_LIMIT)
    return meta


def _quantities(store: Store, graph: URIRef) -> list[dict[str, Any]]:
    rows = store.select(f"""{PREFIXES}SELECT ?x ?value ?counts ?measure ?qualifier WHERE {{
  GRAPH {sparql_term(graph)} {{ ?x a ng:Quantity . OPTIONAL {{ ?x ng:value ?value }} OPTIONAL {{ ?x ng:counts ?counts }}
    OPTIONAL {{ ?x ng:measure ?measure }} OPTIONAL {{ ?x ng:qualifier ?qualifier }} }}
}} ORDER BY ?x""").rows
    items: OrderedDict[str, dict[str, Any]] = OrderedDict()
    for r in rows:
        items.setdefault(
            str(r["x"]),
            {
                "iri": str(r["x"]),
                "value": py(r["value"]),
                "counts": py(r["counts"]),
                "measure": py(r["measure"]),
                "qualifier": py(r["qualifier"]),
            },
        )
    return with_provenance_of(store, list(items.values()))


# ---------------------------------------------------------------------------------------------
# Events and claims
# ---------------------------------------------------------------------------------------------


def event_class(name: str) -> URIRef:
    """``PrisonerExchange``, ``prisoner-exchange`` or the full IRI -> the event class, else InputError."""
    key = name.rsplit("#", 1)[-1].replace("-", "").replace("_", "").lower()
    for c in EVENT_CLASSES:
        if local_name(c).lower() == key:
            return c
    raise InputError(f"unknown event type {name[:100]!r}; use one of {', '.join(EVENT_TYPES)}")


def list_events(
    store: Store,
    type: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    place: str | None = None,
    participant: str | None = None,
    source: str | None = None,
    iri: str | None = None,
    limit: int = 50,
    offset: int = 0,
    base: str | None = None,
    with_provenance: bool = True,
) -> dict[str, Any]:
    """Events, filtered by type, start date range, place, participant, reporting source."""
    limit, offset = check_page(limit, offset)
    date_from = check_date(date_from, "from")
    date_to = check_date(date_to, "to")
    classes = [event_class(type)] if type else list(EVENT_CLASSES)
    # selective patterns first, then the type as a FILTER: Oxigraph 0.5 starts a join with VALUES,
    # which would scan every event before looking at the participant
    # Oxigraph 0.5 joins in the order written: start from the most selective pattern (an IRI
    # given by the client), and test the type as a FILTER after it; with no such IRI, start from
    # the type (one class directly, several through VALUES)
    where = ""
    if iri:
        where += f"BIND({sparql_term(as_iri(iri))} AS ?x) "
    if place:
        where += f" ?x ng:place {sparql_term(resolve('place', place, base))} ."
    if participant:
        where += f" ?x ng:participant {sparql_term(resolve('person', participant, base))} ."
    if source:
        where += f" ?x ng:reportedBy {sparql_term(resolve('source', source, base))} ."
    if where:
        where += f" ?x a ?type . FILTER(?type IN ({', '.join(sparql_term(c) for c in classes)}))"
    elif len(classes) == 1:
        where = f"?x a {sparql_term(classes[0])} . BIND({sparql_term(classes[0])} AS ?type)"
    else:
        where = f"{values_block('?type', classes)} ?x a ?type ."
    if date_from or date_to:
        where += " ?x ng:startDate ?sd ."
        if date_from:
            where += f" FILTER(STR(?sd) >= {_lit(date_from)})"
        if date_to:
            where += f" FILTER(SUBSTR(STR(?sd), 1, {len(date_to)}) <= {_lit(date_to)})"
    rows = select(
        store,
        f"""{PREFIXES}SELECT ?x (SAMPLE(?ty) AS ?type) (MIN(?l) AS ?label) (MIN(?s) AS ?start)
       (MAX(?e) AS ?end) WHERE {{
  {{ SELECT DISTINCT ?x ?ty WHERE {{ {where} BIND(?type AS ?ty) }} }}
  OPTIONAL {{ ?x ng:label ?l }} OPTIONAL {{ ?x ng:startDate ?s }} OPTIONAL {{ ?x ng:endDate ?e }}
}} GROUP BY ?x ORDER BY ?start ?x LIMIT {limit} OFFSET {offset}""",
    )
    total = _total(store, where, rows, limit, offset)
    items = [
        {
            "iri": r["x"],
            "id": entity_id(r["x"], base),
            "type": r["type"],
            "label": r["label"],
            "start": r["start"],
            "end": r["end"],
            "participants": [],
            "places": [],
            "partOf": None,
        }
        for r in rows
    ]
    if items:
        by = {i["iri"]: i for i in items}
        extra = select(
            store,
            f"""{PREFIXES}SELECT ?x ?p ?o ?name WHERE {{
  {values_block("?x", [URIRef(i["iri"]) for i in items])}
  {{ ?x ng:participant ?o BIND("participants" AS ?p) }} UNION {{ ?x ng:place ?o BIND("places" AS ?p) }}
  UNION {{ ?x ng:partOf ?o BIND("partOf" AS ?p) }}
  OPTIONAL {{ ?o ng:name ?name }}
}}""",
        )
        for r in extra:
            item = by[r["x"]]
            entry = {"iri": r["o"], "name": r["name"]}
            if r["p"] == "partOf":
                item["partOf"] = entry
            elif entry not in item[r["p"]]:
                item[r["p"]].append(entry)
    return _page(with_provenance_of(store, items) if with_provenance else items, total, limit, offset)


def list_claims(
    store: Store,
    speaker: str | None = None,
    about: str | None = None,
    source: str | None = None,
    limit: int = 50,
    offset: int = 0,
    base: str | None = None,
    with_provenance: bool = True,
) -> dict[str, Any]:
    """Claims, filtered by who asserts them, what they are about, and the reporting source."""
    limit, offset = check_page(limit, offset)
    where = ""
    if speaker:
        where += f" ?x ng:claimant {sparql_term(resolve('person', speaker, base))} ."
    if about:
        where += f" ?x ng:about {sparql_term(resolve('event', about, base))} ."
    if source:
        where += f" ?x ng:reportedBy {sparql_term(resolve('source', source, base))} ."
    selective = bool(where)
    where += " ?x a ng:Claim ."
    ordered = _sorted_iris(store, where) if selective else None
    if ordered is not None:
        total = len(ordered)
        nodes = [URIRef(x) for x in ordered[offset : offset + limit]]
    else:
        page = select(
            store,
            f"{PREFIXES}SELECT DISTINCT ?x WHERE {{ {where} }} ORDER BY ?x LIMIT {limit} OFFSET {offset}",
        )
        total = _total(store, where, page, limit, offset)
        nodes = [URIRef(r["x"]) for r in page]
    items: OrderedDict[str, dict[str, Any]] = OrderedDict(
        (
            str(n),
            {
                "iri": str(n),
                "claimant": None,
                "unattributed": False,
                "content": None,
                "quote": None,
                "about": [],
            },
        )
        for n in nodes
    )
    if nodes:
        rows = select(
            store,
            f"""{PREFIXES}SELECT ?x ?claimant ?claimantName ?content ?quote ?about ?un WHERE {{
  {values_block("?x", nodes)}
  OPTIONAL {{ ?x ng:claimant ?claimant OPTIONAL {{ ?claimant ng:name ?claimantName }} }}
  OPTIONAL {{ ?x ng:content ?content }} OPTIONAL {{ ?x ng:quote ?quote }}
  OPTIONAL {{ ?x ng:about ?about }} OPTIONAL {{ ?x ng:unattributed ?un }}
}}""",
        )
        for r in rows:
            it = items[r["x"]]
            if r["claimant"] is not None:
                it["claimant"] = {"iri": r["claimant"], "name": r["claimantName"]}
            it["content"] = it["content"] or r["content"]
            it["quote"] = it["quote"] or r["quote"]
            if r["about"] is not None and r["about"] not in it["about"]:
                it["about"].append(r["about"])
            if r["un"] is not None:
                it["unattributed"] = bool(r["un"])
    listed = list(items.values())
    return _page(with_provenance_of(store, listed) if with_provenance else listed, total, limit, offset)


# ---------------------------------------------------------------------------------------------
# Validation results
# ---------------------------------------------------------------------------------------------


def list_contradictions(
    store: Store, entity: str | None = None, graph: str | None = None, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    """Recorded contradictions; those touching one entity, or involving statements of one graph."""
    limit, offset = check_page(limit, offset)
    vg = sparql_term(iris.validation_graph_iri())
    where = f"GRAPH {vg} {{ ?x a ng:Contradiction }}"
    if entity:
        e = sparql_term(as_iri(entity))
        where += (
            f" FILTER EXISTS {{ ?x ng:involves ?st . {{ ?st ?pp {e} }} UNION {{ FILTER(?st = {e}) }}"
            f" UNION {{ {e} ?pp ?st }} }}"
        )
    if graph:
        where += (
            f" FILTER EXISTS {{ ?x ng:involves ?st . GRAPH {sparql_term(as_iri(graph))} {{ ?st ?pp ?oo }} }}"
        )
    total = _count(store, where)
    page = store.select(
        f"{PREFIXES}SELECT DISTINCT ?x WHERE {{ {where} }} ORDER BY ?x LIMIT {limit} OFFSET {offset}"
    ).rows
    nodes = [URIRef(str(r["x"])) for r in page]
    items: OrderedDict[str, dict[str, Any]] = OrderedDict(
        (
            str(n),
            {
                "iri": str(n),
                "rule": None,
                "severity": None,
                "message": None,
                "detectedAt": None,
                "involves": [],
            },
        )
        for n in nodes
    )
    if nodes:
        rows = store.select(f"""{PREFIXES}SELECT ?x ?rule ?sev ?msg ?at ?inv WHERE {{
  {values_block("?x", nodes)}
  GRAPH {vg} {{ OPTIONAL {{ ?x ng:rule ?rule }} OPTIONAL {{ ?x ng:severity ?sev }} OPTIONAL {{ ?x ng:message ?msg }}
    OPTIONAL {{ ?x ng:detectedAt ?at }} OPTIONAL {{ ?x ng:involves ?inv }} }}
}}""").rows
        for r in rows:
            it = items[str(r["x"])]
            it["rule"] = it["rule"] or py(r["rule"])
            it["severity"] = it["severity"] or py(r["sev"])
            it["message"] = it["message"] or py(r["msg"])
            it["detectedAt"] = it["detectedAt"] or py(r["at"])
            if r["inv"] is not None and str(r["inv"]) not in it["involves"]:
                it["involves"].append(str(r["inv"]))
    return _page(list(items.values()), total, limit, offset)


# ---------------------------------------------------------------------------------------------
# Dereferencing and statistics
# ---------------------------------------------------------------------------------------------


def describe_graph(store: Store, iri: URIRef) -> Graph:
    """What the store says about one IRI (as subject, in any graph), plus the blank nodes it uses."""
    return store.construct(f"""CONSTRUCT {{ {sparql_term(iri)} ?p ?o . ?o ?bp ?bo }} WHERE {{
  {sparql_term(iri)} ?p ?o . OPTIONAL {{ FILTER(isBlank(?o)) ?o ?bp ?bo }} }}""")


def stats(store: Store) -> dict[str, Any]:
    """Counts: quads, named graphs, sources and entities by kind, events, claims, contradictions."""
    row = store.select(f"""{PREFIXES}SELECT
  (COUNT(DISTINCT ?g) AS ?graphs)
  WHERE {{ GRAPH ?g {{ }} }}""").rows
    out: dict[str, Any] = {"quads": store.count(), "graphs": py(row[0]["graphs"]) if row else 0}
    counts: dict[str, tuple[URIRef, ...]] = {
        "sources": (NG.Source,),
        "persons": (NG.Person,),
        "organizations": organisation_classes(),
        "places": (NG.Place,),
        "offices": (NG.Office,),
        "events": EVENT_CLASSES,
        "claims": (NG.Claim,),
        "holdings": (NG.OfficeHolding,),
        "contradictions": (NG.Contradiction,),
    }
    for key, classes in counts.items():
        out[key] = _count(store, f"{values_block('?type', list(classes))} ?x a ?type .")
    return out

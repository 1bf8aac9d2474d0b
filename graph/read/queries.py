"""Read models for the REST API: every SPARQL query the REST routes run lives here.

User input never enters SPARQL as text: identifiers become IRIs and search strings become
literals, both written by :func:`graph.store.sparql_term` (which escapes them), and dates and
event types are checked against a pattern or a closed list first.  Results are plain dicts and
lists (JSON-ready); every list comes as ``{"items", "total", "limit", "offset"}``.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from datetime import date
from typing import Any, NamedTuple

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from graph import iris
from graph.config import base_iri as default_base_iri
from graph.errors import InputError
from graph.namespace import NG, NG_IRI
from graph.read.cache import per_version
from graph.sparql.terms import PREFIXES, sparql_term, to_rdflib, values_block
from graph.store import OxigraphStore, Store

MAX_LIMIT = 1000
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
EVENT_TYPES = (
    "PrisonerExchange",
    "Attack",
    "Negotiation",
    "Statement",
    "Appointment",
    "Dismissal",
    "OtherEvent",
)
ORGANIZATION_TYPES = (
    "Organization",
    "State",
    "GovernmentBody",
    "ArmedForce",
    "IntelligenceService",
    "MediaOutlet",
    "NGO",
    "InternationalOrganization",
)
KIND_CLASSES: dict[str, tuple[str, ...]] = {
    "person": ("Person",),
    "organization": ORGANIZATION_TYPES,
    "place": ("Place", "State"),
    "office": ("Office",),
    "collective": ("Collective",),
    "event": EVENT_TYPES + ("Event",),
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


def _py(term: Node | None) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool | int | float | str):
            return value
        return str(term)
    return str(term)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _ox_py(term: Any) -> Any:
    """``_py(to_rdflib(term))`` for a pyoxigraph term, without building rdflib terms for the common
    cases (IRIs, blank nodes, plain and language-tagged strings: their text); other literals (dates,
    numbers) are converted through rdflib once per lexical form and datatype, then remembered."""
    kind = type(term)
    if kind is ox.NamedNode or kind is ox.BlankNode:
        return term.value
    if term is None:
        return None
    if kind is ox.Literal:
        if term.language:
            return term.value
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return term.value
        key = (term.value, datatype)
        value = _TYPED_VALUES.get(key, _MISSING)
        if value is _MISSING:
            value = _py(to_rdflib(term))
            if len(_TYPED_VALUES) >= _TYPED_VALUES_MAX:
                _TYPED_VALUES.clear()
            _TYPED_VALUES[key] = value
        return value
    return _py(to_rdflib(term))


# typed literal (lexical form, datatype) -> its JSON value (a str, int, float or bool: immutable)
_TYPED_VALUES: dict[tuple[str, str], Any] = {}
_TYPED_VALUES_MAX = 50_000
_MISSING = object()


def _select(store: Store, sparql: str) -> list[dict[str, Any]]:
    """Rows of a SELECT with every value as :func:`_py` gives it (IRIs as strings, literals as their
    JSON value), which is all the read models need; on the embedded store the pyoxigraph terms are
    converted directly (building rdflib terms cost a fifth of a person lookup)."""
    if isinstance(store, OxigraphStore):
        res = store._query(sparql)  # the union default graph and the error mapping of select()
        names = [v.value for v in res.variables]  # type: ignore[union-attr]
        # a solution read by position, not by name: a tenth of the cost per value
        return [dict(zip(names, map(_ox_py, sol), strict=True)) for sol in res]  # type: ignore[union-attr]
    return [{k: _py(v) for k, v in r.items()} for r in store.select(sparql).rows]


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
    rows = _select(store, f"{PREFIXES}SELECT DISTINCT ?x (isIRI(?x) AS ?iri) WHERE {{ {where} }}")
    if not all(r["iri"] is True for r in rows):
        return None
    # SPARQL orders IRIs by their text, code point by code point, as Python compares strings
    return sorted(r["x"] for r in rows)


def _classes(names: tuple[str, ...]) -> list[URIRef]:
    return [URIRef(NG_IRI + n) for n in names]


# ---------------------------------------------------------------------------------------------
# Provenance shared by every fact
# ---------------------------------------------------------------------------------------------


def provenance(store: Store, facts: list[URIRef]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Sources and evidence of each fact node: ``{fact: {"sources": [...], "evidence": [...]}}``."""
    out: dict[str, dict[str, OrderedDict[str, dict[str, Any]]]] = {
        str(f): {"sources": OrderedDict(), "evidence": OrderedDict()} for f in facts
    }
    if not facts:
        return {}
    # three queries, one per kind of link: a UNION of the three joined to the VALUES of the facts is
    # planned badly by Oxigraph 0.5 (four times the index reads of the three apart)
    block = values_block("?fact", facts)
    for r in _select(
        store,
        f"""{PREFIXES}SELECT ?fact ?source ?headline WHERE {{
  {block} ?fact ng:reportedBy ?source . OPTIONAL {{ ?source schema:headline ?headline }} }}""",
    ):
        out[r["fact"]]["sources"].setdefault(r["source"], {"iri": r["source"], "headline": r["headline"]})
    for r in _select(
        store, f"{PREFIXES}SELECT ?fact ?derived WHERE {{ {block} ?fact prov:wasDerivedFrom ?derived }}"
    ):
        out[r["fact"]]["sources"].setdefault(r["derived"], {"iri": r["derived"], "headline": None})
    for r in _select(
        store,
        f"""{PREFIXES}SELECT ?fact ?ev ?sentence ?exact ?start ?end WHERE {{
  {block} ?fact ng:evidence ?ev .
  OPTIONAL {{ ?ev ng:sentence ?sentence }}
  OPTIONAL {{ ?ev oa:hasSelector ?qs . ?qs a oa:TextQuoteSelector ; oa:exact ?exact }}
  OPTIONAL {{ ?ev oa:hasSelector ?ps . ?ps a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end }} }}""",
    ):
        out[r["fact"]]["evidence"].setdefault(
            r["ev"],
            {
                "iri": r["ev"],
                "sentence": r["sentence"],
                "exact": r["exact"],
                "start": r["start"],
                "end": r["end"],
            },
        )
    return {
        k: {"sources": list(v["sources"].values()), "evidence": list(v["evidence"].values())}
        for k, v in out.items()
    }


def _with_provenance(store: Store, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    prov = provenance(store, [URIRef(i["iri"]) for i in items])
    for i in items:
        i.update(prov.get(i["iri"], {"sources": [], "evidence": []}))
    return items


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
        classes = {str(c) for c in _classes(KIND_CLASSES[kind])}
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
            if p == _RDF_TYPE:
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
        [(sol["x"].value, sol["p"].value, sol["o"].value, _ox_py(sol["o"])) for sol in res]
        if res is not None
        else [
            (str(r["x"]), str(r["p"]), str(r["o"]), _py(r["o"]))
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
        if p == _RDF_TYPE:
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


def _holdings(
    store: Store,
    holder: URIRef | None = None,
    office: URIRef | None = None,
    graph: URIRef | None = None,
    condition: str = "",
    with_provenance: bool = True,
) -> list[dict[str, Any]]:
    """Office holdings with the given holder / office / graph (written into the pattern, not a FILTER:
    Oxigraph then reads the index instead of scanning every holding), optionally a FILTER condition
    on ``?start``, ``?end`` and ``?asOf``.

    Three steps, each cheaper than the one query they replace (docs/api.md, "Entity lookups: fewer
    index reads"): with a condition, the holdings that meet it, reading their dates only (an office
    has hundreds of holdings, a date keeps a few); their statements; the names of their holders and
    offices, once per entity (an OPTIONAL name lookup joined to every row read the names again)."""
    h_holder = sparql_term(holder) if holder is not None else "?holder"
    h_office = sparql_term(office) if office is not None else "?office"
    g = sparql_term(graph) if graph is not None else "?g"
    binds = "".join(
        f" BIND({sparql_term(t)} AS ?{v})"
        for v, t in (("holder", holder), ("office", office), ("g", graph))
        if t is not None
    )
    # Oxigraph 0.5 joins in the order written: lead with the pattern an IRI binds (an office has a
    # few holdings, ng:OfficeHolding has them all)
    lead = (
        f"?h ng:holder {h_holder} ."
        if holder is not None
        else f"?h ng:office {h_office} ."
        if office is not None
        else ""
    )
    # the lead pattern is not asked a second time
    rest = "".join(
        f" ; ng:{p} {v}"
        for p, v, given in (("holder", h_holder, holder), ("office", h_office, office))
        if not lead.startswith(f"?h ng:{p} ") or given is None
    )

    def block(h: str, graph_term: str, lead: str) -> str:
        return f"""GRAPH {graph_term} {{ {lead} {h} a ng:OfficeHolding{rest} .
      OPTIONAL {{ {h} ng:officeTitle ?title }} OPTIONAL {{ {h} ng:status ?status }}
      OPTIONAL {{ {h} ng:startDate ?start }} OPTIONAL {{ {h} ng:endDate ?end }} OPTIONAL {{ {h} ng:asOf ?asOf }} }}"""

    where = f"{block('?h', g, lead)} {binds}" + (f" FILTER({condition})" if condition else "")
    if condition:
        # the holdings in force, reading their dates only
        kept = _select(
            store,
            f"""{PREFIXES}SELECT DISTINCT ?h ?g WHERE {{
  GRAPH {g} {{ {lead or "?h a ng:OfficeHolding ."}
    OPTIONAL {{ ?h ng:startDate ?start }} OPTIONAL {{ ?h ng:endDate ?end }} OPTIONAL {{ ?h ng:asOf ?asOf }} }}
  {binds} FILTER({condition}) }}""",
        )
        if not kept:
            return []
        if len(kept) <= 64 and all(_is_iri(r["h"]) and _is_iri(r["g"]) for r in kept):
            # then each of them by its IRI: one block per holding (a VALUES join would be evaluated
            # apart and read every holding of the office again)
            where = " UNION ".join(
                f"{{ {block(sparql_term(URIRef(r['h'])), sparql_term(URIRef(r['g'])), '')}"
                f" BIND({sparql_term(URIRef(r['h']))} AS ?h) BIND({sparql_term(URIRef(r['g']))} AS ?g) {binds} }}"
                for r in kept
            )
    q = f"""{PREFIXES}SELECT ?h ?holder ?office ?title ?status ?start ?end ?asOf ?g WHERE {{
  {where}
}} ORDER BY ?start ?asOf ?h"""
    rows = _select(store, q)
    names = _names(store, {v for r in rows for v in (r["holder"], r["office"])})
    items: OrderedDict[str, dict[str, Any]] = OrderedDict()
    for r in rows:
        if r["h"] not in items:
            items[r["h"]] = {
                "iri": r["h"],
                "holder": {"iri": r["holder"], "name": names.get(r["holder"])},
                "office": {"iri": r["office"], "name": names.get(r["office"])},
                "title": r["title"],
                "status": r["status"],
                "start": r["start"],
                "end": r["end"],
                "asOf": r["asOf"],
                "graph": r["g"],
            }
    return _with_provenance(store, list(items.values())) if with_provenance else list(items.values())


def _is_iri(value: Any) -> bool:
    """Whether a value :func:`_select` gave is an IRI (blank nodes come as their bare label)."""
    return isinstance(value, str) and ":" in value and not value.startswith("_:")


def _names(store: Store, nodes: set[Any]) -> dict[str, Any]:
    """The ``ng:name`` of each IRI in ``nodes`` (any graph), in one query."""
    iris_ = sorted(n for n in nodes if _is_iri(n))
    if not iris_:
        return {}
    out: dict[str, Any] = {}
    for r in _select(
        store,
        f"{PREFIXES}SELECT ?x ?name WHERE {{ {values_block('?x', [URIRef(x) for x in iris_])} ?x ng:name ?name }}",
    ):
        out.setdefault(r["x"], r["name"])
    return out


def get_person(store: Store, iri: URIRef, base: str | None = None) -> dict[str, Any] | None:
    """A person with offices over time, events taken part in and claims made, each with sources."""
    person = describe_entity(store, iri, base)
    if person is None:
        return None
    person["offices"] = _holdings(store, holder=iri, with_provenance=False)
    person["events"] = list_events(
        store, participant=str(iri), limit=MAX_LIMIT, base=base, with_provenance=False
    )["items"]
    person["claims"] = list_claims(
        store, speaker=str(iri), limit=MAX_LIMIT, base=base, with_provenance=False
    )["items"]
    # one provenance query for the three lists
    _with_provenance(store, person["offices"] + person["events"] + person["claims"])
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
        ent["holdings"] = _holdings(store, office=iri)
    if types & {NG_IRI + t for t in EVENT_TYPES}:
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
    items = _holdings(store, office=office, condition=condition)
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
            "headline": _py(r["headline"]),
            "url": _py(r["url"]),
            "published": _py(r["published"]),
            "name": _py(r["name"]),
            "graph": _py(r["graph"]),
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
            meta[key] = _py(r["o"])
    graph = URIRef(meta.get("graph") or str(rows[0]["g"]))
    meta["holdings"] = _holdings(store, graph=graph)
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
                "value": _py(r["value"]),
                "counts": _py(r["counts"]),
                "measure": _py(r["measure"]),
                "qualifier": _py(r["qualifier"]),
            },
        )
    return _with_provenance(store, list(items.values()))


# ---------------------------------------------------------------------------------------------
# Events and claims
# ---------------------------------------------------------------------------------------------


def event_class(name: str) -> URIRef:
    """``PrisonerExchange``, ``prisoner-exchange`` or the full IRI -> the event class, else InputError."""
    key = name.rsplit("#", 1)[-1].replace("-", "").replace("_", "").lower()
    for t in EVENT_TYPES:
        if t.lower() == key:
            return URIRef(NG_IRI + t)
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
    classes = [event_class(type)] if type else _classes(EVENT_TYPES)
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
    rows = _select(
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
        extra = _select(
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
    return _page(_with_provenance(store, items) if with_provenance else items, total, limit, offset)


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
        page = _select(
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
        rows = _select(
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
    return _page(_with_provenance(store, listed) if with_provenance else listed, total, limit, offset)


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
            it["rule"] = it["rule"] or _py(r["rule"])
            it["severity"] = it["severity"] or _py(r["sev"])
            it["message"] = it["message"] or _py(r["msg"])
            it["detectedAt"] = it["detectedAt"] or _py(r["at"])
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
    out: dict[str, Any] = {"quads": store.count(), "graphs": _py(row[0]["graphs"]) if row else 0}
    counts = {
        "sources": ("Source",),
        "persons": ("Person",),
        "organizations": ORGANIZATION_TYPES,
        "places": ("Place",),
        "offices": ("Office",),
        "events": EVENT_TYPES,
        "claims": ("Claim",),
        "holdings": ("OfficeHolding",),
        "contradictions": ("Contradiction",),
    }
    for key, names in counts.items():
        out[key] = _count(store, f"{values_block('?type', _classes(names))} ?x a ?type .")
    return out

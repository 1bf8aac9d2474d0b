"""The facts-JSON view of an article (``../shared/eval/FACTS_FORMAT.md``), derived from the graph
in the store: a plain-JSON rendering for apps that do not speak RDF and for scoring extraction."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from graph.classes import event_classes, local_name, organisation_classes, subclasses
from graph.namespace import NG
from graph.sparql.terms import PREFIXES, lexical, sparql_term
from graph.store import Store

STATUS = {
    NG.Current: "current",
    NG.Former: "former",
    NG.Acting: "acting",
    NG.Nominated: "nominated",
    NG.Appointed: "appointed",
    NG.Outgoing: "outgoing",
    NG.Unspecified: "unspecified",
    # narrower statuses of the ontology, in FACTS_FORMAT's words (their skos:broader, or the nearest)
    NG.Historical: "former",
    NG.Elect: "appointed",
    NG.Caretaker: "acting",
    NG.Candidate: "nominated",
}
# FACTS_FORMAT's event types; an event class of the ontology is the one of its name (snake case), else "other"
FACTS_EVENT_TYPES = ("prisoner_exchange", "attack", "negotiation", "statement", "appointment")


def _facts_event_type(cls: URIRef) -> str:
    name = re.sub(r"(?<!^)(?=[A-Z])", "_", local_name(cls)).lower()
    return name if name in FACTS_EVENT_TYPES else "other"


EVENT_TYPES: dict[URIRef, str] = {c: _facts_event_type(c) for c in event_classes()}
PERSON_TYPES = set(subclasses(NG.Person, include_self=True))
PLACE_TYPES = {*subclasses(NG.Place, include_self=True), NG.State}
ORG_TYPES = set(organisation_classes())  # a state is counted among the places (tested first)


def _num(node: Node | None) -> int | float | None:
    if not isinstance(node, Literal):
        return None
    v = node.toPython()
    if isinstance(v, bool):
        return None
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, int | float):
        return v
    try:
        f = float(str(node))
    except ValueError:
        return None
    return int(f) if f.is_integer() else f


def _rows(store: Store, query: str) -> list[dict[str, Node | None]]:
    return list(store.select(PREFIXES + query).rows)


def facts_from_store(store: Store, source_iri: URIRef | str) -> dict[str, Any]:
    """One article's facts as a facts-JSON dict, read from its graph and the entity graph."""
    src = sparql_term(URIRef(str(source_iri)))
    head = _rows(
        store,
        f"""SELECT ?name ?pub ?graph ?text WHERE {{
        {src} ng:articleName ?name . OPTIONAL {{ {src} schema:datePublished ?pub }}
        OPTIONAL {{ {src} ng:inGraph ?graph }} OPTIONAL {{ {src} ng:text ?text }} }} LIMIT 1""",
    )
    if not head:
        raise KeyError(f"no source {source_iri} in the store")
    info = head[0]
    text = str(info.get("text") or "")
    graph = info.get("graph")
    gterm = sparql_term(graph) if isinstance(graph, URIRef) else None
    out: dict[str, Any] = {
        "article": lexical(info.get("name")),
        "published": lexical(info.get("pub")),
        "persons": [],
        "organizations": [],
        "places": [],
        "office_claims": [],
        "events": [],
        "claims": [],
    }
    out.update(_entities(store, src, text))
    out["office_claims"] = _holdings(store, src)
    if gterm is not None:
        out["events"] = _events(store, gterm)
    out["claims"] = _claims(store, src)
    return out


def _entities(store: Store, src: str, text: str) -> dict[str, list[dict[str, Any]]]:
    rows = _rows(
        store,
        f"""SELECT ?e ?type ?name ?alias WHERE {{
        {src} schema:mentions ?e . ?e rdf:type ?type ; ng:name ?name .
        OPTIONAL {{ ?e ng:alias ?alias }} }}""",
    )
    ents: dict[str, dict[str, Any]] = {}
    for r in rows:
        e = str(r["e"])
        item = ents.setdefault(e, {"types": set(), "name": str(r["name"]), "aliases": set()})
        item["types"].add(r["type"])
        if r.get("alias") is not None:
            item["aliases"].add(str(r["alias"]))
    out: dict[str, list[dict[str, Any]]] = {"persons": [], "organizations": [], "places": []}
    seen: dict[str, set[str]] = {k: set() for k in out}
    for item in sorted(ents.values(), key=lambda x: x["name"]):
        types = item["types"]
        if types & PERSON_TYPES:
            kind = "persons"
        elif types & PLACE_TYPES:
            kind = "places"
        elif types & ORG_TYPES:
            kind = "organizations"
        else:
            continue
        aliases = sorted(a for a in item["aliases"] if a != item["name"] and a in text)
        # one entry per name, except bodies of different states that share a bare name ("Senate")
        seen_key = item["name"] if kind != "organizations" else f"{item['name']}|{'|'.join(aliases)}"
        if seen_key in seen[kind]:
            continue
        seen[kind].add(seen_key)
        out[kind].append({"name": item["name"], "aliases": aliases})
    return out


def _holdings(store: Store, src: str) -> list[dict[str, Any]]:
    rows = _rows(
        store,
        f"""SELECT ?h ?person ?title ?status ?jname ?oname ?asOf ?start ?end ?exact ?s ?pos WHERE {{
        ?h a ng:OfficeHolding ; ng:reportedBy {src} ; ng:holder ?p ; ng:office ?o .
        ?p ng:name ?person .
        OPTIONAL {{ ?h ng:officeTitle ?title }} OPTIONAL {{ ?h ng:status ?status }}
        OPTIONAL {{ ?o ng:jurisdiction ?j . ?j ng:name ?jname }}
        OPTIONAL {{ ?o ng:officeOf ?org . ?org ng:name ?oname }}
        OPTIONAL {{ ?h ng:asOf ?asOf }} OPTIONAL {{ ?h ng:startDate ?start }} OPTIONAL {{ ?h ng:endDate ?end }}
        OPTIONAL {{ ?h ng:evidence ?ev . ?ev oa:hasSelector ?q . ?q oa:exact ?exact .
                   ?ev oa:hasSelector ?pq . ?pq oa:start ?s }}
    }}""",
    )
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        h = str(r["h"])
        if h in out:
            continue
        st = r.get("status")
        status = STATUS.get(st, "unspecified") if isinstance(st, URIRef) else "unspecified"
        start = lexical(r.get("start"))
        if status == "current" and start:
            status = f"since {start}"
        item: dict[str, Any] = {
            "person": str(r["person"]),
            "office": lexical(r.get("title")),
            "country_or_org": lexical(r.get("oname")) or lexical(r.get("jname")),  # the body over its place
            "as_of": lexical(r.get("asOf")),
            "status": status,
            "evidence": lexical(r.get("exact")),
        }
        if start:
            item["start"] = start
        if r.get("end") is not None:
            item["end"] = lexical(r.get("end"))
        item["_pos"] = _num(r.get("s")) or 0
        out[h] = item
    return [_strip_pos(x) for x in sorted(out.values(), key=lambda x: x["_pos"])]


def _strip_pos(item: dict[str, Any]) -> dict[str, Any]:
    pos = item.pop("_pos", None)
    if pos is not None and item.get("evidence"):
        item["span"] = [pos, pos + len(item["evidence"])]
    return item


def _events(store: Store, gterm: str) -> list[dict[str, Any]]:
    rows = _rows(
        store,
        f"""SELECT ?e ?type ?label ?start ?end ?exact ?s WHERE {{
        GRAPH {gterm} {{ ?e rdf:type ?type ; ng:evidence ?ev .
            OPTIONAL {{ ?e ng:label ?label }} OPTIONAL {{ ?e ng:startDate ?start }} OPTIONAL {{ ?e ng:endDate ?end }}
            ?ev oa:hasSelector ?q . ?q oa:exact ?exact . ?ev oa:hasSelector ?pq . ?pq oa:start ?s }}
        FILTER(?type IN ({", ".join(sparql_term(t) for t in EVENT_TYPES)}))
    }}""",
    )
    events: dict[str, dict[str, Any]] = {}
    for r in sorted(rows, key=lambda r: _num(r.get("s")) or 0):
        e = str(r["e"])
        if e in events:
            continue
        events[e] = {
            "type": EVENT_TYPES[URIRef(str(r["type"]))],
            "label": lexical(r.get("label")) or "",
            "start": lexical(r.get("start")),
            "end": lexical(r.get("end")),
            "places": [],
            "participants": [],
            "quantities": [],
            "evidence": str(r["exact"]),
            "_pos": _num(r.get("s")) or 0,
        }
    if not events:
        return []
    for r in _rows(
        store, f"""SELECT ?e ?pname WHERE {{ GRAPH {gterm} {{ ?e ng:participant ?p }} ?p ng:name ?pname }}"""
    ):
        ev = events.get(str(r["e"]))
        if ev is not None and str(r["pname"]) not in ev["participants"]:
            ev["participants"].append(str(r["pname"]))
    for r in _rows(
        store, f"""SELECT ?e ?pname WHERE {{ GRAPH {gterm} {{ ?e ng:place ?p }} ?p ng:name ?pname }}"""
    ):
        ev = events.get(str(r["e"]))
        if ev is not None and str(r["pname"]) not in ev["places"]:
            ev["places"].append(str(r["pname"]))
    for r in _rows(
        store,
        f"""SELECT ?e ?q ?value ?counts WHERE {{ GRAPH {gterm} {{
            ?e ng:quantity ?q . ?q ng:value ?value . OPTIONAL {{ ?q ng:counts ?counts }} }} }}""",
    ):
        ev = events.get(str(r["e"]))
        if ev is None:
            continue
        value = _num(r.get("value"))
        if value is not None and all(q["value"] != value for q in ev["quantities"]):
            ev["quantities"].append({"what": lexical(r.get("counts")) or "", "value": value})
    return [_strip_pos(x) for x in sorted(events.values(), key=lambda x: x["_pos"])]


def _claims(store: Store, src: str) -> list[dict[str, Any]]:
    rows = _rows(
        store,
        f"""SELECT ?c ?speaker ?unattr ?content ?value ?counts ?exact ?s WHERE {{
        ?c a ng:Claim ; ng:reportedBy {src} .
        OPTIONAL {{ ?c ng:claimant ?who . ?who ng:name ?speaker }}
        OPTIONAL {{ ?c ng:unattributed ?unattr }}
        OPTIONAL {{ ?c ng:content ?content }}
        OPTIONAL {{ ?c ng:quantity ?q . ?q ng:value ?value . OPTIONAL {{ ?q ng:counts ?counts }} }}
        OPTIONAL {{ ?c ng:evidence ?ev . ?ev oa:hasSelector ?qs . ?qs oa:exact ?exact .
                   ?ev oa:hasSelector ?ps . ?ps oa:start ?s }}
    }}""",
    )
    claims: dict[str, dict[str, Any]] = {}
    for r in rows:
        c = str(r["c"])
        if c in claims:
            continue
        value = _num(r.get("value"))
        claims[c] = {
            "speaker": lexical(r.get("speaker")) or "outlet",
            "content": lexical(r.get("content")) or "",
            "quantity": {"what": lexical(r.get("counts")) or "", "value": value}
            if value is not None
            else None,
            "evidence": lexical(r.get("exact")),
            "_pos": _num(r.get("s")) or 0,
        }
    return [_strip_pos(x) for x in sorted(claims.values(), key=lambda x: (x["_pos"], x["speaker"]))]


def sources(store: Store) -> list[tuple[URIRef, str]]:
    """(source IRI, article name) of every source in the store."""
    rows = _rows(store, "SELECT ?s ?name WHERE { ?s a ng:Source ; ng:articleName ?name }")
    return sorted(((URIRef(str(r["s"])), str(r["name"])) for r in rows), key=lambda x: x[1])


def export_facts(store: Store, out_dir: str | Path) -> list[Path]:
    """Write ``<articleName>.json`` for every source in the store; return the paths written."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for src, name in sources(store):
        facts = facts_from_store(store, src)
        safe = name.replace("/", "_").replace("\\", "_") or "article"
        path = folder / f"{safe}.json"
        path.write_text(json.dumps(facts, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written

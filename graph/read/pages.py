"""View models of the exploration pages: every SPARQL query the HTML pages run lives here.

Each function returns plain dicts and lists that a template renders as they are.  User input
enters SPARQL only as terms written by :func:`graph.store.sparql_term` (escaped IRIs and
literals).  ``ui_path`` maps any IRI of the graph to the page that shows it, so templates link
every entity, event, source and statement they mention.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import partial
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from graph import iris
from graph.classes import local_name, organisation_classes, subclasses
from graph.config import base_iri
from graph.errors import InputError
from graph.namespace import NG, NG_IRI
from graph.read.dates import date_bounds
from graph.read.statements import evidence_in_graphs
from graph.sparql.terms import PREFIXES, lexical, sparql_term, values_block
from graph.store import Store

PAGE_KINDS = ("person", "organization", "collective", "place", "office")
_SLUG = re.compile(r"^[A-Za-z0-9._~\-]+$")
_ORG_TYPES = {local_name(c) for c in organisation_classes()}


class NotFound(InputError):
    """Nothing in the store under that name: the page answers 404."""


# ---------------------------------------------------------------------------------------------
# IRIs <-> pages
# ---------------------------------------------------------------------------------------------


def ui_path(iri: str | Node | None) -> str | None:
    """The page showing an IRI of the graph, or None when it has none (external IRIs)."""
    if iri is None:
        return None
    s = str(iri)
    base = base_iri()
    if not s.startswith(base):
        return None
    rest = s[len(base) :]
    parts = rest.split("/")
    if parts[0] in PAGE_KINDS and len(parts) == 2:
        return f"/ui/{parts[0]}/{parts[1]}"
    if parts[0] == "event" and len(parts) == 2:
        return f"/ui/event/{parts[1]}"
    if parts[0] == "source" and len(parts) == 2:
        return f"/ui/source/{parts[1]}"
    if parts[0] == "source" and len(parts) == 4:
        return f"/ui/source/{parts[1]}#{parts[2]}-{parts[3]}"
    if parts[0] == "contradiction":
        return f"/ui/validation#{anchor(s)}"
    return None


def anchor(iri: str | Node) -> str:
    """An HTML id for a node: 'claim-5' for an article node, 'c-<hash>' for a contradiction."""
    s = str(iri)
    rest = s[len(base_iri()) :] if s.startswith(base_iri()) else s
    parts = rest.split("/")
    if parts[0] == "source" and len(parts) == 4:
        return f"{parts[2]}-{parts[3]}"
    if parts[0] == "contradiction":
        return "c-" + re.sub(r"[^A-Za-z0-9_-]", "-", "-".join(parts[1:]))
    return re.sub(r"[^A-Za-z0-9_-]", "-", "-".join(parts))


def entity_iri_from(kind: str, slug: str) -> URIRef:
    if kind not in PAGE_KINDS + ("event",):
        raise NotFound(f"no page kind {kind!r}")
    if not _SLUG.match(slug):
        raise NotFound(f"not an identifier: {slug!r}")
    return URIRef(f"{base_iri()}{kind}/{slug}")


def local(iri: str | Node | None) -> str:
    s = str(iri or "")
    return re.split(r"[#/]", s.rstrip("/"))[-1]


def _int(term: Node | None) -> int | None:
    try:
        return int(str(term)) if term is not None else None
    except ValueError:
        return None


def _num(term: Node | None) -> str | None:
    if term is None:
        return None
    text = str(term)
    try:
        value = float(text)
    except ValueError:
        return text
    return str(int(value)) if value.is_integer() else text


def link(store_names: dict[str, str], iri: str | Node | None) -> dict[str, Any] | None:
    """{iri, name, url} for templates."""
    if iri is None:
        return None
    s = str(iri)
    return {"iri": s, "name": store_names.get(s) or local(s), "url": ui_path(s)}


def names(store: Store, terms: Iterable[str | Node | None]) -> dict[str, str]:
    """Display names: ng:name, else an event's ng:label, a source's headline, a claim's content."""
    wanted = sorted({str(t) for t in terms if t is not None and not isinstance(t, Literal)})
    out: dict[str, str] = {}
    for i in range(0, len(wanted), 300):
        chunk = wanted[i : i + 300]
        rows = store.select(
            # the predicates as a FILTER, not VALUES: Oxigraph 0.5 would start from VALUES ?p and
            # read every label and headline of the store (~1.5 s at 1M quads)
            PREFIXES + "SELECT ?x ?p ?n WHERE { " + values_block("x", chunk) + " ?x ?p ?n "
            "FILTER(?p IN (ng:name, ng:label, schema:headline, ng:articleName, ng:content)) }"
        )
        rank = {
            f"{NG_IRI}name": 0,
            "https://schema.org/headline": 1,
            f"{NG_IRI}label": 2,
            f"{NG_IRI}articleName": 3,
            f"{NG_IRI}content": 4,
        }
        best: dict[str, tuple[int, str]] = {}
        for r in rows:
            x, p, n = str(r["x"]), str(r["p"]), str(r["n"])
            cand = (rank.get(p, 9), n)
            if x not in best or cand < best[x]:
                best[x] = cand
        out.update({x: n for x, (_, n) in best.items()})
    return out


def types_of(store: Store, iri: URIRef) -> list[str]:
    rows = store.select(f"SELECT DISTINCT ?t WHERE {{ {sparql_term(iri)} a ?t }}")
    return sorted(local(r["t"]) for r in rows if str(r["t"]).startswith(NG_IRI))


def _kind_of_types(types: Iterable[str]) -> str:
    ts = set(types)
    if "Person" in ts:
        return "person"
    if "State" in ts:
        return "state"
    if ts & _ORG_TYPES:
        return "organization"
    if "Collective" in ts:
        return "collective"
    return "other"


# ---------------------------------------------------------------------------------------------
# Home and search
# ---------------------------------------------------------------------------------------------


#: the kinds of entity the home page counts, each with the ontology classes it covers (subclasses
#: included: "organisations" are the government bodies, armed forces, media outlets ... too; states,
#: also organisations in the ontology, are counted apart)
def _entity_groups() -> list[tuple[str, str, tuple[URIRef, ...]]]:
    states = subclasses(NG.State, include_self=True)
    return [
        ("persons", "person", subclasses(NG.Person, include_self=True)),
        ("organisations", "organisation", tuple(c for c in organisation_classes() if c not in states)),
        ("states", "state", states),
        ("groups", "group of people", subclasses(NG.Collective, include_self=True)),
        ("places", "place", subclasses(NG.Place, include_self=True)),
    ]


def _count(store: Store, where: str) -> int:
    rows = store.select(PREFIXES + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")
    return (_int(rows.rows[0]["n"]) or 0) if rows.rows else 0


def home(store: Store) -> dict[str, Any]:
    """What the store holds, news apart from reference data.

    An entity counts as *in the news* when an article names it (``schema:mentions`` of its source,
    docs/data-model.md); the entity graph also holds what the reference data describes (states,
    office holders, offices), which the page counts apart, as *reference data*, so two articles
    do not read as if they named 250 states.  Each kind counts its subclasses (an ng:ArmedForce is
    an organisation)."""
    named: dict[str, int] = {}
    known: dict[str, int] = {}
    news: list[dict[str, Any]] = []
    reference: list[dict[str, Any]] = []
    for key, one, classes in _entity_groups():
        types = values_block("t", classes)
        known[key] = _count(store, f"{types} ?x a ?t")
        named[key] = _count(store, f"{types} ?x a ?t . ?s a ng:Source ; schema:mentions ?x")
        title = ", ".join(local(c) if local(c).isupper() else humanise(local(c)) for c in classes)
        if named[key]:
            news.append(
                {"key": key, "n": named[key], "label": key if named[key] != 1 else one, "title": title}
            )
        if known[key] > named[key]:
            n = known[key] - named[key]
            reference.append({"key": key, "n": n, "label": key if n != 1 else one, "title": title})
    events = values_block("t", subclasses(NG.Event, include_self=True))
    for key, one, where in (
        ("sources", "source", "?x a ng:Source"),
        ("events", "event", f"{events} ?x a ?t"),
        ("claims", "claim", "?x a ng:Claim"),
        ("office holdings", "office holding", "?x a ng:OfficeHolding ; ng:reportedBy ?s"),
        ("contradictions", "contradiction", "?x a ng:Contradiction"),
    ):
        n = _count(store, where)
        news.append({"key": key, "n": n, "label": key if n != 1 else one, "title": ""})
    holdings = _count(
        store, f"GRAPH {sparql_term(URIRef(iris.reference_graph_iri()))} {{ ?x a ng:OfficeHolding }}"
    )
    if holdings:
        reference.append(
            {
                "key": "holdings",
                "n": holdings,
                "label": "office holdings",
                "title": "with the source each cites",
            }
        )
    srcs = store.select(
        PREFIXES + "SELECT ?s ?h ?d ?name WHERE { ?s a ng:Source . OPTIONAL { ?s schema:headline ?h } "
        "OPTIONAL { ?s schema:datePublished ?d } OPTIONAL { ?s ng:articleName ?name } } "
        "ORDER BY DESC(STR(?d)) ?s LIMIT 20"
    )
    sources = [
        {
            "iri": str(r["s"]),
            "url": ui_path(r["s"]),
            "headline": lexical(r["h"]) or lexical(r["name"]) or local(r["s"]),
            "date": lexical(r["d"]),
        }
        for r in srcs
    ]
    return {"counts": news, "reference": reference, "sources": sources}


def search(store: Store, q: str, limit: int = 50) -> list[dict[str, Any]]:
    """Entities, events and sources whose name, alias, label or headline contains ``q``."""
    q = q.strip()
    if not q:
        return []
    needle = sparql_term(Literal(q.lower()))
    rows = store.select(
        PREFIXES + "SELECT ?x ?matched ?p WHERE { VALUES ?p { ng:name ng:alias ng:label schema:headline } "
        f"?x ?p ?matched . FILTER(CONTAINS(LCASE(STR(?matched)), {needle})) }} LIMIT {int(limit) * 4}"
    )
    found: dict[str, dict[str, Any]] = {}
    for r in rows:
        x = str(r["x"])
        url = ui_path(x)
        if url is None or "#" in url:
            continue
        item = found.setdefault(x, {"iri": x, "url": url, "matched": set()})
        item["matched"].add(str(r["matched"]))
    if not found:
        return []
    label = names(store, found)
    kinds: dict[str, list[str]] = defaultdict(list)
    for r in store.select("SELECT ?x ?t WHERE { " + values_block("x", found) + " ?x a ?t }"):
        if str(r["t"]).startswith(NG_IRI):
            kinds[str(r["x"])].append(local(r["t"]))
    out = []
    for x, item in found.items():
        ts = sorted(set(kinds.get(x, [])))
        name = label.get(x, local(x))
        exact = q.lower() in (m.lower() for m in item["matched"]) or name.lower() == q.lower()
        out.append(
            {
                "iri": x,
                "url": item["url"],
                "name": name,
                "types": ts,
                "aliases": sorted(m for m in item["matched"] if m != name),
                "exact": exact,
            }
        )
    order = {
        "/ui/person": 0,
        "/ui/organization": 1,
        "/ui/collective": 2,
        "/ui/office": 3,
        "/ui/event": 4,
        "/ui/place": 5,
        "/ui/source": 6,
    }
    out.sort(key=lambda i: (not i["exact"], order.get(i["url"].rsplit("/", 1)[0], 9), i["name"].lower()))
    return out[:limit]


# ---------------------------------------------------------------------------------------------
# Person / organisation / collective / place / office pages
# ---------------------------------------------------------------------------------------------


def _contradictions_touching(store: Store, iri: URIRef, paths: str) -> list[dict[str, Any]]:
    v = sparql_term(URIRef(iris.validation_graph_iri()))
    x = sparql_term(iri)
    rows = store.select(
        PREFIXES + "SELECT DISTINCT ?c ?message ?rule ?severity WHERE { "
        f"GRAPH {v} {{ ?c a ng:Contradiction ; ng:involves ?st . OPTIONAL {{ ?c ng:message ?message }} "
        "OPTIONAL { ?c ng:rule ?rule } OPTIONAL { ?c ng:severity ?severity } } "
        f"{{ ?st {paths} {x} }} UNION {{ VALUES ?st {{ {x} }} }} }} ORDER BY ?c"
    )
    return [
        {
            "iri": str(r["c"]),
            "url": ui_path(r["c"]) or "/ui/validation#" + anchor(str(r["c"])),
            "message": lexical(r["message"]) or local(r["c"]),
            "rule": local(r["rule"]),
            "severity": local(r["severity"]) or "Violation",
        }
        for r in rows
    ]


def _span(start: str | None, end: str | None, as_of: str | None) -> tuple[str | None, str | None]:
    sb, eb, ab = date_bounds(start), date_bounds(end), date_bounds(as_of)
    lo = sb[0] if sb else (ab[0] if ab else None)
    hi = eb[1] if eb else (ab[1] if ab and not sb else None)
    return lo, hi


def _timeline(offices: list[dict[str, Any]]) -> dict[str, Any]:
    """Rows of bars (one row per office) placed on a common axis, in percent."""
    dated = [o for o in offices if o["lo"]]
    if not dated:
        return {"rows": [], "ticks": []}
    from datetime import date

    lo = min(o["lo"] for o in dated)
    hi = max([o["hi"] or o["lo"] for o in dated] + [o["lo"] for o in dated])
    y0, y1 = int(lo[:4]), int(hi[:4]) + 1
    d0, d1 = date(y0, 1, 1).toordinal(), date(y1, 1, 1).toordinal()
    if d1 - d0 < 366:
        d1 = date(y0 + 1, 1, 1).toordinal()

    def pct(day: str) -> float:
        try:
            d = date.fromisoformat(day).toordinal()
        except ValueError:
            d = d0
        return round(100.0 * (d - d0) / (d1 - d0), 2)

    rows: dict[str, dict[str, Any]] = {}
    for o in dated:
        row = rows.setdefault(o["office"]["iri"], {"office": o["office"], "bars": []})
        left = pct(o["lo"])
        right = pct(o["hi"]) if o["hi"] else (100.0 if o["origin"] == "reference" else left)
        row["bars"].append(
            {
                "left": left,
                "width": max(right - left, 0.8),
                "open": o["hi"] is None and o["origin"] == "reference",
                "point": o["hi"] is None and o["origin"] != "reference" or o["lo"] == o["hi"],
                "origin": o["origin"],
                "status": o["status"],
                "label": o["when"],
                "source": o["source"],
                "disputed": o["disputed"],
            }
        )
    ticks = [{"year": y, "left": pct(f"{y}-01-01")} for y in range(y0, y1 + 1)]
    return {"rows": list(rows.values()), "ticks": ticks}


def entity_view(store: Store, kind: str, slug: str) -> dict[str, Any]:
    """Everything the graph says about one actor, place or office, each fact with its source."""
    iri = entity_iri_from(kind, slug)
    x = sparql_term(iri)
    base = store.select(
        PREFIXES + f"SELECT ?p ?o WHERE {{ {x} ?p ?o . VALUES ?p {{ ng:name ng:alias ng:wikidataId "
        "ng:officeOf ng:jurisdiction ng:singleSeat ng:stateOf <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> } }"
    )
    if not base.rows:
        raise NotFound(f"nothing is known about {iri}")
    props: dict[str, list[Node]] = defaultdict(list)
    for r in base:
        o = r["o"]
        if o is not None:  # bound in every row: the pattern has no OPTIONAL
            props[local(r["p"])].append(o)
    types = sorted(local(t) for t in props.get("type", []) if str(t).startswith(NG_IRI))
    name = str(props["name"][0]) if props.get("name") else local(iri)
    view: dict[str, Any] = {
        "iri": str(iri),
        "kind": kind,
        "slug": slug,
        "name": name,
        "types": types,
        "aliases": sorted({str(a) for a in props.get("alias", [])} - {name}),
        "wikidata": [str(w) for w in props.get("wikidataId", [])],
        "graph_url": f"/ui/graph/{kind}/{slug}",
    }
    linked = (
        list(props.get("officeOf", [])) + list(props.get("jurisdiction", [])) + list(props.get("stateOf", []))
    )
    nm = names(store, linked)
    view["office_of"] = [link(nm, o) for o in props.get("officeOf", [])]
    view["jurisdiction"] = [link(nm, o) for o in props.get("jurisdiction", [])]
    view["state_of"] = [link(nm, o) for o in props.get("stateOf", [])]
    view["single_seat"] = any(str(v).lower() == "true" for v in props.get("singleSeat", []))

    disputed = _disputed(store)
    view["offices"] = _holdings(store, f"?h ng:holder {x} ; ng:office ?o .", disputed)
    view["holders"] = (
        _holdings(store, f"?h ng:office {x} ; ng:holder ?o .", disputed) if kind == "office" else []
    )
    view["timeline"] = _timeline(view["offices"] if kind != "office" else view["holders"])
    view["events"] = _events_of(store, iri, [name, *view["aliases"]] if kind == "person" else [])
    view["claims_by"] = _claims(store, f"?c ng:claimant {x} .", "about")
    view["claims_about"] = _claims(store, f"?c ng:about {x} .", "claimant")
    view["contradictions"] = _contradictions_touching(
        store, iri, "ng:holder|ng:claimant|ng:about|ng:participant|ng:office"
    )
    return view


def _disputed(store: Store) -> set[str]:
    v = sparql_term(URIRef(iris.validation_graph_iri()))
    rows = store.select(
        PREFIXES + f"SELECT DISTINCT ?st WHERE {{ {{ ?st ng:disputes ?o }} UNION {{ ?o ng:disputes ?st }} "
        f"UNION {{ GRAPH {v} {{ ?c a ng:Contradiction ; ng:involves ?st }} }} }}"
    )
    return {str(r["st"]) for r in rows}


def _sources_info(store: Store, srcs: Iterable[str]) -> dict[str, dict[str, Any]]:
    srcs = sorted({s for s in srcs if s})
    out: dict[str, dict[str, Any]] = {}
    if not srcs:
        return out
    rows = store.select(
        PREFIXES
        + "SELECT ?s ?h ?d ?name ?outlet ?oname WHERE { "
        + values_block("s", srcs)
        + " ?s a ng:Source . "
        "OPTIONAL { ?s schema:headline ?h } OPTIONAL { ?s schema:datePublished ?d } "
        "OPTIONAL { ?s ng:articleName ?name } OPTIONAL { ?s ng:outlet ?outlet . OPTIONAL { ?outlet ng:name ?oname } } }"
    )
    for r in rows:
        s = str(r["s"])
        out.setdefault(
            s,
            {
                "iri": s,
                "url": ui_path(s),
                "headline": lexical(r["h"]) or lexical(r["name"]) or local(s),
                "date": lexical(r["d"]),
                "outlet": lexical(r["oname"]),
            },
        )
    return out


def _source_link(
    info: dict[str, dict[str, Any]], src: str | None, fact: str | None = None
) -> dict[str, Any] | None:
    if src is None:
        return None
    if src in info:
        d = dict(info[src])
    else:  # a cited reference URL
        d = {
            "iri": src,
            "url": src if src.startswith("http") else None,
            "headline": src,
            "date": None,
            "outlet": None,
            "external": True,
        }
    if fact and d.get("url") and not d.get("external"):
        fact_url = ui_path(fact)
        if fact_url and "#" in fact_url:
            d["url"] = fact_url
    return d


def _holdings(store: Store, pattern: str, disputed: set[str]) -> list[dict[str, Any]]:
    rows = store.select(
        PREFIXES + "SELECT ?h ?g ?o ?title ?status ?start ?end ?asof ?src ?derived WHERE { "
        f"GRAPH ?g {{ {pattern} OPTIONAL {{ ?h ng:officeTitle ?title }} OPTIONAL {{ ?h ng:status ?status }} "
        "OPTIONAL { ?h ng:startDate ?start } OPTIONAL { ?h ng:endDate ?end } OPTIONAL { ?h ng:asOf ?asof } "
        "OPTIONAL { ?h ng:reportedBy ?src } OPTIONAL { ?h prov:wasDerivedFrom ?derived } } }"
    )
    seen: dict[str, dict[str, Any]] = {}
    for r in rows:
        h = str(r["h"])
        if h in seen:
            continue
        seen[h] = {
            k: lexical(r[k])
            for k in ("h", "g", "o", "title", "status", "start", "end", "asof", "src", "derived")
        }
    if not seen:
        return []
    others = [d["o"] for d in seen.values()]
    orgs = store.select(
        PREFIXES + "SELECT ?o ?org WHERE { " + values_block("o", others) + " ?o ng:officeOf ?org }"
    )
    org_of = {str(r["o"]): str(r["org"]) for r in orgs}
    nm = names(store, others + list(org_of.values()))
    ev = evidence_in_graphs(store, [(d["h"], d["g"]) for d in seen.values()])
    info = _sources_info(store, [d["src"] for d in seen.values() if d["src"]])
    out = []
    for d in seen.values():
        lo, hi = _span(d["start"], d["end"], d["asof"])
        origin = (
            "reference"
            if d["g"] == str(iris.reference_graph_iri()) or (d["derived"] and not d["src"])
            else "article"
        )
        if d["start"] or d["end"]:
            when = f"{d['start'] or '?'} \u2013 {d['end'] or ('' if origin == 'reference' else '?')}".strip()
            if d["asof"]:
                when += f" (as of {d['asof']})"
        else:
            when = f"as of {d['asof']}" if d["asof"] else "undated"
        out.append(
            {
                "iri": d["h"],
                "office": link(nm, d["o"]),
                "organisation": link(nm, org_of.get(d["o"])),
                "title": d["title"],
                "status": local(d["status"]) if d["status"] else None,
                "start": d["start"],
                "end": d["end"],
                "as_of": d["asof"],
                "when": when,
                "lo": lo,
                "hi": hi,
                "origin": origin,
                "source": _source_link(info, d["src"] or d["derived"], d["h"]),
                "evidence": ev.get((d["h"], d["g"]), []),
                "disputed": d["h"] in disputed,
            }
        )
    out.sort(key=lambda o: (o["lo"] or "9999", o["office"]["name"] if o["office"] else ""))
    return out


def _event_info(store: Store, events: Iterable[str]) -> dict[str, dict[str, Any]]:
    events = sorted(set(events))
    out: dict[str, dict[str, Any]] = {
        e: {"iri": e, "url": ui_path(e), "types": set(), "labels": set(), "start": None, "end": None}
        for e in events
    }
    if not events:
        return out
    for i in range(0, len(events), 300):
        rows = store.select(
            # DISTINCT: an event described by many sources repeats its type, label and dates
            PREFIXES
            + "SELECT DISTINCT ?e ?t ?label ?start ?end WHERE { "
            + values_block("e", events[i : i + 300])
            + " "
            "{ ?e a ?t } UNION { ?e ng:label ?label } UNION { ?e ng:startDate ?start } UNION { ?e ng:endDate ?end } }"
        )
        for r in rows:
            d = out[str(r["e"])]
            if r["t"] is not None and str(r["t"]).startswith(NG_IRI):
                d["types"].add(local(r["t"]))
            if r["label"] is not None:
                d["labels"].add(str(r["label"]))
            if r["start"] is not None and (d["start"] is None or str(r["start"]) < d["start"]):
                d["start"] = str(r["start"])
            if r["end"] is not None and (d["end"] is None or str(r["end"]) > d["end"]):
                d["end"] = str(r["end"])
    for d in out.values():
        d["types"] = sorted(d["types"] - {"Event"}) or sorted(d["types"])
        d["labels"] = sorted(d["labels"])
        d["name"] = d["labels"][0] if d["labels"] else humanise(d["types"][0] if d["types"] else "event")
        d["when"] = (
            d["start"] if d["start"] == d["end"] or not d["end"] else f"{d['start'] or '?'} \u2013 {d['end']}"
        )
    return out


def humanise(class_name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", " ", class_name).lower()


#: ng:Event and its kinds (from the ontology), as the terms of a VALUES block
EVENT_CLASS_VALUES = " ".join(sparql_term(c) for c in subclasses(NG.Event, include_self=True))


def _event_sentences(store: Store) -> list[tuple[str, str, str | None, str]]:
    """(event, graph, source, sentence) for every evidence sentence of an event, read once per
    version of the store (``graph.read.cache.per_version``): finding the events whose sentences name a
    person is a substring scan, cheaper over this list than as a SPARQL ``CONTAINS`` filter."""
    from graph.read.cache import per_version

    def build() -> list[tuple[str, str, str | None, str]]:
        rows = store.select(
            PREFIXES
            + "SELECT ?e ?g ?src ?sentence WHERE { GRAPH ?g { ?e ng:evidence ?ev . ?ev ng:sentence ?sentence . "
            f"?e a ?t . VALUES ?t {{ {EVENT_CLASS_VALUES} }} OPTIONAL {{ ?e ng:reportedBy ?src }} }} }}"
        )
        return [(str(r["e"]), str(r["g"]), lexical(r["src"]), str(r["sentence"])) for r in rows]

    return per_version(store, "event-sentences", build)


EVENT_CLASS_LIST = ", ".join(EVENT_CLASS_VALUES.split())


def _events_of(store: Store, iri: URIRef, mention_names: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Events the entity takes part in, then events whose evidence sentence names it."""
    x = sparql_term(iri)
    rows = store.select(
        PREFIXES + "SELECT ?e ?g ?src ?role WHERE { GRAPH ?g { "
        f"{{ ?e ng:participant {x} }} UNION {{ ?e ng:participation ?pp . ?pp ng:agent {x} }} "
        f"UNION {{ ?c ng:claimant {x} ; ng:about ?e . ?e a ?et . FILTER(?et IN ({EVENT_CLASS_LIST})) "
        "BIND(<https://w3id.org/newsgraph/ontology#claimant> AS ?role) } "
        f"OPTIONAL {{ ?e ng:reportedBy ?src }} OPTIONAL {{ ?e ng:participation ?pq . ?pq ng:agent {x} ; ng:role ?role }} }} }}"
    )
    per: dict[str, dict[str, Any]] = {}
    pairs = []
    for r in rows:
        e, g = str(r["e"]), str(r["g"])
        d = per.setdefault(e, {"reports": {}, "roles": set(), "mentioned": False, "sentences": {}})
        if r["role"] is not None:
            d["roles"].add(local(r["role"]))
        d["reports"].setdefault(g, lexical(r["src"]))
        pairs.append((e, g))
    wanted = sorted({n for n in mention_names if len(n) >= 4})
    if wanted:
        for e, g, src, sentence in _event_sentences(store):
            if not any(n in sentence for n in wanted):
                continue
            d = per.setdefault(e, {"reports": {}, "roles": set(), "mentioned": True, "sentences": {}})
            d["reports"].setdefault(g, src)
            d["sentences"].setdefault(g, sentence)
            pairs.append((e, g))
    if not per:
        return []
    info = _event_info(store, per)
    ev = evidence_in_graphs(store, pairs)
    srcinfo = _sources_info(store, [s for d in per.values() for s in d["reports"].values() if s])
    out = []
    for e, d in per.items():
        item = dict(info[e])
        item["roles"] = sorted(d["roles"])
        item["mentioned"] = d["mentioned"]
        item["sources"] = []
        for g, src in sorted(d["reports"].items()):
            sl = _source_link(srcinfo, src)
            if sl is None:
                continue
            evs = ev.get((e, g), [])
            sl["sentence"] = d["sentences"].get(g) or (evs[0]["sentence"] if evs else None)
            if src:
                sl["url"] = (ui_path(src) or "") + "#" + anchor(e)
            item["sources"].append(sl)
        out.append(item)
    out.sort(key=lambda i: (i["mentioned"], i["start"] or "9999", i["name"]))
    return out


def _claims(store: Store, pattern: str, other: str) -> list[dict[str, Any]]:
    rows = store.select(
        PREFIXES
        + "SELECT ?c ?g ?content ?quote ?claimant ?about ?src ?unatt WHERE { GRAPH ?g { "
        + pattern
        + " "
        "OPTIONAL { ?c ng:content ?content } OPTIONAL { ?c ng:quote ?quote } OPTIONAL { ?c ng:claimant ?claimant } "
        "OPTIONAL { ?c ng:about ?about } OPTIONAL { ?c ng:reportedBy ?src } OPTIONAL { ?c ng:unattributed ?unatt } } }"
    )
    claims: dict[str, dict[str, Any]] = {}
    for r in rows:
        c = str(r["c"])
        d = claims.setdefault(
            c,
            {
                "iri": c,
                "g": str(r["g"]),
                "content": lexical(r["content"]),
                "quote": lexical(r["quote"]),
                "claimant": lexical(r["claimant"]),
                "about": [],
                "src": lexical(r["src"]),
                "unattributed": lexical(r["unatt"]) == "true",
            },
        )
        if r["about"] is not None and str(r["about"]) not in d["about"]:
            d["about"].append(str(r["about"]))
    if not claims:
        return []
    nm = names(
        store, [d["claimant"] for d in claims.values()] + [a for d in claims.values() for a in d["about"]]
    )
    ev = evidence_in_graphs(store, [(c, d["g"]) for c, d in claims.items()])
    info = _sources_info(store, [d["src"] for d in claims.values() if d["src"]])
    out = []
    for c, d in claims.items():
        out.append(
            {
                "iri": c,
                "url": ui_path(c),
                "content": d["content"] or d["quote"] or local(c),
                "quote": d["quote"],
                "claimant": link(nm, d["claimant"]),
                "unattributed": d["unattributed"],
                "about": [link(nm, a) for a in d["about"]],
                "source": _source_link(info, d["src"], c),
                "evidence": ev.get((c, d["g"]), []),
            }
        )
    out.sort(key=lambda i: ((i["source"] or {}).get("date") or "", i["iri"]))
    return out


# ---------------------------------------------------------------------------------------------
# Event page
# ---------------------------------------------------------------------------------------------


def event_view(store: Store, slug: str) -> dict[str, Any]:
    """An event with its parts, participants, and each source's quantities and evidence."""
    iri = entity_iri_from("event", slug)
    x = sparql_term(iri)
    info = _event_info(store, [str(iri)])[str(iri)]
    if not info["types"] and not info["labels"] and not info["start"]:
        raise NotFound(f"nothing is known about {iri}")
    view: dict[str, Any] = dict(info)
    view["slug"] = slug
    rel = store.select(
        PREFIXES + f"SELECT ?p ?o WHERE {{ {{ {x} ?p ?o . VALUES ?p {{ ng:partOf ng:hasPart ng:place "
        f"ng:expectedParts ng:sameEventAs }} }} UNION {{ ?o ng:partOf {x} BIND(ng:hasPart AS ?p) }} "
        f"UNION {{ ?o ng:hasPart {x} BIND(ng:partOf AS ?p) }} }}"
    )
    wholes, parts, places, same, expected = set(), set(), set(), set(), None
    for r in rel:
        p, o = local(r["p"]), r["o"]
        if p == "partOf":
            wholes.add(str(o))
        elif p == "hasPart":
            parts.add(str(o))
        elif p == "place":
            places.add(str(o))
        elif p == "sameEventAs":
            same.add(str(o))
        elif p == "expectedParts":
            expected = _int(o)
    rel_info = _event_info(store, wholes | parts | same)
    view["wholes"] = [rel_info[e] for e in sorted(wholes)]
    view["parts"] = sorted((rel_info[e] for e in parts), key=lambda i: (i["start"] or "", i["name"]))
    view["same_as"] = [rel_info[e] for e in sorted(same)]
    view["expected_parts"] = expected

    # each source's description: participants, quantities, evidence
    rows = store.select(
        PREFIXES + "SELECT ?g ?a ?role WHERE { GRAPH ?g { "
        f"{{ {x} ng:participant ?a }} UNION {{ {x} ng:participation ?pp . ?pp ng:agent ?a "
        "OPTIONAL { ?pp ng:role ?role } } } }"
    )
    reports: dict[str, str | None] = {}
    participants: dict[str, dict[str, Any]] = {}
    for r in store.select(
        PREFIXES + f"SELECT DISTINCT ?g ?src WHERE {{ GRAPH ?g {{ {x} ?p ?o "
        f"OPTIONAL {{ {x} ng:reportedBy ?src }} }} }}"
    ):
        reports.setdefault(str(r["g"]), lexical(r["src"]))
    for r in rows:
        if r["a"] is None:
            continue
        a = str(r["a"])
        d = participants.setdefault(a, {"sources": set(), "roles": set()})
        d["sources"].add(str(r["g"]))
        if r["role"] is not None:
            d["roles"].add(local(r["role"]))
    nm = names(store, list(participants) + list(places))
    kinds: dict[str, list[str]] = defaultdict(list)
    if participants:
        for r in store.select("SELECT ?x ?t WHERE { " + values_block("x", participants) + " ?x a ?t }"):
            kinds[str(r["x"])].append(local(r["t"]))
    view["participants"] = sorted(
        (
            {
                **(link(nm, a) or {}),
                "roles": sorted(d["roles"]),
                "reports": len(d["sources"]),
                "kind": _kind_of_types(kinds.get(a, [])),
            }
            for a, d in participants.items()
        ),
        key=lambda p: (-p["reports"], p["name"]),
    )
    view["places"] = [link(nm, p) for p in sorted(places)]

    qrows = store.select(
        PREFIXES + "SELECT ?g ?q ?value ?counts ?measure ?qualifier ?unit ?src WHERE { GRAPH ?g { "
        f"{x} ng:quantity ?q . ?q ng:value ?value . OPTIONAL {{ ?q ng:counts ?counts }} "
        "OPTIONAL { ?q ng:measure ?measure } OPTIONAL { ?q ng:qualifier ?qualifier } OPTIONAL { ?q ng:unit ?unit } "
        "OPTIONAL { ?q ng:reportedBy ?src } } }"
    )
    qs: dict[str, dict[str, Any]] = {}
    for r in qrows:
        q = str(r["q"])
        if q not in qs:
            qs[q] = {k: lexical(r[k]) for k in ("g", "q", "counts", "measure", "qualifier", "unit", "src")}
            qs[q]["value"] = _num(r["value"])
    srcs = set(v for v in reports.values() if v) | {d["src"] for d in qs.values() if d["src"]}
    sinfo = _sources_info(store, srcs)
    ev = evidence_in_graphs(store, [(d["q"], d["g"]) for d in qs.values()] + [(str(iri), g) for g in reports])
    disputed = _disputed(store)
    supports: Any = (
        store.select(
            PREFIXES
            + "SELECT ?a ?b WHERE { "
            + values_block("a", qs or ["urn:x-none"])
            + " ?a ng:supports ?b }"
        )
        if qs
        else []
    )
    agree: dict[str, list[str]] = defaultdict(list)
    for r in supports:
        agree[str(r["a"])].append(str(r["b"]))
        agree[str(r["b"])].append(str(r["a"]))
    measures: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for d in qs.values():
        qualifier = local(d["qualifier"]) if d["qualifier"] else None
        measures[local(d["measure"]) if d["measure"] else (d["counts"] or "quantity")].append(
            {
                "iri": d["q"],
                "value": d["value"],
                "qualifier": qualifier,
                "qualifier_text": {
                    "AtLeast": "at least",
                    "MoreThan": "more than",
                    "Approximately": "about",
                    "AtMost": "at most",
                }.get(qualifier or "", ""),
                "counts": d["counts"],
                "unit": d["unit"],
                "source": _source_link(sinfo, d["src"] or reports.get(d["g"]), d["q"]),
                "evidence": ev.get((d["q"], d["g"]), []),
                "disputed": d["q"] in disputed,
                "agrees": len(agree.get(d["q"], [])),
            }
        )
    view["quantities"] = [
        {
            "measure": m,
            "rows": sorted(vals, key=lambda v: ((v["source"] or {}).get("date") or "", v["iri"])),
            "distinct": len({v["value"] for v in vals}),
        }
        for m, vals in sorted(measures.items())
    ]
    view["sources"] = []
    for g, src in sorted(reports.items()):
        sl = _source_link(sinfo, src)
        if sl is None:
            continue
        evs = ev.get((str(iri), g), [])
        sl["evidence"] = evs
        if src:
            sl["url"] = (ui_path(src) or "") + "#" + anchor(str(iri))
        view["sources"].append(sl)
    view["claims"] = _claims(store, f"?c ng:about {x} .", "claimant")
    view["contradictions"] = _contradictions_touching(store, iri, "^ng:quantity|ng:about|ng:partOf")
    return view


# ---------------------------------------------------------------------------------------------
# Source page: the article with its facts highlighted
# ---------------------------------------------------------------------------------------------


def _fact_kind(types: set[str]) -> str:
    for t, k in (("OfficeHolding", "holding"), ("Claim", "claim"), ("Quantity", "quantity")):
        if t in types:
            return k
    return "event" if types else "fact"


def source_view(store: Store, sid: str) -> dict[str, Any]:
    """An article's text, its metadata, and the facts extracted from it with their spans."""
    if not _SLUG.match(sid):
        raise NotFound(f"not a source id: {sid!r}")
    src = iris.source_iri(sid)
    s = sparql_term(src)
    meta = store.select(
        PREFIXES + f"SELECT ?p ?o WHERE {{ {s} ?p ?o . VALUES ?p {{ schema:headline schema:url ng:outlet "
        "schema:datePublished ng:publishedInferred ng:retrieved ng:text ng:articleName ng:inGraph schema:inLanguage "
        "prov:wasGeneratedBy ng:contentHash } }"
    )
    if not meta.rows:
        raise NotFound(f"no source {sid}")
    m: dict[str, str] = {}
    for r in meta:
        m.setdefault(local(r["p"]), str(r["o"]))
    graph = m.get("inGraph") or str(iris.source_graph_iri(sid))
    g = sparql_term(URIRef(graph))
    outlet_names = names(store, [m["outlet"]]) if m.get("outlet") else {}
    activity = {}
    if m.get("wasGeneratedBy"):
        for r in store.select(
            PREFIXES + f"SELECT ?p ?o WHERE {{ {sparql_term(URIRef(m['wasGeneratedBy']))} ?p ?o . "
            "VALUES ?p { ng:modelName ng:modelVersion prov:startedAtTime prov:wasAssociatedWith } }"
        ):
            activity[local(r["p"])] = str(r["o"])
    text = m.get("text", "")

    rows = store.select(
        PREFIXES + f"SELECT ?f ?t ?ev ?start ?end ?sentence WHERE {{ GRAPH {g} {{ ?f ng:evidence ?ev . "
        "OPTIONAL { ?f a ?t } OPTIONAL { ?ev ng:sentence ?sentence } "
        "OPTIONAL { ?ev oa:hasSelector ?ps . ?ps oa:start ?start ; oa:end ?end } } }"
    )
    facts: dict[str, dict[str, Any]] = {}
    for r in rows:
        f = str(r["f"])
        d = facts.setdefault(f, {"iri": f, "types": set(), "spans": [], "sentences": []})
        if r["t"] is not None and str(r["t"]).startswith(NG_IRI):
            d["types"].add(local(r["t"]))
        st, en = _int(r["start"]), _int(r["end"])
        if st is not None and en is not None and 0 <= st < en <= len(text) and (st, en) not in d["spans"]:
            d["spans"].append((st, en))
        if r["sentence"] is not None and str(r["sentence"]) not in d["sentences"]:
            d["sentences"].append(str(r["sentence"]))
    # what each fact says, in words
    details = store.select(
        PREFIXES + f"SELECT ?f ?p ?o WHERE {{ GRAPH {g} {{ ?f ng:evidence ?ev . ?f ?p ?o . VALUES ?p {{ "
        "ng:holder ng:office ng:officeTitle ng:status ng:asOf ng:startDate ng:endDate ng:claimant ng:about ng:content "
        "ng:quote ng:value ng:counts ng:qualifier ng:label ng:participant ng:confidence ng:unattributed } } }"
    )
    det: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in details:
        vals = det[str(r["f"])][local(r["p"])]
        if str(r["o"]) not in vals:
            vals.append(str(r["o"]))
    refs = [
        v
        for d in det.values()
        for k in ("holder", "office", "claimant", "about", "participant")
        for v in d.get(k, [])
    ]
    nm = names(store, refs + [f for f, d in facts.items() if _fact_kind(d["types"]) == "event"])
    disputed = _disputed(store)
    fact_list = []
    for f, d in facts.items():
        kind = _fact_kind(d["types"])
        p = det.get(f, {})
        fact: dict[str, Any] = {
            "iri": f,
            "id": anchor(f),
            "kind": kind,
            "types": sorted(d["types"]),
            "spans": sorted(d["spans"]),
            "sentences": d["sentences"],
            "confidence": _first(p, "confidence"),
            "disputed": f in disputed,
            "links": [],
        }
        if kind == "holding":
            holder = _first(p, "holder")
            fact["summary"] = f"{nm.get(holder or '', local(holder))}: {(p.get('officeTitle') or [''])[0]}"
            status = _first(p, "status")
            fact["detail"] = ", ".join(
                x
                for x in [
                    local(status) if status else "",
                    *(f"as of {a}" for a in p.get("asOf", [])),
                    *(f"since {a}" for a in p.get("startDate", [])),
                    *(f"until {a}" for a in p.get("endDate", [])),
                ]
                if x
            )
            fact["links"] = [link(nm, holder), link(nm, _first(p, "office"))]
        elif kind == "claim":
            fact["summary"] = (p.get("content") or p.get("quote") or [local(f)])[0]
            claimant = _first(p, "claimant")
            fact["detail"] = (
                ("claimed by " + nm.get(claimant, local(claimant))) if claimant else "unattributed"
            )
            fact["links"] = [link(nm, claimant)] + [link(nm, a) for a in p.get("about", [])]
        elif kind == "quantity":
            q = _first(p, "qualifier")
            qual = {
                "AtLeast": "at least ",
                "MoreThan": "more than ",
                "Approximately": "about ",
                "AtMost": "at most ",
            }.get(local(q) if q else "", "")
            fact["summary"] = (
                f"{qual}{_num(Literal((p.get('value') or ['?'])[0]))} {(p.get('counts') or [''])[0]}".strip()
            )
            fact["detail"] = ""
        else:
            fact["summary"] = nm.get(f) or humanise((sorted(d["types"]) or ["Event"])[0])
            fact["detail"] = ", ".join(humanise(t) for t in sorted(d["types"]))
            fact["links"] = [{"iri": f, "name": "event page", "url": ui_path(f)}] + [
                link(nm, a) for a in p.get("participant", [])
            ]
        fact["links"] = [x for x in fact["links"] if x]
        fact_list.append(fact)
    fact_list.sort(
        key=lambda fx: (fx["spans"][0][0] if fx["spans"] else len(text) + 1, fx["kind"], fx["iri"])
    )
    for i, fx in enumerate(fact_list):
        fx["n"] = i
    return {
        "iri": str(src),
        "sid": sid,
        "graph": graph,
        "headline": m.get("headline") or m.get("articleName") or sid,
        "url": m.get("url"),
        "date": m.get("datePublished"),
        "date_inferred": m.get("publishedInferred") == "true",
        "retrieved": m.get("retrieved"),
        "language": m.get("inLanguage"),
        "outlet": link(outlet_names, m.get("outlet")) if m.get("outlet") else None,
        "article_name": m.get("articleName"),
        "activity": activity,
        "text": text,
        "segments": segments(text, fact_list),
        "facts": fact_list,
        "contradictions": _contradictions_touching(store, src, "ng:reportedBy"),
    }


def segments(text: str, facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text cut at every span boundary; each piece lists the facts (by index) covering it."""
    bounds = {0, len(text)}
    for f in facts:
        for st, en in f["spans"]:
            bounds.update((st, en))
    cuts = sorted(bounds)
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [f["n"] for f in facts if any(st <= a and b <= en for st, en in f["spans"])]
        kinds = sorted({facts[i]["kind"] for i in covering})
        out.append({"text": text[a:b], "facts": covering, "kinds": kinds, "start": a})
    return out


# ---------------------------------------------------------------------------------------------
# Validation report
# ---------------------------------------------------------------------------------------------


def validation_view(
    store: Store,
    rule: str | None = None,
    severity: str | None = None,
    entity: str | None = None,
    source: str | None = None,
) -> dict[str, Any]:
    """Recorded contradictions with the statements they involve, filtered for curators."""
    v = sparql_term(URIRef(iris.validation_graph_iri()))
    rows = store.select(
        PREFIXES
        + "SELECT ?c ?rule ?severity ?message ?detected ?st WHERE { GRAPH "
        + v
        + " { ?c a ng:Contradiction . "
        "OPTIONAL { ?c ng:rule ?rule } OPTIONAL { ?c ng:severity ?severity } OPTIONAL { ?c ng:message ?message } "
        "OPTIONAL { ?c ng:detectedAt ?detected } OPTIONAL { ?c ng:involves ?st } } } ORDER BY ?c"
    )
    cs: dict[str, dict[str, Any]] = {}
    for r in rows:
        c = str(r["c"])
        d = cs.setdefault(
            c,
            {
                "iri": c,
                "id": anchor(c),
                "rule": lexical(r["rule"]),
                "rule_name": local(r["rule"]),
                "severity": local(r["severity"]) or "Violation",
                "message": lexical(r["message"]) or "",
                "detected": lexical(r["detected"]),
                "statements": [],
            },
        )
        if r["st"] is not None and str(r["st"]) not in d["statements"]:
            d["statements"].append(str(r["st"]))
    facets = {
        "rules": sorted({(d["rule"] or "", d["rule_name"]) for d in cs.values()}),
        "severities": sorted({d["severity"] for d in cs.values()}),
    }
    statements = sorted({s for d in cs.values() for s in d["statements"]})
    st_info = _statements(store, statements)
    items = []
    for d in cs.values():
        if rule and rule not in (d["rule"], d["rule_name"]):
            continue
        if severity and severity.lower() != d["severity"].lower():
            continue
        sts = [
            st_info.get(
                s,
                {
                    "iri": s,
                    "kind": "statement",
                    "summary": local(s),
                    "touches": [],
                    "source": None,
                    "evidence": [],
                    "origin": "article",
                },
            )
            for s in d["statements"]
        ]
        sts.sort(key=lambda s: (s["origin"] != "article", (s["source"] or {}).get("date") or "", s["iri"]))
        if entity and not any(entity in (s["iri"], *s["touches"]) for s in sts):
            continue
        if source and not any((s["source"] or {}).get("iri") == source for s in sts):
            continue
        items.append({**d, "statements": sts})
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    items.sort(key=lambda i: (order.get(i["severity"], 3), i["rule_name"], i["message"]))
    entity_name = names(store, [entity]).get(entity, local(entity)) if entity else None
    return {
        "items": items,
        "total": len(cs),
        "facets": facets,
        "filters": {
            "rule": rule,
            "severity": severity,
            "entity": entity,
            "entity_name": entity_name,
            "source": source,
        },
    }


def _first(props: dict[str, list[str]], key: str) -> str | None:
    vals = props.get(key)
    return vals[0] if vals else None


def _statements(store: Store, statements: list[str]) -> dict[str, dict[str, Any]]:
    """Kind, words, touched entities, source and evidence of statements (holdings, quantities, claims)."""
    if not statements:
        return {}
    out: dict[str, dict[str, Any]] = {}
    props: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    graphs: dict[str, str] = {}
    for i in range(0, len(statements), 200):
        rows = store.select(
            PREFIXES
            + "SELECT ?s ?g ?p ?o WHERE { "
            + values_block("s", statements[i : i + 200])
            + " GRAPH ?g { ?s ?p ?o . "
            "VALUES ?p { <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ng:holder ng:office ng:officeTitle "
            "ng:status ng:asOf ng:startDate ng:endDate ng:claimant ng:about ng:content ng:value ng:counts "
            "ng:reportedBy prov:wasDerivedFrom ng:measure } } }"
        )
        for r in rows:
            s = str(r["s"])
            graphs.setdefault(s, str(r["g"]))
            val = str(r["o"])
            if val not in props[s][local(r["p"])]:
                props[s][local(r["p"])].append(val)
        rows = store.select(
            PREFIXES
            + "SELECT ?s ?e WHERE { "
            + values_block("s", statements[i : i + 200])
            + " ?e ng:quantity ?s ; a ?t . VALUES ?t { "
            + EVENT_CLASS_VALUES
            + " } }"
        )
        for r in rows:
            props[str(r["s"])]["of"].append(str(r["e"]))
    refs = [
        v
        for p in props.values()
        for k in ("holder", "office", "claimant", "about", "of")
        for v in p.get(k, [])
    ]
    nm = names(store, refs)
    srcs = [v for p in props.values() for v in p.get("reportedBy", [])]
    sinfo = _sources_info(store, srcs)
    ev = evidence_in_graphs(store, [(s, g) for s, g in graphs.items()])
    for s in statements:
        p = props.get(s, {})
        types = {local(t) for t in p.get("type", [])}
        kind = _fact_kind(types) if types else "statement"
        one = partial(_first, p)
        if kind == "holding":
            when = ", ".join(
                [
                    f"as of {one('asOf')}" if one("asOf") else "",
                    f"since {one('startDate')}" if one("startDate") else "",
                    f"until {one('endDate')}" if one("endDate") else "",
                ]
            ).strip(", ")
            summary = f"{nm.get(one('holder') or '', local(one('holder')))} \u2014 {nm.get(one('office') or '', one('officeTitle') or '')}"
            summary += f" ({when})" if when else ""
            touches = [x for x in (one("holder"), one("office")) if x]
        elif kind == "quantity":
            summary = f"{_num(Literal(one('value') or '?'))} {one('counts') or ''}".strip()
            touches = p.get("of", [])
            if touches:
                summary += f" \u2014 {nm.get(touches[0], local(touches[0]))}"
        elif kind == "claim":
            summary = one("content") or local(s)
            touches = [x for x in (one("claimant"), *p.get("about", [])) if x]
        else:
            summary, touches = nm.get(s, local(s)), []
        src = one("reportedBy") or one("wasDerivedFrom")
        out[s] = {
            "iri": s,
            "url": ui_path(s),
            "kind": kind,
            "summary": summary,
            "touches": touches,
            "touch_links": [link(nm, t) for t in touches],
            "origin": "reference" if graphs.get(s) == str(iris.reference_graph_iri()) else "article",
            "source": _source_link(sinfo, src, s),
            "evidence": ev.get((s, graphs.get(s, "")), []),
        }
    return out

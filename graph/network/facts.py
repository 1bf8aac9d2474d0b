"""The facts behind the actor network's links, read from the store once (:func:`load_facts`).

An :class:`ActorFacts` index holds the actors and every :class:`Fact` linking two of them (an event
both take part in, a claim of one about the other, an office held in the other), each with the source
that states it; :meth:`ActorFacts.graph` cuts filtered :class:`networkx.Graph` views from it cheaply.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from rdflib import URIRef
from rdflib.term import Node

from graph import iris
from graph.classes import event_classes, organisation_classes, subclasses
from graph.config import base_iri
from graph.errors import InputError
from graph.namespace import NG
from graph.read.cache import per_version
from graph.read.dates import date_bounds
from graph.sparql.terms import PREFIXES, lexical, values_block
from graph.store import Store

#: actor classes (from the ontology) and the kind shown for them; a node typed with several takes
#: the most specific by _KIND_RANK
ACTOR_KINDS: dict[str, str] = {
    **{str(c): "organization" for c in organisation_classes()},
    **{str(c): "state" for c in subclasses(NG.State, include_self=True)},
    **{str(c): "person" for c in subclasses(NG.Person, include_self=True)},
    **{str(c): "collective" for c in subclasses(NG.Collective, include_self=True)},
}
_KIND_RANK = {"person": 0, "state": 1, "organization": 2, "collective": 3}

EVENT_CLASSES: tuple[URIRef, ...] = event_classes()
EDGE_KINDS = ("event", "claim", "office")


def _normalise_bound(value: str | None, upper: bool) -> str | None:
    if not value:
        return None
    b = date_bounds(value)
    if b is None:
        raise InputError(f"not a date: {value!r}; use YYYY, YYYY-MM or YYYY-MM-DD")
    return b[1] if upper else b[0]


# ---------------------------------------------------------------------------------------------
# The facts behind edges
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """One statement linking two actors, as one source (or the reference data) makes it."""

    kind: str  # "event" | "claim" | "office"
    fact: str  # IRI of the event, claim or holding
    subject: str  # actor IRI (claimant, holder, or the lower participant)
    object: str  # actor IRI (about, office's organisation, or the other participant)
    source: str  # source IRI, or the cited URL of a reference fact
    graph: str  # named graph holding the statement
    independence: str  # key: sources sharing it are not independent (one outlet)
    lo: str | None = None  # first day the fact concerns
    hi: str | None = None  # last day (None with lo set: open-ended)
    event_type: str | None = None  # local name of the event class, for event facts
    label: str = ""
    directed: bool = False

    def in_window(self, start: str | None, end: str | None) -> bool:
        if start is None and end is None:
            return True
        if self.lo is None:
            return False
        hi = self.hi or "9999-12-31"
        return (start is None or hi >= start) and (end is None or self.lo <= end)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "fact": self.fact,
            "from": self.subject,
            "to": self.object,
            "source": self.source,
            "graph": self.graph,
            "date": self.lo
            if self.lo == self.hi
            else (f"{self.lo or ''}/{self.hi or ''}" if self.lo else None),
            "event_type": self.event_type,
            "label": self.label,
            "directed": self.directed,
        }


@dataclass
class ActorFacts:
    """Everything needed to draw the actor network, read from the store once."""

    actors: dict[str, dict[str, Any]] = field(default_factory=dict)  # iri -> name, kind, aliases
    facts: list[Fact] = field(default_factory=list)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)  # source iri -> headline, date, outlet

    def graph(
        self,
        start: str | None = None,
        end: str | None = None,
        event_type: str | None = None,
        kinds: Iterable[str] = EDGE_KINDS,
        include_isolated: bool = False,
        reference: bool = True,
    ) -> nx.Graph:
        """An undirected weighted graph of actors, cut to a window and an event type.

        ``reference=False`` keeps only the links some article states: a link whose every fact is
        a reference row (an office holding of the reference data) is left out, and with it every
        actor no remaining link touches, so the network shows what the news says.  A link an
        article states keeps the reference facts that agree with it (they count as sources)."""
        start_b = _normalise_bound(start, upper=False)
        end_b = _normalise_bound(end, upper=True)
        wanted = set(kinds)
        etype = _event_type_name(event_type) if event_type else None
        if etype:
            wanted &= {"event"}
        g = nx.Graph()
        g.graph.update(
            {
                "start": start_b,
                "end": end_b,
                "event_type": etype,
                "kinds": sorted(wanted),
                "reference": reference,
            }
        )
        if include_isolated:
            for iri, attrs in self.actors.items():
                g.add_node(iri, **_node_attrs(attrs))
        for f in self.facts:
            if f.kind not in wanted or not f.in_window(start_b, end_b):
                continue
            if etype and f.event_type != etype:
                continue
            if f.subject == f.object:
                continue
            for n in (f.subject, f.object):
                if n not in g:
                    g.add_node(n, **_node_attrs(self.actors.get(n, {"name": short_name(n), "kind": "actor"})))
            if g.has_edge(f.subject, f.object):
                g.edges[f.subject, f.object]["facts"].append(f)
            else:
                g.add_edge(f.subject, f.object, facts=[f])
        if not reference:
            ref = str(iris.reference_graph_iri())
            g.remove_edges_from(
                [(u, v) for u, v, fs in g.edges(data="facts") if all(f.graph == ref for f in fs)]
            )
            if not include_isolated:
                g.remove_nodes_from([v for v in list(g.nodes) if g.degree(v) == 0])
        for _u, _v, data in g.edges(data=True):
            facts = data["facts"]
            data["weight"] = len({x.independence for x in facts})
            data["sources"] = len({x.source for x in facts})
            data["kinds"] = sorted({x.kind for x in facts})
        return g

    def resolve(self, text: str) -> str:
        """An actor's IRI from its IRI, slug ('volodymyr-zelensky', 'person/...'), name or alias."""
        text = text.strip()
        if text in self.actors:
            return text
        base = base_iri()
        if text.startswith(base) and text in self.actors:
            return text
        low = text.lower()
        for iri in self.actors:
            if iri.endswith("/" + low) or iri == base + low:
                return iri
        exact = [iri for iri, a in self.actors.items() if a["name"].lower() == low]
        if not exact:
            exact = [
                iri for iri, a in self.actors.items() if low in (x.lower() for x in a.get("aliases", ()))
            ]
        if not exact:
            exact = [iri for iri, a in self.actors.items() if low in a["name"].lower()]
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            names = ", ".join(sorted(self.actors[i]["name"] for i in exact)[:5])
            raise InputError(f"{text!r} names several actors ({names}); give the IRI or slug")
        raise InputError(f"no actor called {text!r} in the store")


def _node_attrs(a: dict[str, Any]) -> dict[str, Any]:
    return {"name": a.get("name", ""), "kind": a.get("kind", "actor")}


def short_name(iri: str) -> str:
    """The last path segment of an IRI: the name shown for an actor the store gives no name."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _event_type_name(value: str) -> str:
    """'PrisonerExchange', 'prisoner-exchange', 'prisoner exchange' or the class IRI -> 'PrisonerExchange'."""
    v = value.strip()
    v = v.rsplit("#", 1)[-1]
    key = re.sub(r"[^a-z]", "", v.lower())
    for cls in EVENT_CLASSES:
        name = str(cls).rsplit("#", 1)[-1]
        if name.lower() == key:
            return name
    known = ", ".join(str(c).rsplit("#", 1)[-1] for c in EVENT_CLASSES)
    raise InputError(f"unknown event type {value!r}; use one of {known}")


def load_facts(store: Store) -> ActorFacts:
    """Read actors and the facts that link them from the store (a handful of queries)."""
    out = ActorFacts()

    # actors
    rows = store.select(
        PREFIXES + "SELECT ?a ?type ?name WHERE { " + values_block("type", ACTOR_KINDS) + " ?a a ?type . "
        "OPTIONAL { ?a ng:name ?name } }"
    )
    for r in rows:
        iri, typ = str(r["a"]), r["type"]
        kind = ACTOR_KINDS.get(str(typ), "actor")
        cur = out.actors.get(iri)
        if cur is None:
            out.actors[iri] = {"name": lexical(r["name"]) or short_name(iri), "kind": kind, "aliases": []}
        else:
            if _KIND_RANK.get(kind, 9) < _KIND_RANK.get(cur["kind"], 9):
                cur["kind"] = kind
            if r["name"] is not None and cur["name"] == short_name(iri):
                cur["name"] = str(r["name"])
    for r in store.select(
        PREFIXES
        + "SELECT ?a ?alias WHERE { "
        + values_block("type", ACTOR_KINDS)
        + " ?a a ?type ; ng:alias ?alias }"
    ):
        a = out.actors.get(str(r["a"]))
        if a is not None and str(r["alias"]) not in a["aliases"]:
            a["aliases"].append(str(r["alias"]))

    # sources: graph -> source, outlet, date
    graph_source: dict[str, str] = {}
    for r in store.select(
        PREFIXES + "SELECT ?src ?g ?outlet ?date ?headline WHERE { ?src a ng:Source . "
        "OPTIONAL { ?src ng:inGraph ?g } OPTIONAL { ?src ng:outlet ?outlet } "
        "OPTIONAL { ?src schema:datePublished ?date } OPTIONAL { ?src schema:headline ?headline } }"
    ):
        src = str(r["src"])
        if r["g"] is not None:
            graph_source[str(r["g"])] = src
        info = out.sources.setdefault(src, {"headline": None, "date": None, "outlet": None})
        for key, var in (("headline", "headline"), ("date", "date"), ("outlet", "outlet")):
            if info[key] is None and r[var] is not None:
                info[key] = str(r[var])

    def source_of(g: str, reported: Node | None) -> str:
        if reported is not None:
            return str(reported)
        return graph_source.get(g, g)

    def independence(src: str) -> str:
        info = out.sources.get(src)
        if info and info.get("outlet"):
            return "outlet:" + info["outlet"]
        return "source:" + src

    def source_day(src: str) -> tuple[str, str] | None:
        info = out.sources.get(src)
        return date_bounds(info.get("date")) if info else None

    # events: type, dates, label (over all graphs)
    event_info: dict[str, dict[str, Any]] = {}
    for r in store.select(
        PREFIXES + "SELECT DISTINCT ?e ?type WHERE { " + values_block("type", EVENT_CLASSES) + " ?e a ?type }"
    ):
        event_info.setdefault(
            str(r["e"]), {"type": str(r["type"]).rsplit("#", 1)[-1], "lo": None, "hi": None, "label": ""}
        )
    for r in store.select(
        PREFIXES + "SELECT ?e ?p ?v WHERE { VALUES ?p { ng:startDate ng:endDate ng:label } ?e ?p ?v }"
    ):
        einfo = event_info.get(str(r["e"]))
        if einfo is None:
            continue
        prop = str(r["p"]).rsplit("#", 1)[-1]
        if prop == "label":
            einfo["label"] = einfo["label"] or str(r["v"])
            continue
        b = date_bounds(r["v"])
        if b is None:
            continue
        if prop == "startDate" and (einfo["lo"] is None or b[0] < einfo["lo"]):
            einfo["lo"] = b[0]
        if einfo["hi"] is None or b[1] > einfo["hi"]:
            einfo["hi"] = b[1]

    # co-participation, per source's description of an event
    parts: dict[tuple[str, str], set[str]] = defaultdict(set)
    reporters: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in store.select(
        PREFIXES + "SELECT ?g ?e ?a ?src WHERE { GRAPH ?g { ?e ng:participant ?a . "
        "OPTIONAL { ?e ng:reportedBy ?src } } }"
    ):
        ge = (str(r["g"]), str(r["e"]))
        parts[ge].add(str(r["a"]))
        reporters[ge].add(source_of(ge[0], r["src"]))
    for (g, e), members in parts.items():
        actors = sorted(m for m in members if m in out.actors)
        einfo = event_info.get(e, {"type": None, "lo": None, "hi": None, "label": ""})
        for src in reporters[(g, e)]:
            lo, hi = einfo["lo"], einfo["hi"]
            if lo is None:
                day = source_day(src)
                lo, hi = day if day else (None, None)
            for i, x1 in enumerate(actors):
                for x2 in actors[i + 1 :]:
                    out.facts.append(
                        Fact(
                            "event",
                            e,
                            x1,
                            x2,
                            src,
                            g,
                            independence(src),
                            lo,
                            hi,
                            einfo["type"],
                            einfo["label"],
                        )
                    )

    # claims by one actor about another
    for r in store.select(
        PREFIXES + "SELECT ?g ?c ?x ?y ?src ?content WHERE { GRAPH ?g { ?c ng:claimant ?x ; ng:about ?y . "
        "OPTIONAL { ?c ng:reportedBy ?src } OPTIONAL { ?c ng:content ?content } } }"
    ):
        x, y = str(r["x"]), str(r["y"])
        if x not in out.actors or y not in out.actors:
            continue
        g = str(r["g"])
        src = source_of(g, r["src"])
        day = source_day(src)
        out.facts.append(
            Fact(
                "claim",
                str(r["c"]),
                x,
                y,
                src,
                g,
                independence(src),
                day[0] if day else None,
                day[1] if day else None,
                None,
                lexical(r["content"]) or "",
                True,
            )
        )

    # office holdings: person -> the office's organisation
    office_org: dict[str, tuple[str, str | None]] = {}
    for r in store.select(
        PREFIXES + "SELECT ?o ?org ?oname WHERE { ?o ng:officeOf ?org . OPTIONAL { ?o ng:name ?oname } }"
    ):
        office_org.setdefault(str(r["o"]), (str(r["org"]), lexical(r["oname"])))
    for r in store.select(
        PREFIXES + "SELECT ?g ?h ?p ?o ?src ?derived ?start ?end ?asof WHERE { "
        "GRAPH ?g { ?h ng:holder ?p ; ng:office ?o . OPTIONAL { ?h ng:reportedBy ?src } "
        "OPTIONAL { ?h prov:wasDerivedFrom ?derived } OPTIONAL { ?h ng:startDate ?start } "
        "OPTIONAL { ?h ng:endDate ?end } OPTIONAL { ?h ng:asOf ?asof } } }"
    ):
        if str(r["o"]) not in office_org:
            continue
        org, oname = office_org[str(r["o"])]
        p = str(r["p"])
        if p not in out.actors or org not in out.actors:
            continue
        g = str(r["g"])
        if r["src"] is not None:
            src = str(r["src"])
            ind = independence(src)
        elif r["derived"] is not None:
            src = str(r["derived"])
            ind = "cited:" + src
        else:
            src = graph_source.get(g, g)
            ind = independence(src)
        sb, eb, ab = date_bounds(r["start"]), date_bounds(r["end"]), date_bounds(r["asof"])
        lo = sb[0] if sb else (ab[0] if ab else None)
        hi = eb[1] if eb else (None if sb else (ab[1] if ab else None))
        if lo is None and hi is not None:
            lo = "0000-01-01"
        out.facts.append(Fact("office", str(r["h"]), p, org, src, g, ind, lo, hi, None, oname or "", True))
    # one fact per (kind, fact, pair, source): a source stating a thing twice is one statement
    seen: set[tuple[str, str, str, str, str]] = set()
    unique: list[Fact] = []
    for f in out.facts:
        fkey = (f.kind, f.fact, f.subject, f.object, f.source)
        if fkey not in seen:
            seen.add(fkey)
            unique.append(f)
    out.facts = unique
    return out


def cached_facts(store: Store) -> ActorFacts:
    """:func:`load_facts`, reused while :func:`store_version` stays the same (for the web pages)."""
    return per_version(store, "network-facts", lambda: load_facts(store))


def actor_network(
    store: Store,
    start: str | None = None,
    end: str | None = None,
    event_type: str | None = None,
    kinds: Iterable[str] = EDGE_KINDS,
) -> nx.Graph:
    """The actor network of the store, cut to a time window and an event type."""
    return load_facts(store).graph(start, end, event_type, kinds)

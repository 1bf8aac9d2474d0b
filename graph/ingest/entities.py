"""One consistent description per entity in the shared entity graph, whatever order articles arrive in.

Articles describe the entities they name (type, ``ng:name``, ``ng:alias``) and the writer used to add
those descriptions to the entity graph as they came, so two articles that wrote one IRI's name two
ways ("Democratic Party", "Democratic party") left it two ``ng:name`` values.  :func:`write_article`
stores an article and merges its entity descriptions in one update, reading only the IRIs the
article touches:

- **Names.**  Every name ever written for an IRI competes by one total order (:func:`name_rank`),
  so the winner depends on the set of names, never on arrival order: the reference (gazetteer)
  name first; then a name without stray characters (``]``, ``/``); more capitalised words; an
  all-capital form only for short acronyms ("COVID" over "Covid", "Centre" over "CENTRE"); more
  words; longer; and last the string itself.  Every other name is kept as an ``ng:alias``.
- **Types.**  An entity IRI carries its kind (``person/``, ``organization/``, ...), and each kind
  allows one class and its subclasses (:data:`KIND_CLASS`); among the allowed types a subclass wins
  over its superclass (``ng:MediaOutlet`` over ``ng:Organization``; a state is ``ng:State`` under
  ``organization/`` and ``ng:Place`` under ``place/``, as docs/data-model.md says).  A type the kind
  does not allow (an article that wrote ``person/x`` as an ``ng:Organization``) is not written: it
  becomes a finding in the validation graph (``ng:Contradiction`` under :data:`TYPE_RULE`, one per
  entity, rejected type and source, ``prov:wasDerivedFrom`` the source that wrote it), involving the
  entity, that source and the sources whose type was kept, with a sentence of each side.

Both rules are closures over sets (the union of what was written), so any order of the same
articles gives the same entity graph.  The update is one SPARQL Update (the article graph
replaced, the entity graph's stale names and types deleted, the merged ones inserted), so it works
the same on the embedded and on a remote store.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, SDO, SH
from rdflib.term import Node

from graph import iris
from graph.classes import superclasses
from graph.config import base_iri
from graph.extract.gazetteer import gazetteer
from graph.namespace import NG
from graph.sparql.terms import sparql_term, triples_block
from graph.store import Store

NGSH = Namespace("https://w3id.org/newsgraph/shapes#")
#: the rule a type finding names (``ng:rule``)
TYPE_RULE = NGSH.EntityTypeRule

#: the class an entity IRI's kind stands for; its subclasses are allowed too
KIND_CLASS: dict[str, URIRef] = {
    "person": NG.Person,
    "organization": NG.Organization,
    "place": NG.Place,
    "collective": NG.Collective,
    "office": NG.Office,
    "measure": NG.Measure,
}

_MERGED = (RDF.type, NG.name, NG.alias)
_ODD = re.compile(r"[^\w\s.\-'’&,()]", re.UNICODE)


# ---------------------------------------------------------------------------------------------
# The ontology's class tree (for "subclass wins")
# ---------------------------------------------------------------------------------------------


def kind_of(iri: Node) -> str | None:
    """The kind segment of an entity IRI minted by graph/iris.py (``person``, ``office``, ...)."""
    base = base_iri()
    s = str(iri)
    if not s.startswith(base):
        return None
    kind = s[len(base) :].split("/", 1)[0]
    return kind if kind in KIND_CLASS else None


def allowed(kind: str | None, cls: URIRef) -> bool:
    """Whether an entity of this kind may have this type (the kind's class or a subclass of it)."""
    if kind is None:
        return True
    root = KIND_CLASS[kind]
    return cls == root or root in superclasses().get(cls, frozenset())


def merge_types(kind: str | None, types: Iterable[URIRef]) -> tuple[set[URIRef], set[URIRef]]:
    """(types to keep, types rejected for the kind).  Kept: the allowed types none of whose
    subclasses is also there; the kind's class itself when nothing allowed was written."""
    types = set(types)
    ok = {t for t in types if allowed(kind, t)}
    rejected = types - ok
    sup = superclasses()
    keep = {t for t in ok if not any(t in sup.get(o, ()) for o in ok if o != t)}
    if not keep and kind is not None:
        keep = {KIND_CLASS[kind]}
    return keep, rejected


# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------


def name_rank(name: str, reference: str | None = None) -> tuple[int, int, int, int, int, int, str]:
    """Sort key of a candidate display name; the greatest wins.  A total order: ties end on the
    string itself, so the winner of a set never depends on the order it was seen in."""
    words = name.split()
    letters = [c for c in name if c.isalpha()]
    capital_words = sum(1 for w in words if w[:1].isupper())
    all_caps = bool(letters) and all(c.isupper() for c in letters)
    # all capitals is how news writes short acronyms (COVID, NATO), and how it shouts longer names
    caps_fit = (1 if len(letters) <= 5 else -1) if all_caps else 0
    return (
        int(reference is not None and name == reference),
        -len(_ODD.findall(name)),
        capital_words,
        caps_fit,
        len(words),
        len(name),
        name,
    )


def preferred_name(names: Iterable[str], reference: str | None = None) -> str:
    return max(names, key=lambda n: name_rank(n, reference))


def reference_name(iri: URIRef, names: Iterable[str]) -> str | None:
    """The gazetteer's name of the entity, when one of its names resolves to the gazetteer entry
    that mints this very IRI."""
    kind = kind_of(iri)
    if kind not in ("person", "organization", "place", "collective"):
        return None
    gaz = gazetteer()
    for n in sorted(names):
        e = gaz.lookup(n)
        if e is None:
            continue
        if iris.entity_iri(e.kind, e.name) == iri:
            return e.name
        if kind == "place" and e.rdf_type == "State" and iris.entity_iri("place", e.name) == iri:
            return e.name
    return None


# ---------------------------------------------------------------------------------------------
# Merging one article's descriptions into what is stored
# ---------------------------------------------------------------------------------------------


@dataclass
class Described:
    """What the store (or an article) says about one entity."""

    types: set[URIRef] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)

    def merged_with(self, other: Described) -> Described:
        return Described(self.types | other.types, self.names | other.names, self.aliases | other.aliases)


@dataclass
class Merge:
    """The changes to the entity graph for one article, and the type claims it makes that its
    entities' kinds do not allow."""

    delete: Graph
    insert: Graph
    rejected: dict[URIRef, set[URIRef]]  # entity -> types this article wrote that were not kept


def describe(g: Graph, subjects: Iterable[Node] | None = None) -> dict[URIRef, Described]:
    out: dict[URIRef, Described] = defaultdict(Described)
    wanted = set(subjects) if subjects is not None else None
    for p in _MERGED:
        for s, o in g.subject_objects(p):
            if not isinstance(s, URIRef) or (wanted is not None and s not in wanted):
                continue
            d = out[s]
            if p == RDF.type and isinstance(o, URIRef):
                d.types.add(o)
            elif p == NG.name and isinstance(o, Literal):
                d.names.add(str(o))
            elif p == NG.alias and isinstance(o, Literal):
                d.aliases.add(str(o))
    return dict(out)


def stored_descriptions(
    store: Store, subjects: Sequence[URIRef], chunk: int = 300
) -> dict[URIRef, Described]:
    """Types, names and aliases the entity graph holds for these IRIs (only these are read)."""
    eg = sparql_term(iris.entity_graph_iri())
    preds = ", ".join(sparql_term(p) for p in _MERGED)
    g = Graph()
    for i in range(0, len(subjects), chunk):
        values = " ".join(sparql_term(s) for s in subjects[i : i + chunk])
        rows = store.select(
            f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} GRAPH {eg} {{ ?s ?p ?o "
            f"FILTER(?p IN ({preds})) }} }}"
        ).rows
        for r in rows:
            s, p, o = r["s"], r["p"], r["o"]
            if s is not None and p is not None and o is not None:
                g.add((s, p, o))
    return describe(g)


def merge(stored: dict[URIRef, Described], new: Graph) -> Merge:
    """What to delete from and insert into the entity graph so that every entity ``new`` describes
    has one preferred name, its other names as aliases, and its types merged by rule."""
    delete, insert = Graph(), Graph()
    rejected: dict[URIRef, set[URIRef]] = {}
    incoming = describe(new)
    for s, p, o in new:  # everything else an article says about an entity is added as before
        if p not in _MERGED:
            insert.add((s, p, o))
    for iri, got in incoming.items():
        before = stored.get(iri, Described())
        both = before.merged_with(got)
        kind = kind_of(iri)
        keep, bad = merge_types(kind, both.types)
        if got.types & bad:
            rejected[iri] = got.types & bad
        after = Described(types=keep)
        if both.names:
            # a name stored as an alias lost an earlier contest; it can never win later (total order)
            ref = reference_name(iri, both.names | both.aliases)
            candidates = both.names | ({ref} if ref in both.aliases else set())
            best = preferred_name(candidates, ref)
            after.names = {best}
            after.aliases = (both.names | both.aliases) - {best}
        else:
            after.aliases = set(both.aliases)
        old = _triples(iri, before)
        for t in old - (new_t := _triples(iri, after)):
            delete.add(t)
        for t in new_t - old:
            insert.add(t)
    return Merge(delete, insert, rejected)


def _triples(iri: URIRef, d: Described) -> set[tuple[URIRef, URIRef, Node]]:
    out: set[tuple[URIRef, URIRef, Node]] = {(iri, RDF.type, t) for t in d.types}
    out |= {(iri, NG.name, Literal(n)) for n in d.names}
    out |= {(iri, NG.alias, Literal(a)) for a in d.aliases}
    return out


# ---------------------------------------------------------------------------------------------
# Type findings
# ---------------------------------------------------------------------------------------------

_SENTENCE = re.compile(r"[^.!?\n]*[.!?]?")


def mention_sentence(text: str, names: Iterable[str]) -> str | None:
    """The sentence of ``text`` where one of ``names`` first occurs (whole words, any case)."""
    best: tuple[int, int] | None = None
    for n in names:
        if not n.strip():
            continue
        m = re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", text, flags=re.IGNORECASE)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m.end())
    if best is None:
        return None
    start = max(text.rfind(".", 0, best[0]), text.rfind("\n", 0, best[0])) + 1
    ends = [i for i in (text.find(". ", best[1]), text.find("\n", best[1])) if i != -1]
    end = min(ends) + 1 if ends else len(text)
    return " ".join(text[start:end].split())[:300]


def _local(cls: Node) -> str:
    return str(cls).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def type_finding_iri(entity: URIRef, rejected_type: URIRef, source: URIRef) -> URIRef:
    return iris.contradiction_iri(str(TYPE_RULE), [str(entity), str(rejected_type), str(source)])


def _source_texts(store: Store, sources: Sequence[URIRef]) -> dict[URIRef, tuple[str, str]]:
    """(title or article name, text) of each source."""
    if not sources:
        return {}
    values = " ".join(sparql_term(s) for s in sources)
    rows = store.select(
        f"SELECT ?s ?t ?h ?n WHERE {{ VALUES ?s {{ {values} }} ?s {sparql_term(NG.text)} ?t "
        f"OPTIONAL {{ ?s {sparql_term(SDO.headline)} ?h }} OPTIONAL {{ ?s {sparql_term(NG.articleName)} ?n }} }}"
    ).rows
    out: dict[URIRef, tuple[str, str]] = {}
    for r in rows:
        s = r["s"]
        if isinstance(s, URIRef):
            out[s] = (str(r["h"] or r["n"] or s), str(r["t"]))
    return out


def type_findings(store: Store, entities: Sequence[URIRef], chunk: int = 300) -> Graph:
    """(Re)compute the type findings of these entities from the store as it is now: for each
    finding (entity, rejected type, source that wrote it), the kept side is every other source
    that mentions the entity.  Returns the findings' triples (validation graph)."""
    vg = sparql_term(iris.validation_graph_iri())
    found: dict[URIRef, list[tuple[URIRef, URIRef, URIRef]]] = defaultdict(list)
    for i in range(0, len(entities), chunk):
        values = " ".join(sparql_term(e) for e in entities[i : i + chunk])
        rows = store.select(
            f"SELECT ?e ?c ?src ?t WHERE {{ VALUES ?e {{ {values} }} GRAPH {vg} {{ ?c "
            f"{sparql_term(NG.rule)} {sparql_term(TYPE_RULE)} ; {sparql_term(NG.involves)} ?e ; "
            f"{sparql_term(PROV.wasDerivedFrom)} ?src ; {sparql_term(RDFS.seeAlso)} ?t }} }}"
        ).rows
        for r in rows:
            e, c, src, t = r["e"], r["c"], r["src"], r["t"]
            if (
                isinstance(e, URIRef)
                and isinstance(c, URIRef)
                and isinstance(src, URIRef)
                and isinstance(t, URIRef)
            ):
                found[e].append((c, src, t))
    out = Graph()
    if not found:
        return out
    values = " ".join(sparql_term(e) for e in found)
    mentions: dict[URIRef, set[URIRef]] = defaultdict(set)
    for r in store.select(
        f"SELECT ?e ?s WHERE {{ VALUES ?e {{ {values} }} ?s {sparql_term(SDO.mentions)} ?e }}"
    ).rows:
        if isinstance(r["e"], URIRef) and isinstance(r["s"], URIRef):
            mentions[r["e"]].add(r["s"])
    described = stored_descriptions(store, list(found))
    for e, items in found.items():
        d = described.get(e, Described())
        names = sorted(d.names | d.aliases)
        display = sorted(d.names)[0] if d.names else str(e)
        rejecting = {src for _, src, _ in items}
        kept_sources = sorted(mentions[e] - rejecting)
        texts = _source_texts(store, sorted(rejecting | set(kept_sources[:1])))
        kept = ", ".join(sorted(_local(t) for t in d.types)) or _local(KIND_CLASS.get(kind_of(e) or "", e))
        for c, src, t in items:
            title, text = texts.get(src, (str(src), ""))
            said = mention_sentence(text, names) or ""
            msg = f'"{display}" is a {kept} ({e}), but "{title}" wrote it as a {_local(t)}'
            msg += f': "{said}"' if said else ""
            if kept_sources:
                k = kept_sources[0]
                ktitle, ktext = texts.get(k, (str(k), ""))
                ksaid = mention_sentence(ktext, names) or ""
                msg += f'; {len(kept_sources)} other source(s) name it, e.g. "{ktitle}"'
                msg += f': "{ksaid}"' if ksaid else ""
            out.add((c, RDF.type, NG.Contradiction))
            out.add((c, NG.rule, TYPE_RULE))
            out.add((c, NG.severity, SH.Warning))
            out.add((c, NG.involves, e))
            out.add((c, NG.involves, src))
            for k in kept_sources:
                out.add((c, NG.involves, k))
            out.add((c, PROV.wasDerivedFrom, src))
            out.add((c, RDFS.seeAlso, t))
            out.add((c, NG.message, Literal(msg)))
    return out


def _finding_seeds(rejected: dict[URIRef, set[URIRef]], source: URIRef) -> Graph:
    """The minimal triples that record a new type finding; :func:`type_findings` completes them."""
    g = Graph()
    for e, types in rejected.items():
        for t in types:
            c = type_finding_iri(e, t, source)
            g.add((c, NG.rule, TYPE_RULE))
            g.add((c, NG.involves, e))
            g.add((c, PROV.wasDerivedFrom, source))
            g.add((c, RDFS.seeAlso, t))
    return g


# ---------------------------------------------------------------------------------------------
# The write
# ---------------------------------------------------------------------------------------------


def _update_text(
    replace: dict[URIRef, Graph], delete: dict[URIRef, Graph], insert: dict[URIRef, Graph]
) -> str:
    parts = [f"DROP SILENT GRAPH {sparql_term(g)}" for g in replace]
    dblocks = [f"GRAPH {sparql_term(g)} {{\n{triples_block(t)}\n}}" for g, t in delete.items() if len(t)]
    if dblocks:
        parts.append("DELETE DATA {\n" + "\n".join(dblocks) + "\n}")
    iblocks = [
        f"GRAPH {sparql_term(g)} {{\n{triples_block(t)}\n}}"
        for g, t in list(replace.items()) + list(insert.items())
        if len(t)
    ]
    if iblocks:
        parts.append("INSERT DATA {\n" + "\n".join(iblocks) + "\n}")
    return " ;\n".join(parts)


def write_merged(
    store: Store, replace: dict[URIRef, Graph], entities: Graph, add: dict[URIRef, Graph] | None = None
) -> Merge:
    """Replace some graphs, add to others, and merge ``entities`` into the entity graph by the rules
    above, in one update; reads only the IRIs ``entities`` describes."""
    eg = iris.entity_graph_iri()
    touched = sorted({s for s in entities.subjects() if isinstance(s, URIRef)})
    m = merge(stored_descriptions(store, touched), entities)
    insert = {eg: m.insert}
    for g, triples in (add or {}).items():
        insert[g] = insert[g] + triples if g in insert else triples
    store.update(_update_text(replace, {eg: m.delete}, insert))
    return m


def write_article(
    store: Store, graph_iri: URIRef, article_graph: Graph, entities: Graph, source: URIRef
) -> Merge:
    """Store one article graph (replacing its earlier version) and merge the entity descriptions it
    brings into the entity graph, in one update.  Reads only the IRIs the article describes; type
    findings are (re)computed only for entities that have one."""
    stored = stored_descriptions(store, sorted({s for s in entities.subjects() if isinstance(s, URIRef)}))
    m = merge(stored, entities)
    seeds = _finding_seeds(m.rejected, source)
    eg, vg = iris.entity_graph_iri(), iris.validation_graph_iri()
    store.update(_update_text({graph_iri: article_graph}, {eg: m.delete}, {eg: m.insert, vg: seeds}))
    mentioned = sorted({o for o in article_graph.objects(source, SDO.mentions) if isinstance(o, URIRef)})
    refresh_type_findings(store, sorted(set(mentioned) | set(m.rejected)))
    return m


def refresh_type_findings(store: Store, entities: Sequence[URIRef]) -> int:
    """Rewrite the type findings of these entities (when they have any) from the store's current
    state; returns how many findings were rewritten."""
    if not entities:
        return 0
    fresh = type_findings(store, entities)
    findings = sorted({c for c in fresh.subjects(RDF.type, NG.Contradiction) if isinstance(c, URIRef)})
    if not findings:
        return 0
    vg = sparql_term(iris.validation_graph_iri())
    values = " ".join(sparql_term(c) for c in findings)
    now = Literal(
        datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"), datatype=XSD.dateTime
    )
    for c in findings:
        fresh.add((c, NG.detectedAt, now))
    store.update(
        f"DELETE {{ GRAPH {vg} {{ ?c ?p ?o }} }} WHERE {{ VALUES ?c {{ {values} }} GRAPH {vg} {{ ?c ?p ?o }} }} ;\n"
        f"INSERT DATA {{ GRAPH {vg} {{\n{triples_block(fresh)}\n}} }}"
    )
    return len(findings)

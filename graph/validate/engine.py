"""The SPARQL engine: the shapes' constraints run as SPARQL queries on a store (any backend; fastest
on the embedded one), for every target (a full pass) or for some focus nodes (incremental).

Each core constraint component of a property shape is one query; each SHACL-SPARQL constraint
(``sh:select``) runs with ``$this`` bound to the shape's targets.  Tests keep this engine and
pySHACL (graph/validate/shacl.py) giving the same ``(sh:sourceShape, sh:focusNode,
sh:resultSeverity)`` results.  The engine runs in the calling process; whether a full pass is
shared by several processes is decided by the caller (graph/validate/run.py, with
graph/validate/pool.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import URIRef
from rdflib.namespace import RDFS, SH
from rdflib.term import Node

from graph.sparql.terms import sparql_term, values_block
from graph.store import Store
from graph.validate.compile import (
    SELECTS_VALUE,
    CoreQuery,
    chunks,
    core_queries,
    fill,
    inject,
    target_union,
)
from graph.validate.results import Issue, dedupe
from graph.validate.shapes import (
    SAME_GRAPH_VALUE_SHAPES,
    SYMMETRIC_SHAPES,
    NodeShape,
    PropertyShape,
    Shapes,
    load_shapes,
)

#: Above this many candidate focus nodes, a full pass reads a shape's whole target set in one
#: query instead of asking which candidates are targets (400 per query, ~0.1 ms a node at 1M).
_FEW_CANDIDATES = 400


class SparqlEngine:
    """Runs the shapes' constraints as SPARQL on a store (any backend; fastest on the embedded one)."""

    def __init__(self, store: Store, shapes: Shapes | None = None, *, batch: bool = True) -> None:
        self.store = store
        self.shapes = shapes or load_shapes()
        self.batch = batch  # run ngsh:batchSelect texts in the full pass (False: sh:select only)
        self._closure: dict[URIRef, list[URIRef]] | None = None
        self._core_cache: dict[str, list[dict[str, Node | None]]] = {}

    # -- helpers
    def _select(self, query: str) -> list[dict[str, Node | None]]:
        return self.store.select(query).rows

    def closure(self) -> dict[URIRef, list[URIRef]]:
        """Each class the shapes name, with its subclasses declared in the store (rdfs:subClassOf*)."""
        if self._closure is None:
            named: set[URIRef] = set()
            for ns in self.shapes.node_shapes:
                named.update(ns.target_classes)
                for ps in ns.properties:
                    named.update(ps.classes)
                    if ps.qualified_class is not None:
                        named.add(ps.qualified_class)
            closure = {c: [c] for c in named}
            if named:
                rows = self._select(
                    f"SELECT DISTINCT ?c ?sub WHERE {{ {values_block('c', sorted(named))} "
                    f"?sub {sparql_term(RDFS.subClassOf)}+ ?c . FILTER (isIRI(?sub)) }}"
                )
                for r in rows:
                    c, sub = r["c"], r["sub"]
                    if isinstance(c, URIRef) and isinstance(sub, URIRef) and sub not in closure[c]:
                        closure[c].append(sub)
            self._closure = closure
        return self._closure

    def _targets_of(self, nodes: Sequence[Node]) -> dict[URIRef, list[Node]]:
        """Which of ``nodes`` each node shape targets."""
        closure = self.closure()
        preds = sorted({p for ns in self.shapes.node_shapes for p in ns.target_subjects_of})
        types: dict[Node, set[Node]] = {}
        subj_of: dict[Node, set[Node]] = {}
        for chunk in chunks(nodes, 400):
            q = f"SELECT DISTINCT ?n ?t ?p WHERE {{ {values_block('n', chunk)} {{ ?n a ?t }}"
            if preds:
                q += f" UNION {{ ?n ?p ?o . VALUES ?p {{ {' '.join(sparql_term(p) for p in preds)} }} }}"
            q += " }"
            for r in self._select(q):
                n, t, p = r["n"], r.get("t"), r.get("p")
                if n is None:
                    continue
                if t is not None:
                    types.setdefault(n, set()).add(t)
                if p is not None:
                    subj_of.setdefault(n, set()).add(p)
        out: dict[URIRef, list[Node]] = {}
        objs_needed = any(ns.target_objects_of for ns in self.shapes.node_shapes)
        obj_of: dict[Node, set[Node]] = {}
        if objs_needed:
            opreds = sorted({p for ns in self.shapes.node_shapes for p in ns.target_objects_of})
            for chunk in chunks(nodes, 400):
                for r in self._select(
                    f"SELECT DISTINCT ?n ?p WHERE {{ {values_block('n', chunk)} "
                    f"?s ?p ?n . VALUES ?p {{ {' '.join(sparql_term(p) for p in opreds)} }} }}"
                ):
                    n, p = r["n"], r["p"]
                    if n is not None and p is not None:
                        obj_of.setdefault(n, set()).add(p)
        for ns in self.shapes.node_shapes:
            classes = {c for tc in ns.target_classes for c in closure.get(tc, [tc])}
            chosen = [
                n
                for n in nodes
                if (types.get(n, set()) & classes)
                or (subj_of.get(n, set()) & set(ns.target_subjects_of))
                or (obj_of.get(n, set()) & set(ns.target_objects_of))
                or n in ns.target_nodes
            ]
            out[ns.iri] = chosen
        return out

    # -- core constraints
    def _issue(self, ps: PropertyShape, cq: CoreQuery, this: Node, value: Node | None) -> Issue:
        return Issue(
            source_shape=ps.iri,
            focus_node=this,
            severity=ps.severity,
            message=ps.message,
            constraint_component=cq.component,
            path=ps.path,
            value=value if cq.has_value else None,
        )

    def _run_core(self, ns: NodeShape, focus: Sequence[Node] | None) -> list[Issue]:
        """All core constraints of a node shape over all its targets.

        A constraint on the values of ``?this`` (datatype, class, node kind, in, range, pattern,
        lessThanOrEquals, maxCount) holds or fails whatever shape targets the node, so its query
        runs over the predicate alone, without joining the targets (a scan of one predicate, the
        same query for every shape using it, run once); only the few nodes it returns are then
        checked against the shape's targets.  Constraints on absent values (minCount, qualified
        counts) join the targets."""
        if focus is not None:
            return self._run_core_bound(ns, focus)
        issues: list[Issue] = []
        closure = self.closure()
        candidates: list[tuple[PropertyShape, CoreQuery, Node, Node | None]] = []
        for ps in ns.properties:
            for cq in core_queries(ps, closure):
                if cq.needs_targets:
                    select = "SELECT ?this" if cq.group else "SELECT DISTINCT ?this"
                    head = f"{{ SELECT DISTINCT ?this WHERE {{ {target_union(ns, closure)} }} }}"
                    body = cq.full_body or cq.body
                    for r in self._select(f"{select} WHERE {{ {head} {body} }} {cq.group}"):
                        if r["this"] is not None:
                            issues.append(self._issue(ps, cq, r["this"], None))
                    continue
                select = "SELECT ?this" if cq.group else "SELECT DISTINCT ?this ?v"
                body = cq.full_body or cq.body
                for r in self._cached_select(f"{select} WHERE {{ {body} }} {cq.group}"):
                    if r["this"] is not None:
                        candidates.append((ps, cq, r["this"], r.get("v")))
        if candidates:
            nodes = {c[2] for c in candidates}
            if len(nodes) > _FEW_CANDIDATES:
                targeted = self._all_targets(ns)  # one scan of the targets beats many look-ups
            else:
                targeted = set(self._targets_of(sorted(nodes, key=str)).get(ns.iri, []))
            issues += [self._issue(ps, cq, this, v) for ps, cq, this, v in candidates if this in targeted]
        return issues

    def _all_targets(self, ns: NodeShape) -> set[Node]:
        """Every target of a node shape (full pass only)."""
        rows = self._select(f"SELECT DISTINCT ?this WHERE {{ {target_union(ns, self.closure())} }}")
        return {r["this"] for r in rows if r["this"] is not None}

    def _cached_select(self, query: str) -> list[dict[str, Node | None]]:
        """A target-free core query, run once per engine: shapes sharing a constraint share it."""
        if query not in self._core_cache:
            self._core_cache[query] = self._select(query)
        return self._core_cache[query]

    def _run_core_bound(self, ns: NodeShape, focus: Sequence[Node]) -> list[Issue]:
        """All core constraints of a node shape for a few focus nodes, in one query per chunk: each
        constraint component is one sub-select of a UNION, tagged with its number.  (One UNION over
        all node shapes was measured twice as slow: keep one query per shape.)"""
        closure = self.closure()
        parts = [(ps, cq) for ps in ns.properties for cq in core_queries(ps, closure)]
        if not parts:
            return []
        issues: list[Issue] = []
        for chunk in chunks(focus, 400):
            head = values_block("this", chunk)
            branches = []
            for k, (_ps, cq) in enumerate(parts):
                if cq.group:
                    sel = f"SELECT ?this ({k} AS ?ngK)"
                elif cq.has_value:
                    sel = f"SELECT DISTINCT ?this ?v ({k} AS ?ngK)"
                else:
                    sel = f"SELECT DISTINCT ?this ({k} AS ?ngK)"
                branches.append(f"{{ {sel} WHERE {{ {head} {cq.body} }} {cq.group} }}")
            for r in self._select(f"SELECT ?this ?v ?ngK WHERE {{ {' UNION '.join(branches)} }}"):
                this, tag = r["this"], r["ngK"]
                if this is None or tag is None:
                    continue
                ps, cq = parts[int(str(tag))]
                issues.append(self._issue(ps, cq, this, r.get("v")))
        return issues

    # -- SPARQL constraints
    def _run_sparql(
        self, ns: NodeShape, focus: Sequence[Node] | None, values: Sequence[Node] | None = None
    ) -> list[Issue]:
        issues: list[Issue] = []
        closure = self.closure()
        target = target_union(ns, closure)
        for c in ns.sparql:
            if values is not None and not SELECTS_VALUE.search(c.select):
                continue  # ?value is not one of its results: nothing to bind
            if focus is None and values is None and c.batch is not None and self.batch:
                # the same solutions for all targets at once; the target test stays with the engine
                queries = [inject(c.batch, "", f"FILTER EXISTS {{ {target} }}")]
            elif focus is None and values is None and SELECTS_VALUE.search(c.select):
                # a rule pairing ?this with another node: let the query's own patterns drive the
                # join (written most selective first) and test the target last; a target sub-select
                # first made Oxigraph run the pattern once per target (16 s instead of 0.4 s at 1M)
                queries = [inject(c.select, "", f"FILTER EXISTS {{ {target} }}")]
            elif focus is None and values is None:
                queries = [inject(c.select, f"{{ SELECT DISTINCT ?this WHERE {{ {target} }} }}")]
            elif values is not None:
                queries = [
                    inject(c.select, values_block("value", chunk), f"FILTER EXISTS {{ {target} }}")
                    for chunk in chunks(values, 400)
                ]
            else:
                queries = [
                    inject(c.select, values_block("this", chunk), "", values_block("this", chunk))
                    for chunk in chunks(focus or [], 400)
                ]
            for query in queries:
                for r in self._select(query):
                    this = r.get("this")
                    if this is None:
                        continue
                    bindings = {k: v for k, v in r.items() if v is not None}
                    template = c.message or ns.message
                    path = r.get("path")
                    issues.append(
                        Issue(
                            source_shape=ns.iri,
                            focus_node=this,
                            severity=ns.severity,
                            message=fill(template, bindings),
                            constraint_component=SH.SPARQLConstraintComponent,
                            path=path if isinstance(path, URIRef) else None,
                            value=r.get("value") if r.get("value") is not None else this,
                            source_constraint=c.node if isinstance(c.node, URIRef) else None,
                            bindings=bindings,
                        )
                    )
        return issues

    # -- entry points
    def run_job(self, job: tuple[int, str]) -> list[Issue]:
        """One job of a full pass: ``(i, "core")`` or ``(i, "sparql")`` for node shape ``i``."""
        ns = self.shapes.node_shapes[job[0]]
        return self._run_core(ns, None) if job[1] == "core" else self._run_sparql(ns, None)

    def validate_all(self) -> list[Issue]:
        """Every result in the store, in this process (graph/validate/pool.py shares the same jobs,
        ``run_job``, among several)."""
        issues: list[Issue] = []
        for ns in self.shapes.node_shapes:
            issues += self._run_core(ns, None)
            issues += self._run_sparql(ns, None)
        return dedupe(issues)

    def validate_nodes(self, nodes: Sequence[Node], new_nodes: Sequence[Node] | None = None) -> list[Issue]:
        """Results whose focus node is one of ``nodes``, plus SPARQL-constraint results whose
        ``?value`` is one of ``new_nodes`` (older statements conflicting with new ones)."""
        issues: list[Issue] = []
        targets = self._targets_of(nodes)
        for ns in self.shapes.node_shapes:
            focus = targets.get(ns.iri, [])
            if focus:
                issues += self._run_core(ns, focus)
                if ns.sparql:
                    issues += self._run_sparql(ns, focus)
            if not new_nodes or not any(SELECTS_VALUE.search(c.select) for c in ns.sparql):
                continue
            if ns.iri in SAME_GRAPH_VALUE_SHAPES:
                continue
            if ns.iri in SYMMETRIC_SHAPES:
                # the mirror of each (new focus, old value) result: run for the old side, keep the
                # results that point back at a new node
                new_set, focus_set = set(new_nodes), set(focus)
                mirror = sorted(
                    {
                        i.value
                        for i in issues
                        if i.source_shape == ns.iri and i.value is not None and i.value not in focus_set
                    },
                    key=str,
                )
                if mirror:
                    issues += [i for i in self._run_sparql(ns, mirror) if i.value in new_set]
            else:
                issues += self._run_sparql(ns, None, values=new_nodes)
        return dedupe(issues)

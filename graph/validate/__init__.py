"""Validation: the SHACL shapes in ``shapes/`` checked against the store, by two engines.

* ``engine="pyshacl"`` is the reference: pySHACL over an rdflib graph holding the union of all the
  store's graphs.  Slow on big stores, but it is SHACL as the W3C wrote it.
* ``engine="sparql"`` runs the *same* shapes, read from the same files, as SPARQL queries directly
  on the store: each core constraint component of a property shape becomes one query, and each
  SHACL-SPARQL constraint (``sh:select``) runs with ``$this`` bound to the shape's targets.  Tests
  keep both engines giving the same ``(sh:sourceShape, sh:focusNode, sh:resultSeverity)`` results.

``validate_all(store)`` checks everything; ``validate_sources(store, [source IRIs])`` checks only
what those articles touch: the nodes of their graphs (and the entities they mention), the wholes
their events are parts of, and, through ``?value``, the older statements their statements conflict
with (same office, same person, same event).

One conflict, one result (``merge_conflicts``): the engines report a conflict between two
statements from both sides, and once per pair of statements; both entry points fold the results of
one conflict (same rule, and the same office and holders, holder and offices, or event and
measure) into one ``Issue`` whose ``sides`` keep every engine result, so reports, pages and counts
show it once with the evidence of all the statements involved.

Every result can explain itself (``explain``): the statements involved, their holders, values and
dates, each with its source (title, outlet, URL) and evidence sentence.  Contradictions found are
data: ``record_contradictions`` writes ``ng:Contradiction`` nodes, ``ng:disputes`` and
``ng:supports`` links into the validation graph, and ``support_counts`` reads them back.

Supported SHACL: node shapes with ``sh:targetClass`` (the subclasses found in the store are
added), ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``, ``sh:targetNode``, ``sh:sparql``; property
shapes with a predicate ``sh:path`` and ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``,
``sh:or`` of datatypes, ``sh:class``, ``sh:nodeKind``, ``sh:in``, ``sh:minInclusive``,
``sh:maxInclusive``, ``sh:pattern``, ``sh:lessThanOrEquals`` and ``sh:qualifiedValueShape`` of
one ``sh:class`` with ``sh:qualifiedMinCount``.  A shape using anything else is refused with a
``ShapesError`` rather than being checked differently by the two engines.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import PROV, RDFS, SH, XSD
from rdflib.term import Node

from graph import iris
from graph.config import base_iri, project_root, validate_workers
from graph.errors import NewsgraphError
from graph.namespace import NG
from graph.sparql.terms import lexical, sparql_term, values_block
from graph.store import OxigraphStore, Store

NGSH = Namespace("https://w3id.org/newsgraph/shapes#")
SHAPES_GRAPH_IRI = URIRef("https://w3id.org/newsgraph/shapes")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")

ENGINES = ("sparql", "pyshacl")

#: Shapes whose results are conflicts between two statements (focus node and sh:value), recorded
#: as ng:Contradiction by record_contradictions().
CONTRADICTION_SHAPES = frozenset(
    {
        NGSH.SingleSeatOverlapShape,
        NGSH.ExclusiveOfficesShape,
        NGSH.FormerHolderInOfficeShape,
        NGSH.CurrentHolderAfterTermShape,
        NGSH.PartsSumShape,
        NGSH.QuantityDisagreementShape,
    }
)

#: Rules whose results come in mirrored pairs: (a, b) is a result exactly when (b, a) is.
#: Incremental validation finds the older side of a conflict by running them for the new side's
#: values instead of binding ?value (which Oxigraph cannot use as a starting point there).
SYMMETRIC_SHAPES = frozenset(
    {NGSH.SingleSeatOverlapShape, NGSH.ExclusiveOfficesShape, NGSH.QuantityDisagreementShape}
)

#: Rules whose ?value is only ever new together with its focus node: the whole's quantity is
#: attached (ng:quantity) in the graph that adds it, and an event is ng:reportedBy its source in
#: that source's graph, so the focus node is already among the new nodes.
SAME_GRAPH_VALUE_SHAPES = frozenset({NGSH.PartsSumShape, NGSH.EventAfterPublicationShape})

SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}


class ShapesError(NewsgraphError):
    """The shapes files cannot be read, or use SHACL features the SPARQL engine does not check."""


class ValidationError(NewsgraphError):
    """Validation could not run (unknown engine, pySHACL failure)."""


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------


@dataclass
class Evidence:
    """Where in a source's text a statement comes from."""

    source: URIRef
    sentence: str | None = None
    exact: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"source": str(self.source), "sentence": self.sentence, "exact": self.exact}


@dataclass
class SourceInfo:
    """A reporting source as a reader needs it: title, outlet, URL, publication date."""

    iri: URIRef
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "iri": str(self.iri),
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "published": self.published,
        }


@dataclass
class Statement:
    """One statement involved in a result: a holding, quantity, event, claim or source.

    ``facts`` maps a readable label ("holder", "as of", "value") to its display text, in a fixed
    order; ``sources`` and ``evidence`` say who reports it and where; ``derived_from`` is the
    citable origin of reference data."""

    iri: URIRef
    kind: str
    facts: dict[str, str] = field(default_factory=dict)
    sources: list[SourceInfo] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    derived_from: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "iri": str(self.iri),
            "kind": self.kind,
            "facts": dict(self.facts),
            "sources": [s.as_dict() for s in self.sources],
            "evidence": [e.as_dict() for e in self.evidence],
            "derivedFrom": list(self.derived_from),
        }


@dataclass
class Issue:
    """One ``sh:ValidationResult``."""

    source_shape: URIRef
    focus_node: Node
    severity: URIRef
    message: str
    constraint_component: URIRef
    path: URIRef | None = None
    value: Node | None = None
    source_constraint: Node | None = None
    bindings: dict[str, Node] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)
    #: the engine results folded into this one by merge_conflicts (this one first); empty when
    #: it stands alone
    sides: list[Issue] = field(default_factory=list)
    #: what the conflict is about (rule, then office and holders, holder and offices, or event and
    #: measure): one recorded ng:Contradiction per conflict key
    conflict_key: tuple[str, ...] | None = None

    @property
    def key(self) -> tuple[URIRef, Node, URIRef]:
        """What the two engines agree on: (sh:sourceShape, sh:focusNode, sh:resultSeverity)."""
        return (self.source_shape, self.focus_node, self.severity)

    @property
    def raw(self) -> list[Issue]:
        """The engine results this one stands for: its sides, or itself."""
        return self.sides or [self]

    @property
    def involves(self) -> list[Node]:
        """Every statement the result involves: the focus nodes and values of all its sides."""
        out: list[Node] = []
        for i in self.raw:
            for n in (i.focus_node, i.value):
                if n is not None and n not in out and (n == i.focus_node or isinstance(n, URIRef)):
                    out.append(n)
        return out

    @property
    def is_contradiction(self) -> bool:
        return self.source_shape in CONTRADICTION_SHAPES and isinstance(self.value, URIRef)


@dataclass
class ValidationResult:
    """The outcome of one validation run."""

    issues: list[Issue]
    engine: str
    scope: list[URIRef] | None = None  # the sources checked; None for the whole store
    elapsed_s: float = 0.0
    focus_nodes: int = 0

    @property
    def conforms(self) -> bool:
        """SHACL's sh:conforms: true only when there is no result at all (warnings included)."""
        return not self.issues

    @property
    def raw_issues(self) -> list[Issue]:
        """The engines' results before merge_conflicts: a conflict once from each side."""
        return [r for i in self.issues for r in i.raw]

    def by_severity(self, severity: URIRef) -> list[Issue]:
        return [i for i in self.issues if i.severity == severity]

    @property
    def violations(self) -> list[Issue]:
        return self.by_severity(SH.Violation)

    @property
    def warnings(self) -> list[Issue]:
        return self.by_severity(SH.Warning)

    @property
    def infos(self) -> list[Issue]:
        return self.by_severity(SH.Info)

    def key_set(self) -> set[tuple[URIRef, Node, URIRef]]:
        """The engine-level (shape, focus node, severity) set, every side of a conflict included."""
        return {i.key for i in self.raw_issues}

    def counts(self) -> dict[str, int]:
        return {"violations": len(self.violations), "warnings": len(self.warnings), "infos": len(self.infos)}


# ---------------------------------------------------------------------------------------------
# Shapes
# ---------------------------------------------------------------------------------------------

#: What any shape (node or property) may say.
_ALLOWED_COMMON_KEYS = {
    RDF.type,
    SH.name,
    SH.description,
    SH.message,
    SH.severity,
    SH.order,
    SH.group,
    SH.deactivated,
    RDFS.label,
    RDFS.comment,
}
_ALLOWED_SHAPE_KEYS = _ALLOWED_COMMON_KEYS | {
    SH.targetClass,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.targetNode,
    SH.property,
    SH.sparql,
    RDFS.isDefinedBy,
}
_ALLOWED_PROPERTY_KEYS = _ALLOWED_COMMON_KEYS | {
    SH.path,
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH["or"],
    SH["class"],
    SH.nodeKind,
    SH["in"],
    SH.minInclusive,
    SH.maxInclusive,
    SH.pattern,
    SH.flags,
    SH.lessThanOrEquals,
    SH.qualifiedValueShape,
    SH.qualifiedMinCount,
}


@dataclass
class PropertyShape:
    iri: URIRef
    path: URIRef
    name: str
    description: str
    message: str
    severity: URIRef
    min_count: int | None = None
    max_count: int | None = None
    datatypes: list[URIRef] = field(default_factory=list)
    datatype_component: URIRef | None = None  # sh:DatatypeConstraintComponent or sh:OrConstraintComponent
    classes: list[URIRef] = field(default_factory=list)
    node_kind: URIRef | None = None
    in_values: list[Node] | None = None
    min_inclusive: Literal | None = None
    max_inclusive: Literal | None = None
    pattern: str | None = None
    flags: str = ""
    less_than_or_equals: URIRef | None = None
    qualified_class: URIRef | None = None
    qualified_min_count: int | None = None


@dataclass
class SparqlConstraint:
    node: Node
    select: str  # with PREFIX lines from sh:prefixes prepended
    message: str | None
    #: ngsh:batchSelect, with the same PREFIX lines: the same solutions as ``select`` for every
    #: target at once, written for the full pass (hash joins of predicate scans; see
    #: shapes/prefixes.ttl).  pySHACL ignores it; tests keep the two texts giving equal results.
    batch: str | None = None


@dataclass
class NodeShape:
    iri: URIRef
    name: str
    description: str
    message: str
    severity: URIRef
    target_classes: list[URIRef] = field(default_factory=list)
    target_subjects_of: list[URIRef] = field(default_factory=list)
    target_objects_of: list[URIRef] = field(default_factory=list)
    target_nodes: list[Node] = field(default_factory=list)
    properties: list[PropertyShape] = field(default_factory=list)
    sparql: list[SparqlConstraint] = field(default_factory=list)


@dataclass
class Shapes:
    """All shapes files, parsed: the rdflib graph (for pySHACL) and a model (for the SPARQL engine)."""

    graph: Graph
    node_shapes: list[NodeShape]
    files: list[Path]

    def describe(self, shape: Node) -> tuple[str, str]:
        """(sh:name, sh:description) of a node or property shape."""
        name = self.graph.value(shape, SH.name)
        desc = self.graph.value(shape, SH.description)
        return (str(name) if name is not None else str(shape), str(desc) if desc is not None else "")

    def parent(self, shape: Node) -> URIRef | None:
        """The node shape a property shape belongs to."""
        node = self.graph.value(None, SH.property, shape)
        return node if isinstance(node, URIRef) else None


def shapes_dir() -> Path:
    return project_root() / "shapes"


def _text(g: Graph, node: Node, pred: URIRef, default: str = "") -> str:
    v = g.value(node, pred)
    return str(v) if v is not None else default


def _check_keys(g: Graph, node: Node, allowed: set[URIRef], what: str) -> None:
    for p in set(g.predicates(node, None)):
        if p not in allowed and str(p).startswith(str(SH)):
            raise ShapesError(f"{what} {node} uses {p}, which the SPARQL engine does not support")


def _prefix_text(g: Graph, constraint: Node) -> str:
    lines = []
    for decl_owner in g.objects(constraint, SH.prefixes):
        for decl in g.objects(decl_owner, SH.declare):
            prefix = g.value(decl, SH.prefix)
            ns = g.value(decl, SH.namespace)
            if prefix is not None and ns is not None:
                lines.append(f"PREFIX {prefix}: <{ns}>")
    return "\n".join(sorted(set(lines)))


def _load_property(g: Graph, ps: Node, parent: NodeShape) -> PropertyShape:
    if not isinstance(ps, URIRef):
        raise ShapesError(f"a property shape of {parent.iri} is a blank node; give it an IRI")
    _check_keys(g, ps, _ALLOWED_PROPERTY_KEYS, "property shape")
    path = g.value(ps, SH.path)
    if not isinstance(path, URIRef):
        raise ShapesError(f"property shape {ps} needs a predicate IRI as sh:path")
    prop = PropertyShape(
        iri=ps,
        path=path,
        name=_text(g, ps, SH.name, str(ps)),
        description=_text(g, ps, SH.description),
        message=_text(g, ps, SH.message, parent.message),
        severity=g.value(ps, SH.severity) or SH.Violation,  # type: ignore[arg-type]
    )
    if (v := g.value(ps, SH.minCount)) is not None:
        prop.min_count = int(str(v))
    if (v := g.value(ps, SH.maxCount)) is not None:
        prop.max_count = int(str(v))
    if (v := g.value(ps, SH.datatype)) is not None:
        prop.datatypes = [v]  # type: ignore[list-item]
        prop.datatype_component = SH.DatatypeConstraintComponent
    if (v := g.value(ps, SH["or"])) is not None:
        members = list(Collection(g, v))
        dts = []
        for m in members:
            keys = set(g.predicates(m, None)) - {RDF.type}
            dt = g.value(m, SH.datatype)
            if keys != {SH.datatype} or not isinstance(dt, URIRef):
                raise ShapesError(f"{ps}: sh:or is supported only as a list of [ sh:datatype X ]")
            dts.append(dt)
        if prop.datatypes:
            raise ShapesError(f"{ps}: use sh:datatype or sh:or of datatypes, not both")
        prop.datatypes = dts
        prop.datatype_component = SH.OrConstraintComponent
    prop.classes = [c for c in g.objects(ps, SH["class"]) if isinstance(c, URIRef)]
    if (v := g.value(ps, SH.nodeKind)) is not None:
        prop.node_kind = v  # type: ignore[assignment]
    if (v := g.value(ps, SH["in"])) is not None:
        prop.in_values = list(Collection(g, v))
    if (v := g.value(ps, SH.minInclusive)) is not None:
        prop.min_inclusive = v  # type: ignore[assignment]
    if (v := g.value(ps, SH.maxInclusive)) is not None:
        prop.max_inclusive = v  # type: ignore[assignment]
    if (v := g.value(ps, SH.pattern)) is not None:
        prop.pattern = str(v)
        prop.flags = _text(g, ps, SH.flags)
    if (v := g.value(ps, SH.lessThanOrEquals)) is not None:
        prop.less_than_or_equals = v  # type: ignore[assignment]
    if (q := g.value(ps, SH.qualifiedValueShape)) is not None:
        keys = set(g.predicates(q, None)) - {RDF.type}
        cls = g.value(q, SH["class"])
        if keys != {SH["class"]} or not isinstance(cls, URIRef):
            raise ShapesError(f"{ps}: sh:qualifiedValueShape is supported only as [ sh:class X ]")
        if (n := g.value(ps, SH.qualifiedMinCount)) is None:
            raise ShapesError(f"{ps}: sh:qualifiedValueShape needs sh:qualifiedMinCount")
        prop.qualified_class = cls
        prop.qualified_min_count = int(str(n))
    return prop


def parse_shapes(g: Graph, files: list[Path] | None = None) -> Shapes:
    """Build the engine's model of a shapes graph; raise ShapesError on what it cannot check."""
    node_shapes = []
    for s in sorted(set(g.subjects(RDF.type, SH.NodeShape)), key=str):
        if not isinstance(s, URIRef):
            raise ShapesError(f"node shape {s} is a blank node; give it an IRI")
        if g.value(s, SH.deactivated) == Literal(True):
            continue
        _check_keys(g, s, _ALLOWED_SHAPE_KEYS, "node shape")
        ns = NodeShape(
            iri=s,
            name=_text(g, s, SH.name, str(s)),
            description=_text(g, s, SH.description),
            message=_text(g, s, SH.message),
            severity=g.value(s, SH.severity) or SH.Violation,  # type: ignore[arg-type]
            target_classes=sorted(c for c in g.objects(s, SH.targetClass) if isinstance(c, URIRef)),
            target_subjects_of=sorted(p for p in g.objects(s, SH.targetSubjectsOf) if isinstance(p, URIRef)),
            target_objects_of=sorted(p for p in g.objects(s, SH.targetObjectsOf) if isinstance(p, URIRef)),
            target_nodes=sorted(g.objects(s, SH.targetNode), key=str),
        )
        for ps in sorted(g.objects(s, SH.property), key=str):
            ns.properties.append(_load_property(g, ps, ns))
        for c in g.objects(s, SH.sparql):
            select = g.value(c, SH.select)
            if select is None:
                raise ShapesError(f"{s}: only sh:select SPARQL constraints are supported")
            msg = g.value(c, SH.message)
            prefixes = _prefix_text(g, c) + "\n"
            batch = g.value(c, NGSH.batchSelect)
            if batch is not None and _projection(str(batch)) != _projection(str(select)):
                raise ShapesError(
                    f"{s}: ngsh:batchSelect must select the same variables as sh:select "
                    f"({' '.join(_projection(str(select)))})"
                )
            ns.sparql.append(
                SparqlConstraint(
                    c,
                    prefixes + str(select),
                    str(msg) if msg is not None else None,
                    prefixes + str(batch) if batch is not None else None,
                )
            )
        node_shapes.append(ns)
    return Shapes(graph=g, node_shapes=node_shapes, files=files or [])


def _projection(query: str) -> list[str]:
    """The variables a SELECT query's outer SELECT clause names, in order (``$this`` as ``this``)."""
    m = re.search(r"(?is)\bSELECT\b(.*?)\bWHERE\b", _split_prefixes(query)[1])
    return re.findall(r"[?$](\w+)", m.group(1)) if m else []


@lru_cache(maxsize=4)
def _load_shapes_cached(directory: str) -> Shapes:
    files = sorted(Path(directory).glob("*.ttl"))
    if not files:
        raise ShapesError(f"no shapes (*.ttl) in {directory}")
    g = Graph()
    for f in files:
        try:
            g.parse(f, format="turtle")
        except Exception as exc:  # rdflib raises many types for bad Turtle
            raise ShapesError(f"cannot parse {f}: {exc}") from exc
    return parse_shapes(g, files)


def load_shapes(directory: str | Path | None = None) -> Shapes:
    """All ``*.ttl`` files of the shapes folder (``shapes/`` by default), parsed once and cached."""
    return _load_shapes_cached(str(Path(directory) if directory else shapes_dir()))


# ---------------------------------------------------------------------------------------------
# SPARQL text for the core constraint components
# ---------------------------------------------------------------------------------------------

# Lexical forms, so that an ill-formed literal ("12a"^^xsd:integer) fails sh:datatype in both engines.
_LEXICAL = {
    XSD.integer: r"^[+-]?[0-9]+$",
    XSD.nonNegativeInteger: r"^[+]?[0-9]+$",
    XSD.decimal: r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$",
    XSD.boolean: r"^(true|false|1|0)$",
    XSD.date: r"^-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.gYearMonth: r"^-?[0-9]{4,}-(0[1-9]|1[0-2])(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.gYear: r"^-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.dateTime: r"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$",
}


def _escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _type_test(var: str, classes: list[URIRef]) -> str:
    """Patterns keeping rows where ?var has none of the classes.  (OPTIONAL + !BOUND: Oxigraph runs
    it as an indexed left join, some fifty times faster than FILTER NOT EXISTS here.)"""
    return (
        f"OPTIONAL {{ ?{var} a ?{var}Type . FILTER (?{var}Type IN ({', '.join(sparql_term(c) for c in classes)})) }} "
        f"FILTER (!BOUND(?{var}Type))"
    )


def _typed(var: str, classes: list[URIRef]) -> str:
    """A pattern binding ?var to the nodes having one of the classes (the right side of a MINUS)."""
    return f"?{var} a ?{var}Type . FILTER (?{var}Type IN ({', '.join(sparql_term(c) for c in classes)}))"


def _datatype_filter(dts: list[URIRef]) -> str:
    ok = []
    for dt in dts:
        cond = f"DATATYPE(?v) = {sparql_term(dt)}"
        if dt in _LEXICAL:
            cond += f' && REGEX(STR(?v), "{_escape(_LEXICAL[dt])}")'
        ok.append(f"({cond})")
    return f"FILTER (!isLiteral(?v) || !({' || '.join(ok)}))"


_NODE_KIND_FILTERS = {
    SH.IRI: "!isIRI(?v)",
    SH.BlankNode: "!isBlank(?v)",
    SH.Literal: "!isLiteral(?v)",
    SH.BlankNodeOrIRI: "isLiteral(?v)",
    SH.BlankNodeOrLiteral: "isIRI(?v)",
    SH.IRIOrLiteral: "isBlank(?v)",
}


@dataclass
class _CoreQuery:
    component: URIRef
    body: str  # group pattern after the focus binding; selects ?this and maybe ?v
    group: str = ""  # GROUP BY / HAVING tail
    has_value: bool = True
    needs_targets: bool = False  # true when it looks for what a focus node lacks (minCount, ...)
    #: the same test for a full pass, as a MINUS (a hash anti-join: one scan of the predicate
    #: instead of one index look-up per node, 2-7x faster at 1M triples); "" to use ``body``.
    #: Not for a few bound focus nodes: MINUS evaluates its right side for the whole store.
    full_body: str = ""


def _core_queries(ps: PropertyShape, closure: dict[URIRef, list[URIRef]]) -> list[_CoreQuery]:
    p = sparql_term(ps.path)
    out: list[_CoreQuery] = []
    if ps.min_count is not None and ps.min_count > 0:
        if ps.min_count == 1:
            out.append(
                _CoreQuery(
                    SH.MinCountConstraintComponent,
                    f"FILTER NOT EXISTS {{ ?this {p} ?any }}",
                    has_value=False,
                    needs_targets=True,
                    full_body=f"MINUS {{ ?this {p} ?any }}",
                )
            )
        else:
            out.append(
                _CoreQuery(
                    SH.MinCountConstraintComponent,
                    f"OPTIONAL {{ ?this {p} ?v0 }}",
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v0) < {ps.min_count})",
                    has_value=False,
                    needs_targets=True,
                )
            )
    if ps.max_count is not None:
        out.append(
            _CoreQuery(
                SH.MaxCountConstraintComponent,
                f"?this {p} ?v0 .",
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v0) > {ps.max_count})",
                has_value=False,
            )
        )
    if ps.datatypes and ps.datatype_component is not None:
        out.append(_CoreQuery(ps.datatype_component, f"?this {p} ?v . {_datatype_filter(ps.datatypes)}"))
    for cls in ps.classes:
        classes = closure.get(cls, [cls])
        out.append(
            _CoreQuery(
                SH.ClassConstraintComponent,
                f"?this {p} ?v . {_type_test('v', classes)}",
                full_body=f"?this {p} ?v . MINUS {{ {_typed('v', classes)} }}",
            )
        )
    if ps.node_kind is not None:
        if ps.node_kind not in _NODE_KIND_FILTERS:
            raise ShapesError(f"{ps.iri}: unknown sh:nodeKind {ps.node_kind}")
        out.append(
            _CoreQuery(
                SH.NodeKindConstraintComponent, f"?this {p} ?v . FILTER ({_NODE_KIND_FILTERS[ps.node_kind]})"
            )
        )
    if ps.in_values is not None:
        same = " || ".join(f"sameTerm(?v, {sparql_term(x)})" for x in ps.in_values) or "false"
        out.append(_CoreQuery(SH.InConstraintComponent, f"?this {p} ?v . FILTER (!({same}))"))
    if ps.min_inclusive is not None:
        out.append(
            _CoreQuery(
                SH.MinInclusiveConstraintComponent,
                f"?this {p} ?v . FILTER (!COALESCE(?v >= {sparql_term(ps.min_inclusive)}, false))",
            )
        )
    if ps.max_inclusive is not None:
        out.append(
            _CoreQuery(
                SH.MaxInclusiveConstraintComponent,
                f"?this {p} ?v . FILTER (!COALESCE(?v <= {sparql_term(ps.max_inclusive)}, false))",
            )
        )
    if ps.pattern is not None:
        flags = f', "{_escape(ps.flags)}"' if ps.flags else ""
        out.append(
            _CoreQuery(
                SH.PatternConstraintComponent,
                f'?this {p} ?v . FILTER (isBlank(?v) || !REGEX(STR(?v), "{_escape(ps.pattern)}"{flags}))',
            )
        )
    if ps.less_than_or_equals is not None:
        out.append(
            _CoreQuery(
                SH.LessThanOrEqualsConstraintComponent,
                f"?this {p} ?v . ?this {sparql_term(ps.less_than_or_equals)} ?ngOther . "
                "FILTER (!COALESCE(?v <= ?ngOther, false))",
                full_body=f"{{ SELECT ?this ?v WHERE {{ ?this {p} ?v }} }} "
                f"{{ SELECT ?this ?ngOther WHERE {{ ?this {sparql_term(ps.less_than_or_equals)} ?ngOther }} }} "
                "FILTER (!COALESCE(?v <= ?ngOther, false))",
            )
        )
    if ps.qualified_class is not None and ps.qualified_min_count == 1:
        types = ", ".join(sparql_term(c) for c in closure.get(ps.qualified_class, [ps.qualified_class]))
        out.append(
            _CoreQuery(
                SH.QualifiedMinCountConstraintComponent,
                f"OPTIONAL {{ ?this {p} ?v0 . ?v0 a ?v0Type . FILTER (?v0Type IN ({types})) }} "
                "FILTER (!BOUND(?v0))",
                has_value=False,
                needs_targets=True,
                full_body=(
                    f"MINUS {{ {{ SELECT ?this ?v0 WHERE {{ ?this {p} ?v0 }} }} "
                    f"{{ SELECT ?v0 WHERE {{ {_typed('v0', closure.get(ps.qualified_class, [ps.qualified_class]))} }} }} }}"
                ),
            )
        )
    elif ps.qualified_class is not None and ps.qualified_min_count:
        types = " ".join(sparql_term(c) for c in closure.get(ps.qualified_class, [ps.qualified_class]))
        out.append(
            _CoreQuery(
                SH.QualifiedMinCountConstraintComponent,
                f"OPTIONAL {{ ?this {p} ?v0 . ?v0 a ?ngQClass . VALUES ?ngQClass {{ {types} }} }}",
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v0) < {ps.qualified_min_count})",
                has_value=False,
                needs_targets=True,
            )
        )
    return out


def _target_union(shape: NodeShape, closure: dict[URIRef, list[URIRef]]) -> str:
    """A group pattern binding ?this to the shape's targets (may repeat a node)."""
    branches = []
    classes = sorted({c for tc in shape.target_classes for c in closure.get(tc, [tc])})
    if classes:
        branches.append(
            f"{{ ?this a ?ngTargetClass . VALUES ?ngTargetClass {{ {' '.join(sparql_term(c) for c in classes)} }} }}"
        )
    for p in shape.target_subjects_of:
        branches.append(f"{{ ?this {sparql_term(p)} ?ngTargetObject }}")
    for p in shape.target_objects_of:
        branches.append(f"{{ ?ngTargetSubject {sparql_term(p)} ?this }}")
    if shape.target_nodes:
        branches.append(f"{{ {values_block('this', shape.target_nodes)} }}")
    return " UNION ".join(branches)


# ---------------------------------------------------------------------------------------------
# The SPARQL engine
# ---------------------------------------------------------------------------------------------

_SELECTS_VALUE = re.compile(r"(?is)^.*?\bSELECT\b[^{]*[?$]value\b")
_TEMPLATE_RE = re.compile(r"\{[?$](\w+)\}")


def _fill(template: str, bindings: dict[str, Node]) -> str:
    def sub(m: re.Match[str]) -> str:
        v = bindings.get(m.group(1))
        return str(v) if v is not None else m.group(0)

    return _TEMPLATE_RE.sub(sub, template)


def _split_prefixes(query: str) -> tuple[str, str]:
    """(PREFIX lines, the rest) of a query text."""
    head, rest = [], []
    lines = query.splitlines()
    for i, line in enumerate(lines):
        if line.strip().upper().startswith(("PREFIX", "BASE")) or not line.strip():
            head.append(line)
        else:
            rest = lines[i:]
            break
    return "\n".join(head), "\n".join(rest)


def _inject(query: str, top: str, tail: str = "", sub: str = "") -> str:
    """Insert ``top`` at the start and ``tail`` at the end of the query's outer WHERE group, and
    ``sub`` at the start of every nested sub-select's WHERE group.  ``$this`` becomes ``?this``."""
    prefixes, body = _split_prefixes(query)
    body = body.replace("$this", "?this")
    first = body.index("{")
    depth, last = 0, -1
    for i in range(first, len(body)):
        if body[i] == "{":
            depth += 1
        elif body[i] == "}":
            depth -= 1
            if depth == 0:
                last = i
                break
    if last < 0:
        raise ShapesError("unbalanced braces in a sh:select query")
    inner = body[first + 1 : last]
    if sub:
        inner = re.sub(r"(?i)(SELECT\b[^{}]*?\bWHERE\s*\{)", lambda m: m.group(1) + " " + sub + " ", inner)
    return f"{prefixes}\n{body[:first]}{{ {top}\n{inner}\n{tail} }}{body[last + 1 :]}"


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
        for chunk in _chunks(nodes, 400):
            q = f"SELECT DISTINCT ?n ?t ?p WHERE {{ {values_block('n', chunk)} {{ ?n a ?t }}"
            if preds:
                q += f" UNION {{ ?n ?p ?o . VALUES ?p {{ {' '.join(sparql_term(p) for p in preds)} }} }}"
            q += " }"
            for r in self._select(q):
                n = r["n"]
                if r.get("t") is not None:
                    types.setdefault(n, set()).add(r["t"])  # type: ignore[arg-type]
                if r.get("p") is not None:
                    subj_of.setdefault(n, set()).add(r["p"])  # type: ignore[arg-type]
        out: dict[URIRef, list[Node]] = {}
        objs_needed = any(ns.target_objects_of for ns in self.shapes.node_shapes)
        obj_of: dict[Node, set[Node]] = {}
        if objs_needed:
            opreds = sorted({p for ns in self.shapes.node_shapes for p in ns.target_objects_of})
            for chunk in _chunks(nodes, 400):
                for r in self._select(
                    f"SELECT DISTINCT ?n ?p WHERE {{ {values_block('n', chunk)} "
                    f"?s ?p ?n . VALUES ?p {{ {' '.join(sparql_term(p) for p in opreds)} }} }}"
                ):
                    obj_of.setdefault(r["n"], set()).add(r["p"])  # type: ignore[arg-type]
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
    def _issue(self, ps: PropertyShape, cq: _CoreQuery, this: Node, value: Node | None) -> Issue:
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
        candidates: list[tuple[PropertyShape, _CoreQuery, Node, Node | None]] = []
        for ps in ns.properties:
            for cq in _core_queries(ps, closure):
                if cq.needs_targets:
                    select = "SELECT ?this" if cq.group else "SELECT DISTINCT ?this"
                    head = f"{{ SELECT DISTINCT ?this WHERE {{ {_target_union(ns, closure)} }} }}"
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
        rows = self._select(f"SELECT DISTINCT ?this WHERE {{ {_target_union(ns, self.closure())} }}")
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
        parts = [(ps, cq) for ps in ns.properties for cq in _core_queries(ps, closure)]
        if not parts:
            return []
        issues: list[Issue] = []
        for chunk in _chunks(focus, 400):
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
        target = _target_union(ns, closure)
        for c in ns.sparql:
            if values is not None and not _SELECTS_VALUE.search(c.select):
                continue  # ?value is not one of its results: nothing to bind
            if focus is None and values is None and c.batch is not None and self.batch:
                # the same solutions for all targets at once; the target test stays with the engine
                queries = [_inject(c.batch, "", f"FILTER EXISTS {{ {target} }}")]
            elif focus is None and values is None and _SELECTS_VALUE.search(c.select):
                # a rule pairing ?this with another node: let the query's own patterns drive the
                # join (written most selective first) and test the target last; a target sub-select
                # first made Oxigraph run the pattern once per target (16 s instead of 0.4 s at 1M)
                queries = [_inject(c.select, "", f"FILTER EXISTS {{ {target} }}")]
            elif focus is None and values is None:
                queries = [_inject(c.select, f"{{ SELECT DISTINCT ?this WHERE {{ {target} }} }}")]
            elif values is not None:
                queries = [
                    _inject(c.select, values_block("value", chunk), f"FILTER EXISTS {{ {target} }}")
                    for chunk in _chunks(values, 400)
                ]
            else:
                queries = [
                    _inject(c.select, values_block("this", chunk), "", values_block("this", chunk))
                    for chunk in _chunks(focus or [], 400)
                ]
            for query in queries:
                for r in self._select(query):
                    this = r.get("this")
                    if this is None:
                        continue
                    bindings = {k: v for k, v in r.items() if v is not None}
                    template = c.message or ns.message
                    issues.append(
                        Issue(
                            source_shape=ns.iri,
                            focus_node=this,
                            severity=ns.severity,
                            message=_fill(template, bindings),
                            constraint_component=SH.SPARQLConstraintComponent,
                            path=r.get("path") if isinstance(r.get("path"), URIRef) else None,  # type: ignore[arg-type]
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

    def validate_all(self, workers: int = 1) -> list[Issue]:
        """Every result in the store.  ``workers`` > 1 splits the pass over that many processes
        when the store is embedded on disk (graph.validate.pool), with the same results."""
        if workers > 1:
            from graph.validate.pool import parallel_full_pass

            found = parallel_full_pass(self, workers)
            if found is not None:
                return found
        issues: list[Issue] = []
        for ns in self.shapes.node_shapes:
            issues += self._run_core(ns, None)
            issues += self._run_sparql(ns, None)
        return _dedupe(issues)

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
            if not new_nodes or not any(_SELECTS_VALUE.search(c.select) for c in ns.sparql):
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
        return _dedupe(issues)


def _chunks(seq: Sequence[Node], n: int) -> Iterable[Sequence[Node]]:
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


def _dedupe(issues: list[Issue]) -> list[Issue]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for i in issues:
        k = (i.source_shape, i.focus_node, i.severity, i.constraint_component, i.path, i.value)
        if k not in seen:
            seen.add(k)
            out.append(i)
    out.sort(
        key=lambda i: (
            SEVERITY_ORDER.get(i.severity, 9),
            str(i.source_shape),
            str(i.focus_node),
            str(i.value),
        )
    )
    return out


# ---------------------------------------------------------------------------------------------
# The pySHACL engine
# ---------------------------------------------------------------------------------------------


def union_graph(store: Store) -> Graph:
    """All triples of all graphs of the store, as one rdflib graph (what pySHACL validates)."""
    g = Graph()
    if isinstance(store, OxigraphStore):
        from graph.sparql.terms import to_rdflib

        for q in store.raw.quads_for_pattern(None, None, None, None):
            g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))  # type: ignore[arg-type]
        return g
    return store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")


def pyshacl_validate_graph(data: Graph, shapes: Shapes | None = None) -> list[Issue]:
    """Validate an rdflib graph with pySHACL and read its report into Issues."""
    import pyshacl

    shapes = shapes or load_shapes()
    try:
        _conforms, report, _text_report = pyshacl.validate(
            data,
            shacl_graph=shapes.graph,
            inference="none",
            abort_on_first=False,
            allow_warnings=True,
            meta_shacl=False,
            advanced=False,
            debug=False,
        )
    except Exception as exc:  # pySHACL raises its own and rdflib's errors
        raise ValidationError(f"pySHACL failed: {exc}") from exc
    return _dedupe(issues_from_report(report))


def issues_from_report(report: Graph) -> list[Issue]:
    """Read a standard sh:ValidationReport graph into Issues."""
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        msgs = [str(m) for m in report.objects(r, SH.resultMessage)]
        out.append(
            Issue(
                source_shape=report.value(r, SH.sourceShape),  # type: ignore[arg-type]
                focus_node=report.value(r, SH.focusNode),  # type: ignore[arg-type]
                severity=report.value(r, SH.resultSeverity) or SH.Violation,  # type: ignore[arg-type]
                message=msgs[0] if msgs else "",
                constraint_component=report.value(r, SH.sourceConstraintComponent),  # type: ignore[arg-type]
                path=report.value(r, SH.resultPath)
                if isinstance(report.value(r, SH.resultPath), URIRef)
                else None,  # type: ignore[arg-type]
                value=report.value(r, SH.value),
                source_constraint=report.value(r, SH.sourceConstraint),
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# One conflict, one result
# ---------------------------------------------------------------------------------------------

_CONFLICT_PREDICATES = {NG.holder: "holder", NG.office: "office", NG.measure: "measure"}


def _conflict_facts(store: Store, nodes: Sequence[Node]) -> dict[Node, dict[str, set[str]]]:
    """Holder, office and measure of statement nodes, and the nodes that have them as ng:quantity."""
    out: dict[Node, dict[str, set[str]]] = {}
    iris_ = [n for n in dict.fromkeys(nodes) if isinstance(n, URIRef)]
    preds = ", ".join(sparql_term(p) for p in _CONFLICT_PREDICATES)
    for chunk in _chunks(iris_, 300):
        q = (
            f"SELECT ?n ?p ?o WHERE {{ {values_block('n', chunk)} "
            f"{{ ?n ?p ?o FILTER (?p IN ({preds})) }} UNION "
            f"{{ ?o {sparql_term(NG.quantity)} ?n BIND ({sparql_term(NG.quantity)} AS ?p) }} }}"
        )
        for r in store.select(q).rows:
            n, pred, o = r["n"], r["p"], r["o"]
            if n is None or pred is None or o is None:
                continue
            label = _CONFLICT_PREDICATES.get(pred, "subject")  # type: ignore[call-overload]
            out.setdefault(n, {}).setdefault(label, set()).add(str(o))
    return out


def _conflict_key(i: Issue, facts: dict[Node, dict[str, set[str]]]) -> tuple[str, ...]:
    """What a result is about, so that the results of one conflict share it: the rule and severity,
    then the office and both holders (single seat), the holder and both offices (exclusive
    offices), the holder and office (a holding against the reference), the event and measure
    (numbers), or else the two statements."""
    mine = facts.get(i.focus_node, {})
    other = facts.get(i.value, {}) if i.value is not None else {}
    head = (str(i.source_shape), str(i.severity))

    def both(label: str) -> tuple[str, ...]:
        return tuple(sorted(mine.get(label, set()) | other.get(label, set())))

    shape = i.source_shape
    if shape == NGSH.SingleSeatOverlapShape and mine.get("office") and len(both("holder")) == 2:
        return (*head, "office", *sorted(mine["office"]), "holders", *both("holder"))
    if shape == NGSH.ExclusiveOfficesShape and mine.get("holder") and len(both("office")) == 2:
        return (*head, "holder", *sorted(mine["holder"]), "offices", *both("office"))
    if shape in (NGSH.FormerHolderInOfficeShape, NGSH.CurrentHolderAfterTermShape) and mine.get("office"):
        return (*head, "holder", *sorted(mine.get("holder", set())), "office", *sorted(mine["office"]))
    # the subject both quantities are numbers of (a claim that carries one is not it)
    shared = mine.get("subject", set()) & other.get("subject", set())
    if shape == NGSH.QuantityDisagreementShape and shared and mine.get("measure"):
        return (*head, "event", *sorted(shared), "measure", *sorted(mine["measure"]))
    if shape == NGSH.PartsSumShape and other.get("measure"):
        return (*head, "event", str(i.focus_node), "measure", *sorted(other["measure"]))
    return (*head, "statements", *sorted({str(i.focus_node), str(i.value)}))


def _reference_first(i: Issue) -> tuple[Any, ...]:
    """Order of the sides of one conflict: an article statement in focus before reference data."""
    ref = f"{base_iri()}reference/"
    return (str(i.focus_node).startswith(ref), str(i.focus_node), str(i.value))


def merge_conflicts(store: Store, issues: Sequence[Issue]) -> list[Issue]:
    """Fold the results of one conflict into one (see the module text).  Results of rules that are
    not conflicts between statements stay as they are.  The first side (an article statement
    before reference data, then by IRI) gives the merged result its focus node, value and message;
    ``sides`` keeps them all.  Deterministic: the same engine results give the same merged ones,
    whichever engine produced them."""
    conflicts = [i for i in issues if i.is_contradiction]
    if not conflicts:
        return list(issues)
    nodes: list[Node] = []
    for i in conflicts:
        nodes.extend((i.focus_node, i.value))  # type: ignore[arg-type]
    facts = _conflict_facts(store, nodes)
    groups: dict[tuple[str, ...], list[Issue]] = {}
    for i in conflicts:
        groups.setdefault(_conflict_key(i, facts), []).append(i)
    out = [i for i in issues if not i.is_contradiction]
    for key, members in groups.items():
        members = sorted(members, key=_reference_first)
        first = members[0]
        merged = Issue(
            source_shape=first.source_shape,
            focus_node=first.focus_node,
            severity=first.severity,
            message=first.message,
            constraint_component=first.constraint_component,
            path=first.path,
            value=first.value,
            source_constraint=first.source_constraint,
            bindings=dict(first.bindings),
            sides=[replace(m, sides=[], statements=[]) for m in members],
            conflict_key=key,
        )
        out.append(merged)
    out.sort(
        key=lambda i: (
            SEVERITY_ORDER.get(i.severity, 9),
            str(i.source_shape),
            str(i.focus_node),
            str(i.value),
        )
    )
    return out


# ---------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------


def validate_all(
    store: Store,
    engine: str = "sparql",
    *,
    shapes: Shapes | None = None,
    explain_results: bool = True,
    workers: int | None = None,
) -> ValidationResult:
    """Check the whole store against all shapes.  ``engine`` is ``"sparql"`` (fast, on the store)
    or ``"pyshacl"`` (the reference, over an in-memory copy of the union of all graphs).
    ``workers``: processes for the SPARQL engine's pass over an embedded store (default
    ``NEWSGRAPH_VALIDATE_WORKERS``, else the number of CPUs, at most 4)."""
    t0 = time.perf_counter()
    shapes = shapes or load_shapes()
    if workers is not None and workers < 1:
        raise ValidationError(f"workers must be at least 1, not {workers}")
    if engine == "sparql":
        from graph.validate.pool import can_parallelise

        n = (workers or validate_workers()) if can_parallelise(store) else 1
        issues = SparqlEngine(store, shapes).validate_all(n)
    elif engine == "pyshacl":
        issues = pyshacl_validate_graph(union_graph(store), shapes)
    else:
        raise ValidationError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    from graph.validate.reasoning import entity_issues  # the entity graph against the ontology (owlready2)

    issues = [*issues, *entity_issues(store)]
    result = ValidationResult(issues=merge_conflicts(store, issues), engine=engine, scope=None)
    if explain_results:
        explain(store, result.issues)
    result.elapsed_s = time.perf_counter() - t0
    return result


def source_graphs(store: Store, source_iris: Sequence[URIRef]) -> dict[URIRef, URIRef]:
    """The named graph of each source: its ng:inGraph, else the graph iris.py mints for its id."""
    out: dict[URIRef, URIRef] = {}
    if not source_iris:
        return out
    rows = store.select(
        f"SELECT ?s ?g WHERE {{ {values_block('s', source_iris)} ?s {sparql_term(NG.inGraph)} ?g }}"
    ).rows
    for r in rows:
        if isinstance(r["s"], URIRef) and isinstance(r["g"], URIRef):
            out[r["s"]] = r["g"]
    prefix = f"{base_iri()}source/"
    for s in source_iris:
        if s not in out and str(s).startswith(prefix) and "/" not in str(s)[len(prefix) :]:
            out[s] = iris.source_graph_iri(str(s)[len(prefix) :])
    return out


def touched_nodes(store: Store, source_iris: Sequence[URIRef]) -> tuple[list[Node], list[Node]]:
    """(focus candidates, new statement nodes) for incremental validation of some sources.

    New nodes are the subjects of the sources' graphs and the IRIs they point at (the entities they
    mention).  Focus candidates add the wholes their events are ng:partOf."""
    graphs = sorted(set(source_graphs(store, source_iris).values()))
    if not graphs:
        return [], []
    rows = store.select(
        f"SELECT DISTINCT ?n WHERE {{ {values_block('g', graphs)} GRAPH ?g {{ "
        f"{{ ?n ?p ?o }} UNION {{ ?s ?p ?n FILTER (isIRI(?n) && ?p != {sparql_term(RDF.type)}) }} }} }}"
    ).rows
    new = [r["n"] for r in rows if r["n"] is not None]
    new_set = set(new)
    focus = list(new)
    for chunk in _chunks(new, 400):
        for r in store.select(
            f"SELECT DISTINCT ?w WHERE {{ {values_block('n', chunk)} ?n {sparql_term(NG.partOf)} ?w }}"
        ).rows:
            w = r["w"]
            if w is not None and w not in new_set:
                new_set.add(w)
                focus.append(w)
    return focus, new


def validate_sources(
    store: Store,
    source_iris: Sequence[URIRef | str],
    engine: str = "sparql",
    *,
    shapes: Shapes | None = None,
    explain_results: bool = True,
) -> ValidationResult:
    """Check only what these (newly ingested) sources touch: results whose focus node is in their
    graphs (or an entity they mention, or a whole one of their events is part of), and conflicts
    between their statements and older ones (same office, person or event), reported from both
    sides.  The same results a full pass gives for those nodes."""
    t0 = time.perf_counter()
    shapes = shapes or load_shapes()
    sources = [URIRef(str(s)) for s in source_iris]
    focus, new = touched_nodes(store, sources)
    if engine == "sparql":
        issues = SparqlEngine(store, shapes).validate_nodes(focus, new) if focus else []
    elif engine == "pyshacl":
        fset, nset = set(focus), set(new)
        all_issues = pyshacl_validate_graph(union_graph(store), shapes)
        issues = [
            i
            for i in all_issues
            if i.focus_node in fset
            or (i.constraint_component == SH.SPARQLConstraintComponent and i.value in nset)
        ]
    else:
        raise ValidationError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    from graph.validate.reasoning import entity_issues  # the SPARQL check of the ontology, on what is touched

    issues = [*issues, *entity_issues(store, nodes=focus)]
    result = ValidationResult(
        issues=merge_conflicts(store, issues), engine=engine, scope=sources, focus_nodes=len(focus)
    )
    if explain_results:
        explain(store, result.issues)
    result.elapsed_s = time.perf_counter() - t0
    return result


# ---------------------------------------------------------------------------------------------
# Explanations
# ---------------------------------------------------------------------------------------------

_FACT_PREDICATES: list[tuple[URIRef, str]] = [
    (NG.holder, "holder"),
    (NG.office, "office"),
    (NG.officeTitle, "as worded"),
    (NG.status, "status"),
    (NG.asOf, "as of"),
    (NG.startDate, "start"),
    (NG.endDate, "end"),
    (NG.value, "value"),
    (NG.qualifier, "qualifier"),
    (NG.measure, "measure"),
    (NG.counts, "counts"),
    (NG.label, "label"),
    (NG.content, "content"),
    (NG.claimant, "claimant"),
    (NG.about, "about"),
    (NG.partOf, "part of"),
    (NG.expectedParts, "expected parts"),
    (SCHEMA.headline, "headline"),
    (SCHEMA.datePublished, "published"),
    (NG.publishedInferred, "published date inferred"),
    (NG.name, "name"),
]
_KINDS = [
    (NG.OfficeHolding, "office holding"),
    (NG.Quantity, "quantity"),
    (NG.Claim, "claim"),
    (NG.Source, "source"),
    (NG.Evidence, "evidence"),
    (NG.Office, "office"),
    (NG.Person, "person"),
]
_EVENT_TYPES = {
    NG.Event,
    NG.PrisonerExchange,
    NG.Attack,
    NG.Negotiation,
    NG.Statement,
    NG.Appointment,
    NG.Dismissal,
    NG.OtherEvent,
}


def _display(term: Node, name: Node | None) -> str:
    if name is not None:
        return str(name)
    if isinstance(term, URIRef):
        s = str(term)
        if s.startswith(str(NG)):
            return s[len(str(NG)) :]
        return s
    return str(term)


def describe_statements(store: Store, nodes: Sequence[Node]) -> dict[Node, Statement]:
    """Readable descriptions of statement nodes, with sources and evidence, in three queries."""
    nodes = [n for n in dict.fromkeys(nodes) if isinstance(n, URIRef)]
    out: dict[Node, Statement] = {}
    if not nodes:
        return out
    facts: dict[Node, dict[URIRef, list[str]]] = {}
    types: dict[Node, set[Node]] = {}
    derived: dict[Node, list[str]] = {}
    preds = [p for p, _ in _FACT_PREDICATES] + [RDF.type, PROV.wasDerivedFrom]
    for chunk in _chunks(nodes, 300):
        # FILTER, not VALUES ?p: Oxigraph joined a VALUES list of predicates with a scan of every
        # triple having one of them (1.7 s instead of 17 ms for 136 results at 1M triples)
        q = (
            f"SELECT DISTINCT ?n ?p ?o ?oname WHERE {{ {values_block('n', chunk)} ?n ?p ?o . "
            f"FILTER (?p IN ({', '.join(sparql_term(p) for p in preds)})) "
            f"OPTIONAL {{ ?o {sparql_term(NG.name)} ?oname }} }}"
        )
        for r in store.select(q).rows:
            n, p, o = r["n"], r["p"], r["o"]
            if n is None or p is None or o is None:
                continue
            if p == RDF.type:
                types.setdefault(n, set()).add(o)
            elif p == PROV.wasDerivedFrom:
                derived.setdefault(n, []).append(str(o))
            else:
                vals = facts.setdefault(n, {}).setdefault(p, [])  # type: ignore[arg-type]
                text = _display(o, r.get("oname"))
                if text not in vals:
                    vals.append(text)
    for n in nodes:
        ts = types.get(n, set())
        kind = next((label for cls, label in _KINDS if cls in ts), None)
        if kind is None:
            kind = "event" if ts & _EVENT_TYPES else "statement"
        st = Statement(iri=n, kind=kind, derived_from=sorted(set(derived.get(n, []))))  # type: ignore[arg-type]
        for p, label in _FACT_PREDICATES:
            fact_vals = facts.get(n, {}).get(p)
            if fact_vals:
                st.facts[label] = ", ".join(sorted(fact_vals))
        out[n] = st
    srcs: dict[Node, dict[Node, SourceInfo]] = {}
    evs: dict[Node, dict[tuple[Any, ...], Evidence]] = {}
    for chunk in _chunks(nodes, 300):
        q = f"""SELECT ?n ?src ?title ?url ?outletName ?pub ?ev ?sentence ?exact WHERE {{
            {values_block("n", chunk)}
            {{ ?n {sparql_term(NG.reportedBy)} ?src }} UNION {{ ?n a {sparql_term(NG.Source)} BIND (?n AS ?src) }}
            OPTIONAL {{ ?src {sparql_term(SCHEMA.headline)} ?title }}
            OPTIONAL {{ ?src {sparql_term(SCHEMA.url)} ?url }}
            OPTIONAL {{ ?src {sparql_term(NG.outlet)} ?outlet . OPTIONAL {{ ?outlet {sparql_term(NG.name)} ?outletName }} }}
            OPTIONAL {{ ?src {sparql_term(SCHEMA.datePublished)} ?pub }}
            OPTIONAL {{ ?n {sparql_term(NG.evidence)} ?ev . ?ev {sparql_term(OA.hasSource)} ?src .
                        OPTIONAL {{ ?ev {sparql_term(NG.sentence)} ?sentence }}
                        OPTIONAL {{ ?ev {sparql_term(OA.hasSelector)} ?sel . ?sel {sparql_term(OA.exact)} ?exact }} }}
        }}"""
        for r in store.select(q).rows:
            n, src = r["n"], r["src"]
            if n is None or not isinstance(src, URIRef):
                continue
            srcs.setdefault(n, {}).setdefault(
                src,
                SourceInfo(
                    iri=src,
                    title=lexical(r.get("title")),
                    outlet=lexical(r.get("outletName")),
                    url=lexical(r.get("url")),
                    published=lexical(r.get("pub")),
                ),
            )
            if r.get("ev") is not None and (r.get("sentence") is not None or r.get("exact") is not None):
                k = (src, r.get("ev"))
                e = evs.setdefault(n, {}).setdefault(k, Evidence(source=src))
                e.sentence = e.sentence or lexical(r.get("sentence"))
                e.exact = e.exact or lexical(r.get("exact"))
    for n, st in out.items():
        st.sources = sorted(srcs.get(n, {}).values(), key=lambda s: str(s.iri))
        st.evidence = sorted(evs.get(n, {}).values(), key=lambda e: (str(e.source), e.sentence or ""))
    return out


def explain(store: Store, issues: Sequence[Issue]) -> None:
    """Attach to each issue the statements it involves (the focus nodes and ``sh:value`` nodes of
    all its sides), described for people: who, what, when, with sources and evidence."""
    nodes: list[Node] = []
    for i in issues:
        nodes.extend(i.involves)
    described = describe_statements(store, nodes)
    for i in issues:
        i.statements = [described[n] for n in i.involves if n in described]


# ---------------------------------------------------------------------------------------------
# Contradictions as data
# ---------------------------------------------------------------------------------------------


#: Minted by graph/iris.py; kept here for callers that imported it from graph.validate.
contradiction_iri = iris.contradiction_iri


def record_contradictions(
    store: Store, result: ValidationResult | Sequence[Issue], source_iris: Sequence[URIRef] | None = None
) -> dict[str, int]:
    """Write the conflicts among ``result`` into the validation graph as ``ng:Contradiction`` nodes
    (``ng:rule``, ``ng:severity``, ``ng:involves``, ``ng:message``, ``ng:detectedAt``) with
    ``ng:disputes`` links, and ``ng:supports`` links between agreeing exact quantities of the same
    measure of the same event from different sources (those of ``source_iris``, or all).

    One ng:Contradiction per conflict (``Issue.conflict_key``: the rule and what the conflict is
    about, so the IRI stays the same when later sources add statements to it), involving every
    statement of every side.  Only adds: nothing else in the store is deleted, and a contradiction
    already recorded is not written again (statements new to it are added to its ng:involves).
    Returns counts of what was added."""
    issues = result.issues if isinstance(result, ValidationResult) else list(result)
    vg = iris.validation_graph_iri()
    now = Literal(
        datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"), datatype=XSD.dateTime
    )
    contradictions: dict[URIRef, tuple[Issue, set[Node]]] = {}
    involved: set[Node]
    disputes: set[tuple[Node, Node]] = set()
    for i in issues:
        if not i.is_contradiction:
            continue
        involved = set(i.involves)
        c = contradiction_iri(i.source_shape, i.conflict_key[2:] if i.conflict_key else involved)  # type: ignore[arg-type]
        if c in contradictions:
            contradictions[c][1].update(involved)
        else:
            contradictions[c] = (i, involved)
        for side in i.raw:
            disputes.add((side.focus_node, side.value))  # type: ignore[arg-type]
    existing: set[Node] = set()
    for chunk in _chunks(list(contradictions), 300):
        rows = store.select(
            f"SELECT ?c WHERE {{ {values_block('c', chunk)} GRAPH {sparql_term(vg)} {{ ?c a {sparql_term(NG.Contradiction)} }} }}"
        ).rows
        existing.update(r["c"] for r in rows if r["c"] is not None)
    g = Graph()
    added = 0
    for c, (i, involved) in contradictions.items():
        if c in existing:
            for s in involved:
                g.add((c, NG.involves, s))
            continue
        added += 1
        g.add((c, RDF.type, NG.Contradiction))
        g.add((c, NG.rule, i.source_shape))
        g.add((c, NG.severity, i.severity))
        for s in involved:
            g.add((c, NG.involves, s))
        g.add((c, NG.message, Literal(i.message)))
        g.add((c, NG.detectedAt, now))
    for a, b in disputes:
        g.add((a, NG.disputes, b))  # type: ignore[arg-type]
    supports = agreeing_quantities(store, source_iris)
    for a, b in supports:
        g.add((a, NG.supports, b))
        g.add((b, NG.supports, a))
    if len(g):
        store.replace_graphs({}, add={vg: g})
    return {"contradictions": added, "disputes": len(disputes), "supports": len(supports)}


def agreeing_quantities(
    store: Store, source_iris: Sequence[URIRef] | None = None
) -> set[tuple[URIRef, URIRef]]:
    """Pairs of exact quantities of the same measure of the same event (linked by ng:quantity) with
    equal values, from different sources; limited to the quantities of ``source_iris`` when given.
    Only an event that is one event (one type, one start date, at most one end date) is compared,
    as in QuantityDisagreementShape: mentions of several events merged on one node support nothing."""
    head = ""
    if source_iris is not None:
        graphs = sorted(set(source_graphs(store, source_iris).values()))
        if not graphs:
            return set()
        head = f"{values_block('g', graphs)} GRAPH ?g {{ ?q1 a {sparql_term(NG.Quantity)} }}"
    types = ", ".join(sparql_term(t) for t in sorted(_EVENT_TYPES - {NG.Event}))
    q = f"""SELECT DISTINCT ?q1 ?q2 WHERE {{
        {head}
        ?subject {sparql_term(NG.quantity)} ?q1 .
        # one event, as QuantityDisagreementShape takes it: one type, one start, at most one end date
        ?subject {sparql_term(NG.startDate)} ?start ; a ?type . FILTER (?type IN ({types}))
        FILTER NOT EXISTS {{ ?subject a ?type2 . FILTER (?type2 != ?type && ?type2 IN ({types})) }}
        FILTER NOT EXISTS {{ ?subject {sparql_term(NG.startDate)} ?start2 . FILTER (?start2 != ?start) }}
        FILTER NOT EXISTS {{ ?subject {sparql_term(NG.endDate)} ?end1, ?end2 . FILTER (?end1 != ?end2) }}
        ?q1 {sparql_term(NG.measure)} ?m ; {sparql_term(NG.value)} ?v1 ; {sparql_term(NG.reportedBy)} ?s1 .
        ?subject {sparql_term(NG.quantity)} ?q2 .
        ?q2 {sparql_term(NG.measure)} ?m ; {sparql_term(NG.value)} ?v2 ; {sparql_term(NG.reportedBy)} ?s2 .
        FILTER (?s1 != ?s2 && ?v1 = ?v2)
        FILTER NOT EXISTS {{ ?q1 {sparql_term(NG.qualifier)} ?x1 . FILTER (?x1 != {sparql_term(NG.Exactly)}) }}
        FILTER NOT EXISTS {{ ?q2 {sparql_term(NG.qualifier)} ?x2 . FILTER (?x2 != {sparql_term(NG.Exactly)}) }}
    }}"""
    out: set[tuple[URIRef, URIRef]] = set()
    for r in store.select(q).rows:
        a, b = r["q1"], r["q2"]
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            out.add((a, b) if str(a) < str(b) else (b, a))
    return out


def _int(term: Node | None) -> int:
    return int(term.toPython()) if isinstance(term, Literal) else 0


def support_counts(store: Store, statement_iri: URIRef | str) -> dict[str, int]:
    """How a statement stands: ``supports`` = independent origins (outlets, or sources when no
    outlet is known) other than its own that ``ng:supports`` link it to; ``disputes`` = distinct
    statements it disputes or that dispute it."""
    st = sparql_term(URIRef(str(statement_iri)))
    sup = store.select(f"""SELECT (COUNT(DISTINCT ?origin) AS ?n) WHERE {{
        {{ {st} {sparql_term(NG.supports)} ?o }} UNION {{ ?o {sparql_term(NG.supports)} {st} }}
        ?o {sparql_term(NG.reportedBy)} ?src .
        OPTIONAL {{ ?src {sparql_term(NG.outlet)} ?outlet }}
        BIND (COALESCE(?outlet, ?src) AS ?origin)
        FILTER NOT EXISTS {{ {st} {sparql_term(NG.reportedBy)} ?mine . OPTIONAL {{ ?mine {sparql_term(NG.outlet)} ?myOutlet }}
                             FILTER (COALESCE(?myOutlet, ?mine) = ?origin) }}
    }}""").rows
    dis = store.select(f"""SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{
        {{ {st} {sparql_term(NG.disputes)} ?o }} UNION {{ ?o {sparql_term(NG.disputes)} {st} }} }}""").rows
    return {
        "supports": _int(sup[0]["n"]) if sup else 0,
        "disputes": _int(dis[0]["n"]) if dis else 0,
    }  # type: ignore[arg-type]


__all__ = [
    "CONTRADICTION_SHAPES",
    "ENGINES",
    "NGSH",
    "Evidence",
    "Issue",
    "ShapesError",
    "Shapes",
    "SourceInfo",
    "SparqlEngine",
    "Statement",
    "ValidationError",
    "ValidationResult",
    "agreeing_quantities",
    "contradiction_iri",
    "describe_statements",
    "explain",
    "issues_from_report",
    "load_shapes",
    "merge_conflicts",
    "pyshacl_validate_graph",
    "record_contradictions",
    "source_graphs",
    "support_counts",
    "touched_nodes",
    "union_graph",
    "validate_all",
    "validate_sources",
]

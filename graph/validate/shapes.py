"""The SHACL shapes in ``shapes/``, read once: the rdflib graph pySHACL checks, and the model of it
the SPARQL engine compiles (node shapes, their property shapes and SPARQL constraints).

Supported SHACL: node shapes with ``sh:targetClass`` (the subclasses found in the store are
added), ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``, ``sh:targetNode``, ``sh:sparql``; property
shapes with a predicate ``sh:path`` and ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``,
``sh:or`` of datatypes, ``sh:class``, ``sh:nodeKind``, ``sh:in``, ``sh:minInclusive``,
``sh:maxInclusive``, ``sh:pattern``, ``sh:lessThanOrEquals`` and ``sh:qualifiedValueShape`` of
one ``sh:class`` with ``sh:qualifiedMinCount``.  A shape using anything else is refused with a
``ShapesError`` rather than being checked differently by the two engines.

The rules the rest of validation treats apart (conflicts between two statements, mirrored pairs)
are named here, beside the shapes they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDFS, SH
from rdflib.term import Node

from graph.config import project_root
from graph.errors import NewsgraphError

NGSH = Namespace("https://w3id.org/newsgraph/shapes#")
SHAPES_GRAPH_IRI = URIRef("https://w3id.org/newsgraph/shapes")

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


class ShapesError(NewsgraphError):
    """The shapes files cannot be read, or use SHACL features the SPARQL engine does not check."""


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


def _iri_value(g: Graph, node: Node, pred: URIRef) -> URIRef | None:
    """The IRI a shape gives for ``pred`` (None when it gives none); anything else is refused."""
    v = g.value(node, pred)
    if v is None or isinstance(v, URIRef):
        return v
    raise ShapesError(f"{node}: {pred} must be an IRI, not {v!r}")


def _literal_value(g: Graph, node: Node, pred: URIRef) -> Literal | None:
    """The literal a shape gives for ``pred`` (None when it gives none); anything else is refused."""
    v = g.value(node, pred)
    if v is None or isinstance(v, Literal):
        return v
    raise ShapesError(f"{node}: {pred} must be a literal, not {v!r}")


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
        severity=_iri_value(g, ps, SH.severity) or SH.Violation,
    )
    if (v := g.value(ps, SH.minCount)) is not None:
        prop.min_count = int(str(v))
    if (v := g.value(ps, SH.maxCount)) is not None:
        prop.max_count = int(str(v))
    if (dt := _iri_value(g, ps, SH.datatype)) is not None:
        prop.datatypes = [dt]
        prop.datatype_component = SH.DatatypeConstraintComponent
    if (v := g.value(ps, SH["or"])) is not None:
        members = list(Collection(g, v))
        dts = []
        for m in members:
            keys = set(g.predicates(m, None)) - {RDF.type}
            member = g.value(m, SH.datatype)
            if keys != {SH.datatype} or not isinstance(member, URIRef):
                raise ShapesError(f"{ps}: sh:or is supported only as a list of [ sh:datatype X ]")
            dts.append(member)
        if prop.datatypes:
            raise ShapesError(f"{ps}: use sh:datatype or sh:or of datatypes, not both")
        prop.datatypes = dts
        prop.datatype_component = SH.OrConstraintComponent
    prop.classes = [c for c in g.objects(ps, SH["class"]) if isinstance(c, URIRef)]
    prop.node_kind = _iri_value(g, ps, SH.nodeKind)
    if (v := g.value(ps, SH["in"])) is not None:
        prop.in_values = list(Collection(g, v))
    prop.min_inclusive = _literal_value(g, ps, SH.minInclusive)
    prop.max_inclusive = _literal_value(g, ps, SH.maxInclusive)
    if (v := g.value(ps, SH.pattern)) is not None:
        prop.pattern = str(v)
        prop.flags = _text(g, ps, SH.flags)
    prop.less_than_or_equals = _iri_value(g, ps, SH.lessThanOrEquals)
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
            severity=_iri_value(g, s, SH.severity) or SH.Violation,
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
    m = re.search(r"(?is)\bSELECT\b(.*?)\bWHERE\b", split_prefixes(query)[1])
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


def split_prefixes(query: str) -> tuple[str, str]:
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

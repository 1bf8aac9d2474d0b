"""The pySHACL bridge: the reference engine.  pySHACL checks an rdflib graph holding the union of
all the store's graphs (slow on big stores, but SHACL as the W3C wrote it), and its standard
``sh:ValidationReport`` is read into the same ``Issue`` objects the SPARQL engine gives.
"""

from __future__ import annotations

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from graph.sparql.terms import to_rdflib
from graph.store import OxigraphStore, Store
from graph.validate.results import Issue, ValidationError, dedupe
from graph.validate.shapes import Shapes, load_shapes


def union_graph(store: Store) -> Graph:
    """All triples of all graphs of the store, as one rdflib graph (what pySHACL validates)."""
    g = Graph()
    if isinstance(store, OxigraphStore):
        for q in store.raw.quads_for_pattern(None, None, None, None):
            s, p, o = to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)
            assert s is not None and p is not None and o is not None  # a stored quad has all three
            g.add((s, p, o))
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
    return dedupe(issues_from_report(report))


def _iri(report: Graph, result: Node, pred: URIRef) -> URIRef:
    v = report.value(result, pred)
    if not isinstance(v, URIRef):
        raise ValidationError(f"a result of the SHACL report has no IRI as {pred.n3()}")
    return v


def issues_from_report(report: Graph) -> list[Issue]:
    """Read a standard sh:ValidationReport graph into Issues."""
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        msgs = [str(m) for m in report.objects(r, SH.resultMessage)]
        focus = report.value(r, SH.focusNode)
        if focus is None:
            raise ValidationError("a result of the SHACL report has no sh:focusNode")
        severity, path = report.value(r, SH.resultSeverity), report.value(r, SH.resultPath)
        out.append(
            Issue(
                source_shape=_iri(report, r, SH.sourceShape),
                focus_node=focus,
                severity=severity if isinstance(severity, URIRef) else SH.Violation,
                message=msgs[0] if msgs else "",
                constraint_component=_iri(report, r, SH.sourceConstraintComponent),
                path=path if isinstance(path, URIRef) else None,
                value=report.value(r, SH.value),
                source_constraint=report.value(r, SH.sourceConstraint),
            )
        )
    return out

"""Validation: the SHACL shapes in ``shapes/`` checked against the store, by two engines.

* ``engine="pyshacl"`` is the reference: pySHACL over an rdflib graph holding the union of all the
  store's graphs (graph/validate/shacl.py).  Slow on big stores, but it is SHACL as the W3C wrote it.
* ``engine="sparql"`` runs the *same* shapes, read from the same files, as SPARQL queries directly
  on the store (graph/validate/compile.py, graph/validate/engine.py).  Tests keep both engines
  giving the same ``(sh:sourceShape, sh:focusNode, sh:resultSeverity)`` results.

``validate_all(store)`` checks everything; ``validate_sources(store, [source IRIs])`` checks only
what those articles touch: the nodes of their graphs (and the entities they mention), the wholes
their events are parts of, and, through ``?value``, the older statements their statements conflict
with (same office, same person, same event) (graph/validate/scope.py).

This module decides how a full pass runs: ``full_pass(engine, workers)`` hands it to the worker
pool (graph/validate/pool.py) when the store allows it, else the engine runs it here.  Both entry
points add the entity graph's checks against the ontology (graph/validate/reasoning.py), fold the
results of one conflict into one (graph/validate/contradictions.py) and explain each result
(graph/validate/explain.py).  Recording results as data: graph/validate/record.py.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from rdflib import URIRef
from rdflib.namespace import SH

from graph.config import validate_workers
from graph.store import Store
from graph.validate.contradictions import merge_conflicts
from graph.validate.engine import SparqlEngine
from graph.validate.explain import explain
from graph.validate.pool import can_parallelise, parallel_full_pass
from graph.validate.reasoning import entity_issues
from graph.validate.results import Issue, ValidationError, ValidationResult
from graph.validate.scope import touched_nodes
from graph.validate.shacl import pyshacl_validate_graph, union_graph
from graph.validate.shapes import Shapes, load_shapes

ENGINES = ("sparql", "pyshacl")


def full_pass(engine: SparqlEngine, workers: int = 1) -> list[Issue]:
    """Every result of the SPARQL engine in the store.  ``workers`` > 1 shares the pass among that
    many processes when the store is embedded on disk (threads for a remote store; see
    graph/validate/pool.py), with the same results; otherwise, or when the pool declines (a small
    store, no checkpoint), the engine runs it in this process."""
    if workers > 1:
        found = parallel_full_pass(engine, workers)
        if found is not None:
            return found
    return engine.validate_all()


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
        n = (workers or validate_workers()) if can_parallelise(store) else 1
        issues = full_pass(SparqlEngine(store, shapes), n)
    elif engine == "pyshacl":
        issues = pyshacl_validate_graph(union_graph(store), shapes)
    else:
        raise ValidationError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    issues = [*issues, *entity_issues(store)]  # the entity graph against the ontology (owlready2)
    result = ValidationResult(issues=merge_conflicts(store, issues), engine=engine, scope=None)
    if explain_results:
        explain(store, result.issues)
    result.elapsed_s = time.perf_counter() - t0
    return result


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
    # the SPARQL check of the ontology, on what is touched
    issues = [*issues, *entity_issues(store, nodes=focus)]
    result = ValidationResult(
        issues=merge_conflicts(store, issues), engine=engine, scope=sources, focus_nodes=len(focus)
    )
    if explain_results:
        explain(store, result.issues)
    result.elapsed_s = time.perf_counter() - t0
    return result

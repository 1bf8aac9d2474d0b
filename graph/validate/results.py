"""What a validation run finds: ``Issue`` (one ``sh:ValidationResult``, or one conflict folded from
several), ``ValidationResult`` (a run's issues with counts by severity), and the statements an
issue involves as people read them (``Statement``, ``SourceInfo``, ``Evidence``; filled in by
graph/validate/explain.py).

``dedupe`` is the one order and de-duplication of engine results: every engine and the worker pool
pass their results through it, so the same store gives the same list whichever ran.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from graph.errors import NewsgraphError
from graph.validate.shapes import CONTRADICTION_SHAPES

SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}


class ValidationError(NewsgraphError):
    """Validation could not run (unknown engine, pySHACL failure)."""


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


def result_order(i: Issue) -> tuple[int, str, str, str]:
    """The order of results in a run: by severity, then rule, focus node and value."""
    return (SEVERITY_ORDER.get(i.severity, 9), str(i.source_shape), str(i.focus_node), str(i.value))


def dedupe(issues: list[Issue]) -> list[Issue]:
    """The results once each (same rule, focus node, severity, component, path and value), in
    ``result_order``."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for i in issues:
        k = (i.source_shape, i.focus_node, i.severity, i.constraint_component, i.path, i.value)
        if k not in seen:
            seen.add(k)
            out.append(i)
    out.sort(key=result_order)
    return out

"""The shapes compiled to SPARQL: one query text per core constraint component of a property shape,
the pattern binding a node shape's targets, and the rewriting of SHACL-SPARQL ``sh:select`` texts
(``$this`` bound, targets tested, messages filled in).  Text only: graph/validate/engine.py runs it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from rdflib import URIRef
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from graph.sparql.terms import sparql_term, values_block
from graph.validate.shapes import NodeShape, PropertyShape, ShapesError, split_prefixes

T = TypeVar("T")

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
class CoreQuery:
    component: URIRef
    body: str  # group pattern after the focus binding; selects ?this and maybe ?v
    group: str = ""  # GROUP BY / HAVING tail
    has_value: bool = True
    needs_targets: bool = False  # true when it looks for what a focus node lacks (minCount, ...)
    #: the same test for a full pass, as a MINUS (a hash anti-join: one scan of the predicate
    #: instead of one index look-up per node, 2-7x faster at 1M triples); "" to use ``body``.
    #: Not for a few bound focus nodes: MINUS evaluates its right side for the whole store.
    full_body: str = ""


def core_queries(ps: PropertyShape, closure: dict[URIRef, list[URIRef]]) -> list[CoreQuery]:
    p = sparql_term(ps.path)
    out: list[CoreQuery] = []
    if ps.min_count is not None and ps.min_count > 0:
        if ps.min_count == 1:
            out.append(
                CoreQuery(
                    SH.MinCountConstraintComponent,
                    f"FILTER NOT EXISTS {{ ?this {p} ?any }}",
                    has_value=False,
                    needs_targets=True,
                    full_body=f"MINUS {{ ?this {p} ?any }}",
                )
            )
        else:
            out.append(
                CoreQuery(
                    SH.MinCountConstraintComponent,
                    f"OPTIONAL {{ ?this {p} ?v0 }}",
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v0) < {ps.min_count})",
                    has_value=False,
                    needs_targets=True,
                )
            )
    if ps.max_count is not None:
        out.append(
            CoreQuery(
                SH.MaxCountConstraintComponent,
                f"?this {p} ?v0 .",
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v0) > {ps.max_count})",
                has_value=False,
            )
        )
    if ps.datatypes and ps.datatype_component is not None:
        out.append(CoreQuery(ps.datatype_component, f"?this {p} ?v . {_datatype_filter(ps.datatypes)}"))
    for cls in ps.classes:
        classes = closure.get(cls, [cls])
        out.append(
            CoreQuery(
                SH.ClassConstraintComponent,
                f"?this {p} ?v . {_type_test('v', classes)}",
                full_body=f"?this {p} ?v . MINUS {{ {_typed('v', classes)} }}",
            )
        )
    if ps.node_kind is not None:
        if ps.node_kind not in _NODE_KIND_FILTERS:
            raise ShapesError(f"{ps.iri}: unknown sh:nodeKind {ps.node_kind}")
        out.append(
            CoreQuery(
                SH.NodeKindConstraintComponent, f"?this {p} ?v . FILTER ({_NODE_KIND_FILTERS[ps.node_kind]})"
            )
        )
    if ps.in_values is not None:
        same = " || ".join(f"sameTerm(?v, {sparql_term(x)})" for x in ps.in_values) or "false"
        out.append(CoreQuery(SH.InConstraintComponent, f"?this {p} ?v . FILTER (!({same}))"))
    if ps.min_inclusive is not None:
        out.append(
            CoreQuery(
                SH.MinInclusiveConstraintComponent,
                f"?this {p} ?v . FILTER (!COALESCE(?v >= {sparql_term(ps.min_inclusive)}, false))",
            )
        )
    if ps.max_inclusive is not None:
        out.append(
            CoreQuery(
                SH.MaxInclusiveConstraintComponent,
                f"?this {p} ?v . FILTER (!COALESCE(?v <= {sparql_term(ps.max_inclusive)}, false))",
            )
        )
    if ps.pattern is not None:
        flags = f', "{_escape(ps.flags)}"' if ps.flags else ""
        out.append(
            CoreQuery(
                SH.PatternConstraintComponent,
                f'?this {p} ?v . FILTER (isBlank(?v) || !REGEX(STR(?v), "{_escape(ps.pattern)}"{flags}))',
            )
        )
    if ps.less_than_or_equals is not None:
        out.append(
            CoreQuery(
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
            CoreQuery(
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
            CoreQuery(
                SH.QualifiedMinCountConstraintComponent,
                f"OPTIONAL {{ ?this {p} ?v0 . ?v0 a ?ngQClass . VALUES ?ngQClass {{ {types} }} }}",
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v0) < {ps.qualified_min_count})",
                has_value=False,
                needs_targets=True,
            )
        )
    return out


def target_union(shape: NodeShape, closure: dict[URIRef, list[URIRef]]) -> str:
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


SELECTS_VALUE = re.compile(r"(?is)^.*?\bSELECT\b[^{]*[?$]value\b")
_TEMPLATE_RE = re.compile(r"\{[?$](\w+)\}")


def fill(template: str, bindings: dict[str, Node]) -> str:
    def sub(m: re.Match[str]) -> str:
        v = bindings.get(m.group(1))
        return str(v) if v is not None else m.group(0)

    return _TEMPLATE_RE.sub(sub, template)


def inject(query: str, top: str, tail: str = "", sub: str = "") -> str:
    """Insert ``top`` at the start and ``tail`` at the end of the query's outer WHERE group, and
    ``sub`` at the start of every nested sub-select's WHERE group.  ``$this`` becomes ``?this``."""
    prefixes, body = split_prefixes(query)
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


def chunks(seq: Sequence[T], n: int) -> Iterator[Sequence[T]]:
    """``seq`` in slices of at most ``n`` (terms per VALUES block: long lists slow the planner)."""
    for i in range(0, len(seq), n):
        yield seq[i : i + n]

"""Validation reports: the standard SHACL report graph (Turtle, JSON-LD), a JSON summary for apps,
and a standalone HTML page for curators (inline CSS, no external resources).

All take a :class:`graph.validate.results.ValidationResult`; ``render(result, fmt)`` picks by name.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH

from graph.validate.results import SEVERITY_ORDER, Issue, ValidationResult
from graph.validate.shapes import Shapes, load_shapes

FORMATS = ("turtle", "jsonld", "json", "html")
TEMPLATES = Path(__file__).parent / "report_templates"


def _add_result(g: Graph, i: Issue) -> BNode:
    r = BNode()
    g.add((r, RDF.type, SH.ValidationResult))
    g.add((r, SH.focusNode, i.focus_node))
    g.add((r, SH.resultSeverity, i.severity))
    g.add((r, SH.sourceShape, i.source_shape))
    g.add((r, SH.sourceConstraintComponent, i.constraint_component))
    g.add((r, SH.resultMessage, Literal(i.message)))
    if i.path is not None:
        g.add((r, SH.resultPath, i.path))
    if i.value is not None:
        g.add((r, SH.value, i.value))
    if isinstance(i.source_constraint, URIRef):
        g.add((r, SH.sourceConstraint, i.source_constraint))
    return r


def report_graph(result: ValidationResult) -> Graph:
    """The result as a standard ``sh:ValidationReport`` graph: one ``sh:result`` per result (one
    per conflict), the other sides of a conflict as its ``sh:detail`` results."""
    g = Graph()
    g.bind("sh", SH)
    g.bind("ng", "https://w3id.org/newsgraph/ontology#")
    g.bind("ngsh", "https://w3id.org/newsgraph/shapes#")
    report = BNode()
    g.add((report, RDF.type, SH.ValidationReport))
    g.add((report, SH.conforms, Literal(result.conforms)))
    for i in result.issues:
        r = _add_result(g, i)
        g.add((report, SH.result, r))
        for side in i.sides[1:]:
            g.add((r, SH.detail, _add_result(g, side)))
    return g


def to_turtle(result: ValidationResult) -> str:
    return report_graph(result).serialize(format="turtle")


def to_jsonld(result: ValidationResult) -> str:
    return report_graph(result).serialize(format="json-ld")


def _local(iri: Any) -> str:
    s = str(iri)
    return s.rsplit("#", 1)[-1] if "#" in s else s


def _rule_of(i: Issue, shapes: Shapes) -> URIRef:
    """The node shape a result belongs to (the property shape's parent, or the shape itself)."""
    return shapes.parent(i.source_shape) or i.source_shape


def issue_dict(i: Issue, shapes: Shapes) -> dict[str, Any]:
    name, description = shapes.describe(i.source_shape)
    return {
        "shape": str(i.source_shape),
        "shapeName": name,
        "description": description,
        "rule": str(_rule_of(i, shapes)),
        "severity": _local(i.severity),
        "focusNode": str(i.focus_node),
        "path": str(i.path) if i.path is not None else None,
        "value": str(i.value) if i.value is not None else None,
        "component": _local(i.constraint_component),
        "message": i.message,
        "involves": [str(n) for n in i.involves],
        "sides": [
            {"focusNode": str(s.focus_node), "value": str(s.value) if s.value is not None else None}
            for s in i.raw
        ],
        "statements": [s.as_dict() for s in i.statements],
    }


def summary(result: ValidationResult, shapes: Shapes | None = None) -> dict[str, Any]:
    """A JSON-ready summary: counts by severity and by rule, and every result with its statements."""
    shapes = shapes or load_shapes()
    by_rule: dict[tuple[str, str], int] = defaultdict(int)
    for i in result.issues:
        by_rule[(str(_rule_of(i, shapes)), _local(i.severity))] += 1
    rules = [
        {"rule": rule, "name": shapes.describe(URIRef(rule))[0], "severity": sev, "count": n}
        for (rule, sev), n in sorted(by_rule.items(), key=lambda kv: (kv[0][1] != "Violation", kv[0][0]))
    ]
    return {
        "conforms": result.conforms,
        "engine": result.engine,
        "scope": [str(s) for s in result.scope] if result.scope is not None else None,
        "elapsedSeconds": round(result.elapsed_s, 4),
        "counts": result.counts(),
        "rules": rules,
        "results": [issue_dict(i, shapes) for i in result.issues],
    }


def to_json(result: ValidationResult, shapes: Shapes | None = None) -> str:
    return json.dumps(summary(result, shapes), indent=2, ensure_ascii=False)


def highlight(sentence: str | None, exact: str | None) -> Markup:
    """The sentence, HTML-escaped, with the quoted words wrapped in <mark>."""
    if not sentence:
        return Markup(f"<mark>{escape(exact)}</mark>") if exact else Markup("")
    if exact and exact in sentence:
        a = sentence.index(exact)
        return Markup(
            f"{escape(sentence[:a])}<mark>{escape(exact)}</mark>{escape(sentence[a + len(exact) :])}"
        )
    return Markup(escape(sentence))


def safe_url(url: str | None) -> str | None:
    return url if url and url.startswith(("http://", "https://")) else None


def to_html(
    result: ValidationResult, shapes: Shapes | None = None, title: str = "newsgraph validation"
) -> str:
    """A standalone HTML report, grouped by severity then rule, with evidence highlighted."""
    shapes = shapes or load_shapes()
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html", "j2"]))
    env.filters["highlight"] = lambda ev: highlight(ev.get("sentence"), ev.get("exact"))
    env.filters["safe_url"] = safe_url
    env.filters["local"] = _local
    groups: dict[tuple[int, str, str], list[dict[str, Any]]] = defaultdict(list)
    for i in result.issues:
        rule = _rule_of(i, shapes)
        groups[(SEVERITY_ORDER.get(i.severity, 9), _local(i.severity), str(rule))].append(
            issue_dict(i, shapes)
        )
    sections = []
    for (_, sev, rule_iri), items in sorted(groups.items()):
        name, description = shapes.describe(URIRef(rule_iri))
        sections.append(
            {"severity": sev, "rule": rule_iri, "name": name, "description": description, "results": items}
        )
    return env.get_template("report.html.j2").render(
        title=title, summary=summary(result, shapes), sections=sections
    )


def render(result: ValidationResult, fmt: str, shapes: Shapes | None = None) -> str:
    """The report in one of FORMATS: turtle, jsonld, json, html."""
    if fmt == "turtle":
        return to_turtle(result)
    if fmt == "jsonld":
        return to_jsonld(result)
    if fmt == "json":
        return to_json(result, shapes)
    if fmt == "html":
        return to_html(result, shapes)
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")

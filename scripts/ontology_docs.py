"""Render ontology/newsgraph.ttl as one self-contained HTML page (docs/ontology/index.html).

Used by scripts/build_docs.sh.  A small rdflib + jinja2 generator instead of pyLODE: pyLODE 3.3.4
(the last release that runs on Python 3.11) has no section for named individuals, so the holding
statuses and qualifiers would be missing; it takes each skos:ConceptScheme for a second ontology
header; it documents the external terms we declare for OWL 2 DL as if they were ours; and its anchors
come from labels rather than IRIs.  This page keeps the groups of the hand-written file (its banner
comments), anchors every term by its local name (``#OfficeHolding``) and is deterministic.

Usage: python scripts/ontology_docs.py ONTOLOGY.ttl OUT.html
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

import jinja2
from markupsafe import Markup, escape
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

NG = "https://w3id.org/newsgraph/ontology#"
ONTOLOGY = URIRef("https://w3id.org/newsgraph/ontology")
DCTERMS = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
FACETS = {
    XSD + "minInclusive": ">=",
    XSD + "maxInclusive": "<=",
    XSD + "minExclusive": ">",
    XSD + "maxExclusive": "<",
}
CHARACTERISTICS = {
    OWL.FunctionalProperty: "functional",
    OWL.InverseFunctionalProperty: "inverse functional",
    OWL.SymmetricProperty: "symmetric",
    OWL.TransitiveProperty: "transitive",
}
KINDS = {
    OWL.Class: ("class", "c"),
    OWL.ObjectProperty: ("object property", "op"),
    OWL.DatatypeProperty: ("datatype property", "dp"),
    OWL.AnnotationProperty: ("annotation property", "ap"),
    OWL.NamedIndividual: ("named individual", "ni"),
}


def banner_groups(text: str) -> list[tuple[str, list[str]]]:
    """The groups of the hand-written file, in order, with the ng: terms described under each."""
    groups: list[tuple[str, list[str]]] = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if (
            re.fullmatch(r"# =+", line)
            and i + 2 < len(lines)
            and re.fullmatch(r"# =+", lines[i + 2])
            and lines[i + 1].startswith("# ")
        ):
            groups.append((lines[i + 1][2:].strip(), []))
        m = re.fullmatch(r"ng:(\w+)", line)
        if m and groups:
            groups[-1][1].append(m.group(1))
    return [(name, terms) for name, terms in groups if terms]


class Renderer:
    def __init__(self, g: Graph) -> None:
        self.g = g
        self.nm = g.namespace_manager

    def curie(self, node: URIRef) -> str:
        short = self.nm.normalizeUri(node)
        return str(node) if short.startswith("<") else short

    def link(self, node: Node) -> Markup:
        if isinstance(node, Literal):
            return escape(str(node))
        if isinstance(node, BNode):
            return self.expression(node)
        if str(node).startswith(NG):
            local = str(node)[len(NG) :]
            return Markup(f'<a href="#{escape(local)}"><code>ng:{escape(local)}</code></a>')
        return Markup(f'<a href="{escape(str(node))}"><code>{escape(self.curie(node))}</code></a>')

    def join(self, nodes: list[Node], sep: str = ", ") -> Markup:
        return Markup(sep).join(self.link(n) for n in nodes)

    def expression(self, node: BNode) -> Markup:
        g = self.g
        union = g.value(node, OWL.unionOf)
        if union is not None:
            return Markup("(") + self.join(list(Collection(g, union)), " <em>or</em> ") + Markup(")")
        prop = g.value(node, OWL.onProperty)
        for pred, word in (
            (OWL.someValuesFrom, "some"),
            (OWL.allValuesFrom, "only"),
            (OWL.hasValue, "value"),
        ):
            filler = g.value(node, pred)
            if prop is not None and filler is not None:
                return self.link(prop) + Markup(f" <em>{word}</em> ") + self.link(filler)
        base = g.value(node, OWL.onDatatype)
        restrictions = g.value(node, OWL.withRestrictions)
        if base is not None and restrictions is not None:
            facets = []
            for facet in Collection(g, restrictions):
                for p, o in g.predicate_objects(facet):
                    facets.append(f"{FACETS.get(str(p), self.curie(p))} {o}")
            return self.link(base) + escape(" [" + ", ".join(facets) + "]")
        return Markup("<em>an anonymous expression</em>")

    def objects(self, s: Node, p: URIRef) -> list[Node]:
        return sorted(self.g.objects(s, p), key=lambda n: (isinstance(n, BNode), str(n)))

    def subjects(self, p: URIRef, o: Node) -> list[Node]:
        return sorted((s for s in self.g.subjects(p, o) if isinstance(s, URIRef)), key=str)


def describe(r: Renderer, term: URIRef) -> dict[str, object]:
    g = r.g
    types = set(g.objects(term, RDF.type))
    kind = next((KINDS[t] for t in KINDS if t in types), ("term", "t"))
    rows: list[tuple[str, Markup]] = []

    def add(title: str, nodes: list[Node], sep: str = ", ") -> None:
        if nodes:
            rows.append((title, r.join(nodes, sep)))

    if OWL.Class in types:
        add("Subclass of", r.objects(term, RDFS.subClassOf))
        add("Superclass of", r.subjects(RDFS.subClassOf, term))
        disjoint: set[Node] = set(g.objects(term, OWL.disjointWith))
        for axiom in g.subjects(RDF.type, OWL.AllDisjointClasses):
            members = list(Collection(g, g.value(axiom, OWL.members)))
            if term in members:
                disjoint.update(m for m in members if m != term)
        add("Disjoint with", sorted(disjoint, key=str))
        add("In domain of", r.subjects(RDFS.domain, term))
        add("In range of", r.subjects(RDFS.range, term))
        add("Members", r.subjects(RDF.type, term))
    elif OWL.ObjectProperty in types or OWL.DatatypeProperty in types:
        chars = [CHARACTERISTICS[t] for t in CHARACTERISTICS if t in types]
        if chars:
            rows.append(("Characteristics", escape(", ".join(chars))))
        add("Subproperty of", r.objects(term, RDFS.subPropertyOf))
        add("Inverse of", r.objects(term, OWL.inverseOf))
        add("Domain", r.objects(term, RDFS.domain))
        add("Range", r.objects(term, RDFS.range))
    else:
        add("Type", [t for t in r.objects(term, RDF.type) if t != OWL.NamedIndividual])
        add("In scheme", r.objects(term, URIRef(SKOS + "inScheme")))
        add("Top concepts", r.objects(term, URIRef(SKOS + "hasTopConcept")))
    add("See also", r.objects(term, RDFS.seeAlso))
    return {
        "local": str(term)[len(NG) :],
        "iri": str(term),
        "label": str(g.value(term, RDFS.label) or ""),
        "comment": str(g.value(term, RDFS.comment) or ""),
        "kind": kind[0],
        "badge": kind[1],
        "rows": rows,
    }


TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body { font-family: system-ui, sans-serif; line-height: 1.45; margin: 0; color: #222; }
main { max-width: 62rem; margin: 0 auto; padding: 1rem 2rem 4rem; }
nav { background: #f4f6f8; border-bottom: 1px solid #dde; padding: .6rem 2rem; font-size: .9rem; }
nav a { margin-right: .9rem; }
h1 { margin-bottom: .2rem; } h2 { border-bottom: 2px solid #345; padding-bottom: .2rem; margin-top: 2.5rem; }
.term { border: 1px solid #dde; border-radius: 6px; padding: .6rem 1rem; margin: 1rem 0; }
.term h3 { margin: .2rem 0 .4rem; font-size: 1.1rem; }
.term .iri { color: #666; font-size: .85rem; }
.badge { font-size: .7rem; padding: .05rem .35rem; border-radius: 4px; color: #fff; vertical-align: middle; }
.badge-c { background: #e9a23b; } .badge-op { background: #3b7be9; } .badge-dp { background: #3ba55c; }
.badge-ni { background: #8a5bd1; } .badge-ap, .badge-t { background: #888; }
table { border-collapse: collapse; } th { text-align: left; vertical-align: top; padding: .15rem 1rem .15rem 0;
  white-space: nowrap; font-weight: 600; color: #345; } td { padding: .15rem 0; }
dl.meta dt { font-weight: 600; float: left; clear: left; width: 10rem; } dl.meta dd { margin-left: 11rem; }
code { font-size: .9em; } a { color: #1a4f9c; text-decoration: none; } a:hover { text-decoration: underline; }
ul.toc { columns: 3; font-size: .9rem; }
</style>
</head>
<body>
<nav>{% for group in groups %}<a href="#{{ group.id }}">{{ group.name }}</a>{% endfor %}<a href="#namespaces">Namespaces</a></nav>
<main>
<h1>{{ title }}</h1>
<p>{{ description }}</p>
<dl class="meta">
<dt>Ontology IRI</dt><dd><code>{{ ontology_iri }}</code></dd>
{% for name, value in metadata %}<dt>{{ name }}</dt><dd>{{ value }}</dd>
{% endfor %}<dt>Term namespace</dt><dd><code>{{ ng }}</code> (prefix <code>ng:</code>)</dd>
<dt>Source</dt><dd><a href="../../ontology/newsgraph.ttl"><code>ontology/newsgraph.ttl</code></a>; a guide in <a href="../../ontology/README.md"><code>ontology/README.md</code></a></dd>
</dl>
<h2 id="contents">Contents</h2>
{% for group in groups %}<h4><a href="#{{ group.id }}">{{ group.name }}</a></h4>
<ul class="toc">{% for t in group.terms %}<li><a href="#{{ t.local }}">ng:{{ t.local }}</a></li>{% endfor %}</ul>
{% endfor %}
{% for group in groups %}
<h2 id="{{ group.id }}">{{ group.name }}</h2>
{% for t in group.terms %}
<div class="term" id="{{ t.local }}">
<h3>{{ t.label }} <span class="badge badge-{{ t.badge }}" title="{{ t.kind }}">{{ t.badge }}</span></h3>
<div class="iri"><code>{{ t.iri }}</code></div>
<p>{{ t.comment }}</p>
{% if t.rows %}<table>{% for title, value in t.rows %}<tr><th>{{ title }}</th><td>{{ value }}</td></tr>{% endfor %}</table>{% endif %}
</div>
{% endfor %}
{% endfor %}
<h2 id="namespaces">Namespaces</h2>
<table>{% for prefix, iri in namespaces %}<tr><th>{{ prefix }}</th><td><code>{{ iri }}</code></td></tr>{% endfor %}</table>
<p><small>Generated from <code>ontology/newsgraph.ttl</code> by <code>scripts/build_docs.sh</code>; do not edit by hand.</small></p>
</main>
</body>
</html>
"""


def render(ttl: Path) -> str:
    text = ttl.read_text(encoding="utf-8")
    g = Graph().parse(data=text, format="turtle")
    r = Renderer(g)
    declared = {
        str(s)[len(NG) :]
        for s in g.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(NG)
    }
    groups = []
    seen: set[str] = set()
    for name, locals_ in banner_groups(text):
        terms = [describe(r, URIRef(NG + local)) for local in locals_ if local in declared]
        seen.update(locals_)
        groups.append({"name": name, "id": "group-" + re.sub(r"\W+", "-", name.lower()), "terms": terms})
    rest = sorted(declared - seen)
    if rest:
        groups.append(
            {"name": "Other terms", "id": "group-other", "terms": [describe(r, URIRef(NG + x)) for x in rest]}
        )

    meta_props = defaultdict(list)
    for p, o in g.predicate_objects(ONTOLOGY):
        meta_props[p].append(o)
    metadata = []
    for pred, name in (
        (OWL.versionInfo, "Version"),
        (OWL.versionIRI, "Version IRI"),
        (URIRef(DCTERMS + "created"), "Created"),
        (URIRef(DCTERMS + "creator"), "Creator"),
        (URIRef(DCTERMS + "license"), "License"),
    ):
        values = sorted(meta_props.get(pred, []), key=str)
        if values:
            metadata.append((name, r.join(values)))
    used_prefixes = sorted((p, str(ns)) for p, ns in g.namespaces() if f"@prefix {p}:" in text)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(TEMPLATE).render(
        title=str(g.value(ONTOLOGY, URIRef(DCTERMS + "title"))),
        description=str(g.value(ONTOLOGY, URIRef(DCTERMS + "description"))),
        ontology_iri=str(ONTOLOGY),
        ng=NG,
        metadata=metadata,
        groups=groups,
        namespaces=used_prefixes,
    )


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    Path(argv[2]).write_text(render(Path(argv[1])), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

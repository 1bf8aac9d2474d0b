"""The import graph of graph/ and api/ follows the layers docs/development.md draws.

Every ``import`` in the project's own modules (at the top of a file or inside a function, typing-only
ones included) becomes an edge of a networkx graph.  Two rules keep the architecture readable:

* no circle: no module reaches itself through imports;
* no upward import: a module imports only modules of its own layer or of the layers below it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Lowest first.  A module belongs to the layer of the longest prefix listed here.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    (
        "foundation",
        (
            "graph",
            "graph.errors",
            "graph.config",
            "graph.namespace",
            "graph.iris",
            "graph.model",
            "graph.ipc",
            "graph.classes",
        ),
    ),
    ("SPARQL text, formats and execution", ("graph.sparql",)),
    ("stores; extraction", ("graph.store", "graph.extract")),
    ("read models", ("graph.read",)),
    ("validation; the actor network", ("graph.validate", "graph.network")),
    ("ingestion; serving", ("graph.ingest", "graph.serve")),
    ("HTTP shells", ("api",)),
    ("command line", ("api.cli",)),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    return {module_name(p): p for top in ("graph", "api") for p in (ROOT / top).rglob("*.py")}


def layer_of(module: str) -> int:
    best, rank = "", -1
    for i, (_name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > len(best):
                best, rank = prefix, i
    assert rank >= 0, f"{module} is in no layer: add it to LAYERS"
    return rank


def imports_of(module: str, path: Path, known: set[str]) -> set[str]:
    """The project modules ``module`` imports (``from a import b`` counts as a.b when that is a module)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


def import_graph() -> nx.DiGraph:
    modules = project_modules()
    g = nx.DiGraph()
    g.add_nodes_from(modules)
    for module, path in modules.items():
        for target in imports_of(module, path, set(modules)):
            g.add_edge(module, target)
    return g


def test_the_project_has_the_layers_it_claims() -> None:
    g = import_graph()
    assert len(g) > 60  # graph/ and api/ were found
    assert g.has_edge("graph.store.embedded", "graph.sparql.run")  # an import the test must see
    for module in g:
        layer_of(module)


def test_no_import_circle() -> None:
    cycles = list(nx.simple_cycles(import_graph()))
    assert not cycles, "import circles: " + "; ".join(" -> ".join(c + [c[0]]) for c in cycles[:10])


def test_no_upward_import() -> None:
    upward = [
        f"{a} ({LAYERS[layer_of(a)][0]}) imports {b} ({LAYERS[layer_of(b)][0]})"
        for a, b in import_graph().edges
        if layer_of(b) > layer_of(a)
    ]
    assert not upward, "\n".join(sorted(upward))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from graph.store import Store\n", {"graph.store"}),
        ("from graph import iris\n", {"graph.iris"}),
        ("def f():\n    from graph.validate import report\n", {"graph.validate.report"}),
        ("import graph.read.queries as Q\n", {"graph.read.queries"}),
    ],
)
def test_imports_are_read_as_written(tmp_path: Path, source: str, expected: set[str]) -> None:
    path = tmp_path / "m.py"
    path.write_text(source)
    known = {
        "graph",
        "graph.store",
        "graph.iris",
        "graph.validate",
        "graph.validate.report",
        "graph.read",
        "graph.read.queries",
    }
    assert imports_of("api.m", path, known) == expected

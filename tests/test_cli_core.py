"""The core commands through click's runner: import, query, export, stats, and their errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli import cli

ROOT = Path(__file__).resolve().parent.parent
TTL = """@prefix ex: <http://example.org/> .
ex:kyiv ex:capitalOf ex:ukraine .
ex:moscow ex:capitalOf ex:russia .
"""
QUERY = "SELECT ?city WHERE { ?city <http://example.org/capitalOf> ?c } ORDER BY ?city"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, *args: str, input: str | None = None):
    return runner.invoke(cli, list(args), input=input, catch_exceptions=False)


def test_import_then_query_gives_same_answer_on_both_backends(runner, store_location, tmp_path) -> None:
    f = tmp_path / "capitals.ttl"
    f.write_text(TTL)
    r = run(runner, "import", str(f), "--graph", "http://example.org/g", "--store", store_location)
    assert r.exit_code == 0, r.output
    assert "imported 2 quads" in r.output
    r = run(runner, "query", QUERY, "--format", "json", "--store", store_location)
    assert r.exit_code == 0, r.output
    assert json.loads(r.output) == [
        {"city": "http://example.org/kyiv"},
        {"city": "http://example.org/moscow"},
    ]
    r = run(runner, "query", QUERY, "--format", "csv", "--store", store_location)
    assert r.output.splitlines() == ["city", "http://example.org/kyiv", "http://example.org/moscow"]
    r = run(runner, "query", "ASK { ?s ?p ?o }", "--store", store_location)
    assert r.output.strip() == "true"


def test_malformed_turtle_is_one_line_error_and_store_unchanged(runner, store_location, tmp_path) -> None:
    good = tmp_path / "good.ttl"
    good.write_text(TTL)
    run(runner, "import", str(good), "--graph", "http://example.org/g", "--store", store_location)
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:broken ex:p")
    r = run(runner, "import", str(bad), "--graph", "http://example.org/bad", "--store", store_location)
    assert r.exit_code == 1
    assert "Traceback" not in r.output
    lines = [ln for ln in r.output.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and "bad.ttl" in lines[0] and "cannot parse turtle" in lines[0]
    r = run(
        runner,
        "query",
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        "--format",
        "json",
        "--store",
        store_location,
    )
    assert json.loads(r.output) == [{"n": "2"}]


def test_sparql_syntax_error(runner, store_location) -> None:
    r = run(runner, "query", "SELEC ?s WHERE { ?s ?p ?o }", "--store", store_location)
    assert r.exit_code == 1
    assert r.output.startswith("error:") and "Traceback" not in r.output


def test_unreachable_remote_store(runner) -> None:
    from conftest import free_port

    r = run(runner, "stats", "--store", f"http://127.0.0.1:{free_port()}")
    assert r.exit_code == 1
    assert "cannot reach the SPARQL server" in r.output


def test_export_formats_and_backup_restore(runner, tmp_path) -> None:
    src, dst = str(tmp_path / "a"), str(tmp_path / "b")
    f = tmp_path / "in.ttl"
    f.write_text(TTL)
    run(runner, "import", str(f), "--graph", "http://example.org/g", "--store", src)
    out = tmp_path / "backup.nq"
    r = run(runner, "export", "--format", "nquads", "--output", str(out), "--store", src)
    assert r.exit_code == 0
    r = run(runner, "import", str(out), "--store", dst)
    assert r.exit_code == 0, r.output
    a = run(runner, "export", "--format", "nquads", "--store", src).output
    b = run(runner, "export", "--format", "nquads", "--store", dst).output
    assert sorted(a.splitlines()) == sorted(b.splitlines()) and a.strip()
    r = run(runner, "export", "--format", "turtle", "--store", src)
    assert r.exit_code == 1 and "holds one graph" in r.output
    r = run(runner, "export", "--format", "turtle", "--graph", "http://example.org/g", "--store", src)
    assert "capitalOf" in r.output


def test_stats_counts(runner, tmp_path) -> None:
    from graph.namespace import NG

    st = str(tmp_path / "s")
    f = tmp_path / "p.ttl"
    f.write_text(f"<http://example.org/p1> a <{NG.Person}> . <http://example.org/p2> a <{NG.Person}> .")
    run(runner, "import", str(f), "--graph", "http://example.org/g", "--store", st)
    r = run(runner, "stats", "--json", "--store", st)
    data = json.loads(r.output)
    assert data["quads"] == 2 and data["graphs"] == 1 and data["classes"] == {"ng:Person": 2}


def _all_commands():
    for name, cmd in sorted(cli.commands.items()):
        yield (name,), cmd
        for sub, subcmd in sorted(getattr(cmd, "commands", {}).items()):
            yield (name, sub), subcmd


def test_every_command_has_help_and_is_documented(runner) -> None:
    docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    names = list(_all_commands())
    assert {"ingest", "query", "import", "export", "stats", "validate", "serve"} <= {n[0] for n, _ in names}
    for path, cmd in names:
        assert cmd.help and len(cmd.help.strip()) > 20, f"{' '.join(path)} has no help text"
        r = run(runner, *path, "--help")
        assert r.exit_code == 0 and "Usage:" in r.output
        heading = re.escape("newsgraph " + " ".join(path))
        assert re.search(rf"^#+ `{heading}`", docs, re.MULTILINE), (
            f"docs/cli.md lacks `newsgraph {' '.join(path)}`"
        )
        for param in cmd.params:
            if param.param_type_name == "option" and not param.hidden:
                assert getattr(param, "help", None), f"{' '.join(path)} {param.opts[0]} has no help"

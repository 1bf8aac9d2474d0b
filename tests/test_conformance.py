"""W3C SPARQL 1.1 Protocol, Graph Store HTTP Protocol and Service Description test suites, run by
the npm package rdf-test-suite (tests/conformance/package.json) against a live server on 127.0.0.1
over a scratch store.

The scratch server lets loopback clients write without a token (``open_writes_on_loopback``): the
runner loads each test's data with ``DROP SILENT ALL ; INSERT DATA ...`` at the endpoint.  That
setting exists for this run only and is never a default."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SHARED
from test_api_support import live_app

from api.settings import ApiSettings

HERE = Path(__file__).resolve().parent / "conformance"
SUITE = SHARED / "conformance" / "w3c-sparql11"
BASE = "https://w3c.github.io/rdf-tests/sparql/sparql11/"

# manifest -> (tests we pass at least, tests we knowingly fail: {test IRI fragment: reason})
EXPECTED: dict[str, tuple[int, dict[str, str]]] = {
    "protocol/manifest.ttl": (34, {}),
    "graph-store-protocol/manifest.ttl": (13, {}),
    "service-description/manifest.ttl": (3, {}),
}
LINE = re.compile(r"^\s*([✔✖])\s+(.*)\((\S+)\)(?:\s+\S+)?\s*$")
SUMMARY = re.compile(r"(\d+)\s*/\s*(\d+) tests succeeded")


def _runner() -> Path:
    exe = HERE / "node_modules" / ".bin" / "rdf-test-suite"
    if exe.exists():
        return exe
    npm = shutil.which("npm")
    if not npm or not shutil.which("node"):
        pytest.skip("npm and node are not installed: cannot run the W3C conformance suites")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True, timeout=600)
    return exe


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("conformance-store")
    settings = ApiSettings(
        store=str(path),
        allow_updates=True,
        token=None,
        open_writes_on_loopback=True,
        query_timeout_s=30.0,
        query_workers=2,
    )
    with live_app(settings, None) as srv:
        yield srv.url


@pytest.mark.slow
@pytest.mark.parametrize("manifest", list(EXPECTED))
def test_w3c_manifest(endpoint: str, manifest: str) -> None:
    if not SUITE.is_dir():
        pytest.fail(f"the W3C test cases are missing at {SUITE}")
    exe = _runner()
    inputs = json.dumps(
        {
            "protocolEndpoint": f"{endpoint}/sparql",
            "graphStoreEndpoint": f"{endpoint}/store",
            "serviceDescriptionEndpoint": f"{endpoint}/sparql",
        }
    )
    proc = subprocess.run(
        [str(exe), "engine.js", BASE + manifest, "-m", f"{BASE}~{SUITE}/", "-i", inputs],
        cwd=HERE,
        capture_output=True,
        text=True,
        timeout=600,
    )
    out = proc.stdout + proc.stderr
    passed: set[str] = set()
    failed: set[str] = set()
    for line in out.splitlines():
        m = LINE.match(line)
        if m:
            (passed if m.group(1) == "✔" else failed).add(m.group(3).rsplit("#", 1)[-1])
    summary = SUMMARY.search(out)
    at_least, known = EXPECTED[manifest]
    print(
        f"{manifest}: {len(passed)} passed, {len(failed)} failed; runner said "
        f"{summary.group(0) if summary else 'nothing'}"
    )
    assert passed or failed, out[-3000:]
    assert failed == set(known), (
        f"unexpected failures {failed - set(known)}, fixed {set(known) - failed}\n{out[-3000:]}"
    )
    assert len(passed) >= at_least, out[-3000:]
    if summary:
        assert int(summary.group(1)) == len(passed)

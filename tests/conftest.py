"""Shared fixtures: stores of both kinds, a live Oxigraph server, the sample corpus."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph.config import shared_dir

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the project (or beside the repository this clone came from); a path that does
# not exist when there is none, so that the tests needing it skip
SHARED = shared_dir() or ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "eval" / "gold"
SCORER = SHARED / "eval" / "score_facts.py"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, timeout: float = 30.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before answering at {url}")
        try:
            httpx.get(url, timeout=2.0)
            return
        except httpx.HTTPError as exc:
            last = exc
            time.sleep(0.1)
    raise RuntimeError(f"no answer from {url} within {timeout}s: {last}")


def oxigraph_binary() -> str:
    exe = Path(sys.executable).parent / "oxigraph"
    found = str(exe) if exe.exists() else shutil.which("oxigraph")
    if not found:
        pytest.fail("the oxigraph server (PyPI package 'oxigraph') is not installed; run make setup")
    return found


class OxigraphServer:
    """A real Oxigraph server on a free loopback port, with its own scratch directory."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                oxigraph_binary(),
                "serve",
                "--location",
                str(self.workdir),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--union-default-graph",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        wait_http(self.url + "/query?query=ASK%7B%7D", proc=self.proc)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def clear(self) -> None:
        httpx.post(
            self.url + "/update",
            content=b"DROP SILENT ALL",
            headers={"Content-Type": "application/sparql-update"},
        ).raise_for_status()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph-server"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=["embedded", "remote"])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store of each kind: a folder, or the URL of a live Oxigraph server."""
    if request.param == "embedded":
        yield str(tmp_path / "store")
    else:
        server: OxigraphServer = request.getfixturevalue("oxigraph_server")
        server.clear()
        yield server.url


@pytest.fixture
def store(store_location: str):
    from graph.store import open_store

    st = open_store(store_location)
    yield st
    st.close()


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never pick up a developer's NEWSGRAPH_* settings by accident."""
    for key in list(os.environ):
        if key.startswith("NEWSGRAPH_"):
            monkeypatch.delenv(key, raising=False)


# ---------------------------------------------------------------------------------------------
# The real-news corpus, ingested once per test session
# ---------------------------------------------------------------------------------------------

WIKINEWS = SHARED / "corpus" / "wikinews-2019-2020"
WIKINEWS_DEV = SHARED / "corpus" / "wikinews-dev"


def corpus_feed(folder: Path, out: Path, outlet: str = "Wikinews") -> Path:
    """A JSON Lines feed of a corpus folder: each article with its own date, title, URL and outlet
    from the folder's SOURCES.tsv, as the folder's README says a real user ingests it."""
    import csv
    import json

    with open(folder / "SOURCES.tsv", encoding="utf-8") as src, open(out, "w", encoding="utf-8") as fh:
        for r in csv.DictReader(src, delimiter="\t"):
            record = {
                "id": r["slug"],
                "url": r["url"],
                "title": r["title"],
                "published": r["date"],
                "outlet": outlet,
                "text": (folder / f"{r['slug']}.txt").read_text(encoding="utf-8"),
            }
            fh.write(json.dumps(record) + "\n")
    return out


class IngestedCorpus:
    """An embedded store holding a whole corpus, with the ingest report and the feed it came from."""

    def __init__(self, store, report, feed: Path, articles: int) -> None:
        self.store = store
        self.report = report
        self.feed = feed
        self.articles = articles


@pytest.fixture(scope="session")
def wikinews_corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IngestedCorpus]:
    """All of shared/corpus/wikinews-2019-2020 ingested (2 workers, no validation during ingest),
    once per test session; tests must only read from its store."""
    if not (WIKINEWS / "SOURCES.tsv").exists():
        pytest.skip("shared/corpus/wikinews-2019-2020 not present")
    from graph.ingest.pipeline import ingest
    from graph.store import OxigraphStore

    work = tmp_path_factory.mktemp("wikinews")
    feed = corpus_feed(WIKINEWS, work / "feed.jsonl")
    articles = sum(1 for _ in feed.open(encoding="utf-8"))
    store = OxigraphStore(work / "store")
    report = ingest([str(feed)], store, workers=2, validate=False)
    yield IngestedCorpus(store, report, feed, articles)
    store.close()

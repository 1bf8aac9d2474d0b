"""No input may hang ingestion: the clause walk that never ended on a verbless root, and the time
budget per article, in-process, in a worker thread and in worker processes.

The slow article comes from a real extractor plugged in through the pipeline file
(``NEWSGRAPH_PIPELINE``): it spins on a marker text for up to two minutes, so without the budget the
test fails (the article is stored) instead of passing."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest

from graph.extract.registry import PIPELINE_FILE
from graph.ingest.pipeline import IngestReport, ingest
from graph.model import Article
from graph.store import OxigraphStore

MARKER = "SPIN-UNTIL-STOPPED"
SLEEPER = "SLEEP-IN-C-CODE"

SLOW_MODULE = f'''
import time
from graph.extract.registry import register_extractor

@register_extractor("test_spinner")
def spin(ctx):
    if "{MARKER}" in ctx.text:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            pass
    if "{SLEEPER}" in ctx.text:
        time.sleep(300)  # blocked in C: neither uses CPU nor runs Python code the budget could stop
'''


def _articles(n: int) -> list[Article]:
    return [
        Article(
            name=f"talks-{i}",
            text=f"Talks in Geneva\nDelegates of France and Germany met in Geneva on March {i + 1}, 2024, "
            f"to discuss {i + 2} trade agreements.",
            title=f"Talks in Geneva ({i})",
            outlet="Test Wire",
            published=date(2024, 3, 28),
            origin=f"talks-{i}.txt",
        )
        for i in range(n)
    ]


def _sources(store: OxigraphStore) -> int:
    rows = store.select(
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { "
        "?s a <https://w3id.org/newsgraph/ontology#Source> } }"
    ).rows
    return int(rows[0]["n"])


@pytest.fixture
def spinner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pipeline with the usual extractors plus one that spins on the marker text."""
    (tmp_path / "spinner_extractor.py").write_text(SLOW_MODULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    base = PIPELINE_FILE.read_text(encoding="utf-8")
    from graph.extract.registry import pipeline_config

    modules, names = pipeline_config(str(PIPELINE_FILE))
    toml = (
        "[pipeline]\nmodules = ["
        + ", ".join(f'"{m}"' for m in (*modules, "spinner_extractor"))
        + "]\nextractors = ["
        + ", ".join(f'"{n}"' for n in (*names, "test_spinner"))
        + "]\n"
    )
    assert base  # the usual pipeline file exists
    (tmp_path / "pipeline.toml").write_text(toml, encoding="utf-8")
    monkeypatch.setenv("NEWSGRAPH_PIPELINE", str(tmp_path / "pipeline.toml"))


def test_a_verbless_first_sentence_ingests(tmp_path: Path) -> None:
    """The clause walk compared spaCy tokens by identity and never ended on a verbless root."""
    art = Article(
        name="statement",
        text="Statement on hostages\nThe exchange of 50 hostages for 150 prisoners on November 22, 2023.",
        published=date(2023, 11, 23),
        outlet="Test Wire",
        origin="statement.txt",
    )
    store = OxigraphStore(tmp_path / "store")
    try:
        report = ingest([art], store, workers=1, validate=False, extract_budget=120)
        assert [(o.status, o.message) for o in report.outcomes] == [("stored", "")]
        assert report.outcomes[0].stats.get("events", 0) >= 1
        assert _sources(store) == 1
    finally:
        store.close()


def test_a_tiny_budget_fails_each_article_cleanly_and_names_it(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    try:
        report = ingest(_articles(2), store, workers=1, validate=False, extract_budget=0.001)
        assert report.stored == 0 and report.failed == 2
        for o in report.outcomes:
            assert o.origin.startswith("talks-")
            assert "extraction took longer than 0.001 s" in o.message
        assert _sources(store) == 0  # nothing half-written
        again = ingest(_articles(2), store, workers=1, validate=False, extract_budget=0)
        assert again.stored == 2 and _sources(store) == 2  # the same articles, no limit: stored
    finally:
        store.close()


def _with_spinner(n: int) -> list[Article]:
    arts = _articles(n)
    slow = arts[1]
    arts[1] = Article(
        name="spinning",
        text=slow.text + f" {MARKER}",
        outlet=slow.outlet,
        published=slow.published,
        origin="spinning.txt",
    )
    return arts


def _check_only_the_spinner_failed(report: IngestReport, n: int, store: OxigraphStore) -> None:
    failed = [(o.origin, o.message) for o in report.outcomes if o.status == "error"]
    assert len(failed) == 1
    origin, message = failed[0]
    assert origin == "spinning.txt"
    assert "extraction took longer than 2 s" in message
    assert report.stored == n - 1
    assert _sources(store) == n - 1


@pytest.mark.usefixtures("spinner")
def test_over_budget_in_process_costs_one_article(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    try:
        report = ingest(_with_spinner(3), store, workers=1, validate=False, extract_budget=2)
        _check_only_the_spinner_failed(report, 3, store)
    finally:
        store.close()


@pytest.mark.usefixtures("spinner")
def test_over_budget_in_a_thread_costs_one_article(tmp_path: Path) -> None:
    """As the REST API ingests: from a thread that is not the main one (no SIGALRM there)."""
    store = OxigraphStore(tmp_path / "store")
    out: list[IngestReport] = []
    try:
        th = threading.Thread(
            target=lambda: out.append(
                ingest(_with_spinner(3), store, workers=1, validate=False, extract_budget=2)
            )
        )
        th.start()
        th.join()
        assert out, "ingest raised in its thread"
        _check_only_the_spinner_failed(out[0], 3, store)
    finally:
        store.close()


@pytest.mark.usefixtures("spinner")
def test_over_budget_in_worker_processes_costs_one_article(tmp_path: Path) -> None:
    from graph.ingest.pipeline import PARALLEL_MIN

    n = PARALLEL_MIN + 1
    store = OxigraphStore(tmp_path / "store")
    try:
        report = ingest(_with_spinner(n), store, workers=2, validate=False, extract_budget=2)
        _check_only_the_spinner_failed(report, n, store)
    finally:
        store.close()


def test_the_budget_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.config import DEFAULT_EXTRACT_BUDGET, extract_budget
    from graph.errors import InputError

    monkeypatch.delenv("NEWSGRAPH_EXTRACT_BUDGET", raising=False)
    assert extract_budget() == DEFAULT_EXTRACT_BUDGET
    monkeypatch.setenv("NEWSGRAPH_EXTRACT_BUDGET", "7.5")
    assert extract_budget() == 7.5
    monkeypatch.setenv("NEWSGRAPH_EXTRACT_BUDGET", "0")
    assert extract_budget() is None  # no limit
    for bad in ("abc", "-3", "nan"):
        monkeypatch.setenv("NEWSGRAPH_EXTRACT_BUDGET", bad)
        with pytest.raises(InputError):
            extract_budget()


@pytest.mark.usefixtures("spinner")
def test_a_worker_stuck_where_the_budget_cannot_reach_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The wall-clock backstop in worker processes: the stuck article fails, the others are stored
    by fresh workers."""
    from graph.ingest import pipeline as gi

    monkeypatch.setattr(gi, "HARD_LIMIT_MIN_S", 20.0)
    n = gi.PARALLEL_MIN + 1
    arts = _articles(n)
    stuck = arts[2]
    arts[2] = Article(
        name="stuck",
        text=stuck.text + f" {SLEEPER}",
        outlet=stuck.outlet,
        published=stuck.published,
        origin="stuck.txt",
    )
    store = OxigraphStore(tmp_path / "store")
    try:
        report = ingest(arts, store, workers=2, validate=False, extract_budget=1)
        failed = [(o.origin, o.message) for o in report.outcomes if o.status == "error"]
        assert [origin for origin, _ in failed] == ["stuck.txt"]
        assert "did not finish within 20 s" in failed[0][1]
        assert report.stored == n - 1 and _sources(store) == n - 1
    finally:
        store.close()

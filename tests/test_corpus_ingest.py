"""The whole real-news corpus (shared/corpus/wikinews-2019-2020, 283 Wikinews articles, each with its
own date and outlet) ingests with every article stored, none failed and none over the extraction
time budget per article (graph.config.extract_budget)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_every_article_is_stored_and_none_failed(wikinews_corpus) -> None:
    report = wikinews_corpus.report
    failed = [(o.name, o.message) for o in report.outcomes if o.status == "error"]
    over = [name for name, message in failed if "longer than" in message]
    assert over == [], f"over the extraction budget: {over}"
    assert failed == []
    assert report.stored == wikinews_corpus.articles == 283
    graphs = wikinews_corpus.store.select(
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a <https://w3id.org/newsgraph/ontology#Source> }"
    ).rows
    assert int(graphs[0]["n"]) == 283

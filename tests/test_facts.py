"""The facts-JSON view is derived from the graph in the store."""

from __future__ import annotations

import json
from datetime import date

from graph import iris
from graph.extract import extract_article
from graph.model import Article
from graph.read.facts import export_facts, facts_from_store
from graph.store import OxigraphStore

TEXT = (
    "Kyiv Hit Overnight\n"
    "Russia launched 40 drones at Kyiv on Sunday, killing at least 3 people, Ukrainian officials said. "
    "Ukrainian President Volodymyr Zelenskyy condemned the attack. "
    "Former U.S. President Joe Biden met Zelensky in Washington. "
    "The strikes damaged over 20 buildings."
)


def store_with(*articles: Article) -> OxigraphStore:
    st = OxigraphStore(None)
    for a in articles:
        res = extract_article(a)
        st.replace_graphs(
            {res.article.graph_iri: res.article_graph}, add={iris.entity_graph_iri(): res.entity_graph}
        )
    return st


def test_facts_shape_and_conventions(tmp_path):
    art = Article(name="kyiv-strike", text=TEXT, published=date(2025, 5, 26))
    st = store_with(art)
    facts = facts_from_store(st, art.source_iri)
    assert facts["article"] == "kyiv-strike" and facts["published"] == "2025-05-26"
    persons = {p["name"]: p for p in facts["persons"]}
    assert set(persons) == {"Volodymyr Zelensky", "Joe Biden"}
    assert set(persons["Volodymyr Zelensky"]["aliases"]) == {"Volodymyr Zelenskyy", "Zelensky"}
    places = {p["name"] for p in facts["places"]}
    assert {"Kyiv", "Russia", "United States", "Washington"} <= places  # states listed under places
    offices = {(o["person"], o["status"]) for o in facts["office_claims"]}
    assert offices == {("Volodymyr Zelensky", "current"), ("Joe Biden", "former")}
    attack = [e for e in facts["events"] if e["type"] == "attack"]
    assert attack and attack[0]["start"] == "2025-05-25"
    assert {q["value"] for q in attack[0]["quantities"]} >= {40, 3}
    speakers = {c["speaker"] for c in facts["claims"]}
    assert {"Ukrainian officials", "Volodymyr Zelensky", "outlet"} <= speakers
    for item in facts["office_claims"] + facts["events"] + facts["claims"]:
        start, end = item["span"]
        assert TEXT[start:end] == item["evidence"]
    written = export_facts(st, tmp_path)
    assert [p.name for p in written] == ["kyiv-strike.json"]
    assert json.loads(written[0].read_text()) == facts


def test_reingest_replaces_and_two_articles_share_entities(tmp_path):
    a = Article(name="a", text=TEXT, published=date(2025, 5, 26))
    b = Article(
        name="b",
        text="Volodymyr Zelensky spoke in Kyiv on Monday about 12 missiles, officials said.",
        published=date(2025, 5, 27),
    )
    st = store_with(a, b, a)
    paths = export_facts(st, tmp_path)
    assert sorted(p.stem for p in paths) == ["a", "b"]
    fb = json.loads((tmp_path / "b.json").read_text())
    assert [p["name"] for p in fb["persons"]] == ["Volodymyr Zelensky"]
    fa = json.loads((tmp_path / "a.json").read_text())
    assert len(fa["office_claims"]) == 2  # not doubled by the second ingest

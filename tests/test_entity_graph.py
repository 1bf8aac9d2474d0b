"""The entity graph stays consistent whatever order articles arrive in (graph/ingest/entities.py).

Real articles from shared/corpus/wikinews-2019-2020 that write one entity IRI's name two ways
("Democratic Party" / "Democratic party", "COVID" / "Covid", "Hammons-Bodenstab" /
"Hammons/Bodenstab", "Narendra Modi" / "Narendra] Modi", "prosecutor" / "Prosecutor"), plus the two
samples, are ingested in three orders (two into the embedded store, one into a live Oxigraph
server): the entity graphs are isomorphic, every entity has one ng:name, and validation reports
the same results.
"""

from __future__ import annotations

import csv
import itertools
import json
import random
from pathlib import Path

import pytest
from conftest import SEEDS, WIKINEWS
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from graph import iris
from graph.ingest.entities import (
    KIND_CLASS,
    TYPE_RULE,
    mention_sentence,
    merge_types,
    preferred_name,
    write_article,
)
from graph.namespace import NG
from graph.store import OxigraphStore, Store, open_store

# articles that share entities (see the module docstring), chosen from the soak corpus
SLUGS = [
    "2019-01-12_scientists-report-correlation-between-locations-of-easter-island-statues-and-wat",
    "2019-01-14_arrest-made-as-mayor-of-gdansk-poland-stabbed-on-stage",
    "2019-02-07_nevada-becomes-first-state-in-u-s-with-majority-female-legislature",
    "2019-02-13_hotel-fire-kills-at-least-seventeen-in-karol-bagh-new-delhi",
    "2019-05-31_toronto-s-anime-north-2019-brings-thousands-of-fans-together",
    "2019-08-08_gunman-opens-fire-in-el-paso-texas-superstore-more-than-20-dead",
    "2020-04-10_bernie-sanders-ends-2020-us-presidential-bid",
    "2020-08-08_passenger-flight-crashes-upon-landing-at-calicut-airport-in-india",
    "2020-08-31_on-the-campaign-trail-in-the-usa-july-2020",
    "2020-10-12_second-us-biden-trump-debate-cancelled-amid-safety-controversy",
    "2020-10-18_living-with-hiv-during-covid-19-wikinews-talks-to-hiv-positive-sex-workers-about",
    "2020-10-22_wikinews-interviews-2020-melbourne-lord-mayor-candidate-wayne-tseng",
    "2020-10-23_wikinews-interviews-bill-hammons-unity-party-of-america-presidential-nominee",
    "2020-11-02_on-the-campaign-trail-in-the-usa-october-2020",
    "2020-03-02_joe-biden-wins-2020-south-carolina-us-democratic-presidential-primary",
    "2019-12-21_us-house-of-representatives-impeaches-president-trump",
]

pytestmark = pytest.mark.skipif(
    not (WIKINEWS / "SOURCES.tsv").exists() or not SEEDS.exists(), reason="shared corpora not present"
)


def _records() -> list[dict[str, str]]:
    rows = {
        r["slug"]: r
        for r in csv.DictReader((WIKINEWS / "SOURCES.tsv").open(encoding="utf-8"), delimiter="\t")
    }
    return [
        {
            "id": s,
            "url": rows[s]["url"],
            "title": rows[s]["title"],
            "published": rows[s]["date"],
            "outlet": "Wikinews",
            "text": (WIKINEWS / f"{s}.txt").read_text(encoding="utf-8"),
        }
        for s in SLUGS
    ]


def _inputs(tmp: Path, order: list[int], name: str) -> list[str]:
    """The articles in this order: one feed of the corpus records between the two samples."""
    recs = _records()
    feed = tmp / f"{name}.jsonl"
    feed.write_text("".join(json.dumps(recs[i]) + "\n" for i in order), encoding="utf-8")
    seeds = sorted(str(p) for p in SEEDS.glob("*.txt"))
    if order[0] > order[-1]:
        seeds.reverse()
    return [seeds[0], str(feed), *seeds[1:]]


def _entity_graph(store: Store) -> Graph:
    return store.construct(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iris.entity_graph_iri()}> {{ ?s ?p ?o }} }}"
    )


def _report(store: Store) -> list[tuple[str, str, str, str]]:
    from graph.validate.run import validate_all

    res = validate_all(store, workers=1)
    return sorted((str(i.source_shape), str(i.focus_node), str(i.severity), i.message) for i in res.issues)


def _assert_isomorphic(a: Graph, b: Graph) -> None:
    if not isomorphic(a, b):
        _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
        pytest.fail(
            "entity graphs differ\nonly in first:\n"
            + "\n".join(sorted(" ".join(t.n3() for t in x) for x in only_a)[:30])
            + "\nonly in second:\n"
            + "\n".join(sorted(" ".join(t.n3() for t in x) for x in only_b)[:30])
        )


# ---------------------------------------------------------------------------------------------
# Rules (no store)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "best"),
    [
        ({"Democratic party", "Democratic Party"}, "Democratic Party"),
        ({"Covid", "COVID"}, "COVID"),  # a short acronym
        ({"Centre", "CENTRE"}, "Centre"),  # shouting, not an acronym
        ({"Hammons/Bodenstab", "Hammons-Bodenstab"}, "Hammons-Bodenstab"),
        ({"Narendra] Modi", "Narendra Modi"}, "Narendra Modi"),
        ({"United-States", "United States"}, "United States"),
        ({"prosecutor", "Prosecutor"}, "Prosecutor"),
    ],
)
def test_preferred_name_is_independent_of_order(names: set[str], best: str) -> None:
    for perm in itertools.permutations(sorted(names)):
        assert preferred_name(list(perm)) == best
    # the reference name wins over any other form
    other = sorted(names - {best})[0]
    assert preferred_name(names, reference=other) == other


def test_types_merge_by_rule() -> None:
    org = "organization"
    assert merge_types(org, {NG.Organization, NG.MediaOutlet}) == ({NG.MediaOutlet}, set())
    assert merge_types(org, {NG.State}) == ({NG.State}, set())
    # a person's IRI written as an organisation: the type is rejected, the kind's class kept
    assert merge_types("person", {NG.Organization}) == ({NG.Person}, {NG.Organization})
    assert merge_types("place", {NG.Place, NG.State}) == ({NG.Place}, {NG.State})
    # siblings are both kept: the ontology does not make them disjoint
    assert merge_types(org, {NG.GovernmentBody, NG.ArmedForce})[0] == {NG.GovernmentBody, NG.ArmedForce}
    assert set(KIND_CLASS) >= {"person", "organization", "place", "collective", "office"}


def test_mention_sentence() -> None:
    text = "First one. The Prime Minister, Narendra Modi, spoke on Monday. Then more."
    assert mention_sentence(text, ["narendra modi"]) == "The Prime Minister, Narendra Modi, spoke on Monday."
    assert mention_sentence(text, ["Modis"]) is None


# ---------------------------------------------------------------------------------------------
# Real articles in three orders
# ---------------------------------------------------------------------------------------------


def test_three_orders_give_isomorphic_entity_graphs_and_the_same_report(tmp_path, oxigraph_server) -> None:
    from graph.ingest.pipeline import ingest

    n = len(SLUGS)
    shuffled = list(range(n))
    random.Random(13).shuffle(shuffled)
    orders = {"forward": list(range(n)), "reverse": list(reversed(range(n))), "shuffled": shuffled}
    oxigraph_server.clear()
    locations = {
        "forward": str(tmp_path / "forward"),
        "reverse": str(tmp_path / "reverse"),
        "shuffled": oxigraph_server.url,  # a remote SPARQL store
    }
    graphs: dict[str, Graph] = {}
    reports: dict[str, list[tuple[str, str, str, str]]] = {}
    for name, order in orders.items():
        with open_store(locations[name]) as st:
            rep = ingest(_inputs(tmp_path, order, name), st, workers=1)
            assert rep.failed == 0, rep.errors
            assert rep.stored == n + 2
            graphs[name] = _entity_graph(st)
            reports[name] = _report(st)

    first = graphs["forward"]
    for name in ("reverse", "shuffled"):
        _assert_isomorphic(first, graphs[name])
        assert reports[name] == reports["forward"]

    # one display name per entity; the other spellings kept as aliases
    named: dict[URIRef, set[str]] = {}
    for s, o in first.subject_objects(NG.name):
        named.setdefault(s, set()).add(str(o))  # type: ignore[arg-type]
    assert all(len(v) == 1 for v in named.values()), {k: v for k, v in named.items() if len(v) > 1}
    party = iris.entity_iri("organization", "Democratic Party")
    assert named[party] == {"Democratic Party"}
    assert (party, NG.alias, Literal("Democratic party")) in first
    # entities whose names two articles wrote differently (the same slug): one name, the rest aliases
    merged = {s for s, a in first.subject_objects(NG.alias) if str(s).endswith("/" + iris.slug(str(a)))}
    assert len(merged) >= 3, merged
    # subclass wins: the outlet is a media outlet, not also a bare organisation
    outlet = iris.entity_iri("organization", "Wikinews")
    assert set(first.objects(outlet, RDF.type)) == {NG.MediaOutlet}
    # and no structural violation about names is left
    assert not [r for r in reports["forward"] if "exactly one ng:name" in r[3]]


# ---------------------------------------------------------------------------------------------
# A type conflict across articles becomes a finding, in either order
# ---------------------------------------------------------------------------------------------


def _results(tmp_path: Path) -> tuple[list, URIRef]:
    """Two real articles about the 2020 US campaign, extracted, and a person both name; the second
    article's description of that person rewritten as an organisation, as an extractor that
    misread the name would write it."""
    from graph.extract import extract_article
    from graph.ingest.readers import ReadError, read_inputs

    slugs = [
        "2020-08-31_on-the-campaign-trail-in-the-usa-july-2020",
        "2020-11-02_on-the-campaign-trail-in-the-usa-october-2020",
    ]
    recs = {r["id"]: r for r in _records()}
    feed = tmp_path / "two.jsonl"
    feed.write_text("".join(json.dumps(recs[s]) + "\n" for s in slugs), encoding="utf-8")
    arts = [a for a in read_inputs([str(feed)]) if not isinstance(a, ReadError)]
    results = [extract_article(a) for a in arts]
    persons = [set(r.entity_graph.subjects(RDF.type, NG.Person)) for r in results]
    shared = sorted(persons[0] & persons[1])
    assert shared, "the two campaign articles name no person in common"
    who = shared[0]
    results[1].entity_graph.remove((who, RDF.type, NG.Person))
    results[1].entity_graph.add((who, RDF.type, NG.Organization))
    return results, who


def _write_all(store: Store, results: list) -> None:
    for r in results:
        write_article(store, r.article.graph_iri, r.article_graph, r.entity_graph, r.article.source_iri)


def _findings(store: Store) -> Graph:
    g = store.construct(
        f"CONSTRUCT {{ ?c ?p ?o }} WHERE {{ GRAPH <{iris.validation_graph_iri()}> {{ ?c ?p ?o "
        f"FILTER(?p != <{NG.detectedAt}>) }} }}"
    )
    return g


def test_type_conflict_is_a_finding_with_both_sides_not_two_types(tmp_path) -> None:
    results, who = _results(tmp_path)
    stores = {}
    for name, rs in {"given": results, "reversed": list(reversed(results))}.items():
        st = OxigraphStore(None)
        _write_all(st, rs)
        stores[name] = st
        eg = _entity_graph(st)
        assert set(eg.objects(who, RDF.type)) == {NG.Person}  # the other type is not written
        f = _findings(st)
        cs = list(f.subjects(NG.rule, TYPE_RULE))
        assert len(cs) == 1
        c = cs[0]
        assert (c, RDF.type, NG.Contradiction) in f
        involved = set(f.objects(c, NG.involves))
        assert involved == {who, results[0].article.source_iri, results[1].article.source_iri}
        msg = str(f.value(c, NG.message))
        assert "wrote it as a Organization" in msg
        assert results[1].article.title in msg and results[0].article.title in msg  # both sides
        assert msg.count('"') >= 8  # the name, both titles and both sentences quoted
    _assert_isomorphic(_entity_graph(stores["given"]), _entity_graph(stores["reversed"]))
    _assert_isomorphic(_findings(stores["given"]), _findings(stores["reversed"]))

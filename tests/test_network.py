"""The actor network over a small hand-made graph (TriG per docs/data-model.md)."""

from __future__ import annotations

import gc
import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from click.testing import CliRunner
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

from graph import network as net
from graph.errors import InputError
from graph.store import OxigraphStore

ID = "https://w3id.org/newsgraph/id/"

TRIG = """
@prefix ng:     <https://w3id.org/newsgraph/ontology#> .
@prefix id:     <https://w3id.org/newsgraph/id/> .
@prefix oa:     <http://www.w3.org/ns/oa#> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .

id:graph\\/entities {
  id:person\\/volodymyr-zelensky a ng:Person ; ng:name "Volodymyr Zelensky" ; ng:alias "Zelenskyy", "Zelensky" .
  id:person\\/dmytro-kuleba a ng:Person ; ng:name "Dmytro Kuleba" .
  id:person\\/andrii-sybiha a ng:Person ; ng:name "Andrii Sybiha" .
  id:person\\/dmitry-peskov a ng:Person ; ng:name "Dmitry Peskov" .
  id:person\\/dmitry-other a ng:Person ; ng:name "Dmitry Other" .
  id:organization\\/ukraine a ng:State ; ng:name "Ukraine" .
  id:organization\\/russia a ng:State ; ng:name "Russia" .
  id:organization\\/outlet-a a ng:MediaOutlet ; ng:name "Outlet A" .
  id:organization\\/united-nations a ng:InternationalOrganization ; ng:name "United Nations" .
  id:office\\/president--ukraine a ng:Office ; ng:name "President of Ukraine" ; ng:officeOf id:organization\\/ukraine .
  id:office\\/foreign-minister--ukraine a ng:Office ; ng:name "Foreign Minister of Ukraine" ;
      ng:officeOf id:organization\\/ukraine ; ng:singleSeat true .
}

id:graph\\/source\\/s1 {
  id:source\\/s1 a ng:Source ; schema:headline "Exchange completed" ; ng:outlet id:organization\\/outlet-a ;
      schema:datePublished "2025-05-25"^^xsd:date ; ng:inGraph id:graph\\/source\\/s1 ; ng:text "..." .
  id:event\\/exchange-1 a ng:PrisonerExchange ; ng:label "exchange day 2" ;
      ng:startDate "2025-05-24"^^xsd:date ; ng:endDate "2025-05-24"^^xsd:date ;
      ng:participant id:organization\\/ukraine, id:organization\\/russia ;
      ng:reportedBy id:source\\/s1 ; ng:evidence id:source\\/s1\\/evidence\\/1 .
  id:source\\/s1\\/evidence\\/1 a ng:Evidence ; oa:hasSource id:source\\/s1 ;
      ng:sentence "Russia and Ukraine released 307 prisoners each." .
  id:source\\/s1\\/claim\\/1 a ng:Claim ; ng:claimant id:person\\/volodymyr-zelensky ;
      ng:about id:organization\\/russia ; ng:content "Russia attacked Kyiv" ;
      ng:reportedBy id:source\\/s1 ; ng:evidence id:source\\/s1\\/evidence\\/2 .
  id:source\\/s1\\/evidence\\/2 a ng:Evidence ; ng:sentence "Zelensky said Russia attacked Kyiv." .
  id:source\\/s1\\/holding\\/1 a ng:OfficeHolding ; ng:holder id:person\\/volodymyr-zelensky ;
      ng:office id:office\\/president--ukraine ; ng:status ng:Current ; ng:asOf "2025-05-25"^^xsd:date ;
      ng:reportedBy id:source\\/s1 ; ng:evidence id:source\\/s1\\/evidence\\/3 .
  id:source\\/s1\\/evidence\\/3 a ng:Evidence ; ng:sentence "Ukrainian President Volodymyr Zelensky confirmed it." .
  id:source\\/s1\\/holding\\/2 a ng:OfficeHolding ; ng:holder id:person\\/dmytro-kuleba ;
      ng:office id:office\\/foreign-minister--ukraine ; ng:status ng:Current ; ng:asOf "2025-05-25"^^xsd:date ;
      ng:reportedBy id:source\\/s1 ; ng:evidence id:source\\/s1\\/evidence\\/4 .
  id:source\\/s1\\/evidence\\/4 a ng:Evidence ; ng:sentence "Foreign Minister Dmytro Kuleba noted it." .
}

id:graph\\/source\\/s2 {
  id:source\\/s2 a ng:Source ; ng:outlet id:organization\\/outlet-a ;
      schema:datePublished "2025-05-24"^^xsd:date ; ng:inGraph id:graph\\/source\\/s2 .
  id:event\\/exchange-1 a ng:PrisonerExchange ;
      ng:participant id:organization\\/ukraine, id:organization\\/russia ; ng:reportedBy id:source\\/s2 .
}

id:graph\\/source\\/s3 {
  id:source\\/s3 a ng:Source ; schema:datePublished "2025-05-24"^^xsd:date ; ng:inGraph id:graph\\/source\\/s3 .
  id:event\\/exchange-1 a ng:PrisonerExchange ;
      ng:participant id:organization\\/ukraine, id:organization\\/russia ; ng:reportedBy id:source\\/s3 .
  id:event\\/talks-1 a ng:Negotiation ; ng:startDate "2024-03"^^xsd:gYearMonth ;
      ng:participant id:person\\/volodymyr-zelensky, id:person\\/dmitry-peskov ;
      ng:reportedBy id:source\\/s3 ; ng:evidence id:source\\/s3\\/evidence\\/1 .
  id:source\\/s3\\/evidence\\/1 a ng:Evidence ; ng:sentence "Zelensky met Peskov in March 2024." .
}

id:graph\\/reference {
  id:reference\\/holding\\/sybiha a ng:OfficeHolding ; ng:holder id:person\\/andrii-sybiha ;
      ng:office id:office\\/foreign-minister--ukraine ; ng:startDate "2024-09-05"^^xsd:date ;
      prov:wasDerivedFrom <https://example.org/sybiha-appointed> .
}
"""

UA, RU = ID + "organization/ukraine", ID + "organization/russia"
ZE, KU, SY, PE = (
    ID + "person/" + s for s in ("volodymyr-zelensky", "dmytro-kuleba", "andrii-sybiha", "dmitry-peskov")
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    path = tmp_path_factory.mktemp("netstore") / "store"
    st = OxigraphStore(path)
    st.import_data(TRIG.encode(), "trig")
    yield st
    st.close()


@pytest.fixture(scope="module")
def facts(store: OxigraphStore) -> net.ActorFacts:
    return net.load_facts(store)


def test_edges_and_weights_count_independent_sources(facts: net.ActorFacts) -> None:
    g = facts.graph()
    assert set(g.nodes) == {UA, RU, ZE, KU, SY, PE}
    edge = g.edges[UA, RU]
    # three articles, two of them from one outlet: two independent sources
    assert edge["sources"] == 3
    assert edge["weight"] == 2
    assert edge["kinds"] == ["event"]
    assert g.edges[ZE, RU]["kinds"] == ["claim"]
    assert g.edges[ZE, UA]["kinds"] == ["office"]
    assert g.edges[SY, UA]["weight"] == 1  # the reference data's cited source
    claim = g.edges[ZE, RU]["facts"][0]
    assert claim.directed and claim.subject == ZE and claim.object == RU


def test_isolated_actors_only_on_request(facts: net.ActorFacts) -> None:
    g = facts.graph(include_isolated=True)
    assert ID + "organization/united-nations" in g
    assert g.nodes[ID + "organization/united-nations"]["kind"] == "organization"
    assert g.nodes[UA]["kind"] == "state"
    assert g.nodes[ZE]["name"] == "Volodymyr Zelensky"


def test_event_type_filter_keeps_only_those_events(facts: net.ActorFacts) -> None:
    g = facts.graph(event_type="prisoner-exchange")
    assert set(g.edges) == {(UA, RU)} or set(g.edges) == {(RU, UA)}
    g2 = facts.graph(event_type="Negotiation")
    assert {frozenset(e) for e in g2.edges} == {frozenset((ZE, PE))}
    with pytest.raises(InputError, match="unknown event type"):
        facts.graph(event_type="Picnic")


def test_time_window(facts: net.ActorFacts) -> None:
    may = facts.graph(start="2025-05-01", end="2025-05-31")
    pairs = {frozenset(e) for e in may.edges}
    assert frozenset((UA, RU)) in pairs
    assert frozenset((ZE, PE)) not in pairs  # talks in March 2024
    assert frozenset((SY, UA)) in pairs  # held since 2024-09-05, no end: still in May 2025
    march = facts.graph(start="2024", end="2024-03")
    pairs = {frozenset(e) for e in march.edges}
    assert pairs == {frozenset((ZE, PE))}
    with pytest.raises(InputError, match="not a date"):
        facts.graph(start="last week")


def test_date_bounds() -> None:
    assert net.date_bounds("2024-02") == ("2024-02-01", "2024-02-29")
    assert net.date_bounds("2025") == ("2025-01-01", "2025-12-31")
    assert net.date_bounds("2025-05-24") == ("2025-05-24", "2025-05-24")
    assert net.date_bounds("soon") is None


def test_centrality(facts: net.ActorFacts) -> None:
    g = facts.graph()
    rows = net.centrality(g)
    assert rows[0]["iri"] == UA  # linked to four actors
    by = {r["iri"]: r for r in rows}
    assert by[UA]["degree"] == 4
    assert by[UA]["betweenness"] > by[KU]["betweenness"] == 0.0
    assert sum(r["pagerank"] for r in rows) == pytest.approx(1.0)
    reference = _pagerank_python(g, weight="weight", tol=1e-12, max_iter=1000)
    for v, score in net.pagerank(g).items():
        assert score == pytest.approx(reference[v], abs=1e-6)
    assert len(net.centrality(g, top=2)) == 2


def test_betweenness_matches_networkx() -> None:
    for g in (nx.barabasi_albert_graph(120, 3, seed=2), nx.karate_club_graph(), nx.path_graph(5)):
        exact = nx.betweenness_centrality(g)
        ours = net.betweenness(g)
        for v in g:
            assert ours[v] == pytest.approx(exact[v], abs=1e-12)


def test_facts_cache_follows_the_store(tmp_path) -> None:
    st = OxigraphStore(None)
    st.import_data(TRIG.encode(), "trig")
    first = net.cached_facts(st)
    assert net.cached_facts(st) is first
    st.update(
        "INSERT DATA { GRAPH <https://w3id.org/newsgraph/id/graph/source/s9> { "
        "<https://w3id.org/newsgraph/id/source/s9> a <https://w3id.org/newsgraph/ontology#Source> } }"
    )
    assert net.cached_facts(st) is not first


def test_sampled_betweenness_is_used_on_large_graphs() -> None:
    g = nx.barabasi_albert_graph(800, 2, seed=1)
    exact = nx.betweenness_centrality(g)
    sampled = net.betweenness(g, seed=3)
    assert sampled != exact  # estimated from pivots, not exact
    top_exact = max(exact, key=exact.get)
    assert sampled[top_exact] > 0.5 * exact[top_exact]


def test_communities_partition_the_nodes(facts: net.ActorFacts) -> None:
    g = facts.graph()
    comms = net.communities(g)
    assert sorted(v for c in comms for v in c) == sorted(g.nodes)
    assert len(comms) >= 2


def test_path_carries_facts_sources_and_sentences(store: OxigraphStore, facts: net.ActorFacts) -> None:
    p = net.path(store, "Dmytro Kuleba", "dmitry-peskov", facts=facts)
    assert [n["iri"] for n in p["nodes"]] == [KU, UA, ZE, PE]
    assert p["length"] == 3
    first, _, last = p["steps"]
    assert first["facts"][0]["kind"] == "office"
    assert first["facts"][0]["evidence"][0]["sentence"] == "Foreign Minister Dmytro Kuleba noted it."
    assert first["facts"][0]["source_headline"] == "Exchange completed"
    assert last["facts"][0]["fact"] == ID + "event/talks-1"
    assert last["facts"][0]["source"] == ID + "source/s3"
    assert last["facts"][0]["evidence"][0]["sentence"] == "Zelensky met Peskov in March 2024."


def test_path_prefers_better_attested_links(store: OxigraphStore, facts: net.ActorFacts) -> None:
    p = net.path(store, ZE, RU, facts=facts)
    assert p["length"] == 1
    assert p["steps"][0]["facts"][0]["kind"] == "claim"


def test_path_errors(store: OxigraphStore, facts: net.ActorFacts) -> None:
    with pytest.raises(InputError, match="no actor called"):
        net.path(store, "Nobody Atall", "Ukraine", facts=facts)
    with pytest.raises(InputError, match="several actors"):
        facts.resolve("dmitry")
    with pytest.raises(InputError, match="no links"):
        net.path(store, "United Nations", "Ukraine", facts=facts)
    g = facts.graph(event_type="PrisonerExchange")
    g.add_node(ZE, name="Volodymyr Zelensky")
    with pytest.raises(InputError, match="no evidence path"):
        net.path(store, "Zelenskyy", "Ukraine", g=g, facts=facts)


def test_resolve_by_alias_slug_and_iri(facts: net.ActorFacts) -> None:
    assert facts.resolve("Zelenskyy") == ZE
    assert facts.resolve("volodymyr-zelensky") == ZE
    assert facts.resolve("person/volodymyr-zelensky") == ZE
    assert facts.resolve(ZE) == ZE


def test_exports(tmp_path, facts: net.ActorFacts) -> None:
    g = facts.graph()
    back = nx.read_graphml(net.export(g, tmp_path / "n.graphml"))
    assert back.number_of_edges() == g.number_of_edges()
    assert back.edges[UA, RU]["weight"] == 2
    gexf = nx.read_gexf(net.export(g, tmp_path / "n.gexf"))
    assert gexf.number_of_nodes() == g.number_of_nodes()
    root = ET.parse(net.export(g, tmp_path / "n.svg")).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    assert len(root.findall(f".//{ns}circle")) == g.number_of_nodes()
    assert len(root.findall(f".//{ns}line")) == g.number_of_edges()
    assert "Volodymyr Zelensky" in {t.text for t in root.findall(f".//{ns}text")}
    with pytest.raises(InputError, match="cannot export"):
        net.export(g, tmp_path / "n.pdf")
    assert net.export(g, tmp_path / "n.png").read_bytes()[:4] == b"\x89PNG"


def test_to_json_and_ego(facts: net.ActorFacts) -> None:
    g = facts.graph()
    data = net.to_json(net.ego(g, PE, radius=1))
    assert {n["id"] for n in data["nodes"]} == {PE, ZE}
    assert data["links"][0]["kinds"] == ["event"]
    assert net.ego(g, ID + "person/nobody").number_of_nodes() == 0


# --- the command ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("netcli") / "store"
    st = OxigraphStore(path)
    st.import_data(TRIG.encode(), "trig")
    del st  # the embedded store is locked while open: release it for the command
    gc.collect()
    return str(path)


def _run(args: list[str]) -> tuple[int, str, str]:
    from api.cli import cli

    res = CliRunner().invoke(cli, args)
    return res.exit_code, res.stdout, res.stderr


def test_cli_top_and_communities(store_dir: str) -> None:
    code, out, _ = _run(["network", "--store", store_dir, "--top", "3", "--communities"])
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == "6 actors, 6 links"
    assert lines[2].startswith("Ukraine ")
    assert "communities" in out


def test_cli_path_json_and_filters(store_dir: str, tmp_path) -> None:
    code, out, _ = _run(["network", "--store", store_dir, "--json", "--path", "Kuleba", "Peskov"])
    assert code == 0, out
    data = json.loads(out)
    assert [n["name"] for n in data["path"]["nodes"]] == [
        "Dmytro Kuleba",
        "Ukraine",
        "Volodymyr Zelensky",
        "Dmitry Peskov",
    ]
    code, out, _ = _run(
        [
            "network",
            "--store",
            store_dir,
            "--from",
            "2025-05",
            "--to",
            "2025-05",
            "--event-type",
            "PrisonerExchange",
            "--export",
            str(tmp_path / "x.graphml"),
        ]
    )
    assert code == 0, out
    assert (
        out.splitlines()[0]
        == "2 actors, 1 links (from=2025-05-01, to=2025-05-31, event_type=PrisonerExchange)"
    )
    assert (tmp_path / "x.graphml").exists()


def test_cli_errors_are_one_line(store_dir: str) -> None:
    code, _, err = _run(["network", "--store", store_dir, "--event-type", "Picnic"])
    assert code == 1
    assert err.startswith("error: unknown event type")
    code, _, err = _run(["network", "--store", store_dir, "--path", "Kuleba", "Nobody"])
    assert code == 1 and "no actor called" in err


def test_reference_only_links_on_request(facts: net.ActorFacts) -> None:
    g = facts.graph(reference=False)
    assert SY not in g  # named by no article, linked only by a reference holding
    assert set(g.nodes) == {UA, RU, ZE, KU, PE}
    assert g.graph["reference"] is False
    assert facts.graph().has_edge(SY, UA)


def test_cli_without_reference_links(store_dir: str) -> None:
    code, out, _ = _run(["network", "--store", store_dir, "--no-reference"])
    assert code == 0, out
    assert out.splitlines()[0] == "5 actors, 5 links (reference=no)"

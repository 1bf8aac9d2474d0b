"""Office holders from Wikidata, for the offices and jurisdictions a store mentions.

``newsgraph reference refresh`` (api/cli/reference.py) runs :func:`graph.ingest.reference.refresh`:

1. :func:`wanted_offices` reads the store's entity graph: every ``ng:Office`` with an
   ``ng:jurisdiction`` whose office key is a single-seat office of reference/offices.csv (heads of
   state and government, ministers, governors, speakers, mayors, ... whatever that file lists), with the
   jurisdiction's name and, where the reference data has one, its Wikidata QID.
2. :func:`build_query` asks Wikidata's SPARQL service (https://query.wikidata.org/sparql, over
   HTTP with httpx) for the positions of those jurisdictions (a position that *applies to
   jurisdiction* P1001 the jurisdiction, or that the jurisdiction names as the *office held by head
   of state* P1906 or *of government* P1313) whose English label starts with one of the wanted
   offices' title variants, and for every *position held* (P39) statement about them, not
   deprecated, with its *start time* (P580) and *end time* (P582).  Jurisdictions without a QID are
   found by their English label.
3. :func:`holdings_from_results` keeps the rows with a start date whose position label names one of
   the wanted office keys; each becomes a holding with the statement's URL as its source
   (``https://www.wikidata.org/wiki/Q..#Q..$uuid``).
4. The holdings are cached as JSON (default ``reference/wikidata-holders.json``, see
   :func:`cache_path`) and :func:`graph.ingest.reference.load_reference` loads that file into the reference
   graph beside reference/holdings.csv, so validation checks article holdings against them exactly
   as against the CSV's.

Nothing here knows a person, an office or a place: the offices and jurisdictions come from the
store and reference/offices.csv, the facts from Wikidata.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from graph import iris
from graph.errors import NewsgraphError
from graph.extract.gazetteer import Gazetteer, Holding, gazetteer
from graph.extract.names import fold
from graph.namespace import NG
from graph.sparql.terms import sparql_term
from graph.store import Store

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
WIKIDATA_STATEMENT = "http://www.wikidata.org/entity/statement/"
CACHE_NAME = "wikidata-holders.json"
USER_AGENT = "newsgraph-reference-refresh/0.1 (https://w3id.org/newsgraph; reference data refresh)"
BATCH = 40  # jurisdictions per query


class WikidataError(NewsgraphError):
    """Wikidata could not be asked, or did not answer with SPARQL JSON results."""


@dataclass(frozen=True)
class WantedOffice:
    key: str  # office key of reference/offices.csv
    jurisdiction: str  # the jurisdiction's name in the store
    qid: str | None  # the jurisdiction's Wikidata QID, when the reference data has one


@dataclass
class WikidataHolding:
    """One P39 statement: who held which position of which jurisdiction, when, and where it says so."""

    person: str
    person_qid: str
    office: str  # office key
    jurisdiction: str  # our name of the jurisdiction
    jurisdiction_qid: str
    title: str  # the position's English label
    position_qid: str
    start: str
    end: str | None
    source: str  # the statement's URL

    def holding(self, gaz: Gazetteer | None = None) -> Holding:
        person = gaz.lookup(self.person, "person") if gaz else None
        return Holding(
            person.name if person else self.person,
            self.office,
            self.jurisdiction,
            self.title,
            self.start,
            self.end,
            self.source,
        )


def cache_path(path: str | Path | None = None) -> Path:
    """Where the fetched holdings are kept: ``path``, else reference/wikidata-holders.json."""
    if path is not None:
        return Path(path)
    from graph.config import reference_dir

    return reference_dir() / CACHE_NAME


# ---------------------------------------------------------------------------------------------
# What the store mentions
# ---------------------------------------------------------------------------------------------


def office_key_of(office_iri: str, gaz: Gazetteer) -> str | None:
    """The reference office key an office IRI was minted from (``office/governor--florida``)."""
    local = office_iri.rsplit("/", 1)[-1]
    slug = local.split("--", 1)[0]
    for key in gaz.office_by_key:
        if iris.slug(key) == slug:
            return key
    return None


def wanted_offices(store: Store, gaz: Gazetteer | None = None) -> list[WantedOffice]:
    """The single-seat offices with a jurisdiction that the store's entity graph mentions and the
    reference data knows (an office key of reference/offices.csv)."""
    gaz = gaz or gazetteer()
    eg = sparql_term(iris.entity_graph_iri())
    rows = store.select(
        f"SELECT DISTINCT ?o ?jn ?q WHERE {{ GRAPH {eg} {{ ?o a {sparql_term(NG.Office)} ; "
        f"{sparql_term(NG.jurisdiction)} ?j . ?j {sparql_term(NG.name)} ?jn . "
        f"OPTIONAL {{ ?j {sparql_term(NG.wikidataId)} ?q }} }} }}"
    ).rows
    out: set[WantedOffice] = set()
    for r in rows:
        key = office_key_of(str(r["o"]), gaz)
        if key is None or r["jn"] is None or not gaz.office_by_key[key].single_seat:
            continue  # many-seat offices (senators, judges) have no holder to check a claim against
        name = str(r["jn"])
        qid = str(r["q"]) if r["q"] is not None else None
        if qid is None:
            entry = gaz.lookup(name)
            qid = entry.wikidata if entry is not None and entry.wikidata else None
        out.add(WantedOffice(key, name, qid))
    return sorted(out, key=lambda w: (w.jurisdiction, w.key))


# ---------------------------------------------------------------------------------------------
# The query
# ---------------------------------------------------------------------------------------------


def _literal(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _regex_escape(text: str) -> str:
    return "".join("\\\\" + c if c in r".^$*+?()[]{}|\/" else c for c in text)


def title_variants(keys: Iterable[str], gaz: Gazetteer) -> list[str]:
    out: set[str] = set()
    for k in keys:
        od = gaz.office_by_key.get(k)
        if od is not None:
            out.update(v.strip().lower() for v in [od.name, *od.variants] if v.strip())
    return sorted(out)


def build_query(wanted: list[WantedOffice], gaz: Gazetteer | None = None) -> str:
    """One SPARQL query for the holders of the wanted offices (see the module docstring)."""
    gaz = gaz or gazetteer()
    qids = sorted({w.qid for w in wanted if w.qid})
    names = sorted({w.jurisdiction for w in wanted if not w.qid})
    branches = []
    if qids:
        branches.append("{ VALUES ?jurisdiction { " + " ".join(f"wd:{q}" for q in qids) + " } }")
    if names:
        branches.append(
            "{ VALUES ?jname { "
            + " ".join(_literal(n) + "@en" for n in names)
            + " } ?jurisdiction rdfs:label ?jname . }"
        )
    if not branches:
        raise WikidataError("the store mentions no office with a jurisdiction that the reference data knows")
    titles = "|".join(_regex_escape(t) for t in title_variants({w.key for w in wanted}, gaz))
    return f"""PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?jurisdiction ?jurisdictionLabel ?position ?positionLabel ?person ?personLabel
       ?statement ?start ?end WHERE {{
  {" UNION ".join(branches)}
  {{ ?position wdt:P1001 ?jurisdiction }} UNION {{ ?jurisdiction wdt:P1906 ?position }}
  UNION {{ ?jurisdiction wdt:P1313 ?position }}
  ?position rdfs:label ?positionLabel . FILTER(LANG(?positionLabel) = "en")
  FILTER(REGEX(?positionLabel, "^(the )?({titles})( |$)", "i"))
  ?person p:P39 ?statement . ?statement ps:P39 ?position ; wikibase:rank ?rank .
  FILTER(?rank != wikibase:DeprecatedRank)
  OPTIONAL {{ ?statement pq:P580 ?start }} OPTIONAL {{ ?statement pq:P582 ?end }}
  ?person rdfs:label ?personLabel . FILTER(LANG(?personLabel) = "en")
  ?jurisdiction rdfs:label ?jurisdictionLabel . FILTER(LANG(?jurisdictionLabel) = "en")
}}"""


# ---------------------------------------------------------------------------------------------
# The answer
# ---------------------------------------------------------------------------------------------


def _qid(uri: str) -> str:
    return uri.rsplit("/", 1)[-1]


def _day(value: str | None) -> str | None:
    """ISO date of a Wikidata time value ("2019-01-08T00:00:00Z" -> "2019-01-08"); a value precise
    to the year only comes as "YYYY-01-01", which is kept as it is."""
    if not value:
        return None
    v = value.lstrip("+")
    return v[:10] if len(v) >= 10 and v[4] == "-" else v


def statement_url(statement_iri: str) -> str:
    """A statement's page URL: entity/statement/Q42-uuid -> https://www.wikidata.org/wiki/Q42#Q42$uuid."""
    local = statement_iri.removeprefix(WIKIDATA_STATEMENT)
    qid, _, rest = local.partition("-")
    return f"https://www.wikidata.org/wiki/{qid}#{qid}${rest}" if rest else statement_iri


def holdings_from_results(
    data: dict[str, Any], wanted: list[WantedOffice], gaz: Gazetteer | None = None
) -> list[WikidataHolding]:
    """The rows of a SPARQL JSON answer to :func:`build_query` that name a wanted office of a
    wanted jurisdiction and have a start date, as holdings with their statement's URL."""
    gaz = gaz or gazetteer()
    try:
        bindings = data["results"]["bindings"]
    except (KeyError, TypeError) as exc:
        raise WikidataError("not a SPARQL JSON result: no results.bindings") from exc
    by_qid = {w.qid: w.jurisdiction for w in wanted if w.qid}
    by_name = {fold(w.jurisdiction): w.jurisdiction for w in wanted}
    keys = {(w.key, w.jurisdiction) for w in wanted}
    titles = sorted({fold(t) for t in title_variants({k for k, _ in keys}, gaz)}, key=len, reverse=True)
    out: dict[str, WikidataHolding] = {}
    for b in bindings:
        try:
            jq = _qid(b["jurisdiction"]["value"])
            label = b["positionLabel"]["value"]
            person_qid = _qid(b["person"]["value"])
            statement = b["statement"]["value"]
        except (KeyError, TypeError):
            continue
        start = _day(b.get("start", {}).get("value"))
        if not start:
            continue
        jname = by_qid.get(jq) or by_name.get(fold(b.get("jurisdictionLabel", {}).get("value", "")))
        if jname is None:
            continue
        # the label must be "<title> of <the jurisdiction>": "President of the Senate" of a
        # state's position list is not the state's president
        low = fold(label).removeprefix("the ")
        places = {fold(jname), fold(b.get("jurisdictionLabel", {}).get("value", jname))}
        title = next(
            (t for t in titles if any(low in (f"{t} of {p}", f"{t} of the {p}") for p in places)), None
        )
        od = gaz.titles.get(fold(title)) if title else None
        if od is None or (od.key, jname) not in keys:
            continue
        h = WikidataHolding(
            person=b.get("personLabel", {}).get("value", person_qid),
            person_qid=person_qid,
            office=od.key,
            jurisdiction=jname,
            jurisdiction_qid=jq,
            title=label,
            position_qid=_qid(b.get("position", {}).get("value", "")),
            start=start,
            end=_day(b.get("end", {}).get("value")),
            source=statement_url(statement),
        )
        out.setdefault(h.source, h)
    return sorted(out.values(), key=lambda h: (h.jurisdiction, h.office, h.start, h.person))


# ---------------------------------------------------------------------------------------------
# Fetch, cache, load
# ---------------------------------------------------------------------------------------------


def fetch(query: str, endpoint: str = WIKIDATA_SPARQL, timeout_s: float = 60.0) -> dict[str, Any]:
    """POST the query to a SPARQL endpoint; its SPARQL JSON results."""
    try:
        resp = httpx.post(
            endpoint,
            data={"query": query},
            timeout=timeout_s,
            headers={"Accept": "application/sparql-results+json", "User-Agent": USER_AGENT},
        )
        resp.raise_for_status()
        data = resp.json()
    except httpx.HTTPError as exc:
        raise WikidataError(f"cannot query Wikidata at {endpoint}: {exc.__class__.__name__}: {exc}") from exc
    except ValueError as exc:
        raise WikidataError(f"Wikidata at {endpoint} did not answer with SPARQL JSON") from exc
    if not isinstance(data, dict):
        raise WikidataError(f"Wikidata at {endpoint} did not answer with SPARQL JSON")
    return data


def write_cache(path: Path, holdings: list[WikidataHolding], endpoint: str, queries: list[str]) -> None:
    doc = {
        "about": "Office holdings fetched from Wikidata by `newsgraph reference refresh` "
        "(graph/ingest/wikidata.py); each holding's source is the Wikidata statement it comes from.",
        "endpoint": endpoint,
        "retrieved": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "queries": queries,
        "holdings": [asdict(h) for h in holdings],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


def read_cache(path: Path) -> list[WikidataHolding]:
    """The holdings of a cache file (empty when there is none)."""
    if not path.exists():
        return []
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        return [WikidataHolding(**h) for h in doc["holdings"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise WikidataError(f"{path} is not a Wikidata holdings cache: {exc}") from exc

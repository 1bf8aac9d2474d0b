"""Shared pieces of the API tests: a hand-written fixture graph and a live uvicorn server.

No tests here; ``test_api*.py`` modules import from it."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

from api.app import create_app
from api.settings import ApiSettings
from graph.store import OxigraphStore, Store

B = "https://w3id.org/newsgraph/id/"
TOKEN = "test-token-0123456789"

# Two articles, the entity graph, the reference graph and one contradiction, per docs/data-model.md.
FIXTURE_TRIG = """
@prefix ng:     <https://w3id.org/newsgraph/ontology#> .
@prefix id:     <https://w3id.org/newsgraph/id/> .
@prefix oa:     <http://www.w3.org/ns/oa#> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
@prefix sh:     <http://www.w3.org/ns/shacl#> .

id:graph\\/entities {
  id:person\\/anna-kovalenko a ng:Person ; ng:name "Anna Kovalenko" ; ng:alias "Kovalenko", "A. Kovalenko" .
  id:person\\/petro-bondar a ng:Person ; ng:name "Petro Bondar" ; ng:alias "Bondar" .
  id:person\\/o-reilly a ng:Person ; ng:name "Sean O'Reilly \\"the quote\\"" .
  id:organization\\/ukraine a ng:State ; ng:name "Ukraine" .
  id:organization\\/russia a ng:State ; ng:name "Russia" .
  id:organization\\/national-guard a ng:ArmedForce ; ng:name "National Guard of Ukraine" ; ng:alias "National Guard" .
  id:place\\/kyiv a ng:Place ; ng:name "Kyiv" ; ng:alias "Kiev" ; ng:stateOf id:organization\\/ukraine .
  id:office\\/foreign-minister--ukraine a ng:Office ; ng:name "Foreign Minister of Ukraine" ;
      ng:officeOf id:organization\\/ukraine ; ng:jurisdiction id:organization\\/ukraine ; ng:singleSeat true .
}

id:graph\\/reference {
  id:reference\\/holding\\/bondar-fm a ng:OfficeHolding ; ng:holder id:person\\/petro-bondar ;
      ng:office id:office\\/foreign-minister--ukraine ; ng:startDate "2024-09-05"^^xsd:date ;
      prov:wasDerivedFrom <https://example.org/reference/bondar> .
  id:reference\\/holding\\/kovalenko-fm a ng:OfficeHolding ; ng:holder id:person\\/anna-kovalenko ;
      ng:office id:office\\/foreign-minister--ukraine ; ng:startDate "2020-03"^^xsd:gYearMonth ;
      ng:endDate "2024-09-04"^^xsd:date ;
      prov:wasDerivedFrom <https://example.org/reference/kovalenko> .
}

id:graph\\/source\\/aaaaaaaaaaaaaaaa {
  id:source\\/aaaaaaaaaaaaaaaa a ng:Source, schema:NewsArticle ; ng:articleName "001_aaaa" ;
      schema:headline "Prisoner exchange completed" ; schema:url <https://example.org/a> ;
      schema:datePublished "2025-05-25"^^xsd:date ; ng:contentHash "abc" ;
      ng:text "Foreign Minister Anna Kovalenko said 307 prisoners were freed in Kyiv." ;
      ng:inGraph id:graph\\/source\\/aaaaaaaaaaaaaaaa .
  id:source\\/aaaaaaaaaaaaaaaa\\/evidence\\/1 a ng:Evidence ; oa:hasSource id:source\\/aaaaaaaaaaaaaaaa ;
      oa:hasSelector id:source\\/aaaaaaaaaaaaaaaa\\/evidence\\/1\\/quote, id:source\\/aaaaaaaaaaaaaaaa\\/evidence\\/1\\/position ;
      ng:sentence "Foreign Minister Anna Kovalenko said 307 prisoners were freed in Kyiv." .
  id:source\\/aaaaaaaaaaaaaaaa\\/evidence\\/1\\/quote a oa:TextQuoteSelector ; oa:exact "Foreign Minister Anna Kovalenko" .
  id:source\\/aaaaaaaaaaaaaaaa\\/evidence\\/1\\/position a oa:TextPositionSelector ;
      oa:start "0"^^xsd:nonNegativeInteger ; oa:end "31"^^xsd:nonNegativeInteger .
  id:source\\/aaaaaaaaaaaaaaaa\\/holding\\/1 a ng:OfficeHolding ; ng:holder id:person\\/anna-kovalenko ;
      ng:office id:office\\/foreign-minister--ukraine ; ng:officeTitle "Foreign Minister" ; ng:status ng:Current ;
      ng:asOf "2025-05-25"^^xsd:date ; ng:reportedBy id:source\\/aaaaaaaaaaaaaaaa ;
      ng:evidence id:source\\/aaaaaaaaaaaaaaaa\\/evidence\\/1 ; ng:confidence 0.9 .
  id:event\\/prisoner-exchange-2025-05-24-abc a ng:PrisonerExchange ; ng:label "exchange day 2" ;
      ng:startDate "2025-05-24"^^xsd:date ; ng:endDate "2025-05-24"^^xsd:date ;
      ng:participant id:organization\\/ukraine, id:organization\\/russia ; ng:place id:place\\/kyiv ;
      ng:quantity id:source\\/aaaaaaaaaaaaaaaa\\/quantity\\/1 ;
      ng:reportedBy id:source\\/aaaaaaaaaaaaaaaa ; ng:evidence id:source\\/aaaaaaaaaaaaaaaa\\/evidence\\/1 .
  id:source\\/aaaaaaaaaaaaaaaa\\/quantity\\/1 a ng:Quantity ; ng:value 307 ; ng:counts "prisoners" ;
      ng:qualifier ng:Exactly ; ng:reportedBy id:source\\/aaaaaaaaaaaaaaaa .
  id:source\\/aaaaaaaaaaaaaaaa\\/claim\\/1 a ng:Claim ; ng:claimant id:person\\/anna-kovalenko ;
      ng:reportedBy id:source\\/aaaaaaaaaaaaaaaa ; ng:content "307 prisoners were freed" ;
      ng:about id:event\\/prisoner-exchange-2025-05-24-abc ;
      ng:evidence id:source\\/aaaaaaaaaaaaaaaa\\/evidence\\/1 ; ng:confidence 0.8 .
}

id:graph\\/source\\/bbbbbbbbbbbbbbbb {
  id:source\\/bbbbbbbbbbbbbbbb a ng:Source, schema:NewsArticle ; ng:articleName "002_bbbb" ;
      schema:headline "Attack on Kyiv" ; schema:datePublished "2025-06-02"^^xsd:date ;
      ng:inGraph id:graph\\/source\\/bbbbbbbbbbbbbbbb .
  id:event\\/attack-2025-06-01-def a ng:Attack ; ng:label "overnight strike" ;
      ng:startDate "2025-06-01"^^xsd:date ; ng:participant id:organization\\/russia ; ng:place id:place\\/kyiv ;
      ng:reportedBy id:source\\/bbbbbbbbbbbbbbbb .
  id:source\\/bbbbbbbbbbbbbbbb\\/claim\\/1 a ng:Claim ; ng:claimant id:person\\/petro-bondar ;
      ng:reportedBy id:source\\/bbbbbbbbbbbbbbbb ; ng:content "69 missiles were launched" ;
      ng:about id:event\\/attack-2025-06-01-def .
  id:source\\/bbbbbbbbbbbbbbbb\\/claim\\/2 a ng:Claim ; ng:unattributed true ;
      ng:reportedBy id:source\\/bbbbbbbbbbbbbbbb ; ng:content "air defence intercepted most" .
}

id:graph\\/validation {
  id:contradiction\\/c1 a ng:Contradiction ;
      ng:rule <https://w3id.org/newsgraph/shapes#SingleSeatOverlapShape> ; ng:severity sh:Violation ;
      ng:involves id:source\\/aaaaaaaaaaaaaaaa\\/holding\\/1, id:reference\\/holding\\/bondar-fm ;
      ng:message "Foreign Minister of Ukraine is a single-seat office: Anna Kovalenko and Petro Bondar" ;
      ng:detectedAt "2026-01-01T00:00:00Z"^^xsd:dateTime .
  id:source\\/aaaaaaaaaaaaaaaa\\/holding\\/1 ng:disputes id:reference\\/holding\\/bondar-fm .
}
"""


def fixture_store(path: Path) -> OxigraphStore:
    store = OxigraphStore(path)
    store.import_data(FIXTURE_TRIG.encode("utf-8"), "trig")
    return store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """A real uvicorn server in a thread, on a free 127.0.0.1 port."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


@contextlib.contextmanager
def live_app(settings: ApiSettings, store: Store) -> Iterator[LiveServer]:
    app = create_app(settings, store)
    with LiveServer(app) as srv:
        yield srv


def settings_for(path: Path, **kw: Any) -> ApiSettings:
    values: dict[str, Any] = {
        "store": str(path),
        "base_iri": B,
        "token": TOKEN,
        "allow_updates": True,
        "query_timeout_s": 20.0,
        "query_workers": 2,
    }
    values.update(kw)
    return ApiSettings(**values)


def get_json(client: httpx.Client, url: str, **kw: Any) -> dict[str, Any]:
    r = client.get(url, **kw)
    assert r.status_code == 200, (r.status_code, r.text)
    body: dict[str, Any] = r.json()
    return body

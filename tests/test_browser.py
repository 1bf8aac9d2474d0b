"""The exploration pages in headless Chromium, against the real app on a live uvicorn server.

The sample corpus (../shared/corpus/seeds) goes through the real pipeline (ingest, then validation
recording its contradictions); screenshots land in test-artifacts/ (gitignored)."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, free_port, wait_http

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)",
    ),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from api.app import create_app
    from api.settings import ApiSettings
    from graph.ingest.pipeline import ingest
    from graph.store import open_store
    from graph.validate.record import record_contradictions
    from graph.validate.run import validate_all

    if not SEEDS.is_dir():
        pytest.fail(f"the sample corpus is missing at {SEEDS}")
    path = tmp_path_factory.mktemp("browser") / "store"
    store = open_store(str(path))
    from graph.ingest.reference import load_reference

    load_reference(store)  # as the main job does: the reference data lets validation see the world
    report = ingest([str(SEEDS)], store, workers=1, validate=False)
    assert report.stored >= 2, report.to_dict()
    record_contradictions(store, validate_all(store))

    port = free_port()
    app = create_app(ApiSettings(store=str(path)), store=store)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    wait_http(url + "/ui/")
    yield url
    srv.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture(scope="module")
def page(server: str):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    profile = ARTIFACTS / ".chromium-profile"
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
            viewport={"width": 1280, "height": 900},
        )
        pg = ctx.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.set_default_timeout(15000)
        pg.errors = errors  # type: ignore[attr-defined]
        yield pg
        ctx.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_walk_from_search_to_validation(server: str, page) -> None:
    # home page, search
    page.goto(server + "/ui/")
    page.fill("#home-search", "Zelensky")
    page.press("#home-search", "Enter")
    page.wait_for_url(re.compile(r"/ui/search\?q=Zelensky"))
    shot(page, "01-search")
    first = page.locator(".results-list a").first
    assert first.inner_text() == "Volodymyr Zelensky"
    first.click()

    # his page: offices over time, events with their sources
    page.wait_for_url(re.compile(r"/ui/person/volodymyr-zelensky$"))
    assert page.locator("h1").inner_text() == "Volodymyr Zelensky"
    timeline = page.locator("#office-timeline")
    assert timeline.is_visible()
    assert "President of Ukraine" in timeline.inner_text()
    assert page.locator("#office-timeline .bar").count() >= 2
    assert page.locator("#offices table tr.holding").count() >= 2
    events = page.locator("#events .event-card")
    assert events.count() >= 1
    assert page.locator("#events .event-card a.source-link").count() >= 1
    shot(page, "02-person")

    # an event, then one of its sources
    events.first.locator("a.event-link").click()
    page.wait_for_url(re.compile(r"/ui/event/"))
    assert page.locator("article.event h1").is_visible()
    assert page.locator("#reports a.source-link").count() >= 1
    shot(page, "03-event")
    page.locator("#reports a.source-link").first.click()
    page.wait_for_url(re.compile(r"/ui/source/[0-9a-f]{16}"))
    assert page.locator("#article-text mark.fact").count() >= 5
    # clicking a highlight selects its fact in the side panel
    mark = page.locator("#article-text mark.fact").first
    mark.click()
    assert page.locator(".fact-item.active").count() >= 1
    shot(page, "04-source")

    # a contradiction recorded by validation, followed to the report: the event's sources include
    # the article that calls a dismissed minister current and a sitting president "former"
    event_url = page.url
    page.go_back()
    page.wait_for_url(re.compile(r"/ui/event/"))
    hrefs = page.locator("#reports a.source-link").evaluate_all("els => els.map(e => e.href)")
    for href in hrefs:
        page.goto(href)
        if page.locator("a.contradiction-link").count():
            break
    link = page.locator("a.contradiction-link").first
    assert link.count() == 1, f"no source of {event_url} shows a recorded contradiction"
    link.click()
    page.wait_for_url(re.compile(r"/ui/validation#c-"))
    anchor = page.url.split("#", 1)[1]
    card = page.locator(f"#{anchor}")
    assert card.is_visible()
    assert "target" in (card.get_attribute("class") or "")
    # both sides: the article's sentence, and the reference fact with the source it cites
    assert card.locator("blockquote.evidence").count() >= 1
    assert card.locator("a[href^='https://en.wikipedia.org/']").count() >= 1, card.inner_html()
    shot(page, "05-validation")

    # the actor network, drawn
    page.goto(server + "/ui/network")
    page.wait_for_selector("svg#graph[data-settled='true']", timeout=30000)
    assert page.locator("svg#graph g.node").count() >= 5
    assert page.locator("svg#graph line.link").count() >= 4
    names = page.locator("svg#graph g.node text").all_text_contents()
    assert "Ukraine" in names and "Russia" in names
    shot(page, "06-network")

    # his neighbourhood
    page.goto(server + "/ui/graph/person/volodymyr-zelensky")
    page.wait_for_selector("svg#graph[data-settled='true']", timeout=30000)
    assert page.locator("svg#graph g.node.center text").text_content() == "Volodymyr Zelensky"
    shot(page, "07-neighbourhood")
    assert page.errors == []  # type: ignore[attr-defined]


def test_person_page_lists_the_exchanges(server: str, page) -> None:
    page.goto(server + "/ui/person/volodymyr-zelensky")
    kinds = page.locator("#events .event-card .tag").all_inner_texts()
    assert any("PrisonerExchange" in k for k in kinds)


def test_path_page_from_a_network_link(server: str, page) -> None:
    page.goto(server + "/ui/network/path?from=Ukraine&to=Russia")
    assert page.locator(".path-nodes a").all_inner_texts() == ["Ukraine", "Russia"]
    assert page.locator(".step blockquote.evidence").count() >= 1
    shot(page, "08-path")


def test_rest_search_in_a_browser_shows_the_search_page(server: str, page) -> None:
    page.goto(server + "/persons?q=Zelensky")
    page.wait_for_url(re.compile(r"/ui/search\?q=Zelensky"))
    assert page.locator(".results-list a").first.inner_text() == "Volodymyr Zelensky"

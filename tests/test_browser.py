"""The exploration pages in headless Chromium, against the real app on a live uvicorn server.

The sample corpus (../shared/corpus/seeds) goes through the real pipeline (ingest, then validation
recording its contradictions); a synthetic network of a few hundred actors checks that the drawing
stays readable.  Every page is photographed into test-artifacts/screenshots/ (gitignored), and each
picture is checked to be a real PNG of the viewport's width, not a blank page."""

from __future__ import annotations

import random
import re
import struct
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, free_port, wait_http

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
WIDTH, HEIGHT = 1280, 900
PAGE_ERRORS: list[str] = []  # script errors of the pages the browser opened (the page fixture's)

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
            viewport={"width": WIDTH, "height": HEIGHT},
        )
        pg = ctx.new_page()
        pg.on("pageerror", lambda exc: PAGE_ERRORS.append(str(exc)))
        pg.set_default_timeout(15000)
        yield pg
        ctx.close()


def shot(page, name: str) -> Path:
    """A full-page screenshot, checked: a PNG as wide as the viewport, at least as high, not blank."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    width, height, rows = png_rows(path.read_bytes())
    assert (width, height >= HEIGHT) == (WIDTH, True), (name, width, height)
    assert len(set(rows)) > 50, f"{name}: the screenshot is (nearly) blank"
    return path


def png_rows(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the raw scanlines of an 8-bit PNG (stdlib only: zlib over the IDAT chunks)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width, height, channels = 8, b"", 0, 0, 4
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8, depth
            channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = 1 + width * channels
    return width, height, [raw[i * stride + 1 : (i + 1) * stride] for i in range(height)]


def test_walk_from_search_to_validation(server: str, page) -> None:
    # home page, search
    page.goto(server + "/ui/")
    shot(page, "00-home")
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
    # as the articles state it: no actor that only the reference data links (Liz Truss, Olaf Scholz)
    drawn = set(names)
    assert not drawn & {"Liz Truss", "Rishi Sunak", "Olaf Scholz", "Keir Starmer"}, drawn
    page.locator("#reference-link").click()
    page.wait_for_url(re.compile(r"/ui/network\?reference=true"))
    page.wait_for_selector("svg#graph[data-settled='true']", timeout=30000)
    assert page.locator("svg#graph g.node").count() > len(drawn)
    assert page.locator("#reference-toggle").is_checked()
    assert_labels_apart(page)
    shot(page, "06b-network-with-reference")

    # his neighbourhood
    page.goto(server + "/ui/graph/person/volodymyr-zelensky")
    page.wait_for_selector("svg#graph[data-settled='true']", timeout=30000)
    assert page.locator("svg#graph g.node.center text").text_content() == "Volodymyr Zelensky"
    shot(page, "07-neighbourhood")
    assert PAGE_ERRORS == []


def test_person_page_lists_the_exchanges(server: str, page) -> None:
    page.goto(server + "/ui/person/volodymyr-zelensky")
    kinds = page.locator("#events .event-card .tag").all_inner_texts()
    assert any("PrisonerExchange" in k for k in kinds)


def test_path_page_from_a_network_link(server: str, page) -> None:
    page.goto(server + "/ui/network/path?from=Ukraine&to=Russia")
    assert page.locator(".path-nodes a").all_inner_texts() == ["Ukraine", "Russia"]
    assert page.locator(".step blockquote.evidence").count() >= 1
    shot(page, "08-path")


def test_office_and_organisation_pages_read_naturally(server: str, page) -> None:
    page.goto(server + "/ui/office/president--united-states")
    assert page.locator("h1").inner_text() == "President of the United States"
    assert "Office of the United States" in page.locator("article, main").first.inner_text()
    assert "Donald Trump" in page.locator("#offices").inner_text()
    shot(page, "11-office")
    page.goto(server + "/ui/organization/ukraine")
    assert page.locator("h1").inner_text() == "Ukraine"
    shot(page, "12-organisation")
    page.goto(server + "/ui/person/nobody-at-all")
    shot(page, "13-not-found")


def test_rest_search_in_a_browser_shows_the_search_page(server: str, page) -> None:
    page.goto(server + "/persons?q=Zelensky")
    page.wait_for_url(re.compile(r"/ui/search\?q=Zelensky"))
    assert page.locator(".results-list a").first.inner_text() == "Volodymyr Zelensky"


def assert_labels_apart(page) -> int:
    """No two shown labels of the drawing overlap, and no circle is painted over a shown label (a
    label may lie over the dot of a less important actor, painted before it)."""
    boxes = page.evaluate(
        """() => {
          const nodes = [...document.querySelectorAll('svg#graph g.node')];
          const rect = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
          return nodes.map((g, z) => ({ z,
            shown: getComputedStyle(g.querySelector('text')).visibility !== 'hidden',
            label: rect(g.querySelector('text')), circle: rect(g.querySelector('circle')) }));
        }"""
    )
    shown = [b for b in boxes if b["shown"]]

    def overlap(a: list[float], b: list[float], slack: float = 1.0) -> bool:
        return a[0] + slack < b[2] and b[0] + slack < a[2] and a[1] + slack < b[3] and b[1] + slack < a[3]

    for i, a in enumerate(shown):
        for b in shown[i + 1 :]:
            assert not overlap(a["label"], b["label"]), (a, b)
        for b in boxes:
            if b["z"] > a["z"]:
                assert not overlap(a["label"], b["circle"], slack=2.0), (a, b)
    return len(shown)


# --- a network of a few hundred actors -------------------------------------------------------------


def synthetic_network(n_states: int = 30, n_persons: int = 270, n_events: int = 500) -> str:
    """TriG of a news-shaped actor network: persons and states taking part in events, one article each."""
    rnd = random.Random(7)
    ng, idb = "https://w3id.org/newsgraph/ontology#", "https://w3id.org/newsgraph/id/"
    states = [f"{idb}organization/state-{i}" for i in range(n_states)]
    persons = [f"{idb}person/person-{i}" for i in range(n_persons)]
    first = [
        "Anna",
        "Boris",
        "Chen",
        "Dara",
        "Emil",
        "Farah",
        "Goran",
        "Hana",
        "Ivan",
        "Jana",
        "Kofi",
        "Lena",
    ]
    last = ["Kovalenko", "Petrov", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Novak", "Haddad", "Silva"]
    lines = [f"<{idb}graph/entities> {{"]
    for i, st in enumerate(states):
        lines.append(f'<{st}> a <{ng}State> ; <{ng}name> "Republic of Place {i}" .')
    for i, p in enumerate(persons):
        lines.append(f'<{p}> a <{ng}Person> ; <{ng}name> "{first[i % 12]} {last[i % 9]} {i}" .')
    lines.append("}")
    for e in range(n_events):
        sid = f"{e:016x}"
        src, g = f"{idb}source/{sid}", f"{idb}graph/source/{sid}"
        ev = f"{idb}event/e-{e}"
        # a few states take part often (hubs); each person with one or two states
        who = rnd.sample(states[: 5 + e % n_states], 2) + [persons[rnd.randrange(n_persons)]]
        parts = ", ".join(f"<{a}>" for a in who)
        lines.append(
            f"<{g}> {{ <{src}> a <{ng}Source> ; <{ng}inGraph> <{g}> . "
            f"<{ev}> a <{ng}Negotiation> ; <{ng}participant> {parts} ; <{ng}reportedBy> <{src}> . }}"
        )
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def big_server() -> Iterator[str]:
    import uvicorn

    from api.app import create_app
    from api.settings import ApiSettings
    from graph.store import OxigraphStore

    store = OxigraphStore(None)
    store.import_data(synthetic_network().encode(), "trig")
    port = free_port()
    app = create_app(ApiSettings(store=":memory:"), store=store)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    wait_http(url + "/ui/")
    yield url
    srv.should_exit = True
    thread.join(timeout=10)


def test_a_few_hundred_actors_stay_readable(big_server: str, page) -> None:
    page.goto(big_server + "/ui/network")
    page.wait_for_selector("svg#graph[data-settled='true']", timeout=60000)
    nodes = page.locator("svg#graph g.node").count()
    assert nodes >= 250
    # labels: never on top of each other; the hubs named, the crowd on hover or when zoomed in
    shown = assert_labels_apart(page)
    assert 20 <= shown < nodes
    shot(page, "09-network-300-actors")

    # search: an actor whose name is hidden is found, selected and zoomed to; its name shows
    hidden = page.locator("svg#graph g.node.label-hidden").first
    target, name = hidden.get_attribute("data-id"), hidden.locator("text").text_content()
    assert target and name
    page.fill("#graph-search", name)
    page.press("#graph-search", "Enter")
    page.wait_for_function(f"document.getElementById('graph').dataset.selected === {target!r}")
    page.wait_for_timeout(600)  # the zoom transition (400 ms) ends
    chosen = page.locator(f"svg#graph g.node[data-id='{target}']")
    assert "selected" in (chosen.get_attribute("class") or "")
    assert chosen.locator("text").is_visible()
    box = chosen.locator("circle").bounding_box()
    frame = page.locator("svg#graph").bounding_box()
    assert box and frame
    centre_x, centre_y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    assert abs(centre_x - (frame["x"] + frame["width"] / 2)) < 40
    assert abs(centre_y - (frame["y"] + frame["height"] / 2)) < 40
    zoomed = assert_labels_apart(page)
    shot(page, "10-network-search")

    # zooming in makes room for more names
    page.locator("[data-zoom='fit']").click()
    page.wait_for_timeout(100)
    before = int(page.locator("svg#graph").get_attribute("data-labels") or 0)
    for _ in range(2):
        page.locator("[data-zoom='in']").click()
        page.wait_for_timeout(400)
    page.locator("svg#graph").dispatch_event("click")  # drop the selection
    after = assert_labels_apart(page)
    assert after > 0 and zoomed > 0 and before > 0
    assert PAGE_ERRORS == []


def test_the_drawing_without_javascript_is_a_list(big_server: str, server: str) -> None:
    import httpx

    html = httpx.get(server + "/ui/graph/person/volodymyr-zelensky").text
    assert 'id="neighbours"' in html and "/ui/organization/ukraine" in html
    html = httpx.get(big_server + "/ui/network").text
    assert 'id="centrality"' in html and 'id="communities"' in html

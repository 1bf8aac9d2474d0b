"""Reading inputs: plain text, HTML pages, JSON Lines records, folders, globs and URLs.

``read_inputs(paths, overrides)`` yields one :class:`graph.model.Article` per article it could read
and one :class:`ReadError` per input (file, record or URL) it could not, so that one bad input never
stops a batch.  Every article's text is cleaned of page furniture by the same general rules, whether
it came from a text file, a JSON Lines record or an HTML page (see :func:`clean_paragraphs`).

Input kinds, by file name extension:

- ``.txt`` / ``.text``: plain text, headline on the first line, no metadata.
- ``.html`` / ``.htm`` / ``.xhtml``: a web page; the main text is taken from ``<article>``, else
  ``<main>``, else ``<body>``, after dropping navigation, scripts, styles, asides, footers, forms
  and elements whose class or id marks them as ads, share buttons, related links and the like.
- ``.jsonl`` / ``.ndjson``: one JSON object a line with fields ``id``, ``url``, ``title``,
  ``outlet``, ``published`` (ISO date) and ``text`` (required); each record is one article, named by
  its ``id`` (else ``<file stem>-<line number>``).
- a folder: every file below it (recursively, hidden files skipped) with one of the extensions
  above; files with other extensions inside folders are skipped.
- a glob (``corpus/**/*.txt``): every matching file.
- an ``http(s)://`` URL: fetched with a time limit, read as HTML or plain text by its media type.

Publication dates: an override (``--published``) wins; then the page's or record's own date; else a
date is inferred from the text: the latest full calendar date it mentions ("May 24, 2025",
"24 May 2025", "2025-05-24"; for a range "May 23-25, 2025" the last day) that is not later than the
day the article was read, with ``published_inferred=True``.  No full date: no publication date.
"""

from __future__ import annotations

import glob
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from dateutil import parser as dateparser

from graph.errors import InputError
from graph.model import Article

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
FETCH_TIMEOUT_S = 15.0


@dataclass
class ReadError:
    """One input (file, JSON Lines record, URL) that could not be read as an article."""

    origin: str  # the path, path:line or URL
    message: str  # what is wrong with it, in words
    name: str = ""  # the article name it would have had, when known

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


@dataclass
class Overrides:
    """Values that apply to every input read in one call (the CLI's ``--published/--outlet/--url``)."""

    published: date | None = None
    outlet: str | None = None
    url: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


def parse_date(value: str) -> date:
    """An ISO date ("2025-05-25"), a timestamp, or a written date ("May 25, 2025")."""
    value = value.strip()
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        pass
    try:
        return dateparser.parse(value, fuzzy=False).date()
    except (ValueError, OverflowError) as exc:
        raise InputError(f"cannot read {value!r} as a date; use YYYY-MM-DD") from exc


# ---------------------------------------------------------------------------------------------
# Boilerplate removal
# ---------------------------------------------------------------------------------------------

# A line consisting only of one of these starts a block of links to other stories: it and
# everything after it go.  Only honoured in the second half of an article.
_TRAILER_HEADS = re.compile(
    r"^(discover more|read more|more stories|more news|more from [\w .'-]{1,40}|you (may|might) also like"
    r"|recommended( for you| stories| reading)?|related( stories| articles| news| coverage| content)?"
    r"|trending( now| stories)?|most (read|popular|viewed)|popular (now|stories)|also read|see also"
    r"|what to read next|up next|latest news|top stories|further reading)\s*:?$",
    re.IGNORECASE,
)
# Lines that are page furniture wherever they stand.
_FURNITURE_LINE = re.compile(
    r"^(advertisement|advertisment|ad|ads|sponsored( content)?|promoted( content)?|paid content|partner content"
    r"|continue reading( below)?|story continues below( advertisement)?|skip advertisement"
    r"|read more|discover more|scroll to continue( with content)?|share( this( article| story)?)?( on \w+)?|subscribe( now)?"
    r"|sign up for our newsletter|click here to subscribe|print|email|comments?|\[?ad\]?)\s*:?$",
    re.IGNORECASE,
)
# "Related: <another story>", "Read more: ...", "See also: ...": links to other stories.
_LINK_LINE = re.compile(
    r"^(related|read more|read also|also read|see also|more|watch|listen|recommended|sponsored|advertisement)"
    r"\s*[:|»›>-]\s+\S",
    re.IGNORECASE,
)
# "Section > Subsection", "Home | World": breadcrumbs.
_CRUMB_SEP = re.compile(r"\s[>|›»/]\s")
# "Product Name – a pitch": a product advertisement line (name in Title Case, then a dash).
_PITCH_LINE = re.compile(r"^(?P<name>[^.!?:]{2,60}?)\s+[–—-]\s+(?P<pitch>\S.*)$")
_MINOR_WORDS = frozenset(
    {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with", "&", "/"}
)
_SENTENCE_END = re.compile(r"[.!?…\"'”’)]$")


def _words(line: str) -> list[str]:
    return line.split()


def _is_title_case(phrase: str) -> bool:
    words = [w for w in re.split(r"[\s/]+", phrase) if w]
    if not words or not words[0][:1].isupper():
        return False
    for w in words:
        letters = w.lstrip("\"'“‘(")
        if not letters or not letters[0].isalpha():
            continue
        if letters[0].islower() and letters.lower() not in _MINOR_WORDS:
            return False
    return True


def _is_crumb(line: str, next_line: str | None) -> bool:
    """A section crumb ("News Russia", "World > Europe") standing before the headline."""
    words = _words(line)
    if _CRUMB_SEP.search(line) and all(len(_words(part)) <= 3 for part in re.split(r"\s[>|›»/]\s", line)):
        return True
    if next_line is None or len(words) > 3 or _SENTENCE_END.search(line) or ":" in line:
        return False
    next_words = _words(next_line)
    return (
        _is_title_case(line)
        and len(next_words) > len(words)
        and not next_line.rstrip().endswith(".")
        and len(next_words) <= 30
    )


def _is_pitch(line: str) -> bool:
    """'Portable Power Banks – Keep your devices charged...': a short product pitch."""
    m = _PITCH_LINE.match(line)
    if not m or len(_words(line)) > 40:
        return False
    name = m.group("name")
    return len(_words(name)) <= 6 and _is_title_case(name)


def _is_furniture(line: str) -> bool:
    return bool(_FURNITURE_LINE.match(line) or _LINK_LINE.match(line))


def _norm(line: str) -> str:
    return re.sub(r"\W+", " ", line).strip().casefold()


def clean_paragraphs(
    lines: Iterable[str], title: str | None = None, headline_first: bool = False
) -> tuple[str | None, list[str]]:
    """Drop page furniture from an article's lines; return (headline, paragraphs).

    Rules, all general (none knows the wording of one article):

    1. blank lines go; every other line is one paragraph, its whitespace collapsed;
    2. leading section crumbs go: "World > Europe", or a Title Case line of at most three words
       followed by a longer headline ("News Russia");
    3. with ``headline_first`` the first remaining line is the headline;
    4. lines that repeat the headline go (pages often print it two or three times);
    5. a trailer heading ("Discover More", "Read more", "You may also like", "Related stories", ...)
       in the second half of the text goes with everything after it;
    6. furniture lines go wherever they stand: "Advertisement", "Sponsored", "Share this article",
       and link lines "Related: <another story>", "Read more: ...";
    7. at the end, product pitches ("Portable Power Banks – Keep your devices charged") and short
       lines without sentence punctuation go, back to the last real paragraph.
    """
    paras = [re.sub(r"\s+", " ", ln).strip() for ln in lines]
    paras = [p for p in paras if p]
    # 2. leading crumbs
    while len(paras) > 1 and _is_crumb(paras[0], paras[1]):
        paras.pop(0)
    # 3. headline
    headline = title.strip() if title and title.strip() else None
    if headline_first and paras:
        first = paras.pop(0)
        headline = headline or first
    # 4. repeats of the headline
    if headline:
        key = _norm(headline)
        paras = [p for p in paras if _norm(p) != key]
    # 5. trailer blocks
    for i, p in enumerate(paras):
        if i >= len(paras) // 2 and i > 0 and _TRAILER_HEADS.match(p):
            paras = paras[:i]
            break
    # 6. furniture
    paras = [p for p in paras if not _is_furniture(p)]
    # 7. trailing pitches and stubs
    while paras and (
        _is_pitch(paras[-1]) or (len(_words(paras[-1])) <= 4 and not _SENTENCE_END.search(paras[-1]))
    ):
        paras.pop()
    return headline, paras


def join_paragraphs(paras: list[str]) -> str:
    """The stored text: paragraphs separated by a blank line."""
    return "\n\n".join(paras)


# ---------------------------------------------------------------------------------------------
# Publication dates
# ---------------------------------------------------------------------------------------------

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
    )
}
_MONTH_RE = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_MDY = re.compile(
    _MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:\s*[-–]\s*(?P<day2>\d{1,2}))?,?\s+(?P<year>\d{4})\b"
)
_DMY = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:\s*[-–]\s*(?P<day2>\d{1,2}))?\s+"
    + _MONTH_RE
    + r",?\s+(?P<year>\d{4})\b"
)
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")


def dates_in(text: str) -> list[date]:
    """Full calendar dates written in the text (for a day range, its last day)."""
    found: list[date] = []
    for rx in (_MDY, _DMY):
        for m in rx.finditer(text):
            day = int(m.group("day2") or m.group("day"))
            month = _MONTHS[m.group("month").lower()[:3]]
            try:
                found.append(date(int(m.group("year")), month, day))
            except ValueError:
                continue
    for m in _ISO.finditer(text):
        try:
            found.append(date(int(m.group("year")), int(m.group("month")), int(m.group("day"))))
        except ValueError:
            continue
    return found


def infer_published(text: str, not_after: date) -> date | None:
    """The latest full date the text mentions that is not later than ``not_after``; else None."""
    candidates = [d for d in dates_in(text) if d <= not_after]
    return max(candidates) if candidates else None


# ---------------------------------------------------------------------------------------------
# Decoding and checks common to every input
# ---------------------------------------------------------------------------------------------


class _Bad(Exception):
    """An input is unusable; the message says why."""


def _decode(data: bytes, what: str = "file") -> str:
    if b"\x00" in data:
        raise _Bad(f"binary {what} (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _Bad(f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})") from exc
    if not text:
        raise _Bad(f"empty {what}")
    if not text.strip():
        raise _Bad(f"{what} holds only whitespace")
    return text


def _stem(path: str) -> str:
    return Path(path).name.rsplit(".", 1)[0] if "." in Path(path).name else Path(path).name


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|\\^`]')


def check_article(art: Article) -> Article:
    """Make an article safe to store, or raise InputError naming what is wrong.

    Control characters are dropped from the text (XML and many tools cannot carry them); text that
    is not valid Unicode (lone surrogates) and URLs that are not http(s) IRIs are refused."""
    for field_name in ("text", "title", "outlet", "url", "name"):
        value = getattr(art, field_name)
        if value is None:
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InputError(
                f"field {field_name!r} is not valid Unicode (a lone surrogate at {exc.start})"
            ) from exc
        if field_name in ("text", "title", "outlet"):
            setattr(art, field_name, _CONTROL.sub("", value))
    if art.url is not None:
        parsed = urlparse(art.url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc or _IRI_BAD.search(art.url):
            raise InputError(f"the url {art.url[:200]!r} is not an http(s) URL")
    if not art.text.strip():
        raise InputError("the text is empty once control characters are dropped")
    return art


def _finish(art: Article, ov: Overrides) -> Article:
    if ov.url:
        art.url = ov.url
    if ov.outlet:
        art.outlet = ov.outlet
    if ov.published:
        art.published, art.published_inferred = ov.published, False
    elif art.published is None:
        inferred = infer_published((art.title or "") + "\n" + art.text, art.retrieved.date())
        if inferred:
            art.published, art.published_inferred = inferred, True
    try:
        return check_article(art)
    except InputError as exc:
        raise _Bad(str(exc)) from exc


# ---------------------------------------------------------------------------------------------
# Readers per kind
# ---------------------------------------------------------------------------------------------


def read_text(text: str, name: str, origin: str) -> Article:
    """Plain text: headline on the first line, then the body."""
    headline, paras = clean_paragraphs(text.splitlines(), headline_first=True)
    if not paras:
        raise _Bad("no article text after the headline (only a headline or page furniture)")
    return Article(name=name, text=join_paragraphs(paras), title=headline, origin=origin)


_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "footer",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "figcaption",
    "dialog",
    "menu",
)
_AD_TOKENS = frozenset(
    {
        "ad",
        "ads",
        "advert",
        "adverts",
        "advertisement",
        "advertising",
        "sponsor",
        "sponsored",
        "promo",
        "promoted",
        "related",
        "recommended",
        "recommendations",
        "newsletter",
        "share",
        "sharing",
        "social",
        "comments",
        "comment",
        "cookie",
        "cookies",
        "subscribe",
        "subscription",
        "paywall",
        "outbrain",
        "taboola",
        "breadcrumb",
        "breadcrumbs",
        "banner",
        "popup",
        "modal",
        "sidebar",
        "byline",
        "caption",
        "discover",
        "trending",
        "teaser",
        "widget",
    }
)
_BLOCK_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt", "td"})


def _is_ad_node(node: Any) -> bool:
    attrs = node.attributes or {}
    if attrs.get("aria-hidden") == "true" or "hidden" in attrs:
        return True
    if attrs.get("role") in ("navigation", "complementary", "banner", "contentinfo"):
        return True
    words = f"{attrs.get('class') or ''} {attrs.get('id') or ''} {attrs.get('data-component') or ''}"
    tokens = {t for t in re.split(r"[\s_-]+", words.lower()) if t}
    return bool(tokens & _AD_TOKENS)


def _blocks(node: Any, out: list[str]) -> None:
    """Text of the block elements under ``node``, in document order (iterative: pages nest deeply)."""
    stack = [node.child]
    while stack:
        child = stack.pop()
        if child is None:
            continue
        stack.append(child.next)
        if child.is_element_node:
            tag = child.tag
            if tag in _BLOCK_TAGS:
                text = re.sub(r"\s+", " ", child.text(deep=True)).strip()
                if text:
                    out.append(text)
            elif tag not in ("h1",):
                stack.append(child.child)


def _meta(tree: Any, *selectors: str) -> str | None:
    for sel in selectors:
        node = tree.css_first(sel)
        if node is None:
            continue
        value = (
            node.attributes.get("content") or node.attributes.get("datetime") or node.attributes.get("href")
        )
        if not value and node.tag == "title":
            value = node.text()
        if value and value.strip():
            return value.strip()
    return None


def read_html(html: str, name: str, origin: str, base_url: str | None = None) -> Article:
    """An HTML page: headline, main text and what metadata the page states about itself."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    title = _meta(tree, 'meta[property="og:title"]', 'meta[name="twitter:title"]')
    h1 = tree.css_first("article h1") or tree.css_first("main h1") or tree.css_first("h1")
    if h1 is not None:
        title = re.sub(r"\s+", " ", h1.text(deep=True)).strip() or title
    if not title:
        title = _meta(tree, "title")
    published_raw = _meta(
        tree,
        'meta[property="article:published_time"]',
        'meta[name="date"]',
        'meta[itemprop="datePublished"]',
        'meta[name="pubdate"]',
        "time[datetime]",
    )
    url = _meta(tree, 'link[rel="canonical"]', 'meta[property="og:url"]') or base_url
    outlet = _meta(tree, 'meta[property="og:site_name"]', 'meta[name="application-name"]')
    for tag in _DROP_TAGS:
        for node in tree.css(tag):
            node.decompose()
    for node in tree.css("[class], [id], [role], [aria-hidden], [hidden], [data-component]"):
        if _is_ad_node(node) and node.tag not in ("html", "body"):
            node.decompose()
    root = tree.css_first("article") or tree.css_first("main") or tree.css_first('[role="main"]') or tree.body
    paras: list[str] = []
    if root is not None:
        _blocks(root, paras)
    headline, paras = clean_paragraphs(paras, title=title)
    if not paras:
        raise _Bad("HTML page with no article text (no paragraphs in <article>, <main> or <body>)")
    published = None
    if published_raw:
        try:
            published = parse_date(published_raw)
        except InputError:
            published = None
    return Article(
        name=name,
        text=join_paragraphs(paras),
        title=headline,
        url=url,
        outlet=outlet,
        published=published,
        origin=origin,
    )


_JSONL_FIELDS = {
    "id": (str, int),
    "url": (str,),
    "title": (str,),
    "outlet": (str,),
    "published": (str,),
    "text": (str,),
}


def read_jsonl_record(line: str, stem: str, lineno: int, origin: str) -> Article:
    try:
        rec = json.loads(line)
    except RecursionError as exc:
        raise _Bad("not usable JSON: nested too deeply") from exc
    except json.JSONDecodeError as exc:
        what = re.sub(r"\s+at$", "", exc.msg)
        raise _Bad(f"not valid JSON: {what} at column {exc.colno}") from exc
    if not isinstance(rec, dict):
        raise _Bad(f"a record must be a JSON object, not {type(rec).__name__}")
    for key, types in _JSONL_FIELDS.items():
        value = rec.get(key)
        if value is not None and (not isinstance(value, types) or isinstance(value, bool)):
            want = " or ".join("string" if t is str else "integer" for t in types)
            raise _Bad(f"field {key!r} must be a {want}, not {type(value).__name__}")
    if "text" not in rec or rec["text"] is None:
        raise _Bad("record has no 'text' field")
    if not rec["text"].strip():
        raise _Bad("record's 'text' is empty")
    published = None
    if rec.get("published"):
        try:
            published = parse_date(rec["published"])
        except InputError as exc:
            raise _Bad(f"field 'published': {exc}") from exc
    name = str(rec["id"]) if rec.get("id") not in (None, "") else f"{stem}-{lineno}"
    title = rec.get("title")
    headline, paras = clean_paragraphs(rec["text"].splitlines(), title=title)
    if not paras:
        raise _Bad("record's 'text' holds only page furniture")
    return Article(
        name=name,
        text=join_paragraphs(paras),
        title=headline,
        url=rec.get("url") or None,
        outlet=rec.get("outlet") or None,
        published=published,
        origin=origin,
    )


def _read_jsonl(path: str, ov: Overrides) -> Iterator[Article | ReadError]:
    stem = _stem(path)
    any_record = False
    try:
        fh = open(path, "rb")  # noqa: SIM115 - streamed line by line below
    except OSError as exc:
        yield ReadError(path, f"cannot open: {exc.strerror or exc}", stem)
        return
    with fh:
        for lineno, raw in enumerate(fh, start=1):
            origin = f"{path}:{lineno}"
            if not raw.strip():
                continue
            any_record = True
            try:
                if len(raw) > ov.max_bytes:
                    raise _Bad(f"record is larger than the size limit ({ov.max_bytes} bytes)")
                line = _decode(raw, "record")
                yield _finish(read_jsonl_record(line, stem, lineno, origin), ov)
            except _Bad as exc:
                yield ReadError(origin, str(exc), f"{stem}-{lineno}")
    if not any_record:
        yield ReadError(path, "empty file (no JSON Lines records)", stem)


def _read_file(path: str, ov: Overrides, explicit: bool) -> Iterator[Article | ReadError]:
    suffix = Path(path).suffix.lower()
    name = _stem(path)
    if suffix not in KNOWN_SUFFIXES:
        if explicit:
            yield ReadError(
                path,
                f"unknown file type {suffix or '(no extension)'!r}; expected one of "
                f"{', '.join(sorted(KNOWN_SUFFIXES))}",
                name,
            )
        return
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        yield ReadError(path, f"cannot read: {exc.strerror or exc}", name)
        return
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, ov)
        return
    if size > ov.max_bytes:
        yield ReadError(path, f"file is {size} bytes, over the size limit of {ov.max_bytes} bytes", name)
        return
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        text = _decode(data)
        art = read_html(text, name, path) if suffix in HTML_SUFFIXES else read_text(text, name, path)
        yield _finish(art, ov)
    except OSError as exc:
        yield ReadError(path, f"cannot read: {exc.strerror or exc}", name)
    except _Bad as exc:
        yield ReadError(path, str(exc), name)


def _read_url(url: str, ov: Overrides) -> Iterator[Article | ReadError]:
    import httpx

    parsed = urlparse(url)
    last = [s for s in parsed.path.split("/") if s]
    name = _stem(last[-1]) if last else (parsed.hostname or "page")
    try:
        with (
            httpx.Client(
                timeout=FETCH_TIMEOUT_S, follow_redirects=True, headers={"User-Agent": "newsgraph"}
            ) as client,
            client.stream("GET", url) as resp,
        ):
            if resp.status_code >= 400:
                raise _Bad(f"the server answered {resp.status_code}")
            chunks: list[bytes] = []
            total = 0
            for chunk in resp.iter_bytes():
                total += len(chunk)
                if total > ov.max_bytes:
                    raise _Bad(f"page is over the size limit of {ov.max_bytes} bytes")
                chunks.append(chunk)
            media = resp.headers.get("content-type", "").split(";")[0].strip().lower()
            final_url = str(resp.url)
        data = b"".join(chunks)
        text = _decode(data, "page")
        if media in ("text/plain",):
            art = read_text(text, name, url)
            art.url = final_url
        elif media in ("text/html", "application/xhtml+xml", ""):
            art = read_html(text, name, url, base_url=final_url)
        else:
            raise _Bad(f"unsupported media type {media!r}; expected HTML or plain text")
        yield _finish(art, ov)
    except httpx.HTTPError as exc:
        yield ReadError(url, f"cannot fetch: {type(exc).__name__}: {exc}", name)
    except _Bad as exc:
        yield ReadError(url, str(exc), name)


def _is_glob(path: str) -> bool:
    return any(c in path for c in "*?[")


def read_inputs(
    paths: Iterable[str | os.PathLike[str]], overrides: Overrides | None = None
) -> Iterator[Article | ReadError]:
    """Yield an Article or a ReadError for every article found in ``paths``, in order.

    Each path is a file, a folder (read recursively), a glob or an http(s) URL."""
    ov = overrides or Overrides()
    for raw in paths:
        path = os.fspath(raw)
        if path.startswith(("http://", "https://")):
            yield from _read_url(path, ov)
        elif os.path.isdir(path):
            found = False
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if f.startswith(".") or Path(f).suffix.lower() not in KNOWN_SUFFIXES:
                        continue
                    found = True
                    yield from _read_file(os.path.join(root, f), ov, explicit=False)
            if not found:
                yield ReadError(path, "folder holds no .txt, .html or .jsonl files", _stem(path))
        elif os.path.exists(path):
            yield from _read_file(path, ov, explicit=True)
        elif _is_glob(path):
            matches = sorted(m for m in glob.glob(path, recursive=True) if os.path.isfile(m))
            if not matches:
                yield ReadError(path, "no file matches this pattern")
            for m in matches:
                yield from _read_file(m, ov, explicit=False)
        else:
            yield ReadError(path, "no such file or folder", _stem(path))

"""Date expressions: found by pattern over the text, normalised to ISO values (date, year-month,
year), with weekdays and year-less dates resolved against the story's own dates or the publication
date, and ranges ("May 23-25, 2025", "from May 23 to May 25")."""

from __future__ import annotations

import re
from datetime import date, timedelta

from graph.extract.context import DateMention

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
WEEKDAYS = {
    d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
}
RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}

_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_WD = r"(?:(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = r"(?:\s*(?:-|–|—|to|and|through|until)\s*(?:(?P<month2>[A-Z][a-z]{2,8})\.?\s+)?(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"

PATTERNS = [
    # 2025-05-24
    re.compile(r"\b(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)\b"),
    # (Friday,) May 23(-25)(, 2025)
    re.compile(
        r"\b"
        + _WD
        + _MONTH
        + r"\s+"
        + _DAY
        + _DAY2
        + _YEAR
        + r"\b(?!\s*(?:%|per|percent|million|billion|thousand))"
    ),
    # (Friday,) 23(-25) May (2025)
    re.compile(
        r"\b"
        + _WD
        + r"(?P<dday>[0-3]?\d)(?:st|nd|rd|th)?(?:\s*(?:-|–)\s*(?P<dday2>[0-3]?\d))?\s+"
        + _MONTH.replace("month", "dmonth")
        + r"(?:,?\s+(?P<dyear>(?:19|20)\d\d))?\b"
    ),
    # May 2025 / in April
    re.compile(r"\b" + _MONTH.replace("month", "mmonth") + r"(?:,?\s+(?P<myear>(?:19|20)\d\d))?\b"),
    # Sunday / yesterday
    re.compile(r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b"),
    re.compile(r"\b(?P<rel>today|yesterday|tomorrow|tonight)\b", re.I),
    # in 2022 / since 2022
    re.compile(
        r"(?<![\d,.$€£-])\b(?P<yyear>(?:19|20)\d\d)\b(?!\d|[.,]\d|%|-\d|\s*(?:people|prisoners|troops|soldiers|drones|missiles))"
    ),
]
_DATE_POSITION = re.compile(r"\b(in|since|of|until|by|from|early|late|mid|last|next|this)\s+$")
SINCE = re.compile(r"\b(since|starting)\s+(?:the\s+)?(?:(?:early|mid|late|end of|beginning of)\s+)?$", re.I)


def _month(name: str | None) -> int | None:
    return MONTHS.get(name.lower().rstrip(".")) if name else None


def _iso(y: int, m: int | None = None, d: int | None = None) -> str:
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
        return True
    except ValueError:
        return False


def find_dates(text: str) -> list[dict]:
    """Raw date expressions, without year resolution: list of dicts with span and parts."""
    found: list[dict] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for pat in PATTERNS:
        for m in pat.finditer(text):
            a, b = m.span()
            if not free(a, b):
                continue
            gd = m.groupdict()
            item: dict = {"start": a, "end": b}
            if gd.get("iso"):
                y, mo, d = (int(x) for x in gd["iso"].split("-"))
                if not _valid(y, mo, d):
                    continue
                item.update(year=y, month=mo, day=d)
            elif gd.get("day"):
                mo_ = _month(gd["month"])
                d = int(gd["day"])
                if mo_ is None:
                    continue
                mo = mo_
                if mo is None or not 1 <= d <= 31:
                    continue
                # "May 2025" is caught by the month-year pattern; here "May 20" must be a day
                item.update(
                    month=mo,
                    day=d,
                    year=int(gd["year"]) if gd.get("year") else None,
                    weekday=gd.get("weekday"),
                )
                if gd.get("day2"):
                    mo2 = _month(gd.get("month2")) or mo
                    item.update(month2=mo2, day2=int(gd["day2"]))
            elif gd.get("dday"):
                mo_ = _month(gd["dmonth"])
                if mo_ is None:
                    continue
                mo = mo_
                item.update(
                    month=mo,
                    day=int(gd["dday"]),
                    year=int(gd["dyear"]) if gd.get("dyear") else None,
                    weekday=gd.get("weekday"),
                )
                if gd.get("dday2"):
                    item.update(month2=mo, day2=int(gd["dday2"]))
            elif gd.get("mmonth"):
                word = text[a:b]
                mo_ = _month(gd["mmonth"])
                if mo_ is None:
                    continue
                mo = mo_
                # a bare month name: "May"/"March" only in date positions
                bare = not gd.get("myear") and word.split()[0].lower().rstrip(".") in {"may", "march"}
                if bare and not _DATE_POSITION.search(text[max(0, a - 12) : a].lower()):
                    continue
                item.update(month=mo, year=int(gd["myear"]) if gd.get("myear") else None)
            elif gd.get("wd"):
                item.update(weekday=gd["wd"], relative=True)
            elif gd.get("rel"):
                item.update(rel=gd["rel"].lower(), relative=True)
            elif gd.get("yyear"):
                item.update(year=int(gd["yyear"]))
            else:
                continue
            item["since"] = bool(SINCE.search(text[max(0, a - 30) : a]))
            found.append(item)
            taken.append((a, b))
    found.sort(key=lambda x: x["start"])
    return found


def infer_publication(raw: list[dict]) -> date | None:
    """The latest full date (year, month and day) the text mentions."""
    best: date | None = None
    for it in raw:
        if it.get("year") and it.get("day"):
            m2, d2 = it.get("month2") or it["month"], it.get("day2") or it["day"]
            for mo, d in ((it["month"], it["day"]), (m2, d2)):
                if _valid(it["year"], mo, d):
                    dt = date(it["year"], mo, d)
                    if best is None or dt > best:
                        best = dt
    return best


def _nearest_weekday(ref: date, weekday: int, prefer_past: bool) -> date:
    delta = (weekday - ref.weekday()) % 7
    fwd = ref + timedelta(days=delta)
    back = fwd - timedelta(days=7) if delta else fwd
    if delta == 0:
        return ref
    if prefer_past:
        return back if (ref - back).days <= 6 else fwd
    return fwd if (fwd - ref).days <= (ref - back).days else back


#: words before a weekday in its sentence that put it in the future ("will meet on Monday")
_FUTURE = re.compile(
    r"\b(will|shall|'ll|is|are) (be )?(due|set|scheduled|expected|planned|to)\b|\bwill\b|\bshall\b|"
    r"\b(scheduled|upcoming|next|due to|plans? to|planned)\b",
    re.IGNORECASE,
)


def _future_context(text: str | None, start: int) -> bool:
    """The weekday at ``start`` stands in a clause about the future (same sentence, before it)."""
    if text is None:
        return False
    lo = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), start - 200, 0)
    return bool(_FUTURE.search(text[lo:start]))


def resolve_dates(
    raw: list[dict], published: date | None, published_inferred: bool = False, text: str | None = None
) -> list[DateMention]:
    """ISO values for raw expressions, in text order.  Year-less dates take the year of the latest
    explicit date before them (else the publication year); weekdays resolve to the nearest such day
    around the story's last full date (else the last such day on or before publication)."""
    out: list[DateMention] = []
    last_year: int | None = None
    last_full: date | None = None
    for it in raw:
        if it.get("rel"):
            anchor = published
            if anchor is None:
                continue
            rel = anchor + timedelta(days=RELATIVE_DAYS[it["rel"]])
            out.append(
                DateMention(it["start"], it["end"], rel.isoformat(), rel.isoformat(), False, it["since"])
            )
            continue
        if it.get("relative"):
            wd = WEEKDAYS[it["weekday"].lower()]
            if last_full is not None:
                day = _nearest_weekday(last_full, wd, prefer_past=False)
            elif published is not None:
                day = _nearest_weekday(published, wd, prefer_past=True)
            else:
                continue
            if (
                text is not None
                and published is not None
                and day > published
                and not published_inferred
                and not _future_context(text, it["start"])
            ):
                # news reports the past: "on Saturday" in a Thursday's story is the Saturday before,
                # unless the sentence speaks of the future ("will meet on Saturday")
                day = _nearest_weekday(published, wd, prefer_past=True)
            elif (
                text is not None
                and published is not None
                and day < published
                and not published_inferred
                and _future_context(text, it["start"])
            ):
                day += timedelta(days=7 * ((published - day).days // 7 + 1))  # "will meet on Saturday"
            out.append(
                DateMention(it["start"], it["end"], day.isoformat(), day.isoformat(), False, it["since"])
            )
            last_full = day
            continue
        year = it.get("year")
        explicit = year is not None
        mo, d = it.get("month"), it.get("day")
        if year is None:
            if published is not None:
                year = published.year
                # a year-less date well after publication belongs to the year before
                if (
                    mo is not None
                    and (mo, d or 1) > (published.month, published.day)
                    and mo - published.month > 1
                ):
                    year -= 1
            elif last_year is not None:
                year = last_year
            else:
                continue
        else:
            last_year = year
        if mo is None:
            out.append(DateMention(it["start"], it["end"], _iso(year), _iso(year), explicit, it["since"]))
            continue
        if d is None:
            out.append(
                DateMention(it["start"], it["end"], _iso(year, mo), _iso(year, mo), explicit, it["since"])
            )
            continue
        if not _valid(year, mo, d):
            continue
        start = _iso(year, mo, d)
        end = start
        if it.get("day2"):
            m2 = it.get("month2") or mo
            if _valid(year, m2, it["day2"]) and (m2, it["day2"]) >= (mo, d):
                end = _iso(year, m2, it["day2"])
        out.append(DateMention(it["start"], it["end"], start, end, explicit, it["since"]))
        last_full = date.fromisoformat(end) if it.get("day2") is None else date.fromisoformat(start)
    return out

"""Dates of the graph as closed intervals of ISO days.

Facts carry ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` values; reading them as the first and
last day they cover lets the pages (office timelines) and the actor network (time windows) compare
them with plain string comparison of ISO days.
"""

from __future__ import annotations

import calendar
import re

from rdflib.term import Node

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def date_bounds(value: str | Node | None) -> tuple[str, str] | None:
    """'2025-05' -> ('2025-05-01', '2025-05-31'); '2025' -> whole year; None when not a date."""
    if value is None:
        return None
    m = _DATE_RE.match(str(value).strip())
    if not m:
        return None
    y, mo, d = m.group(1), m.group(2), m.group(3)
    if d and mo:
        day = f"{y}-{mo}-{d}"
        return day, day
    if mo:
        last = calendar.monthrange(int(y), int(mo))[1] if 1 <= int(mo) <= 12 else 31
        return f"{y}-{mo}-01", f"{y}-{mo}-{last:02d}"
    return f"{y}-01-01", f"{y}-12-31"

"""The one Jinja2 environment of every HTML the server writes: the pages under ``/ui/``, the SPARQL
query editor, and the HTML forms of REST answers (``/validation``, ``/id/...``)."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from graph.placenames import takes_the
from graph.read import pages as views

TEMPLATES = Path(__file__).resolve().parent / "templates"

templates = Jinja2Templates(directory=str(TEMPLATES))
templates.env.globals["ui_path"] = views.ui_path
templates.env.globals["anchor"] = views.anchor
templates.env.filters["humanise"] = views.humanise
templates.env.tests["takes_the"] = takes_the  # "Office of the United States", "in the Netherlands"

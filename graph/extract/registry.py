"""Extractors, registered in spaCy's own function registry.

An extractor is not a spaCy pipeline component: it is a function ``(ctx: ExtractionContext) -> None``
that reads the article parsed by spaCy from the context and adds facts (RDF) to it.  Extractors are
kept in a function registry of spaCy's own kind (``newsgraph_extractors`` in spaCy's ``catalogue``
namespace, beside spaCy's own ``architectures`` or ``misc``), so a package can also contribute one
through the ``spacy_newsgraph_extractors`` entry point.  An extractor registers itself under a name::

    @register_extractor("offices")
    def extract_offices(ctx): ...

The pipeline (``pipeline.toml`` beside this file, or the file named by ``NEWSGRAPH_PIPELINE``)
lists the modules to import and the extractors to run, in order, so a new extractor plugs in by
adding its module and name there, without editing the core.
"""

from __future__ import annotations

import importlib
import os
import tomllib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import catalogue

if TYPE_CHECKING:
    from graph.extract.context import ExtractionContext

Extractor = Callable[["ExtractionContext"], None]

#: spaCy's registries are ``catalogue`` registries in the "spacy" namespace; this is one more of them.
_REGISTRY: catalogue.Registry = catalogue.create("spacy", "newsgraph_extractors", entry_points=True)

PIPELINE_FILE = Path(__file__).with_name("pipeline.toml")


def register_extractor(name: str) -> Callable[[Extractor], Extractor]:
    """Decorator: make ``func`` available to pipelines under ``name``."""

    def deco(func: Extractor) -> Extractor:
        if name in _REGISTRY and _REGISTRY.get(name) is not func:
            raise ValueError(f"an extractor named {name!r} is already registered")
        _REGISTRY.register(name, func=func)
        return func

    return deco


def registered() -> dict[str, Extractor]:
    return dict(_REGISTRY.get_all())


def get_extractor(name: str) -> Extractor:
    if name not in _REGISTRY:
        known = ", ".join(sorted(_REGISTRY.get_all())) or "none"
        raise KeyError(f"no extractor registered as {name!r} (registered: {known})")
    func: Extractor = _REGISTRY.get(name)
    return func


def pipeline_config(path: str | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(modules to import, extractor names in order) from the pipeline file."""
    return _read_config(str(path or os.environ.get("NEWSGRAPH_PIPELINE") or PIPELINE_FILE))


@lru_cache(maxsize=8)
def _read_config(file: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = tomllib.loads(Path(file).read_text(encoding="utf-8"))
    section = data.get("pipeline", data)
    return tuple(section.get("modules", ())), tuple(section.get("extractors", ()))


def pipeline(path: str | None = None) -> list[tuple[str, Extractor]]:
    """The configured extractors, in order, importing their modules first."""
    modules, names = pipeline_config(path)
    for mod in modules:
        importlib.import_module(mod)
    return [(name, get_extractor(name)) for name in names]

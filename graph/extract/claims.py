"""claims extractor (filled in below)."""

from __future__ import annotations

from graph.extract.context import ExtractionContext
from graph.extract.registry import register_extractor


@register_extractor("claims")
def extract_claims(ctx: ExtractionContext) -> None:
    return None

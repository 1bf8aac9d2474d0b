#!/usr/bin/env bash
# Build the ontology's HTML documentation, docs/ontology/index.html, from ontology/newsgraph.ttl.
#
# The page is rendered by scripts/ontology_docs.py (rdflib + jinja2, both already project
# dependencies), not by pyLODE.  pyLODE 3.3.4, the last release that runs on Python 3.11, was tried:
# it has no section for named individuals (the holding statuses and qualifiers went missing), it takes
# each skos:ConceptScheme for a second ontology and merges its title into the page header, it lists
# the external terms we declare for OWL 2 DL (dcterms:title, oa:exact...) as if they were ours, and it
# anchors terms by label (#Holdingstatus) rather than by IRI.  The page is deterministic, so rebuilding
# an unchanged ontology leaves docs/ontology/index.html unchanged.
#
# Usage: scripts/build_docs.sh              (uses .venv/bin/python when present)
#        PYTHON=/path/to/python scripts/build_docs.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ -n "${PYTHON:-}" ]]; then
    python="$PYTHON"
elif [[ -x "$root/.venv/bin/python" ]]; then
    python="$root/.venv/bin/python"
else
    python="python3"
fi
src="$root/ontology/newsgraph.ttl"
out_dir="$root/docs/ontology"
out="$out_dir/index.html"

mkdir -p "$out_dir"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

"$python" "$root/scripts/ontology_docs.py" "$src" "$tmp/index.html"

# Sanity checks: the page names the ontology and documents a few key terms by their anchors.
for needle in "The newsgraph ontology" 'id="OfficeHolding"' 'id="Evidence"' 'id="HoldingStatusScheme"' 'id="AtLeast"'; do
    if ! grep -q "$needle" "$tmp/index.html"; then
        echo "build_docs: '$needle' is missing from the generated page" >&2
        exit 1
    fi
done

mv "$tmp/index.html" "$out"
echo "wrote ${out#"$root"/}" >&2

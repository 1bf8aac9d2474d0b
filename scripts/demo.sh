#!/usr/bin/env bash
# The main job: ingest the sample corpus into the embedded store, load the reference data,
# validate (the sample corpus has violations by design), print a summary, then serve.
set -uo pipefail
cd "$(dirname "$0")/.."
STORE=${NEWSGRAPH_STORE:-./data/store}
if [[ -z "${CORPUS:-}" ]]; then
    # ../shared beside the project, or beside the repository this clone was made from
    SHARED=$(.venv/bin/python -c 'from graph.config import shared_dir; print(shared_dir() or "")')
    CORPUS=${SHARED:+$SHARED/corpus/seeds}
fi
if [[ -z "$CORPUS" || ! -d "$CORPUS" ]]; then
    echo "newsgraph demo: the sample corpus was not found (looked for ../shared/corpus/seeds beside the" >&2
    echo "project and beside the repository it was cloned from); run: make demo CORPUS=/path/to/articles" >&2
    echo "or set NEWSGRAPH_SHARED=/path/to/shared" >&2
    exit 2
fi
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
NG=.venv/bin/newsgraph
mkdir -p data

echo "==> loading reference data (offices and their holders, with sources)"
$NG reference load --store "$STORE" || exit 1
echo "==> ingesting $CORPUS"
$NG ingest "$CORPUS" --store "$STORE" --no-progress || exit 1
echo "==> validating the whole store (exit status 1 while violations exist: expected here)"
$NG validate --store "$STORE" --record --format html --output data/report.html
$NG validate --store "$STORE" --format json --output data/report.json
echo "    report: data/report.html (curators), data/report.json (apps)"
echo "==> store"
$NG stats --store "$STORE"
cat <<MSG

Where to look:
  validation report (HTML):  data/report.html
  web pages:                 http://$HOST:$PORT/ui/
  SPARQL query page:         http://$HOST:$PORT/sparql
  REST API docs:             http://$HOST:$PORT/docs
  in a second shell:         .venv/bin/newsgraph query 'SELECT * WHERE { ?s a <https://w3id.org/newsgraph/ontology#Person> }'

==> serving on http://$HOST:$PORT (Ctrl-C to stop)
MSG
exec $NG serve --store "$STORE" --host "$HOST" --port "$PORT"

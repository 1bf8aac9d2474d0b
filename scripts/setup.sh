#!/usr/bin/env bash
# Set up everything newsgraph needs, from a fresh clone: a virtual environment at .venv/ with the
# exact locked dependencies (the spaCy model included), newsgraph itself, and, with --test, what the
# test suite talks to (Debian chromium for browser tests, the npm W3C conformance runner).
# Safe to run again: steps already done are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "newsgraph needs Python 3.11 or newer; $PY is $("$PY" --version 2>&1)" >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PY" -m venv .venv
fi

# CI (CI=true) installs without pip's cache, as a new machine would: a green CI means a fresh clone works.
pip_flags=(--quiet --disable-pip-version-check)
[ "${CI:-}" = "true" ] && pip_flags+=(--no-cache-dir)

stamp=.venv/.lock-installed
lock_sum=$(sha256sum requirements-bootstrap.lock requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  # First the pinned installer (requirements-bootstrap.lock says why), then the lock with it.
  echo "==> installing the pinned installer (requirements-bootstrap.lock, hash checked)"
  .venv/bin/python -m pip install "${pip_flags[@]}" --require-hashes --no-deps -r requirements-bootstrap.lock
  echo "==> installing locked dependencies (requirements.lock, hashes checked)"
  .venv/bin/python -m pip install "${pip_flags[@]}" --require-hashes -r requirements.lock
  .venv/bin/python -m pip install "${pip_flags[@]}" --no-deps --no-build-isolation -e . \
    || .venv/bin/python -m pip install "${pip_flags[@]}" --no-deps -e .
  echo "$lock_sum" > "$stamp"
fi

if [ "$want_test" = 1 ]; then
  if [ ! -x /usr/bin/chromium ]; then
    echo "==> installing Debian chromium for the browser tests"
    if [ "$(id -u)" = 0 ]; then
      (apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)) \
        || echo "warning: could not install chromium; browser tests will fail" >&2
    else
      (sudo -n apt-get install -y -q chromium >/dev/null 2>&1) || echo "warning: chromium missing and no root to install it" >&2
    fi
  fi
  if [ -f tests/conformance/package.json ] && command -v npm >/dev/null; then
    if [ ! -d tests/conformance/node_modules ] || [ tests/conformance/package-lock.json -nt tests/conformance/node_modules ]; then
      echo "==> installing the W3C SPARQL conformance runner (npm ci)"
      (cd tests/conformance && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
        || echo "warning: npm ci failed; conformance tests will fail" >&2
    fi
  fi
fi
echo "==> setup done: .venv/bin/newsgraph"

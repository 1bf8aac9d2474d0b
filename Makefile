# newsgraph tasks. `make demo` and `make test` are the two commands in README.md.
.PHONY: setup setup-test demo serve test test-fast lint format typecheck docs bench clean

PY := .venv/bin/python

setup:
	bash scripts/setup.sh

setup-test:
	bash scripts/setup.sh --test

demo: setup
	bash scripts/demo.sh

serve: setup
	.venv/bin/newsgraph serve

test: setup-test
	$(PY) -m pytest --cov --cov-report=term:skip-covered

test-fast: setup
	$(PY) -m pytest -m "not browser and not slow" -q

lint: setup
	.venv/bin/ruff check graph api tests bench
	.venv/bin/ruff format --check graph api
	.venv/bin/mypy

format: setup
	.venv/bin/ruff format graph api tests bench
	.venv/bin/ruff check --fix graph api tests bench

typecheck: setup
	.venv/bin/mypy

docs: setup
	bash scripts/build_docs.sh

bench: setup
	$(PY) bench/bench_ingest.py
	$(PY) bench/bench_validate.py
	$(PY) bench/bench_api.py
	$(PY) bench/bench_network.py

clean:
	rm -rf data .pytest_cache .mypy_cache .ruff_cache htmlcov .coverage test-artifacts

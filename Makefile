# The two commands of the README, and a few more for developers.
.PHONY: run serve test lint bench setup setup-test clean

run: setup            ## set up, then convert seeds/ and input/ into output/
	.venv/bin/pressroom convert seeds input -o output

serve: setup          ## set up, then open the web interface on http://127.0.0.1:8000/
	.venv/bin/pressroom serve

test: setup-test      ## set up, then run the whole test suite
	.venv/bin/python -m pytest -q

lint: setup-test
	.venv/bin/ruff check pipeline tests benchmarks

bench: setup-test     ## measure against bare WeasyPrint and pandoc (writes docs/performance.md)
	.venv/bin/python benchmarks/run.py

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh --test

clean:
	rm -rf .venv .pytest_cache .ruff_cache .hypothesis

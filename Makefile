# The two commands of the README: `make serve` and `make test`. Each sets up what it needs.
PYTHON ?= $(firstword $(shell command -v python3.12 2>/dev/null) $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python) python3)
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: serve test bench lint

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 12), "Careergraph needs Python >= 3.12"'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $(STAMP)

serve: $(STAMP)
	$(VENV)/bin/careergraph serve

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy engine graph_schema onet_loader api
	$(VENV)/bin/python -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff format --check .

bench: $(STAMP)
	$(VENV)/bin/python -m bench.run

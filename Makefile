# The two commands of the README: `make serve` and `make test`. Each sets up what it needs.
PYTHON ?= $(firstword $(shell command -v python3.12 2>/dev/null) $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python) python3)
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: serve test bench lint ocr

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 12), "Careergraph needs Python >= 3.12"'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $(STAMP)

serve: $(STAMP)
	$(VENV)/bin/careergraph serve

# Tesseract reads scanned PDFs and images; the tests cover it, so `make test` installs it.
ocr:
	@command -v tesseract >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq tesseract-ocr >/dev/null; \
	  else \
	    echo "OCR needs Tesseract: install the tesseract-ocr package" \
	         "(Debian/Ubuntu: sudo apt-get install tesseract-ocr), then run make test again."; \
	    exit 1; \
	  fi; }

test: $(STAMP) ocr
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy engine graph_schema onet_loader api training conversation prompts
	$(VENV)/bin/python -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff format --check .

bench: $(STAMP)
	$(VENV)/bin/python -m bench.run
	$(VENV)/bin/python -m bench.hostile
	$(VENV)/bin/python -m bench.privacy
	$(VENV)/bin/python -m bench.facts

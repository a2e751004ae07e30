# One-command set-up for students, instructors and CI. Needs only python3 (3.10+), pip, make.
#   make lab      set up .venv and open JupyterLab on the first notebook
#   make test     set up .venv and run the whole suite: unit tests and every notebook (nbval)
#   make execute  re-run every notebook top to bottom in a fresh kernel, storing its outputs
#                 (NB=notebooks/03_deriving_gradients.ipynb for just one)
#   make test-browser  every notebook in JupyterLab under headless Chromium, every control moved
#   make html     render the series with its outputs to site/ (open site/index.html)
#   make bench-widgets  how fast each widget answers a slider move (benchmarks/responsiveness.py)

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NB     ?= notebooks/[0-9]*.ipynb
# Jupyter refuses to start as root (containers, some lab machines) unless told it may
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: setup lab test execute navigation bench clean test-browser chromium html bench-widgets

setup: $(STAMP)

# Re-installs whenever requirements.txt or pyproject.toml changes. Importing pyplot once
# builds matplotlib's font cache, whose first-run message on stderr would otherwise land in
# a notebook's output and fail the comparison.
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	MPLBACKEND=Agg $(BIN)/python -c "import matplotlib.pyplot"
	touch $(STAMP)

lab: setup
	$(BIN)/jupyter lab $(ALLOW_ROOT) notebooks/00_start_here.ipynb

test: setup
	$(BIN)/python -m pytest

navigation: setup
	$(BIN)/python -m helpers.series

execute: navigation
	for nb in $(NB); do \
	  $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.record_timing=False "$$nb" || exit 1; \
	done

bench: setup
	for script in benchmarks/*.py; do $(BIN)/python "$$script" || exit 1; done

clean:
	rm -rf $(VENV) site .pytest_cache

# Browser tests: not part of `make test`, so nobody without a browser is blocked. Playwright
# comes from pip (requirements-browser.txt); Chromium from the system, never `playwright install`.
CHROMIUM      ?= /usr/bin/chromium
BROWSER_STAMP := $(VENV)/.installed-browser

$(BROWSER_STAMP): $(STAMP) requirements-browser.txt
	$(BIN)/python -m pip install --quiet -r requirements-browser.txt
	touch $(BROWSER_STAMP)

chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	  else \
	    echo "make test-browser needs Chromium at $(CHROMIUM). Install it, e.g. on Debian/Ubuntu:"; \
	    echo "  sudo apt-get install chromium"; \
	    echo "or point to one you have: make test-browser CHROMIUM=/path/to/chromium"; \
	    exit 1; \
	  fi; \
	fi

test-browser: $(BROWSER_STAMP) chromium
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest -o addopts= -p no:cacheprovider -v tests/browser

SITE_STAMP := $(VENV)/.installed-site

$(SITE_STAMP): $(STAMP) requirements-site.txt
	$(BIN)/python -m pip install --quiet -r requirements-site.txt
	touch $(SITE_STAMP)

html: $(SITE_STAMP)
	$(BIN)/python tools/build_site.py site

bench-widgets: setup
	$(BIN)/python benchmarks/responsiveness.py

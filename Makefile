# One-command set-up for students, instructors and CI. Needs only python3 (3.10+), pip, make.
#   make lab      set up .venv and open JupyterLab on the first notebook
#   make test     set up .venv and run the whole suite: unit tests and every notebook (nbval)
#   make execute  re-run every notebook top to bottom in a fresh kernel, storing its outputs
#                 (NB=notebooks/03_deriving_gradients.ipynb for just one)

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NB     ?= notebooks/[0-9]*.ipynb

.PHONY: setup lab test execute navigation bench clean

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
	$(BIN)/jupyter lab notebooks/00_start_here.ipynb

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

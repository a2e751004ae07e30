# One-command set-up for students, instructors and CI. Needs only python3 (3.10 to 3.13), pip, make.
#   make lab            set up .venv and open JupyterLab on your copy of notebook 00 (in work/)
#   make test           set up .venv and run the whole suite: unit tests and every notebook (nbval)
#   make test-portable  every notebook (nbval) again as two other CPUs compute it (see below)
#   make test-seeds     every notebook under nbval's lax mode (every cell runs, every assert must
#                       hold, outputs not compared) once per seed in SEEDS (default "1 2 3")
#   make lint           ruff check . (the config is in pyproject.toml)
#   make execute        re-run every notebook top to bottom in a fresh kernel, storing its outputs
#                       (NB=notebooks/03_deriving_gradients.ipynb for just one); widget ids are
#                       then made stable (tools/normalise_notebook.py), so git diff stays quiet
#   make chromium       install Chromium with apt-get (sudo when not root), for the browser tests
#   make test-browser   every notebook in JupyterLab under headless Chromium, every control moved,
#                       and every page of the static site checked for maths, images and links
#   make html           render the series with its outputs to site/ (open site/index.html)
#   make assignments    build an nbgrader course from the series into $(COURSE) (default course/):
#                       instructor versions with the solutions, then nbgrader's student release
#   make test-course    the graded course end to end with nbgrader (release, autograde, feedback)
#   make test-latest    the suite against the newest releases, in .venv-latest (reported only)
#   make bench-widgets  how fast each widget answers a slider move (benchmarks/responsiveness.py)
#   make test-python-range  the oldest and newest Python the README names (3.10, 3.13), each in
#                       a venv of its own installed through its lock, every notebook under nbval
#
# Every install uses the lock: requirements*.txt say what the series needs (floors only);
# constraints.txt pins the exact versions the whole suite has passed with (Python 3.11 to 3.13),
# constraints-py310.txt the same for Python 3.10 (numpy 2.4 and IPython 9 need 3.11).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NB     ?= notebooks/[0-9]*.ipynb
# The lock for the venv's Python (the venv's own once it exists, else $(PYTHON)'s).
PY_VERSION := $(shell if test -x $(BIN)/python; then p=$(BIN)/python; else p="$(PYTHON)"; fi; \
                "$$p" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
LOCK   ?= $(if $(filter 3.10,$(PY_VERSION)),constraints-py310.txt,constraints.txt)
# The lock also pins what builds the editable install (setuptools, in pip's isolated build
# environment): pip >= 25.3 reads --build-constraint, so pip itself is brought to the lock first.
PIP_LOCKED := $(BIN)/python -m pip install --quiet -c $(LOCK)
PIP    := $(PIP_LOCKED) --build-constraint $(LOCK)
# Jupyter refuses to start as root (containers, some lab machines) unless told it may
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: setup lab test test-seeds test-portable lint execute normalise navigation bench clean chromium \
        test-browser html test-latest bench-widgets test-python-range \
        python-range-oldest python-range-newest assignments test-course

setup: $(STAMP)

# Re-installs whenever a requirement, the lock or pyproject.toml changes. Importing pyplot once
# builds matplotlib's font cache, whose first-run message on stderr would otherwise land in
# a notebook's output and fail the comparison. tools/lab_settings.py writes JupyterLab defaults
# (no news prompt, no update check) into the venv, never into the user's home.
$(STAMP): requirements.txt $(LOCK) pyproject.toml tools/lab_settings.py
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(None if (3, 10) <= v <= (3, 13) \
	  else "This series needs Python 3.10 to 3.13 (its locks are tested there); $(PYTHON) is " \
	  "%d.%d. Install one of those and run e.g. make setup PYTHON=python3.11" % v)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_LOCKED) --upgrade pip setuptools
	$(PIP) -r requirements.txt
	$(BIN)/python tools/lab_settings.py
	MPLBACKEND=Agg $(BIN)/python -c "import matplotlib.pyplot"
	touch $(STAMP)

# A student works in a copy: notebooks/ is copied into $(WORK)/ (git ignores it through its
# own .gitignore) file by file, never over a file already there, so autosave writes answers
# into the copy and a `git pull` of course updates never conflicts with them. A notebook that
# changed upstream since it was copied is named, not overwritten (delete the copy to refresh
# it). The printed address opens notebook 00 itself, not the Launcher.
WORK ?= work
lab: setup
	$(BIN)/python tools/lab_settings.py
	@mkdir -p $(WORK) && { test -f $(WORK)/.gitignore || echo "*" > $(WORK)/.gitignore; }
	@for f in notebooks/*.ipynb notebooks/*.py; do \
	  copy="$(WORK)/$$(basename "$$f")"; \
	  if [ ! -e "$$copy" ]; then cp -p "$$f" "$$copy"; \
	  elif [ "$$f" -nt "$$copy" ]; then \
	    echo "kept your $$copy; $$f is newer (delete your copy to get it, after saving your answers)"; \
	  fi; \
	done
	$(BIN)/jupyter lab $(ALLOW_ROOT) --ServerApp.root_dir=. \
	  --LabApp.default_url=/lab/tree/$(WORK)/00_start_here.ipynb

test: setup
	$(BIN)/python -m pytest

# No claim may rest on one lucky draw: every notebook reads its seed from BACKPROP_SEED
# (helpers.series.series_seed; stored outputs are seed 0's), and here runs once per seed in
# SEEDS under nbval's lax mode, so every cell must run and every assert must hold while the
# printed numbers may differ. SEEDS_NB narrows the run (default: every notebook).
SEEDS    ?= 1 2 3
SEEDS_NB ?= notebooks
test-seeds: setup
	@for seed in $(SEEDS); do \
	  echo "== test-seeds: BACKPROP_SEED=$$seed"; \
	  BACKPROP_SEED=$$seed $(BIN)/python -m pytest -o addopts= -p no:cacheprovider -q \
	    --nbval-lax --nbval-current-env $(SEEDS_NB) || exit 1; \
	done

# Stored outputs must be properties of the maths, not of this machine's CPU. numpy's SIMD
# kernels are capped with NPY_DISABLE_CPU_FEATURES (names of numpy >= 2.4's dispatch targets:
# X86_V4/AVX512_* = AVX-512, X86_V3 = AVX2+FMA3; numpy 2.4 ignores the older names AVX2 FMA3,
# kept for the record) and OpenBLAS's kernels chosen with OPENBLAS_CORETYPE:
#   avx2:        a student's AVX2 laptop (Haswell kernels; the same as this machine when it
#                has no AVX-512);
#   sandybridge: an older CPU: numpy at its SSE4.2 baseline, Sandy Bridge matrix products
#                (AVX, no FMA), BLAS on one thread (no output may depend on threading).
# tools/emulated_cpu.py first proves each setting is in effect (a typo would prove nothing).
# PORTABLE narrows the run (default: every notebook under nbval).
CPU_avx2        := NPY_DISABLE_CPU_FEATURES="X86_V4 AVX512_ICL AVX512_SPR" OPENBLAS_CORETYPE=Haswell
CPU_sandybridge := NPY_DISABLE_CPU_FEATURES="X86_V4 AVX512_ICL AVX512_SPR X86_V3 AVX2 FMA3" \
                   OPENBLAS_CORETYPE=Sandybridge OPENBLAS_NUM_THREADS=1
PORTABLE        ?= notebooks
portable = @echo "== test-portable, $(1): $(CPU_$(1))" && \
           $(CPU_$(1)) $(BIN)/python tools/emulated_cpu.py && \
           $(CPU_$(1)) $(BIN)/python -m pytest $(PORTABLE)

test-portable: setup
	$(call portable,avx2)
	$(call portable,sandybridge)

DEV_STAMP := $(VENV)/.installed-dev

$(DEV_STAMP): $(STAMP) requirements-dev.txt $(LOCK)
	$(PIP) -r requirements-dev.txt
	touch $(DEV_STAMP)

lint: $(DEV_STAMP)
	$(BIN)/ruff check .

navigation: setup
	$(BIN)/python -m helpers.series

execute: navigation
	for nb in $(NB); do \
	  $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.record_timing=False "$$nb" \
	    || exit 1; \
	  $(BIN)/python tools/normalise_notebook.py "$$nb" || exit 1; \
	done

# Stable widget ids without re-executing (after a notebook was saved from JupyterLab)
normalise: setup
	$(BIN)/python tools/normalise_notebook.py $(NB)

bench: setup
	for script in benchmarks/*.py; do $(BIN)/python "$$script" || exit 1; done

clean:
	rm -rf $(VENV) site .pytest_cache

# Browser tests: not part of `make test`, so nobody without a browser is blocked. Playwright
# comes from pip (requirements-browser.txt), MathJax for the site from requirements-site.txt;
# Chromium from the system (`make chromium`), never `playwright install`. Debian's package is
# /usr/bin/chromium; on Ubuntu, apt's chromium is a snap (unusable in containers and CI): use
# Google Chrome there (make test-browser CHROMIUM=/usr/bin/google-chrome) or a Debian image.
CHROMIUM      ?= /usr/bin/chromium
SUDO          := $(if $(filter 0,$(shell id -u)),,sudo)
BROWSER_STAMP := $(VENV)/.installed-browser

$(BROWSER_STAMP): $(STAMP) requirements-browser.txt requirements-site.txt $(LOCK)
	$(PIP) -r requirements-browser.txt -r requirements-site.txt
	touch $(BROWSER_STAMP)

chromium:
	@if "$(CHROMIUM)" --version >/dev/null 2>&1; then \
	  echo "Chromium already installed: $$("$(CHROMIUM)" --version 2>/dev/null)"; \
	elif ! command -v apt-get >/dev/null 2>&1; then \
	  echo "No apt-get here: install Chromium or Chrome yourself, then"; \
	  echo "  make test-browser CHROMIUM=/path/to/chromium"; exit 1; \
	elif grep -qi '^ID=ubuntu' /etc/os-release 2>/dev/null; then \
	  echo "Ubuntu's apt chromium is a snap, which headless tests cannot drive here. Use"; \
	  echo "Google Chrome (make test-browser CHROMIUM=/usr/bin/google-chrome) or Debian."; exit 1; \
	else \
	  $(SUDO) apt-get update && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y \
	    chromium chromium-driver && \
	  "$(CHROMIUM)" --version; \
	fi

test-browser: $(BROWSER_STAMP)
	@"$(CHROMIUM)" --version >/dev/null 2>&1 || { \
	  echo "The browser tests need Chromium at $(CHROMIUM), which is missing. Install it with"; \
	  echo "  make chromium        (Debian: apt-get install chromium chromium-driver)"; \
	  echo "or point to one you have: make test-browser CHROMIUM=/path/to/chromium"; exit 1; }
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest -o addopts= -p no:cacheprovider -v tests/browser

SITE_STAMP := $(VENV)/.installed-site

$(SITE_STAMP): $(STAMP) requirements-site.txt $(LOCK)
	$(PIP) -r requirements-site.txt
	touch $(SITE_STAMP)

html: $(SITE_STAMP)
	$(BIN)/python tools/build_site.py site

# Drift watch: the newest releases of everything (no lock) in a separate venv. Its result is
# reported (.venv-latest/report.txt, with the versions that differ from the lock); it never
# fails the build and CI does not run it. LATEST_ARGS narrows the run (default: whole suite).
LATEST      ?= .venv-latest
LATEST_ARGS ?=

test-latest:
	test -x $(LATEST)/bin/python || $(PYTHON) -m venv $(LATEST)
	echo "*" > $(LATEST)/.gitignore
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager \
	  -r requirements.txt -r requirements-dev.txt
	MPLBACKEND=Agg $(LATEST)/bin/python -c "import matplotlib.pyplot"
	$(LATEST)/bin/python -m pip freeze --exclude-editable | sort > $(LATEST)/versions.txt
	@if $(LATEST)/bin/python -m pytest $(LATEST_ARGS) > $(LATEST)/pytest.log 2>&1; \
	then result=PASSED; else result=FAILED; fi; \
	{ echo "make test-latest: $$result against the newest releases ($$(date -u +%F))"; \
	  tail -n 1 $(LATEST)/pytest.log; \
	  echo "newer than the lock (constraints.txt):"; \
	  grep -v -x -F -f constraints.txt $(LATEST)/versions.txt | sed 's/^/  /'; \
	  echo "full log: $(LATEST)/pytest.log"; } | tee $(LATEST)/report.txt

# The graded course (nbgrader): requirements-course.txt, through the lock like every extra.
# nbgrader runs alembic as a program, so the venv's bin goes on PATH. COURSE is the folder
# written (source/ from the notebooks and solutions/, release/ by nbgrader generate_assignment).
COURSE       ?= course
COURSE_STAMP := $(VENV)/.installed-course

$(COURSE_STAMP): $(STAMP) requirements-course.txt $(LOCK)
	$(PIP) -r requirements-course.txt
	touch $(COURSE_STAMP)

assignments: $(COURSE_STAMP)
	$(BIN)/python tools/build_course.py "$(COURSE)"
	cd "$(COURSE)" && for dir in source/*/; do \
	  PATH="$(abspath $(BIN)):$$PATH" nbgrader generate_assignment "$$(basename "$$dir")" \
	    --force --log-level=WARN || exit 1; \
	done
	@echo "Released: $(COURSE)/release/ (student versions); the gradebook: $(COURSE)/gradebook.db"

test-course: $(COURSE_STAMP)
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python -m pytest -o addopts= -p no:cacheprovider \
	  -v tests/course

bench-widgets: setup
	$(BIN)/python benchmarks/responsiveness.py

# The README's Python range at both ends: for each of PY_OLDEST (3.10) and PY_NEWEST (3.13), a
# venv of its own (.venv-py3.10, .venv-py3.13) set up by `make setup`, so through the lock that
# Python gets, then every notebook under nbval in its default strict mode: the stored outputs
# must come out the same there too. Each interpreter is the PATH's python3.10 (if it runs), else
# the newest of pyenv's installed ones; nothing is downloaded: a missing one fails and says
# what to install. PY_OLDEST=/path overrides. RANGE_ARGS narrows the run (default: the
# notebooks; the unit tests run in make test).
# About 5 minutes per Python on 2 cores (install 1, notebooks 4).
find_python = $(or $(shell python$(1) -c 'import sys; print(sys.executable)' 2>/dev/null), \
                   $(lastword $(sort $(wildcard $(HOME)/.pyenv/versions/$(1).*/bin/python))))
PY_OLDEST  ?= $(call find_python,3.10)
PY_NEWEST  ?= $(call find_python,3.13)
RANGE_ARGS ?= notebooks

# One end per target, so `make -j2 test-python-range` (CI) runs the two side by side (the +
# passes make's job slots on to the setup each end runs).
test-python-range: python-range-oldest python-range-newest
python-range-oldest:
	+@$(call python_range,$(strip $(PY_OLDEST)),3.10)
python-range-newest:
	+@$(call python_range,$(strip $(PY_NEWEST)),3.13)

python_range = py="$(1)"; \
	case "$$py" in \
	  "") echo "test-python-range: no Python $(2) found (neither python$(2) on the PATH nor"; \
	      echo "pyenv's ~/.pyenv/versions/$(2).*). Install one (your system's python$(2) package,"; \
	      echo "or pyenv install $(2) where python.org is reachable), or name it:"; \
	      echo "make test-python-range PY_OLDEST=/path/to/python3.10 PY_NEWEST=/path/to/python3.13"; \
	      exit 1;; \
	esac; \
	v=$$("$$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])') || exit 1; \
	echo "== test-python-range: Python $$v ($$py), nbval strict on $(RANGE_ARGS)"; \
	mkdir -p .venv-py$$v && echo "*" > .venv-py$$v/.gitignore; \
	$(MAKE) --no-print-directory setup VENV=.venv-py$$v PYTHON="$$py" || exit 1; \
	echo "== Python $$v:" $$(.venv-py$$v/bin/python -m pip freeze --all --exclude-editable \
	  | grep -i -E '^(numpy|scipy|scikit-learn|matplotlib|sympy|ipython)=='); \
	.venv-py$$v/bin/python -m pytest -p no:cacheprovider -q $(RANGE_ARGS)

# Two commands do everything on a fresh machine with Python 3.11, git and make:
#   make lab   - set up the environment and open JupyterLab at the project root, on 00_start_here
#   make test  - set up the environment and run every test, notebooks and browser checks included
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
# Extra JupyterLab options, e.g. make lab LAB_ARGS="--no-browser --port 8899"
LAB_ARGS ?=
# Jupyter refuses to start as root (containers, classroom servers) unless told it is meant.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# The widget-layout tests drive Debian's Chromium with Playwright's Python package (never a
# browser download of Playwright's own).
CHROMIUM   ?= /usr/bin/chromium
BROWSER_STAMP := $(VENV)/.browser-stamp
# The [test] extra (pytest, pytest-xdist, nbval, hypothesis, Playwright, repo2docker): `make test` only.
TEST_STAMP := $(VENV)/.test-stamp
# Test workers (pytest-xdist): one per core, at most 2 (a 1-core machine gets 1; 0 runs serially
# without workers). `--dist loadfile` keeps each file on one worker in order, which a notebook
# under nbval needs: its cells share one kernel.
TEST_WORKERS ?= auto

.PHONY: setup browser lab test bench clean

setup: $(STAMP)

# Re-install only when the dependency list changes, so the second run is fast.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $(STAMP)

# Chromium comes from Debian (installed only when missing, and only as root; anyone else gets
# a failing browser test that says what to install), Playwright from the [test] extra.
browser: $(BROWSER_STAMP)
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian's chromium for the browser tests (once)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	      apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	  else \
	    echo "note: $(CHROMIUM) is missing; the browser tests will fail until you install Debian's chromium (sudo apt-get install chromium)"; \
	  fi; }

$(BROWSER_STAMP): $(TEST_STAMP)
	touch $(BROWSER_STAMP)

$(TEST_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(TEST_STAMP)

lab: setup
	$(VENV)/bin/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir="$(CURDIR)" $(LAB_ARGS) notebooks/00_start_here.ipynb

test: setup browser
	$(PY) -m pytest --nbval-lax -q -n $(TEST_WORKERS) --maxprocesses 2 --dist loadfile

bench: setup
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV)

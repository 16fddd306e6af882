# Two commands do everything on a fresh machine with Python 3.11, git and make:
#   make lab   - set up the environment and open JupyterLab on notebooks/
#   make test  - set up the environment and run every test, notebooks included
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup lab test bench clean

setup: $(STAMP)

# Re-install only when the dependency list changes, so the second run is fast.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $(STAMP)

lab: setup
	$(VENV)/bin/jupyter lab notebooks/

test: setup
	$(PY) -m pytest --nbval-lax -q

bench: setup
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV)

# Deriving BP1: `make lab` opens the course, `make test` runs every test. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
LAB_STAMP  := $(VENV)/.lab-installed
TEST_STAMP := $(VENV)/.test-installed
NBVAL := --nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: lab test lint unit nbval notebooks bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(LAB_STAMP): requirements.txt pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(TEST_STAMP): requirements.txt requirements-dev.txt pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(LAB_STAMP)

ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: $(LAB_STAMP)  ## set up .venv and open the course in JupyterLab
	$(VENV)/bin/jupyter lab $(ROOT_FLAG) notebooks/

test: $(TEST_STAMP)  ## set up .venv and run the whole test suite: lint, unit, browser, notebooks
	$(MAKE) --no-print-directory lint unit nbval

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check nnhelpers tests tools benchmarks notebooks

unit: $(TEST_STAMP)
	$(PY) -m pytest tests

nbval: $(TEST_STAMP)
	$(PY) -m pytest $(NBVAL) notebooks/

notebooks: $(TEST_STAMP)  ## re-execute every notebook in place, top to bottom, on a fresh kernel
	$(PY) tools/notebook_tools.py execute notebooks/*.ipynb

bench: $(TEST_STAMP)  ## print the speed figures quoted in the README
	$(PY) benchmarks/run_benchmarks.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis

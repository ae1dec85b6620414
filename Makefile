# The two commands: `make demo` serves the course locally, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test js-deps lint-js test-js venv install system-deps chromium migrate setup-demo course course-tree lint translations bench bench-load bench-platform clean

demo: install course-tree migrate setup-demo  ## create the venv, install, migrate SQLite, load the course, serve it
	@echo ""
	@echo "  carbon-xblocks local LMS: http://$(HOST):$(PORT)/"
	@echo "  Demo logins (password: carbon-demo): learner_new, learner_studying, learner_ready, staff, instructor"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT) --noreload

test: install chromium js-deps  ## install everything (Chromium included) and run the whole suite with coverage
	$(BIN)/ruff check .
	$(BIN)/python tools/compile_translations.py --check
	bash tools/run_tests.sh

venv: $(BIN)/python
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(STAMP)
$(STAMP): $(BIN)/python requirements/test.txt setup.py
	$(MAKE) --no-print-directory system-deps
	$(BIN)/pip install -q -r requirements/test.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

DEBIAN_PACKAGES := chromium poppler-utils default-libmysqlclient-dev pkg-config gettext  # gettext: msgfmt --check-format

system-deps:  ## Debian packages the tests use: Chromium, poppler (pdftoppm/pdftotext), MySQL client headers
	@missing=""; for pkg in $(DEBIAN_PACKAGES); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

chromium: system-deps

migrate: install
	$(BIN)/python manage.py migrate --noinput -v 0

setup-demo: install
	$(BIN)/python manage.py devsite_setup

course: install  ## pack course_content/ into a Studio-importable archive under dist/
	$(BIN)/python -m course_content.tools.pack --out dist/

course-tree: install  ## the same packed course as a folder, var/course/ (what the demo serves)
	$(BIN)/python -m course_content.tools.pack --tree var/course

.PHONY: demo-reset screenshots
demo-reset: install course-tree migrate  ## put the demo accounts back as `make demo` first set them up
	$(BIN)/python manage.py devsite_setup --reset

screenshots: install chromium  ## regenerate docs/screenshots/ (main screens, Chinese and English) from a throw-away demo
	$(BIN)/python tools/screenshots.py --out docs/screenshots

lint: install
	$(BIN)/ruff check .

JS_STAMP := node_modules/.installed

js-deps: $(JS_STAMP)  ## ESLint and its config packages, exactly as package-lock.json pins them (npm ci)
$(JS_STAMP): package.json package-lock.json
	npm ci
	touch $(JS_STAMP)

lint-js: js-deps  ## ESLint over the blocks' browser scripts and the JS tests (eslint.config.js)
	npx --no-install eslint .

test-js:  ## the pure browser modules under node's own test runner (tests/js/)
	node --test tests/js/

translations: install  ## compile every .po into .mo (zh_CN also as zh_Hans, the LMS's two Chinese codes)
	$(BIN)/python tools/compile_translations.py

.PHONY: extract_translations
extract_translations: install  ## msgids from the sources -> each block's conf/locale/en/LC_MESSAGES/django.po (OEP-58) and zh_CN text.po
	$(BIN)/python tools/compile_translations.py --extract

.PHONY: mutation mutation-shells requirements
mutation: install  ## mutmut over the pure cores (pyproject.toml [tool.mutmut]); slow, not part of make test
	PY=$(BIN)/python bash tools/mutation.sh

mutation-shells: install  ## mutmut over the handler shells' guards (tools/mutation_shells.toml); slow, not in make test
	PY=$(BIN)/python bash tools/mutation.sh shells

requirements: install  ## recompile requirements/test.txt from requirements/test.in (+ base.in) with pip-tools
	$(BIN)/pip-compile --quiet --no-emit-index-url --no-emit-find-links --no-emit-trusted-host --strip-extras \
		--output-file requirements/test.txt requirements/test.in

bench: install  ## in-process benchmarks; bench_handlers.py writes docs/benchmarks.md
	for script in bench/bench_*.py; do $(BIN)/python $$script || exit 1; done

bench-load: install  ## gunicorn + MariaDB (on loopback), 50/200/500 examinees at the page's rate, 500 also over 2 min (~45 min); writes docs/benchmarks.md
	$(BIN)/python bench/load.py --browser-rate --examinees 50,200,500,500@120

bench-platform:  ## the same handler medians in the real Open edX LMS (platform tier's python); writes docs/benchmarks.md
	bash bench/platform_handlers.sh

clean:
	rm -rf $(VENV) var dist .coverage htmlcov

# Luoshi — set-up, demo server, tests, benchmarks. Every target builds .venv from the lock file first.
PYTHON ?= python3
VENV   := .venv
HOST   ?= 127.0.0.1
PORT   ?= 8000
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: setup run test bench lock clean

setup: $(STAMP)

$(STAMP): requirements/lock.txt pyproject.toml package-lock.json
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/lock.txt
	$(PY) -m pip install --quiet --no-deps -e .
	npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

# The demo: migrate (var/luoshi.sqlite3 unless DATABASE_URL), load the 金华市 ledger and the demo accounts
# (printed), serve on http://$(HOST):$(PORT). --insecure serves the static files while DEBUG is off.
run: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo --url http://$(HOST):$(PORT)/
	$(PY) manage.py runserver --insecure $(HOST):$(PORT)

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/run.py
	$(PY) bench/bad_input.py
	$(PY) bench/web.py

# Re-resolve the pinned versions after editing pyproject.toml's dependencies.
lock:
	$(PYTHON) -m venv /tmp/luoshi-piptools && /tmp/luoshi-piptools/bin/pip install --quiet pip-tools
	/tmp/luoshi-piptools/bin/pip-compile --quiet --extra test --strip-extras --no-emit-index-url \
		--no-emit-find-links -o requirements/lock.txt pyproject.toml

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .hypothesis
